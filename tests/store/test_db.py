"""Opening the database: migrations, WAL, private file, errors a seller can read."""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

import pytest
from store_helpers import make_lead

from indiamart_desktop.store.db import DB_FILENAME, Database, NewerSchemaError, StoreError
from indiamart_desktop.store.leads import LeadWriter
from indiamart_desktop.store.schema import SCHEMA_VERSION


def test_migrations_set_user_version_and_create_tables(tmp_data_dir: Path) -> None:
    db = Database.in_folder(tmp_data_dir)
    try:
        assert SCHEMA_VERSION >= 1
        assert db.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        names = {r[0] for r in db.conn.execute("SELECT name FROM sqlite_master")}
        assert {"leads", "leads_fts", "sync_state", "call_log", "settings"} <= names
    finally:
        db.close()
    # Opening again does not migrate twice (would fail on CREATE TABLE) and keeps the data.
    db = Database.in_folder(tmp_data_dir)
    try:
        LeadWriter(db).upsert("main", [make_lead(1)])
    finally:
        db.close()
    db = Database.in_folder(tmp_data_dir)
    try:
        assert db.conn.execute("SELECT COUNT(*) FROM leads").fetchone()[0] == 1
        assert db.integrity_ok()
    finally:
        db.close()


def test_wal_journal(tmp_data_dir: Path) -> None:
    db = Database.in_folder(tmp_data_dir)
    try:
        assert db.conn.execute("PRAGMA journal_mode").fetchone()[0].lower() == "wal"
    finally:
        db.close()
    raw = sqlite3.connect(tmp_data_dir / DB_FILENAME)
    try:  # WAL is persistent in the file itself
        assert raw.execute("PRAGMA journal_mode").fetchone()[0].lower() == "wal"
    finally:
        raw.close()


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_file_is_private(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        folder = tmp_path / "fresh" / "data"
        db = Database.in_folder(folder)
        try:
            LeadWriter(db).upsert("main", [make_lead(1)])
            for name in (DB_FILENAME, DB_FILENAME + "-wal", DB_FILENAME + "-shm"):
                path = folder / name
                if path.exists():
                    assert stat.S_IMODE(path.stat().st_mode) == 0o600, name
            assert (folder / DB_FILENAME).exists()
            assert stat.S_IMODE(folder.stat().st_mode) & 0o077 == 0
        finally:
            db.close()
    finally:
        os.umask(old)


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_existing_world_readable_file_is_made_private(tmp_data_dir: Path) -> None:
    path = tmp_data_dir / DB_FILENAME
    sqlite3.connect(path).close()
    os.chmod(path, 0o644)
    Database(path).close()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_newer_schema_is_refused(tmp_data_dir: Path) -> None:
    path = tmp_data_dir / DB_FILENAME
    raw = sqlite3.connect(path)
    raw.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    raw.close()
    with pytest.raises(NewerSchemaError, match="newer version"):
        Database(path)


def test_damaged_file_is_a_store_error(tmp_data_dir: Path) -> None:
    path = tmp_data_dir / DB_FILENAME
    path.write_bytes(b"this is not a database at all" * 100)
    with pytest.raises(StoreError, match="damaged"):
        Database(path)


def test_transaction_rolls_back_on_error(tmp_data_dir: Path) -> None:
    db = Database.in_folder(tmp_data_dir)
    try:
        with pytest.raises(RuntimeError), db.transaction() as conn:
            conn.execute("INSERT INTO settings (name, value) VALUES ('a', 'b')")
            raise RuntimeError("boom")
        assert db.conn.execute("SELECT COUNT(*) FROM settings").fetchone()[0] == 0
        assert not db.conn.in_transaction
    finally:
        db.close()


def test_concurrent_first_open(tmp_path: Path) -> None:
    """The desktop and a scheduled `sync` may create the file at the same moment."""
    import threading

    for attempt in range(10):
        folder = tmp_path / f"d{attempt}"
        barrier = threading.Barrier(4, timeout=30)
        errors: list[BaseException] = []

        def open_it(target: Path = folder, gate: threading.Barrier = barrier,
                    bad: list[BaseException] = errors) -> None:
            gate.wait()
            try:
                Database.in_folder(target).close()
            except BaseException as error:
                bad.append(error)

        threads = [threading.Thread(target=open_it) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
        assert not errors, errors
        db = Database.in_folder(folder)
        try:
            assert db.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        finally:
            db.close()


def test_sqlite_errors_inside_a_transaction_become_plain_store_errors(tmp_path: Path) -> None:
    db = Database.in_folder(tmp_path)
    pages = db.conn.execute("PRAGMA page_count").fetchone()[0]
    db.conn.execute(f"PRAGMA max_page_count = {pages}")
    with pytest.raises(StoreError, match="full"), db.transaction() as conn:
        conn.execute("CREATE TABLE filler (x BLOB)")
        conn.execute("INSERT INTO filler VALUES (zeroblob(1000000))")
    assert not db.conn.in_transaction
    db.close()
