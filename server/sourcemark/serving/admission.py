"""Admission control for analyses: one runs at a time per worker, a bounded queue waits, the rest are refused.

Inference already uses every core a worker owns, so running two analyses at once only
makes both slower; a request beyond the queue is answered 503 at once (with a Retry-After
estimated from recent service times) instead of waiting in a backlog its client has long
given up on. A waiting request whose client has disconnected leaves the queue unstarted.
"""
from __future__ import annotations

import math
import threading
import time
from contextlib import contextmanager
from typing import Callable, Iterator


class Busy(Exception):
    """No room (queue full, or waited too long): retry after `retry_after` seconds."""

    def __init__(self, reason: str, retry_after: int):
        super().__init__(reason)
        self.retry_after = retry_after


class ClientGone(Exception):
    """The client disconnected while its analysis waited; nothing was computed."""


class Admission:
    """`with gate.enter(gone):` runs the body when this worker's analysis slot is free.

    `queue` requests may wait besides the one running; each waits at most `max_wait`
    seconds and polls `gone()` every `poll` seconds while it waits.
    """

    def __init__(self, queue: int, max_wait: float, poll: float = 0.1):
        self.queue, self.max_wait, self.poll = queue, max_wait, poll
        self._slot = threading.Lock()
        self._count = threading.Lock()
        self.waiting = 0
        self.running = 0
        self.admitted = self.rejected = self.timed_out = self.abandoned = 0
        self._service = 0.5  # seconds per analysis, a moving average

    def retry_after(self) -> int:
        """Seconds until the queue as it stands now has likely drained (at least 1)."""
        return max(1, math.ceil((self.waiting + self.running) * self._service))

    @contextmanager
    def enter(self, gone: Callable[[], bool] = lambda: False) -> Iterator[None]:
        with self._count:
            if self.waiting >= self.queue and self.running:
                self.rejected += 1
                raise Busy("the server is busy: too many analyses are waiting", self.retry_after())
            self.waiting += 1
        deadline = time.monotonic() + self.max_wait
        try:
            while not self._slot.acquire(timeout=min(self.poll, max(0.0, deadline - time.monotonic()))):
                if gone():
                    with self._count:
                        self.abandoned += 1
                    raise ClientGone()
                if time.monotonic() >= deadline:
                    with self._count:
                        self.timed_out += 1
                    raise Busy(f"the server is busy: no turn within {self.max_wait:g} s", self.retry_after())
        finally:
            with self._count:
                self.waiting -= 1
        started = time.monotonic()
        try:
            with self._count:
                self.running += 1
                self.admitted += 1
            if gone():  # left while it was queued, just before its turn
                with self._count:
                    self.abandoned += 1
                raise ClientGone()
            yield
        finally:
            with self._count:
                self.running -= 1
                self._service = 0.8 * self._service + 0.2 * (time.monotonic() - started)
            self._slot.release()

    def stats(self) -> dict:
        with self._count:
            return {"waiting": self.waiting, "running": self.running, "queue": self.queue,
                    "admitted": self.admitted, "rejected": self.rejected, "timed_out": self.timed_out,
                    "abandoned": self.abandoned}
