"""Opening the database: file permissions, WAL, migrations, explicit transactions."""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

from indiamart_desktop.store.schema import MIGRATIONS, SCHEMA_VERSION

log = logging.getLogger(__name__)

DB_FILENAME = "leads.sqlite3"


class StoreError(RuntimeError):
    """The database cannot be opened or written; the message says why in plain words."""


class NewerSchemaError(StoreError):
    pass


def _private_file(path: Path) -> None:
    """Make ``path`` (and its WAL side files) readable by the owner only, on POSIX."""
    if os.name != "posix":
        return
    for candidate in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        with contextlib.suppress(FileNotFoundError):
            os.chmod(candidate, 0o600)


def describe_error(error: sqlite3.Error, path: Path) -> str:
    """Turn an SQLite error into a sentence a seller can act on."""
    text = str(error).lower()
    if "disk is full" in text or "database or disk is full" in text:
        return f"The disk holding {path.parent} is full. Free some space; nothing has been lost."
    if "readonly" in text or "read-only" in text or "attempt to write" in text:
        return f"The data folder {path.parent} cannot be written to (read-only)."
    if "locked" in text or "busy" in text:
        return "The lead database is busy in another program; trying again shortly."
    if "unable to open" in text and not os.access(path.parent, os.W_OK):
        # SQLite cannot create its journal files beside the database: a read-only folder.
        return f"The data folder {path.parent} cannot be written to (read-only)."
    if "malformed" in text or "not a database" in text:
        return f"The lead database {path} is damaged."
    return f"The lead database {path} failed: {error}"


class Database:
    """One SQLite connection (one per thread) with the project's pragmas and schema."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            old_umask = os.umask(0o077) if os.name == "posix" else None
            try:
                self.conn = sqlite3.connect(
                    self.path, timeout=30.0, isolation_level=None, check_same_thread=False
                )
            finally:
                if old_umask is not None:
                    os.umask(old_umask)
            self.conn.row_factory = sqlite3.Row
            self.conn.execute("PRAGMA busy_timeout = 30000")
            self._enable_wal()
            self.conn.execute("PRAGMA synchronous = NORMAL")
            self.conn.execute("PRAGMA foreign_keys = ON")
            self._migrate()
        except sqlite3.Error as error:
            raise StoreError(describe_error(error, self.path)) from error
        except OSError as error:
            raise StoreError(f"Cannot open the data folder {self.path.parent}: {error.strerror}") \
                from error
        _private_file(self.path)

    def _enable_wal(self) -> None:
        """Switch to WAL; SQLite answers "locked" at once (no busy wait) while another
        connection is creating the same fresh file, so wait a little and retry."""
        deadline = time.monotonic() + 30.0
        while True:
            try:
                self.conn.execute("PRAGMA journal_mode = WAL")
                return
            except sqlite3.OperationalError as error:
                if "locked" not in str(error).lower() or time.monotonic() > deadline:
                    raise
                time.sleep(0.02)

    @classmethod
    def in_folder(cls, data_dir: Path) -> Database:
        return cls(Path(data_dir) / DB_FILENAME)

    def _migrate(self) -> None:
        version = int(self.conn.execute("PRAGMA user_version").fetchone()[0])
        if version > SCHEMA_VERSION:
            raise NewerSchemaError(
                f"{self.path} was written by a newer version of this program "
                f"(schema {version}, this one knows {SCHEMA_VERSION})."
            )
        while version < SCHEMA_VERSION:
            with self.transaction():
                # Read the version again under the write lock: another process opening the
                # same file may have migrated it since.
                version = int(self.conn.execute("PRAGMA user_version").fetchone()[0])
                if version >= SCHEMA_VERSION:
                    break
                log.info("Migrating %s to schema %d", self.path, version + 1)
                # executescript would commit on its own; run statement by statement instead.
                for statement in _split_statements(MIGRATIONS[version]):
                    self.conn.execute(statement)
                self.conn.execute(f"PRAGMA user_version = {version + 1}")
                version += 1

    @contextlib.contextmanager
    def transaction(self, mode: str = "IMMEDIATE") -> Iterator[sqlite3.Connection]:
        """``BEGIN <mode>`` ... ``COMMIT``, rolled back on any exception.

        SQLite's own errors (a full disk, a read-only folder, a damaged file) come out as
        :class:`StoreError` with a sentence the seller can act on.
        """
        try:
            self.conn.execute(f"BEGIN {mode}")
        except sqlite3.Error as error:
            raise StoreError(describe_error(error, self.path)) from error
        try:
            yield self.conn
            self.conn.execute("COMMIT")
        except sqlite3.Error as error:
            self._rollback()
            raise StoreError(describe_error(error, self.path)) from error
        except BaseException:
            self._rollback()
            raise

    def _rollback(self) -> None:
        # SQLite may already have rolled back on its own (e.g. after SQLITE_FULL).
        with contextlib.suppress(sqlite3.Error):
            self.conn.execute("ROLLBACK")

    def integrity_ok(self) -> bool:
        return str(self.conn.execute("PRAGMA integrity_check").fetchone()[0]) == "ok"

    def close(self) -> None:
        with contextlib.suppress(sqlite3.Error):
            self.conn.execute("PRAGMA optimize")  # keeps the query planner's statistics fresh
        self.conn.close()


def _split_statements(script: str) -> list[str]:
    """Split a migration script into complete statements (triggers contain semicolons)."""
    statements: list[str] = []
    current = ""
    for line in script.splitlines(keepends=True):
        current += line
        if sqlite3.complete_statement(current):
            if current.strip():
                statements.append(current.strip())
            current = ""
    if current.strip():
        statements.append(current.strip())
    return statements
