"""Saved progress: atomic writes, corrupt files set aside with a message."""

from __future__ import annotations

from pathlib import Path

import pytest

from relu_tui.core import progress


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


@pytest.mark.parametrize("content", [b'{"version": 1, "data": {"sol', b"\x00\xff garbage",
                                     b"[1, 2]", b'{"version": 99, "data": {}}'])
def test_corrupt_file_is_kept_aside_with_a_message(content: bytes) -> None:
    """Truncated, binary, wrong-shape or unknown-version files: defaults, message, old file kept."""
    folder = progress.state_dir()
    folder.mkdir(parents=True)
    (folder / "puzzle.json").write_bytes(content)
    data, message = progress.load_json("puzzle", {"solved": []})
    assert data == {"solved": []}
    assert message is not None and "unreadable" in message and "puzzle.json.corrupt" in message
    assert (folder / "puzzle.json.corrupt").read_bytes() == content
    assert not (folder / "puzzle.json").exists()
