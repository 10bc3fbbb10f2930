"""A small name/value table for the account's configuration (no secrets: see credentials)."""

from __future__ import annotations

from indiamart_desktop.store.db import Database


def read_settings(db: Database) -> dict[str, str]:
    return {str(r[0]): str(r[1]) for r in db.conn.execute("SELECT name, value FROM settings")}


def write_settings(db: Database, values: dict[str, str]) -> None:
    with db.transaction() as conn:
        conn.executemany(
            "INSERT INTO settings (name, value) VALUES (?, ?) "
            "ON CONFLICT (name) DO UPDATE SET value = excluded.value",
            sorted(values.items()),
        )


def setting_once(db: Database, name: str, value: str) -> str:
    """The stored value of ``name``; ``value`` is stored first when there is none. The first
    writer wins, also between processes, and a value already there costs no write."""
    row = db.conn.execute("SELECT value FROM settings WHERE name = ?", (name,)).fetchone()
    if row is not None:
        return str(row[0])
    with db.transaction() as conn:
        conn.execute("INSERT INTO settings (name, value) VALUES (?, ?) "
                     "ON CONFLICT (name) DO NOTHING", (name, value))
        row = conn.execute("SELECT value FROM settings WHERE name = ?", (name,)).fetchone()
    return str(row[0])
