"""Typed numbers: finite floats or a specific message."""

from __future__ import annotations

import pytest

from relu_tui.base.parse import InputError, parse_number, parse_number_list


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("abc", "'abc' is not a number"),
        ("", "enter a value"),
        ("   ", "enter a value"),
        ("nan", "nan is not a number you can use"),
        ("inf", "inf is not allowed: enter a finite number"),
        ("-Infinity", "-Infinity is not allowed: enter a finite number"),
        ("1e999", "1e999 is too large"),
        ("-1e999", "-1e999 is too large"),
        ("9" * 80, "is too long to be a number"),
    ],
)
def test_bad_text_gets_a_specific_message(text: str, message: str) -> None:
    """Each kind of bad input names what was wrong."""
    with pytest.raises(InputError, match=message.replace("(", r"\(")):
        parse_number(text)


def test_out_of_range_names_the_range() -> None:
    """A value outside [low, high] is refused with the range in the message."""
    with pytest.raises(InputError, match="must be between -4 and 4"):
        parse_number("4.1", low=-4, high=4)


def test_good_text_parses_including_unicode_minus() -> None:
    """Plain numbers, exponents and the typographic minus all parse."""
    assert parse_number(" -0.85 ") == -0.85
    assert parse_number("1e-3") == 0.001
    assert parse_number("−2") == -2.0
    assert parse_number("4", low=-4, high=4) == 4.0


def test_list_parses_commas_and_spaces() -> None:
    """The seeds' input list in either separator style."""
    assert parse_number_list("5, 2, 0, -3, -10") == (5.0, 2.0, 0.0, -3.0, -10.0)
    assert parse_number_list("5 2  0") == (5.0, 2.0, 0.0)


def test_list_names_the_bad_entry() -> None:
    """A bad entry is reported with its position; nothing is half-parsed."""
    with pytest.raises(InputError, match="entry 3: 'x' is not a number"):
        parse_number_list("1, 2, x, 4")
    with pytest.raises(InputError, match="at least one number"):
        parse_number_list(" , ")
