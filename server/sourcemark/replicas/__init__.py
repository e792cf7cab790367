"""What replicas behind a load balancer share: the Redis analysis cache, the model-change broadcast,
and client addresses from a trusted proxy. Without SOURCEMARK_REDIS_URL each worker keeps its own.
"""
from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    conf = app.config["SOURCEMARK"]
    if conf.trusted_proxies:
        from werkzeug.middleware.proxy_fix import ProxyFix

        # Only as many X-Forwarded-For hops as there are proxies we run: a client cannot forge the rest.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=conf.trusted_proxies, x_proto=conf.trusted_proxies)
    if not conf.redis_url:
        return
    from .broadcast import ModelBroadcast
    from .cache import SharedResultCache
    from .redis_client import client

    redis = client(conf.redis_url)
    app.extensions["sourcemark.results"] = SharedResultCache(
        app.extensions["sourcemark.results"], redis, ttl=conf.redis_cache_ttl, max_bytes=conf.redis_cache_max_bytes)
    broadcast = ModelBroadcast(app.extensions["sourcemark.model"], redis, conf.model)
    app.extensions["sourcemark.broadcast"] = broadcast
    broadcast.start()


def announce_model_change(app: Flask) -> None:
    """Tell every replica (and this replica's other workers) to load the model CURRENT names now."""
    broadcast = app.extensions.get("sourcemark.broadcast")
    if broadcast is not None:
        broadcast.publish()
