import json
from importlib import resources

import jsonschema
import pytest

from sourcemark import create_app

ARTICLE = ("Council approves new tram line\n\nBy Jane Doe\n\n"
           "The city council approved the tram line on Tuesday. “We were not consulted,” a spokesperson "
           "for the union said. The decision is a betrayal of the people who elected it.\n\nShare this article")


def schema_for(name):
    doc = json.loads(resources.files("sourcemark.serving").joinpath("openapi.json").read_text())
    return {**doc, "$ref": f"#/components/schemas/{name}"}


def check_schema(body, name):
    jsonschema.Draft202012Validator(schema_for(name)).validate(body)


def post(client, body, **kwargs):
    return client.post("/api/v1/analyze", json=body, **kwargs)


def test_analyze_matches_contract(client):
    r = post(client, {"text": ARTICLE})
    assert r.status_code == 200
    body = r.get_json()
    check_schema(body, "AnalyzeResponse")
    texts = [s["text"] for s in body["sentences"]]
    assert texts == ["Council approves new tram line", "By Jane Doe",
                     "The city council approved the tram line on Tuesday.",
                     "“We were not consulted,” a spokesperson for the union said.",
                     "The decision is a betrayal of the people who elected it.", "Share this article"]
    for s in body["sentences"]:
        assert ARTICLE[s["start"]:s["end"]] == s["text"] == s["quote"]["exact"]
        assert ARTICLE[:s["start"]].endswith(s["quote"]["prefix"]) and len(s["quote"]["prefix"]) <= 32
        assert ARTICLE[s["end"]:].startswith(s["quote"]["suffix"]) and len(s["quote"]["suffix"]) <= 32
        assert abs(sum(s["scores"].values()) - 1) < 1e-3
    labels = [s["label"] for s in body["sentences"]]
    assert labels[1] == labels[5] == "none"
    # Rule-decided segments say so, and carry the rule's certainty rather than pretend probabilities.
    assert [s.get("rule") for s in body["sentences"]] == [None, "not_a_claim", None, None, None, "not_a_claim"]
    assert body["sentences"][1]["scores"] == {"none": 1.0} and body["sentences"][1]["confidence"] == 1.0
    assert set(body["sentences"][2]["scores"]) == {"sourced", "unsourced", "opinion"}
    assert all(l in ("sourced", "unsourced", "opinion") for i, l in enumerate(labels) if i not in (1, 5))
    assert set(body["counts"]) == {"sourced", "unsourced", "opinion"} and sum(body["counts"].values()) == 4
    assert body["model"]["labels"] == ["sourced", "unsourced", "opinion"] and body["offset_unit"] == "codepoint"


HARD = ("Émoji 😀 test: the café reopened 🎉 on Monday. 北京市政府周二宣布了新计划。 "
        "Combining: e\u0301 and n\u0303 were typed. שלום עולם, הוא אמר.\r\n\r\n"
        "Flags 🇺🇸 and families 👨‍👩‍👧 appear too. Last line 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 ends here.")


def utf16(text):
    return text.encode("utf-16-le")


@pytest.mark.parametrize("unit", ["codepoint", "utf16"])
def test_offsets_exact_with_astral_cjk_rtl_combining_crlf(client, unit):
    body = post(client, {"text": HARD, "offset_unit": unit}).get_json()
    assert body["offset_unit"] == unit and len(body["sentences"]) >= 5
    for s in body["sentences"]:
        if unit == "codepoint":
            got = HARD[s["start"]:s["end"]]
        else:
            got = utf16(HARD)[2 * s["start"]:2 * s["end"]].decode("utf-16-le")
        assert got == s["text"]
        assert "\r" not in s["text"] and "\n" not in s["text"]


def test_utf16_links_are_mapped_and_reported(client):
    text = "Intro 😀 line. The report was published by the agency."
    href_start = utf16(text).decode("utf-16-le").index("report")
    start16 = len(utf16(text[:href_start])) // 2
    link = {"start": start16, "end": start16 + 6, "href": "https://example.org/report"}
    body = post(client, {"text": text, "offset_unit": "utf16", "links": [link]}).get_json()
    assert body["sentences"][1]["links"] == ["https://example.org/report"]
    assert body["sentences"][0]["links"] == []


def error_of(response, status, code):
    assert response.status_code == status, response.get_data(as_text=True)
    body = response.get_json()
    check_schema(body, "Error")
    assert body["error"]["code"] == code and body["error"]["message"]
    return body


@pytest.mark.parametrize("payload,code", [
    ({"text": ""}, "empty_text"),
    ({"text": "   \n "}, "empty_text"),
    ({"text": 5}, "invalid_request"),
    ({}, "invalid_request"),
    ({"text": "Hello there world.", "offset_unit": "bytes"}, "invalid_request"),
    ({"text": "Hello there world.", "links": [{"start": 0, "end": 99, "href": "x"}]}, "bad_links"),
    ({"text": "Hello there world.", "links": [{"start": 3, "end": 3, "href": "x"}]}, "bad_links"),
    ({"text": "Hello there world.", "links": [{"start": "0", "end": 2, "href": "x"}]}, "invalid_request"),
    ({"text": "Hello there world.", "surprise": True}, "invalid_request"),
    ({"text": "😀 x", "offset_unit": "utf16", "links": [{"start": 1, "end": 3, "href": "x"}]}, "bad_links"),
])
def test_bad_requests(client, payload, code):
    error_of(post(client, payload), 400, code)


def test_bad_json_and_non_object(client):
    error_of(client.post("/api/v1/analyze", data="{nope", content_type="application/json"), 400, "bad_json")
    error_of(client.post("/api/v1/analyze", data="[1, 2]", content_type="application/json"), 400, "bad_json")
    error_of(client.post("/api/v1/analyze", data=b"\xff\xfe{", content_type="application/json"), 400, "bad_json")


def test_not_json_is_415(client):
    error_of(client.post("/api/v1/analyze", data="text=hi", content_type="application/x-www-form-urlencoded"),
             415, "unsupported_media_type")


def test_text_over_limit_is_413(tiny_model):
    client = create_app({"model": str(tiny_model), "max_text_chars": 50}).test_client()
    error_of(post(client, {"text": "word " * 20}), 413, "text_too_long")
    # Counted in the request's unit: 30 emoji are 30 code points but 60 UTF-16 units.
    assert post(client, {"text": "😀" * 30}).status_code == 200
    error_of(post(client, {"text": "😀" * 30, "offset_unit": "utf16"}), 413, "text_too_long")


def test_body_over_limit_is_413_before_reading(tiny_model):
    client = create_app({"model": str(tiny_model), "max_body_bytes": 2048}).test_client()
    error_of(client.post("/api/v1/analyze", data=b"x" * 5000, content_type="application/json"), 413, "too_large")


def test_404_and_405_share_the_shape(client):
    error_of(client.get("/api/v1/nothing"), 404, "not_found")
    r = error_of(client.get("/api/v1/analyze"), 405, "method_not_allowed")
    assert r["error"]["message"]


def test_missing_model_is_503_naming_the_path_in_the_log_only(tmp_path, caplog):
    client = create_app({"model": str(tmp_path / "absent")}).test_client()
    body = error_of(post(client, {"text": "A sentence that is long enough."}), 503, "model_unavailable")
    assert str(tmp_path) not in body["error"]["message"]
    assert str(tmp_path / "absent") in caplog.text
    error_of(client.get("/readyz"), 503, "model_unavailable")
    assert client.get("/healthz").status_code == 200


def test_corrupt_model_is_503(tmp_path):
    (tmp_path / "config.json").write_text("{not json")
    client = create_app({"model": str(tmp_path)}).test_client()
    error_of(client.get("/api/v1/model"), 503, "model_unavailable")


def test_unexpected_errors_hide_the_trace(app, monkeypatch):
    from sourcemark.serving import api
    monkeypatch.setattr(api, "analyze", lambda *a, **k: 1 / 0)
    body = error_of(app.test_client().post("/api/v1/analyze", json={"text": "Some text here."}), 500, "internal")
    assert "ZeroDivision" not in json.dumps(body)


def test_model_health_and_openapi(client):
    info = client.get("/api/v1/model").get_json()
    check_schema(info, "ModelInfo")
    assert info["labels"] == ["sourced", "unsourced", "opinion"]
    assert client.get("/healthz").get_json() == {"status": "ok"}
    ready = client.get("/readyz").get_json()
    check_schema(ready, "Ready")
    doc = client.get("/api/v1/openapi.json").get_json()
    assert doc["openapi"].startswith("3.1") and "/api/v1/analyze" in doc["paths"]


@pytest.mark.parametrize("origin,allowed", [
    ("chrome-extension://abcdefghijklmnop", True), ("moz-extension://1234-5678", True),
    ("http://localhost:3000", True), ("https://evil.example", False)])
def test_cors_preflight(client, origin, allowed):
    r = client.options("/api/v1/analyze", headers={
        "Origin": origin, "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "Content-Type"})
    assert (r.headers.get("Access-Control-Allow-Origin") == origin) is allowed
    assert "Access-Control-Allow-Credentials" not in r.headers


def test_lone_surrogate_does_not_crash(client):
    r = client.post("/api/v1/analyze", data='{"text": "Broken \\ud83d surrogate in a sentence here."}',
                    content_type="application/json")
    assert r.status_code == 200


def test_repeated_pages_and_sentences_hit_the_caches(client):
    first = post(client, {"text": ARTICLE}).get_json()
    before = client.get("/api/v1/model").get_json()
    again = post(client, {"text": ARTICLE}).get_json()
    after = client.get("/api/v1/model").get_json()
    # The same page again: one whole-analysis hit, no sentence scored or looked up.
    assert after["result_cache"]["hits"] == before["result_cache"]["hits"] + 1
    assert after["cache"] == before["cache"]
    assert {**again, "elapsed_ms": 0} == {**first, "elapsed_ms": 0}
    # Another page sharing four claims: those scores come from the sentence cache.
    post(client, {"text": ARTICLE + "\n\nOne more sentence to make it new."})
    later = client.get("/api/v1/model").get_json()["cache"]
    assert later["hits"] - after["cache"]["hits"] == 4 and later["misses"] == after["cache"]["misses"] + 1
    assert 0 < later["hit_rate"] <= 1
