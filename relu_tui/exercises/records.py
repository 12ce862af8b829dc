"""Exercise records: tried / solved / revealed and the best key presses, saved with the
Puzzle's records in the state directory.

Records of the Puzzle's levels are the Puzzle's own (`puzzle.json`, `levels`); every other
exercise's record lives in `exercises.json`. Each save reads what is on disk first and
merges it, record by record, keeping the better of the two (solved beats revealed beats
tried; fewer key presses beat more), so a second instance or a later run never loses a
record. Writes are atomic (`base.progress.save_json`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from relu_tui.base import progress

FILE = "exercises"
PUZZLE_FILE = "puzzle"
STATUSES = ("new", "tried", "revealed", "solved")


@dataclass(frozen=True)
class Record:
    """One exercise's record: what the person did with it, and their best solve."""

    tried: bool = False
    solved: bool = False
    revealed: bool = False
    best: int | None = None
    """Fewest key presses of a solve (None before the first)."""

    @property
    def status(self) -> str:
        """'solved', 'revealed', 'tried' or 'new'."""
        if self.solved:
            return "solved"
        if self.revealed:
            return "revealed"
        return "tried" if self.tried else "new"

    def merged(self, other: Record) -> Record:
        """The better of both, field by field (a flag once set stays set)."""
        bests = [b for b in (self.best, other.best) if b is not None]
        return Record(
            self.tried or other.tried,
            self.solved or other.solved,
            self.revealed or other.revealed,
            min(bests) if bests else None,
        )

    def with_solve(self, presses: int) -> Record:
        """This record after a solve in `presses` key presses."""
        best = presses if self.best is None else min(self.best, presses)
        return replace(self, tried=True, solved=True, best=best)

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "tried": self.tried,
            "solved": self.solved,
            "revealed": self.revealed,
        }
        if self.best is not None:
            data["best"] = self.best
        return data

    @staticmethod
    def from_json(data: object) -> Record | None:
        """A record from saved data, or None when it is not one (ignored, never fatal)."""
        if not isinstance(data, dict):
            return None
        best = data.get("best")
        if not (
            best is None or (isinstance(best, int) and not isinstance(best, bool) and best >= 0)
        ):
            best = None
        flags = [data.get(k, False) for k in ("tried", "solved", "revealed")]
        if not all(isinstance(flag, bool) for flag in flags):
            return None
        tried, solved, revealed = flags
        return Record(tried or solved or revealed, solved, revealed, best if solved else None)


def _level_key(exercise_id: str) -> str | None:
    return exercise_id.removeprefix("puzzle-") if exercise_id.startswith("puzzle-") else None


def _read(
    name: str, section: str, *, read_only: bool = False
) -> tuple[dict[str, Any], dict[str, Any], str | None]:
    load = progress.read_json if read_only else progress.load_json
    data, message = load(name, {section: {}})
    table = data.get(section)
    if not isinstance(table, dict):
        table = {}
        data = dict(data)
        data[section] = table
    return data, table, message


def load_records(
    level_ids: Iterable[str] = (), *, read_only: bool = False
) -> tuple[dict[str, Record], list[str]]:
    """Every saved record by exercise id; the Puzzle's levels come from the Puzzle's file.

    Args:
        level_ids: ids of the exercises that are Puzzle levels ("puzzle-<key>").
        read_only: change nothing on disk (an unreadable file is reported, not moved aside).

    Returns:
        (records, messages): messages say once what could not be read (and was kept aside).
    """
    _, table, message = _read(FILE, "exercises", read_only=read_only)
    messages = [message] if message else []
    records = {
        key: record
        for key, value in table.items()
        if (record := Record.from_json(value)) is not None
    }
    _, levels, level_message = _read(PUZZLE_FILE, "levels", read_only=read_only)
    if level_message:
        messages.append(level_message)
    for exercise_id in level_ids:
        key = _level_key(exercise_id)
        entry = levels.get(key) if key is not None else None
        if isinstance(entry, dict) and entry.get("solved") is True:
            best = entry.get("best")
            solved = Record(True, True, False, best if isinstance(best, int) else None)
            records[exercise_id] = records.get(exercise_id, Record()).merged(solved)
    return records, messages


def merge_exercises(disk: dict[str, Any], ours: dict[str, Any]) -> dict[str, Any]:
    """What to write when `ours` is saved over `disk` (run under the save's lock): each
    exercise's record is the better of both (`Record.merged`: a solve is never lost, the
    fewest key presses win); records and keys only one side has are kept."""
    merged = progress.merge_keep_both(disk, {k: v for k, v in ours.items() if k != "exercises"})
    on_disk = disk.get("exercises")
    table = dict(on_disk) if isinstance(on_disk, dict) else {}
    mine = ours.get("exercises")
    for key, value in mine.items() if isinstance(mine, dict) else ():
        record = Record.from_json(value)
        if record is None:
            continue
        table[key] = record.merged(Record.from_json(table.get(key)) or Record()).to_json()
    merged["exercises"] = table
    return merged


def save_record(exercise_id: str, record: Record, *, puzzle_level: str | None = None) -> Record:
    """Merge `record` with what is on disk and write it back atomically.

    The merge runs under the state folder's lock, against the file as it is then, record
    by record (`merge_exercises`), so concurrent saves from several app instances never
    lose or downgrade a record. A Puzzle level's solve goes to the Puzzle's own file (its
    `levels` entry, merged by the Puzzle's rule), so the Puzzle screen and the course show
    one record.

    Returns:
        The merged record now on disk.

    Raises:
        OSError: the state directory cannot be written; nothing on disk changed.
    """
    from relu_tui.lessons.puzzle.records import merge_records

    exercises = progress.RecordFile(FILE, default={"exercises": {}}, merge=merge_exercises)
    exercises.data = {"exercises": {exercise_id: record.to_json()}}
    exercises.save()
    table = exercises.data.get("exercises")
    saved = table.get(exercise_id) if isinstance(table, dict) else None
    merged = Record.from_json(saved) or record
    if puzzle_level is not None and merged.solved and merged.best is not None:
        levels = progress.RecordFile(PUZZLE_FILE, default={"levels": {}}, merge=merge_records)
        levels.data = {"levels": {puzzle_level: {"solved": True, "best": merged.best}}}
        levels.save()
    return merged
