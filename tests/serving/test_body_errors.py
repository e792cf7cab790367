"""A request body that cannot be read: 408 when the read deadline passed, 400 when it ended early or is malformed."""
import pytest
from gunicorn.http.errors import ChunkMissingTerminator, NoMoreData

from sourcemark.serving.worker import ReadTimeout


class Failing:
    """A wsgi.input whose read raises, as gunicorn's chunked reader does for a body cut off midway."""

    def __init__(self, exc):
        self.exc = exc

    def read(self, *args):
        raise self.exc


@pytest.mark.parametrize("exc, status, code", [
    (ChunkMissingTerminator(b""), 400, "incomplete_body"),  # was a 500
    (NoMoreData(b""), 400, "incomplete_body"),  # the client closed mid-body (was answered as a timeout)
    (ReadTimeout(b""), 408, "timeout"),  # the worker's read deadline
    (TimeoutError("timed out"), 408, "timeout"),  # a plain socket timeout (Flask's own server)
])
def test_unreadable_body_answers(client, exc, status, code):
    # No Content-Length: the body is read from wsgi.input directly, as for a chunked request.
    r = client.post("/api/v1/analyze", headers={"Content-Type": "application/json"},
                    environ_overrides={"wsgi.input": Failing(exc)})
    assert r.status_code == status and r.get_json()["error"]["code"] == code


def test_an_unrelated_failure_is_not_blamed_on_the_client(client):
    r = client.post("/api/v1/analyze", headers={"Content-Type": "application/json"},
                    environ_overrides={"wsgi.input": Failing(ZeroDivisionError())})
    assert r.status_code == 500 and r.get_json()["error"]["code"] == "internal"
