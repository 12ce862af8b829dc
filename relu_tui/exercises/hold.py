"""How an exercise takes a screen over: `Adapter` reads and sets one screen's core state
through a typed protocol, `attach` keeps what the screen showed and opens the exercise's
start, and the `Host` it returns puts the screen back when the exercise ends. The
adapters of the five screens are in `exercises.adapter`."""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Generic, TypeVar

from relu_tui.base.parse import InputError
from relu_tui.ui.lesson_screen import LessonScreen

StateT = TypeVar("StateT")


HostT = TypeVar("HostT")


SavedT = TypeVar("SavedT")


class Host(ABC):
    """An exercise's hold on the screen it runs on: what the run needs, untyped by screen."""

    @abstractmethod
    def read(self) -> object:
        """The core state checks are judged on."""

    @abstractmethod
    async def open(self, start: object) -> None:
        """Show an exercise's starting state (`exercises.quantities.start_state`).

        Raises:
            InputError: `start` is not this screen's kind of state.
        """

    @abstractmethod
    async def restore(self) -> None:
        """Put the screen back as it was before the first exercise opened on it."""

    @abstractmethod
    def reveal(self) -> bool:
        """Show the solution on the screen itself (False: the screen has none)."""

    @property
    @abstractmethod
    def watched(self) -> str:
        """The screen's reactive that holds what the person changes."""

    @abstractmethod
    def counts(self, old: object, new: object) -> bool:
        """Whether `watched` going from `old` to `new` is a change the person made that
        counts as a key press (`PRESS_RULE`): not a view switch, not a training report."""

    @abstractmethod
    def own_presses(self) -> int | None:
        """The screen's own count of key presses under the same rule (the Puzzle's), or
        None when the exercise counts them."""


class ScreenAdapter(ABC):
    """What the exercise machinery holds for each screen: a way to take it over."""

    @abstractmethod
    async def attach(self, screen: LessonScreen, start: object) -> Host:
        """Keep what `screen` shows now, then open it in `start`.

        Raises:
            InputError: `screen` is not this adapter's screen, or `start` not its state.
        """


class Adapter(ScreenAdapter, Generic[HostT, StateT, SavedT]):
    """Reads and sets one screen's core state through the protocol `HostT`.

    `StateT` is what an exercise opens the screen in; `SavedT` what `capture` keeps.
    """

    state_type: type[StateT]
    """The class of the starting states this screen takes."""

    watched = "state"
    """The screen's reactive that holds what the person changes."""

    def counts(self, old: object, new: object) -> bool:
        """Whether `watched` going from `old` to `new` counts as a key press (by default:
        any change; states are frozen values)."""
        return old is not new and old != new

    def own_presses(self, screen: HostT) -> int | None:
        """The screen's own key-press count, if it keeps one under `PRESS_RULE`."""
        return None

    @abstractmethod
    def bind(self, screen: LessonScreen) -> HostT | None:
        """`screen` as this adapter's protocol, or None if it is another screen."""

    @abstractmethod
    def read(self, screen: HostT) -> object:
        """The core state checks are judged on."""

    @abstractmethod
    def capture(self, screen: HostT) -> SavedT:
        """What to put back when the exercise ends."""

    @abstractmethod
    async def open(self, screen: HostT, state: StateT) -> None:
        """Show the exercise's starting state."""

    @abstractmethod
    async def restore(self, screen: HostT, saved: SavedT) -> None:
        """Put back what `capture` took."""

    def reveal(self, screen: HostT) -> bool:
        """Show the solution on the screen itself, if the screen has one."""
        return False

    def start_of(self, start: object) -> StateT:
        """`start` as this screen's state.

        Raises:
            InputError: it is another screen's state.
        """
        if not isinstance(start, self.state_type):
            raise InputError(f"a {type(start).__name__} cannot open this screen")
        return start

    async def attach(self, screen: LessonScreen, start: object) -> Host:
        host = self.bind(screen)
        if host is None:
            raise InputError(f"the {type(screen).__name__} screen takes no such exercise")
        held = Held(self, host, self.capture(host))
        await held.open(start)
        return held


class Held(Host, Generic[HostT, StateT, SavedT]):
    """A screen held by an exercise: its adapter, the screen, and what to put back."""

    def __init__(self, adapter: Adapter[HostT, StateT, SavedT], host: HostT, saved: SavedT):
        self.adapter = adapter
        self.host = host
        self.saved = saved

    def read(self) -> object:
        return self.adapter.read(self.host)

    async def open(self, start: object) -> None:
        await self.adapter.open(self.host, self.adapter.start_of(start))

    async def restore(self) -> None:
        await self.adapter.restore(self.host, self.saved)

    def reveal(self) -> bool:
        return self.adapter.reveal(self.host)

    @property
    def watched(self) -> str:
        return self.adapter.watched

    def counts(self, old: object, new: object) -> bool:
        return self.adapter.counts(old, new)

    def own_presses(self) -> int | None:
        return self.adapter.own_presses(self.host)
