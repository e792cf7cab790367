"""The HTTP edge: /api/v1 (analyze, model, openapi) and the health endpoints."""
from __future__ import annotations

import hashlib
import json
import logging
import os
import select
import socket
import time
from importlib import resources
from typing import Annotated, Literal, Optional

from flask import Blueprint, Flask, current_app, jsonify, request
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StrictInt, StrictStr, ValidationError

from .admission import Admission, Busy, ClientGone
from ..runtime.analyze import Link, TooManySentences, analyze
from ..runtime.classifier import ModelError, ModelHolder
from ..errors import APIError
from ..core.offsets import OffsetMap

log = logging.getLogger(__name__)
api = Blueprint("api", __name__, url_prefix="/api/v1")
health = Blueprint("health", __name__)


def _integral(value):
    """JSON has one number type: 3.0 is the integer 3 (as JSON Schema says), 3.5 and true are not."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


Offset = Annotated[StrictInt, BeforeValidator(_integral), Field(ge=0, le=2**53)]


class LinkIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    start: Offset
    end: Offset
    href: StrictStr = Field(min_length=1, max_length=4096)


class AnalyzeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: StrictStr
    offset_unit: Literal["codepoint", "utf16"] = "codepoint"
    url: Optional[StrictStr] = Field(default=None, max_length=4096)
    links: list[LinkIn] = Field(default_factory=list, max_length=20_000)


def holder() -> ModelHolder:
    return current_app.extensions["sourcemark.model"]


def settings():
    return current_app.config["SOURCEMARK"]


def classifier_or_503():
    try:
        return holder().get()
    except ModelError as exc:
        # The reason names server paths: it goes to the log, not to an anonymous client.
        log.error("model unavailable: %s", exc)
        raise APIError(503, "model_unavailable", "the model is not loaded; the server log says why") from None


def read_body() -> bytes:
    """The request body, at most max_body_bytes; 413 past that, with or without Content-Length."""
    limit = settings().max_body_bytes
    if request.content_length is not None and request.content_length > limit:
        raise APIError(413, "too_large", f"the body is over {limit} bytes")
    # A chunked body has no length to check up front: read one byte past the limit to see.
    stream = request.stream if request.content_length is not None else request.environ["wsgi.input"]
    try:
        raw = stream.read(limit + 1)
    except Exception as exc:
        error = unreadable_body(exc)
        if error is None:
            raise
        raise error from None
    if len(raw) > limit:
        raise APIError(413, "too_large", f"the body is over {limit} bytes")
    return raw


def json_body() -> dict:
    if not request.is_json:
        raise APIError(415, "unsupported_media_type", "send the request body as application/json")
    raw = read_body()
    try:
        body = json.loads(raw)
    except RecursionError:
        raise APIError(400, "bad_json", "the body is nested too deeply") from None
    except (ValueError, UnicodeDecodeError) as exc:
        raise APIError(400, "bad_json", f"the body is not valid JSON: {exc}") from None
    if not isinstance(body, dict):
        raise APIError(400, "bad_json", "the body must be a JSON object")
    return body


def parse_body(model: type[BaseModel], body: dict) -> BaseModel:
    try:
        return model.model_validate(body)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "body"
        raise APIError(400, "invalid_request", f"{where}: {first['msg']}") from None


def unreadable_body(exc: Exception) -> APIError | None:
    """The answer to a body that could not be read (None: `exc` is not about the body).

    gunicorn raises its own parse errors, not OSError, for a chunked body cut off midway or
    malformed: those were 500s. They are the client's doing, like a body that ends early."""
    from gunicorn.http.errors import ParseException

    if isinstance(exc, TimeoutError) or getattr(exc, "timed_out", False):  # the worker's read deadline
        return APIError(408, "timeout", "the body was not received in time")
    if isinstance(exc, (OSError, ParseException)):
        return APIError(400, "incomplete_body",
                        "the body ended before its announced end, or its chunked encoding is malformed")
    return None


def _json_head(result: dict) -> bytes:
    """The answer as compact UTF-8 JSON without its closing brace (escaped ASCII if it holds a lone surrogate)."""
    try:
        return json.dumps(result, ensure_ascii=False, separators=(",", ":"))[:-1].encode()
    except UnicodeEncodeError:
        return json.dumps(result, separators=(",", ":"))[:-1].encode()


def client_gone() -> bool:
    """True when the client of this request has closed its connection (it will never read the answer)."""
    sock = request.environ.get("gunicorn.socket")
    if sock is None:
        return False
    try:
        # Readable with nothing to read means the peer closed; pipelined bytes mean it is still there.
        if not select.select([sock], [], [], 0)[0]:
            return False
        # The plain method, not a subclass's: this must not count against a read deadline.
        return socket.socket.recv(sock, 1, socket.MSG_PEEK | socket.MSG_DONTWAIT) == b""
    except (BlockingIOError, TimeoutError):
        return False
    except OSError:
        return True


@api.before_app_request
def poll_for_promotion():
    holder().poll()


@api.post("/analyze")
def analyze_endpoint():
    started = time.perf_counter()
    body = parse_body(AnalyzeIn, json_body())
    conf = settings()
    unit = body.offset_unit
    omap = OffsetMap(body.text)
    size = omap.size(unit)
    if not body.text.strip():
        raise APIError(400, "empty_text", "text is empty")
    if size > conf.max_text_chars:
        raise APIError(413, "text_too_long",
                       f"text has {size} characters ({unit}); the limit is {conf.max_text_chars}")
    links = []
    for n, link in enumerate(body.links):
        if not link.start < link.end <= size:
            raise APIError(400, "bad_links",
                           f"links.{n}: need 0 <= start < end <= {size} ({unit}), got {link.start}..{link.end}")
        try:
            links.append(Link(omap.parse(link.start, unit), omap.parse(link.end, unit), link.href))
        except ValueError as exc:
            raise APIError(400, "bad_links", f"links.{n}: {exc}") from None
    if body.url and conf.log_urls:
        log.info("analyze url=%s", body.url)
    # A repeated page (same text, unit and links, same model) is answered from the result cache,
    # which keeps the answer as JSON without its final elapsed_ms (a fraction of a dict's memory).
    def cache_key(classifier) -> bytes:
        raw = repr((classifier.version, body.text, unit, links)).encode("utf-8", "surrogatepass")
        return hashlib.sha256(raw).digest()

    results = current_app.extensions["sourcemark.results"]
    key = cache_key(classifier_or_503())
    head = results.get(key)
    if head is None:
        try:
            with current_app.extensions["sourcemark.admission"].enter(client_gone):
                # Taken once the turn comes, not before the wait: a model promoted while this request
                # queued serves it, so no answer from the old model follows one from the new.
                classifier = classifier_or_503()
                fresh = cache_key(classifier)
                if fresh != key:  # swapped while it waited: the new model's answer may be cached
                    key, head = fresh, results.get(fresh)
                if head is None:
                    result = analyze(body.text, classifier, offset_unit=unit, links=links,
                                     min_words=conf.min_words, quote_context=conf.quote_context,
                                     max_sentences=conf.max_sentences)
        except Busy as exc:
            raise APIError(503, "busy", str(exc), retry_after=exc.retry_after) from None
        except ClientGone:
            # Nobody will read an answer; 499 (nginx's "client closed request") goes to the access log only.
            return current_app.response_class(status=499)
        except TooManySentences as exc:
            raise APIError(413, "too_many_sentences", str(exc)) from None
        if head is None:
            result.pop("elapsed_ms", None)
            head = _json_head(result)
            results.put(key, head)
    elapsed = round((time.perf_counter() - started) * 1000, 1)
    return current_app.response_class(head + b',"elapsed_ms":%s}' % str(elapsed).encode(),
                                      mimetype="application/json")


@api.get("/model")
def model_endpoint():
    classifier = classifier_or_503()
    info = classifier.info
    return jsonify({
        "name": classifier.name, "version": classifier.version, "labels": classifier.labels,
        "base_model": info.get("base_model"), "trained_at": info.get("trained_at"),
        "context": info.get("context"), "metrics": info.get("metrics"),
        "runtime": classifier.runtime.name, "worker_pid": os.getpid(), "cache": classifier.cache.stats(),
        "result_cache": current_app.extensions["sourcemark.results"].stats(),
        # The model the settings name, when this worker could not load it and still serves the one above.
        "not_served": holder().not_served,
    })


@api.get("/openapi.json")
def openapi_endpoint():
    return current_app.response_class(openapi_text(), mimetype="application/json")


def openapi_text() -> str:
    return resources.files("sourcemark.serving").joinpath("openapi.json").read_text(encoding="utf-8")


@health.get("/healthz")
def healthz():
    return jsonify({"status": "ok"})


@health.get("/readyz")
def readyz():
    classifier = classifier_or_503()
    # Still ready (it serves the model it has), but says so when the model named is not the one served.
    return jsonify({"status": "ready", "model": {"name": classifier.name, "version": classifier.version},
                    "not_served": holder().not_served})


def init_app(app: Flask) -> None:
    from ..runtime.cache import LRUCache

    conf = app.config["SOURCEMARK"]
    app.extensions["sourcemark.results"] = LRUCache(conf.result_cache_mb * 2**20)
    app.extensions["sourcemark.admission"] = Admission(conf.analysis_queue, conf.analysis_max_wait)
    app.register_blueprint(api)
    app.register_blueprint(health)
