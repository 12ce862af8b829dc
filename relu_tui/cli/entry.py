"""The `relu-tui` entry point: `main()`, with a Ctrl-C during start-up's imports ending as
quietly as one later on (status 130, one line, no traceback)."""

from __future__ import annotations

import sys

EXIT_INTERRUPTED = 130


def run() -> int:
    """Import and run the command line; Ctrl-C at any moment is status 130 without a traceback."""
    try:
        from relu_tui.cli.main import main
    except KeyboardInterrupt:
        try:
            sys.stderr.write("relu-tui: interrupted\n")
            sys.stderr.flush()
        except (AttributeError, OSError, ValueError):
            pass
        return EXIT_INTERRUPTED
    return main()
