"""The puzzle: set ReLU units until their sum matches a piecewise-linear target.

Source: the course lab "ReLU activation", exercise "Why non-linear activations?": x on
[0, 3], three ReLU units, an output unit that sums them (weights 1, bias 0). Unit 0 is
fixed at w₀ = −2, b₀ = 2; the player sets w₁, b₁, w₂, b₂ with sliders in steps of 0.1 over
[−4, 4]. Every level's target is the output of its own solution, so every level is solvable
on the step grid by construction.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field, replace

import numpy as np

from relu_tui.base.params import Param, params_by_name, replace_param
from relu_tui.base.parse import InputError
from relu_tui.base.text import printable
from relu_tui.base.types import FloatArray

X_RANGE = (0.0, 3.0)
STEP = 0.1
LIMIT = 4.0
SCALE = 10
"""Values are whole multiples of STEP: k / SCALE, so grid values equal their decimal literals."""
GRID = 300
"""Points on which a fit is scored (the lab's check: max error ≤ TOLERANCE on 300 points)."""
TOLERANCE = 0.05

PRESS_RULE = (
    "Key presses count what you change: each key that moves the selection or changes a value "
    "counts one (a key that changes nothing is free), and a typed value counts once, however "
    "long. Keys that only look or run are free: views, help, hints, checking, training, and "
    "the characters typed into a field."
)
"""The one rule for counting key presses, on the Puzzle and in every exercise (help says it)."""


@dataclass(frozen=True)
class Unit:
    """One ReLU unit, v·ReLU(w·x + b); `free` names the parameters the player sets."""

    w: float
    b: float
    v: float = 1.0
    free: tuple[str, ...] = ("w", "b")


@dataclass(frozen=True)
class Level:
    """A target, given as the network that makes it, and how the player may reach it."""

    key: str
    title: str
    units: tuple[Unit, ...]
    hints: tuple[str, ...]
    story: str = ""
    lesson: str = ""
    """What solving the level shows, in one line (said once it is solved)."""

    def target(self, x: FloatArray) -> FloatArray:
        """The target curve at x (the solution's output)."""
        return network_output(tuple((u.w, u.b, u.v) for u in self.units), x)

    def segments(self) -> tuple[Segment, ...]:
        """The target's linear pieces."""
        return segments(tuple((u.w, u.b, u.v) for u in self.units))

    def target_text(self, *, compact: bool = False) -> str:
        """'y = -2x + 2 on [0, 1]; y = x - 1 on [1, 2]; ...' (compact: '-2x+2 on [0,1], ...')."""
        pieces = [piece.describe(compact=compact) for piece in self.segments()]
        return (", " if compact else "; ").join(pieces)

    def solution(self) -> dict[str, float]:
        """The values of every free parameter that solve the level."""
        return {
            f"{name}{i}": getattr(unit, name)
            for i, unit in enumerate(self.units)
            for name in unit.free
        }

    def start_params(self) -> tuple[Param, ...]:
        """The free parameters at 0 (output weights at 1), in the order w, b, (v) per unit."""
        labels = {"w": "w", "b": "b", "v": "v"}
        subscript = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
        params = []
        for i, unit in enumerate(self.units):
            for name in unit.free:
                start = 1.0 if name == "v" else 0.0
                helps = {
                    "w": f"unit {i}'s slope when on",
                    "b": f"unit {i}: on where wx+b > 0",
                    "v": f"unit {i}'s output weight",
                }
                params.append(
                    Param(
                        f"{name}{i}",
                        labels[name] + str(i).translate(subscript),
                        start,
                        step=STEP,
                        low=-LIMIT,
                        high=LIMIT,
                        help=helps[name],
                    )
                )
        return tuple(params)


def relu(z: FloatArray) -> FloatArray:
    return np.maximum(z, 0.0)


def snap(value: float) -> float:
    """The nearest value on the step grid, as k / SCALE (so 0.1 steps add up exactly)."""
    return round(value * SCALE) / SCALE + 0.0


def on_grid(value: float) -> bool:
    """Whether `value` is exactly a multiple of the step (k / SCALE)."""
    return snap(value) == value


def switch_text(w: float, b: float) -> str:
    """Where ReLU(w·x + b) is on over the x range: 'on for x > 1', 'always on', ..."""
    low, high = X_RANGE
    if w == 0:
        return "always on" if b > 0 else "always off"
    knot = -b / w
    if w > 0:
        if knot <= low:
            return "always on"
        return "always off" if knot >= high else f"on for x > {knot:g}"
    if knot >= high:
        return "always on"
    return "always off" if knot <= low else f"on for x < {knot:g}"


@dataclass(frozen=True)
class Segment:
    """y = slope·x + intercept on [start, end]."""

    start: float
    end: float
    slope: float
    intercept: float

    def formula(self) -> str:
        """'y = −2x + 2', with plain '-' signs; whole numbers print without decimals."""
        slope, intercept = round(self.slope, 9) + 0.0, round(self.intercept, 9) + 0.0
        named = {0.0: "", 1.0: "x", -1.0: "-x"}
        terms = named.get(slope, f"{slope:g}x")
        if intercept or not terms:
            sign = "-" if intercept < 0 and terms else ""
            value = f"{abs(intercept):g}" if terms else f"{intercept:g}"
            terms = f"{terms} {sign or '+'} {value}" if terms else value
        return f"y = {terms}"

    def describe(self, *, compact: bool = False) -> str:
        """'y = x - 1 on [1, 2]', or compact: 'x-1 on [1,2]'."""
        if compact:
            return f"{self.formula()[4:].replace(' ', '')} on [{self.start:g},{self.end:g}]"
        return f"{self.formula()} on [{self.start:g}, {self.end:g}]"


def segments(units: tuple[tuple[float, float, float], ...]) -> tuple[Segment, ...]:
    """The linear pieces of Σ vᵢ·ReLU(wᵢ·x + bᵢ) over the x range, merged where the slope holds."""
    low, high = X_RANGE
    knots = sorted({round(-b / w, 9) for w, b, _ in units if w != 0 and low < -b / w < high})
    edges = [low, *knots, high]
    pieces: list[Segment] = []
    for start, end in zip(edges[:-1], edges[1:], strict=True):
        mid = np.array([(start + end) / 2])
        slope = sum(v * w for w, b, v in units if w * mid[0] + b > 0)
        intercept = float(network_output(units, mid)[0]) - slope * float(mid[0])
        if pieces and abs(pieces[-1].slope - slope) < 1e-9:
            pieces[-1] = replace(pieces[-1], end=end)
        else:
            pieces.append(Segment(start, end, float(slope), intercept))
    return tuple(pieces)


def network_output(units: tuple[tuple[float, float, float], ...], x: FloatArray) -> FloatArray:
    """Σ vᵢ·ReLU(wᵢ·x + bᵢ)."""
    total = np.zeros_like(x, dtype=np.float64)
    for w, b, v in units:
        total = total + v * relu(w * x + b)
    return total


LAB_HINTS = (
    "Start with w₁ and b₁; leave unit 2 at zero for now.",
    "After x = 1 unit 0 is off, so unit 1 alone must give segment 2's slope: w₁ is that slope.",
    "Unit 1 must stay off (w₁·x + b₁ < 0) until x = 1: choose b₁ so w₁·1 + b₁ = 0.",
    "From x = 2 units 1 and 2 are both on: w₁ + w₂ must equal segment 3's slope, 3.",
    "Unit 2 must stay off until x = 2: choose b₂ so w₂·2 + b₂ = 0.",
)
"""The lab's own reasoning, one step per hint."""


def _hints(units: tuple[Unit, ...]) -> tuple[str, ...]:
    """Hints for a built level: knots first, then slopes, then biases."""
    hints = ["A ReLU unit is a line that is cut off at one point: find where the target bends."]
    for i, unit in enumerate(units):
        if not unit.free or unit.w == 0:
            continue
        knot = -unit.b / unit.w
        side = "after" if unit.w > 0 else "before"
        hints.append(f"Unit {i} bends the target at x = {knot:g}; it is on {side} that point.")
    for i, unit in enumerate(units):
        if unit.free:
            change = unit.w * unit.v
            hints.append(
                f"While unit {i} is on it adds {change:g} to the output's slope "
                f"(w·v for unit {i}); compare the target's slopes either side of "
                "its bend."
            )
    hints.append("A unit switching on at x = h with slope w needs b = −w·h.")
    return tuple(hints)


def _built(key: str, title: str, story: str, units: tuple[Unit, ...], lesson: str) -> Level:
    return Level(key, title, units, _hints(units), story, lesson)


FIXED = ()

LEVELS: tuple[Level, ...] = (
    Level(
        "1",
        "The lab's exercise",
        (Unit(-2.0, 2.0, free=FIXED), Unit(1.0, -1.0), Unit(2.0, -4.0)),
        LAB_HINTS,
        "Unit 0 is fixed and draws segment 1; set units 1 and 2 to draw segments 2 and 3.",
        "Each ReLU unit adds one bend: switched on at its knot, it changes the slope from "
        "there on and leaves everything before it alone.",
    ),
    _built(
        "2",
        "Four segments",
        "Four slopes: −2, 1, 2, 3.6. Unit 0 is fixed.",
        (Unit(-2.0, 1.0, free=FIXED), Unit(1.0, -0.5), Unit(1.0, -1.5), Unit(1.6, -4.0)),
        "Every bend of the target is one unit; its weight is how much the slope changes there.",
    ),
    _built(
        "3",
        "Five segments",
        "Five slopes, four bends. Unit 0 is fixed.",
        (
            Unit(-3.0, 1.5, free=FIXED),
            Unit(1.0, -0.5),
            Unit(1.0, -1.2),
            Unit(1.0, -2.0),
            Unit(1.0, -2.5),
        ),
        "More units, more bends: with enough ReLUs a sum can follow any piecewise-linear curve.",
    ),
    _built(
        "4",
        "Switch a unit off",
        "One unit must be on at the left and switch off: a negative weight.",
        (Unit(1.0, 0.0, free=FIXED), Unit(-2.0, 2.0), Unit(1.0, -2.0)),
        "A negative weight turns a unit around: on at the left, off after its knot.",
    ),
    _built(
        "5",
        "Down after up",
        "The slope turns negative after rising: a unit with a negative output weight v.",
        (Unit(1.0, 0.0, free=FIXED), Unit(2.0, -3.0, -1.0, free=("w", "b", "v"))),
        "A negative output weight v subtracts a unit: the sum can go down after going up.",
    ),
    _built(
        "6",
        "Free: the lab's target, every unit yours",
        "The lab's target again, but unit 0 moves too.",
        (Unit(-2.0, 2.0), Unit(1.0, -1.0), Unit(2.0, -4.0)),
        "The first segment needs a unit too: the bias of a unit that is on at the left "
        "sets where the curve starts.",
    ),
    _built(
        "7",
        "Free: a shallow valley",
        "Every unit is yours; one must switch off at x = 1.",
        (Unit(-1.0, 1.0), Unit(0.5, -0.5), Unit(1.5, -3.0)),
        "The valley's floor is at x = 1, where the target is 0 and every unit is off: a unit "
        "with a negative weight brings the curve down and switches off there, another switches "
        "on there; from x = 2 two units are on and their slopes add.",
    ),
)
"""The built-in levels, in order."""


def random_level(seed: int) -> Level:
    """A seeded level: 2–3 player units with integer slopes and bends on the half-grid.

    Biases are −w·h with integer w and h a multiple of 0.5, so they lie on the 0.1 grid and
    within [−4, 4]; every generated level is solvable on the step grid.
    """
    rng = np.random.default_rng(seed)
    count = int(rng.integers(2, 4))
    knots = sorted(rng.choice(np.arange(0.5, 3.0, 0.5), size=count, replace=False).tolist())
    units = [Unit(-1.0, 1.0, free=FIXED)] if rng.random() < 0.5 else [Unit(1.0, 0.0, free=FIXED)]
    for knot in knots:
        for _ in range(50):
            w = float(rng.choice([-3, -2, -1, 1, 2, 3]))
            if abs(w * knot) <= LIMIT:
                break
        else:
            w = 1.0
        units.append(Unit(w, round(-w * knot, 10) + 0.0))
    return _built(
        f"random-{seed}",
        f"Random level (seed {seed})",
        f"A seeded random target with {count} bends.",
        tuple(units),
        "Any target made of straight pieces is a sum of ReLUs: one unit per bend.",
    )


def level_by_key(key: str, seed: int | None = None) -> Level:
    """A built-in level by number, or 'random' with a seed.

    Raises:
        InputError: an unknown level.
    """
    if key.strip().lower() == "random":
        return random_level(0 if seed is None else seed)
    for level in LEVELS:
        if level.key == key.strip():
            return level
    raise InputError(
        f"unknown level '{printable(key, limit=40)}'; choose 1-{len(LEVELS)} or random"
    )


@dataclass(frozen=True)
class Score:
    max_error: float
    mean_error: float

    @property
    def solved(self) -> bool:
        return self.max_error <= TOLERANCE


@dataclass(frozen=True)
class PuzzleState:
    """A level in play: the player's parameters, key presses, hints shown, revealed flag."""

    level: Level = LEVELS[0]
    params: tuple[Param, ...] = field(default_factory=lambda: LEVELS[0].start_params())
    presses: int = 0
    hints_shown: int = 0
    revealed: bool = False

    @staticmethod
    def of(level: Level) -> PuzzleState:
        return PuzzleState(level=level, params=level.start_params())

    def units(self) -> tuple[tuple[float, float, float], ...]:
        """(w, b, v) of every unit with the player's values applied."""
        values = {p.name: p.value for p in self.params}
        return tuple(
            (values.get(f"w{i}", u.w), values.get(f"b{i}", u.b), values.get(f"v{i}", u.v))
            for i, u in enumerate(self.level.units)
        )

    def with_param(self, name: str, value: float) -> PuzzleState:
        """`name` set to `value` snapped to the step grid; one more key press.

        Returns self unchanged (no press counted) when the snapped value is the current one.
        """
        old = params_by_name(self.params)[name]
        new = old.with_value(snap(value))
        new = replace(new, value=snap(new.value))
        if new.value == old.value:
            return self
        return replace(self, params=replace_param(self.params, new), presses=self.presses + 1)

    def with_press(self) -> PuzzleState:
        """One more key press that moved nothing (choosing a parameter)."""
        return replace(self, presses=self.presses + 1)

    def with_hint(self) -> PuzzleState:
        return replace(self, hints_shown=min(self.hints_shown + 1, len(self.level.hints)))

    def revealed_solution(self) -> PuzzleState:
        answer = self.level.solution()
        params = tuple(replace(p, value=answer[p.name]) for p in self.params)
        return replace(self, params=params, revealed=True)

    def score(self) -> Score:
        x = grid()
        error = np.abs(network_output(self.units(), x) - self.level.target(x))
        return Score(float(error.max()), float(error.mean()))

    @property
    def solved(self) -> bool:
        """Matched by the player (a revealed solution does not count)."""
        return not self.revealed and self.score().solved


def grid(points: int = GRID) -> FloatArray:
    return np.linspace(*X_RANGE, points)


def fit_hints(story: str, hints: tuple[str, ...], shown: int, width: int, height: int) -> list[str]:
    """The lines of the hints box: the newest hints that fit whole in `height` lines of
    `width` columns (older ones give way; a hint is never cut), or the level's story before
    the first hint. A last line says how many hints are left, when any are.

    The box never scrolls: a scrolled box showed the tail of an older hint above the newest.
    """
    width = max(width, 10)
    left = len(hints) - shown
    room = max(height - (1 if left else 0), 1)
    lines: list[str] = []
    if shown == 0:
        lines = textwrap.wrap(story, width)[:room]
    for number in range(shown, 0, -1):
        wrapped = textwrap.wrap(f"Hint {number}/{len(hints)}: {hints[number - 1]}", width)
        if lines and len(lines) + len(wrapped) > room:
            break
        lines = wrapped[:room] + lines
    if left:
        lines.append(f"{left} more hint{'s' if left > 1 else ''}")
    return lines


MAX_PRESSES = 10**9
"""Largest key-press count a saved record may hold."""


def record_problem(entry: object) -> str | None:
    """Why a saved level record is unusable, or None for `{"solved": true, "best": n}` with
    a whole number n ≥ 0 (other keys in the record are allowed and kept)."""
    if not isinstance(entry, dict):
        return f"is {_json_text(entry)}, not a record"
    best = entry.get("best")
    if isinstance(best, bool) or not isinstance(best, int) or not 0 <= best <= MAX_PRESSES:
        return f"best is {_json_text(best)}, not a whole number of key presses (0 or more)"
    if entry.get("solved", True) is not True:
        return f"solved is {_json_text(entry.get('solved'))}, not true"
    return None


def check_records(data: dict[str, object]) -> list[str]:
    """Schema check of the saved puzzle records `{"levels": {key: record}}`.

    Returns:
        One phrase per unusable level record (those are ignored, not deleted).

    Raises:
        ValueError: "levels" is there but is not an object (the file is set aside).
    """
    levels = data.get("levels", {})
    if not isinstance(levels, dict):
        raise ValueError(f"has levels = {_json_text(levels)}, not a list of level records")
    problems = []
    for key, entry in levels.items():
        why = record_problem(entry)
        if why is not None:
            problems.append(f"level '{printable(key, limit=20)}': {why}")
    return problems


def merge_records(disk: dict[str, object], ours: dict[str, object]) -> dict[str, object]:
    """The saved records of two app instances together: per level the fewer key presses wins;
    records and keys only one side has are kept (ours wins other conflicts)."""
    merged = {**disk, **{k: v for k, v in ours.items() if k != "levels"}}
    disk_levels = disk.get("levels")
    levels = dict(disk_levels) if isinstance(disk_levels, dict) else {}
    our_levels = ours.get("levels")
    for key, entry in our_levels.items() if isinstance(our_levels, dict) else ():
        if record_problem(entry) is not None:
            continue
        theirs = levels.get(key)
        if record_problem(theirs) is None and theirs["best"] <= entry["best"]:  # type: ignore[index]
            levels[key] = {**entry, **theirs}  # type: ignore[dict-item]
        else:
            levels[key] = {**theirs, **entry} if isinstance(theirs, dict) else dict(entry)
    merged["levels"] = levels
    return merged


def _json_text(value: object) -> str:
    """A value as JSON shows it (true, -5, "x"), shortened."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "missing"
    if isinstance(value, dict | list):
        return "an object" if isinstance(value, dict) else "a list"
    return printable(repr(value) if isinstance(value, str) else str(value), limit=24)
