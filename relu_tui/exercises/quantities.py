"""What each screen exposes to exercise checks: named quantities computed from its core state.

Pure functions of the core state objects (`ActivationsState`, `DosageState`, `PuzzleState`,
`DeadSnapshot`, `FitState`), never of what a screen draws. Every setting of the lesson (its
description, `lessons/<name>/lesson.py`) is a quantity too, with `changed_settings`, so a
check can pin what the exercise does not ask to change. An exercise's start is the
lesson's full settings, and its state is built by the lesson's own `state_from`
(`start_state`), so a course's exercises can be judged, and tested, without any UI.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from functools import lru_cache
from typing import Any, cast

import numpy as np

from relu_tui.base.parse import InputError
from relu_tui.lessons.catalog import LESSONS
from relu_tui.lessons.lesson import Setting, TextSetting, parse_setting, setting_text
from relu_tui.lessons.quantity import Quantity, function_lines
from relu_tui.nn.activations import ACTIVATIONS

SCREENS = tuple(LESSONS)
"""The screens exercises run on (the lessons), in the course's order."""


FUNCTIONS: tuple[Quantity, ...] = (
    *(Quantity(name, "function", f"{name}(x) with torch's defaults", 1) for name in ACTIVATIONS),
    *(
        Quantity(f"{name}_grad", "function", f"the gradient of {name} at x", 1)
        for name in ACTIVATIONS
    ),
    *function_lines(1, "abs: |x|\nsqrt: the square root"),
    *function_lines(2, "min: the smaller of two numbers\nmax: the larger of two numbers"),
)
"""Functions every screen's checks may call."""

QUANTITIES: dict[str, tuple[Quantity, ...]] = {
    name: lesson.load_quantities().QUANTITIES
    for name, lesson in LESSONS.items()
    if lesson.quantities
}
"""What each screen exposes to checks (declared in `lessons/<name>/quantities.py`, named by
the lesson's description), with a line on each (shown in the README and help)."""


def _setting_kind(setting: Setting) -> type:
    if isinstance(setting, TextSetting) or setting.choices:
        return str
    return int if setting.integer else float


def start_keys(screen: str) -> dict[str, type]:
    """The settings an exercise's start may name on `screen` (its lesson's), with their type."""
    return {s.name: _setting_kind(s) for s in LESSONS[screen].setting_list()}


@lru_cache(maxsize=8)
def _setting_quantities(screen: str) -> tuple[Quantity, ...]:
    """Every setting of the lesson as a quantity (where the lesson has no quantity of that
    name), and `changed_settings`."""
    own = {q.name for q in QUANTITIES[screen]}
    out = [
        Quantity(
            s.name,
            "text" if _setting_kind(s) is str else "number",
            f"the {s.name} setting (--{s.option}): {s.help}",
        )
        for s in LESSONS[screen].setting_list()
        if s.name not in own
    ]
    out.append(
        Quantity(
            "changed_settings",
            "text",
            'the settings that differ from the start, in the lesson\'s order, e.g. "lr" or '
            '"activation lr" ("" when none)',
        )
    )
    return tuple(out)


@lru_cache(maxsize=8)
def names(screen: str) -> dict[str, Quantity]:
    """Every name a check on `screen` may use: its quantities, its settings and the
    functions."""
    return {q.name: q for q in (*QUANTITIES[screen], *_setting_quantities(screen), *FUNCTIONS)}


def check_start(screen: str, start: Mapping[str, Any]) -> dict[str, Any]:
    """Validate an exercise's start for `screen` and pin it: every setting of the lesson,
    the ones not named at their defaults (so a later change of a default cannot change
    what an exercise asks). The state is built once, to be sure.

    Raises:
        InputError: a setting the lesson does not have, of the wrong type, or unusable.
    """
    allowed = start_keys(screen)
    lesson = LESSONS[screen]
    clean: dict[str, Any] = {}
    for key, value in start.items():
        if key not in allowed:
            raise InputError(
                f"'{key}' is not a starting option of the {screen} screen "
                f"(it takes: {', '.join(allowed)})"
            )
        kind = allowed[key]
        if kind is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if kind is str and isinstance(value, int | float) and not isinstance(value, bool):
            value = setting_text(value)
        if not isinstance(value, kind) or isinstance(value, bool):
            what = {int: "a whole number", float: "a number", str: "a quoted text"}[kind]
            raise InputError(f"{key} must be {what}")
        if isinstance(value, float) and not math.isfinite(value):
            raise InputError(f"{key} must be finite")
        setting = lesson.setting(key)
        if not isinstance(setting, TextSetting):
            try:
                text = value if isinstance(value, str) else setting_text(cast(float, value))
                value = parse_setting(setting, text)
            except InputError as error:
                raise InputError(f"{key}: {error}") from None
        clean[key] = value
    pinned = lesson.full(clean)
    try:
        start_state(screen, pinned)
    except (KeyError, ValueError) as error:
        message = str(error) if isinstance(error, InputError) else f"unusable: {error}"
        raise InputError(message) from None
    return pinned


# --------------------------------------------------------------------------- starting states


def start_state(screen: str, start: Mapping[str, Any]) -> Any:
    """The core state `screen` opens in with these settings (defaults where absent), built
    by the lesson's own `state_from`, as checks see it.

    Raises:
        InputError: a setting value the lesson refuses (unknown level, bad target...).
    """
    lesson = LESSONS[screen]
    state = lesson.state_from(start)
    check_state = getattr(lesson.load_quantities(), "check_state", None)
    return state if check_state is None else check_state(state)


# --------------------------------------------------------------------------- quantities


def _scalar(function: Callable[..., Any], **kwargs: Any) -> Callable[[float], float]:
    def at(x: float) -> float:
        with np.errstate(all="ignore"):
            return float(np.asarray(function(np.array([float(x)]), **kwargs))[0])

    return at


@lru_cache(maxsize=1)
def _functions() -> dict[str, Callable[..., float]]:
    table: dict[str, Callable[..., float]] = {}
    for name, act in ACTIVATIONS.items():
        table[name] = _scalar(act, **act.defaults)
        table[f"{name}_grad"] = _scalar(act.grad, **act.defaults)
    table["abs"] = abs
    table["sqrt"] = _sqrt
    table["min"] = min
    table["max"] = max
    return table


def _sqrt(x: float) -> float:
    if x < 0:
        raise InputError(f"sqrt of a negative number ({x:g})")
    return math.sqrt(x)


def quantities(screen: str, state: Any, start: Any) -> dict[str, Any]:
    """Every quantity of `screen` for its current core `state`, and the functions.

    Args:
        screen: one of SCREENS.
        state: the screen's core state (see the module docstring for the type per screen).
        start: the state the exercise started from (for "changed" counts).
    """
    values: dict[str, Any] = dict(_functions())
    lesson = LESSONS[screen]
    settings = lesson.settings_of(state)
    before = lesson.settings_of(start) if start is not None else settings
    own = {q.name for q in QUANTITIES[screen]}
    for name, value in settings.items():
        if name not in own:
            values[name] = value if isinstance(value, str) else float(value)
    values["changed_settings"] = " ".join(lesson.changed(settings, before))
    values.update(LESSONS[screen].load_quantities().quantities(state, start))
    return values
