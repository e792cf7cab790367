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
# Inference is CPU-bound: extra threads per worker only queue behind the same cores.
threads = _settings.threads
worker_class = "gthread" if threads > 1 else "sync"
# Long articles can take seconds on a small CPU; a worker silent for longer than this is stuck.
timeout = _settings.timeout
graceful_timeout = 30
keepalive = 5
# No preload: torch's thread pools do not survive fork well, and each worker must own its model.
preload_app = False
# Split the cores between workers so their inference thread pools do not fight over them.
if not _settings.inference_threads:
    os.environ["SOURCEMARK_INFERENCE_THREADS"] = str(max(1, (os.cpu_count() or 1) // workers))
accesslog = "-"
# The default access log format has no query string or body, so no url a client sends is logged.
access_log_format = '%(h)s "%(m)s %(U)s" %(s)s %(b)s %(M)sms'
errorlog = "-"
loglevel = _settings.log_level


def post_worker_init(worker):
    """Load the model as soon as the worker starts, so the first reader does not wait for it."""
    holder = worker.wsgi.extensions["sourcemark.model"]
    try:
        holder.get()
    except Exception as exc:  # readyz and analyze report it as 503
        worker.log.error("model not loaded: %s", exc)
