"""One module per screen, plus the shared base and help screens."""
