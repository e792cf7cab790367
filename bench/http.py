"""Over HTTP: gunicorn on a free loopback port; latency, throughput under concurrency, memory, cold start."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psutil
import requests

import sourcemark

from .stats import percentile, summarise

CONF = Path(sourcemark.__file__).parent / "serving" / "gunicorn.conf.py"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """gunicorn with the given settings; `cold_start_s` is launch to first analyze answer."""

    def __init__(self, env: dict[str, str], probe_text: str):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        full = {**os.environ, **env, "SOURCEMARK_PORT": str(self.port), "SOURCEMARK_HOST": "127.0.0.1",
                "SOURCEMARK_LOG_LEVEL": "warning"}
        started = time.perf_counter()
        self.proc = subprocess.Popen([sys.executable, "-m", "gunicorn", "-c", str(CONF), "--access-logfile", "/dev/null",
                                      "sourcemark:create_app()"], env=full, stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL)
        deadline = started + 120
        while True:
            try:
                if requests.post(f"{self.base}/api/v1/analyze", json={"text": probe_text}, timeout=30).ok:
                    break
            except requests.RequestException:
                pass
            if time.perf_counter() > deadline or self.proc.poll() is not None:
                self.stop()
                raise RuntimeError("gunicorn did not answer")
            time.sleep(0.05)
        self.cold_start_s = round(time.perf_counter() - started, 2)

    def worker_rss_mb(self) -> list[float]:
        children = psutil.Process(self.proc.pid).children()
        return [round(c.memory_info().rss / 2**20, 1) for c in children]

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def latency(server: Server, text: str, runs: int, repeat: int) -> dict:
    session = requests.Session()
    url = f"{server.base}/api/v1/analyze"

    def once():
        start = time.perf_counter()
        session.post(url, json={"text": text}, timeout=60).raise_for_status()
        return (time.perf_counter() - start) * 1000
    once()
    return summarise([[once() for _ in range(repeat)] for _ in range(runs)])


def throughput(server: Server, texts: list[str], clients: int, requests_per_client: int) -> dict:
    """`clients` threads each send `requests_per_client` different articles; bounded, stops by itself."""
    url = f"{server.base}/api/v1/analyze"

    def client(k: int):
        session, times, errors = requests.Session(), [], 0
        for j in range(requests_per_client):
            start = time.perf_counter()
            try:
                ok = session.post(url, json={"text": texts[(k * requests_per_client + j) % len(texts)]},
                                  timeout=60).ok
            except requests.RequestException:
                ok = False
            errors += not ok
            times.append((time.perf_counter() - start) * 1000)
        return times, errors

    start = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        results = list(pool.map(client, range(clients)))
    elapsed = time.perf_counter() - start
    times = [t for r in results for t in r[0]]
    return {"clients": clients, "requests": len(times), "errors": sum(r[1] for r in results),
            "articles_per_s": round(len(times) / elapsed, 2), "p50_ms": round(percentile(times, 0.5), 1),
            "p95_ms": round(percentile(times, 0.95), 1)}
