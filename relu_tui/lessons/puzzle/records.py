"""The Puzzle's saved records (`puzzle.json`: `{"levels": {key: {"solved": true, "best": n}}}`):
their schema check and the merge of two app instances' records."""

from __future__ import annotations

from relu_tui.base.text import printable

MAX_PRESSES = 10**9
"""Largest key-press count a saved record may hold."""


def record_problem(entry: object) -> str | None:
    """Why a saved level record is unusable, or None for `{"solved": true, "best": n}` with
    a whole number n ≥ 0 (other keys in the record are allowed and kept)."""
    if not isinstance(entry, dict):
        return f"is {_json_text(entry)}, not a record"
    best = entry.get("best")
    if isinstance(best, bool) or not isinstance(best, int) or not 0 <= best <= MAX_PRESSES:
        return f"best is {_json_text(best)}, not a whole number of key presses (0 or more)"
    if entry.get("solved", True) is not True:
        return f"solved is {_json_text(entry.get('solved'))}, not true"
    return None


def check_records(data: dict[str, object]) -> list[str]:
    """Schema check of the saved puzzle records `{"levels": {key: record}}`.

    Returns:
        One phrase per unusable level record (those are ignored, not deleted).

    Raises:
        ValueError: "levels" is there but is not an object (the file is set aside).
    """
    levels = data.get("levels", {})
    if not isinstance(levels, dict):
        raise ValueError(f"has levels = {_json_text(levels)}, not a list of level records")
    problems = []
    for key, entry in levels.items():
        why = record_problem(entry)
        if why is not None:
            problems.append(f"level '{printable(key, limit=20)}': {why}")
    return problems


def merge_records(disk: dict[str, object], ours: dict[str, object]) -> dict[str, object]:
    """The saved records of two app instances together: per level the fewer key presses wins;
    records and keys only one side has are kept (ours wins other conflicts)."""
    merged = {**disk, **{k: v for k, v in ours.items() if k != "levels"}}
    disk_levels = disk.get("levels")
    levels = dict(disk_levels) if isinstance(disk_levels, dict) else {}
    our_levels = ours.get("levels")
    for key, entry in our_levels.items() if isinstance(our_levels, dict) else ():
        if record_problem(entry) is not None:
            continue
        theirs = levels.get(key)
        if record_problem(theirs) is None and theirs["best"] <= entry["best"]:  # type: ignore[index]
            levels[key] = {**entry, **theirs}  # type: ignore[dict-item]
        else:
            levels[key] = {**theirs, **entry} if isinstance(theirs, dict) else dict(entry)
    merged["levels"] = levels
    return merged


def _json_text(value: object) -> str:
    """A value as JSON shows it (true, -5, "x"), shortened."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "missing"
    if isinstance(value, dict | list):
        return "an object" if isinstance(value, dict) else "a list"
    return printable(repr(value) if isinstance(value, str) else str(value), limit=24)
