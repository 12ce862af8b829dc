"""Exercise records are never lost: merged per key under the lock, the better record
winning, with several processes saving at once; no temp file outlives a killed save."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from relu_tui.base import progress
from relu_tui.exercises import records
from relu_tui.exercises.records import Record, merge_exercises

IDS = [f"e{i}" for i in range(30)]


def _best(index: int) -> int:
    return 10 + index % 5


WORKER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from relu_tui.base.progress import ProgressError
    from relu_tui.exercises.records import Record, save_record

    role, start = sys.argv[1], Path(sys.argv[2])
    while not start.exists():
        time.sleep(0.005)
    ids = [f"e{i}" for i in range(30)]

    def save(exercise_id, record):
        for _ in range(200):
            try:
                save_record(exercise_id, record)
                return
            except ProgressError:
                time.sleep(0.01)
        raise SystemExit(f"{role}: could not save {exercise_id}")

    if role == "solver":
        for index, exercise_id in enumerate(ids):
            save(exercise_id, Record().with_solve(10 + index % 5))
        for exercise_id in ids:
            save(exercise_id, Record().with_solve(50))  # a worse solve later
    elif role.startswith("own"):
        for round_ in range(20):
            save(f"{role}-{round_}", Record(tried=True))
    else:
        for _ in range(3):
            for exercise_id in ids:
                revealed = role == "revealer"
                save(exercise_id, Record(tried=True, revealed=revealed))
    """
)


def _environment(state: Path) -> dict[str, str]:
    return dict(os.environ, XDG_STATE_HOME=str(state), PYTHONDONTWRITEBYTECODE="1")


def test_the_better_record_wins_each_key() -> None:
    """A solve beats a later reveal, the fewer key presses win, one-sided keys stay."""
    disk = {
        "exercises": {"a": Record().with_solve(9).to_json(), "b": {"tried": True}},
        "other": 1,
    }
    ours = {
        "exercises": {
            "a": Record(tried=True, revealed=True).to_json(),
            "c": Record().with_solve(4).to_json(),
        }
    }
    merged = merge_exercises(disk, ours)
    table = merged["exercises"]
    assert Record.from_json(table["a"]) == Record(True, True, True, 9)
    assert Record.from_json(table["b"]) == Record(tried=True)
    assert Record.from_json(table["c"]) == Record().with_solve(4)
    assert merged["other"] == 1
    better = merge_exercises({"exercises": {"a": Record().with_solve(12).to_json()}}, disk)
    assert Record.from_json(better["exercises"]["a"]).best == 9  # type: ignore[union-attr]


def test_concurrent_writers_lose_and_downgrade_nothing(tmp_path: Path) -> None:
    """One solver, a revealer, a tryer and two writers of their own records save at once:
    every solve stays solved with its best count, and every other record is there."""
    state = tmp_path / "state"
    start = tmp_path / "start"
    roles = ["solver", "revealer", "tryer", "own1", "own2"]
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, role, str(start)],
            env=_environment(state),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for role in roles
    ]
    time.sleep(0.5)  # let them all import before they race
    start.touch()
    for process in processes:
        _, err = process.communicate(timeout=240)
        assert process.returncode == 0, err
    saved = json.loads((state / "relu-tui" / "exercises.json").read_text())["data"]["exercises"]
    for index, exercise_id in enumerate(IDS):
        record = Record.from_json(saved[exercise_id])
        assert record is not None and record.status == "solved", (exercise_id, saved[exercise_id])
        assert record.best == _best(index)
    for owner in ("own1", "own2"):
        assert all(f"{owner}-{n}" in saved for n in range(20))
    assert not list((state / "relu-tui").glob(".*.tmp"))


def test_a_save_killed_mid_write_leaves_no_temp_file_behind(tmp_path: Path) -> None:
    """kill -9 during saves, again and again: the file stays whole JSON, and the next load
    removes any temp file a killed save left (none is left in the folder)."""
    state = tmp_path / "state"
    start = tmp_path / "start"
    start.touch()
    loop = WORKER.replace('role == "solver"', "True").replace(
        "for exercise_id in ids:\n            save(exercise_id, Record().with_solve(50))",
        "while True:\n            save('x', Record(tried=True))",
    )
    for delay in (0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65):
        process = subprocess.Popen(
            [sys.executable, "-c", loop, "solver", str(start)], env=_environment(state)
        )
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    folder = state / "relu-tui"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / ".exercises.k1ll3d.tmp").write_text('{"version": 1, "da', encoding="utf-8")
    os.environ["XDG_STATE_HOME"] = str(state)  # the fixture restores it after the test
    saved, messages = records.load_records()
    assert messages == []
    assert not list(folder.glob(".*.tmp"))
    if (folder / "exercises.json").exists():
        json.loads((folder / "exercises.json").read_text())


def test_a_save_removes_stale_temp_files_under_the_lock() -> None:
    """Temp files of this file only: another file's temp and other names stay."""
    folder = progress.state_dir()
    folder.mkdir(parents=True)
    (folder / ".exercises.abc123.tmp").write_text("{", encoding="utf-8")
    (folder / ".puzzle.abc123.tmp").write_text("{", encoding="utf-8")
    (folder / "notes.tmp").write_text("mine", encoding="utf-8")
    records.save_record("a", Record(tried=True))
    names = sorted(p.name for p in folder.iterdir())
    assert names == [".puzzle.abc123.tmp", "exercises.json", "notes.tmp"]
