"""update_if_changed: give a Static new content only when what it shows has changed."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from weakref import WeakKeyDictionary

from textual.widgets import Static

_SHOWN: WeakKeyDictionary[Static, object] = WeakKeyDictionary()
"""The key each Static was last updated with."""


def update_if_changed(
    static: Static, key: object, build: Callable[[Any], Any] | None = None, *, layout: bool = True
) -> bool:
    """Update `static` with `build(key)` (or `key` itself) unless it was last updated with an
    equal `key`.

    Static.update always asks for a new layout of the screen (unless `layout=False`, for a
    Static of fixed size), and most keys change one or two of a view's texts: the others are
    left alone, and their content is not even built.

    Returns:
        Whether the Static was updated.
    """
    if static in _SHOWN and _SHOWN[static] == key:
        return False
    _SHOWN[static] = key
    content: Any = key if build is None else build(key)
    static.update(content, layout=layout)
    return True
