"""`python -m relu_tui` runs the same command as `relu-tui`."""

import sys

from relu_tui.cli.entry import run

sys.exit(run())
