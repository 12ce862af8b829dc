"""Safe expressions in x: parsed with `ast` against a whitelist, evaluated with NumPy."""

from __future__ import annotations

import ast
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import cast

import numpy as np

from relu_tui.base.fmt import fmt
from relu_tui.base.parse import InputError
from relu_tui.base.types import FloatArray

MAX_LENGTH = 200
"""Longest expression accepted, in characters (after trimming spaces)."""

MAX_NODES = 120
"""Most syntax-tree nodes accepted: bounds the work one evaluation can do."""


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
"""Elementwise functions an expression may call: name → (function, number of arguments)."""

CONSTANTS: dict[str, float] = {"pi": float(np.pi), "e": float(np.e)}
"""Named constants an expression may use besides the variable x."""

_BINARY: dict[type[ast.operator], Callable[[FloatArray, FloatArray], FloatArray]] = {
    ast.Add: np.add,
    ast.Sub: np.subtract,
    ast.Mult: np.multiply,
    ast.Div: np.divide,
    ast.Pow: np.power,
    ast.Mod: np.mod,
}
_UNARY: dict[type[ast.unaryop], Callable[[FloatArray], FloatArray]] = {
    ast.UAdd: np.positive,
    ast.USub: np.negative,
}
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
}
_REWRITES = (
    ("−", "-"),
    ("×", "*"),
    ("·", "*"),
    ("π", "pi"),
    ("²", "**2"),
    ("³", "**3"),
    ("^", "**"),
)
_ALLOWED_FUNCTIONS = ", ".join(FUNCTIONS)


def _scalar(value: float) -> FloatArray:
    """A constant in the evaluator's array type: a float64 scalar broadcasts like one."""
    return cast("FloatArray", np.float64(value))


@dataclass(frozen=True, eq=False)
class Expression:
    """A checked expression in x; call it on an array of x values.

    Attributes:
        text: the expression as typed (trimmed).
        source: the normalised Python-syntax form that was parsed (`^` → `**`, `π` → `pi`).
    """

    text: str
    source: str
    tree: ast.expr

    @property
    def uses_x(self) -> bool:
        """Whether the expression depends on x at all."""
        return any(isinstance(n, ast.Name) and n.id == "x" for n in ast.walk(self.tree))

    def __call__(self, x: FloatArray) -> FloatArray:
        """Evaluate at every x (float64, same shape as x).

        Raises:
            InputError: some sub-expression is infinite or undefined (nan) at some x; the
                message names the sub-expression and the first such x.
        """
        xs = np.asarray(x, dtype=np.float64)
        with np.errstate(all="ignore"):
            value = _Evaluator(self.source, xs).visit(self.tree)
        return np.broadcast_to(value, xs.shape).astype(np.float64, copy=True)


def parse_expression(text: str) -> Expression:
    """Check typed text and turn it into an Expression.

    Accepts numbers, `x`, `pi`, `e`, `+ - * / ** %` (and `^` for power), parentheses and
    calls of the functions in FUNCTIONS. Everything else is refused before evaluation.

    Raises:
        InputError: empty, too long, a syntax error, or a name, attribute, call or construct
            outside the whitelist; the message says which.
    """
    raw = text.strip()
    if not raw:
        raise InputError("enter an expression in x, e.g. sin(3*x) + x**2/4")
    if len(raw) > MAX_LENGTH:
        raise InputError(f"expression is too long ({len(raw)} characters; at most {MAX_LENGTH})")
    source = raw
    for old, new in _REWRITES:
        source = source.replace(old, new)
    try:
        tree = ast.parse(source, mode="eval")
    except SyntaxError as error:
        raise InputError(_syntax_message(source, error)) from None
    except (ValueError, MemoryError, RecursionError):
        raise InputError(f"cannot read '{_clip(raw)}'") from None
    nodes = list(ast.walk(tree.body))
    if len(nodes) > MAX_NODES:
        raise InputError(f"expression is too complex ({len(nodes)} parts; at most {MAX_NODES})")
    called = {id(n.func) for n in nodes if isinstance(n, ast.Call)}
    for node in nodes:
        if isinstance(node, ast.Name) and node.id in FUNCTIONS and id(node) not in called:
            raise InputError(f"{node.id} is a function: write {node.id}(x)")
        _check_node(node, source)
    return Expression(text=raw, source=source, tree=tree.body)


def _clip(text: str, size: int = 24) -> str:
    return text if len(text) <= size else text[: size - 1] + "…"


def _syntax_message(source: str, error: SyntaxError) -> str:
    column = f" at column {error.offset}" if error.offset else ""
    match = re.search(r"(\d)\s*([A-Za-z_]\w*|\()", source)
    if match:
        return f"syntax error{column}: write {match[1]}*{match[2]}, not {match[0]}"
    match = re.search(r"\b([A-Za-z_]\w*)\s+(\w+)", source)
    if match and match[1] in FUNCTIONS:
        return f"syntax error{column}: write {match[1]}({match[2]}), not {match[0]}"
    if source.count("(") != source.count(")"):
        return f"syntax error{column}: unbalanced parentheses"
    reason = (error.msg or "invalid syntax").split("(")[0].strip()
    return f"syntax error{column}: {reason}"


def _check_node(node: ast.AST, source: str) -> None:
    """Refuse anything outside the whitelist, with a message naming it."""
    segment = _clip(ast.get_source_segment(source, node) or "") if hasattr(node, "lineno") else ""
    if isinstance(node, ast.Constant):
        if isinstance(node.value, bool) or not isinstance(node.value, int | float):
            if isinstance(node.value, complex):
                raise InputError(f"complex numbers like {segment} are not allowed")
            raise InputError(f"{segment} is not allowed: use numbers, x, pi and e")
        if not np.isfinite(float(node.value)):
            raise InputError(f"{segment} is too large")
    elif isinstance(node, ast.Name):
        if node.id != "x" and node.id not in CONSTANTS and node.id not in FUNCTIONS:
            raise InputError(f"unknown name '{_clip(node.id)}': use x, pi, e and functions")
    elif isinstance(node, ast.Attribute):
        if isinstance(node.value, ast.Name) and node.attr in FUNCTIONS:
            raise InputError(f"'{segment}' is not allowed: write {node.attr}(…)")
        raise InputError(f"attributes like '.{_clip(node.attr)}' are not allowed")
    elif isinstance(node, ast.Call):
        _check_call(node, segment)
    elif isinstance(node, ast.BinOp):
        if type(node.op) not in _BINARY:
            word = _OPERATOR_WORDS.get(type(node.op), type(node.op).__name__)
            raise InputError(f"the operator {word} is not allowed: use + - * / ** %")
    elif isinstance(node, ast.UnaryOp):
        if type(node.op) not in _UNARY:
            word = _OPERATOR_WORDS.get(type(node.op), type(node.op).__name__)
            raise InputError(f"the operator {word} is not allowed: use + - * / ** %")
    elif isinstance(node, ast.Load | ast.operator | ast.unaryop):
        return
    else:
        word = _NODE_WORDS.get(type(node), type(node).__name__)
        raise InputError(f"{word} not allowed in an expression ({segment})")


def _check_call(node: ast.Call, segment: str) -> None:
    if not isinstance(node.func, ast.Name):
        if isinstance(node.func, ast.Attribute):
            return  # the attribute itself is refused with its own message
        if isinstance(node.func, ast.Constant) and isinstance(node.func.value, int | float):
            raise InputError(f"write {node.func.value}*(…) to multiply, not {segment}")
        raise InputError(f"only named functions can be called, not {segment}")
    name = node.func.id
    if name not in FUNCTIONS:
        raise InputError(f"'{_clip(name)}' is not an allowed function: use {_ALLOWED_FUNCTIONS}")
    if node.keywords:
        raise InputError(f"{name}() takes no keyword arguments")
    arity = FUNCTIONS[name][1]
    if len(node.args) != arity:
        plural = "argument" if arity == 1 else "arguments"
        raise InputError(f"{name}() takes {arity} {plural}, not {len(node.args)}")


class _Evaluator:
    """Walks a checked tree; every intermediate value must be finite."""

    def __init__(self, source: str, x: FloatArray) -> None:
        self.source = source
        self.x = x

    def visit(self, node: ast.expr) -> FloatArray:
        value = self._value(node)
        finite = np.isfinite(value)
        if not np.all(finite):
            self._refuse(node, value, finite)
        return value

    def _value(self, node: ast.expr) -> FloatArray:
        if isinstance(node, ast.Constant):
            return _scalar(cast(float, node.value))  # the checker admits numbers only
        if isinstance(node, ast.Name):
            return self.x if node.id == "x" else _scalar(CONSTANTS[node.id])
        if isinstance(node, ast.UnaryOp):
            return _UNARY[type(node.op)](self.visit(node.operand))
        if isinstance(node, ast.BinOp):
            return _BINARY[type(node.op)](self.visit(node.left), self.visit(node.right))
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            function = FUNCTIONS[node.func.id][0]
            return np.asarray(function(*(self.visit(a) for a in node.args)), dtype=np.float64)
        raise InputError("expression was not checked")  # unreachable after parse_expression

    def _refuse(self, node: ast.expr, value: FloatArray, finite: np.ndarray) -> None:
        segment = _clip(ast.get_source_segment(self.source, node) or self.source, 40)
        flat = np.broadcast_to(value, self.x.shape if np.ndim(value) else ()).ravel()
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
        if np.ndim(value) == 0 or self.x.size == 0:
            raise InputError(f"{segment} {what}")
        where = fmt(float(self.x.ravel()[index]))
        raise InputError(f"{segment} {what} at x = {where}")


def _called_name(node: ast.Call) -> str:
    return node.func.id if isinstance(node.func, ast.Name) else ""
