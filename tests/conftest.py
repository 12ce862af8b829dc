"""Shared test set-up: saved progress and files saved into the current folder go to a
temporary folder, never the real home or the checkout."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def _isolated_state(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own $XDG_STATE_HOME (and $XDG_CACHE_HOME)."""
    state = tmp_path / "state"
    monkeypatch.setenv("XDG_STATE_HOME", str(state))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return state


@pytest.fixture(autouse=True)
def _isolated_cwd(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Every test runs in its own empty folder (apart from its tmp_path): keys that save
    into the current folder (ctrl+s screenshots, x export) never leave files in the
    checkout."""
    cwd = tmp_path_factory.mktemp("cwd")
    monkeypatch.chdir(cwd)
    return cwd


@pytest.fixture
def stepped_training(monkeypatch: pytest.MonkeyPatch) -> None:
    """Training runs only when a test calls `runner.step(epochs)`, on the test's thread: no
    worker thread, so how far a run has trained is exactly what the test asked for."""
    from relu_tui.ui.training_runner import TrainingRunner

    monkeypatch.setattr(TrainingRunner, "stepped", True)
