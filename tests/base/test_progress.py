"""Saved progress: atomic writes, corrupt files set aside with a message."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from relu_tui.base import progress, progress_read
from relu_tui.lessons.puzzle.records import check_records, merge_records, record_problem


@pytest.fixture(autouse=True)
def state_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path))
    return tmp_path


def test_state_dir_follows_xdg(state_home: Path) -> None:
    """$XDG_STATE_HOME/relu-tui is where files go."""
    assert progress.state_dir() == state_home / "relu-tui"


def test_state_dir_defaults_to_local_state(monkeypatch: pytest.MonkeyPatch) -> None:
    """Unset or relative XDG_STATE_HOME falls back to ~/.local/state."""
    monkeypatch.setenv("XDG_STATE_HOME", "relative/path")
    assert progress.state_dir() == Path.home() / ".local" / "state" / "relu-tui"


def test_round_trip_and_no_temp_files_left() -> None:
    """What is saved loads back; the folder holds only the final file."""
    progress.save_json("puzzle", {"solved": [1, 2]})
    data, message = progress.load_json("puzzle", {})
    assert data == {"solved": [1, 2]} and message is None
    assert [p.name for p in progress.state_dir().iterdir()] == ["puzzle.json"]


def test_missing_file_gives_defaults_silently() -> None:
    """No file yet is not an error."""
    assert progress.load_json("puzzle", {"solved": []}) == ({"solved": []}, None)


@pytest.mark.parametrize(
    "content",
    [
        b'{"version": 1, "data": {"sol',
        b"\x00\xff garbage",
        b"[1, 2]",
        b'{"version": "1", "data": {}}',
        b'{"version": 1, "data": {"a": NaN}}',
    ],
)
def test_corrupt_file_is_kept_aside_with_a_message(content: bytes) -> None:
    """Truncated, binary, wrong-shape or unknown-format files: defaults, message, old file kept."""
    folder = progress.state_dir()
    folder.mkdir(parents=True)
    (folder / "puzzle.json").write_bytes(content)
    data, message = progress.load_json("puzzle", {"solved": []})
    assert data == {"solved": []}
    assert message is not None and "unreadable" in message and "puzzle.json.corrupt" in message
    assert (folder / "puzzle.json.corrupt").read_bytes() == content
    assert not (folder / "puzzle.json").exists()


def _write_raw(content: bytes | str) -> Path:
    folder = progress.state_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "puzzle.json"
    if isinstance(content, str):
        content = content.encode()
    path.write_bytes(content)
    return path


def _document(data: dict[str, object]) -> str:
    return json.dumps({"version": progress.SCHEMA_VERSION, "data": data})


def _puzzle_records() -> progress.RecordFile:
    return progress.RecordFile(
        "puzzle", default={"levels": {}}, validate=check_records, merge=merge_records
    )


def test_deeply_nested_file_is_set_aside_not_a_recursion_error() -> None:
    """A file nested 100,000 levels deep: a message and a fresh start (was RecursionError)."""
    depth = 100_000
    path = _write_raw('{"version": 1, "data": {"a": ' + "[" * depth + "]" * depth + "}}")
    data, message = progress.load_json("puzzle", {})
    assert data == {} and message is not None and "nested" in message
    assert not path.exists() and path.with_suffix(".json.corrupt").exists()


def test_moderately_deep_file_is_refused_too() -> None:
    """Nesting deeper than MAX_DEPTH but parseable is refused the same way."""
    depth = progress.MAX_DEPTH + 5
    _write_raw('{"version": 1, "data": {"a": ' + "[" * depth + "]" * depth + "}}")
    _, message = progress.load_json("puzzle", {})
    assert message is not None and "nested" in message


def test_no_home_and_no_xdg_gives_a_message_not_a_runtime_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """No HOME, no XDG_STATE_HOME, no passwd entry: play without saving (was RuntimeError)."""
    monkeypatch.delenv("XDG_STATE_HOME")
    monkeypatch.delenv("HOME", raising=False)
    monkeypatch.setattr(
        Path,
        "home",
        classmethod(
            lambda cls: (_ for _ in ()).throw(RuntimeError("Could not determine home directory."))
        ),
    )
    with pytest.raises(progress.ProgressError):
        progress.state_dir()
    records = _puzzle_records()
    message = records.load()
    assert message is not None and "HOME" in message and not records.can_save
    with pytest.raises(progress.ProgressError):
        records.save()


def test_fifo_is_refused_without_blocking() -> None:
    """puzzle.json as a FIFO: loading returns at once and nothing is written (was a hang)."""
    folder = progress.state_dir()
    folder.mkdir(parents=True)
    path = folder / "puzzle.json"
    os.mkfifo(path)
    records = _puzzle_records()
    message = records.load()
    assert message is not None and "FIFO" in message and not records.can_save
    with pytest.raises(progress.ProgressError):
        records.save()
    assert stat.S_ISFIFO(path.lstat().st_mode)


def test_symlink_to_dev_zero_is_refused() -> None:
    """A symlink to /dev/zero: refused (was unbounded memory), the link left alone."""
    folder = progress.state_dir()
    folder.mkdir(parents=True)
    path = folder / "puzzle.json"
    path.symlink_to("/dev/zero")
    records = _puzzle_records()
    message = records.load()
    assert message is not None and "device" in message and not records.can_save
    assert path.is_symlink()


def test_file_over_the_size_cap_is_set_aside_unread(monkeypatch: pytest.MonkeyPatch) -> None:
    """A file over MAX_BYTES is moved aside without being read (was read whole)."""
    path = _write_raw(b" " * (progress.MAX_BYTES + 1))
    monkeypatch.setattr(progress_read, "read_at_most", lambda *a: pytest.fail("read"))
    data, message = progress.load_json("puzzle", {})
    assert data == {} and message is not None and "1,000,000" in message
    assert path.with_suffix(".json.corrupt").stat().st_size == progress.MAX_BYTES + 1


def _deny_reading(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    """Make `path` unreadable even for root (mode 000 alone does not stop root)."""
    path.chmod(0)
    real_open = os.open

    def denied(file: object, flags: int, *args: object) -> int:
        if str(file) == str(path) and not flags & (os.O_WRONLY | os.O_RDWR):
            raise PermissionError(13, "Permission denied")
        return real_open(file, flags, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", denied)


def test_unreadable_file_is_never_written_over(monkeypatch: pytest.MonkeyPatch) -> None:
    """Mode 000: a message, saving refused, the file's records intact (was overwritten)."""
    path = _write_raw(_document({"levels": {"2": {"solved": True, "best": 9}}}))
    _deny_reading(monkeypatch, path)
    try:
        records = _puzzle_records()
        message = records.load()
        assert message is not None and "not written over" in message and not records.can_save
        records.data["levels"]["1"] = {"solved": True, "best": 7}
        with pytest.raises(progress.ProgressError):
            records.save()
    finally:
        monkeypatch.undo()
        path.chmod(0o600)
    assert json.loads(path.read_text())["data"] == {"levels": {"2": {"solved": True, "best": 9}}}


def test_file_that_becomes_unreadable_before_a_save_is_not_written_over(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Read fine at start, unreadable at the save: the save is refused with a message."""
    path = _write_raw(_document({"levels": {"2": {"solved": True, "best": 9}}}))
    records = _puzzle_records()
    assert records.load() is None
    before = path.read_bytes()
    _deny_reading(monkeypatch, path)
    records.data["levels"]["1"] = {"solved": True, "best": 7}
    with pytest.raises(progress.ProgressError, match="not written over"):
        records.save()
    monkeypatch.undo()
    path.chmod(0o600)
    assert path.read_bytes() == before


def test_two_instances_keep_the_better_record_and_both_levels() -> None:
    """A saves best 7 and B (opened before) then saves 11: the file keeps 7 (was 11)."""
    a, b = _puzzle_records(), _puzzle_records()
    a.load()
    b.load()
    a.data["levels"]["1"] = {"solved": True, "best": 7}
    a.save()
    b.data["levels"]["1"] = {"solved": True, "best": 11}
    b.data["levels"]["3"] = {"solved": True, "best": 20}
    b.save()
    saved, _ = progress.load_json("puzzle", {})
    assert saved["levels"] == {"1": {"solved": True, "best": 7}, "3": {"solved": True, "best": 20}}
    assert b.data["levels"]["1"]["best"] == 7  # B now shows the better record


def test_saves_from_two_processes_at_once_lose_nothing() -> None:
    """Eight processes each save their own level at the same time: all eight survive."""
    script = (
        "import sys\n"
        "from relu_tui.base import progress\n"
        "from relu_tui.lessons.puzzle.records import check_records, merge_records\n"
        "r = progress.RecordFile('puzzle', default={'levels': {}}, validate=check_records,"
        " merge=merge_records)\n"
        "r.load()\n"
        "r.data['levels'][sys.argv[1]] = {'solved': True, 'best': int(sys.argv[1])}\n"
        "r.save()\n"
    )
    procs = [subprocess.Popen([sys.executable, "-c", script, str(n)]) for n in range(1, 9)]
    assert all(p.wait(timeout=60) == 0 for p in procs)
    saved, _ = progress.load_json("puzzle", {})
    assert sorted(saved["levels"], key=int) == [str(n) for n in range(1, 9)]


@pytest.mark.parametrize(
    ("entry", "words"),
    [
        ({"solved": True, "best": True}, "best is true"),
        ({"solved": True, "best": -5}, "best is -5"),
        ({"solved": True, "best": 2.5}, "best is 2.5"),
        ({"solved": True, "best": "7"}, "best is '7'"),
        ({"solved": True}, "best is missing"),
        ({"solved": "yes", "best": 3}, "solved is 'yes'"),
        ([1, 2], "is a list"),
    ],
)
def test_bad_records_are_named_and_ignored_but_kept(entry: object, words: str) -> None:
    """ "best": true or -5 is not a record: a clear message, ignored, left in the file."""
    _write_raw(_document({"levels": {"2": entry, "5": {"solved": True, "best": 4}}}))
    records = _puzzle_records()
    message = records.load()
    assert message is not None and "level '2'" in message and words in message
    assert record_problem(records.data["levels"]["2"]) is not None
    records.data["levels"]["1"] = {"solved": True, "best": 7}
    records.save()
    saved, _ = progress.load_json("puzzle", {})
    assert saved["levels"]["2"] == entry and saved["levels"]["5"]["best"] == 4


def test_levels_that_are_not_an_object_set_the_file_aside() -> None:
    """ "levels": [] cannot be used at all: the file is kept aside with a message."""
    path = _write_raw(_document({"levels": [1, 2]}))
    records = _puzzle_records()
    message = records.load()
    assert message is not None and "levels" in message and "corrupt" in message
    assert records.data == {"levels": {}} and records.can_save
    assert path.with_suffix(".json.corrupt").exists()


def test_unknown_keys_survive_a_save() -> None:
    """Keys this version does not know (top level and in a record) are written back."""
    _write_raw(
        _document({"levels": {"1": {"solved": True, "best": 9, "time": 31}}, "theme": "dark"})
    )
    records = _puzzle_records()
    assert records.load() is None
    records.data["levels"]["1"] = {"solved": True, "best": 7}
    records.save()
    saved, _ = progress.load_json("puzzle", {})
    assert saved == {"levels": {"1": {"solved": True, "best": 7, "time": 31}}, "theme": "dark"}


def test_newer_format_is_not_written_over() -> None:
    """A file from a newer relu-tui: play without saving, file untouched."""
    path = _write_raw('{"version": 99, "data": {}}')
    records = _puzzle_records()
    message = records.load()
    assert message is not None and "newer" in message and not records.can_save
    assert path.read_text() == '{"version": 99, "data": {}}'


def test_a_symlinked_file_is_updated_where_it_points(tmp_path: Path) -> None:
    """A progress file kept elsewhere and linked in stays linked after a save."""
    real = tmp_path / "dotfiles" / "puzzle.json"
    real.parent.mkdir()
    real.write_text(_document({"levels": {}}))
    folder = progress.state_dir()
    folder.mkdir(parents=True)
    (folder / "puzzle.json").symlink_to(real)
    progress.save_json("puzzle", {"levels": {"1": {"solved": True, "best": 3}}})
    assert (folder / "puzzle.json").is_symlink()
    assert json.loads(real.read_text())["data"]["levels"]["1"]["best"] == 3


def test_messages_escape_control_characters(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A state folder named with an escape sequence is shown escaped, never raw."""
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "a\x1b]0;pwned\x07"))
    _write_raw("{garbage")
    _, message = progress.load_json("puzzle", {})
    assert message is not None and "\x1b" not in message and "\\x1b" in message
