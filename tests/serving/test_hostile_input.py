"""Bodies, ids, headers and feedback a hostile client sends: each gets a 4xx in the API's error shape."""
import io

import pytest

from sourcemark import create_app
from sourcemark.settings import SettingsError, load

from ..conftest import LABELS  # noqa: F401  (the tiny model's labels)
from .test_api import check_schema

TOKEN = "s3cret-admin-token-16"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
NESTED = '{"text": ' + "[" * 2000 + "]" * 2000 + "}"
FEEDBACK = {"text": "The bridge will reopen in May, officials said.", "label": "sourced", "predicted": "unsourced",
            "model_version": "1.3.0"}


def make(tiny_model, tmp_path, **settings):
    return create_app({"model": str(tiny_model), "data_dir": str(tmp_path / "data"), "admin_token": TOKEN,
                       **settings}).test_client()


def error_code(response, status):
    assert response.status_code == status, response.get_data(as_text=True)
    check_schema(response.get_json(), "Error")
    return response.get_json()["error"]["code"]


@pytest.mark.parametrize("method,path", [("post", "/api/v1/analyze"), ("post", "/api/v1/feedback"),
                                         ("patch", "/api/v1/admin/feedback/1")])
def test_deeply_nested_json_is_400_not_500(client, method, path):
    r = getattr(client, method)(path, data=NESTED, content_type="application/json", headers=AUTH)
    assert error_code(r, 400) == "bad_json" and "nested" in r.get_json()["error"]["message"]


@pytest.mark.parametrize("path", ["/api/v1/admin/feedback/9223372036854775808/accept",
                                  "/api/v1/admin/feedback/99999999999999999999999/reject"])
def test_ids_past_64_bits_are_not_found(client, path):
    assert error_code(client.post(path, headers=AUTH), 404) == "not_found"
    assert error_code(client.patch(path.rsplit("/", 1)[0], json={"label": "opinion"}, headers=AUTH), 404) == "not_found"


@pytest.mark.parametrize("query", ["limit=0", "limit=1001", "limit=-1", "offset=-1", "offset=9223372036854775808",
                                   "limit=１０", "offset=1e3"])
def test_list_bounds_are_refused_not_clamped(client, query):
    r = client.get(f"/api/v1/admin/feedback?{query}", headers=AUTH)
    assert error_code(r, 400) == "invalid_request"


@pytest.mark.parametrize("query", ["status=", "status=PENDING", "status=pending%00"])
def test_list_status_must_be_one_of_the_statuses(client, query):
    assert error_code(client.get(f"/api/v1/admin/feedback?{query}", headers=AUTH), 400) == "invalid_request"


@pytest.mark.parametrize("query", ["limit=5&limit=6", "status=pending&status=accepted", "offset=0&offset=%5B%5D"])
def test_list_parameters_given_twice_are_refused(client, query):
    r = client.get(f"/api/v1/admin/feedback?{query}", headers=AUTH)
    assert error_code(r, 400) == "invalid_request" and "give it once" in r.get_json()["error"]["message"]


def test_chunked_body_over_the_limit_is_413(tiny_model, tmp_path):
    client = make(tiny_model, tmp_path, max_body_bytes=2048)
    body = b'{"text": "' + b"word " * 1000 + b'"}'
    r = client.post("/api/v1/analyze", input_stream=io.BytesIO(body),
                    headers={"Transfer-Encoding": "chunked", "Content-Type": "application/json"})
    assert error_code(r, 413) == "too_large"


def test_integral_floats_are_integers_as_json_schema_says(client):
    text = "The report was published by the agency on Monday."
    ok = client.post("/api/v1/analyze", json={"text": text, "links": [{"start": 4.0, "end": 10.0, "href": "x"}]})
    assert ok.status_code == 200 and ok.get_json()["sentences"][0]["links"] == ["x"]
    half = client.post("/api/v1/analyze", json={"text": text, "links": [{"start": 4.5, "end": 10, "href": "x"}]})
    assert error_code(half, 400) == "invalid_request"
    boolean = client.post("/api/v1/analyze", json={"text": text, "links": [{"start": True, "end": 10, "href": "x"}]})
    assert error_code(boolean, 400) == "invalid_request"


def test_too_many_sentences_is_413_naming_the_limit(tiny_model, tmp_path):
    client = make(tiny_model, tmp_path, max_sentences=5)
    text = " ".join(f"Sentence number {i} is right here." for i in range(6))
    r = client.post("/api/v1/analyze", json={"text": text})
    assert error_code(r, 413) == "too_many_sentences" and "6 sentences; the limit is 5" in r.get_json()["error"]["message"]
    assert client.post("/api/v1/analyze", json={"text": text.rsplit(" Sentence", 1)[0]}).status_code == 200


@pytest.mark.parametrize("host,status", [("localhost", 200), ("127.0.0.1:8000", 200), ("[::1]:80", 200),
                                         ("evil.example", 400), ("127.0.0.1.evil.example", 400)])
def test_loopback_server_answers_only_to_loopback_names(client, host, status):
    r = client.get("/healthz", headers={"Host": host})
    assert r.status_code == status
    if status == 400:
        assert error_code(r, 400) == "bad_host"


def test_public_server_answers_configured_hosts(tiny_model, tmp_path):
    client = make(tiny_model, tmp_path, host="0.0.0.0", allowed_hosts="news.example,*.news.example")
    assert client.get("/healthz", headers={"Host": "api.news.example"}).status_code == 200
    assert client.get("/healthz", headers={"Host": "other.example"}).status_code == 400
    anyone = make(tiny_model, tmp_path, host="0.0.0.0")
    assert anyone.get("/healthz", headers={"Host": "other.example"}).status_code == 200


def test_security_headers(client):
    assert client.get("/healthz").headers["X-Content-Type-Options"] == "nosniff"
    admin = client.get("/api/v1/admin/feedback", headers=AUTH)
    assert admin.headers["Cache-Control"] == "no-store" and admin.headers["X-Content-Type-Options"] == "nosniff"
    assert "no-store" not in client.get("/api/v1/model").headers.get("Cache-Control", "")


def test_short_admin_tokens_are_refused_by_name():
    with pytest.raises(SettingsError, match="SOURCEMARK_ADMIN_TOKEN.*at least 16"):
        load(environ={"SOURCEMARK_ADMIN_TOKEN": "short"})
    assert load(environ={"SOURCEMARK_ADMIN_TOKEN": ""}).admin_token == ""


def test_wrong_tokens_are_throttled_right_one_never_counted(tiny_model, tmp_path):
    client = make(tiny_model, tmp_path, admin_failures="3/minute")
    for _ in range(5):
        assert client.get("/api/v1/admin/feedback", headers=AUTH).status_code == 200
    wrong = {"Authorization": "Bearer wrong-token-of-some-length"}
    codes = [client.get("/api/v1/admin/feedback", headers=wrong).status_code for _ in range(4)]
    assert codes == [401, 401, 401, 429]
    r = client.get("/api/v1/admin/feedback", headers=wrong)
    assert error_code(r, 429) == "rate_limited" and int(r.headers["Retry-After"]) > 0


def test_preflights_do_not_use_up_the_feedback_limit(tiny_model, tmp_path):
    client = make(tiny_model, tmp_path, feedback_rate="2/minute")
    preflight = {"Origin": "chrome-extension://abc", "Access-Control-Request-Method": "POST",
                 "Access-Control-Request-Headers": "Content-Type"}
    for _ in range(5):
        assert client.options("/api/v1/feedback", headers=preflight).status_code == 200
    codes = [client.post("/api/v1/feedback", json={**FEEDBACK, "text": f"Sentence {i} was said."}).status_code
             for i in range(3)]
    assert codes == [201, 201, 429]


def test_analysis_limit_per_client_when_set(tiny_model, tmp_path):
    client = make(tiny_model, tmp_path, analyze_rate="2/minute")
    codes = [client.post("/api/v1/analyze", json={"text": f"Sentence {i} is here now."}).status_code for i in range(3)]
    assert codes == [200, 200, 429]
    assert make(tiny_model, tmp_path).post("/api/v1/analyze", json={"text": "One more is fine."}).status_code == 200


@pytest.mark.parametrize("change,code", [
    ({"label": "unsourced"}, "not_a_correction"),
    ({"model_version": "1.3.0; DROP TABLE"}, "invalid_request"),
    ({"model_version": "x" * 65}, "invalid_request"),
    ({"model_version": "\x1b[31m"}, "invalid_request"),
    ({"context": "c" * 1001}, "invalid_request"),
    ({"url": "https://e.example/" + "p" * 2048}, "invalid_request")])
def test_feedback_that_is_not_a_plain_correction_is_refused(client, change, code):
    r = client.post("/api/v1/feedback", json={**FEEDBACK, **change})
    assert error_code(r, 400) == code
    assert client.get("/api/v1/admin/feedback", headers=AUTH).get_json()["counts"]["pending"] == 0


def test_feedback_at_the_limits_is_stored(client):
    r = client.post("/api/v1/feedback", json={**FEEDBACK, "model_version": "unversioned-1a2b3c4d",
                                              "context": "c" * 1000, "url": "https://e.example/" + "p" * 2000})
    assert r.status_code == 201
