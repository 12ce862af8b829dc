"""LaunchOptions: everything the command line says about how to open the app or `--print`.

No Textual here. The CLI builds one `LaunchOptions`; the app, every screen and every
`--print` module read the same value (attribute names match the CLI's option names).
A field left at None means "the screen's default".
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass, fields

from relu_tui.base.params import Param, params_by_name


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
    view: str | None = None
    """The view to open on (with `--print`: the view to print), e.g. maps or regions."""
    # dead and approx
    export: str | None = None
    """With `--print`: write the trained network as a PyTorch script to this file."""
    # approx
    target: str | None = None
    units: int | None = None
    # exercises
    course: str | None = None
    """A teacher's course file (TOML) added to the built-in course."""

    @classmethod
    def from_namespace(cls, args: argparse.Namespace, **overrides: object) -> LaunchOptions:
        """The options argparse parsed (attributes it lacks keep their defaults)."""
        values = {
            f.name: getattr(args, f.name)
            for f in fields(cls)
            if getattr(args, f.name, None) is not None
        }
        values.update(overrides)
        return cls(**values)

    def given(self) -> dict[str, object]:
        """The screen options set on the command line (not display choices), by name."""
        display = {"screen", "ascii", "color", "width", "height"}
        return {
            f.name: getattr(self, f.name)
            for f in fields(self)
            if f.name not in display and getattr(self, f.name) is not None
        }


@dataclass(frozen=True)
class ScreenOption:
    """One screen option of the command line, checked against its Param in the core.

    The Param is the one source of its range, default and wording: the CLI converts and
    range-checks with `Param.with_text` (the panel's own check, so the messages match)
    and builds its `--help` line from it. Params are fetched only when needed, so the
    app's start-up imports only its own screen's core.
    """

    name: str
    """The option, `--name`, and the LaunchOptions field it fills."""
    screens: tuple[str, ...]
    """The screens it applies to; given for another screen it is refused."""
    param: Callable[[], Param] | None
    """The core Param (None for free text such as an expression)."""
    what: str
    """What it sets, for `--help` (the Param adds range and default)."""
    metavar: str

    def convert(self, text: str) -> object:
        """The typed value, as LaunchOptions holds it (str for a choice).

        Raises:
            InputError: not a value the Param accepts.
        """
        if self.param is None:
            return text
        param = self.param()
        if param.choices:  # shell spelling of torch names: Leaky-ReLU is leaky_relu
            text = text.replace("-", "_")
        param = param.with_text(text)
        if param.choices:
            return param.choice
        return int(param.value) if param.integer else param.value

    def help(self) -> str:
        """`screens: what, range (default d)`, from the Param."""
        text = f"{'/'.join(self.screens)}: {self.what}"
        if self.param is None:
            return text
        param = self.param()
        if param.choices:
            return f"{text}: {', '.join(param.choices)} (default {param.choice})"
        low = int(param.low) if param.integer else param.low
        high = int(param.high) if param.integer else param.high
        return f"{text}, {low:g} to {high:g} (default {param.display})"


def _dead(name: str) -> Callable[[], Param]:
    def get() -> Param:
        from relu_tui.lessons.dead.dying import DeadSettings

        return params_by_name(DeadSettings().params)[name]

    return get


def _units() -> Param:
    from relu_tui.lessons.approx.state import FitState

    return params_by_name(FitState.initial().params)["n"]


def _stage() -> Param:
    from relu_tui.lessons.dosage.state import DosageState, stages

    return Param(
        "stage", "stage", DosageState().stage, step=1, low=1, high=len(stages()), integer=True
    )


def _level() -> Param:
    from relu_tui.lessons.puzzle.state import LEVELS

    return Param("level", "level", 0, choices=(*(level.key for level in LEVELS), "random"))


def _seed() -> Param:
    from relu_tui.lessons.dead.dying import DeadSettings

    return params_by_name(DeadSettings().params)["seed"]


SCREEN_OPTIONS: tuple[ScreenOption, ...] = (
    ScreenOption("stage", ("dosage",), _stage, "open on one stage", "N"),
    ScreenOption("level", ("puzzle",), _level, "open on a level", "L"),
    ScreenOption(
        "seed",
        ("puzzle", "dead", "approx"),
        _seed,
        "random seed (random level, initialisation, training)",
        "S",
    ),
    ScreenOption("lr", ("dead",), _dead("lr"), "learning rate", "X"),
    ScreenOption("activation", ("dead",), _dead("activation"), "hidden-layer activation", "NAME"),
    ScreenOption("epochs", ("dead",), _dead("epochs"), "epochs per run", "N"),
    ScreenOption(
        "data",
        ("dead",),
        None,
        "train on a CSV file: x,y (regression) or x1,x2,label (classes)",
        "FILE.csv",
    ),
    ScreenOption(
        "test_fraction",
        ("dead",),
        _dead("test_fraction"),
        "share of the samples held out for testing",
        "X",
    ),
    ScreenOption("noise", ("dead",), _dead("noise"), "noise in the built-in datasets", "X"),
    ScreenOption("l2", ("dead",), _dead("l2"), "L2 penalty (torch's weight_decay; 0 is off)", "X"),
    ScreenOption("l1", ("dead",), _dead("l1"), "L1 penalty (0 is off)", "X"),
    ScreenOption(
        "view",
        ("dead",),
        None,
        "open on a view: neuron, train, units, maps (unit maps), regions (linear regions), "
        "vanishing, born, experiment; with --print, print that view",
        "NAME",
    ),
    ScreenOption(
        "target", ("approx",), None, "target expression in x, e.g. 'x**2 on [-2, 2]'", "EXPR"
    ),
    ScreenOption("units", ("approx",), _units, "number of ReLU units", "N"),
    ScreenOption(
        "export",
        ("dead", "approx"),
        None,
        "with --print: also write the trained network(s) as a PyTorch script",
        "FILE.py",
    ),
    ScreenOption(
        "course",
        ("exercises",),
        None,
        "add the exercises of a course file (TOML, see the README)",
        "FILE",
    ),
)
"""Every screen option of the command line, in `--help` order."""
