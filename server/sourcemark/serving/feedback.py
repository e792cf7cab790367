"""Reader feedback (POST /api/v1/feedback, rate-limited) and the editors' review endpoints under /admin."""
from __future__ import annotations

import hmac
import logging
from typing import Optional

from flask import Blueprint, Flask, current_app, g, jsonify, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from pydantic import BaseModel, ConfigDict, Field, StrictStr

from .api import api, classifier_or_503, holder, json_body, parse_body, settings
from ..errors import APIError
from ..core.labels import NONE
from ..replicas import announce_model_change
from ..storage import STATUSES, LabelStore, StoreError, StoreUnavailable, open_store

log = logging.getLogger(__name__)
feedback = Blueprint("feedback", __name__, url_prefix="/api/v1")
admin = Blueprint("admin", __name__, url_prefix="/api/v1/admin")


# Model versions are written by `sourcemark train` (1.3.0, unversioned-1a2b3c4d...); free text is refused.
MODEL_VERSION = r"^[A-Za-z0-9][A-Za-z0-9._+-]{0,63}$"
# The largest label id SQLite (and PostgreSQL's bigint) can hold, also in the routes below; larger ids are not found.
MAX_ID = 2**63 - 1


class FeedbackIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: StrictStr = Field(min_length=1, max_length=2000)
    label: StrictStr = Field(min_length=1, max_length=32)
    predicted: StrictStr = Field(min_length=1, max_length=32)
    model_version: StrictStr = Field(pattern=MODEL_VERSION)
    # Neighbouring sentences: the model reads 128 tokens at most, so more would only fill the store.
    context: Optional[StrictStr] = Field(default=None, max_length=1000)
    url: Optional[StrictStr] = Field(default=None, max_length=2048)


class EditIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    label: StrictStr = Field(min_length=1, max_length=32)


def store() -> LabelStore:
    """The label store, opened (and migrated) on first use; a failed open is retried by the next request."""
    ext = current_app.extensions
    if "sourcemark.store" not in ext:
        ext["sourcemark.store"] = open_store(settings())
    return ext["sourcemark.store"]


def _check_label(value: str, field: str) -> None:
    allowed = [*classifier_or_503().labels, NONE]
    if value not in allowed:
        raise APIError(400, "invalid_request", f"{field}: {value!r} is not one of {', '.join(allowed)}")


@feedback.post("/feedback")
def post_feedback():
    body = parse_body(FeedbackIn, json_body())
    if not body.text.strip():
        raise APIError(400, "empty_text", "text is empty")
    _check_label(body.label, "label")
    _check_label(body.predicted, "predicted")
    if body.label == body.predicted:
        raise APIError(400, "not_a_correction", "label equals predicted: send feedback only to correct a label")
    saved = store().add(body.text, body.label, predicted=body.predicted, model_version=body.model_version,
                        context=body.context, url=body.url)
    return jsonify({"id": saved.id, "status": saved.status, "count": saved.count}), 201


@admin.before_request
def require_token():
    token = settings().admin_token
    if not token:
        raise APIError(404, "not_found", "The requested URL was not found on the server.")
    given = request.headers.get("Authorization", "")
    if not (given.startswith("Bearer ") and hmac.compare_digest(given[7:].encode("utf-8", "surrogateescape"),
                                                                 token.encode())):
        raise APIError(401, "unauthorized", "send Authorization: Bearer <SOURCEMARK_ADMIN_TOKEN>")


def _store_call(fn, *args):
    try:
        return fn(*args)
    except StoreError as exc:
        status = 404 if "no label with id" in str(exc) else 400
        raise APIError(status, "not_found" if status == 404 else "invalid_request", str(exc)) from None


def _single_arg(name: str) -> str | None:
    # `?limit=5&limit=x` is no integer: a repeated parameter is refused, not read as its first value.
    values = request.args.getlist(name)
    if len(values) > 1:
        raise APIError(400, "invalid_request", f"{name}: given {len(values)} times; give it once")
    return values[0] if values else None


@admin.get("/feedback")
def list_feedback():
    status = _single_arg("status")  # absent: every status; present, it must be one of them
    if status is not None and status not in STATUSES:
        raise APIError(400, "invalid_request", f"status: expected one of {', '.join(STATUSES)}")
    limit = _int_arg("limit", 100, 1, 1000)
    offset = _int_arg("offset", 0, 0, MAX_ID)
    return jsonify({"items": store().list(status, limit, offset), "counts": store().counts()})


def _int_arg(name: str, default: int, low: int, high: int) -> int:
    raw = _single_arg(name)
    if raw is None:
        return default
    if not raw.isascii() or not raw.lstrip("-").isdigit() or len(raw) > 20 or not low <= int(raw) <= high:
        raise APIError(400, "invalid_request", f"{name}: expected an integer from {low} to {high}")
    return int(raw)


@admin.post("/feedback/<int(max=9223372036854775807):label_id>/accept")
def accept(label_id: int):
    return jsonify(_store_call(store().set_status, label_id, "accepted"))


@admin.post("/feedback/<int(max=9223372036854775807):label_id>/reject")
def reject(label_id: int):
    return jsonify(_store_call(store().set_status, label_id, "rejected"))


@admin.patch("/feedback/<int(max=9223372036854775807):label_id>")
def edit(label_id: int):
    body = parse_body(EditIn, json_body())
    _check_label(body.label, "label")
    return jsonify(_store_call(store().edit, label_id, body.label))


@admin.post("/reload")
def reload_model():
    from ..runtime.classifier import ModelError

    try:
        classifier = holder().reload()
    except ModelError as exc:
        log.error("reload failed: %s", exc)
        raise APIError(503, "model_unavailable", "the model could not be loaded; the server log says why") from None
    announce_model_change(current_app)
    return jsonify({"model": {"name": classifier.name, "version": classifier.version}})


# Long enough for a restarting database, short enough that a reader's correction is retried soon.
STORE_RETRY_AFTER_S = 5


def _store_unavailable(exc: StoreUnavailable):
    from ..errors import error_response

    log.warning("%s", exc)
    g.store_unavailable = True
    return error_response(503, "store_unavailable", "the label store is unavailable; retry later")


def _store_retry_after(response):
    # Registered before the limiter's own after_request, so it runs after it and its Retry-After wins.
    if g.get("store_unavailable"):
        response.headers["Retry-After"] = str(STORE_RETRY_AFTER_S)
    return response


def _preflight() -> bool:
    # A CORS preflight carries no feedback; counting it would make the browser's real request fail.
    return request.method == "OPTIONS"


def _not_an_analysis() -> bool:
    return request.endpoint != "api.analyze_endpoint" or _preflight()


def _wrong_token(response) -> bool:
    return response.status_code == 401


def init_app(app: Flask) -> None:
    conf = app.config["SOURCEMARK"]
    app.after_request(_store_retry_after)
    storage = conf.ratelimit_storage
    if conf.redis_url and storage == "memory://":
        storage = conf.redis_url
    # With Redis down, limits fall back to this worker's memory (flask-limiter logs the switch).
    limiter = Limiter(get_remote_address, app=app, storage_uri=storage, default_limits=[],
                      headers_enabled=True, in_memory_fallback_enabled=storage != "memory://",
                      storage_options={"socket_connect_timeout": 0.5, "socket_timeout": 0.5}
                      if storage.startswith(("redis://", "rediss://")) else {})
    limiter.limit(conf.feedback_rate, exempt_when=_preflight)(feedback)
    if conf.analyze_rate:
        limiter.limit(conf.analyze_rate, exempt_when=_not_an_analysis)(api)
    # Only wrong tokens count: an editor with the right one is never slowed down.
    limiter.limit(conf.admin_failures, deduct_when=_wrong_token, exempt_when=_preflight)(admin)
    app.register_error_handler(StoreUnavailable, _store_unavailable)
    app.register_blueprint(feedback)
    app.register_blueprint(admin)
