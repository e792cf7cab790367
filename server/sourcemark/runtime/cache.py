"""Bounded LRU caches: sentence scores (shared boilerplate) and whole answers (repeated pages).

They are bounded in bytes, not entries: one long article's answer weighs as much as
thousands of short ones, and a count bound let a worker grow to gigabytes.
"""
from __future__ import annotations

import sys
import threading
from collections import OrderedDict
from typing import Callable, Hashable

# What a key/value pair costs beyond its strings: the OrderedDict node, tuple, dict of floats.
ENTRY_OVERHEAD = 400


def approx_size(key: Hashable, value) -> int:
    """Bytes a (key, value) pair holds: its strings and bytes exactly, containers approximately."""
    return ENTRY_OVERHEAD + _deep(key) + _deep(value)


def _deep(obj) -> int:
    if isinstance(obj, (str, bytes)):
        return sys.getsizeof(obj)
    if isinstance(obj, (tuple, list)):
        return sys.getsizeof(obj) + sum(_deep(o) for o in obj)
    if isinstance(obj, dict):
        return sys.getsizeof(obj) + sum(_deep(k) + _deep(v) for k, v in obj.items())
    return sys.getsizeof(obj)


class LRUCache:
    """Thread-safe LRU holding at most `max_bytes` (as `sizeof` counts them); 0 disables it."""

    def __init__(self, max_bytes: int, sizeof: Callable[[Hashable, object], int] = approx_size):
        self.max_bytes = max_bytes
        self._sizeof = sizeof
        self._data: OrderedDict[Hashable, tuple[object, int]] = OrderedDict()
        self._lock = threading.Lock()
        self.bytes = 0
        self.hits = self.misses = self.evictions = 0

    def get(self, key: Hashable):
        if not self.max_bytes:
            return None
        with self._lock:
            entry = self._data.get(key)
            if entry is None:
                self.misses += 1
                return None
            self._data.move_to_end(key)
            self.hits += 1
            return entry[0]

    def put(self, key: Hashable, value) -> None:
        if not self.max_bytes:
            return
        size = self._sizeof(key, value)
        if size > self.max_bytes // 4:
            return  # one entry may not flush a quarter of the cache
        with self._lock:
            old = self._data.pop(key, None)
            if old is not None:
                self.bytes -= old[1]
            self._data[key] = (value, size)
            self.bytes += size
            while self.bytes > self.max_bytes:
                _, (_, dropped) = self._data.popitem(last=False)
                self.bytes -= dropped
                self.evictions += 1

    def stats(self) -> dict:
        with self._lock:
            looked = self.hits + self.misses
            return {"entries": len(self._data), "bytes": self.bytes, "max_bytes": self.max_bytes,
                    "hits": self.hits, "misses": self.misses, "evictions": self.evictions,
                    "hit_rate": round(self.hits / looked, 4) if looked else 0.0}
