"""Two apps sharing one real Redis: the analysis cache, the rate limit, the model broadcast; and Redis down."""
import logging
import time

import pytest

from sourcemark import create_app
from sourcemark.runtime.registry import Registry
from sourcemark.replicas import redis_client

from ..serving.test_api import check_schema

pytestmark = pytest.mark.redis

TEXT = "The council approved the budget on Monday, the mayor said. Critics called it reckless."
GOOD = {"text": "The bridge will reopen in May, officials said.", "label": "sourced", "predicted": "unsourced",
        "model_version": "v1"}


@pytest.fixture()
def redis_url(redis_server):
    import redis

    redis.Redis.from_url(redis_server.url).flushall()
    return redis_server.url


def replica(models_dir, tmp_path, redis_url, **extra):
    app = create_app({"model": str(models_dir), "data_dir": str(tmp_path / "data"), "redis_url": redis_url,
                      "admin_token": "s3cret-admin-token-16", "model_poll_seconds": 0, **extra})
    return app, app.test_client()


def test_an_analysis_made_by_one_replica_is_served_from_the_shared_cache_by_another(models_dir, tmp_path, redis_url):
    _, a = replica(models_dir, tmp_path, redis_url)
    app_b, b = replica(models_dir, tmp_path, redis_url)
    first = a.post("/api/v1/analyze", json={"text": TEXT}).get_json()
    second = b.post("/api/v1/analyze", json={"text": TEXT}).get_json()
    assert first["sentences"] == second["sentences"]
    info = b.get("/api/v1/model").get_json()
    check_schema(info, "ModelInfo")
    shared = info["result_cache"]["shared"]
    assert shared["hits"] == 1 and shared["misses"] == 0
    # Another unit is another answer (offsets differ), so it is not taken from the cache.
    b.post("/api/v1/analyze", json={"text": TEXT, "offset_unit": "utf16"})
    assert b.get("/api/v1/model").get_json()["result_cache"]["shared"]["misses"] == 1


def test_cached_analyses_expire(models_dir, tmp_path, redis_url):
    import redis

    _, a = replica(models_dir, tmp_path, redis_url, redis_cache_ttl=30)
    a.post("/api/v1/analyze", json={"text": TEXT})
    keys = redis.Redis.from_url(redis_url).keys("sourcemark:analysis:*")
    assert len(keys) == 1 and 0 < redis.Redis.from_url(redis_url).ttl(keys[0]) <= 30


def test_analyses_over_the_size_cap_are_not_shared(models_dir, tmp_path, redis_url):
    import redis

    _, a = replica(models_dir, tmp_path, redis_url, redis_cache_max_bytes=100)
    assert a.post("/api/v1/analyze", json={"text": TEXT}).status_code == 200
    assert redis.Redis.from_url(redis_url).keys("sourcemark:analysis:*") == []
    assert a.get("/api/v1/model").get_json()["result_cache"]["hits"] == 0
    a.post("/api/v1/analyze", json={"text": TEXT})
    assert a.get("/api/v1/model").get_json()["result_cache"]["hits"] == 1  # still cached in the worker


def test_a_rate_limit_holds_across_replicas(models_dir, tmp_path, redis_url):
    _, a = replica(models_dir, tmp_path, redis_url, feedback_rate="3/minute")
    _, b = replica(models_dir, tmp_path, redis_url, feedback_rate="3/minute")
    codes = [(a if i % 2 else b).post("/api/v1/feedback", json={**GOOD, "text": f"Sentence {i} is here."}).status_code
             for i in range(6)]
    assert sorted(codes) == [201, 201, 201, 429, 429, 429]


def test_a_model_reloaded_through_one_replica_is_served_by_the_other(two_versions, tmp_path, redis_url):
    _, a = replica(two_versions, tmp_path, redis_url)
    _, b = replica(two_versions, tmp_path, redis_url)
    assert b.get("/api/v1/model").get_json()["version"] == "v1"
    time.sleep(0.5)  # both listeners subscribed
    Registry(two_versions).promote("tiny-v2")
    assert a.post("/api/v1/admin/reload", headers={"Authorization": "Bearer s3cret-admin-token-16"}).get_json()["model"]["version"] == "v2"
    deadline = time.monotonic() + 5
    while b.get("/api/v1/model").get_json()["version"] != "v2":
        assert time.monotonic() < deadline, "replica B still serves v1 5 s after the reload through A"
        time.sleep(0.1)


def test_redis_down_leaves_analysis_and_feedback_working(models_dir, tmp_path, caplog, monkeypatch):
    from ..services import Redis

    monkeypatch.setattr(redis_client, "BACKOFF_S", 0.5)
    server = Redis()  # its own server: this test stops it
    try:
        _, a = replica(models_dir, tmp_path, server.url, feedback_rate="3/minute")
        assert a.post("/api/v1/analyze", json={"text": TEXT}).status_code == 200
        server.stop()
        caplog.set_level(logging.WARNING)
        started = time.monotonic()
        for i in range(4):
            r = a.post("/api/v1/analyze", json={"text": f"{TEXT} Item {i} was noted."})
            assert r.status_code == 200 and len(r.get_json()["sentences"]) == 3
        assert time.monotonic() - started < 5  # a dead Redis costs milliseconds, not timeouts per request
        # Limits fall back to this process: the limit still applies, counted here.
        codes = [a.post("/api/v1/feedback", json={**GOOD, "text": f"Sentence {i} is here."}).status_code
                 for i in range(4)]
        assert codes == [201, 201, 201, 429]
        cache_warnings = [r for r in caplog.records if "shared analysis cache: Redis unavailable" in r.getMessage()]
        assert len(cache_warnings) == 1  # logged once per outage, not per request
        server.start()
        time.sleep(0.6)  # past the back-off
        a.post("/api/v1/analyze", json={"text": "A brand new text is here, the clerk said."})
        assert a.post("/api/v1/analyze", json={"text": "A brand new text is here, the clerk said."}).status_code == 200
        assert any("Redis is back" in r.getMessage() for r in caplog.records)
    finally:
        server.close()


def test_models_promote_announces_the_change_to_running_workers(two_versions, tmp_path, redis_url):
    from click.testing import CliRunner

    from sourcemark.cli import cli

    _, a = replica(two_versions, tmp_path, redis_url)
    assert a.get("/api/v1/model").get_json()["version"] == "v1"
    time.sleep(0.5)  # the listener subscribed
    result = CliRunner().invoke(cli, ["models", "promote", "tiny-v2"],
                                env={"SOURCEMARK_MODEL": str(two_versions), "SOURCEMARK_REDIS_URL": redis_url})
    assert result.exit_code == 0, result.output
    assert "announced to" in result.output and "announced to 0 " not in result.output
    deadline = time.monotonic() + 5
    while a.get("/api/v1/model").get_json()["version"] != "v2":
        assert time.monotonic() < deadline, "the worker still serves v1 5 s after models promote"
        time.sleep(0.1)


def test_a_promotion_made_while_redis_was_down_is_caught_up_on_reconnect(two_versions, tmp_path):
    from ..services import Redis

    server = Redis()  # its own server: this test stops it
    try:
        _, a = replica(two_versions, tmp_path, server.url)
        assert a.get("/api/v1/model").get_json()["version"] == "v1"
        time.sleep(0.5)  # the listener subscribed
        server.stop()
        time.sleep(1.5)  # the listener noticed
        Registry(two_versions).promote("tiny-v2")  # no announcement can reach it now
        server.start()
        deadline = time.monotonic() + 10
        while a.get("/api/v1/model").get_json()["version"] != "v2":
            assert time.monotonic() < deadline, "no catch-up 10 s after Redis came back"
            time.sleep(0.2)
    finally:
        server.close()
