"""The Approximation lesson's settings: the target on its interval, N, the knots, the seed."""

from __future__ import annotations

import math

from relu_tui.base.params import Param, params_by_name
from relu_tui.lessons.approx.screen_state import ApproxState
from relu_tui.lessons.approx.state import PRESETS, TARGET_CHOICES, TYPED, FitState
from relu_tui.lessons.lesson import (
    Setting,
    Settings,
    SettingValue,
    TextSetting,
    param_value,
    setting_text,
)

DEFAULT_SEED = 42
"""The notebook's seed for the trained pair (the Train view)."""

TARGET = TextSetting(
    "target",
    "target: a preset (x², sin x, |x|, step, puzzle) or an expression in x, "
    "optionally 'on [lo, hi]', e.g. 'x**2 on [-2, 2]'",
    default="sin x",
    metavar="EXPR",
)


def setting_list() -> tuple[Setting, ...]:
    """The target, N, the knot placement, and the trained pair's seed."""
    params = params_by_name(FitState.initial().params)
    return (
        TARGET,
        Param(
            "units",
            "units",
            params["n"].value,
            step=1,
            low=params["n"].low,
            high=params["n"].high,
            integer=True,
            help="N, the number of shifted ReLU units",
        ),
        params["placement"],
        Param(
            "seed",
            "seed",
            DEFAULT_SEED,
            step=1,
            low=0,
            high=99_999,
            integer=True,
            help="the seed of the Train view's pair (and --export)",
        ),
    )


def state_from(values: Settings) -> ApproxState:
    """The screen's state these settings name: the Fit view's target, N and knots, and the
    Train view's run from the seed (not started).

    Raises:
        InputError: an unusable target expression or interval.
    """
    target = values.get("target")
    units = values.get("units")
    state = FitState.from_spec(
        None if target is None else str(target), None if units is None else int(units)
    )
    placement = values.get("placement")
    if placement is not None:
        choices = params_by_name(state.params)["placement"].choices
        state = state.with_param("placement", float(choices.index(str(placement))))
    return ApproxState(fit=state).with_seed(int(values.get("seed", DEFAULT_SEED)))


def target_text(state: FitState) -> str:
    """The target as `--target` writes it: a preset on its own interval by name, otherwise
    its expression and interval (none for [-pi, pi])."""
    target = state.target
    choice = TARGET_CHOICES[int(state.value("target"))]
    if choice != TYPED:
        preset = PRESETS[TARGET_CHOICES.index(choice)]
        if (preset.lo, preset.hi) == (target.lo, target.hi):
            return preset.name
    if math.isclose(target.lo, -math.pi) and math.isclose(target.hi, math.pi):
        return target.text
    return f"{target.text} on [{setting_text(target.lo)}, {setting_text(target.hi)}]"


def values_of(state: ApproxState | FitState) -> dict[str, SettingValue]:
    """Every setting of the screen's state (or of a Fit view state, with the default seed)."""
    fit = state.fit if isinstance(state, ApproxState) else state
    seed = state.train.config.seed if isinstance(state, ApproxState) else DEFAULT_SEED
    return {
        "target": target_text(fit),
        "units": fit.units,
        "placement": param_value(params_by_name(fit.params)["placement"]),
        "seed": seed,
    }
