"""python -m bench.shared --database-url URL --redis-url URL: what the shared services cost per request.

Label-store writes per second (distinct corrections, 1 and 4 threads) and the shared-cache
round trip for one 60-sentence analysis (its JSON size, Redis GET+decode time).
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import threading
import time
import uuid

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")


def store_writes(url: str, threads: int, per_thread: int) -> float:
    from sourcemark.storage import LabelStore

    store = LabelStore(url)
    run = uuid.uuid4().hex[:8]

    def write(k: int):
        for i in range(per_thread):
            store.add(f"Correction {run} {k} {i} is a sentence here.", "sourced", predicted="unsourced",
                      model_version="bench", context="Before. [...] After.")
    workers = [threading.Thread(target=write, args=(k,)) for k in range(threads)]
    started = time.perf_counter()
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    rate = threads * per_thread / (time.perf_counter() - started)
    store.close()
    return round(rate, 1)


def cache_round_trip(redis_url: str, model: str) -> dict:
    import redis

    from sourcemark.runtime.analyze import analyze
    from sourcemark.runtime.classifier import Classifier
    from sourcemark.replicas.cache import redis_key

    from .articles import article

    text = article(60)
    result = analyze(text, Classifier(model))
    client = redis.Redis.from_url(redis_url)
    data = json.dumps(result, ensure_ascii=False, separators=(",", ":")).encode()
    key = redis_key(("bench", text, "codepoint", ()))
    client.set(key, data, ex=60)
    times = []
    for _ in range(200):
        started = time.perf_counter()
        json.loads(client.get(key))
        times.append((time.perf_counter() - started) * 1000)
    return {"json_bytes": len(data), "get_decode_p50_ms": round(statistics.median(times), 2)}


def main() -> None:
    from sourcemark.settings import DEFAULT_MODEL_DIR

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database-url", action="append", required=True, help="repeatable: sqlite path or URL")
    parser.add_argument("--redis-url")
    parser.add_argument("--model", default=str(DEFAULT_MODEL_DIR))
    args = parser.parse_args()
    for url in args.database_url:
        shown = url.split("@")[-1]
        print(f"{shown}: {store_writes(url, 1, 300)} writes/s with 1 thread, "
              f"{store_writes(url, 4, 150)} writes/s with 4 threads")
    if args.redis_url:
        print(f"shared cache, 60-sentence analysis: {cache_round_trip(args.redis_url, args.model)}")


if __name__ == "__main__":
    main()
