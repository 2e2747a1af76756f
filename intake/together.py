"""Start coroutines at once, in the caller's turn of the event loop: Python 3.12's eager tasks, by hand.

Why: under load one turn of the event loop takes milliseconds, because it runs the ready work of
every conversation in flight. `asyncio.gather` wraps each coroutine in a Task that first runs a
turn later, so the Redis commands it sends miss the write of the current turn (the Redis client
sends a turn's commands together), and each Task that finishes wakes its waiter one more turn
later. A confirmation's reads, three gathers deep, waited about six turns longer than any other
message: 77 ms at the median against 35-45 ms (bench_gateway --by-step, 50 conversations).

`together(*coroutines)` runs each coroutine now, up to its first wait, so everything they send
goes out in this turn's write; then it finishes them inside the awaiting task, without a Task of
their own. `Started` is one such coroutine, to await later (a read started ahead of its use).
"""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine, Generator
from typing import Any


class Started:
    """A coroutine run up to its first wait; awaiting it runs the rest inside the awaiting task."""

    __slots__ = ("_coro", "_waiting", "_done", "_value", "_error")

    def __init__(self, coro: Coroutine[Any, Any, Any]):
        self._coro, self._waiting = coro, None
        self._done, self._value, self._error = False, None, None
        self._step(None)

    def _step(self, error: BaseException | None) -> None:
        """Run the coroutine to its next wait (or its end), passing in `error` if there is one."""
        try:
            self._waiting = self._coro.throw(error) if error is not None else self._coro.send(None)
        except StopIteration as stop:
            self._done, self._value = True, stop.value
        except Exception as exc:  # kept for whoever awaits, as a Task keeps it
            self._done, self._error = True, exc

    @property
    def done(self) -> bool:
        return self._done

    def __await__(self) -> Generator[Any, None, Any]:
        while not self._done:
            waiting = self._waiting
            if asyncio.isfuture(waiting) and waiting.done():
                self._step(None)  # its answer is in: no need to wait a turn for it
                continue
            try:
                # The awaiting Task waits on what the coroutine waits on (a future, or None for a
                # bare yield), exactly as if the coroutine were its own.
                yield waiting
            except BaseException as error:  # cancelled while waiting: the coroutine hears it
                self._step(error)
            else:
                self._step(None)
        if self._error is not None:
            raise self._error
        return self._value

    def close(self) -> None:
        """Abandon a coroutine nobody will await (what is already sent still completes)."""
        if not self._done:
            self._coro.close()
            self._done = True


async def together(*coros: Coroutine[Any, Any, Any]) -> list[Any]:
    """Like `asyncio.gather(*coros)`, but every coroutine starts now and none needs a Task.

    The results come in the order given. If one fails, its error is raised and the others are
    abandoned (their commands are already sent; their answers are dropped).
    """
    started = [Started(coro) for coro in coros]
    try:
        return [await each for each in started]
    finally:
        for each in started:
            each.close()
