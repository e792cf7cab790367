import signal
import sqlite3
import subprocess
import sys
import textwrap
import time

import pytest

from sourcemark.storage.labels import SCHEMA_VERSION, LabelStore, StoreError


@pytest.fixture()
def store(tmp_path):
    return LabelStore(tmp_path / "labels.sqlite3")


def test_schema_version_and_wal(store):
    db = sqlite3.connect(store.path)
    assert db.execute("SELECT version FROM schema_version").fetchall() == [(SCHEMA_VERSION,)]
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    LabelStore(store.path)  # reopening migrates nothing and keeps one version row
    assert db.execute("SELECT COUNT(*) FROM schema_version").fetchone()[0] == 1


def test_newer_schema_is_refused(store):
    db = sqlite3.connect(store.path)
    db.execute("UPDATE schema_version SET version = 99")
    db.commit()
    with pytest.raises(StoreError, match="newer"):
        LabelStore(store.path)


def test_duplicates_are_counted_not_stored_twice(store):
    a = store.add("The bridge will reopen, officials said.", "sourced", predicted="unsourced")
    b = store.add("The bridge  will reopen, officials said. ", "sourced", predicted="unsourced")
    c = store.add("The bridge will reopen, officials said.", "opinion")
    assert a.count == 1 and not a.duplicate
    assert b.id == a.id and b.count == 2 and b.duplicate
    assert c.id != a.id
    assert store.get(a.id)["count"] == 2 and len(store.list()) == 2


def test_review_statuses_and_edit(store):
    saved = store.add("Prices rose.", "unsourced")
    other = store.add("Prices rose.", "opinion")
    assert store.list("pending")[0]["status"] == "pending"
    assert store.set_status(saved.id, "accepted")["status"] == "accepted"
    assert [r["id"] for r in store.list("accepted")] == [saved.id]
    with pytest.raises(StoreError, match="already stored"):
        store.edit(saved.id, "opinion")
    store.set_status(other.id, "rejected")
    assert store.edit(other.id, "sourced")["label"] == "sourced"
    with pytest.raises(StoreError, match="no label with id 999"):
        store.set_status(999, "accepted")
    with pytest.raises(StoreError, match="status"):
        store.set_status(saved.id, "maybe")
    assert store.counts() == {"pending": 0, "accepted": 1, "rejected": 1}


@pytest.mark.slow
def test_a_killed_writer_loses_no_acknowledged_label(tmp_path):
    path = tmp_path / "labels.sqlite3"
    writer = textwrap.dedent(f"""
        import sys
        from sourcemark.storage.labels import LabelStore
        store = LabelStore({str(path)!r})
        i = 0
        while True:
            saved = store.add(f"Sentence number {{i}} is here.", "sourced")
            print(saved.id, flush=True)
            i += 1
    """)
    proc = subprocess.Popen([sys.executable, "-c", writer], stdout=subprocess.PIPE, text=True)
    acknowledged = []
    deadline = time.monotonic() + 30
    while len(acknowledged) < 200 and time.monotonic() < deadline:
        acknowledged.append(int(proc.stdout.readline()))
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    assert len(acknowledged) == 200
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    stored = {row[0] for row in db.execute("SELECT id FROM labels")}
    assert set(acknowledged) <= stored
    assert LabelStore(path).counts()["pending"] == len(stored)
