"""LaunchOptions: everything the command line says about how to open the app or `--print`.

No Textual here. The CLI builds one `LaunchOptions`; the app, every screen and every
`--print` module read the same value (attribute names match the CLI's option names).
A field left at None means "the screen's default".
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass, fields


@dataclass(frozen=True)
class LaunchOptions:
    """How to open relu-tui: the start screen, display choices and each screen's options."""

    screen: str = "activations"
    """The screen to open (or to print with `--print`)."""
    ascii: bool = False
    """Plain ASCII markers and frames instead of braille and box drawing."""
    color: bool = True
    """Colour in `--print` output (the app follows NO_COLOR through Textual)."""
    width: int | None = None
    """`--print` width in columns."""
    height: int | None = None
    """`--print` plot height in rows."""
    # dosage
    stage: int | None = None
    # puzzle
    level: str | None = None
    # puzzle (random level), dead and approx (training)
    seed: int | None = None
    # dead
    lr: float | None = None
    activation: str | None = None
    epochs: int | None = None
    data: str | None = None
    """A CSV file to train on instead of a built-in dataset."""
    test_fraction: float | None = None
    noise: float | None = None
    l1: float | None = None
    l2: float | None = None
    # dead and approx
    export: str | None = None
    """With `--print`: write the trained network as a PyTorch script to this file."""
    # approx
    target: str | None = None
    units: int | None = None

    @classmethod
    def from_namespace(cls, args: argparse.Namespace, **overrides: object) -> LaunchOptions:
        """The options argparse parsed (attributes it lacks keep their defaults)."""
        values = {f.name: getattr(args, f.name) for f in fields(cls)
                  if getattr(args, f.name, None) is not None}
        values.update(overrides)
        return cls(**values)  # type: ignore[arg-type]

    def given(self) -> dict[str, object]:
        """The screen options set on the command line (not display choices), by name."""
        display = {"screen", "ascii", "color", "width", "height"}
        return {f.name: getattr(self, f.name) for f in fields(self)
                if f.name not in display and getattr(self, f.name) is not None}
