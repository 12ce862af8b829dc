"""What a lesson declares about itself, as data: its views (more to come: settings, screen,
printout), read by the shared widgets and the tests that walk every view."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class View:
    """One of a lesson screen's views.

    Attributes:
        name: the view's id (the screen's state and CSS use it).
        key: the key that opens it ("" when only the view keys cycle to it).
        title: what the view bar calls it.
        short: a shorter title, for a view bar that is short of room ("" : the title).
        min_rows: terminal rows the view needs to show everything at 80 columns (0: the
            lesson screen's own minimum is enough).
    """

    name: str
    key: str
    title: str
    short: str = ""
    min_rows: int = 0

    @property
    def short_title(self) -> str:
        """`short`, or the title when there is no shorter one."""
        return self.short or self.title
