"""python -m bench.flood: is a fresh connection answered while a client floods the server with new ones?

Starts `sourcemark serve --workers 2` on a random loopback port (bench.hostile's start), then for
--seconds (default 10) --clients threads each open a new connection, ask GET /healthz, read the
answer and close, as fast as they can; meanwhile a probe opens its own fresh connection to /healthz
every 0.5 s and times it (up to 40 s). Prints one JSON object: flood requests and errors, and the
probe's latencies with their maximum. Loopback only; every loop is bounded and the server is stopped
at the end. `--src DIR` serves another checkout's server/ (e.g. main's, to compare).

`--pipe` sends the server's log to a pipe this script never reads, as tests/test_editor_loop.py did:
the flood alone never stalled a fresh connection (max 84 ms over 40 s, ~1,000 connections/s), but
with an unread pipe the server stopped answering once 64 KiB of access log had piled up.
"""
from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import tempfile
import threading
import time
from pathlib import Path

from .hostile import ROOT, free_port, request, start, stop

HEALTHZ = b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"


def one_fresh_request(port: int, timeout: float) -> None:
    """GET /healthz on a new connection, read to the end of the answer, close (what requests.get does)."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        s.sendall(HEALTHZ)
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = s.recv(4096)
            if not chunk:
                raise ConnectionError("closed before the answer's headers")
            data += chunk
        head, _, body = data.partition(b"\r\n\r\n")
        length = next(int(line.split(b":", 1)[1]) for line in head.split(b"\r\n")
                      if line.lower().startswith(b"content-length:"))
        while len(body) < length:
            chunk = s.recv(4096)
            if not chunk:
                raise ConnectionError("closed before the answer's body")
            body += chunk


def flood(port: int, seconds: float, clients: int) -> dict:
    stop = threading.Event()
    counts = {"requests": 0, "errors": 0}
    lock = threading.Lock()
    probes: list[tuple[str, float]] = []

    def flooder():
        while not stop.is_set():
            try:
                one_fresh_request(port, timeout=5)
                key = "requests"
            except OSError:
                key = "errors"
            with lock:
                counts[key] += 1

    def probe():
        # Runs past the flood until its last request is answered or gives up.
        while not stop.is_set():
            status, _, elapsed, _ = request(port, "GET", "/healthz", timeout=40, headers={"Connection": "close"})
            probes.append((str(status), elapsed))
            time.sleep(0.5)

    workers = [threading.Thread(target=flooder, daemon=True) for _ in range(clients)]
    prober = threading.Thread(target=probe, daemon=True)
    started = time.monotonic()
    for t in workers:
        t.start()
    prober.start()
    time.sleep(seconds)
    stop.set()
    for t in workers:
        t.join(timeout=10)
    prober.join(timeout=45)
    times = [elapsed for _, elapsed in probes]
    return {"seconds": round(time.monotonic() - started, 1), "clients": clients,
            "flood_requests": counts["requests"], "flood_errors": counts["errors"],
            "flood_per_s": round(counts["requests"] / seconds),
            "probe_status": sorted({status for status, _ in probes}), "probes": len(probes),
            "probe_max_s": round(max(times), 3) if times else None,
            "probe_over_1s": sum(1 for t in times if t > 1.0), "probe_s": [round(t, 3) for t in times]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--src", type=Path, default=ROOT / "server", help="the server/ folder to run")
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--clients", type=int, default=8, help="flooding threads")
    parser.add_argument("--pipe", action="store_true", help="the server logs into a pipe nobody reads")
    args = parser.parse_args()
    port = free_port()
    with tempfile.TemporaryDirectory() as data_dir:
        server = start(args.src, port, data_dir, subprocess.PIPE if args.pipe else subprocess.DEVNULL)
        try:
            out = {"port": port, "cpus": os.cpu_count(), "src": str(args.src), "unread_pipe": args.pipe,
                   "flood": flood(port, args.seconds, args.clients)}
        finally:
            stop(server)
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
