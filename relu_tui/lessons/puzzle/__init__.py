"""Puzzle: stitch a piecewise-linear target from ReLU units by keyboard."""
