"""Schema migrations, applied in order and tracked by ``PRAGMA user_version``."""

from __future__ import annotations

from indiamart_desktop.store.fts import PHONES_COLUMN, TOKENIZER

# Schema 1's index, kept as it was so that migration 1 never changes.
_V1_FTS_COLUMNS = ("sender_name", "sender_company", "product", "category", "message", "city",
                   "mobile", "email")
_FTS_LIST = ", ".join(_V1_FTS_COLUMNS)
_FTS_NEW = ", ".join(f"new.{c}" for c in _V1_FTS_COLUMNS)
_FTS_OLD = ", ".join(f"old.{c}" for c in _V1_FTS_COLUMNS)

#: The lead columns the full-text index holds (schema 2 on), besides :data:`PHONES_COLUMN`
#: (which replaces "mobile": a number is found by its national digits).
FTS_LEAD_COLUMNS = ("sender_name", "sender_company", "product", "category", "message", "city",
                    "email", "notes")
#: Every column of the full-text index.
FTS_COLUMNS = (*FTS_LEAD_COLUMNS, PHONES_COLUMN)
_PHONE_FIELDS = ("mobile", "mobile_alt", "phone", "phone_alt")


def _phone_digits(row: str) -> str:
    """SQL for the national digits of every phone of ``row`` ("new.", "old." or "").

    The stored form is "+<code>-<number>" or bare digits: "+91-120-2222222" gives
    "1202222222", "22222222" stays (``phones.national_digits`` does the same in Python).
    """
    parts = []
    for field in _PHONE_FIELDS:
        value = f"{row}{field}"
        parts.append(f"replace(substr({value}, instr({value}, '-') + 1), '-', '')")
    return " || ' ' || ".join(parts)


def _index_values(row: str) -> str:
    return ", ".join([*(f"{row}{c}" for c in FTS_LEAD_COLUMNS), _phone_digits(row)])


#: The statuses in the order a lead moves through them (``store.leads.LeadStatus``):
#: sorting by status follows this workflow, not the alphabet.
STATUS_ORDER: tuple[str, ...] = ("new", "contacted", "quoted", "won", "lost", "spam")
#: A status's place in :data:`STATUS_ORDER` (an unknown status goes after all of them).
#: Schema 2 indexes exactly this expression, which sorting by status uses.
STATUS_RANK = (
    "(CASE status "
    + " ".join(f"WHEN '{status}' THEN {rank}" for rank, status in enumerate(STATUS_ORDER))
    + f" ELSE {len(STATUS_ORDER)} END)"
)

_INDEX_LIST = ", ".join(FTS_COLUMNS)
_INDEXED_FIELDS = ", ".join(dict.fromkeys((*FTS_LEAD_COLUMNS, *_PHONE_FIELDS)))

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
    # 2: the index also holds the seller's notes and every phone as plain digits, and its
    # tokenizer keeps combining marks (Devanagari vowel signs) inside words. The index is
    # rebuilt from the leads, so nothing is lost. Sorting indexes for blanks-last and the
    # status workflow.
    f"""
    DROP TRIGGER leads_fts_insert;
    DROP TRIGGER leads_fts_delete;
    DROP TRIGGER leads_fts_update;
    DROP TABLE leads_fts;
    CREATE VIEW leads_search (id, {_INDEX_LIST}) AS
        SELECT id, {_index_values("")} FROM leads;
    CREATE VIRTUAL TABLE leads_fts USING fts5(
        {_INDEX_LIST}, content='leads_search', content_rowid='id',
        tokenize="{TOKENIZER}"
    );
    CREATE TRIGGER leads_fts_insert AFTER INSERT ON leads BEGIN
        INSERT INTO leads_fts (rowid, {_INDEX_LIST}) VALUES (new.id, {_index_values("new.")});
    END;
    CREATE TRIGGER leads_fts_delete AFTER DELETE ON leads BEGIN
        INSERT INTO leads_fts (leads_fts, rowid, {_INDEX_LIST})
        VALUES ('delete', old.id, {_index_values("old.")});
    END;
    CREATE TRIGGER leads_fts_update AFTER UPDATE OF {_INDEXED_FIELDS} ON leads BEGIN
        INSERT INTO leads_fts (leads_fts, rowid, {_INDEX_LIST})
        VALUES ('delete', old.id, {_index_values("old.")});
        INSERT INTO leads_fts (rowid, {_INDEX_LIST}) VALUES (new.id, {_index_values("new.")});
    END;
    INSERT INTO leads_fts (leads_fts) VALUES ('rebuild');

    -- Sorting: blank names and products last in either direction (a descending sort
    -- walks the "_desc" index backwards), statuses in workflow order; these indexes hold
    -- exactly the expressions query.Sort orders by.
    DROP INDEX leads_name;
    DROP INDEX leads_product;
    CREATE INDEX leads_name_sort ON leads ((sender_name = ''), sender_name COLLATE NOCASE);
    CREATE INDEX leads_name_sort_desc
        ON leads ((sender_name = '') DESC, sender_name COLLATE NOCASE);
    CREATE INDEX leads_product_sort ON leads ((product = ''), product COLLATE NOCASE);
    CREATE INDEX leads_product_sort_desc ON leads ((product = '') DESC, product COLLATE NOCASE);
    CREATE INDEX leads_status_sort ON leads ({STATUS_RANK});
    """,
    # 3: the desk. An append-only timeline of what the seller did with each lead, and the
    # fields derived from it kept on the lead row for fast queues (desk/queues.py): each
    # queue is a range of one partial index. Old notes become each lead's first note and
    # old follow-up days a follow-up at 09:00 IST; nothing of the old columns is dropped.
    """
    CREATE TABLE events (
        id TEXT PRIMARY KEY,
        lead_id INTEGER NOT NULL REFERENCES leads (id),
        ts REAL NOT NULL,
        kind TEXT NOT NULL,
        channel TEXT NOT NULL DEFAULT '',
        outcome TEXT NOT NULL DEFAULT '',
        text TEXT NOT NULL DEFAULT '',
        due_ts REAL,
        author TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX events_lead_ts ON events (lead_id, ts);

    ALTER TABLE leads ADD COLUMN first_contact_ts REAL;
    ALTER TABLE leads ADD COLUMN follow_up_ts REAL;
    ALTER TABLE leads ADD COLUMN lost_reason TEXT NOT NULL DEFAULT '';
    ALTER TABLE leads ADD COLUMN buyer_key TEXT NOT NULL DEFAULT '';
    ALTER TABLE leads ADD COLUMN buyer_alt_key TEXT NOT NULL DEFAULT '';
    ALTER TABLE leads ADD COLUMN buyer_leads INTEGER NOT NULL DEFAULT 1;

    INSERT INTO events (id, lead_id, ts, kind, text)
        SELECT lower(hex(randomblob(16))), id, updated_ts, 'note', notes
        FROM leads WHERE notes <> '';
    UPDATE leads SET follow_up_ts = strftime('%s', follow_up || ' 09:00:00') - 19800
        WHERE follow_up IS NOT NULL AND follow_up <> '';
    UPDATE leads SET follow_up = NULL WHERE follow_up = '';
    INSERT INTO events (id, lead_id, ts, kind, due_ts)
        SELECT lower(hex(randomblob(16))), id, updated_ts, 'follow_up_set', follow_up_ts
        FROM leads WHERE follow_up_ts IS NOT NULL;
    -- An answered call is itself the first contact; a lead the seller already moved on
    -- was contacted at some time before its last change (the exact time was not kept).
    UPDATE leads SET first_contact_ts = received_ts
        WHERE query_type = 'P' AND call_duration > 0;
    UPDATE leads SET first_contact_ts = MIN(updated_ts, first_seen_ts)
        WHERE first_contact_ts IS NULL AND status IN ('contacted', 'quoted', 'won');

    UPDATE leads SET
        buyer_key = CASE
            WHEN mobile <> '' THEN replace(substr(mobile, instr(mobile, '-') + 1), '-', '')
            ELSE lower(email) END,
        buyer_alt_key = replace(substr(mobile_alt, instr(mobile_alt, '-') + 1), '-', '');
    CREATE INDEX leads_buyer ON leads (buyer_key);
    CREATE INDEX leads_buyer_alt ON leads (buyer_alt_key);
    -- How many leads hold each key (a lead whose two keys are equal counts once): for a
    -- lead with one key, that is its buyer's lead count. The few leads with two keys are
    -- counted one by one (the leads sharing either key).
    CREATE TEMP TABLE buyer_counts AS
        SELECT key, COUNT(*) AS n FROM (
            SELECT buyer_key AS key FROM leads WHERE buyer_key <> ''
            UNION ALL SELECT buyer_alt_key FROM leads
                WHERE buyer_alt_key <> '' AND buyer_alt_key <> buyer_key)
        GROUP BY key HAVING COUNT(*) > 1;
    CREATE UNIQUE INDEX temp.buyer_counts_key ON buyer_counts (key);
    UPDATE leads SET buyer_leads = (SELECT n FROM buyer_counts WHERE key = leads.buyer_key)
        WHERE buyer_key IN (SELECT key FROM buyer_counts)
        AND (buyer_alt_key = '' OR buyer_alt_key = buyer_key);
    DROP TABLE buyer_counts;
    UPDATE leads SET buyer_leads = MAX(1, (
        SELECT COUNT(*) FROM leads AS other WHERE other.id IN (
            SELECT s.id FROM leads AS s
                WHERE leads.buyer_key <> '' AND s.buyer_key = leads.buyer_key
            UNION SELECT s.id FROM leads AS s
                WHERE leads.buyer_key <> '' AND s.buyer_alt_key = leads.buyer_key
            UNION SELECT s.id FROM leads AS s
                WHERE s.buyer_key = leads.buyer_alt_key
            UNION SELECT s.id FROM leads AS s
                WHERE s.buyer_alt_key = leads.buyer_alt_key)))
        WHERE buyer_alt_key <> '' AND buyer_alt_key <> buyer_key;

    CREATE INDEX leads_needs_reply
        ON leads ((received_ts + 1800) / 3600, query_type <> 'B', received_ts)
        WHERE first_contact_ts IS NULL AND query_type <> 'P'
        AND status NOT IN ('won', 'lost', 'spam');
    -- Led by query_type: SQLite then prefers it to leads_type_received for type P.
    CREATE INDEX leads_missed_calls ON leads (query_type, received_ts)
        WHERE first_contact_ts IS NULL AND query_type = 'P'
        AND (call_duration IS NULL OR call_duration = 0)
        AND status NOT IN ('won', 'lost', 'spam');
    CREATE INDEX leads_follow_ups ON leads (follow_up_ts) WHERE follow_up_ts IS NOT NULL;
    CREATE INDEX leads_repeat_buyers ON leads (received_ts) WHERE buyer_leads > 1;
    CREATE INDEX leads_starred ON leads (received_ts) WHERE starred = 1;
    """,
)

SCHEMA_VERSION = len(MIGRATIONS)
