"""The command line: `relu-tui`, `--print`, `serve` and `demo`."""
