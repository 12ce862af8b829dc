"""The one safe expression language: `ast` against a whitelist, evaluated with NumPy.

Targets in x (`sin(3*x) + x**2/4`, the Approximation screen and `--target`) and exercise
checks (`rmse < 0.01 and units <= 12`, `bump_peak_x == 0.7 ± 0.01`) are read by this one
parser and evaluator. A `Vocabulary` says which names a text may use (with their kinds:
number, text, flag or function) and whether it is a condition; everything else is refused
before evaluation, with a message naming the part. Python syntax, with a little sugar:
`^` and `²` for powers, `−`, `×`, `·`, `≤`, `≥`, `≠`, `π`, and `a == b ± t` (or `+/-`).
Nothing is ever run as code, and the length, the number of parts and the nesting depth
are bounded, so any text is read and evaluated in bounded time and stack.
"""

from __future__ import annotations

import ast
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import cast

import numpy as np

from relu_tui.base.expr_rules import (
    COMPARISONS,
    FLAG,
    FUNCTION,
    MAX_DEPTH,
    MAX_LENGTH,
    MAX_NODES,
    MAX_TEXT,
    NUMBER,
    RESERVED,
    TEXT,
    Kinds,
    Name,
    Symbol,
    Vocabulary,
    bracket_depth,
    check_node,
    clip,
    rewritten,
    segment,
    syntax_message,
    tree_depth,
)
from relu_tui.base.fmt import fmt
from relu_tui.base.parse import InputError
from relu_tui.base.types import FloatArray

__all__ = [
    "CONSTANTS",
    "FLAG",
    "FUNCTION",
    "FUNCTIONS",
    "MAX_DEPTH",
    "MAX_LENGTH",
    "MAX_NODES",
    "MAX_TEXT",
    "NUMBER",
    "RESERVED",
    "TARGET",
    "TEXT",
    "Expression",
    "Name",
    "Parsed",
    "Symbol",
    "Vocabulary",
    "parse",
    "parse_expression",
]


def _relu(x: FloatArray) -> FloatArray:
    return np.maximum(x, 0.0)


def _step(x: FloatArray) -> FloatArray:
    # step(0) = 1: the unit step is "on" from its edge, so step(x - a) switches at a.
    return np.where(x >= 0.0, 1.0, 0.0)


def _sigmoid(x: FloatArray) -> FloatArray:
    # exp(-logaddexp(0, -x)) = 1 / (1 + exp(-x)) without overflow for large negative x.
    return np.exp(-np.logaddexp(0.0, -x))


FUNCTIONS: dict[str, tuple[Callable[..., FloatArray], int]] = {
    "sin": (np.sin, 1),
    "cos": (np.cos, 1),
    "tan": (np.tan, 1),
    "asin": (np.arcsin, 1),
    "acos": (np.arccos, 1),
    "atan": (np.arctan, 1),
    "sinh": (np.sinh, 1),
    "cosh": (np.cosh, 1),
    "tanh": (np.tanh, 1),
    "exp": (np.exp, 1),
    "log": (np.log, 1),
    "ln": (np.log, 1),
    "log2": (np.log2, 1),
    "log10": (np.log10, 1),
    "sqrt": (np.sqrt, 1),
    "cbrt": (np.cbrt, 1),
    "abs": (np.abs, 1),
    "sign": (np.sign, 1),
    "floor": (np.floor, 1),
    "ceil": (np.ceil, 1),
    "relu": (_relu, 1),
    "step": (_step, 1),
    "sigmoid": (_sigmoid, 1),
    "min": (np.minimum, 2),
    "max": (np.maximum, 2),
}
"""Elementwise functions a target may call: name → (function, number of arguments)."""

CONSTANTS: dict[str, float] = {"pi": float(np.pi), "e": float(np.e)}
"""Named constants a target may use besides the variable x."""


TARGET = Vocabulary(
    {"x": Name(NUMBER)}
    | {name: Name(NUMBER) for name in CONSTANTS}
    | {name: Name(FUNCTION, arity) for name, (_, arity) in FUNCTIONS.items()},
    condition=False,
    what="expression",
    example="enter an expression in x, e.g. sin(3*x) + x**2/4",
    hint="use numbers, x, pi, e and functions",
)
"""Targets in x (Approximation, `--target`)."""

_ARITHMETIC: dict[type[ast.operator], Callable[[FloatArray, FloatArray], FloatArray]] = {
    ast.Add: np.add,
    ast.Sub: np.subtract,
    ast.Mult: np.multiply,
    ast.Div: np.divide,
    ast.Pow: np.power,
    ast.Mod: np.mod,
}
_SIGNS: dict[type[ast.unaryop], Callable[[FloatArray], FloatArray]] = {
    ast.UAdd: np.positive,
    ast.USub: np.negative,
}


def _scalar(value: float) -> FloatArray:
    """A constant in the evaluator's array type: a float64 scalar broadcasts like one."""
    return cast("FloatArray", np.float64(value))


@dataclass(frozen=True, eq=False)
class Parsed:
    """A checked text: the tree, the source it was parsed from, and each part's kind."""

    text: str
    """As typed (trimmed)."""
    source: str
    """The rewritten Python-syntax form that was parsed."""
    tree: ast.expr
    vocabulary: Vocabulary = field(repr=False)

    def segment(self, node: ast.AST) -> str:
        """The text of one part, with ± shown as typed."""
        return segment(self.source, node)

    def names(self) -> frozenset[str]:
        """Every name read as a value (functions called are not counted)."""
        called = {id(n.func) for n in ast.walk(self.tree) if isinstance(n, ast.Call)}
        return frozenset(
            n.id for n in ast.walk(self.tree) if isinstance(n, ast.Name) and id(n) not in called
        )

    def evaluate(
        self, values: Mapping[str, object], grid: FloatArray | None = None
    ) -> FloatArray | bool | str:
        """The value for these names' values (numbers may be arrays, e.g. x on a grid).

        Raises:
            InputError: a part is not finite (the message names it, and the x from `grid`
                where it first fails), a name has no value, or a function refuses.
        """
        with np.errstate(all="ignore"):
            return _Evaluator(self, values, grid).visit(self.tree)

    def evaluate_part(
        self, node: ast.expr, values: Mapping[str, object]
    ) -> FloatArray | bool | str:
        """One part's value (see `evaluate`)."""
        with np.errstate(all="ignore"):
            return _Evaluator(self, values, None).visit(node)


def parse(text: str, vocabulary: Vocabulary) -> Parsed:
    """Check a text against the whitelist and the vocabulary's names and kinds.

    Raises:
        InputError: empty, too long, too many parts, nested too deeply, a syntax error, a
            name, attribute, call or construct outside the whitelist, or kinds that do not
            fit; the message says which.
    """
    raw = text.strip()
    what = vocabulary.what
    if not raw:
        raise InputError(vocabulary.example)
    if len(raw) > MAX_LENGTH:
        raise InputError(f"{what} is too long ({len(raw)} characters; at most {MAX_LENGTH})")
    source = rewritten(raw)
    if bracket_depth(source) > MAX_DEPTH:
        raise InputError(f"{what} is nested too deeply (at most {MAX_DEPTH} levels)")
    try:
        tree = ast.parse(source, mode="eval").body
    except SyntaxError as error:
        raise InputError(syntax_message(source, error, vocabulary)) from None
    except (ValueError, MemoryError, RecursionError):
        raise InputError(f"cannot read '{clip(raw)}'") from None
    nodes = list(ast.walk(tree))
    if len(nodes) > MAX_NODES:
        raise InputError(f"{what} is too complex ({len(nodes)} parts; at most {MAX_NODES})")
    if tree_depth(tree) > MAX_DEPTH:
        raise InputError(f"{what} is nested too deeply (at most {MAX_DEPTH} levels)")
    parsed = Parsed(raw, source, tree, vocabulary)
    for node in nodes:
        check_node(node, source, vocabulary)
    kind = Kinds(source, vocabulary).of(tree)
    if vocabulary.condition and kind != FLAG:
        raise InputError(
            f"'{parsed.segment(tree)}' is a {kind}, not a condition: compare it, e.g. rmse < 0.01"
        )
    if not vocabulary.condition and kind != NUMBER:
        raise InputError(f"'{clip(parsed.segment(tree))}' is not a number")
    return parsed


class _Evaluator:
    """Walks a checked tree; every number it computes must be finite."""

    def __init__(
        self, parsed: Parsed, values: Mapping[str, object], grid: FloatArray | None
    ) -> None:
        self.parsed = parsed
        self.values = values
        self.grid = grid

    def visit(self, node: ast.expr) -> FloatArray | bool | str:
        value = self._value(node)
        if isinstance(value, bool | str):
            return value
        finite = np.isfinite(value)
        if not np.all(finite):
            self._refuse(node, value)
        return value

    def number(self, node: ast.expr) -> FloatArray:
        return cast("FloatArray", self.visit(node))

    def _name(self, name: str) -> object:
        if name not in self.values:
            if name in ("true", "false"):
                return name == "true"
            raise InputError(f"no value for '{name}'")
        return self.values[name]

    def _value(self, node: ast.expr) -> FloatArray | bool | str:
        if isinstance(node, ast.Constant):
            if isinstance(node.value, str):
                return node.value
            return _scalar(cast(float, node.value))  # the checker admits numbers and texts
        if isinstance(node, ast.Name):
            value = self._name(node.id)
            if isinstance(value, str | bool | np.bool_):
                return value if isinstance(value, str) else bool(value)
            return np.asarray(value, dtype=np.float64)
        if isinstance(node, ast.UnaryOp):
            if isinstance(node.op, ast.Not):
                return not self.visit(node.operand)
            return _SIGNS[type(node.op)](self.number(node.operand))
        if isinstance(node, ast.BinOp):
            operate = _ARITHMETIC[type(node.op)]
            return operate(self.number(node.left), self.number(node.right))
        if isinstance(node, ast.Call):
            return self._call(node)
        if isinstance(node, ast.BoolOp):
            parts = (bool(self.visit(value)) for value in node.values)
            return all(parts) if isinstance(node.op, ast.And) else any(parts)
        if isinstance(node, ast.Compare):
            return self._compare(node)
        raise InputError("expression was not checked")  # unreachable after parse

    def _call(self, node: ast.Call) -> FloatArray:
        name = cast(ast.Name, node.func).id
        function = self._name(name)
        if not callable(function):
            raise InputError(f"no function '{name}'")
        args = [self.number(arg) for arg in node.args]
        try:
            result = function(*args)
        except (InputError, ValueError, OverflowError, ZeroDivisionError) as error:
            raise InputError(f"{self.parsed.segment(node)}: {error}") from None
        return np.asarray(result, dtype=np.float64)

    def _compare(self, node: ast.Compare) -> bool:
        op = COMPARISONS[type(node.ops[0])]
        right, tolerance = node.comparators[0], None
        if isinstance(right, ast.BinOp) and isinstance(right.op, ast.BitOr):
            tolerance = right.right
            right = right.left
        a, b = self.visit(node.left), self.visit(right)
        if isinstance(a, str | bool) or isinstance(b, str | bool):
            same = a == b
        else:
            x, y = float(np.asarray(a).flat[0]), float(np.asarray(b).flat[0])
            if op not in ("==", "!="):
                return {"<": x < y, "<=": x <= y, ">": x > y, ">=": x >= y}[op]
            if tolerance is not None:
                width = abs(float(np.asarray(self.number(tolerance)).flat[0]))
                same = abs(x - y) <= width * (1 + 1e-12)
            else:
                same = math.isclose(x, y, rel_tol=1e-9, abs_tol=1e-12)
        return same if op == "==" else not same

    def _refuse(self, node: ast.expr, value: FloatArray) -> None:
        segment = clip(self.parsed.segment(node), 40)
        grid = self.grid
        shape = grid.shape if grid is not None and np.ndim(value) else np.shape(value)
        flat = np.broadcast_to(value, shape).ravel()
        index = int(np.argmin(np.isfinite(flat)))
        bad = flat[index]
        if np.isnan(bad):
            what = "is undefined (nan)"
        elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div | ast.Mod):
            what = "divides by zero"
        elif isinstance(node, ast.Call) and _called_name(node) in ("log", "ln", "log2", "log10"):
            what = "is -infinite (log of 0)"
        else:
            what = "overflows (too large)"
        if grid is None or np.ndim(value) == 0 or grid.size == 0:
            raise InputError(f"{segment} {what}")
        where = fmt(float(grid.ravel()[index]))
        raise InputError(f"{segment} {what} at x = {where}")


def _called_name(node: ast.Call) -> str:
    return node.func.id if isinstance(node.func, ast.Name) else ""


@dataclass(frozen=True, eq=False)
class Expression:
    """A checked target in x; call it on an array of x values.

    Attributes:
        text: the expression as typed (trimmed).
        source: the normalised Python-syntax form that was parsed (`^` → `**`, `π` → `pi`).
    """

    text: str
    source: str
    tree: ast.expr
    parsed: Parsed = field(repr=False)

    @property
    def uses_x(self) -> bool:
        """Whether the expression depends on x at all."""
        return "x" in self.parsed.names()

    def __call__(self, x: FloatArray) -> FloatArray:
        """Evaluate at every x (float64, same shape as x).

        Raises:
            InputError: some sub-expression is infinite or undefined (nan) at some x; the
                message names the sub-expression and the first such x.
        """
        xs = np.asarray(x, dtype=np.float64)
        values: dict[str, object] = {"x": xs, **CONSTANTS}
        values.update({name: function for name, (function, _) in FUNCTIONS.items()})
        value = self.parsed.evaluate(values, xs)
        return np.broadcast_to(value, xs.shape).astype(np.float64, copy=True)


def parse_expression(text: str) -> Expression:
    """Check typed text and turn it into an Expression in x.

    Accepts numbers, `x`, `pi`, `e`, `+ - * / ** %` (and `^` for power), parentheses and
    calls of the functions in FUNCTIONS. Everything else is refused before evaluation.

    Raises:
        InputError: empty, too long, a syntax error, or a name, attribute, call or construct
            outside the whitelist; the message says which.
    """
    parsed = parse(text, TARGET)
    return Expression(parsed.text, parsed.source, parsed.tree, parsed)
