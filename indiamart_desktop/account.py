"""Wiring one account together: database, configuration, key, client and sync engine."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from indiamart_desktop.config import Config, load_config
from indiamart_desktop.credentials import KeyStore
from indiamart_desktop.indiamart.client import Credentials, IndiaMartClient
from indiamart_desktop.store.db import Database
from indiamart_desktop.sync.clock import Clock, SystemClock, steady_seconds
from indiamart_desktop.sync.engine import SyncEngine


@dataclass
class Account:
    data_dir: Path
    db: Database
    config: Config
    keystore: KeyStore

    @classmethod
    def open(cls, data_dir: Path, keystore: KeyStore | None = None) -> Account:
        db = Database.in_folder(data_dir)
        try:
            return cls(data_dir, db, load_config(db), keystore or KeyStore.for_database(db))
        except BaseException:
            db.close()
            raise

    def missing(self) -> str:
        """What stops polling before any call: "no_mobile", "no_key", or "" when it can poll."""
        if self.config.api == "v1" and not self.config.mobile:
            return "no_mobile"
        if self.keystore.get(self.config.api) is None:
            return "no_key"
        return ""

    def client(self) -> IndiaMartClient | None:
        key = self.keystore.get(self.config.api)
        if key is None or (self.config.api == "v1" and not self.config.mobile):
            return None
        return IndiaMartClient(self.config.endpoint,
                               Credentials(self.config.api, key, self.config.mobile))

    def engine(self, clock: Clock | None = None) -> SyncEngine:
        key = self.keystore.get(self.config.api)  # a key other than a refused one resumes
        if clock is None:
            return SyncEngine(self.db, self.config, self.client(), SystemClock(),
                              steady=steady_seconds, key=key)
        return SyncEngine(self.db, self.config, self.client(), clock, key=key)

    def close(self) -> None:
        self.db.close()
