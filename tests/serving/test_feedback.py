import pytest

from sourcemark import create_app

from .test_api import check_schema

AUTH = {"Authorization": "Bearer s3cret-admin-token-16"}
GOOD = {"text": "The bridge will reopen in May, officials said.", "label": "sourced", "predicted": "unsourced",
        "model_version": "t1", "context": "Before. [...] After."}


def test_feedback_is_stored_pending_and_listed(client):
    r = client.post("/api/v1/feedback", json=GOOD)
    assert r.status_code == 201
    body = r.get_json()
    check_schema(body, "FeedbackSaved")
    assert body["status"] == "pending" and body["count"] == 1
    again = client.post("/api/v1/feedback", json=GOOD).get_json()
    assert again["id"] == body["id"] and again["count"] == 2
    listed = client.get("/api/v1/admin/feedback?status=pending", headers=AUTH).get_json()
    check_schema(listed, "LabelList")
    assert [i["id"] for i in listed["items"]] == [body["id"]] and listed["items"][0]["url"] is None
    assert listed["counts"]["pending"] == 1


@pytest.mark.parametrize("change,code", [
    ({"label": "maybe"}, "invalid_request"), ({"predicted": "x"}, "invalid_request"),
    ({"text": ""}, "invalid_request"), ({"text": "   "}, "empty_text"), ({"text": "x" * 2001}, "invalid_request"),
    ({"model_version": None}, "invalid_request"), ({"extra": 1}, "invalid_request")])
def test_bad_feedback_is_refused(client, change, code):
    r = client.post("/api/v1/feedback", json={**GOOD, **change})
    assert r.status_code == 400 and r.get_json()["error"]["code"] == code


def test_none_is_an_allowed_correction(client):
    assert client.post("/api/v1/feedback", json={**GOOD, "label": "none"}).status_code == 201


def test_rate_limit_answers_429_in_the_error_shape(tiny_model, tmp_path):
    app = create_app({"model": str(tiny_model), "data_dir": str(tmp_path), "feedback_rate": "3/minute"})
    client = app.test_client()
    codes = [client.post("/api/v1/feedback", json={**GOOD, "text": f"Sentence {i} is here."}).status_code
             for i in range(5)]
    assert codes == [201, 201, 201, 429, 429]
    r = client.post("/api/v1/feedback", json=GOOD)
    check_schema(r.get_json(), "Error")
    assert r.get_json()["error"]["code"] == "rate_limited"


def test_admin_is_404_without_a_configured_token(tiny_model, tmp_path):
    client = create_app({"model": str(tiny_model), "data_dir": str(tmp_path)}).test_client()
    r = client.get("/api/v1/admin/feedback", headers=AUTH)
    assert r.status_code == 404 and r.get_json()["error"]["code"] == "not_found"


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer wrong"}, {"Authorization": "s3cret-admin-token-16"}])
def test_admin_refuses_without_the_token(client, headers):
    r = client.get("/api/v1/admin/feedback", headers=headers)
    assert r.status_code == 401 and r.get_json()["error"]["code"] == "unauthorized"
    assert client.post("/api/v1/admin/reload", headers=headers).status_code == 401


def test_accept_reject_edit(client):
    first = client.post("/api/v1/feedback", json=GOOD).get_json()["id"]
    second = client.post("/api/v1/feedback", json={**GOOD, "text": "Another sentence entirely."}).get_json()["id"]
    assert client.post(f"/api/v1/admin/feedback/{first}/accept", headers=AUTH).get_json()["status"] == "accepted"
    assert client.post(f"/api/v1/admin/feedback/{second}/reject", headers=AUTH).get_json()["status"] == "rejected"
    edited = client.patch(f"/api/v1/admin/feedback/{second}", json={"label": "opinion"}, headers=AUTH)
    assert edited.get_json()["label"] == "opinion"
    bad = client.patch(f"/api/v1/admin/feedback/{second}", json={"label": "nope"}, headers=AUTH)
    assert bad.status_code == 400
    missing = client.post("/api/v1/admin/feedback/999/accept", headers=AUTH)
    assert missing.status_code == 404 and missing.get_json()["error"]["code"] == "not_found"
    assert client.get("/api/v1/admin/feedback?status=odd", headers=AUTH).status_code == 400
    accepted = client.get("/api/v1/admin/feedback?status=accepted", headers=AUTH).get_json()["items"]
    assert [i["id"] for i in accepted] == [first]
