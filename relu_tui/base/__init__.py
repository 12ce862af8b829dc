"""Floor 1: Param, numbers parsed and formatted, ASCII and safe text, atomic files, expressions."""
