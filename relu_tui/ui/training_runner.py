"""TrainingRunner: a screen's training run, lent to one worker thread at a time.

The runner keeps the run's `Trainer` while nothing trains. Starting lends it to a thread
worker, which trains in ~50 ms chunks; between chunks it reads the latest settings (one
reference the UI thread replaces, never mutates) and looks at its cancel flag. It reports
to the host a few times a second and hands the trainer back when it stops. So the trainer
is only ever touched by one thread, and a key never waits for a chunk.
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from textual.message import Message
from textual.widget import Widget
from textual.worker import get_current_worker

from relu_tui.lessons.dead.dying import DeadSettings, LayerStats, layer_stats
from relu_tui.nn.network import Trainer, TrainReport

CHUNK_SECONDS = 0.05
"""The worker trains about this long between looks at the settings and its cancel flag, so
a pause, a new setting or quitting takes effect within ~50 ms."""
REPORT_SECONDS = 0.2
"""...and reports to the host about this often."""
WORKER_NICENESS = 10
"""How much lower than the UI's the training thread's OS priority is (Linux): on a busy
machine keys win the CPU over training."""
GIL_SWITCH_SECONDS = 0.001
"""While a run trains, the UI thread waits at most this long for the interpreter lock
(Python's default is 5 ms, which the training thread would use to the full on every key)."""


class TrainingRunner:
    """Owns one run's trainer for `host` and lends it to a training worker."""

    @dataclass
    class Progressed(Message):
        """The worker trained a chunk of epochs (posted a few times a second)."""

        generation: int
        report: TrainReport
        stats: tuple[LayerStats, ...]
        epochs_per_second: float
        finished: bool

    @dataclass
    class Returned(Message):
        """The worker stopped and hands its trainer back."""

        generation: int
        trainer: Trainer

    def __init__(
        self,
        host: Widget,
        trainer: Trainer,
        settings: DeadSettings,
        *,
        clock: Callable[[], float] = time.perf_counter,
    ) -> None:
        self.host = host
        self.trainer: Trainer | None = trainer
        """The trainer while no worker has it (None while lent)."""
        self.settings = settings
        """What the worker reads between chunks: replaced, never changed in place."""
        self.generation = 0
        self.clock = clock

    def configure(self, settings: DeadSettings) -> None:
        """New settings: the worker reads them before its next chunk; a trainer at home
        takes them at once."""
        self.settings = settings
        if self.trainer is not None:
            self.trainer.configure(settings.optimizer, settings.batch_size, settings.penalty)

    def replace(self, trainer: Trainer, generation: int) -> None:
        """A fresh run: the old worker is cancelled and its trainer dropped when returned."""
        self.stop()
        self.trainer, self.generation = trainer, generation

    def start(self) -> None:
        """Lend the trainer to a new worker (once it is back, if a worker still has it)."""
        trainer, self.trainer = self.trainer, None
        if trainer is None:
            return
        sys.setswitchinterval(GIL_SWITCH_SECONDS)
        self.host.run_worker(
            lambda: self._train(trainer, self.generation), thread=True, group="training"
        )

    def stop(self) -> None:
        self.host.workers.cancel_group(self.host, "training")

    def take_back(self, event: Returned) -> bool:
        """The worker's trainer is home again; False when it belongs to a replaced run."""
        if event.generation != self.generation:
            return False
        self.trainer = event.trainer
        self.trainer.configure(
            self.settings.optimizer, self.settings.batch_size, self.settings.penalty
        )
        return True

    def _train(self, trainer: Trainer, generation: int) -> None:
        """Train until the settings' epochs, a divergence or a cancel; report ~5 times a
        second; hand the trainer back at the end."""
        worker = get_current_worker()
        _lower_priority()
        clock = self.clock
        began, first_epoch, reported = clock(), trainer.epoch, clock()
        chunk = 1
        try:
            while not worker.is_cancelled:
                settings = self.settings
                trainer.configure(settings.optimizer, settings.batch_size, settings.penalty)
                remaining = settings.epochs - trainer.epoch
                if remaining > 0 and not trainer.diverged:
                    start = clock()
                    trainer.advance(min(chunk, remaining))
                    took = clock() - start
                    chunk = (
                        max(1, min(100_000, int(chunk * CHUNK_SECONDS / took)))
                        if took > 0
                        else 2 * chunk
                    )
                now = clock()
                finished = trainer.diverged or trainer.epoch >= settings.epochs
                if finished or now - reported >= REPORT_SECONDS:
                    reported = now
                    report = trainer.report(done=finished)
                    stats = tuple(layer_stats(report.network, trainer.x))
                    elapsed = now - began
                    speed = (trainer.epoch - first_epoch) / elapsed if elapsed > 0 else 0.0
                    self.host.post_message(
                        self.Progressed(generation, report, stats, speed, finished)
                    )
                if finished:
                    return
        finally:
            self.host.post_message(self.Returned(generation, trainer))


def _lower_priority() -> None:
    """Run this (worker) thread at a lower OS priority. Linux takes a thread id for
    PRIO_PROCESS; elsewhere nothing changes."""
    with contextlib.suppress(AttributeError, OSError):  # no setpriority, or not permitted
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), WORKER_NICENESS)
