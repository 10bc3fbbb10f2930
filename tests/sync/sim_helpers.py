"""A sync engine and the simulated IndiaMART sharing one FakeClock, over real sockets."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from indiamart_desktop.config import Config
from indiamart_desktop.demo.generator import DemoLead, LeadGenerator
from indiamart_desktop.demo.server import SimulatedIndiaMart
from indiamart_desktop.indiamart.client import Credentials, IndiaMartClient
from indiamart_desktop.indiamart.redact import Secret
from indiamart_desktop.indiamart.times import IST
from indiamart_desktop.store.db import Database
from indiamart_desktop.sync.clock import FakeClock
from indiamart_desktop.sync.engine import SyncEngine

V2_KEY = "Sim+Key/For=Tests0123456789+/=="
V1_KEY = "U2ltVjFLZXkrLz0wMTIzNDU2Nzg5"
V1_MOBILE = "9876543210"
START = datetime(2025, 1, 15, 12, 0, tzinfo=IST)


@dataclass
class Sim:
    """One seller: a database file, an engine, and IndiaMART's simulated service."""

    folder: Path
    api: str = "v2"
    interval: float = 1.0
    history_days: int = 30
    lead_days: float = 30.0
    per_day: float = 30.0
    seed: int = 1
    clock: FakeClock = field(default_factory=lambda: FakeClock(START))
    server: SimulatedIndiaMart = field(init=False)
    db: Database | None = field(init=False, default=None)
    engine: SyncEngine | None = field(init=False, default=None)
    client: IndiaMartClient | None = field(init=False, default=None)
    generator: LeadGenerator = field(init=False)

    def __post_init__(self) -> None:
        self.server = SimulatedIndiaMart(
            v2_key=V2_KEY, v1_mobile=V1_MOBILE, v1_key=V1_KEY, clock=self.clock.now,
            min_gap=self.interval, slow_seconds=0.02)
        self.generator = LeadGenerator(self.seed)
        now = self.clock.now()
        if self.lead_days:
            # Leave an hour's margin at the old end: the history target is counted from the
            # moment of the first definite answer, which may come a little later.
            self.server.add_leads(self.generator.leads_between(
                now - timedelta(days=self.lead_days) + timedelta(hours=1), now, self.per_day))
        self.server.start()
        self.open()

    def config(self) -> Config:
        config = Config().with_value("endpoint", self.server.url)
        config = config.with_value("interval", repr(self.interval))
        config = config.with_value("history_days", str(self.history_days))
        if self.api == "v1":
            config = config.with_value("api", "v1").with_value("mobile", V1_MOBILE)
        return config

    def open(self) -> SyncEngine:
        self.db = Database.in_folder(self.folder)
        key = V1_KEY if self.api == "v1" else V2_KEY
        self.client = IndiaMartClient(self.server.url,
                                      Credentials(self.api, Secret(key), V1_MOBILE))
        self.engine = SyncEngine(self.db, self.config(), self.client, self.clock)
        return self.engine

    def restart(self) -> SyncEngine:
        """Close everything as a crash or quit would, then start a new engine on the file."""
        self.close_engine()
        return self.open()

    def close_engine(self) -> None:
        if self.client is not None:
            self.client.close()
        if self.db is not None:
            self.db.close()
        self.client = self.db = self.engine = None

    def close(self) -> None:
        self.close_engine()
        self.server.stop()

    def add_live_lead(self, *, delay: float = 0.0) -> DemoLead:
        """A lead received now, visible ``delay`` seconds later."""
        lead = self.generator.lead_at(self.clock.now())
        lead = DemoLead(lead.query_id, lead.query_type, lead.received_at,
                        lead.received_at + timedelta(seconds=delay), lead.fields)
        self.server.add_leads([lead])
        return lead

    def stored_ids(self) -> list[str]:
        assert self.db is not None
        return [str(r[0]) for r in self.db.conn.execute("SELECT query_id FROM leads")]

    def stored_among(self, query_ids: set[str]) -> set[str]:
        assert self.db is not None
        found: set[str] = set()
        ids = sorted(query_ids)
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            marks = ", ".join("?" * len(chunk))
            found.update(str(r[0]) for r in self.db.conn.execute(
                f"SELECT query_id FROM leads WHERE query_id IN ({marks})", chunk))
        return found
