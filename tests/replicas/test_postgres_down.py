"""PostgreSQL stopped under a running app: analysis goes on, feedback answers 503 + Retry-After, then recovers."""
import pytest

from sourcemark import create_app

from ..services import Postgres
from ..serving.test_api import check_schema

pytestmark = [pytest.mark.postgres, pytest.mark.slow]

TEXT = "The council approved the budget on Monday, the mayor said. Critics called it reckless."
GOOD = {"text": "The bridge will reopen in May, officials said.", "label": "sourced", "predicted": "unsourced",
        "model_version": "v1"}
AUTH = {"Authorization": "Bearer s3cret-admin-token-16"}


@pytest.fixture()
def postgres():
    server = Postgres()  # its own server: the test stops it
    yield server
    server.close()


def feedback(client, i):
    return client.post("/api/v1/feedback", json={**GOOD, "text": f"Sentence {i} is here, they said."})


def test_feedback_is_503_while_the_database_is_down_and_recovers_without_a_restart(tiny_model, tmp_path, postgres):
    url = postgres.new_database()
    client = create_app({"model": str(tiny_model), "database_url": url, "admin_token": "s3cret-admin-token-16",
                         "feedback_rate": "100/minute"}).test_client()
    first = feedback(client, 0)
    assert first.status_code == 201
    postgres.stop()
    assert client.post("/api/v1/analyze", json={"text": TEXT}).status_code == 200
    down = feedback(client, 1)
    assert down.status_code == 503 and down.headers["Retry-After"] == "5"
    check_schema(down.get_json(), "Error")
    assert down.get_json()["error"]["code"] == "store_unavailable"
    assert client.get("/api/v1/admin/feedback", headers=AUTH).status_code == 503
    # An app started while the database is down serves analyses and opens the store once it is back.
    late = create_app({"model": str(tiny_model), "database_url": url, "feedback_rate": "100/minute"}).test_client()
    assert late.post("/api/v1/analyze", json={"text": TEXT}).status_code == 200
    assert feedback(late, 2).status_code == 503
    postgres.start()
    assert feedback(client, 3).status_code == 201
    assert feedback(late, 4).status_code == 201
    items = client.get("/api/v1/admin/feedback", headers=AUTH).get_json()["items"]
    assert [i["text"] for i in items] == [f"Sentence {i} is here, they said." for i in (0, 3, 4)]
