"""Quantity: a name an exercise check may read on a lesson's screen, and the helpers that
declare them from lines of text (each lesson's `quantities.py` declares its own)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Quantity:
    """A name a check may use: a number, a text, a flag (yes/no) or a function of numbers."""

    name: str
    kind: str
    """'number', 'text', 'flag' or 'function'."""
    doc: str
    arity: int = 0


def quantity_lines(kind: str, entries: str) -> tuple[Quantity, ...]:
    """Quantities from lines 'name: what it is'."""
    out = []
    for line in entries.strip().splitlines():
        name, _, doc = line.partition(":")
        out.append(Quantity(name.strip(), kind, doc.strip()))
    return tuple(out)


def function_lines(arity: int, entries: str) -> tuple[Quantity, ...]:
    """Functions of `arity` numbers from lines 'name: what it gives'."""
    return tuple(
        Quantity(q.name, "function", q.doc, arity) for q in quantity_lines("function", entries)
    )
