"""Opening the database: file permissions, WAL, migrations, explicit transactions."""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
import stat
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


def _side_files(path: Path) -> tuple[Path, Path, Path]:
    """The database and the WAL side files SQLite keeps beside it."""
    return path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")


def _writable_hint(path: Path) -> str:
    if os.name == "posix":
        return f'make it writable for your user (for example: chmod 600 "{path}")'
    return "clear \"Read-only\" in the file's Properties"


def _refuse_read_only(path: Path) -> None:
    """Raise :class:`StoreError` if the database or a side file is read-only for us.

    Checked before SQLite opens anything, so a file the user set read-only is never
    written to, and its mode is never loosened. The owner's mode bits count as well as
    :func:`os.access`: root can write to a 0444 file, but the user still said "read-only".
    """
    for candidate in _side_files(path):
        try:
            mode = stat.S_IMODE(candidate.stat().st_mode)
        except FileNotFoundError:
            continue
        except OSError as error:
            raise StoreError(f"Cannot read {candidate}: {error.strerror}.") from error
        if os.name == "posix" and os.statvfs(candidate).f_flag & os.ST_RDONLY:
            raise StoreError(f"The data folder {path.parent} cannot be written to (read-only "
                             "disk).")
        owner_rw = stat.S_IRUSR | stat.S_IWUSR
        if mode & owner_rw != owner_rw or not os.access(candidate, os.R_OK | os.W_OK):
            raise StoreError(
                f"The lead database file {candidate} is read-only (mode {mode:04o}): this "
                f"program must write to it. To use it, {_writable_hint(candidate)}; or start "
                "the program with --data-dir and another folder."
            )


def _private_file(path: Path) -> None:
    """Take group and other permissions off ``path`` and its WAL side files, on POSIX.

    Only ever removes permission bits, never adds one, and leaves files owned by another
    user alone (only their owner may change their mode).
    """
    if os.name != "posix":
        return
    for candidate in _side_files(path):
        try:
            info = candidate.stat()
        except FileNotFoundError:
            continue
        mode = stat.S_IMODE(info.st_mode)
        if mode & 0o077 and info.st_uid == os.geteuid():
            os.chmod(candidate, mode & ~0o077)


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
        _refuse_read_only(self.path)
        conn: sqlite3.Connection | None = None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            old_umask = os.umask(0o077) if os.name == "posix" else None
            try:
                conn = sqlite3.connect(
                    self.path, timeout=30.0, isolation_level=None, check_same_thread=False
                )
            finally:
                if old_umask is not None:
                    os.umask(old_umask)
            self.conn = conn
            self.conn.row_factory = sqlite3.Row
            self.conn.execute("PRAGMA busy_timeout = 30000")
            # Read-only checks first: a file this program cannot use is left byte for byte
            # as it was (switching to WAL would already rewrite its header).
            self._refuse_newer(self._schema_version())
            self._enable_wal()
            self.conn.execute("PRAGMA synchronous = NORMAL")
            self.conn.execute("PRAGMA foreign_keys = ON")
            self._migrate()
            _private_file(self.path)
        except BaseException as error:
            if conn is not None:
                conn.close()
            if isinstance(error, sqlite3.Error):
                raise StoreError(describe_error(error, self.path)) from error
            if isinstance(error, OSError):
                raise StoreError(
                    f"Cannot open the data folder {self.path.parent}: {error.strerror}"
                ) from error
            raise

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

    def _schema_version(self) -> int:
        return int(self.conn.execute("PRAGMA user_version").fetchone()[0])

    def _refuse_newer(self, version: int) -> None:
        if version > SCHEMA_VERSION:
            raise NewerSchemaError(
                f"{self.path} was written by a newer version of this program "
                f"(schema {version}, this one knows {SCHEMA_VERSION}). It was left "
                "untouched: install the newer version again to use it."
            )

    def _migrate(self) -> None:
        version = self._schema_version()
        while version < SCHEMA_VERSION:
            with self.transaction():
                # Read the version again under the write lock: another process opening the
                # same file may have migrated it since.
                version = self._schema_version()
                self._refuse_newer(version)
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
