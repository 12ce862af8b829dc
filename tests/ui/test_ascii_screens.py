"""--ascii spells symbols out in plain ASCII.

That every view of every screen draws nothing above U+007F at 80x24 and 120x40 (fields and
modals open included) is checked in the walk of tests/ui/test_legibility.py, over the
shared table of views in tests/views.py.
"""

from __future__ import annotations


def test_ascii_text_spells_the_symbols_out() -> None:
    """Subscripts, the middle dot, minus, ellipsis and squares become plain ASCII."""
    from relu_tui.base.ascii import ascii_text

    assert ascii_text("w₁·x − b₁") == "w1*x - b1"
    assert ascii_text("x² on 1…99") == "x^2 on 1...99"
    assert ascii_text("plain") == "plain"
    assert ascii_text("漢").isascii()
