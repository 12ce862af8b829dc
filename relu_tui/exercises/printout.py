"""`relu-tui --print exercises [--course FILE]`: the course, with the person's status."""

from __future__ import annotations

import textwrap

from relu_tui.base.ascii import ascii_text
from relu_tui.exercises import records
from relu_tui.exercises.course import builtin_course, grouped, load_course_file
from relu_tui.lessons.catalog import SCREENS
from relu_tui.lessons.launch import LaunchOptions


def render(args: LaunchOptions) -> str:
    """Every exercise grouped by screen: status, best key presses, kind, title, statement.

    Problems in a course file are listed at the end (the built-in course is always shown).
    """
    course = builtin_course()
    path = args.settings.get("course")
    if path:
        course = course.extended(load_course_file(str(path)))
    levels = [e.id for e in course.exercises if e.level is not None]
    saved, messages = records.load_records(levels, read_only=True)
    width = max(int(args.width or 100), 40)
    solved = sum(1 for e in course.exercises if saved.get(e.id, records.Record()).solved)
    out = [
        f"Exercises: {solved} of {len(course.exercises)} solved "
        "(relu-tui exercises; enter starts one)",
        "",
    ]
    for screen, exercises in grouped(course.exercises, list(SCREENS)):
        info = SCREENS.get(screen)
        out += ["", f"{info.title if info else screen} ({info.key if info else ''})"]
        for exercise in exercises:
            record = saved.get(exercise.id, records.Record())
            best = f"best {record.best}" if record.best is not None else ""
            out.append(f"  {record.status:<8} {best:<9} {exercise.kind:<8} {exercise.title}")
            out += textwrap.wrap(
                exercise.statement,
                width=width - 4,
                initial_indent="      ",
                subsequent_indent="      ",
            )
    if course.errors or messages:
        out += ["", "Problems:"] + [f"  {line}" for line in (*course.errors, *messages)]
    text = "\n".join(line for index, line in enumerate(out) if line or index == 0 or out[index - 1])
    return ascii_text(text) if args.ascii else text
