"""Bounded LRU caches: sentence scores (shared boilerplate) and whole analyses (repeated pages)."""
from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Hashable


class LRUCache:
    """Thread-safe LRU with hit counters; size 0 disables it."""

    def __init__(self, size: int):
        self.size = size
        self._data: OrderedDict[Hashable, dict] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def get(self, key: Hashable):
        if not self.size:
            return None
        with self._lock:
            value = self._data.get(key)
            if value is None:
                self.misses += 1
                return None
            self._data.move_to_end(key)
            self.hits += 1
            return value

    def put(self, key: Hashable, value) -> None:
        if not self.size:
            return
        with self._lock:
            self._data[key] = value
            self._data.move_to_end(key)
            while len(self._data) > self.size:
                self._data.popitem(last=False)

    def stats(self) -> dict:
        with self._lock:
            looked = self.hits + self.misses
            return {"size": len(self._data), "capacity": self.size, "hits": self.hits, "misses": self.misses,
                    "hit_rate": round(self.hits / looked, 4) if looked else 0.0}
