"""Figures as data: what to draw, independent of how or where."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, fields
from functools import cached_property
from typing import Literal

import numpy as np

from relu_tui.base.types import FloatArray


@dataclass(frozen=True, eq=False)
class Series:
    """One line, set of points or bars.

    `faint` series give context (earlier stages, individual terms) and are drawn gray.
    """

    x: FloatArray
    y: FloatArray
    label: str = ""
    color: str = "blue"
    kind: Literal["line", "scatter", "bar"] = "line"
    faint: bool = False
    marker: str | None = None

    @staticmethod
    def of(x: object, y: object, **kwargs: object) -> Series:
        """A series from any array-likes, stored as float64 arrays."""
        return Series(np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64), **kwargs)  # type: ignore[arg-type]


@dataclass(frozen=True, eq=False)
class PlotSpec:
    """A whole plot: series, labels, limits, scales and reference lines.

    Two specs are equal when they draw the same figure (same values, labels and options),
    so a widget shown an equal spec keeps its drawing, and a cache can key on `key`.
    """

    series: tuple[Series, ...]
    title: str = ""
    xlabel: str = ""
    ylabel: str = ""
    xlim: tuple[float, float] | None = None
    ylim: tuple[float, float] | None = None
    xscale: Literal["linear", "log"] = "linear"
    yscale: Literal["linear", "log"] = "linear"
    hlines: tuple[float, ...] = ()
    vlines: tuple[float, ...] = ()
    grid: bool = False
    short_title: str = ""
    """Drawn instead of `title` where the title does not fit (else the title is cut)."""

    @cached_property
    def key(self) -> bytes:
        """A digest of everything drawn: equal for specs that draw the same figure."""
        digest = hashlib.blake2b(digest_size=16)
        for spec_field in fields(self):
            if spec_field.name != "series":
                digest.update(repr(getattr(self, spec_field.name)).encode())
        for series in self.series:
            digest.update(
                repr(
                    (series.label, series.color, series.kind, series.faint, series.marker)
                ).encode()
            )
            for values in (series.x, series.y):
                array = np.ascontiguousarray(values, dtype=np.float64)
                digest.update(repr(array.shape).encode())
                digest.update(array.tobytes())
        return digest.digest()

    def __eq__(self, other: object) -> bool:
        if self is other:
            return True
        if not isinstance(other, PlotSpec):
            return NotImplemented
        return self.key == other.key

    def __hash__(self) -> int:
        return hash(self.key)
