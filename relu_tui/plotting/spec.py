"""Figures as data: what to draw, independent of how or where."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np

from relu_tui.core.types import FloatArray


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
    """A whole plot: series, labels, limits, scales and reference lines."""

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
