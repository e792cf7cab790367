"""POST /admin/reload reaches every worker of the server: here two apps (two workers) sharing a data folder."""
import json
import time

from sourcemark import create_app
from sourcemark.runtime.registry import Registry

from ..conftest import build_tiny_model
from .test_hostile_input import AUTH, TOKEN


def worker(models_dir, data_dir):
    # Polling off: only the announced reload can make the second worker change model.
    return create_app({"model": str(models_dir), "data_dir": str(data_dir), "admin_token": TOKEN,
                       "model_poll_seconds": 0})


def test_reload_reaches_the_other_workers(models_dir, tmp_path, monkeypatch):
    from sourcemark.runtime.classifier import ModelHolder
    monkeypatch.setattr(ModelHolder, "WATCH_SECONDS", 0.1)
    first, second = worker(models_dir, tmp_path), worker(models_dir, tmp_path)
    a, b = first.test_client(), second.test_client()
    assert a.get("/api/v1/model").get_json()["version"] == b.get("/api/v1/model").get_json()["version"] == "v1"
    build_tiny_model(models_dir / "tiny-v2", seed=1)
    (models_dir / "tiny-v2" / "sourcemark.json").write_text(json.dumps({"name": "tiny", "version": "v2"}))
    Registry(models_dir).promote("tiny-v2")
    assert a.post("/api/v1/admin/reload", headers=AUTH).get_json()["model"]["version"] == "v2"
    deadline = time.monotonic() + 20
    while b.get("/api/v1/model").get_json()["version"] != "v2":
        assert time.monotonic() < deadline, "the second worker never reloaded"
        time.sleep(0.1)
    # The worker that reloaded does not reload again on its own announcement.
    loaded = first.extensions["sourcemark.model"].loaded
    time.sleep(0.5)
    assert first.extensions["sourcemark.model"].loaded is loaded


def test_without_an_announcement_nothing_reloads(models_dir, tmp_path, monkeypatch):
    from sourcemark.runtime.classifier import ModelHolder
    monkeypatch.setattr(ModelHolder, "WATCH_SECONDS", 0.1)
    app = worker(models_dir, tmp_path)
    client = app.test_client()
    client.get("/api/v1/model")
    loaded = app.extensions["sourcemark.model"].loaded
    time.sleep(0.5)
    assert app.extensions["sourcemark.model"].loaded is loaded


def test_a_folder_named_by_hand_without_its_int8_graph_is_refused_visibly(models_dir, tmp_path, monkeypatch):
    """CURRENT written by hand (not `models promote`) names a folder with no int8 graph, under runtime
    onnx: every worker keeps the old model, and /model, /readyz and `models list` say what is not served."""
    from click.testing import CliRunner

    from sourcemark.runtime.classifier import ModelHolder
    from sourcemark.cli import cli
    monkeypatch.setattr(ModelHolder, "WATCH_SECONDS", 0.1)
    app = create_app({"model": str(models_dir), "data_dir": str(tmp_path), "admin_token": TOKEN,
                      "runtime": "onnx", "model_poll_seconds": 1})
    client = app.test_client()
    assert client.get("/api/v1/model").get_json()["not_served"] is None
    build_tiny_model(models_dir / "tiny-v2", seed=1)
    (models_dir / "CURRENT").write_text("tiny-v2\n")  # by hand: no graph was built
    deadline = time.monotonic() + 20
    while (info := client.get("/api/v1/model").get_json())["not_served"] is None:
        assert time.monotonic() < deadline, "the failed swap was never reported"
        time.sleep(0.1)
    assert info["version"] == "v1" and info["runtime"] == "onnx-int8"  # the old model still serves
    assert info["not_served"]["folder"] == "tiny-v2" and "no int8 graph" in info["not_served"]["reason"]
    assert str(models_dir) not in json.dumps(info["not_served"])  # no server paths to clients
    ready = client.get("/readyz")
    assert ready.status_code == 200 and ready.get_json()["not_served"] == info["not_served"]
    # An admin's reload is refused too (503), and says the same on /model.
    assert client.post("/api/v1/admin/reload", headers=AUTH).status_code == 503
    assert client.get("/api/v1/model").get_json()["not_served"]["folder"] == "tiny-v2"
    listed = CliRunner().invoke(cli, ["models", "list"], env={"SOURCEMARK_MODEL": str(models_dir),
                                                              "SOURCEMARK_RUNTIME": "onnx"}).stdout
    line = next(row for row in listed.splitlines() if "tiny-v2" in row)
    assert line.startswith("* tiny-v2") and "NOT SERVED: no int8 graph" in line
    assert "NOT SERVED" not in next(row for row in listed.splitlines() if "tiny-v1" in row)
    # CURRENT put back by hand: nothing is left unserved.
    (models_dir / "CURRENT").write_text("tiny-v1\n")
    deadline = time.monotonic() + 20
    while client.get("/api/v1/model").get_json()["not_served"] is not None:
        assert time.monotonic() < deadline, "the report outlived the problem"
        time.sleep(0.1)


def test_a_request_queued_across_a_swap_is_answered_by_the_new_model(models_dir, tmp_path):
    """The model is taken when the request's turn comes, not when it starts waiting."""
    import threading

    app = worker(models_dir, tmp_path)
    client = app.test_client()
    assert client.get("/api/v1/model").get_json()["version"] == "v1"
    build_tiny_model(models_dir / "tiny-v2", seed=1)
    (models_dir / "tiny-v2" / "sourcemark.json").write_text(json.dumps({"name": "tiny", "version": "v2"}))
    gate = app.extensions["sourcemark.admission"]
    answers = []
    with gate.enter():  # another analysis holds the slot
        queued = threading.Thread(target=lambda: answers.append(
            app.test_client().post("/api/v1/analyze", json={"text": "Officials said the plan would change."})))
        queued.start()
        deadline = time.monotonic() + 20
        while gate.waiting == 0:
            assert time.monotonic() < deadline, "the request never queued"
            time.sleep(0.05)
        Registry(models_dir).promote("tiny-v2")
        app.extensions["sourcemark.model"].reload()
    queued.join(30)
    assert answers[0].status_code == 200 and answers[0].get_json()["model"]["version"] == "v2"
