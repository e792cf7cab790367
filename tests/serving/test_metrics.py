"""/metrics: the caches (bounded in bytes) and the analysis queue, in the Prometheus text format."""
from prometheus_client.parser import text_string_to_metric_families

from sourcemark import create_app

from .test_api import ARTICLE


def samples(client):
    r = client.get("/metrics")
    assert r.status_code == 200 and r.headers["Content-Type"].startswith("text/plain")
    return {(s.name, s.labels.get("cache")): s.value
            for family in text_string_to_metric_families(r.get_data(as_text=True)) for s in family.samples}


def test_metrics_show_cache_hits_sizes_and_queue(client):
    client.post("/api/v1/analyze", json={"text": ARTICLE})
    client.post("/api/v1/analyze", json={"text": ARTICLE})
    got = samples(client)
    assert got[("sourcemark_cache_hits_total", "results")] == 1
    assert got[("sourcemark_cache_misses_total", "results")] == 1
    assert got[("sourcemark_cache_hit_rate", "results")] == 0.5
    assert 0 < got[("sourcemark_cache_bytes", "results")] <= got[("sourcemark_cache_max_bytes", "results")]
    assert got[("sourcemark_cache_entries", "scores")] == 4
    assert got[("sourcemark_analysis_admitted_total", None)] == 1
    assert got[("sourcemark_analysis_waiting", None)] == 0


def test_answer_cache_stays_within_its_bytes(tiny_model, tmp_path):
    app = create_app({"model": str(tiny_model), "data_dir": str(tmp_path), "result_cache_mb": 1})
    client = app.test_client()
    paragraph = "The council said the plan would cost more than planned this year. " * 100
    for i in range(40):  # 40 answers of ~40 KB: more than 1 MB in all
        r = client.post("/api/v1/analyze", json={"text": f"Page {i}. {paragraph}"})
        assert r.status_code == 200
    got = samples(client)
    assert got[("sourcemark_cache_bytes", "results")] <= 2**20
    assert got[("sourcemark_cache_evictions_total", "results")] > 0
    # Answers from the cache are the same bytes as computed ones, elapsed_ms aside.
    again = client.post("/api/v1/analyze", json={"text": f"Page 39. {paragraph}"}).get_json()
    assert again["sentences"][0]["text"] == "Page 39." and again["elapsed_ms"] >= 0
