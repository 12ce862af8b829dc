"""Your own data: a CSV file as a Dataset, or one line saying what is wrong with it.

Two shapes are understood, by their number of columns:
- x, y: a 1-D regression (MSE), like the x² and sin x datasets;
- x1, x2, label: a 2-D classification (softmax cross-entropy) with whole-number labels, like
  the spirals; labels are mapped in sorted order to classes 0, 1, … (so -1/1 or 1/2 work).

A first row with no number in it is a header. Fields are separated by commas (or, when the
first line has none, by semicolons or tabs); blank lines and lines starting with '#' are
skipped. Every problem raises `InputError` with a message that names the line and column.

Reading is bounded in time and memory whatever the file holds: at most MAX_BYTES are read,
at most MAX_LINES lines are looked at (comment and blank lines count), no line may be longer
than MAX_LINE_CHARS, and lines are parsed one at a time (never the whole file split at once).
"""

from __future__ import annotations

import csv
import io
import math
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import numpy as np

from relu_tui.base.files import WriteError, expand_home
from relu_tui.base.parse import InputError
from relu_tui.base.text import printable
from relu_tui.base.types import FloatArray
from relu_tui.nn.datasets import Dataset

__all__ = [
    "MAX_BYTES",
    "MAX_CLASSES",
    "MAX_LINES",
    "MAX_LINE_CHARS",
    "MAX_MAGNITUDE",
    "MAX_ROWS",
    "MIN_ROWS",
    "load_csv",
    "parse_csv",
]

MIN_ROWS = 4
"""Fewer data rows than this is not a dataset (make_dataset's own minimum)."""
MAX_ROWS = 100_000
"""More data rows than this would make training crawl."""
MAX_BYTES = 16 * 1024 * 1024
"""Files larger than this are refused before reading (100,000 rows fit in ~4 MB)."""
MAX_LINES = 120_000
"""More lines than this (data, header, comments and blank lines alike) are refused."""
MAX_LINE_CHARS = 1_000
"""A longer line is refused (a data row is three numbers)."""
MAX_MAGNITUDE = 1e12
"""Values beyond ±this are refused: spans, plots and training stay finite (1e308 - -1e308
overflows)."""
MAX_CLASSES = 10
"""A classification file may use at most this many labels."""
_MAX_FIELD = 64


def load_csv(path: str | os.PathLike[str]) -> Dataset:
    """Read a regression or classification CSV file.

    Args:
        path: the file (a regular file of at most MAX_BYTES).

    Returns:
        The dataset, named "csv", labelled with the file's name.

    Raises:
        InputError: a missing or unreadable file, not a regular file, too large, not UTF-8
            text, or any problem `parse_csv` reports.
    """
    raw = os.fspath(path).strip()
    if not raw:
        raise InputError("enter a CSV file's path")
    try:
        file = expand_home(raw)
    except WriteError as error:
        raise InputError(str(error)) from None
    shown = printable(file.name or raw)
    raw = printable(raw, limit=120)
    try:
        info = file.stat()
    except FileNotFoundError:
        raise InputError(f"{raw}: no such file") from None
    except OSError as error:
        raise InputError(f"{raw}: cannot open ({error.strerror or error})") from None
    if stat.S_ISDIR(info.st_mode):
        raise InputError(f"{raw} is a folder, not a CSV file")
    if not stat.S_ISREG(info.st_mode):
        raise InputError(f"{raw} is not a regular file")
    if info.st_size > MAX_BYTES:
        raise InputError(
            f"{shown} is {info.st_size / 2**20:.1f} MB; the limit is {MAX_BYTES // 2**20} MB"
        )
    try:
        with file.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except OSError as error:
        raise InputError(f"{raw}: cannot read ({error.strerror or error})") from None
    if len(data) > MAX_BYTES:
        raise InputError(f"{shown} is larger than {MAX_BYTES // 2**20} MB")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise InputError(f"{shown}: line {line} is not UTF-8 text") from None
    return parse_csv(text, shown)


def _physical_lines(text: str, name: str) -> Iterator[str]:
    """The lines of `text` one at a time, at most MAX_LINES of at most MAX_LINE_CHARS."""
    for number, line in enumerate(io.StringIO(text, newline=""), start=1):
        if number > MAX_LINES:
            raise InputError(
                f"{name}: more than {MAX_LINES:,} lines (comment and blank lines count too)"
            )
        if len(line) > MAX_LINE_CHARS + 2:
            raise InputError(f"{name}: line {number} is longer than {MAX_LINE_CHARS:,} characters")
        yield line


def _delimiter(text: str, name: str) -> str:
    first = next(
        (
            line
            for line in _physical_lines(text, name)
            if line.strip() and not line.lstrip().startswith("#")
        ),
        "",
    )
    if "," in first:
        return ","
    for candidate in (";", "\t"):
        if candidate in first:
            return candidate
    return ","


def _number(field: str) -> float | None:
    text = field.strip().replace("\u2212", "-")
    if not text or len(text) > _MAX_FIELD:
        return None
    try:
        return float(text)
    except ValueError:
        return None


def _blank_or_comment(record: list[str]) -> bool:
    return not any(f.strip() for f in record) or record[0].lstrip().startswith("#")


def _where(line: int, column: int, names: list[str] | None) -> str:
    name = f" ({names[column - 1]})" if names and names[column - 1] else ""
    return f"line {line}, column {column}{name}"


def _show(field: str) -> str:
    text = field.strip()
    return f"'{text[:20]}…'" if len(text) > 20 else f"'{text}'"


def parse_csv(text: str, name: str = "data.csv") -> Dataset:
    """A Dataset from CSV text (see the module docstring for the format).

    Raises:
        InputError: naming the line (and column) of the first problem: a wrong number of
            columns, a field that is not a finite number, a label that is not a whole number,
            fewer than MIN_ROWS or more than MAX_ROWS rows, a single class, too many classes.
    """
    reader = csv.reader(_physical_lines(text, name), delimiter=_delimiter(text, name), strict=True)
    names: list[str] | None = None
    width = 0
    rows: list[list[float]] = []
    start = 1  # the line the next record starts on (a quoted field may span lines)
    try:
        for record in reader:
            line, start = start, reader.line_num + 1
            if _blank_or_comment(record):
                continue
            if not width:
                width = len(record)
                if width not in (2, 3):
                    raise InputError(
                        f"{name}: line {line} has {width} column{'s' * (width != 1)}; expected 2 "
                        "(x, y for regression) or 3 (x1, x2, label for classification)"
                    )
                if all(_number(f) is None for f in record):
                    names = [f.strip()[:20] for f in record]
                    continue
            if len(record) != width:
                raise InputError(
                    f"{name}: line {line} has {len(record)} columns; the first row has {width}"
                )
            values = []
            for column, field in enumerate(record, start=1):
                value = _number(field)
                if value is None:
                    what = "empty" if not field.strip() else f"{_show(field)} is not a number"
                    raise InputError(f"{name}: {_where(line, column, names)}: {what}")
                if not math.isfinite(value):
                    raise InputError(
                        f"{name}: {_where(line, column, names)}: {_show(field)} "
                        "is not a finite number"
                    )
                if abs(value) > MAX_MAGNITUDE:
                    raise InputError(
                        f"{name}: {_where(line, column, names)}: {_show(field)} is too large "
                        f"(values are between -{MAX_MAGNITUDE:g} and {MAX_MAGNITUDE:g})"
                    )
                values.append(value)
            if width == 3 and values[2] != round(values[2]):
                raise InputError(
                    f"{name}: {_where(line, 3, names)}: label {_show(record[2])} "
                    "is not a whole number (classes are 0, 1, ...)"
                )
            rows.append(values)
            if len(rows) > MAX_ROWS:
                raise InputError(f"{name}: more than {MAX_ROWS:,} rows")
    except csv.Error as error:
        if "unexpected end of data" in str(error):
            raise InputError(f"{name}: line {start}: a quoted field is never closed") from None
        raise InputError(f"{name}: line {start}: {error}") from None
    if len(rows) < MIN_ROWS:
        raise InputError(
            f"{name}: {len(rows)} data row{'s' * (len(rows) != 1)}; at least {MIN_ROWS} are needed"
        )
    table = np.array(rows, dtype=np.float64)
    label = Path(name).name
    if width == 2:
        order = np.argsort(table[:, 0], kind="stable")
        x, y = table[order, :1], table[order, 1]
        return Dataset("csv", label, x, y, "regression", (_span(x[:, 0]),))
    classes, labels = np.unique(table[:, 2], return_inverse=True)
    if classes.size < 2:
        raise InputError(
            f"{name}: every row has label {classes[0]:g}; classification needs at least two classes"
        )
    if classes.size > MAX_CLASSES:
        raise InputError(f"{name}: {classes.size} different labels; at most {MAX_CLASSES}")
    x = table[:, :2]
    return Dataset(
        "csv", label, x, labels.astype(np.intp), "classification", (_span(x[:, 0]), _span(x[:, 1]))
    )


def _span(values: FloatArray) -> tuple[float, float]:
    """The values' range with a 5% margin (a unit either side when they are all equal)."""
    lo, hi = float(values.min()), float(values.max())
    if hi - lo == 0:
        return lo - 1.0, hi + 1.0
    pad = 0.05 * (hi - lo)
    return lo - pad, hi + pad
