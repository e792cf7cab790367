"""The real gunicorn worker against slow, idle and log-forging clients (starts processes: marked slow)."""
import json
import os
import socket
import subprocess
import sys
import threading
import time

import pytest
import requests

from .test_gunicorn import gunicorn_server


@pytest.fixture()
def server(tiny_model, tmp_path):
    settings = {"SOURCEMARK_MODEL": str(tiny_model), "SOURCEMARK_WORKERS": "1", "SOURCEMARK_READ_TIMEOUT": "2",
                "SOURCEMARK_DATA_DIR": str(tmp_path / "data"), "HOME": str(tmp_path),
                "XDG_RUNTIME_DIR": str(tmp_path / "run")}
    with gunicorn_server(tmp_path, settings) as (_, port):
        yield port, tmp_path


def trickle(port, stop, cut):
    """A slow client: one byte of a never-ending header every 0.2 s."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        started = time.monotonic()
        try:
            for byte in b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n" + b"X-Pad: " + b"a" * 4000:
                if stop.is_set():
                    return
                s.sendall(bytes([byte]))
                time.sleep(0.2)
                s.setblocking(False)
                try:
                    if s.recv(1) == b"":
                        raise ConnectionResetError
                except BlockingIOError:
                    pass
                s.setblocking(True)
        except OSError:
            cut.append(time.monotonic() - started)
            # Cut off, it keeps its end open: the server must not wait for it to close.
            stop.wait(30)


@pytest.mark.slow
def test_slow_and_idle_clients_do_not_starve_the_worker(server):
    port, _ = server
    idle = [socket.create_connection(("127.0.0.1", port)) for _ in range(10)]
    stop, cut = threading.Event(), []
    slow = [threading.Thread(target=trickle, args=(port, stop, cut)) for _ in range(10)]
    for t in slow:
        t.start()
    try:
        time.sleep(0.5)
        for _ in range(5):
            started = time.monotonic()
            assert requests.get(f"http://127.0.0.1:{port}/healthz", timeout=5).status_code == 200
            assert time.monotonic() - started < 1.0
        r = requests.post(f"http://127.0.0.1:{port}/api/v1/analyze", json={"text": "Officials said it rained."},
                          timeout=5)
        assert r.status_code == 200
        deadline = time.monotonic() + 10
        while len(cut) < len(slow) and time.monotonic() < deadline:
            time.sleep(0.1)
        # Each slow client is let go at the 2 s read deadline (not at gunicorn's 60 s worker timeout).
        assert len(cut) == len(slow) and max(cut) < 4
        # Closing them did not stall the worker (gunicorn lingers up to 2 s on each close otherwise).
        for _ in range(5):
            started = time.monotonic()
            assert requests.get(f"http://127.0.0.1:{port}/healthz", timeout=5).status_code == 200
            assert time.monotonic() - started < 1.0
    finally:
        stop.set()
        for s in idle:
            s.close()
        for t in slow:
            t.join()


@pytest.mark.slow
def test_access_log_cannot_be_forged_and_no_shared_control_socket(server):
    port, tmp_path = server
    with socket.create_connection(("127.0.0.1", port)) as s:
        s.sendall(b"GET /x%0d%0a127.0.0.1%20%22GET%20/forged%22%20200 HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                  b"Connection: close\r\n\r\n")
        assert s.recv(100).startswith(b"HTTP/1.1 404")
    time.sleep(0.5)
    lines = [line for line in (tmp_path / "server.log").read_text().splitlines() if "/x" in line]
    assert len(lines) == 1 and "\\x0d\\x0a" in lines[0]
    assert not any("/forged" in line and "/x" not in line
                   for line in (tmp_path / "server.log").read_text().splitlines())
    assert not list(tmp_path.rglob("gunicorn.ctl"))


@pytest.mark.slow
def test_an_unread_log_pipe_does_not_stall_the_server(tiny_model, tmp_path):
    """As tests/test_editor_loop.py once ran it: gunicorn's output in a pipe read only at the end.
    64 KiB of access log (~1,800 requests) filled it, and every connection thread then blocked in
    its log write: fresh connections went unanswered for 10 s and more (python -m bench.flood --pipe)."""
    from .test_gunicorn import CONF, free_port

    port = free_port()
    env = {**os.environ, "SOURCEMARK_MODEL": str(tiny_model), "SOURCEMARK_WORKERS": "1",
           "SOURCEMARK_PORT": str(port), "SOURCEMARK_HOST": "127.0.0.1", "SOURCEMARK_DATA_DIR": str(tmp_path / "data")}
    proc = subprocess.Popen([sys.executable, "-m", "gunicorn", "-c", str(CONF), "sourcemark:create_app()"],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while not healthz(port, timeout=5):
            assert proc.poll() is None and time.monotonic() < deadline, "gunicorn did not start"
            time.sleep(0.3)
        for n in range(2500):  # ~90 KB of access log, none of it read
            started = time.monotonic()
            assert healthz(port, timeout=5), f"request {n} on a fresh connection unanswered for 5 s"
            assert time.monotonic() - started < 2.0, f"request {n} took {time.monotonic() - started:.1f} s"
    finally:
        proc.terminate()
        log = proc.communicate(timeout=30)[0].decode()
    # The log is late, not lost: what the queue held is written once the pipe is read.
    assert log.count('"GET /healthz" 200') > 2000


def healthz(port, timeout):
    """True when GET /healthz on a new connection is answered 200 within `timeout` seconds."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
            s.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
            data = b""
            while chunk := s.recv(4096):
                data += chunk
            return data.startswith(b"HTTP/1.1 200")
    except OSError:
        return False


@pytest.mark.slow
def test_a_chunked_body_cut_off_midway_or_malformed_is_a_400_in_the_error_shape(server):
    port, _ = server
    cut = {"mid-chunk": b"a\r\n{\"tex", "mid-size-line": b"5\r\n{\"tex\r\n1", "bad-size": b"zz\r\n"}
    for name, sent in cut.items():
        with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
            s.sendall(b"POST /api/v1/analyze HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                      b"Transfer-Encoding: chunked\r\n\r\n" + sent)
            s.shutdown(socket.SHUT_WR)  # the client stops sending; it still reads the answer
            answer = b""
            while chunk := s.recv(4096):
                answer += chunk
        head, _, body = answer.partition(b"\r\n\r\n")
        assert head.startswith(b"HTTP/1.1 400"), (name, answer[:300])  # it was a 500
        assert json.loads(body)["error"]["code"] == "incomplete_body", name
    # A complete chunked body is still read.
    r = requests.post(f"http://127.0.0.1:{port}/api/v1/analyze", data=iter([b'{"text": "Officials ', b'said it rained."}']),
                      headers={"Content-Type": "application/json"}, timeout=10)
    assert r.status_code == 200, r.text
