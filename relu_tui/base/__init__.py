"""Floor 1: Param, number parsing and formatting, ASCII text, safe text, atomic files, expressions."""
