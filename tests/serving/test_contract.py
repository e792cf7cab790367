"""schemathesis against a real `gunicorn` serving the tiny model: every operation of openapi.json, all checks,
with and without the admin token. Bounded by --max-time; marked `contract` (CI runs it; `-m "not contract"` skips)."""
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .test_gunicorn import gunicorn_server

TOKEN = "contract-admin-token-0123456789"
MAX_TIME = int(os.environ.get("SOURCEMARK_CONTRACT_SECONDS", "60"))


@pytest.fixture(scope="module")
def server(tiny_model, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("contract")
    settings = {"SOURCEMARK_MODEL": str(tiny_model), "SOURCEMARK_WORKERS": "1", "SOURCEMARK_DATA_DIR": str(tmp / "data"),
                "SOURCEMARK_ADMIN_TOKEN": TOKEN,
                # Limits high enough that the fuzzer reaches past them; their 429s are in the contract too.
                "SOURCEMARK_FEEDBACK_RATE": "100000/minute", "SOURCEMARK_ADMIN_FAILURES": "100000/minute",
                "SOURCEMARK_LOG_LEVEL": "warning"}
    with gunicorn_server(tmp, settings) as (base, _):
        yield base, tmp


@pytest.mark.slow
@pytest.mark.contract
@pytest.mark.parametrize("with_token", [False, True], ids=["anonymous", "admin"])
def test_whole_contract_holds_under_schemathesis(server, with_token):
    base, tmp = server
    st = shutil.which("st") or str(Path(sys.executable).with_name("st"))
    report = tmp / f"report-{with_token}"
    args = [st, "--config-file", str(Path(__file__).with_name("schemathesis.toml")), "run", f"{base}/api/v1/openapi.json", "--url", base, "--checks", "all",
            # Valid by the schema is not always valid: links must lie inside the text, labels must be the
            # loaded model's, a correction must differ from the prediction (each stated in openapi.json, none
            # expressible in JSON Schema); such requests get a 400, which this check alone would call a failure.
            "--exclude-checks", "positive_data_acceptance", "--max-time", str(MAX_TIME),
            "--seed", "15", "--workers", "2", "--request-timeout", "30", "--no-color",
            "--report", "junit", "--report-dir", str(report)]
    if with_token:
        args += ["-H", f"Authorization: Bearer {TOKEN}"]
    for attempt in range(2):
        run = subprocess.run(args, capture_output=True, text=True, timeout=MAX_TIME * 4 + 120, cwd=tmp)
        out = run.stdout + run.stderr
        (tmp / f"st-{with_token}-{attempt}.txt").write_text(out)
        # schemathesis 4.32 on CPython 3.11 now and then stops on an internal error of its own (a
        # SystemError from ast.parse, "Runtime Error" in its summary) with no failure found: run it again.
        if run.returncode == 0 or "Failures:" in out or "Runtime Error" not in out:
            break
    assert run.returncode == 0, out[-6000:]
    assert "No issues found" in out or "0 failures" in out or "passed" in out.lower(), out[-3000:]
    print(out[-1500:])
    log = (tmp / "server.log").read_text()
    assert "Traceback" not in log and "unhandled error" not in log, log[-4000:]
