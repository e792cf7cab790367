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
