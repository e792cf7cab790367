"""The feedback loop end to end with tiny models: feedback, review, retrain, compare, promote, reload."""
import csv
import json
import threading
import time

import pytest

from sourcemark import create_app
from sourcemark.runtime.registry import Registry
from sourcemark.training.retrain import HELDOUT, RetrainArgs, decide, retrain

from ..conftest import build_tiny_model

AUTH = {"Authorization": "Bearer s3cret-admin-token-16"}


def make_app(models_dir, tmp_path, **extra):
    return create_app({"model": str(models_dir), "data_dir": str(tmp_path / "state"), "admin_token": "s3cret-admin-token-16",
                       "feedback_rate": "1000/minute", **extra})


def feedback(client, text, label):
    r = client.post("/api/v1/feedback", json={"text": text, "label": label, "predicted": "unsourced",
                                               "model_version": "v1"})
    assert r.status_code == 201
    return r.get_json()["id"]


def test_decide():
    def result(**scores):
        return {"sets": {k: {"kind": "multi", "headline": "macro_f1", "model": {"macro_f1": v}}
                         for k, v in scores.items()}}
    old = result(**{"corpus:test": 0.90, "polnear": 0.80, HELDOUT: 0.50})
    assert decide(old, result(**{"corpus:test": 0.896, "polnear": 0.81, HELDOUT: 0.6}), 0.5)["promote"]
    assert not decide(old, result(**{"corpus:test": 0.894, "polnear": 0.81, HELDOUT: 0.6}), 0.5)["promote"]
    assert not decide(old, result(**{"corpus:test": 0.95, "polnear": 0.81, HELDOUT: 0.5}), 0.5)["promote"]
    assert not decide(result(**{"corpus:test": 0.9}), result(**{"corpus:test": 0.95}), 0.5)["promote"]


@pytest.mark.slow
def test_feedback_to_promoted_model(models_dir, tmp_path, corpus_dir):
    app = make_app(models_dir, tmp_path)
    client = app.test_client()
    accepted = [feedback(client, f"Officials said plan {i} would cost more than expected.", "sourced")
                for i in range(6)]
    pending = feedback(client, "This pending sentence must not be learnt.", "opinion")
    rejected = feedback(client, "This rejected sentence must not be learnt.", "opinion")
    for label_id in accepted:
        assert client.post(f"/api/v1/admin/feedback/{label_id}/accept", headers=AUTH).status_code == 200
    client.post(f"/api/v1/admin/feedback/{rejected}/reject", headers=AUTH)
    assert client.get("/api/v1/admin/feedback?status=pending", headers=AUTH).get_json()["items"][0]["id"] == pending

    decision = retrain(RetrainArgs(models_dir=models_dir, store_path=tmp_path / "state" / "labels.sqlite3",
                                   data_dir=corpus_dir, quick=True, base_model=str(models_dir / "tiny-v1"),
                                   version="v2"))
    new = models_dir / "sourcemark-minilm-v2"
    assert decision["new"] == new.name and decision["accepted_held_out"] >= 1
    assert {r["set"] for r in decision["rows"]} == {"corpus:test", HELDOUT}
    assert json.loads((new / "decision.json").read_text())["promote"] == decision["promote"]
    assert "corpus:test" in (new / "decision.md").read_text()
    # Only accepted labels reach training: the exported file the model records holds no other.
    info = json.loads((new / "sourcemark.json").read_text())
    exported = [d["path"] for d in info["data"] if "accepted-" in d["path"]]
    with open(exported[0], encoding="utf-8") as handle:
        texts = {row["text"] for row in csv.DictReader(handle)}
    assert texts and all(t.startswith("Officials said plan") for t in texts)

    if not decision["promote"]:  # a tiny random model rarely improves: promote by hand, as an editor may
        Registry(models_dir).promote(new.name)
    assert Registry(models_dir).current() == new.name
    assert client.get("/api/v1/model").get_json()["version"] == "v1"
    assert client.post("/api/v1/admin/reload", headers=AUTH).get_json()["model"]["version"] == "v2"
    assert client.get("/api/v1/model").get_json()["version"] == "v2"
    assert Registry(models_dir).rollback() == "tiny-v1"


def test_retrain_with_seeds_trains_the_seed_soup_and_records_its_spread(models_dir, tmp_path, corpus_dir):
    from sourcemark.storage import LabelStore

    store = tmp_path / "state" / "labels.sqlite3"
    store.parent.mkdir()
    labels = LabelStore(store)
    for i in range(5):
        labels.add(f"The council approved budget {i} on Monday.", "unsourced", source="import", status="accepted")
    decision = retrain(RetrainArgs(models_dir=models_dir, store_path=store, data_dir=corpus_dir, quick=True,
                                   epochs=1, seeds=(1, 2), keep_runs=True, base_model=str(models_dir / "tiny-v1"),
                                   version="s2"))
    assert [r["seed"] for r in decision["seed_runs"]["runs"]] == [1, 2]
    assert "is the soup of 2 seed runs (seeds 1, 2)" in decision["table"]
    assert (tmp_path / "state" / "runs" / "s2" / "seed2" / "model.safetensors").is_file()  # --keep-runs
    info = json.loads((models_dir / "sourcemark-minilm-s2" / "sourcemark.json").read_text())
    assert len(info["soup_of"]) == 2 and decision["train_minutes"] >= 0
    assert info["calibration"]["fitted_on"] == "dev" and info["calibration"]["head_scale"] == decision["head_scale"]


def test_retrain_mix_current_takes_the_mean_with_the_current_model(models_dir, tmp_path, corpus_dir):
    from safetensors.torch import load_file

    from sourcemark.storage import LabelStore

    store = tmp_path / "state" / "labels.sqlite3"
    store.parent.mkdir()
    for i in range(5):
        LabelStore(store).add(f"The mayor opened bridge {i} on Friday.", "unsourced", source="import", status="accepted")
    decision = retrain(RetrainArgs(models_dir=models_dir, store_path=store, data_dir=corpus_dir, quick=True, epochs=1,
                                   mix_current=True, calibrate=False, base_model=str(models_dir / "tiny-v1"),
                                   version="m2"))
    new = models_dir / "sourcemark-minilm-m2"
    info = json.loads((new / "sourcemark.json").read_text())
    assert decision["mixed_with"] == "tiny-v1" and decision["head_scale"] is None and "calibration" not in info
    assert [i["version"] for i in info["soup_of"]] == ["v1", "m2"] and info["version"] == "m2"
    assert any("accepted-m2" in d["path"] for d in info["data"])  # the candidate's data, accepted labels too
    assert "mean of the trained candidate's weights and tiny-v1's" in decision["table"]
    # The candidate is not the current model: the mean moved its weights.
    old, mixed = load_file(str(models_dir / "tiny-v1" / "model.safetensors")), load_file(str(new / "model.safetensors"))
    assert any(not (old[k] == mixed[k]).all() for k in old)
    assert not (tmp_path / "state" / "runs" / "m2-mix").exists() and not list(models_dir.glob("*mix*"))


@pytest.mark.slow
def test_promotion_is_picked_up_between_requests(models_dir, tmp_path):
    # Three readers keep one worker busy: on a loaded machine a turn may take longer than the default wait.
    app = make_app(models_dir, tmp_path, model_poll_seconds=1, analysis_max_wait=120)
    build_tiny_model(models_dir / "tiny-v2", seed=1)
    (models_dir / "tiny-v2" / "sourcemark.json").write_text(json.dumps({"name": "tiny", "version": "v2"}))
    text = "\n\n".join(f"Paragraph {i}: officials said the plan would change. It is a bad plan." for i in range(40))
    seen, failures, stop = [], [], threading.Event()

    def reader():
        client = app.test_client()
        while not stop.is_set():
            r = client.post("/api/v1/analyze", json={"text": text})
            if r.status_code != 200:
                failures.append(r.status_code)
            else:
                seen.append(r.get_json()["model"]["version"])

    assert app.test_client().get("/readyz").status_code == 200
    threads = [threading.Thread(target=reader) for _ in range(3)]
    for t in threads:
        t.start()
    time.sleep(0.5)
    Registry(models_dir).promote("tiny-v2")
    deadline = time.monotonic() + 30
    while (not seen or seen[-1] != "v2") and time.monotonic() < deadline:
        time.sleep(0.2)
    time.sleep(0.5)
    stop.set()
    for t in threads:
        t.join()
    assert not failures
    assert "v1" in seen and seen[-1] == "v2"
    # Once a request saw the new model, none after it saw the old one.
    assert "v1" not in seen[seen.index("v2") + 3:]
