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
