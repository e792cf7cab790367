"""Checks and headers every route shares: the Host header, nosniff, and no caching of admin answers."""
from __future__ import annotations

import ipaddress
import re

from flask import Flask, request

from ..errors import APIError

LOOPBACK_NAMES = ("localhost", "127.0.0.1", "[::1]")


def host_patterns(allowed: tuple[str, ...], bind_host: str) -> list[re.Pattern] | None:
    """Patterns for acceptable Host names; None accepts any (a public server behind its own name)."""
    if not allowed:
        if not _is_loopback(bind_host):
            return None
        allowed = LOOPBACK_NAMES
    return [re.compile("^" + ".*".join(re.escape(p.lower()) for p in name.split("*")) + "$") for name in allowed]


def _is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _host_name(header: str) -> str:
    """The Host header without its port: 'example.org:8000' -> 'example.org', '[::1]:80' -> '[::1]'."""
    header = header.strip().lower()
    if header.startswith("["):
        return header[:header.find("]") + 1] if "]" in header else header
    return header.rsplit(":", 1)[0] if header.count(":") == 1 else header


def init_app(app: Flask) -> None:
    conf = app.config["SOURCEMARK"]
    patterns = host_patterns(conf.allowed_hosts, conf.host)

    if patterns is not None:
        @app.before_request
        def check_host():
            # A web page can make a browser send requests to 127.0.0.1 under its own name (DNS
            # rebinding); a local server answers only to the names it is really reached by.
            name = _host_name(request.headers.get("Host", ""))
            if not any(p.match(name) for p in patterns):
                raise APIError(400, "bad_host", "the Host header is not one this server answers to "
                               "(SOURCEMARK_ALLOWED_HOSTS)")

    @app.after_request
    def security_headers(response):
        response.headers["X-Content-Type-Options"] = "nosniff"
        if request.path.startswith("/api/v1/admin"):
            response.headers["Cache-Control"] = "no-store"
        return response
