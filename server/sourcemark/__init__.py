"""SourceMark: sentence-level sourced / unsourced / opinion labels for news text."""
from __future__ import annotations

import logging
import re
from typing import Any, Mapping

__version__ = "0.1.0"


def create_app(config: Mapping[str, Any] | None = None):
    """Build the Flask app: settings (defaults < SOURCEMARK_* env < config), errors, CORS, routes.

    The model is not loaded here; each worker loads it on first use (or from gunicorn's hook).
    """
    from flask import Flask
    from flask_cors import CORS

    from . import errors, replicas
    from .runtime.classifier import ModelHolder
    from .serving import api, feedback, guards, metrics
    from .settings import load

    settings = load(config)
    app = Flask(__name__)
    app.config["SOURCEMARK"] = settings
    app.config["MAX_CONTENT_LENGTH"] = settings.max_body_bytes
    app.json.sort_keys = False
    logging.getLogger("sourcemark").setLevel(settings.log_level.upper())
    CORS(app, origins=[_origin_pattern(o) for o in settings.cors_origins],
         supports_credentials=False, methods=["GET", "POST", "OPTIONS"],
         allow_headers=["Content-Type", "Authorization"], max_age=600)
    app.extensions["sourcemark.model"] = ModelHolder(settings)
    errors.init_app(app)
    guards.init_app(app)
    api.init_app(app)
    feedback.init_app(app)
    metrics.init_app(app)
    replicas.init_app(app)
    return app


def _origin_pattern(origin: str) -> re.Pattern:
    """'chrome-extension://*' -> a regex matching the whole origin, * standing for any run."""
    return re.compile("^" + ".*".join(re.escape(part) for part in origin.split("*")) + "$")
