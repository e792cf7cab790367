"""Client addresses for rate limits: from the socket, or from X-Forwarded-For behind a configured proxy."""
from sourcemark import create_app

GOOD = {"text": "The bridge will reopen in May, officials said.", "label": "sourced", "predicted": "unsourced",
        "model_version": "t1"}


def post_from(client, forwarded_for, i):
    return client.post("/api/v1/feedback", json={**GOOD, "text": f"Sentence {i} is here."},
                       headers={"X-Forwarded-For": forwarded_for}).status_code


def test_forwarded_for_is_ignored_without_a_trusted_proxy(tiny_model, tmp_path):
    client = create_app({"model": str(tiny_model), "data_dir": str(tmp_path), "feedback_rate": "2/minute"}).test_client()
    # Forged addresses do not buy a client more requests.
    assert [post_from(client, f"203.0.113.{i}", i) for i in range(4)] == [201, 201, 429, 429]


def test_forwarded_for_names_the_client_behind_one_trusted_proxy(tiny_model, tmp_path):
    client = create_app({"model": str(tiny_model), "data_dir": str(tmp_path), "feedback_rate": "2/minute",
                         "trusted_proxies": 1}).test_client()
    codes = [post_from(client, "198.51.100.7", i) for i in range(3)]
    codes += [post_from(client, "198.51.100.8", i) for i in range(3, 5)]
    # Only the last hop counts: a client prepending its own X-Forwarded-For entry is still itself.
    codes += [post_from(client, "10.9.9.9, 198.51.100.7", 5)]
    assert codes == [201, 201, 429, 201, 201, 429]
