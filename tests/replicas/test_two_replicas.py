"""Two `sourcemark serve` processes sharing one PostgreSQL, one Redis and one models folder.

The figures (requests, failures, swap time) are printed; run with -s to see them.
"""
import threading
import time

import pytest
import requests

from sourcemark.runtime.registry import Registry

from ..services import Replica

pytestmark = [pytest.mark.slow, pytest.mark.postgres, pytest.mark.redis]

AUTH = {"Authorization": "Bearer s3cret-admin-token-16"}
RATE = 5
GOOD = {"text": "The bridge will reopen in May, officials said.", "label": "sourced", "predicted": "unsourced",
        "model_version": "v1"}


@pytest.fixture(scope="module")
def replicas(tmp_path_factory, postgres_server, redis_server):
    import json

    import redis

    from ..conftest import build_tiny_model

    redis.Redis.from_url(redis_server.url).flushall()
    root = tmp_path_factory.mktemp("shared")
    models = root / "models"
    for version, seed in (("v1", 0), ("v2", 1)):
        build_tiny_model(models / f"tiny-{version}", seed=seed)
        (models / f"tiny-{version}" / "sourcemark.json").write_text(json.dumps({"name": "tiny", "version": version}))
    Registry(models).promote("tiny-v1")
    env = {"SOURCEMARK_MODEL": str(models), "SOURCEMARK_DATABASE_URL": postgres_server.new_database(),
           "SOURCEMARK_REDIS_URL": redis_server.url, "SOURCEMARK_ADMIN_TOKEN": "s3cret-admin-token-16",
           "SOURCEMARK_FEEDBACK_RATE": f"{RATE}/minute", "SOURCEMARK_RUNTIME": "torch",
           # No polling: a replica learns of a new model only from the broadcast.
           "SOURCEMARK_MODEL_POLL_SECONDS": "0", "SOURCEMARK_WORKERS": "1", "SOURCEMARK_TRUSTED_PROXIES": "1",
           "SOURCEMARK_DATA_DIR": str(root / "data")}
    started = [Replica(env, root / f"{name}.log") for name in "ab"]
    try:
        yield models, [r.wait_ready() for r in started]
    finally:
        for r in started:
            r.stop()


def send_feedback(replica, text, client="198.51.100.1"):
    return requests.post(f"{replica.base}/api/v1/feedback", json={**GOOD, "text": text},
                         headers={"X-Forwarded-For": client}, timeout=10)


def test_a_correction_posted_to_a_is_in_bs_review_queue(replicas):
    _, (a, b) = replicas
    saved = send_feedback(a, "The mayor resigned on Friday, aides said.", client="198.51.100.50")
    assert saved.status_code == 201
    queue = requests.get(f"{b.base}/api/v1/admin/feedback?status=pending", headers=AUTH, timeout=10).json()
    assert saved.json()["id"] in [item["id"] for item in queue["items"]]


def test_a_rate_limit_of_n_per_minute_allows_n_in_total_across_both(replicas):
    _, (a, b) = replicas
    codes = [send_feedback(a if i % 2 else b, f"Limit sentence {i} is here.", client="198.51.100.2").status_code
             for i in range(2 * RATE)]
    print(f"\nrate limit {RATE}/minute across two replicas: {codes}")
    assert codes.count(201) == RATE and codes.count(429) == RATE


def test_a_model_reloaded_through_a_is_served_by_b_within_5_s_with_no_failed_request(replicas):
    models, (a, b) = replicas
    results = {"ok": 0, "failed": []}
    stop = threading.Event()

    def client(replica, tag):
        i = 0
        while not stop.is_set():
            i += 1
            text = f"Request {tag}{i}: the council met on Tuesday, officials said. It was a mistake."
            try:
                r = requests.post(f"{replica.base}/api/v1/analyze", json={"text": text}, timeout=30)
                if r.status_code == 200 and len(r.json()["sentences"]) == 2:
                    results["ok"] += 1
                else:
                    results["failed"].append(r.status_code)
            except requests.RequestException as exc:
                results["failed"].append(repr(exc))

    threads = [threading.Thread(target=client, args=(r, tag)) for r, tag in ((a, "a"), (b, "b"))]
    for t in threads:
        t.start()
    time.sleep(2)
    Registry(models).promote("tiny-v2")
    promoted = time.monotonic()
    reload = requests.post(f"{a.base}/api/v1/admin/reload", headers=AUTH, timeout=30)
    assert reload.status_code == 200 and reload.json()["model"]["version"] == "v2"
    swap = None
    while time.monotonic() - promoted < 10:
        if requests.get(f"{b.base}/api/v1/model", timeout=10).json()["version"] == "v2":
            swap = time.monotonic() - promoted
            break
        time.sleep(0.05)
    time.sleep(2)  # keep sending after the swap
    stop.set()
    for t in threads:
        t.join()
    print(f"\nswap: B served v2 {swap:.2f} s after the promotion through A; "
          f"{results['ok']} requests answered, {len(results['failed'])} failed")
    assert swap is not None and swap < 5
    assert results["failed"] == [] and results["ok"] > 10


def test_a_replica_killed_under_load_loses_no_acknowledged_correction(replicas):
    _, (a, b) = replicas
    acknowledged, errors_on_a = [], []
    stop = threading.Event()

    def client(replica, tag):
        i = 0
        while not stop.is_set():
            i += 1
            try:
                # A distinct reader per request (behind the trusted proxy), so no rate limit is hit.
                r = send_feedback(replica, f"Kill test {tag}{i} sentence here.", client=f"10.{i // 250}.{i % 250}.{ord(tag)}")
            except requests.RequestException:
                if replica is a:
                    errors_on_a.append(i)
                continue
            if r.status_code == 201:
                acknowledged.append(r.json()["id"])
            elif replica is a:
                errors_on_a.append(r.status_code)

    threads = [threading.Thread(target=client, args=(r, tag)) for r, tag in ((a, "a"), (b, "b"))]
    for t in threads:
        t.start()
    time.sleep(3)
    b.kill()
    killed_at = len(acknowledged)
    time.sleep(3)
    stop.set()
    for t in threads:
        t.join()
    stored = set()
    offset = 0
    while True:
        page = requests.get(f"{a.base}/api/v1/admin/feedback?limit=1000&offset={offset}", headers=AUTH,
                            timeout=10).json()["items"]
        stored |= {item["id"] for item in page}
        offset += len(page)
        if len(page) < 1000:
            break
    print(f"\nkill -9 of replica B: {len(acknowledged)} corrections acknowledged ({killed_at} before the kill), "
          f"{len(set(acknowledged) - stored)} missing, {len(errors_on_a)} errors on A")
    assert errors_on_a == [] and len(acknowledged) > killed_at > 0
    assert set(acknowledged) <= stored
