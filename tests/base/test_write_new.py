"""The one writer of exported scripts and screenshots: never replaces a file, never writes a
device, keeps the usual permissions and leaves no partial file."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from relu_tui.base import progress
from relu_tui.base.progress import WriteError, expand_home, free_name, write_new


@pytest.fixture
def umask_022() -> object:
    old = os.umask(0o022)
    yield
    os.umask(old)


def test_an_existing_file_is_kept_and_the_new_one_gets_a_number(
    tmp_path: Path, umask_022: object
) -> None:
    old = tmp_path / "model.py"
    old.write_text("mine\n")
    old.chmod(0o600)
    first = write_new(old, "a\n")
    second = write_new(old, "b\n")
    assert (first.name, second.name) == ("model-2.py", "model-3.py")
    assert old.read_text() == "mine\n" and old.stat().st_mode & 0o777 == 0o600
    assert first.read_text() == "a\n" and second.read_text() == "b\n"
    assert first.stat().st_mode & 0o777 == 0o644  # the umask's, not mkstemp's 0600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["model-2.py", "model-3.py", "model.py"]


def test_replace_writes_over_a_regular_file_only(tmp_path: Path, umask_022: object) -> None:
    old = tmp_path / "model.py"
    old.write_text("mine\n")
    assert write_new(old, "new\n", replace=True) == old
    assert old.read_text() == "new\n" and old.stat().st_mode & 0o777 == 0o644
    fifo = tmp_path / "pipe.py"
    os.mkfifo(fifo)
    with pytest.raises(WriteError, match="FIFO"):
        write_new(fifo, "x", replace=True)
    assert fifo.is_fifo()


@pytest.mark.parametrize("path", ["/dev/null", "/dev/stdout", "/proc/self/fd/1", "/dev/zero"])
def test_devices_and_streams_are_refused_even_with_replace(path: str) -> None:
    before = os.stat("/dev/null")
    with pytest.raises(WriteError, match="not a file"):
        write_new(path, "x", replace=True)
    after = os.stat("/dev/null")
    assert (after.st_ino, after.st_mode) == (before.st_ino, before.st_mode)


def test_a_symlink_to_dev_null_is_refused(tmp_path: Path) -> None:
    link = tmp_path / "out.py"
    link.symlink_to("/dev/null")
    with pytest.raises(WriteError, match="not a file"):
        write_new(link, "x", replace=True)
    assert link.is_symlink()


def test_bad_folders_and_names_are_one_sentence(tmp_path: Path) -> None:
    afile = tmp_path / "notes"
    afile.write_text("")
    with pytest.raises(WriteError, match="notes is a file, not a folder"):
        write_new(afile / "m.py", "x")
    with pytest.raises(WriteError, match="no such folder"):
        write_new(tmp_path / "nope" / "m.py", "x")
    with pytest.raises(WriteError, match="is a folder"):
        write_new(tmp_path, "x")
    with pytest.raises(WriteError, match="too long"):
        write_new(tmp_path / ("m" * 300 + ".py"), "x")
    with pytest.raises(WriteError, match="too long"):
        write_new(tmp_path / ("d" * 300) / "m.py", "x")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes"]


def test_a_full_disk_leaves_no_file_at_all(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(progress.os, "fsync", full)
    with pytest.raises(WriteError, match="No space left"):
        write_new(tmp_path / "shot.txt", "x" * 1000)
    assert list(tmp_path.iterdir()) == []


def test_a_folder_without_hard_links_still_never_replaces(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_links(src: object, dst: object) -> None:
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(progress.os, "link", no_links)
    (tmp_path / "m.py").write_text("mine")
    assert write_new(tmp_path / "m.py", "new").name == "m-2.py"
    assert (tmp_path / "m.py").read_text() == "mine"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m-2.py", "m.py"]


def test_free_name_keeps_a_pair_together(tmp_path: Path) -> None:
    (tmp_path / "s.txt").write_text("")
    assert free_name(tmp_path / "s.svg", tmp_path / "s.txt").name == "s-2.svg"


def test_an_unknown_user_s_home_is_a_message() -> None:
    with pytest.raises(WriteError, match="no home folder for user 'nosuchuser'"):
        expand_home("~nosuchuser/x.py")
