"""Courses: exercises written as TOML data, and the small check language they are judged by.

A course file holds `[[exercise]]` tables. Each names a screen, a kind (predict, find,
achieve), a statement, hints, the starting state (launch options) and a check such as
`rmse < 0.01 and units <= 12` or `bump_peak_x == 0.7 ± 0.01`. Checks are parsed here by
a hand-written tokenizer and recursive-descent parser over a whitelist: numbers, quoted
names, the quantities the screen exposes (`core.quantities`), the typed answers, a few
functions, arithmetic, comparisons, and/or/not. Nothing in a file is ever run as code.
Every problem is reported with the file, the line and the key, and a broken exercise is
skipped without touching the others (or the built-in course).
"""

from __future__ import annotations

import difflib
import math
import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from importlib import resources
from types import MappingProxyType
from typing import Any

from relu_tui.core import quantities as qty
from relu_tui.core.fmt import fmt
from relu_tui.core.parse import InputError

KINDS = ("predict", "find", "achieve")
"""predict: type a number; find: type an input with a property; achieve: reach a state."""

MAX_CHECK_LENGTH = 400
"""Longest check accepted, in characters."""
MAX_TOKENS = 160
MAX_DEPTH = 24
"""Deepest nesting of parentheses, `not` and operators a check may have."""
MAX_FILE_BYTES = 256 * 1024
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


class CheckError(ValueError):
    """A check that cannot be read (at load time) or evaluated (on the state given)."""


# --------------------------------------------------------------------------- tokens

_TOKEN = re.compile(r"""
    (?P<space>\s+)
  | (?P<number>(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)
  | (?P<text>"[^"\n]{0,60}"|'[^'\n]{0,60}')
  | (?P<name>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<op>\+/-|±|\*\*|==|!=|<=|>=|[<>+\-*/(),])
""", re.VERBOSE)
_REWRITES = (("−", "-"), ("≤", "<="), ("≥", ">="), ("≠", "!="), ("×", "*"), ("·", "*"))
_KEYWORDS = {"and", "or", "not", "true", "false"}
_COMPARE = ("==", "!=", "<", "<=", ">", ">=")


@dataclass(frozen=True)
class _Token:
    kind: str
    text: str
    column: int


def _tokens(source: str) -> list[_Token]:
    tokens: list[_Token] = []
    position = 0
    while position < len(source):
        match = _TOKEN.match(source, position)
        if match is None:
            char = source[position]
            if char in "\"'":
                raise CheckError(f"unfinished quoted name at column {position + 1}")
            raise CheckError(f"'{char}' at column {position + 1} is not allowed in a check")
        kind = match.lastgroup or ""
        if kind != "space":
            text = match.group()
            if kind == "op" and text == "+/-":
                text = "±"
            if kind == "name" and text in _KEYWORDS:
                kind = "keyword"
            tokens.append(_Token(kind, text, position + 1))
        position = match.end()
    if len(tokens) > MAX_TOKENS:
        raise CheckError(f"check is too long ({len(tokens)} parts; at most {MAX_TOKENS})")
    return tokens


# --------------------------------------------------------------------------- syntax tree

NUMBER, TEXT, FLAG = "number", "text", "flag"


@dataclass(frozen=True)
class Node:
    """One part of a parsed check: `op` with its operands, typed when parsed."""

    op: str
    """'num', 'text', 'flag', 'name', 'call', 'neg', 'not', 'and', 'or', an arithmetic
    operator or a comparison."""
    args: tuple[Any, ...]
    type: str
    source: str
    """The check's text this node was read from (for messages)."""


class _Parser:
    """Recursive descent over the tokens; every node is type-checked as it is built."""

    def __init__(self, source: str, names: Mapping[str, qty.Quantity]) -> None:
        self.source = source
        self.tokens = _tokens(source)
        self.index = 0
        self.depth = 0
        self.names = names

    # reading tokens
    def peek(self) -> _Token | None:
        return self.tokens[self.index] if self.index < len(self.tokens) else None

    def take(self, *texts: str) -> _Token | None:
        token = self.peek()
        if token is not None and token.text in texts and token.kind in ("op", "keyword"):
            self.index += 1
            return token
        return None

    def expect(self, text: str, what: str) -> None:
        if self.take(text) is None:
            token = self.peek()
            where = f"'{token.text}' at column {token.column}" if token else "the end"
            raise CheckError(f"expected {what}, found {where}")

    def span(self, start: int) -> str:
        first = self.tokens[start].column - 1
        last = self.tokens[self.index - 1]
        return self.source[first:last.column - 1 + len(last.text)]

    def nested(self) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise CheckError(f"check is nested too deeply (at most {MAX_DEPTH} levels)")

    # grammar
    def parse(self) -> Node:
        if not self.tokens:
            raise CheckError("the check is empty")
        node = self.disjunction()
        token = self.peek()
        if token is not None:
            hint = " (join conditions with and / or)" if token.kind in ("name", "number") else ""
            raise CheckError(f"unexpected '{token.text}' at column {token.column}{hint}")
        if node.type != FLAG:
            raise CheckError(f"'{node.source}' is a {node.type}, not a condition: compare it, "
                             "e.g. rmse < 0.01")
        return node

    def disjunction(self) -> Node:
        return self._logical("or", self.conjunction)

    def conjunction(self) -> Node:
        return self._logical("and", self.negation)

    def _logical(self, word: str, part: Callable[[], Node]) -> Node:
        start = self.index
        items = [part()]
        while self.take(word):
            items.append(part())
        if len(items) == 1:
            return items[0]
        for item in items:
            if item.type != FLAG:
                raise CheckError(f"'{item.source}' is a {item.type}; '{word}' joins conditions")
        return Node(word, tuple(items), FLAG, self.span(start))

    def negation(self) -> Node:
        start = self.index
        if self.take("not"):
            self.nested()
            inner = self.negation()
            self.depth -= 1
            if inner.type != FLAG:
                raise CheckError(f"'not' needs a condition, not the {inner.type} '{inner.source}'")
            return Node("not", (inner,), FLAG, self.span(start))
        return self.comparison()

    def comparison(self) -> Node:
        start = self.index
        left = self.sum()
        token = self.peek()
        if token is None or token.text not in _COMPARE:
            return left
        self.index += 1
        right = self.sum()
        tolerance = None
        if self.take("±"):
            tolerance = self.sum()
            if token.text not in ("==", "!="):
                raise CheckError("± goes with == or !=, e.g. bump_peak_x == 0.7 ± 0.01")
            if tolerance.type != NUMBER:
                raise CheckError(f"the tolerance '{tolerance.source}' must be a number")
        after = self.peek()
        if after is not None and after.text in _COMPARE:
            raise CheckError(f"chained comparison at column {after.column}: write "
                             "a < b and b < c")
        self._check_compare(token.text, left, right)
        return Node(token.text, (left, right, tolerance), FLAG, self.span(start))

    @staticmethod
    def _check_compare(op: str, left: Node, right: Node) -> None:
        if left.type != right.type:
            raise CheckError(f"cannot compare the {left.type} '{left.source}' with the "
                             f"{right.type} '{right.source}'")
        if left.type in (TEXT, FLAG) and op not in ("==", "!="):
            raise CheckError(f"'{left.source}' is a {left.type}: compare it with == or !=")

    def sum(self) -> Node:
        return self._arithmetic(("+", "-"), self.product)

    def product(self) -> Node:
        return self._arithmetic(("*", "/"), self.unary)

    def _arithmetic(self, ops: tuple[str, ...], part: Callable[[], Node]) -> Node:
        start = self.index
        node = part()
        while (token := self.take(*ops)) is not None:
            right = part()
            for item in (node, right):
                if item.type != NUMBER:
                    raise CheckError(f"'{token.text}' needs numbers; '{item.source}' is a "
                                     f"{item.type}")
            node = Node(token.text, (node, right), NUMBER, self.span(start))
        return node

    def unary(self) -> Node:
        start = self.index
        if self.take("-"):
            self.nested()
            inner = self.unary()
            self.depth -= 1
            if inner.type != NUMBER:
                raise CheckError(f"'-' needs a number, not the {inner.type} '{inner.source}'")
            return Node("neg", (inner,), NUMBER, self.span(start))
        if self.take("+"):
            return self.unary()
        return self.power()

    def power(self) -> Node:
        start = self.index
        base = self.atom()
        if self.take("**"):
            self.nested()
            exponent = self.unary()
            self.depth -= 1
            for item in (base, exponent):
                if item.type != NUMBER:
                    raise CheckError(f"'**' needs numbers; '{item.source}' is a {item.type}")
            return Node("**", (base, exponent), NUMBER, self.span(start))
        return base

    def atom(self) -> Node:
        start = self.index
        token = self.peek()
        if token is None:
            raise CheckError("the check ends too early")
        self.index += 1
        if token.kind == "number":
            value = float(token.text)
            if not math.isfinite(value):
                raise CheckError(f"{token.text} is too large")
            return Node("num", (value,), NUMBER, token.text)
        if token.kind == "text":
            return Node("text", (token.text[1:-1],), TEXT, token.text)
        if token.kind == "keyword" and token.text in ("true", "false"):
            return Node("flag", (token.text == "true",), FLAG, token.text)
        if token.kind == "name":
            return self.name(token, start)
        if token.text == "(":
            self.nested()
            inner = self.disjunction()
            self.depth -= 1
            self.expect(")", "')'")
            return Node(inner.op, inner.args, inner.type, self.span(start))
        raise CheckError(f"unexpected '{token.text}' at column {token.column}")

    def name(self, token: _Token, start: int) -> Node:
        known = self.names.get(token.text)
        if known is None:
            close = difflib.get_close_matches(token.text, list(self.names), n=3)
            offer = f"; did you mean {', '.join(close)}?" if close else ""
            raise CheckError(f"unknown name '{token.text}'{offer}")
        if known.kind != "function":
            if self.peek() is not None and self.peek().text == "(":  # type: ignore[union-attr]
                raise CheckError(f"'{token.text}' is a {known.kind}, not a function")
            return Node("name", (token.text,), known.kind, token.text)
        if self.take("(") is None:
            raise CheckError(f"'{token.text}' is a function: write {token.text}(...)")
        self.nested()
        args: list[Node] = []
        if self.take(")") is None:
            args.append(self.sum())
            while self.take(","):
                args.append(self.sum())
            self.expect(")", f"')' after the arguments of {token.text}")
        self.depth -= 1
        if len(args) != known.arity:
            plural = "argument" if known.arity == 1 else "arguments"
            raise CheckError(f"{token.text}() takes {known.arity} {plural}, not {len(args)}")
        for arg in args:
            if arg.type != NUMBER:
                raise CheckError(f"{token.text}() takes numbers; '{arg.source}' is a {arg.type}")
        return Node("call", (token.text, tuple(args)), NUMBER, self.span(start))


@dataclass(frozen=True)
class Check:
    """A parsed, type-checked check; call `evaluate` with the quantities' values."""

    text: str
    tree: Node = field(repr=False)

    def names(self) -> frozenset[str]:
        """Every quantity or answer name the check reads (functions excluded)."""
        found: set[str] = set()

        def walk(node: Any) -> None:
            if isinstance(node, Node):
                if node.op == "name":
                    found.add(node.args[0])
                for arg in node.args:
                    walk(arg)
            elif isinstance(node, tuple):
                for item in node:
                    walk(item)

        walk(self.tree)
        return frozenset(found)

    def evaluate(self, values: Mapping[str, Any]) -> bool:
        """True when the check holds for these values.

        Raises:
            CheckError: a value is missing, or arithmetic is undefined (e.g. division by 0).
        """
        return bool(_evaluate(self.tree, values))

    def failing_part(self, values: Mapping[str, Any]) -> str | None:
        """The first of the top-level `and` conditions that does not hold, as written."""
        parts = self.tree.args if self.tree.op == "and" else (self.tree,)
        for part in parts:
            if not _evaluate(part, values):
                return part.source
        return None


def parse_check(text: str, names: Mapping[str, qty.Quantity]) -> Check:
    """Read a check against the names it may use.

    Raises:
        CheckError: too long, bad syntax, an unknown name, or types that do not fit; the
            message says which, with the column where it helps.
    """
    source = text.strip()
    if len(source) > MAX_CHECK_LENGTH:
        raise CheckError(f"check is too long ({len(source)} characters; at most "
                         f"{MAX_CHECK_LENGTH})")
    for old, new in _REWRITES:
        source = source.replace(old, new)
    return Check(text.strip(), _Parser(source, names).parse())


def _evaluate(node: Node, values: Mapping[str, Any]) -> Any:
    op, args = node.op, node.args
    if op in ("num", "text", "flag"):
        return args[0]
    if op == "name":
        if args[0] not in values:
            raise CheckError(f"no value for '{args[0]}'")
        return values[args[0]]
    if op == "and":
        return all(_evaluate(arg, values) for arg in args)
    if op == "or":
        return any(_evaluate(arg, values) for arg in args)
    if op == "not":
        return not _evaluate(args[0], values)
    if op == "neg":
        return -_number(_evaluate(args[0], values), node)
    if op == "call":
        function = values.get(args[0])
        if function is None:
            raise CheckError(f"no value for '{args[0]}'")
        numbers = [_number(_evaluate(arg, values), arg) for arg in args[1]]
        try:
            return _number(float(function(*numbers)), node)
        except (InputError, ValueError, OverflowError, ZeroDivisionError) as error:
            raise CheckError(f"{node.source}: {error}") from None
    if op in ("+", "-", "*", "/", "**"):
        left = _number(_evaluate(args[0], values), args[0])
        right = _number(_evaluate(args[1], values), args[1])
        try:
            result = {"+": lambda: left + right, "-": lambda: left - right,
                      "*": lambda: left * right, "/": lambda: left / right,
                      "**": lambda: left ** right}[op]()
        except ZeroDivisionError:
            raise CheckError(f"{node.source} divides by zero") from None
        except OverflowError:
            raise CheckError(f"{node.source} is too large") from None
        if isinstance(result, complex):
            raise CheckError(f"{node.source} is not a real number")
        return _number(result, node)
    left, right, tolerance = args
    a, b = _evaluate(left, values), _evaluate(right, values)
    if op in ("==", "!="):
        if left.type == NUMBER:
            if tolerance is not None:
                width = abs(_number(_evaluate(tolerance, values), tolerance))
                same = abs(float(a) - float(b)) <= width * (1 + 1e-12)
            else:
                same = math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-12)
        else:
            same = a == b
        return same if op == "==" else not same
    a, b = float(a), float(b)
    return {"<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b}[op]


def _number(value: Any, node: Node) -> float:
    number = float(value)
    if not math.isfinite(number):
        raise CheckError(f"{node.source} is not a finite number ({fmt(number)})")
    return number


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
    """Launch options the screen opens with (`core.quantities.START_KEYS`)."""
    source: str = "built-in"
    line: int = 0
    """The line of its id in the file (0 for the Puzzle's levels)."""
    level: str | None = None
    """For a Puzzle level: its key (its records are the Puzzle's own)."""

    def quantities(self, state: Any, start_state: Any,
                   answers: tuple[float, ...] = ()) -> dict[str, Any]:
        """The values the check reads: the screen's quantities and the typed answers."""
        values = dict(qty.quantities(self.screen, state, start_state))
        values.update(zip(self.ask, answers, strict=False))
        return values


@dataclass(frozen=True)
class Verdict:
    """The answer to `c`: solved or not yet, and a sentence for the task bar."""

    solved: bool
    message: str


def judge(exercise: Exercise, state: Any, start_state: Any,
          answers: tuple[float, ...] = ()) -> Verdict:
    """Check `state` (and typed answers) against the exercise; never raises for bad values."""
    if exercise.ask and len(answers) != len(exercise.ask):
        return Verdict(False, f"type {' and '.join(exercise.ask)} first")
    values = exercise.quantities(state, start_state, answers)
    try:
        if exercise.check.evaluate(values):
            return Verdict(True, "solved")
        if exercise.kind != "achieve":
            shown = ", ".join(f"{name} = {fmt(v)}" for name, v in zip(exercise.ask, answers,
                                                                     strict=True))
            return Verdict(False, f"not yet: {shown} is not it")
        failing = exercise.check.failing_part(values)
    except CheckError as error:
        return Verdict(False, f"not yet: {error}")
    if failing is None:
        return Verdict(False, "not yet")
    now = ", ".join(f"{name} = {_show(values[name])}" for name in sorted(exercise.check.names())
                    if name in values and name in failing)
    return Verdict(False, f"not yet: {failing}" + (f" (now {now})" if now else ""))


def _show(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, str):
        return f'"{value}"'
    return fmt(float(value), 6)


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
                errors.append(f"{exercise.source} line {exercise.line}, key id: '{exercise.id}' "
                              "is already in the course; choose another id")
                continue
            ids.add(exercise.id)
            added.append(exercise)
        return Course(self.exercises + tuple(added), tuple(errors))


def _key_lines(text: str) -> list[tuple[int, dict[str, int]]]:
    """For each [[exercise]] table in order: its header line and the line of each key."""
    tables: list[tuple[int, dict[str, int]]] = []
    header = re.compile(r"^\s*\[\[\s*exercise\s*\]\]")
    key = re.compile(r"^\s*(?:\[\s*exercise\.)?([A-Za-z_][A-Za-z0-9_-]*)")
    for number, line in enumerate(text.splitlines(), start=1):
        if header.match(line):
            tables.append((number, {}))
        elif tables:
            found = key.match(line)
            if found and ("=" in line or line.lstrip().startswith("[")):
                tables[-1][1].setdefault(found.group(1), number)
    return tables


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
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        return Course((), (f"{source}: not valid TOML: {error}",))
    unknown = [k for k in data if k != "exercise"]
    errors: list[str] = [f"{source}: unknown top-level key '{k}' (expected [[exercise]] tables)"
                         for k in unknown]
    tables = data.get("exercise", [])
    if not isinstance(tables, list) or not all(isinstance(t, dict) for t in tables):
        return Course((), (*errors, f"{source}: 'exercise' must be [[exercise]] tables"))
    if len(tables) > MAX_EXERCISES:
        errors.append(f"{source}: {len(tables)} exercises; only the first {MAX_EXERCISES} "
                      "are read")
        tables = tables[:MAX_EXERCISES]
    lines = _key_lines(text)
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
            errors.append(f"{source} line {keys.get('id', header)}, key id: '{exercise.id}' "
                          "appears twice; the first is kept")
            continue
        seen.add(exercise.id)
        exercises.append(exercise)
    return Course(tuple(exercises), tuple(errors))


def _exercise(table: dict[str, Any], source: str, header: int,
              keys: dict[str, int]) -> Exercise:
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
                raise CourseError(f"{source} line {header}, key {key}: missing (every exercise "
                                  "needs id, screen, kind, statement and check)")
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
        raise fail("screen", f"unknown screen '{screen}'; choose one of "
                   f"{', '.join(qty.SCREENS)}")
    kind = text("kind")
    if kind not in KINDS:
        raise fail("kind", f"unknown kind '{kind}'; choose one of {', '.join(KINDS)}")
    statement = text("statement")
    title = text("title", required=False, limit=60) or _title(statement)
    hints = table.get("hints", [])
    if not isinstance(hints, list) or not all(isinstance(h, str) and h.strip() for h in hints):
        raise fail("hints", "must be a list of quoted texts, e.g. hints = [\"first\", \"second\"]")
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
        raise fail("ask", "must be a list of names, e.g. ask = [\"c\", \"x\"]")
    if kind == "achieve" and ask:
        raise fail("ask", "an achieve exercise is checked on the screen's state; "
                   "use kind = \"predict\" or \"find\" to ask for typed values")
    if kind == "find" and not ask:
        raise fail("ask", "a find exercise needs the names to type, e.g. ask = [\"x\"]")
    if len(ask) > MAX_ASK:
        raise fail("ask", f"at most {MAX_ASK} names")
    for name in ask:
        if not _NAME.match(name) or name in _KEYWORDS:
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
    check_names.update({a: qty.Quantity(a, NUMBER, "typed") for a in ask})
    try:
        check = parse_check(text("check"), check_names)
    except CheckError as error:
        raise fail("check", str(error)) from None
    unused = [a for a in ask if a not in check.names()]
    if unused:
        raise fail("check", f"never uses the typed {', '.join(unused)}")
    return Exercise(exercise_id, screen, kind, title, statement, check, tuple(h.strip() for h in
                    hints), answer, tuple(ask), MappingProxyType(start), source,
                    keys.get("id", header))


def _title(statement: str) -> str:
    first = statement.split(". ")[0].split("\n")[0]
    return first if len(first) <= 48 else first[:47].rstrip() + "..."


def puzzle_exercises() -> tuple[Exercise, ...]:
    """The Puzzle's built-in levels as exercises, as they are (hints, target, records)."""
    from relu_tui.core.puzzle import LEVELS

    check = parse_check("solved", qty.names("puzzle"))
    return tuple(
        Exercise(f"puzzle-{level.key}", "puzzle", "achieve", f"Puzzle level {level.key}: "
                 f"{level.title}", f"{level.story} Match the target "
                 f"{level.target_text(compact=True)} (max error <= 0.05).", check,
                 level.hints, "s on the Puzzle screen shows the solution.",
                 start=MappingProxyType({"level": level.key}), level=level.key)
        for level in LEVELS)


def builtin_course() -> Course:
    """The built-in course: `relu_tui/course/builtin.toml`, then the Puzzle's levels in
    their place among the screens (after the Dosage exercises)."""
    text = resources.files("relu_tui.course").joinpath("builtin.toml").read_text("utf-8")
    course = parse_course(text, "built-in course")
    order = list(qty.SCREENS)
    ranked = sorted(course.exercises + puzzle_exercises(),
                    key=lambda e: order.index(e.screen))  # stable: file order within a screen
    return Course(tuple(ranked), course.errors)


def load_course_file(path: str) -> Course:
    """A teacher's course file; an unreadable file is one error, never an exception."""
    try:
        with open(path, "rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        return Course((), (f"{path}: cannot read it ({error.strerror or error})",))
    if len(raw) > MAX_FILE_BYTES:
        return Course((), (f"{path}: the file is larger than {MAX_FILE_BYTES // 1024} KB",))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return Course((), (f"{path}: not UTF-8 text",))
    return parse_course(text, path)


# --------------------------------------------------------------------------- an attempt


@dataclass(frozen=True)
class Attempt:
    """One go at an exercise: typed answers, hints shown, reveal, key presses, last verdict.

    Pure and frozen like the screens' states; the UI keeps the current one.
    """

    exercise: Exercise
    start: Any = field(repr=False)
    """The core state the screen was opened in (for "changed" counts)."""
    answers: tuple[float, ...] = ()
    hints_shown: int = 0
    revealed: bool = False
    presses: int = 0
    solved: bool = False
    message: str = ""
    """The latest verdict, hint or reveal, for the task bar."""

    @property
    def hints_left(self) -> int:
        return len(self.exercise.hints) - self.hints_shown

    def with_press(self, count: int = 1) -> Attempt:
        return replace(self, presses=self.presses + count)

    def with_hint(self) -> Attempt:
        """The next hint; after the last one, the answer (marked revealed, not solved)."""
        hints = self.exercise.hints
        if self.hints_shown < len(hints):
            shown = self.hints_shown + 1
            return replace(self, hints_shown=shown,
                           message=f"hint {shown}/{len(hints)}: {hints[shown - 1]}")
        answer = self.exercise.answer or "no answer was written for this exercise"
        return replace(self, revealed=True, message=f"answer (revealed, not solved): {answer}")

    def next_hint_label(self) -> str:
        """What `i` does next: 'hint 2/3', or 'answer' once the hints are used up."""
        if self.hints_shown < len(self.exercise.hints):
            return f"hint {self.hints_shown + 1}/{len(self.exercise.hints)}"
        return "answer"

    def judged(self, state: Any, answers: tuple[float, ...] | None = None) -> Attempt:
        """Check `state` (and the typed answers, when given) and keep the verdict."""
        typed = self.answers if answers is None else answers
        verdict = judge(self.exercise, state, self.start, typed)
        message = verdict.message
        solved = verdict.solved and not self.revealed
        if verdict.solved and self.revealed:
            message = "right, but the answer was revealed: not counted as solved"
        elif solved:
            message = f"solved in {self.presses} key presses"
        return replace(self, answers=typed, solved=self.solved or solved, message=message)


def ascii_text(text: str) -> str:
    """`text` with nothing above U+007F (for --ascii): common symbols spelled out."""
    table = {"²": "^2", "³": "^3", "±": "+-", "σ": "sigma", "−": "-", "·": "*", "×": "x",
             "≤": "<=", "≥": ">=", "≠": "!=", "π": "pi", "…": "...", "→": "->", "–": "-",
             "—": "-", "’": "'", "‘": "'", "“": '"', "”": '"', "₀": "0", "₁": "1", "₂": "2",
             "₃": "3", "₄": "4", "φ": "phi", "Φ": "Phi"}
    return "".join(c if ord(c) < 128 else table.get(c, "?") for c in text)
