"""QueuedHandler: a blocked log output drops and counts lines instead of blocking the thread that logs."""
import logging
import threading
import time

from sourcemark.serving.logqueue import QueuedHandler, queue_stream_handlers


class BlockedOutput(logging.Handler):
    """An output that blocks every write until released, like a pipe nobody reads."""

    def __init__(self):
        super().__init__()
        self.released, self.entered = threading.Event(), threading.Event()
        self.lines: list[str] = []

    def emit(self, record):
        self.entered.set()
        self.released.wait(10)
        self.lines.append(record.getMessage())


def wait_for(predicate, seconds=5):
    deadline = time.monotonic() + seconds
    while not predicate():
        assert time.monotonic() < deadline
        time.sleep(0.01)


def test_logging_never_waits_for_a_blocked_output_and_reports_what_it_dropped():
    output = BlockedOutput()
    handler = QueuedHandler(output, capacity=3)
    log = logging.Logger("queued-test")
    log.addHandler(handler)
    log.warning("line 0")
    assert output.entered.wait(5)  # the writer thread is now stuck in that write
    started = time.monotonic()
    for i in range(1, 20):
        log.warning("line %d", i)
    assert time.monotonic() - started < 1.0  # the callers are not
    assert handler.dropped == 16  # three wait in the queue, the other sixteen were dropped
    output.released.set()
    wait_for(lambda: len(output.lines) == 5)
    assert output.lines == ["line 0", "16 log lines dropped: the log output was not being read",
                            "line 1", "line 2", "line 3"]
    log.warning("after")
    wait_for(lambda: output.lines[-1] == "after")
    assert handler.dropped == 0


def test_queued_lines_are_written_at_exit():
    output = BlockedOutput()
    output.released.set()
    handler = QueuedHandler(output)
    for i in range(100):
        handler.handle(logging.makeLogRecord({"msg": f"line {i}"}))
    handler.flush_at_exit()
    assert output.lines == [f"line {i}" for i in range(100)]


def test_only_stream_outputs_are_queued_and_gunicorns_mark_is_kept():
    log = logging.Logger("mixed")
    stream = logging.StreamHandler()
    stream._gunicorn = True
    null = logging.NullHandler()
    log.addHandler(stream)
    log.addHandler(null)
    queue_stream_handlers(log)
    queued, kept = log.handlers
    assert isinstance(queued, QueuedHandler) and queued.target is stream and queued._gunicorn
    assert kept is null
