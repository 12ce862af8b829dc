"""CSV files as datasets: both shapes, header or not, and every broken file a one-line error."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

from relu_tui.base.parse import InputError
from relu_tui.nn.csvdata import MAX_BYTES, load_csv, parse_csv


def _write(tmp_path: Path, text: str, name: str = "data.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_regression_file_without_header(tmp_path: Path) -> None:
    """x, y rows: a regression dataset sorted by x, domain the x range plus 5%."""
    data = load_csv(_write(tmp_path, "2,4\n0,0\n1,1\n-1,1\n-2,4\n"))
    assert data.task == "regression" and data.loss == "mse"
    assert data.x[:, 0].tolist() == [-2, -1, 0, 1, 2]
    assert data.y.tolist() == [4, 1, 0, 1, 4]
    assert data.domain == ((-2.2, 2.2),) and data.label == "data.csv"


def test_classification_file_with_header_and_odd_labels(tmp_path: Path) -> None:
    """x1, x2, label with a header; labels -1 and 1 become classes 0 and 1."""
    text = "x1,x2,label\n0,0,-1\n1,1,1\n0,1,-1\n1,0,1.0\n"
    data = load_csv(_write(tmp_path, text))
    assert data.task == "classification" and data.n_classes == 2
    assert data.y.tolist() == [0, 1, 0, 1] and data.x.shape == (4, 2)


def test_semicolons_comments_blank_lines_and_bom() -> None:
    """A BOM-free semicolon file with comments and blank lines reads like a plain one."""
    data = parse_csv("# made by hand\nx;y\n\n1;2\n2;3\n3;4\n\n4;5\n")
    assert data.y.tolist() == [2, 3, 4, 5]


def test_utf8_bom_is_ignored(tmp_path: Path) -> None:
    """Spreadsheet exports start with a byte-order mark; it is not part of the header."""
    path = tmp_path / "bom.csv"
    path.write_bytes(b"\xef\xbb\xbfx,y\n1,1\n2,2\n3,3\n4,4\n")
    assert len(load_csv(path).x) == 4


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("1,2,3,4\n", "line 1 has 4 columns; expected 2 (x, y for regression) or 3"),
        ("x\n1\n", "line 1 has 1 column; expected 2"),
        ("x,y\n1,2\n3,4,5\n", "line 3 has 3 columns; the first row has 2"),
        ("x,y\n1,2\n3,abc\n", "line 3, column 2 (y): 'abc' is not a number"),
        ("1,2\n,4\n", "line 2, column 1: empty"),
        ("1,2\n3,nan\n", "line 2, column 2: 'nan' is not a finite number"),
        ("1,2\n3,inf\n", "line 2, column 2: 'inf' is not a finite number"),
        ("1,2\n3,4\n5,6\n", "3 data rows; at least 4 are needed"),
        ("x,y\n", "0 data rows; at least 4 are needed"),
        (
            "0,0,1\n1,1,1\n2,2,1\n3,3,1\n",
            "every row has label 1; classification needs at least two",
        ),
        ("a,b,c\n0,0,0\n1,1,1.5\n", "line 3, column 3 (c): label '1.5' is not a whole number"),
        ("0,0,0\n1,1,cat\n", "line 2, column 3: 'cat' is not a number"),
        ("".join(f"{i},{i},{i}\n" for i in range(11)), "11 different labels; at most 10"),
    ],
)
def test_broken_text_gives_one_line_error(text: str, message: str) -> None:
    """Each problem is named with its line (and column), on one line."""
    with pytest.raises(InputError) as caught:
        parse_csv(text, "bad.csv")
    assert str(caught.value).startswith(f"bad.csv: {message}")
    assert "\n" not in str(caught.value)


def test_more_than_100000_rows_is_refused() -> None:
    """100,001 rows: refused, naming the limit."""
    text = "".join(f"{i},{i}\n" for i in range(100_001))
    with pytest.raises(InputError, match="more than 100,000 rows"):
        parse_csv(text, "big.csv")


def test_exactly_100000_rows_is_fine() -> None:
    """The limit itself is allowed."""
    assert len(parse_csv("".join(f"{i},{i % 7}\n" for i in range(100_000))).x) == 100_000


def test_missing_file(tmp_path: Path) -> None:
    """A path that does not exist says so."""
    with pytest.raises(InputError, match="no such file"):
        load_csv(tmp_path / "nope.csv")


def test_folder_and_fifo_are_refused(tmp_path: Path) -> None:
    """Only regular files are read (a FIFO would block a read forever)."""
    with pytest.raises(InputError, match="is a folder"):
        load_csv(tmp_path)
    if hasattr(os, "mkfifo"):
        fifo = tmp_path / "pipe.csv"
        os.mkfifo(fifo)
        with pytest.raises(InputError, match="not a regular file"):
            load_csv(fifo)


def test_file_over_the_size_cap(tmp_path: Path) -> None:
    """A file larger than the cap is refused before it is read."""
    path = tmp_path / "huge.csv"
    with path.open("wb") as handle:
        handle.truncate(MAX_BYTES + 1)
    with pytest.raises(InputError, match="the limit is 16 MB"):
        load_csv(path)


def test_binary_file_is_not_text(tmp_path: Path) -> None:
    """Bytes that are not UTF-8 are named with their line."""
    path = tmp_path / "image.csv"
    path.write_bytes(b"1,2\n\xff\xfe\x00,1\n")
    with pytest.raises(InputError, match="line 2 is not UTF-8 text"):
        load_csv(path)


def test_empty_path_asks_for_one() -> None:
    """Nothing typed: ask for a path."""
    with pytest.raises(InputError, match="enter a CSV file's path"):
        load_csv("  ")


def test_loaded_dataset_trains() -> None:
    """A loaded classification file has integer labels the trainer accepts."""
    from relu_tui.nn.network import Architecture, init_network, train

    rng = np.random.default_rng(0)
    pts = rng.normal(size=(40, 2))
    text = "".join(f"{a},{b},{int(a > 0)}\n" for a, b in pts)
    data = parse_csv(text)
    net = init_network(Architecture((2, 4, data.n_out)), rng)
    reports = list(train(net, data.x, data.y, loss=data.loss, epochs=5, every=5))
    assert np.isfinite(reports[-1].loss)


def test_a_quoted_multi_line_header_keeps_line_numbers_true() -> None:
    """The header's quoted name spans lines 1-2, so the bad value is on line 6, not 4."""
    text = '"x\nvalue",y\n1,2\n2,3\n3,4\n4,x\n'
    with pytest.raises(InputError, match=r"line 6, column 2 \(y\): 'x' is not a number"):
        parse_csv(text)


@pytest.mark.parametrize("text", ['x,y\n1,2\n2,3\n3,4\n4,"5', 'x,y\n1,2\n2,3\n3,4\n4,"5\n6,7\n'])
def test_an_unterminated_quote_is_refused_with_its_line(text: str) -> None:
    with pytest.raises(InputError, match="line 5: a quoted field is never closed"):
        parse_csv(text)


def test_comment_lines_count_against_the_line_limit(tmp_path: Path) -> None:
    """16 MB of '##' lines is refused quickly, without splitting the whole file in memory."""
    import time

    from relu_tui.nn.csvdata import MAX_LINES

    path = _write(tmp_path, "##\n" * (MAX_BYTES // 3 - 16))
    started = time.perf_counter()
    with pytest.raises(InputError, match=f"more than {MAX_LINES:,} lines"):
        load_csv(path)
    assert time.perf_counter() - started < 5  # was about 10 s and 900 MB


def test_a_very_long_line_is_refused() -> None:
    with pytest.raises(InputError, match="line 2 is longer than"):
        parse_csv("x,y\n" + "," * 1_000_000 + "\n1,2\n")


@pytest.mark.parametrize("value", ["1e308", "-1e308", "2e12"])
def test_huge_values_are_refused_so_training_stays_finite(value: str) -> None:
    text = f"x,y\n1,2\n2,{value}\n3,4\n4,5\n"
    with pytest.raises(InputError, match=r"line 3, column 2 \(y\): .* is too large"):
        parse_csv(text)
