"""Opening the database: migrations, WAL, private file, errors a seller can read."""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
import subprocess
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


def _side_files(path: Path) -> list[Path]:
    return [path.with_name(path.name + suffix) for suffix in ("-wal", "-shm")]


def _stored_database(folder: Path) -> Path:
    db = Database.in_folder(folder)
    try:
        LeadWriter(db).upsert("main", [make_lead(1)])
    finally:
        db.close()
    path = folder / DB_FILENAME
    assert not any(side.exists() for side in _side_files(path))
    return path


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
@pytest.mark.parametrize("mode", [0o444, 0o400, 0o200], ids=["0444", "0400", "0200"])
def test_read_only_database_is_refused_and_left_as_it_was(tmp_data_dir: Path, mode: int) -> None:
    """The user made the file read-only: say so, and neither write to it nor chmod it.

    Tests run as root, which writes through any mode: the file's mode and bytes after the
    refusal are what show that nothing was loosened or written.
    """
    path = _stored_database(tmp_data_dir)
    before = path.read_bytes()
    path.chmod(mode)
    try:
        with pytest.raises(StoreError) as caught:
            Database(path)
        message = str(caught.value)
        assert f"{path} is read-only (mode {mode:04o})" in message
        assert f'chmod 600 "{path}"' in message and "--data-dir" in message
        assert stat.S_IMODE(path.stat().st_mode) == mode
        assert path.read_bytes() == before
        assert not any(side.exists() for side in _side_files(path))
    finally:
        path.chmod(0o600)
    Database(path).close()  # made writable again, it opens as usual


def _can_mount() -> bool:
    if os.name != "posix" or os.geteuid() != 0 or shutil.which("mount") is None:
        return False
    probe = Path("/tmp") / f"indiamart-db-mount-probe-{os.getpid()}"
    probe.mkdir(exist_ok=True)
    try:
        done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(probe)],
                              capture_output=True, check=False)
        if done.returncode == 0:
            subprocess.run(["umount", str(probe)], check=True)
        return done.returncode == 0
    finally:
        probe.rmdir()


@pytest.mark.skipif(not _can_mount(), reason="needs root and mount (tmpfs)")
def test_a_read_only_disk_is_named_as_such(tmp_path: Path) -> None:
    """Not "chmod 600" advice for a file on a disk mounted read-only."""
    disk = tmp_path / "disk"
    disk.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m,mode=0700", "tmpfs", str(disk)],
                   check=True)
    try:
        path = _stored_database(disk)
        subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
        with pytest.raises(StoreError) as caught:
            Database(path)
        assert str(caught.value) == f"The data folder {disk} cannot be written to (read-only disk)."
    finally:
        subprocess.run(["umount", "-l", str(disk)], check=False)


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
@pytest.mark.parametrize("suffix", ["-wal", "-shm"])
def test_read_only_side_file_is_refused(tmp_data_dir: Path, suffix: str) -> None:
    path = _stored_database(tmp_data_dir)
    holder = sqlite3.connect(path)  # another program with the file open keeps its side files
    try:
        holder.execute("INSERT INTO settings (name, value) VALUES ('k', 'v')")
        side = path.with_name(path.name + suffix)
        side.chmod(0o444)
        with pytest.raises(StoreError, match=f"{side} is read-only"):
            Database(path)
        assert stat.S_IMODE(side.stat().st_mode) == 0o444
    finally:
        holder.close()


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
@pytest.mark.parametrize(("mode", "after"), [
    (0o644, 0o600), (0o664, 0o600), (0o640, 0o600), (0o600, 0o600), (0o700, 0o700),
])
def test_opening_only_ever_takes_permissions_away(
        tmp_data_dir: Path, mode: int, after: int) -> None:
    path = _stored_database(tmp_data_dir)
    path.chmod(mode)
    Database(path).close()
    assert stat.S_IMODE(path.stat().st_mode) == after


def _newer_file(path: Path, *, wal: bool) -> None:
    raw = sqlite3.connect(path)
    if wal:
        raw.execute("PRAGMA journal_mode = WAL")
    raw.execute("CREATE TABLE from_the_future (x)")
    raw.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    raw.close()
    path.chmod(0o644)


def test_newer_schema_is_refused(tmp_data_dir: Path) -> None:
    path = tmp_data_dir / DB_FILENAME
    _newer_file(path, wal=False)
    with pytest.raises(NewerSchemaError, match="newer version"):
        Database(path)


@pytest.mark.parametrize("wal", [False, True], ids=["rollback-journal", "wal"])
def test_newer_schema_is_refused_before_anything_is_touched(
        tmp_data_dir: Path, wal: bool) -> None:
    """Not switched to WAL, not chmod-ed, not migrated: the same bytes, no side files."""
    path = tmp_data_dir / DB_FILENAME
    _newer_file(path, wal=wal)
    before = path.read_bytes()
    assert before[18:20] == (b"\x02\x02" if wal else b"\x01\x01")  # the journal mode
    with pytest.raises(NewerSchemaError, match="left untouched"):
        Database(path)
    assert path.read_bytes() == before
    assert not any(side.exists() for side in _side_files(path))
    assert stat.S_IMODE(path.stat().st_mode) == 0o644


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
