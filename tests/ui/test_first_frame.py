"""The first-frame cache: a launch that looks like the last one shows that launch's first
frame at once, and only then; a bad or stale cache file is never shown."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from textual._compositor import LayoutUpdate
from textual.strip import Strip

from relu_tui.lessons.launch import LaunchOptions
from relu_tui.ui.app import ReluApp
from relu_tui.ui.first_frame import FrameCache, FrameScreen, encode, frame_key, reads_files

SIZE = (100, 30)


class Recording(ReluApp):
    """ReluApp noting each whole frame it shows: which screen, and its cells."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.frames: list[tuple[str, Any]] = []
        self.stack: list[str] = []
        """The screens on the stack when the run ended (bottom first)."""

    def _display(self, screen: Any, renderable: Any) -> None:
        super()._display(screen, renderable)
        if isinstance(renderable, LayoutUpdate):
            strips = [Strip.join(list(line)) for line in renderable.strips]
            self.frames.append((type(screen).__name__, encode(strips)))


async def _launch(
    folder: Path, *keys: str, size: tuple[int, int] = SIZE, **options: Any
) -> Recording:
    """Run the app once with its first-frame cache in `folder`, pressing `keys` at once."""
    app = Recording(frame_cache=folder, **options)
    async with app.run_test(size=size) as pilot:
        if keys:
            await pilot.press(*keys)
        for _ in range(50):
            await pilot.pause(0.02)
            if not isinstance(app.screen, FrameScreen):
                break
        await pilot.pause()
        app.stack = [type(screen).__name__ for screen in app.screen_stack]
    return app


def _cache_file(folder: Path, screen: str = "activations") -> Path:
    return folder / f"first-frame-{screen}.json"


async def test_the_first_launch_keeps_its_first_frame(tmp_path: Path) -> None:
    """A launch with no cache draws the real screen first and keeps that frame."""
    app = await _launch(tmp_path, start="activations")
    first_screen, first_cells = app.frames[0]
    assert first_screen == "ActivationsScreen"
    kept = json.loads(_cache_file(tmp_path).read_text())
    assert kept["frame"] == first_cells


async def test_the_next_launch_shows_the_kept_frame_first(tmp_path: Path) -> None:
    """The same launch again shows the kept frame, cell for cell, before the real screen,
    which then draws the very same frame."""
    await _launch(tmp_path, start="activations")
    kept = json.loads(_cache_file(tmp_path).read_text())["frame"]
    app = await _launch(tmp_path, start="activations")
    assert app.frames[0] == ("FrameScreen", kept)
    real = [cells for name, cells in app.frames if name == "ActivationsScreen"]
    assert real and real[0] == kept
    assert app.stack == ["ActivationsScreen"]


class Slow(Recording):
    """The real screen replaces the kept frame only when the test says (`replace`)."""

    async def _replace_frame_screen(self, name: str) -> None:
        self.start_name = name

    async def replace(self) -> None:
        await ReluApp._replace_frame_screen(self, self.start_name)


async def test_keys_typed_over_the_kept_frame_reach_the_real_screen(tmp_path: Path) -> None:
    """Keys pressed while the kept frame is in front act on the real screen, in order."""
    await _launch(tmp_path, start="activations")
    app = Slow(frame_cache=tmp_path, start="activations")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, FrameScreen)
        await pilot.press("v", "v", "g")  # Table -> Compare -> Why ReLU; g acts on Table only
        assert isinstance(app.screen, FrameScreen)
        kept = _cache_file(tmp_path).read_text()
        await app.replace()
        await pilot.pause()
        assert app.screen.state.view == "why"
        assert not app.screen.state.show_grad
    assert _cache_file(tmp_path).read_text() == kept  # a frame after keys is not kept


async def test_a_changed_setting_does_not_use_the_kept_frame(tmp_path: Path) -> None:
    """Another setting (here the view) is another first frame: the kept one is not shown,
    and the new launch's frame is kept instead."""
    await _launch(tmp_path, start="activations")
    options = LaunchOptions(screen="activations", settings={"view": "compare"})
    app = await _launch(tmp_path, launch_options=options)
    assert app.frames[0][0] == "ActivationsScreen"
    assert json.loads(_cache_file(tmp_path).read_text())["frame"] == app.frames[0][1]


@pytest.mark.parametrize(
    "change",
    [
        {"size": (120, 40)},
        {"ascii_only": True},
        {"theme": "textual-light"},
    ],
    ids=["size", "ascii", "theme"],
)
async def test_other_display_choices_do_not_use_the_kept_frame(
    tmp_path: Path, change: dict[str, Any]
) -> None:
    """Another terminal size, --ascii or theme is another first frame."""
    await _launch(tmp_path, start="activations")
    app = await _launch(tmp_path, start="activations", **change)
    assert app.frames[0][0] == "ActivationsScreen"


def _mangled(frame: list[Any], how: str) -> object:
    first_run = frame[0][0]
    if how == "text":
        first_run[0] = "X" + first_run[0][1:]  # well formed, but not what the screen draws
    elif how == "escape":
        first_run[0] = "\x1b]0;owned\x07" + first_run[0][9:]
    elif how == "link":
        first_run[1] = "link https://example.com"
    elif how == "style":
        first_run[1] = "bold on on on"
    elif how == "short":
        frame = frame[:-1]
    elif how == "wide":
        first_run[0] += "x"
    elif how == "shape":
        frame[0] = "not a row"
    return frame


@pytest.mark.parametrize("how", ["escape", "link", "style", "short", "wide", "shape"])
async def test_a_bad_frame_in_the_cache_is_ignored(tmp_path: Path, how: str) -> None:
    """A frame of the right key that the app could not have drawn is never shown; the real
    screen draws first and its frame replaces the bad one."""
    await _launch(tmp_path, start="activations")
    path = _cache_file(tmp_path)
    data = json.loads(path.read_text())
    good = json.loads(json.dumps(data["frame"]))
    data["frame"] = _mangled(data["frame"], how)
    path.write_text(json.dumps(data))
    app = await _launch(tmp_path, start="activations")
    assert app.frames[0][0] == "ActivationsScreen"
    assert json.loads(path.read_text())["frame"] == good


@pytest.mark.parametrize(
    "content",
    [b"", b"not json", b"[1, 2]", b'{"format": 99}', b"[" * 100_000, b"\xff\xfe"],
    ids=["empty", "text", "list", "format", "deep", "bytes"],
)
async def test_a_corrupt_cache_file_is_ignored(tmp_path: Path, content: bytes) -> None:
    """Garbage in the cache file: the app starts as without one."""
    path = _cache_file(tmp_path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    app = await _launch(tmp_path, start="activations")
    assert app.frames[0][0] == "ActivationsScreen"
    assert json.loads(path.read_text())["frame"] == app.frames[0][1]


async def test_a_folder_in_place_of_the_cache_file_is_no_problem(tmp_path: Path) -> None:
    """Not a regular file, and not writable over: the app starts and runs without a cache."""
    _cache_file(tmp_path).mkdir(parents=True)
    app = await _launch(tmp_path, start="activations")
    assert app.frames[0][0] == "ActivationsScreen"
    assert app.stack == ["ActivationsScreen"]


def _mangle_cache(path: Path) -> None:
    data = json.loads(path.read_text())
    data["frame"] = _mangled(data["frame"], "text")
    path.write_text(json.dumps(data))


async def test_a_frame_that_differs_from_the_real_one_is_replaced(tmp_path: Path) -> None:
    """If the real screen draws another frame than the one shown, the real one is kept and
    the next launch shows it (and matches it)."""
    first = await _launch(tmp_path, start="activations")
    path = _cache_file(tmp_path)
    _mangle_cache(path)
    app = await _launch(tmp_path, start="activations")
    assert app.frames[0][0] == "FrameScreen"
    assert json.loads(path.read_text())["frame"] == first.frames[0][1]
    app = await _launch(tmp_path, start="activations")
    assert app.frames[0] == ("FrameScreen", first.frames[0][1])
    assert json.loads(path.read_text())["misses"] == 0


async def test_a_launch_that_differs_twice_in_a_row_is_never_shown_again(
    tmp_path: Path,
) -> None:
    """Two launches in a row drawing another frame than the one kept: the launch is not
    repeatable (what it drew came from something the key misses); its key is not shown
    from the cache again."""
    await _launch(tmp_path, start="activations")
    path = _cache_file(tmp_path)
    for _ in range(2):
        _mangle_cache(path)
        app = await _launch(tmp_path, start="activations")
        assert app.frames[0][0] == "FrameScreen"
    assert json.loads(path.read_text())["frame"] is None
    app = await _launch(tmp_path, start="activations")
    assert app.frames[0][0] == "ActivationsScreen"
    assert json.loads(path.read_text())["frame"] is None


async def test_ascii_launch_never_shows_a_cached_unicode_frame(tmp_path: Path) -> None:
    """Under --ascii, a kept frame with anything above U+007F is not shown (whatever its key)."""
    await _launch(tmp_path, start="activations", ascii_only=True)
    path = _cache_file(tmp_path)
    data = json.loads(path.read_text())
    row = data["frame"][0]
    row[0][0] = "\u2500" + row[0][0][1:]
    path.write_text(json.dumps(data))
    app = await _launch(tmp_path, start="activations", ascii_only=True)
    assert app.frames[0][0] == "ActivationsScreen"


def test_the_key_covers_settings_display_and_saved_progress(
    tmp_path: Path, _isolated_state: Path
) -> None:
    """Each thing a first frame is drawn from changes the key."""
    options = LaunchOptions(screen="activations")
    display = {"size": (80, 24), "theme": "textual-dark", "no_color": False}
    key = frame_key(options, display)
    assert frame_key(options, display) == key
    assert frame_key(replace(options, settings={"view": "why"}), display) != key
    assert frame_key(replace(options, ascii=True), display) != key
    assert frame_key(options, {**display, "size": (81, 24)}) != key
    assert frame_key(options, {**display, "no_color": True}) != key
    _isolated_state.mkdir(parents=True, exist_ok=True)
    (_isolated_state / "relu-tui").mkdir()
    (_isolated_state / "relu-tui" / "puzzle.json").write_text("{}")
    assert frame_key(options, display) != key


def test_a_setting_naming_a_file_is_not_cached(tmp_path: Path) -> None:
    """A CSV's contents are in no key: a launch reading one keeps no frame."""
    data = tmp_path / "points.csv"
    data.write_text("x,y\n0,0\n")
    options = LaunchOptions(screen="dead", settings={"data": str(data)})
    assert reads_files(options)
    assert FrameCache.for_launch(tmp_path, options, {"size": (80, 24)}) is None
    assert not reads_files(LaunchOptions(screen="dead", settings={"data": "missing.csv"}))
