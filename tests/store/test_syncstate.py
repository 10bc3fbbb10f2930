"""Sync state, call log and settings survive a round trip through the file."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

from indiamart_desktop.indiamart.times import IST
from indiamart_desktop.store.db import Database
from indiamart_desktop.store.settings import read_settings, write_settings
from indiamart_desktop.store.syncstate import (
    SyncState,
    load_state,
    log_call_end,
    log_call_start,
    recent_calls,
    save_state,
)

T0 = datetime(2024, 5, 1, 10, 30, 15, 250000, tzinfo=IST)


def test_missing_state_is_fresh(tmp_data_dir: Path) -> None:
    db = Database.in_folder(tmp_data_dir)
    try:
        assert load_state(db.conn, "main") == SyncState(account="main")
    finally:
        db.close()


def test_state_round_trip(tmp_data_dir: Path) -> None:
    state = SyncState(
        account="main", last_call_at=T0, covered_until=T0 - timedelta(minutes=1),
        backfill_from=T0 - timedelta(days=7), backfill_target=T0 - timedelta(days=30),
        not_before=T0 + timedelta(minutes=15), key_state="key_replaced",
        key_message="use the new key", failures=3, failing_since=T0 - timedelta(hours=1),
        last_kind="history", last_outcome="server_error", last_success_at=T0 - timedelta(hours=2),
    )
    db = Database.in_folder(tmp_data_dir)
    try:
        with db.transaction() as conn:
            save_state(conn, state)
            save_state(conn, SyncState(account="other", failures=1))
    finally:
        db.close()
    db = Database.in_folder(tmp_data_dir)
    try:
        loaded = load_state(db.conn, "main")
        assert loaded == state
        assert loaded.last_call_at is not None and loaded.last_call_at.tzinfo is not None
        assert load_state(db.conn, "other").failures == 1
        with db.transaction() as conn:
            save_state(conn, loaded.with_(not_before=None, failures=0))
        again = load_state(db.conn, "main")
        assert again.not_before is None and again.failures == 0
        assert again.covered_until == state.covered_until
    finally:
        db.close()


def test_call_log_round_trip(tmp_data_dir: Path) -> None:
    db = Database.in_folder(tmp_data_dir)
    try:
        with db.transaction() as conn:
            first = log_call_start(conn, "main", T0, "forward", T0 - timedelta(days=7), T0)
            second = log_call_start(conn, "main", T0 + timedelta(minutes=5), "history",
                                    T0 - timedelta(days=14), T0 - timedelta(days=7))
            log_call_start(conn, "other", T0, "forward", T0, T0)
        with db.transaction() as conn:
            log_call_end(conn, first, T0 + timedelta(seconds=2), "leads", 4, 1, 2, 1.5,
                         "fine")
    finally:
        db.close()
    db = Database.in_folder(tmp_data_dir)
    try:
        calls = recent_calls(db, "main")
        assert [c.id for c in calls] == [second, first]  # newest first
        done = calls[1]
        assert (done.kind, done.outcome, done.new, done.updated, done.skipped, done.duration,
                done.message) == ("forward", "leads", 4, 1, 2, 1.5, "fine")
        assert done.started_at == T0
        assert done.finished_at == T0 + timedelta(seconds=2)
        assert done.window_start == T0 - timedelta(days=7) and done.window_end == T0
        assert calls[0].outcome == "in_flight" and calls[0].finished_at is None
        assert calls[0].started_at.tzinfo == timezone.utc
        assert len(recent_calls(db)) == 3
        assert len(recent_calls(db, limit=1)) == 1
    finally:
        db.close()


def test_settings_round_trip(tmp_data_dir: Path) -> None:
    db = Database.in_folder(tmp_data_dir)
    try:
        write_settings(db, {"a": "1", "b": "x y"})
        write_settings(db, {"a": "2"})
    finally:
        db.close()
    db = Database.in_folder(tmp_data_dir)
    try:
        assert read_settings(db) == {"a": "2", "b": "x y"}
    finally:
        db.close()
