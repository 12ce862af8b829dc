"""Param: one adjustable number (or choice) with its step, range and scale."""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import Literal

from relu_tui.base.fmt import fmt
from relu_tui.base.parse import InputError, parse_number


@dataclass(frozen=True)
class Param:
    """A value the person can nudge by its step or type exactly.

    Linear params move on a grid of `step` (fine nudges on a grid of step/10) and are
    clamped to [low, high]. Log params multiply by 10**(steps*step); a log param whose
    `low` is 0 also allows 0 (a strength that can be off): up from 0 is `floor`, down from
    `floor` is 0. Choice params hold the index of one of `choices`. Integer params stay
    whole numbers.
    """

    name: str
    label: str
    value: float
    step: float = 0.1
    low: float = -math.inf
    high: float = math.inf
    scale: Literal["linear", "log"] = "linear"
    choices: tuple[str, ...] = ()
    integer: bool = False
    help: str = ""
    default: float = field(default=math.nan, compare=False)
    floor: float = 0.0
    """Log params with low = 0: the smallest value above 0 the arrows reach."""
    flag: str = field(default="", compare=False)
    """The command-line option, `--flag` (default: the name, `_` as `-`)."""
    shown: str = field(default="", compare=False)
    """What a panel shows instead of the value ("" for the value): another setting that
    overrides this one, such as a width per layer over the one width."""

    def __post_init__(self) -> None:
        if math.isnan(self.default):
            object.__setattr__(self, "default", self.value)
        if self.choices:
            object.__setattr__(self, "low", 0.0)
            object.__setattr__(self, "high", float(len(self.choices) - 1))

    @property
    def option(self) -> str:
        """The command-line option's name, without `--`."""
        return self.flag or self.name.replace("_", "-")

    @property
    def choice(self) -> str:
        """The selected choice's name (choice params only)."""
        return self.choices[int(self.value)]

    @property
    def display(self) -> str:
        """The value as shown in a panel."""
        if self.shown:
            return self.shown
        if self.choices:
            return self.choice
        if self.integer:
            return str(int(round(self.value)))
        return fmt(self.value)

    def with_value(self, value: float) -> Param:
        """This param at `value`, clamped to its range (and rounded if integer)."""
        value = min(max(float(value), self.low), self.high)
        if self.integer or self.choices:
            value = float(round(value))
        return replace(self, value=value, shown="")

    def nudged(self, steps: float) -> Param:
        """Move by `steps` steps (±1 for a step, ±0.1 for a fine step)."""
        if self.choices:
            size = len(self.choices)
            return replace(self, value=float((int(self.value) + (1 if steps > 0 else -1)) % size))
        if self.integer:
            moved = self.value + (math.copysign(max(1.0, abs(steps) * self.step), steps))
            return self.with_value(moved)
        if self.scale == "log":
            if self.value <= 0:  # only where low is 0: the arrows leave 0 at the floor
                return self.with_value(self.floor) if steps > 0 else self
            moved = _round_sig(self.value * 10 ** (steps * self.step))
            if self.low == 0 and steps < 0 and moved < self.floor * (1 - 1e-9):
                return self.with_value(0.0)
            return self.with_value(moved)
        grid = self.step * min(1.0, abs(steps))
        moved = self.value + steps * self.step
        snapped = round(round(moved / grid) * grid, 10)
        return self.with_value(snapped + 0.0)

    def with_text(self, text: str) -> Param:
        """Parse typed text into this param.

        Raises:
            InputError: with a message specific to what was wrong.
        """
        if self.choices:
            wanted = text.strip().lower()
            for index, choice in enumerate(self.choices):
                if choice.lower() == wanted:
                    return replace(self, value=float(index))
            raise InputError(f"'{text.strip()}' is not one of: {', '.join(self.choices)}")
        value = parse_number(
            text,
            low=self.low if math.isfinite(self.low) else None,
            high=self.high if math.isfinite(self.high) else None,
        )
        if self.scale == "log" and value <= 0 and not (value == 0 and self.low == 0):
            raise InputError("must be greater than 0")
        if self.integer and value != round(value):
            raise InputError(f"{fmt(value)} is not a whole number")
        return self.with_value(value)

    def reset(self) -> Param:
        """This param back at its default."""
        return replace(self, value=self.default)


def _round_sig(value: float, digits: int = 10) -> float:
    if value == 0 or not math.isfinite(value):
        return value
    return round(value, digits - 1 - int(math.floor(math.log10(abs(value)))))


def params_by_name(params: tuple[Param, ...]) -> dict[str, Param]:
    """Index a tuple of params by name."""
    return {param.name: param for param in params}


def replace_param(params: tuple[Param, ...], new: Param) -> tuple[Param, ...]:
    """The tuple with the param of `new.name` swapped for `new`."""
    if all(param.name != new.name for param in params):
        raise KeyError(new.name)
    return tuple(new if param.name == new.name else param for param in params)
