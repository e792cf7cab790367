"""Admission control: one analysis at a time, a bounded queue, at-once refusals, clients that left skipped."""
import threading
import time

import pytest

from sourcemark.serving.admission import Admission, Busy, ClientGone


def hold(gate, started, release):
    with gate.enter():
        started.set()
        release.wait(10)


def occupied(queue=1, max_wait=5.0):
    gate = Admission(queue=queue, max_wait=max_wait, poll=0.02)
    started, release = threading.Event(), threading.Event()
    runner = threading.Thread(target=hold, args=(gate, started, release))
    runner.start()
    assert started.wait(5)
    return gate, release, runner


def test_full_queue_is_refused_at_once_with_a_retry_after():
    gate, release, runner = occupied(queue=1)
    waiter = threading.Thread(target=lambda: gate.enter().__enter__())
    waiter.start()
    deadline = time.monotonic() + 5
    while gate.waiting < 1 and time.monotonic() < deadline:
        time.sleep(0.01)
    started = time.monotonic()
    with pytest.raises(Busy) as refused:
        with gate.enter():
            pass
    assert time.monotonic() - started < 0.1 and refused.value.retry_after >= 1
    release.set()
    runner.join()
    waiter.join()
    assert gate.stats()["rejected"] == 1


def test_a_wait_past_max_wait_is_refused():
    gate, release, runner = occupied(queue=5, max_wait=0.2)
    started = time.monotonic()
    with pytest.raises(Busy, match="no turn within 0.2 s"):
        with gate.enter():
            pass
    assert 0.15 < time.monotonic() - started < 2
    release.set()
    runner.join()
    assert gate.stats()["timed_out"] == 1


def test_work_for_a_client_that_left_is_never_started():
    gate, release, runner = occupied(queue=5)
    ran = []
    gone = threading.Event()
    threading.Timer(0.1, gone.set).start()
    with pytest.raises(ClientGone):
        with gate.enter(gone.is_set):
            ran.append(1)
    release.set()
    runner.join()
    assert not ran and gate.stats()["abandoned"] == 1 and gate.stats()["waiting"] == 0


def test_turns_are_one_at_a_time():
    gate = Admission(queue=10, max_wait=10)
    active, peak, lock = [0], [0], threading.Lock()

    def work():
        with gate.enter():
            with lock:
                active[0] += 1
                peak[0] = max(peak[0], active[0])
            time.sleep(0.02)
            with lock:
                active[0] -= 1

    threads = [threading.Thread(target=work) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert peak[0] == 1 and gate.stats()["admitted"] == 6


def test_busy_worker_answers_503_with_retry_after(app):
    gate = app.extensions["sourcemark.admission"]
    gate.queue, gate.max_wait = 0, 0.2
    started, release = threading.Event(), threading.Event()
    runner = threading.Thread(target=hold, args=(gate, started, release))
    runner.start()
    assert started.wait(5)
    try:
        r = app.test_client().post("/api/v1/analyze", json={"text": "A sentence long enough to label."})
    finally:
        release.set()
        runner.join()
    assert r.status_code == 503 and r.get_json()["error"]["code"] == "busy"
    assert int(r.headers["Retry-After"]) >= 1
