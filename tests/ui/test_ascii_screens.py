"""Under --ascii the bodies of Activations, Dosage, Puzzle and Approximation draw nothing
above U+007F, on every view, at 80x24 and 120x40 (the header and footer are the frame's,
checked with it)."""

from __future__ import annotations

import html
import re

import pytest

from relu_tui.lessons.launch import LaunchOptions
from relu_tui.ui.app import ReluApp

TYPED_SOLVE = [
    "enter",
    "1",
    "enter",
    "down",
    "enter",
    *"-1",
    "enter",
    "down",
    "enter",
    "2",
    "enter",
    "down",
    "enter",
    *"-4",
    "enter",
]

VIEWS: dict[str, list[tuple[str, list[str]]]] = {
    "activations": [
        ("table", []),
        ("inputs field", ["e"]),
        ("gradients", ["g"]),
        ("compare", ["c"]),
        ("why", ["w"]),
        ("linear", ["i"]),
        ("picker", ["a"]),
    ],
    "dosage": [("stage 1", []), ("stage 7", ["n"] * 6), ("softplus", ["a"]), ("grid", ["o"])],
    "puzzle": [
        ("start", []),
        ("hints", ["i", "i", "i"]),
        ("solved", TYPED_SOLVE),
        ("revealed", ["s"]),
        ("levels", ["o"]),
    ],
    "approx": [
        ("fit", []),
        ("expression field", ["e"]),
        ("typed target", ["down"]),
        ("train", ["m"]),
    ],
}
_TEXT = re.compile(r'<text [^>]*clip-path="url\(#terminal-(?:\d+-)?line-(\d+)\)">([^<]*)</text>')


def body_text(svg: str, height: int) -> list[tuple[int, str]]:
    """(line, text) of every text run in the screenshot, without header and footer lines."""
    runs = []
    for line, raw in _TEXT.findall(svg):
        number = int(line)
        if 0 < number < height - 1:
            runs.append((number, html.unescape(raw).replace("\xa0", " ")))
    return runs


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
@pytest.mark.parametrize("screen", list(VIEWS))
async def test_every_view_is_plain_ascii(screen: str, size: tuple[int, int]) -> None:
    """Every view of the screen, drawn under --ascii, is 7-bit ASCII."""
    app = ReluApp(
        start=screen, launch_options=LaunchOptions(screen=screen, ascii=True), ascii_only=True
    )
    async with app.run_test(size=size) as pilot:
        for name, keys in VIEWS[screen]:
            await pilot.press(*keys)
            await pilot.pause(0.3 if name == "train" else 0.05)
            bad = [
                (line, text)
                for line, text in body_text(app.export_screenshot(), size[1])
                if not text.isascii()
            ]
            assert not bad, f"{screen} / {name}: {bad[:4]}"
            if name in ("picker", "levels", "inputs field", "expression field"):
                await pilot.press("escape")


def test_ascii_text_spells_the_symbols_out() -> None:
    """Subscripts, the middle dot, minus, ellipsis and squares become plain ASCII."""
    from relu_tui.base.ascii import ascii_text

    assert ascii_text("w₁·x − b₁") == "w1*x - b1"
    assert ascii_text("x² on 1…99") == "x^2 on 1...99"
    assert ascii_text("plain") == "plain"
    assert ascii_text("漢").isascii()
