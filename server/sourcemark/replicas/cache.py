"""The analysis cache shared by every replica: this worker's LRU first, then Redis (bounded by TTL and size)."""
from __future__ import annotations

import hashlib
from typing import Hashable

import redis

from .redis_client import Breaker

PREFIX = "sourcemark:analysis:"


def redis_key(key: Hashable) -> str:
    # The key holds the model version, text, offset unit and links: all str/int, so repr is stable.
    return PREFIX + hashlib.sha256(repr(key).encode("utf-8", "surrogatepass")).hexdigest()


class SharedResultCache:
    """Same get/put/stats as the local cache it wraps; Redis errors make it a local cache until Redis returns."""

    def __init__(self, local, client: redis.Redis, *, ttl: int, max_bytes: int):
        self.local, self.client, self.ttl, self.max_bytes = local, client, ttl, max_bytes
        self.breaker = Breaker("shared analysis cache")
        self.hits = self.misses = 0

    def get(self, key: Hashable):
        value = self.local.get(key)
        if value is not None or self.breaker.open():
            return value
        try:
            raw = self.client.get(redis_key(key))
        except redis.RedisError as exc:
            self.breaker.failed(exc)
            return None
        self.breaker.succeeded()
        if raw is None:
            self.misses += 1
            return None
        self.hits += 1
        # Values are the API's answers as JSON bytes (api.py keeps them so): stored and returned as they are.
        self.local.put(key, raw)
        return raw

    def put(self, key: Hashable, value) -> None:
        self.local.put(key, value)
        if self.breaker.open():
            return
        data = value
        if len(data) > self.max_bytes:
            return
        try:
            self.client.set(redis_key(key), data, ex=self.ttl)
        except redis.RedisError as exc:
            self.breaker.failed(exc)
            return
        self.breaker.succeeded()

    def stats(self) -> dict:
        looked = self.hits + self.misses
        return self.local.stats() | {"shared": {
            "hits": self.hits, "misses": self.misses, "errors": self.breaker.errors,
            "hit_rate": round(self.hits / looked, 4) if looked else 0.0}}

    def __getattr__(self, name):
        return getattr(self.local, name)
