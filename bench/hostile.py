"""python -m bench.hostile: the "Done when" figures of the hardening issue, against `sourcemark serve`.

Starts `sourcemark serve --workers 2` on a random loopback port with default settings, then:
  nested   a body nested 2,000 deep on analyze, feedback and admin PATCH -> expect 4xx
  slow     20 slow (a byte a second) + 20 idle connections open -> /healthz and one analysis timed
  burst    400 simultaneous distinct 60-sentence analyses -> every status and answer time
  memory   40 distinct 150,000-character analyses -> total RSS of master and workers, before/after
Loopback only, every phase bounded; the server is stopped at the end (or on any error).
Prints one JSON object. `--src DIR` serves another checkout's server/ (e.g. main's, to compare).
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
TOKEN = "bench-hostile-admin-token"
SUBJECTS = ["The council", "A spokesperson for the ministry", "Residents of the district", "The company",
            "Police officers", "The regulator", "Analysts at the bank", "The mayor's office"]
VERBS = ["said the budget rose by", "reported that spending fell by", "argued that prices should drop by",
         "claimed the project was late by", "wrote that turnout increased by", "estimated costs grew by"]


def sentences(seed: int, n: int) -> list[str]:
    """n distinct news-like sentences (no two requests share one, so no cache helps)."""
    out = []
    for k in range(n):
        i = seed * 100_003 + k
        out.append(f"{SUBJECTS[i % len(SUBJECTS)]} {VERBS[(i // 8) % len(VERBS)]} {i % 97 + 1} percent "
                   f"in case {seed}-{k}, according to figures published on Tuesday.")
    return out


def article(seed: int, n: int) -> str:
    s = sentences(seed, n)
    return "\n\n".join(" ".join(s[i:i + 4]) for i in range(0, n, 4))


def long_article(seed: int, chars: int = 150_000) -> str:
    text, n = "", 1000
    while len(text) < chars:
        text = article(seed, n)
        n += 100
    return text[:text.rfind(".", 0, chars) + 1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def request(port: int, method: str, path: str, body: bytes | None = None, timeout: float = 30,
            headers: dict | None = None):
    """(status, headers, seconds, body) of one request on its own connection."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    started = time.perf_counter()
    try:
        conn.request(method, path, body=body, headers={"Content-Type": "application/json", **(headers or {})})
        resp = conn.getresponse()
        data = resp.read()
        return resp.status, dict(resp.getheaders()), time.perf_counter() - started, data
    except OSError as exc:
        return f"error: {type(exc).__name__}", {}, time.perf_counter() - started, b""
    finally:
        conn.close()


def rss_mb(proc: psutil.Process) -> float:
    procs = [proc, *proc.children(recursive=True)]
    return sum(p.memory_info().rss for p in procs if p.is_running()) / 2**20


def start(src: Path, port: int, data_dir: str, output=subprocess.DEVNULL) -> subprocess.Popen:
    """`sourcemark serve --workers 2`, ready; its output goes to `output` (bench.flood passes an unread pipe)."""
    env = {**os.environ, "PYTHONPATH": str(src), "HF_HUB_OFFLINE": "1", "TOKENIZERS_PARALLELISM": "false",
           "SOURCEMARK_DATA_DIR": data_dir, "SOURCEMARK_ADMIN_TOKEN": TOKEN, "SOURCEMARK_LOG_LEVEL": "warning"}
    proc = subprocess.Popen([sys.executable, "-m", "sourcemark", "serve", "--workers", "2", "--host", "127.0.0.1",
                             "--port", str(port)], env=env, stdout=output, stderr=subprocess.STDOUT,
                            start_new_session=True)
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit("the server exited while starting")
        status = request(port, "GET", "/readyz", timeout=5)[0]
        if status == 200:
            # Both workers: each answers readyz only once its model is loaded.
            if all(request(port, "GET", "/readyz", timeout=5)[0] == 200 for _ in range(4)):
                return proc
        time.sleep(0.5)
    proc.kill()
    raise SystemExit("the server did not become ready in 180 s")


def stop(server: subprocess.Popen) -> None:
    """Stop the server's whole process group: politely, then for good after 30 s."""
    os.killpg(server.pid, 15)
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, 9)


def nested(port: int) -> dict:
    body = ('{"text": ' + "[" * 2000 + "]" * 2000 + "}").encode()
    auth = {"Authorization": f"Bearer {TOKEN}"}
    return {"bytes": len(body),
            "analyze": request(port, "POST", "/api/v1/analyze", body)[0],
            "feedback": request(port, "POST", "/api/v1/feedback", body)[0],
            "admin_patch": request(port, "PATCH", "/api/v1/admin/feedback/1", body, headers=auth)[0]}


def slow_and_idle(port: int, seconds: float = 15.0) -> dict:
    """20 clients trickling a request a byte a second (reconnecting when cut off) and 20 silent ones."""
    stop = threading.Event()
    cut = [0]

    def slow():
        head = b"POST /api/v1/analyze HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        while not stop.is_set():
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
                    for byte in head * 100:
                        if stop.wait(1.0):
                            return
                        s.sendall(bytes([byte]))
            except OSError:
                cut[0] += 1

    idle = [socket.create_connection(("127.0.0.1", port), timeout=5) for _ in range(20)]
    threads = [threading.Thread(target=slow, daemon=True) for _ in range(20)]
    for t in threads:
        t.start()
    time.sleep(3)
    health, analyses = [], []
    end = time.monotonic() + seconds
    n = 0
    while time.monotonic() < end:
        health.append(request(port, "GET", "/healthz", timeout=10))
        analyses.append(request(port, "POST", "/api/v1/analyze", json.dumps({"text": article(10_000 + n, 60)}).encode(),
                                timeout=20))
        n += 1
        time.sleep(0.5)
    stop.set()
    for s in idle:
        s.close()
    for t in threads:
        t.join(timeout=3)
    return {"healthz_status": sorted({str(h[0]) for h in health}), "healthz_max_s": round(max(h[2] for h in health), 3),
            "healthz_s": [round(h[2], 3) for h in health],
            "analysis_status": sorted({str(a[0]) for a in analyses}),
            "analysis_max_s": round(max(a[2] for a in analyses), 3), "analysis_s": [round(a[2], 3) for a in analyses],
            "samples": len(health), "slow_clients_cut_off": cut[0]}


def burst(port: int, n: int = 400) -> dict:
    bodies = [json.dumps({"text": article(i, 60)}).encode() for i in range(n)]
    barrier = threading.Barrier(n)
    results: list = [None] * n

    def one(i):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        try:
            conn.connect()
            barrier.wait(timeout=60)
            started = time.perf_counter()
            conn.request("POST", "/api/v1/analyze", body=bodies[i], headers={"Content-Type": "application/json"})
            resp = conn.getresponse()
            resp.read()
            results[i] = (resp.status, resp.getheader("Retry-After"), time.perf_counter() - started)
        except (OSError, threading.BrokenBarrierError) as exc:
            results[i] = (f"error: {type(exc).__name__}", None, None)
        finally:
            conn.close()

    threads = [threading.Thread(target=one, args=(i,), daemon=True) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=90)
    counts: dict = {}
    for status, _, _ in (r or ("no answer", None, None) for r in results):
        counts[str(status)] = counts.get(str(status), 0) + 1
    times = [r[2] for r in results if r and r[2] is not None]
    refused = [r for r in results if r and r[0] in (429, 503)]
    return {"requests": n, "status_counts": counts, "max_s": round(max(times), 3) if times else None,
            "refused_without_retry_after": sum(1 for r in refused if not r[1]),
            "answered_within_10s": sum(1 for t in times if t <= 10.0)}


def memory(port: int, proc: psutil.Process, n: int = 40) -> dict:
    # Warm-up: one long analysis per worker, so the figure is growth, not the first allocation.
    warm = [threading.Thread(target=request, args=(port, "POST", "/api/v1/analyze",
                                                   json.dumps({"text": long_article(900 + w)}).encode(), 120))
            for w in range(2)]
    for t in warm:
        t.start()
    for t in warm:
        t.join()
    before = rss_mb(proc)
    statuses = []
    for i in range(n):
        statuses.append(request(port, "POST", "/api/v1/analyze", json.dumps({"text": long_article(i)}).encode(),
                                timeout=120)[0])
    after = rss_mb(proc)
    return {"analyses": n, "chars_each": len(long_article(0)), "status": sorted({str(s) for s in statuses}),
            "rss_before_mb": round(before, 1), "rss_after_mb": round(after, 1), "growth_mb": round(after - before, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--src", type=Path, default=ROOT / "server", help="the server/ folder to run")
    parser.add_argument("--only", action="append", choices=["nested", "slow", "burst", "memory"])
    args = parser.parse_args()
    import tempfile

    port = free_port()
    with tempfile.TemporaryDirectory() as data_dir:
        server = start(args.src, port, data_dir)
        out = {"port": port, "cpus": os.cpu_count(), "src": str(args.src)}
        try:
            proc = psutil.Process(server.pid)
            out["rss_ready_mb"] = round(rss_mb(proc), 1)
            for phase in args.only or ["nested", "slow", "burst", "memory"]:
                started = time.monotonic()
                out[phase] = (nested(port) if phase == "nested" else slow_and_idle(port) if phase == "slow"
                              else burst(port) if phase == "burst" else memory(port, proc))
                out[phase]["phase_s"] = round(time.monotonic() - started, 1)
                print(json.dumps({phase: out[phase]}), file=sys.stderr, flush=True)
        finally:
            stop(server)
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
