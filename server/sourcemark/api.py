"""The HTTP edge: /api/v1 (analyze, model, openapi) and the health endpoints."""
from __future__ import annotations

import json
import logging
import os
import time
from importlib import resources
from typing import Literal, Optional

from flask import Blueprint, Flask, current_app, jsonify, request
from pydantic import BaseModel, ConfigDict, Field, StrictInt, StrictStr, ValidationError

from .analyze import Link, analyze
from .classifier import ModelError, ModelHolder
from .errors import APIError
from .offsets import OffsetMap

log = logging.getLogger(__name__)
api = Blueprint("api", __name__, url_prefix="/api/v1")
health = Blueprint("health", __name__)


class LinkIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    start: StrictInt = Field(ge=0)
    end: StrictInt = Field(ge=0)
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
        raise APIError(503, "model_unavailable", str(exc)) from None


def json_body() -> dict:
    if not request.is_json:
        raise APIError(415, "unsupported_media_type", "send the request body as application/json")
    raw = request.get_data(cache=False)  # bounded by MAX_CONTENT_LENGTH: 413 before reading more
    try:
        body = json.loads(raw)
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
    classifier = classifier_or_503()
    # A repeated page (same text, unit and links, same model) is answered from the result cache.
    key = (classifier.version, body.text, unit, tuple(links))
    results = current_app.extensions["sourcemark.results"]
    result = results.get(key)
    if result is None:
        result = analyze(body.text, classifier, offset_unit=unit, links=links,
                         min_words=conf.min_words, quote_context=conf.quote_context)
        results.put(key, result)
    return jsonify({**result, "elapsed_ms": round((time.perf_counter() - started) * 1000, 1)})


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
    })


@api.get("/openapi.json")
def openapi_endpoint():
    return current_app.response_class(openapi_text(), mimetype="application/json")


def openapi_text() -> str:
    return resources.files("sourcemark").joinpath("openapi.json").read_text(encoding="utf-8")


@health.get("/healthz")
def healthz():
    return jsonify({"status": "ok"})


@health.get("/readyz")
def readyz():
    classifier = classifier_or_503()
    return jsonify({"status": "ready", "model": {"name": classifier.name, "version": classifier.version}})


def init_app(app: Flask) -> None:
    from .cache import LRUCache

    app.extensions["sourcemark.results"] = LRUCache(app.config["SOURCEMARK"].result_cache_size)
    app.register_blueprint(api)
    app.register_blueprint(health)
