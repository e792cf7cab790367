"""python -m bench.replica: one replica on one core (1 worker, 1 inference thread), uncached 60-sentence articles.

Prints wall-clock throughput under 1, 2 and 4 clients, and the worker's CPU seconds per article,
which holds on a machine shared with other work (wall-clock figures there are lower bounds).
"""
from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

import psutil  # noqa: E402

from sourcemark.settings import DEFAULT_MODEL_DIR  # noqa: E402

from .articles import article  # noqa: E402
from .http import Server, throughput  # noqa: E402


def worker_cpu_s(server: Server) -> float:
    return sum(sum(c.cpu_times()[:2]) for c in psutil.Process(server.proc.pid).children())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model", default=str(DEFAULT_MODEL_DIR))
    parser.add_argument("--runtime", default="auto", choices=["auto", "torch", "onnx"])
    parser.add_argument("--requests", type=int, default=24, help="articles per client count")
    parser.add_argument("--out", default="bench-replica.json")
    args = parser.parse_args()
    env = {"SOURCEMARK_MODEL": args.model, "SOURCEMARK_RUNTIME": args.runtime, "SOURCEMARK_WORKERS": "1",
           "SOURCEMARK_INFERENCE_THREADS": "1", "SOURCEMARK_SCORE_CACHE_MB": "0", "SOURCEMARK_RESULT_CACHE_MB": "0"}
    texts = [article(60, offset=k * 7) for k in range(64)]
    server = Server(env, article(10))
    rows = []
    try:
        for clients in (1, 2, 4):
            before = worker_cpu_s(server)
            row = throughput(server, texts, clients, max(1, args.requests // clients))
            row["worker_cpu_ms_per_article"] = round((worker_cpu_s(server) - before) * 1000 / row["requests"], 1)
            rows.append(row)
    finally:
        server.stop()
    cpu_ms = sorted(r["worker_cpu_ms_per_article"] for r in rows)[len(rows) // 2]
    result = {"when": time.strftime("%Y-%m-%d %H:%M:%S"), "cores_on_machine": os.cpu_count(), "settings": env,
              "rows": rows, "articles_per_core_s_from_cpu": round(1000 / cpu_ms, 2)}
    Path(args.out).write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print("| clients | requests | errors | articles/s | p50 ms | p95 ms | worker CPU ms/article |")
    print("|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['clients']} | {r['requests']} | {r['errors']} | {r['articles_per_s']} | {r['p50_ms']} | "
              f"{r['p95_ms']} | {r['worker_cpu_ms_per_article']} |")
    print(f"\none core: {result['articles_per_core_s_from_cpu']} articles/s from the worker's CPU time "
          f"(median over the rows); written to {args.out}")


if __name__ == "__main__":
    main()
