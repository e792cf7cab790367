"""The real gunicorn, on a free loopback port, answering a long article; and `gunicorn_server` for other suites."""
import contextlib
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

import sourcemark

CONF = Path(sourcemark.__file__).parent / "serving" / "gunicorn.conf.py"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def gunicorn_server(folder: Path, settings: dict):
    """gunicorn serving create_app() on a free loopback port, logging to folder/server.log: yields (base URL, port)."""
    port = free_port()
    env = {**os.environ, "SOURCEMARK_PORT": str(port), "SOURCEMARK_HOST": "127.0.0.1", **settings}
    log_path = folder / "server.log"
    with log_path.open("wb") as log:
        proc = subprocess.Popen([sys.executable, "-m", "gunicorn", "-c", str(CONF), "sourcemark:create_app()"],
                                env=env, stdout=log, stderr=subprocess.STDOUT)
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    if requests.get(f"{base}/readyz", timeout=5).status_code == 200:
                        break
                except requests.RequestException:
                    pass
                assert proc.poll() is None and time.monotonic() < deadline, log_path.read_text()
                time.sleep(0.3)
            yield base, port
        finally:
            proc.terminate()
            proc.wait(timeout=30)


@pytest.mark.slow
def test_gunicorn_serves_a_long_article(tiny_model, tmp_path):
    with gunicorn_server(tmp_path, {"SOURCEMARK_MODEL": str(tiny_model), "SOURCEMARK_WORKERS": "1"}) as (base, _):
        paragraph = ("The committee met on Tuesday to review the plan. Officials said the cost had doubled. "
                     "“This is not acceptable,” Mr. Okafor told reporters at 3 p.m. The plan should be scrapped.")
        text = "\n\n".join(f"{paragraph} Item {i} was noted." for i in range(150))
        r = requests.post(f"{base}/api/v1/analyze", json={"text": text}, timeout=120)
        assert r.status_code == 200
        body = r.json()
        assert len(body["sentences"]) == 150 * 5
        assert all(text[s["start"]:s["end"]] == s["text"] for s in body["sentences"])
        bad = requests.post(f"{base}/api/v1/analyze", data="nope", headers={"Content-Type": "text/plain"}, timeout=10)
        assert bad.status_code == 415 and bad.json()["error"]["code"] == "unsupported_media_type"


@pytest.mark.slow
def test_the_apps_own_log_lines_reach_the_server_log(tiny_model, tmp_path):
    """Which model each worker loaded is in gunicorn's log, in its format (it was lost: no handler)."""
    with gunicorn_server(tmp_path, {"SOURCEMARK_MODEL": str(tiny_model), "SOURCEMARK_WORKERS": "1"}) as (base, _):
        deadline = time.monotonic() + 10
        while "loaded model" not in (tmp_path / "server.log").read_text() and time.monotonic() < deadline:
            time.sleep(0.2)
    lines = [line for line in (tmp_path / "server.log").read_text().splitlines() if "loaded model" in line]
    assert len(lines) == 1, (tmp_path / "server.log").read_text()
    assert "[INFO]" in lines[0] and str(tiny_model.name) in lines[0], lines[0]
