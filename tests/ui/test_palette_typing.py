"""Typing into the command palette stays linear: cancelled searches do not pile up."""

from __future__ import annotations

import asyncio

from textual import events
from textual.command import CommandInput, CommandPalette
from textual.worker_manager import WorkerManager

from relu_tui.ui.app import ReluApp


async def test_queued_characters_leave_at_most_a_few_searches_in_the_manager(
    monkeypatch: object,
) -> None:
    """300 characters queued at once (no bracketed paste): Textual kept every cancelled
    search in the WorkerManager until it ran, so each key walked and re-cancelled all of
    them (quadratic); now the manager holds the one running search."""
    most = [0]
    add_worker = WorkerManager.add_worker

    def counting(self: WorkerManager, *args: object, **kwargs: object) -> None:
        add_worker(self, *args, **kwargs)  # type: ignore[arg-type]
        most[0] = max(most[0], len(self._workers))

    monkeypatch.setattr(WorkerManager, "add_worker", counting)  # type: ignore[attr-defined]
    app = ReluApp(start="dosage")
    text = ("theme relu " * 30)[:300]
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+p")
        for _ in range(100):
            if isinstance(app.screen, CommandPalette):
                break
            await asyncio.sleep(0.02)
        field = app.screen.query_one(CommandInput)
        most[0] = 0
        assert app._driver is not None
        for char in text:
            event = events.Key("space" if char == " " else char, char)
            event.set_sender(app)
            app._driver.send_message(event)
        for _ in range(400):
            if len(field.value) == len(text):
                break
            await asyncio.sleep(0.02)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert field.value == text
        assert most[0] <= 3, most[0]
        await pilot.press("escape")
        assert app.is_running
