"""A log handler that never blocks the thread logging: records go to a writer thread, or are dropped and counted.

gunicorn writes its access and error logs to stdout and stderr. When nobody reads them (a test that
keeps the server's output in a pipe it reads only at the end, a paused `| less`, a stuck log
collector), the pipe fills after 64 KiB and each write blocks, inside the logging lock, in the
thread that has just answered a request: measured with `python -m bench.flood --pipe`, after
~1,900 requests every connection thread of both workers was stuck and fresh connections went
unanswered for 10 s and more. Here a thread only puts the record on a bounded queue; one writer
thread per process does the blocking write. When the queue is full the record is dropped, and the
writer says how many it dropped once the output moves again: a stalled log costs log lines, never
answers.
"""
from __future__ import annotations

import atexit
import logging
import queue
import threading

CAPACITY = 10_000
# At exit, how long the writer may take to write what is queued (a blocked output is given up on).
EXIT_FLUSH_SECONDS = 2.0
_STOP = object()


class QueuedHandler(logging.Handler):
    """Hands each record to `target` (e.g. a StreamHandler) on a writer thread; full queue: drop and count.

    Made in the process that logs (a gunicorn worker, after the fork): its thread does not survive a fork.
    """

    def __init__(self, target: logging.Handler, capacity: int = CAPACITY):
        super().__init__(target.level)
        self.target = target
        self.dropped = 0
        self._count_lock = threading.Lock()
        self._queue: queue.Queue = queue.Queue(capacity)
        self._writer = threading.Thread(target=self._write_loop, daemon=True, name="sourcemark-log-writer")
        self._writer.start()
        atexit.register(self.flush_at_exit)

    def handle(self, record: logging.LogRecord) -> bool:
        # No handler lock here: the whole point is that a logging thread never waits.
        if not self.filter(record):
            return False
        self.emit(record)
        return True

    def emit(self, record: logging.LogRecord) -> None:
        try:
            self._queue.put_nowait(record)
        except queue.Full:
            with self._count_lock:
                self.dropped += 1

    def _write_loop(self) -> None:
        while True:
            record = self._queue.get()
            if record is _STOP:
                return
            with self._count_lock:
                dropped, self.dropped = self.dropped, 0
            if dropped:
                self.target.handle(logging.makeLogRecord({
                    "name": record.name, "levelno": logging.WARNING, "levelname": "WARNING",
                    "msg": "%d log lines dropped: the log output was not being read", "args": (dropped,)}))
            self.target.handle(record)

    def flush_at_exit(self) -> None:
        """Write what is queued before the process ends, waiting at most EXIT_FLUSH_SECONDS."""
        try:
            self._queue.put(_STOP, timeout=EXIT_FLUSH_SECONDS)
        except queue.Full:
            return
        self._writer.join(EXIT_FLUSH_SECONDS)

    def close(self) -> None:
        self.target.close()
        super().close()


def queue_stream_handlers(*loggers: logging.Logger) -> None:
    """Put a QueuedHandler in front of each plain StreamHandler of these loggers (files never block on a reader)."""
    for log in loggers:
        for i, handler in enumerate(log.handlers):
            if type(handler) is logging.StreamHandler:
                queued = QueuedHandler(handler)
                # gunicorn's setup() finds and replaces its own handlers by this mark on a reload.
                queued._gunicorn = getattr(handler, "_gunicorn", False)
                log.handlers[i] = queued
