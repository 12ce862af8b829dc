"""Exercise checks: conditions in the one safe expression language (`base.expr`).

A check such as `rmse < 0.01 and units <= 12` or `bump_peak_x == 0.7 ± 0.01` is parsed by
`base.expr.parse` with the screen's quantities (`exercises.quantities`) and the typed
answers as its vocabulary: numbers, quoted texts, those names, their functions, arithmetic,
comparisons (`a == b ± t` for a tolerance), and/or/not. Targets in x are read by the same
parser, with the same limits on length, parts and depth. Nothing is ever run as code.
"""

from __future__ import annotations

import ast
from collections.abc import Mapping
from dataclasses import dataclass, field

from relu_tui.base.expr import (
    FLAG,
    MAX_DEPTH,
    MAX_LENGTH,
    NUMBER,
    RESERVED,
    TEXT,
    Parsed,
    Vocabulary,
    parse,
)
from relu_tui.base.expr import Symbol as Symbol
from relu_tui.base.parse import InputError

__all__ = [
    "FLAG",
    "MAX_CHECK_LENGTH",
    "MAX_DEPTH",
    "NUMBER",
    "RESERVED",
    "TEXT",
    "Check",
    "CheckError",
    "parse_check",
]

MAX_CHECK_LENGTH = MAX_LENGTH
"""Longest check accepted, in characters (the expression language's one limit)."""


class CheckError(ValueError):
    """A check that cannot be read (at load time) or evaluated (on the state given)."""


@dataclass(frozen=True)
class Check:
    """A parsed, kind-checked check; call `evaluate` with the quantities' values."""

    text: str
    parsed: Parsed = field(repr=False, compare=False)

    def names(self) -> frozenset[str]:
        """Every quantity or answer name the check reads (functions excluded)."""
        return self.parsed.names() - {"true", "false"}

    def evaluate(self, values: Mapping[str, object]) -> bool:
        """True when the check holds for these values.

        Raises:
            CheckError: a value is missing, or arithmetic is undefined (e.g. division by 0).
        """
        try:
            return bool(self.parsed.evaluate(values))
        except InputError as error:
            raise CheckError(str(error)) from None

    def failing_part(self, values: Mapping[str, object]) -> str | None:
        """The first of the top-level `and` conditions that does not hold, as written."""
        tree = self.parsed.tree
        parts = (
            tree.values if isinstance(tree, ast.BoolOp) and isinstance(tree.op, ast.And) else [tree]
        )
        for part in parts:
            try:
                holds = bool(self.parsed.evaluate_part(part, values))
            except InputError as error:
                raise CheckError(str(error)) from None
            if not holds:
                return self.parsed.segment(part)
        return None


def parse_check(text: str, names: Mapping[str, Symbol]) -> Check:
    """Read a check against the names it may use.

    Raises:
        CheckError: too long, bad syntax, an unknown name, or kinds that do not fit; the
            message says which, with the column where it helps.
    """
    vocabulary = Vocabulary(names, condition=True, what="check", example="the check is empty")
    try:
        parsed = parse(text, vocabulary)
    except InputError as error:
        raise CheckError(str(error)) from None
    return Check(parsed.text, parsed)
