"""The rules of the safe expression language (`base.expr`): its limits, its sugar, the
whitelist of syntax, and the kind (number, text, flag) of every part of a text."""

from __future__ import annotations

import ast
import difflib
import keyword
import math
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Protocol, cast

from relu_tui.base.parse import InputError

MAX_LENGTH = 400
"""Longest text accepted, in characters (after trimming spaces)."""

MAX_NODES = 200
"""Most syntax-tree nodes accepted: bounds the work one evaluation can do."""

MAX_DEPTH = 32
"""Deepest nesting of parentheses and of operators (a chain such as a + b + c is one level)."""

MAX_TEXT = 60
"""Longest quoted text in a check."""

NUMBER, TEXT, FLAG, FUNCTION = "number", "text", "flag", "function"
"""The kinds of value a name or a part of an expression has."""

RESERVED = frozenset(keyword.kwlist) | {"true", "false"}
"""Words that cannot name a value (Python's keywords and the flags)."""


class Symbol(Protocol):
    """A name an expression may use: its kind, and a function's number of arguments."""

    @property
    def kind(self) -> str: ...

    @property
    def arity(self) -> int: ...


@dataclass(frozen=True)
class Name:
    """A plain `Symbol`."""

    kind: str
    arity: int = 0


@dataclass(frozen=True)
class Vocabulary:
    """What a text may use and what it must be.

    Attributes:
        names: every name it may use, with its kind (and arity for functions).
        condition: a check (comparisons, and/or/not, quoted texts; the result is a flag)
            rather than a number.
        what: the word messages use for the text ("expression", "check").
        example: an example shown when the text is empty.
        hint: what to use instead of an unknown name.
    """

    names: Mapping[str, Symbol]
    condition: bool
    what: str
    example: str
    hint: str = ""


COMPARISONS: dict[type[ast.cmpop], str] = {
    ast.Eq: "==",
    ast.NotEq: "!=",
    ast.Lt: "<",
    ast.LtE: "<=",
    ast.Gt: ">",
    ast.GtE: ">=",
}
SYMBOLS: dict[type[ast.operator], str] = {
    ast.Add: "+",
    ast.Sub: "-",
    ast.Mult: "*",
    ast.Div: "/",
    ast.Pow: "**",
    ast.Mod: "%",
}
"""The arithmetic operators, as typed."""

_NODE_WORDS: dict[type[ast.AST], str] = {
    ast.Compare: "comparisons",
    ast.BoolOp: "and/or",
    ast.IfExp: "if/else",
    ast.Lambda: "lambda",
    ast.Subscript: "indexing with []",
    ast.List: "lists",
    ast.Tuple: "tuples",
    ast.Dict: "dicts",
    ast.Set: "sets",
    ast.ListComp: "comprehensions",
    ast.GeneratorExp: "comprehensions",
    ast.SetComp: "comprehensions",
    ast.DictComp: "comprehensions",
    ast.JoinedStr: "text",
    ast.NamedExpr: ":=",
    ast.Starred: "*arguments",
    ast.Await: "await",
    ast.Yield: "yield",
    ast.Slice: "slices",
}
_OPERATOR_WORDS: dict[type[ast.AST], str] = {
    ast.FloorDiv: "//",
    ast.MatMult: "@",
    ast.BitAnd: "&",
    ast.BitOr: "|",
    ast.BitXor: "^",
    ast.LShift: "<<",
    ast.RShift: ">>",
    ast.Invert: "~",
    ast.Not: "not",
    ast.Is: "is",
    ast.IsNot: "is not",
    ast.In: "in",
    ast.NotIn: "not in",
}
_REWRITES = (
    ("+/-", " | "),  # a == b ± t: `|` sits between comparisons and + -, as ± does
    ("±", "|"),
    ("−", "-"),
    ("×", "*"),
    ("·", "*"),
    ("≤", "<="),
    ("≥", ">="),
    ("≠", "!="),
    ("π", "pi"),
    ("²", "**2"),
    ("³", "**3"),
    ("^", "**"),
)
"""Sugar rewritten outside quoted texts before parsing; `|` itself is not in the language,
so every `|` parsed came from a ±."""


def clip(text: str, size: int = 24) -> str:
    return text if len(text) <= size else text[: size - 1] + "…"


def segment(source: str, node: ast.AST) -> str:
    """The text of one part of `source`, with ± shown as typed."""
    found = ast.get_source_segment(source, node) or source
    return found.replace(" | ", " ± ").replace("|", "±")


def pieces(source: str) -> Iterator[tuple[str, bool]]:
    """The source in pieces: (piece, is a quoted text)."""
    for piece in re.split(r"(\"[^\"\n]*\"?|'[^'\n]*'?)", source):
        if piece:
            yield piece, piece[0] in "\"'"


def rewritten(raw: str) -> str:
    """The sugar rewritten outside quoted texts.

    Raises:
        InputError: a `|` typed (it is reserved for ±).
    """
    out = []
    for piece, quoted in pieces(raw):
        if not quoted:
            if "|" in piece:
                raise InputError("the operator | is not allowed: use + - * / ** % (and ±)")
            for old, new in _REWRITES:
                piece = piece.replace(old, new)
        out.append(piece)
    return "".join(out)


def bracket_depth(source: str) -> int:
    deepest = depth = 0
    for piece, quoted in pieces(source):
        if quoted:
            continue
        for char in piece:
            if char in "([{":
                depth += 1
                deepest = max(deepest, depth)
            elif char in ")]}":
                depth -= 1
    return deepest


def tree_depth(tree: ast.expr) -> int:
    """Nesting of operators; the left operand of a chain (a + b + c) adds no level."""
    deepest = 0
    stack: list[tuple[ast.AST, int]] = [(tree, 1)]
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        if deepest > MAX_DEPTH:
            return deepest
        for child in ast.iter_child_nodes(node):
            if not isinstance(child, ast.expr):
                continue
            chained = isinstance(node, ast.BinOp) and child is node.left
            stack.append((child, depth if chained else depth + 1))
    return deepest


def syntax_message(source: str, error: SyntaxError, vocabulary: Vocabulary) -> str:
    column = f" at column {error.offset}" if error.offset else ""
    reason = (error.msg or "invalid syntax").split("(")[0].strip()
    if "unterminated string" in reason:
        return f"unfinished quoted text{column}"
    if not error.offset or error.offset > len(source.rstrip()):
        return f"the {vocabulary.what} ends too early"
    if vocabulary.condition:
        rest = source[error.offset - 1 :]
        word = re.match(r"[A-Za-z_]\w*|\d[\d.eE]*", rest)
        if word and re.search(r"[\w)\"']\s+$", source[: error.offset - 1]):
            return f"unexpected '{word[0]}'{column} (join conditions with and / or)"
    match = re.search(r"(\d)\s*([A-Za-z_]\w*|\()", source)
    if match and not vocabulary.condition:
        return f"syntax error{column}: write {match[1]}*{match[2]}, not {match[0]}"
    match = re.search(r"\b([A-Za-z_]\w*)\s+(\w+)", source)
    if match and vocabulary.names.get(match[1], Name(NUMBER)).kind == FUNCTION:
        return f"syntax error{column}: write {match[1]}({match[2]}), not {match[0]}"
    if source.count("(") != source.count(")"):
        return f"syntax error{column}: unbalanced parentheses"
    return f"syntax error{column}: {reason}"


def check_node(node: ast.AST, source: str, vocabulary: Vocabulary) -> None:
    """Refuse anything outside the whitelist, with a message naming it."""
    part = clip(segment(source, node)) if hasattr(node, "lineno") else ""
    if isinstance(node, ast.Constant):
        value = node.value
        if isinstance(value, str) and vocabulary.condition:
            if len(value) > MAX_TEXT:
                raise InputError(f"the quoted text {part} is longer than {MAX_TEXT}")
            return
        if isinstance(value, complex):
            raise InputError(f"complex numbers like {part} are not allowed")
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise InputError(f"{part} is not allowed: {vocabulary.hint or 'use numbers'}")
        if not math.isfinite(float(value)):
            raise InputError(f"{part} is too large")
    elif isinstance(node, ast.Name):
        if node.id not in vocabulary.names and not (
            vocabulary.condition and node.id in ("true", "false")
        ):
            close = difflib.get_close_matches(node.id, list(vocabulary.names), n=3)
            offer = f"; did you mean {', '.join(close)}?" if close else ""
            hint = f": {vocabulary.hint}" if vocabulary.hint and not close else ""
            raise InputError(f"unknown name '{clip(node.id)}'{offer}{hint}")
    elif isinstance(node, ast.Attribute):
        if isinstance(node.value, ast.Name) and node.attr in vocabulary.names:
            raise InputError(f"'{part}' is not allowed: write {node.attr}(…)")
        raise InputError(f"attributes like '.{clip(node.attr)}' are not allowed")
    elif isinstance(node, ast.Call):
        _check_call(node, part, vocabulary)
    elif isinstance(node, ast.BinOp):
        if type(node.op) not in SYMBOLS and not isinstance(node.op, ast.BitOr):
            word = _OPERATOR_WORDS.get(type(node.op), type(node.op).__name__)
            raise InputError(f"the operator {word} is not allowed: use + - * / ** %")
    elif isinstance(node, ast.UnaryOp):
        if not isinstance(node.op, ast.UAdd | ast.USub) and not (
            isinstance(node.op, ast.Not) and vocabulary.condition
        ):
            word = _OPERATOR_WORDS.get(type(node.op), type(node.op).__name__)
            raise InputError(f"the operator {word} is not allowed: use + - * / ** %")
    elif isinstance(node, ast.Compare | ast.BoolOp) and vocabulary.condition:
        _check_condition(node)
    elif isinstance(node, ast.Load | ast.operator | ast.unaryop | ast.cmpop | ast.boolop):
        return
    else:
        word = _NODE_WORDS.get(type(node), type(node).__name__)
        raise InputError(f"{word} not allowed in an {vocabulary.what} ({part})")


def _check_condition(node: ast.Compare | ast.BoolOp) -> None:
    if isinstance(node, ast.Compare):
        if len(node.ops) > 1:
            column = node.comparators[0].end_col_offset or 0
            raise InputError(f"chained comparison at column {column + 2}: write a < b and b < c")
        if type(node.ops[0]) not in COMPARISONS:
            word = _OPERATOR_WORDS.get(type(node.ops[0]), "")
            raise InputError(f"'{word}' is not allowed: compare with == != < <= > >=")


def _check_call(node: ast.Call, segment: str, vocabulary: Vocabulary) -> None:
    if not isinstance(node.func, ast.Name):
        if isinstance(node.func, ast.Attribute):
            return  # the attribute itself is refused with its own message
        if isinstance(node.func, ast.Constant) and isinstance(node.func.value, int | float):
            raise InputError(f"write {node.func.value}*(…) to multiply, not {segment}")
        raise InputError(f"only named functions can be called, not {segment}")
    name = node.func.id
    known = vocabulary.names.get(name)
    if known is None:
        functions = [n for n, s in vocabulary.names.items() if s.kind == FUNCTION]
        close = difflib.get_close_matches(name, functions, n=3)
        offer = f"did you mean {', '.join(close)}?" if close else f"use {', '.join(functions)}"
        raise InputError(f"'{clip(name)}' is not an allowed function: {offer}")
    if known.kind != FUNCTION:
        raise InputError(f"'{name}' is a {known.kind}, not a function")
    if node.keywords:
        raise InputError(f"{name}() takes no keyword arguments")
    if len(node.args) != known.arity:
        plural = "argument" if known.arity == 1 else "arguments"
        raise InputError(f"{name}() takes {known.arity} {plural}, not {len(node.args)}")


class Kinds:
    """Gives every part its kind (number, text, flag), refusing parts that do not fit."""

    def __init__(self, source: str, vocabulary: Vocabulary) -> None:
        self.source = source
        self.names = vocabulary.names

    def _show(self, node: ast.AST) -> str:
        return clip(segment(self.source, node), 40)

    def of(self, node: ast.expr) -> str:
        if isinstance(node, ast.Constant):
            return TEXT if isinstance(node.value, str) else NUMBER
        if isinstance(node, ast.Name):
            if node.id in ("true", "false") and node.id not in self.names:
                return FLAG
            kind = self.names[node.id].kind
            if kind == FUNCTION:
                arguments = ", ".join(["x"] * self.names[node.id].arity)
                raise InputError(f"{node.id} is a function: write {node.id}({arguments})")
            return kind
        if isinstance(node, ast.Call):
            name = cast(ast.Name, node.func).id
            for arg in node.args:
                self._need(NUMBER, arg, f"{name}() takes numbers")
            return NUMBER
        if isinstance(node, ast.UnaryOp):
            if isinstance(node.op, ast.Not):
                self._need(FLAG, node.operand, "'not' needs a condition")
                return FLAG
            self._need(NUMBER, node.operand, "'-' needs a number")
            return NUMBER
        if isinstance(node, ast.BinOp):
            if isinstance(node.op, ast.BitOr):
                raise InputError("± goes with == or !=, e.g. bump_peak_x == 0.7 ± 0.01")
            word = _OPERATOR_WORDS.get(type(node.op)) or SYMBOLS[type(node.op)]
            self._need(NUMBER, node.left, f"'{word}' needs numbers")
            self._need(NUMBER, node.right, f"'{word}' needs numbers")
            return NUMBER
        if isinstance(node, ast.BoolOp):
            word = "and" if isinstance(node.op, ast.And) else "or"
            for value in node.values:
                self._need(FLAG, value, f"'{word}' joins conditions")
            return FLAG
        if isinstance(node, ast.Compare):
            return self._compare(node)
        raise InputError(f"'{self._show(node)}' is not allowed")  # refused before, by the whitelist

    def _need(self, kind: str, node: ast.expr, why: str) -> None:
        found = self.of(node)
        if found != kind:
            raise InputError(f"'{self._show(node)}' is a {found}; {why}")

    def _compare(self, node: ast.Compare) -> str:
        op = COMPARISONS[type(node.ops[0])]
        left, right = node.left, node.comparators[0]
        if isinstance(right, ast.BinOp) and isinstance(right.op, ast.BitOr):
            if op not in ("==", "!="):
                raise InputError("± goes with == or !=, e.g. bump_peak_x == 0.7 ± 0.01")
            if self.of(right.right) != NUMBER:
                raise InputError(f"the tolerance '{self._show(right.right)}' must be a number")
            right = right.left
        a, b = self.of(left), self.of(right)
        if a != b:
            raise InputError(
                f"cannot compare the {a} '{self._show(left)}' with the {b} '{self._show(right)}'"
            )
        if a in (TEXT, FLAG) and op not in ("==", "!="):
            raise InputError(f"'{self._show(left)}' is a {a}: compare it with == or !=")
        return FLAG
