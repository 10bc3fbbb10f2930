"""A full disk pauses polling with a clear message, retries once a minute, loses nothing."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot
from ui_helpers import V2_KEY, configure, make_server

from indiamart_desktop.credentials import KeyStore
from indiamart_desktop.store.query import LeadFilter, LeadQuery
from indiamart_desktop.ui.poller import REPLAN_MS, PollStatus, PollWorker


def test_disk_full_pauses_polling_then_recovers(qtbot: QtBot, tmp_data_dir: Path) -> None:
    server = make_server(0.2, days=3)
    try:
        configure(tmp_data_dir, server, 0.2)
        keystore = KeyStore("test-folder")
        keystore.set("v2", V2_KEY)
        worker = PollWorker(tmp_data_dir, keystore)
        statuses: list[PollStatus] = []
        worker.status.connect(statuses.append)
        worker.start()  # in this thread: the timer and the steps run here
        assert worker.account is not None and worker.engine is not None
        conn = worker.account.db.conn
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        conn.execute(f"PRAGMA max_page_count = {pages}")  # the disk is "full"
        qtbot.waitUntil(lambda: any(s.store_error for s in statuses), timeout=10_000)
        assert "full" in next(s.store_error for s in statuses if s.store_error)
        assert worker._timer is not None and worker._timer.interval() == REPLAN_MS
        requests_while_full = len(server.requests)
        qtbot.wait(1000)
        assert len(server.requests) == requests_while_full, "polled on in a loop"

        conn.execute("PRAGMA max_page_count = 1073741823")  # space returns
        worker._tick()
        qtbot.waitUntil(lambda: not statuses[-1].store_error
                        and statuses[-1].state.covered_until is not None, timeout=10_000)
        stored = LeadQuery(worker.account.db).count(LeadFilter())
        visible = [lead for lead in server.leads if lead.visible_at <= server.requests[-1].at]
        assert stored == len(visible) > 0
        worker.stop()
    finally:
        server.stop()
