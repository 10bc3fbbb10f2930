"""One change to a selection of leads: one transaction, on each lead's timeline."""

from __future__ import annotations

from pathlib import Path

import pytest
from desk_helpers import arrive, at, lead_id, record

from indiamart_desktop.desk.bulk import apply_to_leads
from indiamart_desktop.desk.timeline import TimelineError, events
from indiamart_desktop.store.db import Database
from indiamart_desktop.store.query import LeadFilter, LeadQuery, Sort


def _db(folder: Path) -> tuple[Database, list[int]]:
    db = Database.in_folder(folder)
    arrive(db, *(record(8100 + n, minutes=n) for n in range(4)))
    return db, [lead_id(db, 8100 + n) for n in range(4)]


def test_a_status_lands_once_on_each_selected_timeline_with_its_lost_reason(
        tmp_data_dir: Path) -> None:
    db, ids = _db(tmp_data_dir)
    try:
        assert apply_to_leads(db, [ids[0], ids[2], 999_999], now=at(60),
                              status="lost", lost_reason="no_stock") == [ids[0], ids[2]]
        apply_to_leads(db, [ids[0], ids[2]], now=at(61), status="lost",
                       lost_reason="no_stock")  # already lost: nothing more recorded
        query = LeadQuery(db)
        for n, lead in enumerate(ids):
            stored = query.get(lead)
            assert stored is not None
            picked = n in (0, 2)
            assert (stored.status, stored.lost_reason) == (
                ("lost", "no_stock") if picked else ("new", ""))
            assert [(e.kind, e.outcome, e.text, e.ts) for e in events(db, lead)] == (
                [("status", "lost", "no_stock", at(60))] if picked else [])
    finally:
        db.close()


def test_star_read_and_follow_up_on_a_selection_and_its_export_filter(
        tmp_data_dir: Path) -> None:
    db, ids = _db(tmp_data_dir)
    try:
        apply_to_leads(db, ids[1:3], now=at(60), starred=True, read=True,
                       follow_up_ts=at(120))
        shown = LeadQuery(db).page(LeadFilter(ids=frozenset(ids[1:3])), Sort(), 0, 10)
        assert sorted(lead.id for lead in shown) == ids[1:3]
        assert {(lead.starred, lead.is_read, lead.follow_up_ts) for lead in shown} == {
            (1, 1, at(120))}
        assert [e.kind for e in events(db, ids[1])] == ["follow_up_set"]
        assert LeadQuery(db).count(LeadFilter(starred_only=True)) == 2
    finally:
        db.close()


@pytest.mark.parametrize("changes", [{"status": "bogus"}, {"status": "won", "lost_reason":
                                                           "price"},
                                     {"status": "lost", "lost_reason": "cheaper"}])
def test_bad_changes_are_refused_and_write_nothing(tmp_data_dir: Path,
                                                   changes: dict[str, str]) -> None:
    db, ids = _db(tmp_data_dir)
    try:
        with pytest.raises(TimelineError):
            apply_to_leads(db, ids, now=at(60), starred=True, **changes)  # type: ignore[arg-type]
        assert LeadQuery(db).count(LeadFilter(starred_only=True)) == 0
    finally:
        db.close()
