"""Exporting the leads of a filter and sort to xlsx or csv, for offline work in Excel.

The file is written beside the target and renamed at the end, so a failed or cancelled
export leaves nothing behind and never damages an existing file.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from indiamart_desktop.export.atomic import ExportCancelled, ExportError, atomic_path
from indiamart_desktop.export.columns import Summary
from indiamart_desktop.export.csvfile import write_csv
from indiamart_desktop.export.xlsx import write_xlsx
from indiamart_desktop.indiamart.models import lead_type_label
from indiamart_desktop.indiamart.times import IST
from indiamart_desktop.store.db import describe_error
from indiamart_desktop.store.query import LeadFilter, LeadQuery, Sort, StoredLead

__all__ = ["FORMATS", "ExportCancelled", "ExportError", "ExportResult", "export_leads"]

log = logging.getLogger(__name__)

#: File suffixes and the format each one selects.
FORMATS = {".xlsx": "xlsx", ".csv": "csv"}
#: Cancel is checked, and progress reported, once per this many rows.
CHECK_EVERY = 500
_SUMMARY_LIMIT = 100


@dataclass(frozen=True)
class ExportResult:
    path: Path
    rows: int
    format: str


def _watched(leads: Iterable[StoredLead], total: int,
             progress: Callable[[int, int], None] | None,
             cancelled: Callable[[], bool] | None) -> Iterator[StoredLead]:
    """Pass ``leads`` through, reporting progress and honouring cancel every few rows."""
    done = 0
    for lead in leads:
        if done % CHECK_EVERY == 0:
            if cancelled is not None and cancelled():
                raise ExportCancelled
            if progress is not None:
                progress(done, total)
        yield lead
        done += 1
    if cancelled is not None and cancelled():
        raise ExportCancelled
    if progress is not None:
        progress(done, total)


def _sort_text(sort: Sort) -> str:
    return f"{sort.column.replace('_', ' ')}, {'descending' if sort.descending else 'ascending'}"


def _summary(query: LeadQuery, flt: LeadFilter, sort: Sort, now: datetime) -> Summary:
    return Summary(
        title=f"IndiaMART leads, exported {now.astimezone(IST):%d-%m-%Y %H:%M} IST",
        created=now,
        sort=_sort_text(sort),
        filter=flt.describe(),
        by_type=[(lead_type_label(code), n)
                 for code, n in query.counts_by("query_type", flt, _SUMMARY_LIMIT)],
        by_state=query.counts_by("state", flt, _SUMMARY_LIMIT),
        by_product=query.counts_by("product", flt, _SUMMARY_LIMIT),
    )


def export_leads(
    path: Path,
    query: LeadQuery,
    flt: LeadFilter,
    sort: Sort,
    *,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    now: datetime | None = None,
) -> ExportResult:
    """Write exactly the leads of ``flt`` in ``sort`` order to ``path`` (.xlsx or .csv).

    ``progress(done, total)`` and ``cancelled()`` are called every few hundred rows, from
    the calling thread. Raises :class:`ExportCancelled` when cancelled and
    :class:`ExportError`, with a sentence for the seller, when the file cannot be written.
    """
    path = Path(path)
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise ExportError(f"Cannot export to {path.name}: choose a name ending in .xlsx or .csv.")
    moment = now or datetime.now(IST)
    conn = query.db.conn
    # One read transaction: rows, count and summary all see the same snapshot.
    own_snapshot = not conn.in_transaction
    try:
        if own_snapshot:
            conn.execute("BEGIN DEFERRED")
        try:
            total = query.count(flt)
            leads = _watched(query.iterate(flt, sort), total, progress, cancelled)
            with atomic_path(path) as temporary:
                if fmt == "xlsx":
                    rows = write_xlsx(temporary, leads, _summary(query, flt, sort, moment))
                else:
                    rows = write_csv(temporary, leads)
        finally:
            if own_snapshot and conn.in_transaction:
                conn.execute("COMMIT")
    except sqlite3.Error as error:
        raise ExportError(describe_error(error, query.db.path)) from error
    log.info("Exported %d leads to %s (%s)", rows, path, fmt)
    return ExportResult(path=path, rows=rows, format=fmt)
