"""Course files are input like any file: only regular files, capped, never a hang or a
traceback, every problem naming the file, line and key; `--print` changes nothing."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from relu_tui.base import progress
from relu_tui.exercises import records
from relu_tui.exercises.course import builtin_course, load_course_file, parse_course
from relu_tui.exercises.course_file import MAX_FILE_BYTES, nesting_problem
from relu_tui.exercises.screen import ExercisesScreen
from relu_tui.lessons.launch import LaunchOptions
from relu_tui.ui.app import ReluApp

DEEP = "a=" + "[" * 500 + "]" * 500


def _one_line(errors: tuple[str, ...]) -> str:
    assert len(errors) == 1, errors
    assert "\n" not in errors[0]
    return errors[0]


def test_a_fifo_is_refused_without_opening_it(tmp_path: Path) -> None:
    """A FIFO with no writer would block open() and read(): it is refused at stat."""
    fifo = tmp_path / "course.toml"
    os.mkfifo(fifo)
    assert "is a FIFO, not a course file" in _one_line(load_course_file(str(fifo)).errors)


@pytest.mark.parametrize(
    ("path", "kind"), [("/dev/zero", "a device"), ("/dev/null", "a device"), ("/", "a folder")]
)
def test_devices_and_folders_are_refused(path: str, kind: str) -> None:
    """/dev/zero would be read forever; a folder cannot be read: both are one line."""
    assert f"is {kind}, not a course file" in _one_line(load_course_file(path).errors)


def test_a_file_over_the_cap_is_refused_before_it_is_parsed(tmp_path: Path) -> None:
    path = tmp_path / "big.toml"
    path.write_text("# x\n" * (MAX_FILE_BYTES // 4 + 1), encoding="utf-8")
    assert "larger than" in _one_line(load_course_file(str(path)).errors)


def test_deep_nesting_is_an_error_not_a_recursion_error(tmp_path: Path) -> None:
    """`a=` then 500 [ and 500 ] (about 1 KB) made tomllib recurse past Python's limit."""
    path = tmp_path / "deep.toml"
    path.write_text(DEEP, encoding="utf-8")
    error = _one_line(load_course_file(str(path)).errors)
    assert error.startswith(f"{path} line 1, key a: ") and "nested more than" in error
    inline = "[[exercise]]\nid = 'x'\nstart = " + "{a=" * 300 + "1" + "}" * 300
    assert "line 3, key start: values nested" in _one_line(parse_course(inline, "c").errors)


def test_brackets_in_strings_and_comments_do_not_count() -> None:
    """The depth scan skips strings (all four kinds) and comments."""
    text = (
        '[[exercise]]\nid = "[[[[[[[[[[[[[[[[[[[["  # [[[[[[[[[[[[[[[[[[[[[[[\n'
        'hints = [\'[[[[[[[[[[[[[[[[[[[[[[\', """\n[[[[[[[[[[[[[[[[[[[[[[\n""", '
        "'''[[[[[[[[[[[[[[[[[[[[[[[[[[[''']\n"
        'answer = "\\"[[[[[[[[[[[[[[[[[[[[[[[["\n'
    )
    assert nesting_problem(text) is None
    assert nesting_problem("x = " + "[" * 17 + "]" * 17) == 1


def test_a_toml_error_names_file_line_and_key() -> None:
    text = '[[exercise]]\nid = "x"\nscreen = "approx"\ncheck = \nkind = "find"\n'
    error = _one_line(parse_course(text, "course.toml").errors)
    assert error.startswith("course.toml line 4, key check: not valid TOML: ")
    assert "(column" in error


def test_a_broken_file_keeps_the_built_in_course(tmp_path: Path) -> None:
    path = tmp_path / "deep.toml"
    path.write_text(DEEP, encoding="utf-8")
    course = builtin_course().extended(load_course_file(str(path)))
    assert len(course.exercises) == len(builtin_course().exercises)
    assert len(course.errors) == 1


def _print_exercises(*args: str, env_dir: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, XDG_STATE_HOME=str(env_dir))
    return subprocess.run(
        [sys.executable, "-m", "relu_tui", "--print", "exercises", *args],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )


@pytest.mark.parametrize("kind", ["fifo", "deep"])
def test_print_exercises_with_a_bad_course_answers_at_once(kind: str, tmp_path: Path) -> None:
    """`--print exercises --course FIFO` hung, and a deep course printed a traceback: now the
    built-in course prints, with the problem as one line, and the exit code is 0."""
    path = tmp_path / "course.toml"
    if kind == "fifo":
        os.mkfifo(path)
    else:
        path.write_text(DEEP, encoding="utf-8")
    done = _print_exercises("--course", str(path), env_dir=tmp_path / "state")
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    assert "ReLU'(-3)" in done.stdout
    problems = "".join(done.stdout.split("Problems:")[1].split())  # long lines are wrapped
    assert str(path) in problems


def test_print_exercises_leaves_a_corrupt_progress_file_where_it_is(tmp_path: Path) -> None:
    """A print only reads: the corrupt file is reported and stays, not renamed .corrupt."""
    state = tmp_path / "state"
    folder = state / "relu-tui"
    folder.mkdir(parents=True)
    corrupt = folder / "exercises.json"
    corrupt.write_text("{not json", encoding="utf-8")
    done = _print_exercises(env_dir=state)
    assert done.returncode == 0, done.stderr
    assert "left as it is" in " ".join(done.stdout.split())
    assert corrupt.read_text(encoding="utf-8") == "{not json"
    assert sorted(p.name for p in folder.iterdir()) == ["exercises.json"]


def test_read_only_records_change_nothing(_isolated_state: Path) -> None:
    folder = progress.state_dir()
    folder.mkdir(parents=True)
    (folder / "puzzle.json").write_bytes(b"\xff\xfe")
    _, messages = records.load_records(["puzzle-1"], read_only=True)
    assert messages and "left as it is" in messages[0]
    assert [p.name for p in folder.iterdir()] == ["puzzle.json"]


async def test_the_app_with_a_fifo_course_shows_the_built_in_course(tmp_path: Path) -> None:
    """`relu-tui exercises --course FIFO` was a blank screen that ignored q: now the course
    opens with the problem notified, and q quits."""
    fifo = tmp_path / "course.toml"
    os.mkfifo(fifo)
    app = ReluApp(
        start="exercises",
        launch_options=LaunchOptions(screen="exercises", settings={"course": str(fifo)}),
    )
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        assert isinstance(screen, ExercisesScreen)
        assert len(screen.course.exercises) == len(builtin_course().exercises)
        assert any("is a FIFO" in error for error in screen.course.errors)
        await pilot.press("q")
    assert app.return_code in (0, None)


def test_an_unknown_top_level_key_names_its_line_and_key() -> None:
    text = 'title = "x"\n\n[meta]\na = 1\n'
    assert parse_course(text, "c.toml").errors == (
        "c.toml line 1, key title: unknown top-level key (expected [[exercise]] tables)",
        "c.toml line 3, key meta: unknown top-level key (expected [[exercise]] tables)",
    )
