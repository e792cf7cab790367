"""gunicorn settings for `sourcemark serve`; values come from the SOURCEMARK_* settings table."""
import os

from sourcemark.settings import load

_settings = load()

bind = f"{_settings.host}:{_settings.port}"
# Measured with `python -m bench` on 2 cores (60-sentence article, onnx int8, model 1.2.0, smoothed
# all-int8 graph): 1 worker with 2 inference threads answers one reader in ~80 ms p50 and carries
# ~9.5 articles/s under 16 clients (p95 1.9 s); 2 workers with 1 thread each answer in ~160 ms but
# carry ~13.3 articles/s (p95 1.4 s). One reader waiting matters most by default; a shared server
# sets SOURCEMARK_WORKERS=2.
workers = _settings.workers
# Slow or idle clients must not starve a worker. Measured with `python -m bench.hostile` (2 workers,
# 2 shared cores, 20 slow + 20 idle connections open): sync workers (the previous setting) answered
# neither /healthz within 10 s nor an analysis within 20 s; this threaded worker with a deadline on
# reading each request (sourcemark.serving.worker) answered /healthz within 53 ms and a 60-sentence analysis
# within 1.3 s. Threads carry connections; analyses still run one at a time per worker
# (sourcemark.serving.admission), since inference already uses the worker's cores.
threads = _settings.threads
worker_class = "sourcemark.serving.worker.DeadlineThreadWorker"
# Long articles can take seconds on a small CPU; a worker silent for longer than this is stuck.
timeout = _settings.timeout
graceful_timeout = 30
keepalive = 5
# No preload: torch's thread pools do not survive fork well, and each worker must own its model.
preload_app = False
# Split the cores between workers so their inference thread pools do not fight over them.
if not _settings.inference_threads:
    os.environ["SOURCEMARK_INFERENCE_THREADS"] = str(max(1, (os.cpu_count() or 1) // workers))
# The control socket's default path is shared by every gunicorn of this user: one server's
# `gunicornc` would reach another's. `sourcemark serve` needs none.
control_socket_disable = True
accesslog = "-"
# Paths are percent-decoded: the logger escapes CR, LF and terminal escapes so none forges a line.
logger_class = "sourcemark.serving.worker.EscapingLogger"
# The default access log format has no query string or body, so no url a client sends is logged.
access_log_format = '%(h)s "%(m)s %(U)s" %(s)s %(b)s %(M)sms'
errorlog = "-"
loglevel = _settings.log_level


def post_fork(server, worker):
    import sourcemark.serving.worker

    sourcemark.serving.worker.READ_TIMEOUT = float(_settings.read_timeout)
    # A worker writes its log lines from one thread of its own, so an output nobody reads (a full
    # pipe) drops lines instead of stalling every connection thread (serving/logqueue.py). The
    # master keeps writing directly: it logs little, and a thread in it would not survive the fork.
    import logging

    from sourcemark.serving.logqueue import queue_stream_handlers

    queue_stream_handlers(worker.log.error_log, worker.log.access_log)
    # The app's own lines (which model loaded in which worker, a promotion picked up, a feedback
    # write that failed) had no handler under gunicorn: INFO was lost and WARNING went to stderr
    # unformatted and blocking. They now share the worker's error log: its format, its queue.
    app_log = logging.getLogger("sourcemark")
    app_log.handlers = list(worker.log.error_log.handlers)
    app_log.propagate = False


def post_worker_init(worker):
    """Load the model as soon as the worker starts, so the first reader does not wait for it."""
    holder = worker.wsgi.extensions["sourcemark.model"]
    try:
        holder.get()
    except Exception as exc:  # readyz and analyze report it as 503
        worker.log.error("model not loaded: %s", exc)
