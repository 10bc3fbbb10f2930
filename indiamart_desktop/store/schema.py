"""Schema migrations, applied in order and tracked by ``PRAGMA user_version``."""

from __future__ import annotations

FTS_COLUMNS = ("sender_name", "sender_company", "product", "category", "message", "city",
               "mobile", "email")

_FTS_LIST = ", ".join(FTS_COLUMNS)
_FTS_NEW = ", ".join(f"new.{c}" for c in FTS_COLUMNS)
_FTS_OLD = ", ".join(f"old.{c}" for c in FTS_COLUMNS)

MIGRATIONS: tuple[str, ...] = (
    # 1: leads, full-text index, sync state, call log, settings.
    f"""
    CREATE TABLE leads (
        id INTEGER PRIMARY KEY,
        account TEXT NOT NULL,
        query_id TEXT NOT NULL,
        query_type TEXT NOT NULL,
        received_ts INTEGER NOT NULL,
        api_version TEXT NOT NULL,
        sender_name TEXT NOT NULL DEFAULT '',
        sender_company TEXT NOT NULL DEFAULT '',
        mobile TEXT NOT NULL DEFAULT '',
        mobile_raw TEXT NOT NULL DEFAULT '',
        mobile_alt TEXT NOT NULL DEFAULT '',
        phone TEXT NOT NULL DEFAULT '',
        phone_alt TEXT NOT NULL DEFAULT '',
        email TEXT NOT NULL DEFAULT '',
        email_alt TEXT NOT NULL DEFAULT '',
        subject TEXT NOT NULL DEFAULT '',
        address TEXT NOT NULL DEFAULT '',
        city TEXT NOT NULL DEFAULT '',
        state TEXT NOT NULL DEFAULT '',
        pincode TEXT NOT NULL DEFAULT '',
        country_iso TEXT NOT NULL DEFAULT '',
        product TEXT NOT NULL DEFAULT '',
        category TEXT NOT NULL DEFAULT '',
        message TEXT NOT NULL DEFAULT '',
        quantity REAL,
        quantity_unit TEXT NOT NULL DEFAULT '',
        order_value TEXT NOT NULL DEFAULT '',
        order_value_min INTEGER,
        order_value_max INTEGER,
        requirement_type TEXT NOT NULL DEFAULT '',
        preferred_location TEXT NOT NULL DEFAULT '',
        call_duration INTEGER,
        receiver_mobile TEXT NOT NULL DEFAULT '',
        raw_json TEXT NOT NULL,
        first_seen_ts INTEGER NOT NULL,
        updated_ts INTEGER NOT NULL,
        status TEXT NOT NULL DEFAULT 'new',
        notes TEXT NOT NULL DEFAULT '',
        follow_up TEXT,
        starred INTEGER NOT NULL DEFAULT 0,
        is_read INTEGER NOT NULL DEFAULT 0,
        UNIQUE (account, query_id)
    );
    CREATE INDEX leads_received ON leads (received_ts);
    CREATE INDEX leads_type_received ON leads (query_type, received_ts);
    CREATE INDEX leads_state_received ON leads (state COLLATE NOCASE, received_ts);
    CREATE INDEX leads_city_received ON leads (city COLLATE NOCASE, received_ts);
    CREATE INDEX leads_status_received ON leads (status, received_ts);
    CREATE INDEX leads_mobile ON leads (mobile);
    CREATE INDEX leads_unread ON leads (is_read, received_ts);
    CREATE INDEX leads_name ON leads (sender_name COLLATE NOCASE);
    CREATE INDEX leads_product ON leads (product COLLATE NOCASE);

    CREATE VIRTUAL TABLE leads_fts USING fts5(
        {_FTS_LIST}, content='leads', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2'
    );
    CREATE TRIGGER leads_fts_insert AFTER INSERT ON leads BEGIN
        INSERT INTO leads_fts (rowid, {_FTS_LIST}) VALUES (new.id, {_FTS_NEW});
    END;
    CREATE TRIGGER leads_fts_delete AFTER DELETE ON leads BEGIN
        INSERT INTO leads_fts (leads_fts, rowid, {_FTS_LIST})
        VALUES ('delete', old.id, {_FTS_OLD});
    END;
    CREATE TRIGGER leads_fts_update AFTER UPDATE OF {_FTS_LIST} ON leads BEGIN
        INSERT INTO leads_fts (leads_fts, rowid, {_FTS_LIST})
        VALUES ('delete', old.id, {_FTS_OLD});
        INSERT INTO leads_fts (rowid, {_FTS_LIST}) VALUES (new.id, {_FTS_NEW});
    END;

    CREATE TABLE sync_state (
        account TEXT PRIMARY KEY,
        last_call_at REAL,
        covered_until REAL,
        backfill_from REAL,
        backfill_target REAL,
        not_before REAL,
        key_state TEXT NOT NULL DEFAULT 'ok',
        key_message TEXT NOT NULL DEFAULT '',
        failures INTEGER NOT NULL DEFAULT 0,
        failing_since REAL,
        last_kind TEXT NOT NULL DEFAULT '',
        last_outcome TEXT NOT NULL DEFAULT '',
        last_success_at REAL
    );

    CREATE TABLE call_log (
        id INTEGER PRIMARY KEY,
        account TEXT NOT NULL,
        started_at REAL NOT NULL,
        finished_at REAL,
        kind TEXT NOT NULL,
        window_start REAL NOT NULL,
        window_end REAL NOT NULL,
        outcome TEXT NOT NULL DEFAULT 'in_flight',
        new INTEGER NOT NULL DEFAULT 0,
        updated INTEGER NOT NULL DEFAULT 0,
        skipped INTEGER NOT NULL DEFAULT 0,
        duration REAL,
        message TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX call_log_started ON call_log (account, started_at);

    CREATE TABLE settings (name TEXT PRIMARY KEY, value TEXT NOT NULL);
    """,
)

SCHEMA_VERSION = len(MIGRATIONS)
