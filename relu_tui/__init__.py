"""relu-tui: a terminal explorer that teaches the ReLU activation."""

__version__ = "0.1.0"
