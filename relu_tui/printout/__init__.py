"""`relu-tui --print SCREEN`: static text versions of each screen, no Textual needed.

Each screen has a module here with `render(args: argparse.Namespace) -> str`.
"""
