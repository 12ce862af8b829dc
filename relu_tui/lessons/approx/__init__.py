"""Approximation: sums of shifted ReLUs; a network trained with and without ReLU."""
