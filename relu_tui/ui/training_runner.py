"""TrainingRunner: a screen's training run, lent to one worker thread at a time.

The runner keeps the run (anything shaped like `Run`: Dead neurons' network, Approximation's
pair of networks) while nothing trains. Starting lends it to a thread worker, which trains
in ~10 ms chunks. Before each it waits at the key gate (`ui/key_gate.py`: while a key is
answered, the UI thread has the interpreter lock to itself), reads the latest settings (one
reference the UI thread replaces, never mutates), takes a fresh run handed over by `switch`
and looks at its cancel flag. It reports to the host after a run's first chunk, then a few
times a second, and hands the run back when it stops. So a run is only ever touched by one
thread, a fresh run goes on training in the same thread (none is started per key), and a
key never waits for a chunk.

Reports are coalesced at the source: while one `Progressed` is still queued at the host, a
newer report replaces its contents instead of queueing another, so the host never has more
than one progress redraw waiting before a key's.

Tests set `TrainingRunner.stepped = True` (see `stepped_training` in tests/conftest.py): then
`start` lends the run to no thread and `step(epochs)` trains it on the caller's thread,
posting the same messages a worker would, so a test decides exactly how far training goes.
"""

from __future__ import annotations

import contextlib
import math
import os
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import ClassVar, Generic, Protocol, TypeVar

from textual.message import Message
from textual.widget import Widget
from textual.worker import get_current_worker

from relu_tui.ui.key_gate import KEYS

CHUNK_SECONDS = 0.01
"""The worker trains about this long between looks at the key gate, the settings and its
cancel flag, so a key has the interpreter to itself within ~10 ms and a pause, a new
setting or quitting takes effect as soon."""
REPORT_SECONDS = 0.1
"""...and reports to the host about this often (unless the host asks for another pace): the
epoch count on screen moves between two keys typed ~0.1 s apart. A report costs the UI thread
little, and one waiting behind a key is shown after the key's frame."""
WORKER_NICENESS = 10
"""How much lower than the UI's the training thread's OS priority is (Linux): on a busy
machine keys win the CPU over training."""
GIL_SWITCH_SECONDS = 0.001
"""While a run trains, the UI thread waits at most this long for the interpreter lock
(Python's default is 5 ms, which the training thread would use to the full on every key).
The interval is the process's: it is set while at least one run trains and put back as it
was when the last one stops."""

S_contra = TypeVar("S_contra", contravariant=True)
R_co = TypeVar("R_co", covariant=True)
S = TypeVar("S")
R = TypeVar("R")


class Run(Protocol[S_contra, R_co]):
    """What a runner lends to its worker: a resumable training run (not thread-safe; the
    runner guarantees one thread at a time)."""

    @property
    def epoch(self) -> int:
        """Epochs trained so far."""
        ...

    def configure(self, settings: S_contra) -> None:
        """Take new settings from the next epoch on (a learning rate, a batch size...)."""
        ...

    def remaining(self, settings: S_contra) -> int:
        """Epochs still to train under `settings` (0: finished, or diverged)."""
        ...

    def advance(self, epochs: int) -> None:
        """Train `epochs` more epochs (fewer if the run diverges)."""
        ...

    def report(self, *, finished: bool) -> R_co:
        """Where the run stands, for the host (built on the worker's thread)."""
        ...


@dataclass
class TrainingProgressed(Message, Generic[R]):
    """The worker trained a chunk of epochs (posted a few times a second; while one is
    queued, the worker refreshes it with its newer reports instead of posting more)."""

    generation: int
    report: R
    epochs_per_second: float
    """Measured over this worker's chunks (0 when no time has passed)."""
    finished: bool


@dataclass
class TrainingReturned(Message, Generic[R]):
    """The worker stopped and hands its run back."""

    generation: int
    run: object
    """The run (the host gets it back typed through `TrainingRunner.take_back`)."""


class TrainingRunner(Generic[S, R]):
    """Owns one training run for `host` and lends it to a training worker."""

    Progressed = TrainingProgressed
    Returned = TrainingReturned

    stepped: ClassVar[bool] = False
    """True: runs train only when `step` is called (tests), never on a thread."""

    def __init__(
        self,
        host: Widget,
        run: Run[S, R],
        settings: S,
        *,
        clock: Callable[[], float] = time.perf_counter,
        report_seconds: float = REPORT_SECONDS,
        group: str = "training",
    ) -> None:
        self.host = host
        self.run: Run[S, R] | None = run
        """The run while no worker has it (None while lent)."""
        self.settings = settings
        """What the worker reads between chunks: replaced, never changed in place."""
        self.generation = 0
        self.clock = clock
        self.report_seconds = report_seconds
        self.group = group
        self._lent: Run[S, R] | None = None
        """Stepped mode: the run `start` lent to `step`."""
        self._start_again = False
        """`start` was called while a worker had the run: lend it again once it is back."""
        self._lock = threading.Lock()
        """Guards the hand-over slot, the worker's liveness and the queued report."""
        self._handover: tuple[Run[S, R], int] | None = None
        """A fresh run (and its generation) for the worker to take at its next chunk."""
        self._worker_alive = False
        """The current worker holds a run and will look at the hand-over slot again."""
        self._token = 0
        """Names the current worker; one being cancelled (an older token) takes no run."""
        self._queued: TrainingProgressed[R] | None = None
        """The report posted to the host and not yet read (the worker refreshes it)."""
        self._held: TrainingProgressed[R] | None = None
        """The latest report the host has read, kept while a key's frame goes first."""

    @property
    def training(self) -> bool:
        """A worker (or, stepped, `step`) has the run."""
        return self.run is None

    def configure(self, settings: S) -> None:
        """New settings: the worker reads them before its next chunk; a run at home takes
        them at once."""
        self.settings = settings
        if self.run is not None:
            self.run.configure(settings)

    def replace(self, run: Run[S, R], generation: int) -> None:
        """A fresh run: the old worker is cancelled and its run dropped when returned."""
        self.stop()
        self.run, self.generation = run, generation
        run.configure(self.settings)

    def switch(self, run: Run[S, R], generation: int) -> None:
        """A fresh run that goes on training: handed to the worker in progress, which takes
        it at its next chunk (no new thread, the old run dropped), or lent to a new worker
        when none is training."""
        run.configure(self.settings)
        if self.stepped:
            self.stop()
            self.run, self.generation = run, generation
            self.start()
            return
        with self._lock:
            if self.run is None and self._worker_alive:
                self._handover = (run, generation)
                self.generation = generation
                self._start_again = False
                return
        self.replace(run, generation)
        self.start()

    def received(self, event: TrainingProgressed[R]) -> TrainingProgressed[R]:
        """The host has `event` in hand: later reports post a new message. Returns the
        event as it stands now (the worker may have refreshed it while it was queued)."""
        with self._lock:
            if self._queued is event:
                self._queued = None
            return TrainingProgressed(
                event.generation, event.report, event.epochs_per_second, event.finished
            )

    def deliver(
        self, event: TrainingProgressed[R], fold: Callable[[TrainingProgressed[R]], None]
    ) -> None:
        """Hand the host's `event` to `fold` now or, while a key waits for its frame, keep it
        (the latest report only) and fold it once that frame is out."""
        event = self.received(event)
        if KEYS.is_open and self._held is None:
            fold(event)
            return
        if self._held is None:
            self.host.call_after_refresh(self._fold_held, fold)
        self._held = event

    def _fold_held(self, fold: Callable[[TrainingProgressed[R]], None]) -> None:
        event, self._held = self._held, None
        if event is not None:
            fold(event)

    def start(self) -> None:
        """Lend the run to a new worker (once it is back, if a worker still has it)."""
        run, self.run = self.run, None
        if run is None:
            self._start_again = True
            return
        if self.stepped:
            self._lent = run
            return
        generation = self.generation
        with self._lock:
            self._token += 1
            token = self._token
        self.host.run_worker(
            lambda: self._train(run, generation, token), thread=True, group=self.group
        )

    def stop(self) -> None:
        """Ask the worker to stop; it posts `Returned` when it has."""
        self._start_again = False
        if self.stepped:
            lent, self._lent = self._lent, None
            if lent is not None:
                self.host.post_message(TrainingReturned(self.generation, lent))
            return
        with self._lock:
            handover, self._handover = self._handover, None
            self._token += 1  # the cancelled worker takes no fresh run
            self._worker_alive = False
        if handover is not None:  # not taken yet: it stays here; the worker's run is stale
            self.run = handover[0]
        self.host.workers.cancel_group(self.host, self.group)

    def take_back(self, event: TrainingReturned[R]) -> bool:
        """The worker's run is home again; False when it belongs to a replaced run.

        A `start` asked for while the worker wound down lends it out again now; a worker
        cancelled from outside (the app quitting) is not restarted.
        """
        if event.generation != self.generation:
            return False
        run: Run[S, R] = event.run  # type: ignore[assignment]  # what start lent out
        self.run = run
        run.configure(self.settings)
        if self._start_again:
            self._start_again = False
            self.start()
        return True

    def step(self, epochs: int) -> None:
        """Stepped mode: train the lent run `epochs` more epochs on this thread and post what
        a worker would (a report; the run back once it finishes)."""
        run = self._lent
        if run is None:
            return
        run.configure(self.settings)
        remaining = run.remaining(self.settings)
        if remaining > 0:
            run.advance(min(epochs, remaining))
        finished = run.remaining(self.settings) <= 0
        self.host.post_message(
            TrainingProgressed(self.generation, run.report(finished=finished), 0.0, finished)
        )
        if finished:
            self.stop()

    def _train(self, run: Run[S, R], generation: int, token: int) -> None:
        """Train until the settings' epochs, a divergence or a cancel, taking over fresh runs
        handed to `switch` between chunks; report after a run's first chunk and then a few
        times a second; hand the run back at the end."""
        worker = get_current_worker()
        _lower_priority()
        clock = self.clock
        with self._lock:
            self._worker_alive = token == self._token
        began, first_epoch = clock(), run.epoch
        reported = -math.inf  # a run's first chunk is reported at once
        chunk = 1
        try:
            with _fast_switching():
                while True:
                    handover = None
                    with self._lock:
                        if token == self._token:
                            handover, self._handover = self._handover, None
                    if handover is not None:
                        run, generation = handover
                        began, first_epoch = clock(), run.epoch
                        reported, chunk = -math.inf, 1
                    if worker.is_cancelled:
                        return
                    KEYS.wait()  # a key being answered has the interpreter to itself
                    if worker.is_cancelled:
                        return
                    settings = self.settings
                    run.configure(settings)
                    remaining = run.remaining(settings)
                    if remaining > 0:
                        start = clock()
                        run.advance(min(chunk, remaining))
                        chunk = _next_chunk(chunk, clock() - start)
                    now = clock()
                    finished = run.remaining(settings) <= 0
                    if finished:
                        with self._lock:
                            if token == self._token and self._handover is not None:
                                continue  # a fresh run came meanwhile: train that one
                            if token == self._token:
                                self._worker_alive = False
                    if finished or now - reported >= self.report_seconds:
                        reported = now
                        elapsed = now - began
                        speed = (run.epoch - first_epoch) / elapsed if elapsed > 0 else 0.0
                        self._report(generation, run.report(finished=finished), speed, finished)
                    if finished:
                        return
        finally:
            with self._lock:
                if token == self._token:
                    self._worker_alive = False
            self.host.post_message(TrainingReturned(generation, run))

    def _report(self, generation: int, report: R, speed: float, finished: bool) -> None:
        """Post a report, or put it into the one still queued at the host (worker thread)."""
        with self._lock:
            queued = self._queued
            if queued is not None and queued.generation == generation:
                queued.report, queued.epochs_per_second = report, speed
                queued.finished = finished
                return
            message = TrainingProgressed(generation, report, speed, finished)
            self._queued = message
        self.host.post_message(message)


def _next_chunk(chunk: int, took: float) -> int:
    """Epochs for the next chunk so that it takes about CHUNK_SECONDS."""
    if took <= 0:
        return 2 * chunk
    return max(1, min(100_000, int(chunk * CHUNK_SECONDS / took)))


_switching_lock = threading.Lock()
_switching_runs = 0
_switching_saved = 0.0


@contextlib.contextmanager
def _fast_switching() -> Iterator[None]:
    """Shorten the process's thread switch interval while at least one run trains, and put
    back the interval found when the first run began once the last one ends."""
    global _switching_runs, _switching_saved
    with _switching_lock:
        if _switching_runs == 0:
            _switching_saved = sys.getswitchinterval()
            sys.setswitchinterval(min(_switching_saved, GIL_SWITCH_SECONDS))
        _switching_runs += 1
    try:
        yield
    finally:
        with _switching_lock:
            _switching_runs -= 1
            if _switching_runs == 0:
                sys.setswitchinterval(_switching_saved)


def _lower_priority() -> None:
    """Run this (worker) thread at a lower OS priority. Linux takes a thread id for
    PRIO_PROCESS; elsewhere nothing changes."""
    with contextlib.suppress(AttributeError, OSError):  # no setpriority, or not permitted
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), WORKER_NICENESS)
