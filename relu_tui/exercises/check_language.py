"""The check language of exercises: a safe tokenizer, parser and evaluator.

A check such as `rmse < 0.01 and units <= 12` or `bump_peak_x == 0.7 ± 0.01` is read by a
hand-written tokenizer and recursive-descent parser over a whitelist: numbers, quoted names,
the quantities a screen exposes (`exercises.quantities`), the typed answers, a few functions,
arithmetic, comparisons, and/or/not. Nothing is ever run as code; length, token count and
nesting are bounded.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from relu_tui.base.fmt import fmt
from relu_tui.base.parse import InputError
from relu_tui.exercises import quantities as qty

MAX_CHECK_LENGTH = 400
"""Longest check accepted, in characters."""
MAX_TOKENS = 160
MAX_DEPTH = 24
"""Deepest nesting of parentheses, `not` and operators a check may have."""


class CheckError(ValueError):
    """A check that cannot be read (at load time) or evaluated (on the state given)."""


# --------------------------------------------------------------------------- tokens

_TOKEN = re.compile(
    r"""
    (?P<space>\s+)
  | (?P<number>(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)
  | (?P<text>"[^"\n]{0,60}"|'[^'\n]{0,60}')
  | (?P<name>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<op>\+/-|±|\*\*|==|!=|<=|>=|[<>+\-*/(),])
""",
    re.VERBOSE,
)
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
        return self.source[first : last.column - 1 + len(last.text)]

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
            raise CheckError(
                f"'{node.source}' is a {node.type}, not a condition: compare it, e.g. rmse < 0.01"
            )
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
            raise CheckError(f"chained comparison at column {after.column}: write a < b and b < c")
        self._check_compare(token.text, left, right)
        return Node(token.text, (left, right, tolerance), FLAG, self.span(start))

    @staticmethod
    def _check_compare(op: str, left: Node, right: Node) -> None:
        if left.type != right.type:
            raise CheckError(
                f"cannot compare the {left.type} '{left.source}' with the "
                f"{right.type} '{right.source}'"
            )
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
                    raise CheckError(
                        f"'{token.text}' needs numbers; '{item.source}' is a {item.type}"
                    )
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
        raise CheckError(
            f"check is too long ({len(source)} characters; at most {MAX_CHECK_LENGTH})"
        )
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
            result = {
                "+": lambda: left + right,
                "-": lambda: left - right,
                "*": lambda: left * right,
                "/": lambda: left / right,
                "**": lambda: left**right,
            }[op]()
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
