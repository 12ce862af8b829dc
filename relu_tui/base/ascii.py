"""Text in 7-bit ASCII for `--ascii`: mathematical symbols spelled out, nothing above U+007F."""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache

from relu_tui.base.params import Param

_TO_ASCII = str.maketrans(
    {
        "│": "|",
        "─": "-",
        "┌": "+",
        "┐": "+",
        "└": "+",
        "┘": "+",
        "━": "=",
        "╺": "=",
        "╸": "=",
        "├": "+",
        "┤": "+",
        "┬": "+",
        "┴": "+",
        "┼": "+",
        "▌": "|",
        "▐": "|",
        "▏": "|",
        "•": "*",
        "·": "*",
        "—": "-",
        "–": "-",
        "−": "-",
        "…": "...",
        "≈": "~",
        "Σ": "sum ",
        "×": "x",
        "≤": "<=",
        "≥": ">=",
        "→": "->",
        "←": "<-",
        "′": "'",
        "’": "'",
        "‘": "'",
        "“": '"',
        "”": '"',
        "²": "^2",
        "³": "^3",
        "ᵢ": "i",
        "σ": "sigma",
        "α": "alpha",
        "β": "beta",
        "Δ": "d",
        "∂": "d",
        "∞": "inf",
        "±": "+-",
        "√": "sqrt",
        "◂": "<",
        "▸": ">",
        "✓": "ok",
        "✗": "x",
        "⏎": "enter",
        "°": " deg",
        "≠": "!=",
        "π": "pi",
        "φ": "phi",
        "Φ": "Phi",
        **{chr(0x2080 + digit): str(digit) for digit in range(10)},  # subscripts ₀…₉
    }
)
"""Symbols relu-tui's texts use, as ASCII (a plot's own frame and markers are drawn in
ASCII by the drawing layer itself)."""


def ascii_text(text: str) -> str:
    """`text` in 7-bit ASCII: known symbols spelled out, anything else as '?'.

    Examples: ascii_text("w₁·x − b₁") == "w1*x - b1", ascii_text("x² on 1…99") ==
    "x^2 on 1...99".
    """
    if text.isascii():
        return text
    return text.translate(_TO_ASCII).encode("ascii", "replace").decode("ascii")


@lru_cache(maxsize=64)
def ascii_params(params: tuple[Param, ...]) -> tuple[Param, ...]:
    """The params as a panel shows them under `--ascii`: labels, help and choices in ASCII
    (names and values unchanged, so a change still names the right param). The same tuple
    for the same params, so an unchanged panel is not redrawn."""
    return tuple(
        replace(
            p,
            label=ascii_text(p.label),
            help=ascii_text(p.help),
            choices=tuple(ascii_text(choice) for choice in p.choices),
        )
        for p in params
    )
