"""Courses: exercises written as TOML data, each judged by a check.

A course file holds `[[exercise]]` tables. Each names a screen, a kind (predict, find,
achieve), a statement, hints, the starting state (launch options) and a check such as
`rmse < 0.01 and units <= 12` or `bump_peak_x == 0.7 ± 0.01`, read by the one safe
expression language (`base.expr`, through `exercises.check_language`): numbers, quoted
names, the quantities the screen exposes (`exercises.quantities`), the typed answers, a
few functions, arithmetic, comparisons, and/or/not. Nothing in a file is ever run as code.
A file is read only if it is a regular file, within a size cap and a nesting limit; every
problem is reported with the file, the line and the key, and a broken exercise is skipped
without touching the others (or the built-in course).
"""

from __future__ import annotations

import difflib
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from types import MappingProxyType
from typing import Any

from relu_tui.base.parse import InputError
from relu_tui.base.text import printable
from relu_tui.exercises import quantities as qty
from relu_tui.exercises.check_language import NUMBER, RESERVED, Check, CheckError, parse_check
from relu_tui.exercises.course_file import (
    MAX_FILE_BYTES,
    MAX_NESTING,
    CourseFileError,
    key_at,
    key_lines,
    nesting_problem,
    read_course_text,
    toml_error,
)
from relu_tui.lessons.quantity import Quantity

KINDS = ("predict", "find", "achieve")
"""predict: type a number; find: type an input with a property; achieve: reach a state."""

MAX_EXERCISES = 300
MAX_TEXT = 600
"""Longest statement, hint or answer text."""
MAX_HINTS = 12
MAX_ASK = 4
_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,47}$")
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,31}$")
KEYS = ("id", "screen", "kind", "title", "statement", "check", "hints", "answer", "ask", "start")
"""Keys an [[exercise]] table may have."""


class CourseError(ValueError):
    """A problem in a course file, naming the file, line and key."""


# --------------------------------------------------------------------------- exercises


@dataclass(frozen=True)
class Exercise:
    """One task on one screen, as read from a course file."""

    id: str
    screen: str
    kind: str
    title: str
    statement: str
    check: Check
    hints: tuple[str, ...] = ()
    answer: str = ""
    """What a reveal shows (the issue's 'answer')."""
    ask: tuple[str, ...] = ()
    """Names the person types values for (predict and find); empty for achieve."""
    start: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    """The settings the screen opens with: every setting of its lesson (pinned by
    `exercises.quantities.check_start`)."""
    source: str = "built-in"
    line: int = 0
    """The line of its id in the file (0 for the Puzzle's levels)."""
    level: str | None = None
    """For a Puzzle level: its key (its records are the Puzzle's own)."""

    def quantities(
        self, state: Any, start_state: Any, answers: tuple[float, ...] = ()
    ) -> dict[str, Any]:
        """The values the check reads: the screen's quantities and the typed answers."""
        values = dict(qty.quantities(self.screen, state, start_state))
        values.update(zip(self.ask, answers, strict=False))
        return values


@dataclass(frozen=True)
class Course:
    """Exercises in order, and the problems met while reading them (one line each)."""

    exercises: tuple[Exercise, ...]
    errors: tuple[str, ...] = ()

    def by_id(self, exercise_id: str) -> Exercise | None:
        return next((e for e in self.exercises if e.id == exercise_id), None)

    def extended(self, other: Course) -> Course:
        """This course followed by `other`'s exercises whose ids are new; a clash is an error."""
        ids = {e.id for e in self.exercises}
        added, errors = [], list(self.errors) + list(other.errors)
        for exercise in other.exercises:
            if exercise.id in ids:
                errors.append(
                    f"{exercise.source} line {exercise.line}, key id: '{exercise.id}' "
                    "is already in the course; choose another id"
                )
                continue
            ids.add(exercise.id)
            added.append(exercise)
        return Course(self.exercises + tuple(added), tuple(errors))


def grouped(exercises: tuple[Exercise, ...], order: list[str]) -> list[tuple[str, list[Exercise]]]:
    """The exercises under one heading per screen, screens in `order` (others last) and each
    screen's exercises in course order (a teacher's course adds to the built-in groups)."""
    groups: dict[str, list[Exercise]] = {}
    for exercise in exercises:
        groups.setdefault(exercise.screen, []).append(exercise)
    return sorted(
        groups.items(), key=lambda item: order.index(item[0]) if item[0] in order else len(order)
    )


def parse_course(text: str, source: str = "course") -> Course:
    """Read a course from TOML text; a broken exercise is skipped and reported.

    Args:
        text: the file's contents.
        source: how messages name the file.

    Returns:
        The good exercises, and one message per problem ("FILE line N, key K: what").
    """
    if len(text.encode("utf-8", "replace")) > MAX_FILE_BYTES:
        return Course((), (f"{source}: the file is larger than {MAX_FILE_BYTES // 1024} KB",))
    deep = nesting_problem(text)
    if deep is not None:
        return Course(
            (),
            (
                f"{source} line {deep}{key_at(text, deep)}: values nested more than "
                f"{MAX_NESTING} levels deep",
            ),
        )
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        return Course((), (toml_error(text, source, str(error)),))
    except RecursionError:  # not reached after nesting_problem; kept as a last guard
        return Course((), (f"{source}: values nested too deeply",))
    unknown = [k for k in data if k != "exercise"]
    errors: list[str] = [
        f"{source}{_line_of(text, k)}, key {printable(k, limit=40)}: unknown top-level key "
        "(expected [[exercise]] tables)"
        for k in unknown
    ]
    tables = data.get("exercise", [])
    if not isinstance(tables, list) or not all(isinstance(t, dict) for t in tables):
        return Course((), (*errors, f"{source}: 'exercise' must be [[exercise]] tables"))
    if len(tables) > MAX_EXERCISES:
        errors.append(f"{source}: {len(tables)} exercises; only the first {MAX_EXERCISES} are read")
        tables = tables[:MAX_EXERCISES]
    lines = key_lines(text)
    exercises: list[Exercise] = []
    seen: set[str] = set()
    for index, table in enumerate(tables):
        header, keys = lines[index] if index < len(lines) else (0, {})
        try:
            exercise = _exercise(table, source, header, keys)
        except CourseError as error:
            errors.append(str(error))
            continue
        if exercise.id in seen:
            errors.append(
                f"{source} line {keys.get('id', header)}, key id: '{exercise.id}' "
                "appears twice; the first is kept"
            )
            continue
        seen.add(exercise.id)
        exercises.append(exercise)
    return Course(tuple(exercises), tuple(errors))


def _line_of(text: str, key: str) -> str:
    """' line N' for where the top-level `key` is set or opened, or '' if not found."""
    pattern = re.compile(rf"^\s*(?:\[+\s*)?[\"']?{re.escape(key)}[\"']?\s*(?:=|\]|\.)")
    for number, line in enumerate(text.splitlines(), start=1):
        if pattern.match(line):
            return f" line {number}"
    return ""


def _exercise(table: dict[str, Any], source: str, header: int, keys: dict[str, int]) -> Exercise:
    def fail(key: str, message: str) -> CourseError:
        return CourseError(f"{source} line {keys.get(key, header)}, key {key}: {message}")

    for key in table:
        if key not in KEYS:
            close = difflib.get_close_matches(key, KEYS, n=1)
            offer = f"; did you mean {close[0]}?" if close else ""
            raise fail(key, f"unknown key{offer} (keys: {', '.join(KEYS)})")

    def text(key: str, *, required: bool = True, limit: int = MAX_TEXT) -> str:
        value = table.get(key)
        if value is None:
            if required:
                raise CourseError(
                    f"{source} line {header}, key {key}: missing (every exercise "
                    "needs id, screen, kind, statement and check)"
                )
            return ""
        if not isinstance(value, str):
            raise fail(key, f"must be a quoted text, not {type(value).__name__}")
        value = value.strip()
        if required and not value:
            raise fail(key, "is empty")
        if len(value) > limit:
            raise fail(key, f"is too long ({len(value)} characters; at most {limit})")
        return value

    exercise_id = text("id", limit=48)
    if not _ID.match(exercise_id):
        raise fail("id", f"'{exercise_id}' must be lower-case letters, digits, - and _")
    screen = text("screen")
    if screen not in qty.SCREENS:
        raise fail("screen", f"unknown screen '{screen}'; choose one of {', '.join(qty.SCREENS)}")
    kind = text("kind")
    if kind not in KINDS:
        raise fail("kind", f"unknown kind '{kind}'; choose one of {', '.join(KINDS)}")
    statement = text("statement")
    title = text("title", required=False, limit=60) or _title(statement)
    hints = table.get("hints", [])
    if not isinstance(hints, list) or not all(isinstance(h, str) and h.strip() for h in hints):
        raise fail("hints", 'must be a list of quoted texts, e.g. hints = ["first", "second"]')
    if len(hints) > MAX_HINTS:
        raise fail("hints", f"{len(hints)} hints; at most {MAX_HINTS}")
    if any(len(h) > MAX_TEXT for h in hints):
        raise fail("hints", f"a hint is longer than {MAX_TEXT} characters")
    answer = text("answer", required=False)
    ask = table.get("ask", ["answer"] if kind == "predict" else [])
    if isinstance(ask, str):
        ask = [ask]
    names = qty.names(screen)
    if not isinstance(ask, list) or not all(isinstance(a, str) for a in ask):
        raise fail("ask", 'must be a list of names, e.g. ask = ["c", "x"]')
    if kind == "achieve" and ask:
        raise fail(
            "ask",
            "an achieve exercise is checked on the screen's state; "
            'use kind = "predict" or "find" to ask for typed values',
        )
    if kind == "find" and not ask:
        raise fail("ask", 'a find exercise needs the names to type, e.g. ask = ["x"]')
    if len(ask) > MAX_ASK:
        raise fail("ask", f"at most {MAX_ASK} names")
    for name in ask:
        if not _NAME.match(name) or name in RESERVED:
            raise fail("ask", f"'{name}' is not a usable name (letters, digits, _)")
        if name in names:
            raise fail("ask", f"'{name}' is already a quantity of the {screen} screen")
    if len(set(ask)) != len(ask):
        raise fail("ask", "a name appears twice")
    start = table.get("start", {})
    if not isinstance(start, dict):
        raise fail("start", "must be a table, e.g. start = { units = 5 }")
    try:
        start = qty.check_start(screen, start)
    except InputError as error:
        raise fail("start", str(error)) from None
    check_names = dict(names)
    check_names.update({a: Quantity(a, NUMBER, "typed") for a in ask})
    try:
        check = parse_check(text("check"), check_names)
    except CheckError as error:
        raise fail("check", str(error)) from None
    unused = [a for a in ask if a not in check.names()]
    if unused:
        raise fail("check", f"never uses the typed {', '.join(unused)}")
    return Exercise(
        exercise_id,
        screen,
        kind,
        title,
        statement,
        check,
        tuple(h.strip() for h in hints),
        answer,
        tuple(ask),
        MappingProxyType(start),
        source,
        keys.get("id", header),
    )


def _title(statement: str) -> str:
    first = statement.split(". ")[0].split("\n")[0]
    return first if len(first) <= 48 else first[:47].rstrip() + "..."


def puzzle_exercises() -> tuple[Exercise, ...]:
    """The Puzzle's built-in levels as exercises, as they are (hints, target, records)."""
    from relu_tui.lessons.puzzle.levels import LEVELS
    from relu_tui.lessons.puzzle.state import TOLERANCE

    check = parse_check("solved", qty.names("puzzle"))
    return tuple(
        Exercise(
            f"puzzle-{level.key}",
            "puzzle",
            "achieve",
            f"Puzzle level {level.key}: {level.title}",
            f"{level.story} Match the target "
            f"{level.target_text(compact=True)} (max error <= {TOLERANCE:g}).",
            check,
            level.hints,
            "s on the Puzzle screen shows the solution.",
            start=MappingProxyType({"level": level.key}),
            level=level.key,
        )
        for level in LEVELS
    )


def builtin_course() -> Course:
    """The built-in course: `relu_tui/exercises/builtin.toml`, with the Puzzle's levels in
    their place among the screens (after the Dosage exercises, before the file's Puzzle
    exercises)."""
    text = resources.files("relu_tui.exercises").joinpath("builtin.toml").read_text("utf-8")
    course = parse_course(text, "built-in course")
    order = list(qty.SCREENS)
    ranked = sorted(
        puzzle_exercises() + course.exercises, key=lambda e: order.index(e.screen)
    )  # stable: the levels, then file order within a screen
    return Course(tuple(ranked), course.errors)


def load_course_file(path: str) -> Course:
    """A teacher's course file (`course_file.read_course_text`); an unreadable file is one
    error, never an exception."""
    try:
        text = read_course_text(path)
    except CourseFileError as error:
        return Course((), (str(error),))
    return parse_course(text, printable(path, limit=200))
