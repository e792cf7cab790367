"""The label store's behaviour, the same tests on SQLite and on PostgreSQL (store_url is parametrised)."""
import signal
import sqlite3
import subprocess
import sys
import textwrap
import threading
import time

import pytest
from sqlalchemy import create_engine, text

from sourcemark.storage.engine import database_url
from sourcemark.storage.labels import LabelStore, StoreError
from sourcemark.storage.migrate import head


@pytest.fixture()
def store(store_url):
    store = LabelStore(store_url)
    yield store
    store.close()


def revision(store):
    with store.engine.connect() as db:
        return db.execute(text("SELECT version_num FROM alembic_version")).scalars().all()


def test_opening_migrates_to_head_once(store, store_url):
    assert revision(store) == [head()]
    LabelStore(store_url).close()  # reopening migrates nothing and keeps one revision row
    assert revision(store) == [head()]


def test_sqlite_store_is_wal(tmp_path):
    store = LabelStore(tmp_path / "labels.sqlite3")
    store.add("Prices rose.", "unsourced")
    assert sqlite3.connect(store.path).execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_newer_schema_is_refused(store, store_url):
    with store.engine.begin() as db:
        db.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    with pytest.raises(StoreError, match="newer"):
        LabelStore(store_url)


def test_duplicates_are_counted_not_stored_twice(store):
    a = store.add("The bridge will reopen, officials said.", "sourced", predicted="unsourced")
    b = store.add("The bridge  will reopen, officials said. ", "sourced", predicted="unsourced")
    c = store.add("The bridge will reopen, officials said.", "opinion")
    assert a.count == 1 and not a.duplicate
    assert b.id == a.id and b.count == 2 and b.duplicate
    assert c.id != a.id
    assert store.get(a.id)["count"] == 2 and len(store.list()) == 2
    assert store.get(a.id)["predicted"] == "unsourced" and store.get(a.id)["text"].endswith("said.")


def test_review_statuses_and_edit(store):
    saved = store.add("Prices rose.", "unsourced")
    other = store.add("Prices rose.", "opinion")
    assert store.list("pending")[0]["status"] == "pending"
    assert store.set_status(saved.id, "accepted")["status"] == "accepted"
    assert [r["id"] for r in store.list("accepted")] == [saved.id]
    with pytest.raises(StoreError, match="already stored"):
        store.edit(saved.id, "opinion")
    assert store.get(saved.id)["label"] == "unsourced"  # the refused edit changed nothing
    store.set_status(other.id, "rejected")
    assert store.edit(other.id, "sourced")["label"] == "sourced"
    with pytest.raises(StoreError, match="no label with id 999"):
        store.set_status(999, "accepted")
    with pytest.raises(StoreError, match="status"):
        store.set_status(saved.id, "maybe")
    assert store.counts() == {"pending": 0, "accepted": 1, "rejected": 1}


def test_ids_beyond_the_column_are_unknown_not_errors(store):
    for label_id in (0, -1, 2**63, 2**80):
        with pytest.raises(StoreError, match="no label with id"):
            store.get(label_id)
        with pytest.raises(StoreError, match="no label with id"):
            store.set_status(label_id, "accepted")


def test_list_pages_in_id_order(store):
    ids = [store.add(f"Sentence number {i} is here.", "sourced").id for i in range(5)]
    assert [r["id"] for r in store.list(limit=2, offset=1)] == ids[1:3]
    assert [r["id"] for r in store.list(limit=10**9)] == ids


def test_concurrent_duplicates_are_all_counted(store):
    # Two replicas posting the same correction at once: one row, every post counted, none failed.
    errors = []

    def post():
        try:
            for _ in range(10):
                store.add("Everyone agrees the plan failed.", "opinion")
        except Exception as exc:  # noqa: BLE001 - any failure is the test's finding
            errors.append(exc)

    threads = [threading.Thread(target=post) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    rows = store.list()
    assert len(rows) == 1 and rows[0]["count"] == 40


# The schema and rows exactly as the release before Alembic (store.py, schema_version 1) wrote them.
LEGACY_SCHEMA = """
    CREATE TABLE labels (
        id INTEGER PRIMARY KEY,
        text TEXT NOT NULL,
        text_hash CHAR(64) NOT NULL,
        label VARCHAR(32) NOT NULL,
        predicted VARCHAR(32),
        model_version VARCHAR(100),
        context TEXT,
        url TEXT,
        source VARCHAR(16) NOT NULL,
        status VARCHAR(16) NOT NULL,
        count INTEGER NOT NULL DEFAULT 1,
        created_at VARCHAR(32) NOT NULL,
        updated_at VARCHAR(32) NOT NULL,
        UNIQUE (text_hash, label)
    );
    CREATE INDEX labels_status ON labels (status, id);
    CREATE TABLE schema_version (version INTEGER NOT NULL);
"""


def write_legacy_store(target, version=1):
    import hashlib

    engine = create_engine(database_url(target))
    with engine.begin() as db:
        for statement in filter(str.strip, LEGACY_SCHEMA.split(";")):
            db.execute(text(statement))
        db.execute(text("INSERT INTO schema_version (version) VALUES (:v)"), {"v": version})
        for i, (sentence, label, status, count) in enumerate([
                ("The bridge will reopen, officials said.", "sourced", "accepted", 3),
                ("Prices rose.", "unsourced", "pending", 1),
                ("This plan is a disgrace.", "opinion", "rejected", 2)], start=1):
            digest = hashlib.sha256(" ".join(sentence.split()).encode()).hexdigest()
            db.execute(text(
                "INSERT INTO labels (id, text, text_hash, label, predicted, model_version, context, url, source,"
                " status, count, created_at, updated_at) VALUES (:id, :text, :hash, :label, 'none', 'm1', NULL,"
                " 'https://example.org/a', 'feedback', :status, :count, '2026-01-01T00:00:00+00:00',"
                " '2026-01-02T00:00:00+00:00')"),
                {"id": i * 10, "text": sentence, "hash": digest, "label": label, "status": status, "count": count})
    engine.dispose()


# The release before Alembic only ever wrote SQLite, so these two tests have no PostgreSQL variant.
def test_a_store_written_by_the_previous_release_is_migrated_in_place(tmp_path):
    store_url = tmp_path / "labels.sqlite3"
    write_legacy_store(store_url)
    store = LabelStore(store_url)
    try:
        assert revision(store) == [head()]
        with store.engine.connect() as db:
            assert not db.dialect.has_table(db, "schema_version")
        rows = store.list(limit=10)
        assert [(r["id"], r["label"], r["status"], r["count"]) for r in rows] == [
            (10, "sourced", "accepted", 3), (20, "unsourced", "pending", 1), (30, "opinion", "rejected", 2)]
        assert rows[0]["url"] == "https://example.org/a" and rows[0]["created_at"] == "2026-01-01T00:00:00+00:00"
        again = store.add("The bridge  will reopen, officials said.", "sourced")
        assert (again.id, again.count, again.duplicate) == (10, 4, True)
        assert store.add("A new sentence arrives.", "sourced").id > 30
        assert store.counts() == {"pending": 2, "accepted": 1, "rejected": 1}
    finally:
        store.close()


def test_a_legacy_store_from_a_newer_release_is_refused_untouched(tmp_path):
    store_url = tmp_path / "labels.sqlite3"
    write_legacy_store(store_url, version=2)
    with pytest.raises(StoreError, match="newer"):
        LabelStore(store_url)
    engine = create_engine(database_url(store_url))
    with engine.connect() as db:
        assert db.execute(text("SELECT COUNT(*) FROM labels")).scalar() == 3
        assert db.execute(text("SELECT version FROM schema_version")).scalar() == 2
    engine.dispose()


@pytest.mark.slow
def test_a_killed_writer_loses_no_acknowledged_label(store_url):
    LabelStore(store_url).close()  # migrated before the writer starts
    writer = textwrap.dedent(f"""
        from sourcemark.storage.labels import LabelStore
        store = LabelStore({store_url!r})
        i = 0
        while True:
            saved = store.add(f"Sentence number {{i}} is here.", "sourced")
            print(saved.id, flush=True)
            i += 1
    """)
    proc = subprocess.Popen([sys.executable, "-c", writer], stdout=subprocess.PIPE, text=True)
    acknowledged = []
    deadline = time.monotonic() + 60
    while len(acknowledged) < 200 and time.monotonic() < deadline:
        acknowledged.append(int(proc.stdout.readline()))
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    assert len(acknowledged) == 200
    store = LabelStore(store_url)
    stored = {row["id"] for row in store.list(limit=10**6)}
    assert set(acknowledged) <= stored
    assert store.counts()["pending"] == len(stored)
    if store.path:
        assert sqlite3.connect(store.path).execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    store.close()


def test_sqlite_reads_take_no_write_lock(tmp_path):
    # A writer holding the lock (an open write transaction) must not block a reader.
    store = LabelStore(tmp_path / "labels.sqlite3")
    saved = store.add("Prices rose.", "unsourced")
    writer = sqlite3.connect(store.path, isolation_level=None, timeout=0)
    writer.execute("BEGIN IMMEDIATE")
    try:
        started = time.monotonic()
        assert store.get(saved.id)["label"] == "unsourced" and store.counts()["pending"] == 1
        assert time.monotonic() - started < 1
    finally:
        writer.execute("ROLLBACK")
