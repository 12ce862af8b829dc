"""Keys that solve the Puzzle's first level, shared by the tests that need a solve."""

LEVEL_1_TYPED = [
    "enter",
    "1",
    "enter",
    "down",
    "enter",
    *"-1",
    "enter",
    "down",
    "enter",
    "2",
    "enter",
    "down",
    "enter",
    *"-4",
    "enter",
]
"""w1 = 1, b1 = -1, w2 = 2, b2 = -4 typed: 4 values and 3 selections, 7 key presses."""
