"""GET /metrics: this worker's caches, admission queue and model, in the Prometheus text format.

Each gunicorn worker keeps its own caches and queue, so each scrape shows the worker that
answered it, labelled with its pid; Prometheus sums or averages across scrapes.
"""
from __future__ import annotations

import os

from flask import Flask, current_app
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily


class WorkerCollector:
    """Reads the app's live counters at scrape time (nothing is counted twice or kept elsewhere)."""

    def __init__(self, app: Flask):
        self.app = app

    def collect(self):
        ext = self.app.extensions
        pid = str(os.getpid())
        caches = {"results": ext["sourcemark.results"].stats()}
        holder = ext["sourcemark.model"]
        classifier = holder.loaded
        if classifier is not None:
            caches["scores"] = classifier.cache.stats()
        yield from _cache_metrics(caches, pid)
        yield from _admission_metrics(ext["sourcemark.admission"].stats(), pid)
        info = GaugeMetricFamily("sourcemark_model_info", "The model this worker serves (value 1).",
                                 labels=["worker", "name", "version"])
        if classifier is not None:
            info.add_metric([pid, classifier.name, classifier.version], 1)
        yield info


def _cache_metrics(caches: dict, pid: str):
    specs = [("hits", CounterMetricFamily, "Lookups answered from the cache."),
             ("misses", CounterMetricFamily, "Lookups the cache could not answer."),
             ("evictions", CounterMetricFamily, "Entries dropped to stay within the byte bound."),
             ("entries", GaugeMetricFamily, "Entries held now."),
             ("bytes", GaugeMetricFamily, "Bytes held now (as the cache counts them)."),
             ("max_bytes", GaugeMetricFamily, "The byte bound (SOURCEMARK_*_CACHE_MB)."),
             ("hit_rate", GaugeMetricFamily, "Hits over lookups since the worker started.")]
    for key, family, doc in specs:
        metric = family(f"sourcemark_cache_{key}", doc, labels=["worker", "cache"])
        for name, stats in caches.items():
            metric.add_metric([pid, name], stats[key])
        yield metric


def _admission_metrics(stats: dict, pid: str):
    for key, doc in (("waiting", "Analyses waiting for their turn."), ("running", "Analyses running.")):
        gauge = GaugeMetricFamily(f"sourcemark_analysis_{key}", doc, labels=["worker"])
        gauge.add_metric([pid], stats[key])
        yield gauge
    for key, doc in (("admitted", "Analyses that got their turn."),
                     ("rejected", "Analyses refused at once (503): the queue was full."),
                     ("timed_out", "Analyses refused (503) after waiting SOURCEMARK_ANALYSIS_MAX_WAIT."),
                     ("abandoned", "Queued analyses dropped unstarted because the client left.")):
        counter = CounterMetricFamily(f"sourcemark_analysis_{key}", doc, labels=["worker"])
        counter.add_metric([pid], stats[key])
        yield counter


def init_app(app: Flask) -> None:
    registry = CollectorRegistry(auto_describe=False)
    registry.register(WorkerCollector(app))

    @app.get("/metrics")
    def metrics_endpoint():
        return current_app.response_class(generate_latest(registry), content_type=CONTENT_TYPE_LATEST)

