"""The retraining loop as an editor runs it, through the HTTP API of a two-worker gunicorn and the CLI:
corrections posted, reviewed, `retrain` (quick), `compare` on the same runtime, promoted, served by
every worker with its int8 graph, rolled back. SOURCEMARK_RUNTIME=onnx, so no step can fall back to
torch unnoticed: a worker without the graph would answer 503 or keep the old model."""
import json
import os
import subprocess
import sys
import threading
import time

import psutil
import pytest
import requests
from click.testing import CliRunner

from sourcemark.cli import cli

from ..serving.test_gunicorn import CONF, free_port

TOKEN = "s3cret-admin-token-16"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
ARTICLE = "\n\n".join(f"Paragraph {i}: officials said the plan would change. It is a bad plan." for i in range(20))


def cli_run(args, env):
    result = CliRunner().invoke(cli, args, env=env)
    assert result.exit_code == 0, f"sourcemark {' '.join(args)}:\n{result.output}"
    return result


def wait_ready(base, proc, log_path):
    deadline = time.monotonic() + 90
    while True:
        try:
            if requests.get(f"{base}/readyz", timeout=10).status_code == 200:
                return
        except requests.RequestException:
            pass
        assert proc.poll() is None, log_path.read_text()
        assert time.monotonic() < deadline, "gunicorn did not become ready"
        time.sleep(0.3)


def every_worker_serves(base, proc, version, deadline_s=90):
    """Ask until each of gunicorn's workers has answered with `version` on the int8 graph."""
    workers = {p.pid for p in psutil.Process(proc.pid).children()}
    assert len(workers) == 2
    seen, stalls = {}, []
    deadline = time.monotonic() + deadline_s
    while {pid for pid, v in seen.items() if v == (version, "onnx-int8")} != workers:
        assert time.monotonic() < deadline, f"workers {workers} answered {seen}, not all {version} on onnx-int8"
        try:
            r = requests.get(f"{base}/api/v1/model", headers={"Connection": "close"}, timeout=30)
        except requests.Timeout:
            # Seen once in a full `make test` run (during rollback, never in isolated runs): one poll
            # stalled 30 s. Tolerate one such stall, say so, and keep asking; a second one fails.
            stalls.append(time.monotonic())
            print(f"a /api/v1/model poll stalled 30 s ({len(stalls)})")
            assert len(stalls) < 2, "two /api/v1/model polls stalled for 30 s"
            continue
        assert r.status_code == 200, r.text
        body = r.json()
        assert body["runtime"] == "onnx-int8", body  # never a silent fall back to torch
        seen[body["worker_pid"]] = (body["version"], body["runtime"])
        time.sleep(0.1)


@pytest.mark.slow
def test_editor_loop_through_cli_and_http(models_dir, tmp_path, corpus_dir):
    port = free_port()
    state = tmp_path / "state"
    settings = {"SOURCEMARK_MODEL": str(models_dir), "SOURCEMARK_DATA_DIR": str(state),
                "SOURCEMARK_ADMIN_TOKEN": TOKEN, "SOURCEMARK_RUNTIME": "onnx", "SOURCEMARK_CORPUS": str(corpus_dir),
                "SOURCEMARK_FEEDBACK_RATE": "1000/minute"}
    env = {**os.environ, **settings, "SOURCEMARK_PORT": str(port), "SOURCEMARK_HOST": "127.0.0.1",
           "SOURCEMARK_WORKERS": "2", "SOURCEMARK_MODEL_POLL_SECONDS": "1"}
    # The log goes to a file: kept in a pipe read only at the end, it filled after ~1,800 requests
    # and the server stopped answering (the 30 s stalls once seen here; bench/flood.py --pipe).
    log_path = tmp_path / "server.log"
    log_file = log_path.open("wb")
    proc = subprocess.Popen([sys.executable, "-m", "gunicorn", "-c", str(CONF), "sourcemark:create_app()"],
                            env=env, stdout=log_file, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    failures, served, stop = [], [], threading.Event()

    def reader():  # a reader keeps reading through promotion and rollback
        while not stop.is_set():
            try:
                r = requests.post(f"{base}/api/v1/analyze", json={"text": ARTICLE}, timeout=60)
                if r.status_code != 200:
                    failures.append(r.status_code)
                else:
                    served.append(r.json()["model"]["version"])
            except requests.RequestException as exc:
                failures.append(repr(exc))
            # A reader, not a flood: unpaced, this loop opened hundreds of connections a second
            # (cached answers take ~0 ms). The 30 s stalls once seen were the server's log filling
            # an unread pipe (now a file), not the connection rate: bench/flood.py measures both.
            time.sleep(0.02)

    try:
        wait_ready(base, proc, log_path)
        every_worker_serves(base, proc, "v1")

        # Readers post corrections.
        def post(text, label):
            r = requests.post(f"{base}/api/v1/feedback", json={"text": text, "label": label,
                                                                "predicted": "unsourced", "model_version": "v1"})
            assert r.status_code == 201, r.text
            return r.json()["id"]
        fixes = [post(f"Officials said plan {i} would cost more than expected.", "sourced") for i in range(8)]
        clash = post("Officials said plan 0 would cost more than expected.", "opinion")
        junk = post("This rejected sentence must not be learnt.", "opinion")

        # Editors review: half over HTTP, half with the CLI; a wrong correction is fixed with `labels edit`.
        for label_id in fixes[:4]:
            assert requests.post(f"{base}/api/v1/admin/feedback/{label_id}/accept", headers=AUTH).status_code == 200
        assert requests.post(f"{base}/api/v1/admin/feedback/{junk}/reject", headers=AUTH).status_code == 200
        cli_env = {**settings}
        accepted = cli_run(["labels", "accept", *map(str, fixes[4:]), str(clash)], cli_env)
        assert "different accepted labels" in accepted.stderr
        cli_run(["labels", "reject", str(clash)], cli_env)

        # Retrain in the quick configuration on the tiny model, compared on the served runtime.
        threading.Thread(target=reader, daemon=True).start()
        result = cli_run(["retrain", "--quick", "--base", str(models_dir / "tiny-v1"), "--version", "v2",
                          "--data-dir", str(corpus_dir), "--runtime", "onnx"], cli_env)
        new = models_dir / "sourcemark-minilm-v2"
        decision = json.loads((new / "decision.json").read_text())
        assert decision["runtime"] == "onnx-int8" and "Runtime: onnx-int8\n" in result.stdout
        assert decision["accepted_train"] + decision["accepted_held_out"] == 8  # the rejected clash left out
        assert (new / "onnx" / "model.int8.onnx").is_file()
        info = json.loads((new / "sourcemark.json").read_text())
        # The shipped recipe, quick: one run's epoch 1 souped with its kept weights.
        assert len(info["soup_of"]) == 2
        assert not (state / "runs" / "v2").exists()  # the ingredients were cleaned up

        # `compare` on the same runtime reproduces the gate's figures.
        compared = cli_run(["compare", "--runtime", "onnx", str(models_dir / "tiny-v1"), str(new),
                            "--split", "test", "--data-dir", str(corpus_dir)], cli_env)
        test_row = next(r for r in decision["rows"] if r["set"] == "corpus:test")
        assert f"| {test_row['old']:.4f} | {test_row['new']:.4f} |" in compared.stdout
        assert compared.stdout.startswith("Runtime: onnx-int8\n")

        if decision["promote"]:
            assert "sourcemark-minilm-v2: promoted" in result.stdout
        else:  # a tiny random model seldom beats the gate; the editor then promotes by hand
            assert "not promoted" in result.stdout
            cli_run(["models", "promote", new.name], cli_env)
        assert (models_dir / "CURRENT").read_text().strip() == new.name
        every_worker_serves(base, proc, "v2")

        assert cli_run(["models", "rollback"], cli_env).stdout.strip() == "current: tiny-v1"
        every_worker_serves(base, proc, "v1")
        stop.set()
        time.sleep(1)
        assert not failures and {"v1", "v2"} <= set(served)  # no request dropped while models changed
    finally:
        stop.set()
        proc.terminate()
        proc.wait(timeout=60)
        log_file.close()
        log = log_path.read_text()
        print("gunicorn's log, last 6,000 characters:\n", log[-6000:])  # shown by pytest when the test fails
    assert "new model not loaded" not in log and "no int8 graph" not in log
