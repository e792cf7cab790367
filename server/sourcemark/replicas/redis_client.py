"""One Redis client per worker, with short timeouts so a dead Redis costs a request milliseconds, not seconds."""
from __future__ import annotations

import logging
import threading
import time

import redis

log = logging.getLogger(__name__)
TIMEOUT_S = 0.5
# After a failure, Redis is left alone this long, so a dead server is not retried by every request.
BACKOFF_S = 5.0


def client(url: str) -> redis.Redis:
    return redis.Redis.from_url(url, socket_connect_timeout=TIMEOUT_S, socket_timeout=TIMEOUT_S,
                                health_check_interval=30)


class Breaker:
    """Skips Redis for BACKOFF_S after an error and logs each outage once (and its end)."""

    def __init__(self, what: str):
        self.what = what
        self._down_until = 0.0
        self._down = False
        self._lock = threading.Lock()
        self.errors = 0

    def open(self) -> bool:
        return time.monotonic() < self._down_until

    def failed(self, exc: Exception) -> None:
        with self._lock:
            self.errors += 1
            self._down_until = time.monotonic() + BACKOFF_S
            if not self._down:
                self._down = True
                log.warning("%s: Redis unavailable (%s); going on without it", self.what, exc)

    def succeeded(self) -> None:
        if self._down:
            with self._lock:
                if self._down:
                    self._down = False
                    log.warning("%s: Redis is back", self.what)
