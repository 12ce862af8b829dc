"""Tests for relu-tui."""
