"""A lead's timeline in the detail pane, and the seller's one-click entries on it.

Each entry is one line of plain text: its time (IST), what happened, its outcome and,
once there is a team, who did it. Buyer and seller text is never rendered as markup
(list items are plain text). Everything recorded here goes through the writer thread
(``StoreWriter.record``) with the moment the seller pressed the button:

- a contact's outcome (reached, no answer, replied) for the chosen channel;
- "Add note" (a timestamped note, many per lead);
- a follow-up from a quick pick (in 1 hour, this evening, tomorrow morning, in 3 days,
  next week), and snooze (15 min, 1 h, tomorrow) and done for the open one.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QMenu,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from indiamart_desktop.desk.reminders import Pick, Snooze, quick_pick, snoozed_until
from indiamart_desktop.desk.timeline import NOTE_EDITED, Event, events
from indiamart_desktop.indiamart.times import IST
from indiamart_desktop.store.db import Database
from indiamart_desktop.store.query import StoredLead
from indiamart_desktop.ui import texts
from indiamart_desktop.ui.flow_layout import FlowLayout
from indiamart_desktop.ui.store_writer import StoreWriter

log = logging.getLogger(__name__)
_tr = QCoreApplication.translate

OUTCOMES = ("reached", "no_answer", "replied")
SNOOZES = (Snooze.MINUTES_15, Snooze.HOUR_1, Snooze.TOMORROW)


def channel_label(channel: str) -> str:
    labels = {"call": _tr("Timeline", "Call"), "whatsapp": _tr("Timeline", "WhatsApp"),
              "email": _tr("Timeline", "E-mail"), "sms": _tr("Timeline", "SMS")}
    return labels.get(channel, channel)


def outcome_label(outcome: str) -> str:
    labels = {"attempted": _tr("Timeline", "started"), "reached": _tr("Timeline", "reached"),
              "no_answer": _tr("Timeline", "no answer"), "replied": _tr("Timeline", "replied")}
    return labels.get(outcome, outcome)


def snooze_label(snooze: Snooze) -> str:
    labels = {Snooze.MINUTES_15: _tr("Timeline", "15 min"),
              Snooze.HOUR_1: _tr("Timeline", "1 h"),
              Snooze.TOMORROW: _tr("Timeline", "Tomorrow")}
    return labels[snooze]


def pick_label(pick: Pick) -> str:
    labels = {Pick.IN_1_HOUR: _tr("Timeline", "In 1 hour"),
              Pick.THIS_EVENING: _tr("Timeline", "This evening"),
              Pick.TOMORROW_MORNING: _tr("Timeline", "Tomorrow morning"),
              Pick.IN_3_DAYS: _tr("Timeline", "In 3 days"),
              Pick.NEXT_WEEK: _tr("Timeline", "Next week")}
    return labels[pick]


def ist_text(moment: datetime) -> str:
    return moment.astimezone(IST).strftime("%d-%m-%Y %H:%M IST")


def _what(event: Event) -> str:
    if event.kind == "contact":
        return f"{channel_label(event.channel)} · {outcome_label(event.outcome)}"
    if event.kind == "status":
        what = _tr("Timeline", "Status: %1").replace("%1", texts.status_label(event.outcome))
        return f"{what} ({texts.lost_reason_label(event.text)})" if event.text else what
    if event.kind == "note":
        label = (_tr("Timeline", "Notes edited") if event.outcome == NOTE_EDITED
                 else _tr("Timeline", "Note"))
        return f"{label}: {event.text}"
    if event.kind == "follow_up_set":
        due = ist_text(event.due_at) if event.due_at is not None else ""
        if event.outcome == "snoozed":
            return _tr("Timeline", "Follow-up snoozed to %1").replace("%1", due)
        return _tr("Timeline", "Follow-up set for %1").replace("%1", due)
    if event.kind == "follow_up_done":
        return _tr("Timeline", "Follow-up done")
    if event.kind == "quotation":
        what = _tr("Timeline", "Quotation sent")
        return f"{what}: {event.text}" if event.text else what
    return event.kind


def entry_text(event: Event) -> str:
    """One timeline line: time (IST) · what · outcome [· author]."""
    parts = [ist_text(event.at), _what(event)]
    if event.author:
        parts.append(event.author)
    return " · ".join(parts)


class TimelineView(QGroupBox):
    """The shown lead's timeline, with outcome, note and follow-up buttons."""

    def __init__(self, db: Database, writer: StoreWriter, parent: QWidget | None = None,
                 clock: Callable[[], float] = time.time) -> None:
        super().__init__(_tr("Timeline", "Timeline"), parent)
        self.db = db
        self.writer = writer
        self.clock = clock
        self.lead: StoredLead | None = None
        self.setObjectName("timelineView")
        self.setAccessibleName(self.tr("Timeline of this lead"))

        self.channel = QComboBox(self)
        self.channel.setObjectName("contactChannel")
        self.channel.setAccessibleName(self.tr("Contact channel"))
        for channel in ("call", "whatsapp", "email", "sms"):
            self.channel.addItem(channel_label(channel), channel)
        self.outcome_buttons: dict[str, QPushButton] = {}
        outcome_row = QWidget(self)
        outcomes = FlowLayout(outcome_row)  # wraps: the pane is never widened
        outcomes.addWidget(self.channel)
        for outcome in OUTCOMES:
            button = QPushButton(outcome_label(outcome).capitalize(), self)
            button.setObjectName(f"outcome_{outcome}")
            button.setAccessibleName(self.tr("Record contact outcome: %1")
                                     .replace("%1", outcome_label(outcome)))
            button.clicked.connect(lambda _=False, o=outcome: self.record_outcome(o))
            self.outcome_buttons[outcome] = button
            outcomes.addWidget(button)

        self.follow_label = QLabel(self)
        self.follow_label.setObjectName("followUpDue")
        self.follow_label.setTextFormat(Qt.TextFormat.PlainText)
        self.follow_label.setWordWrap(True)
        self.snooze_buttons: dict[Snooze, QPushButton] = {}
        self.follow_row = QWidget(self)
        follow = FlowLayout(self.follow_row)
        self.pick_button = QToolButton(self.follow_row)
        self.pick_button.setObjectName("followUpPick")
        self.pick_button.setText(self.tr("Follow up…"))
        self.pick_button.setAccessibleName(self.tr("Set a follow-up"))
        self.pick_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.pick_menu = QMenu(self.pick_button)
        for pick in Pick:
            action = self.pick_menu.addAction(pick_label(pick))
            action.setObjectName(f"pick_{pick.value}")
            action.triggered.connect(lambda _=False, p=pick: self.follow_up(p))
        self.pick_button.setMenu(self.pick_menu)
        follow.addWidget(self.pick_button)
        for snooze in SNOOZES:
            button = QPushButton(snooze_label(snooze), self.follow_row)
            button.setObjectName(f"snooze_{snooze.value}")
            button.setAccessibleName(self.tr("Snooze the follow-up: %1")
                                     .replace("%1", snooze_label(snooze)))
            button.clicked.connect(lambda _=False, s=snooze: self.snooze(s))
            self.snooze_buttons[snooze] = button
            follow.addWidget(button)
        self.done_button = QPushButton(self.tr("Done"), self.follow_row)
        self.done_button.setObjectName("followUpDone")
        self.done_button.setAccessibleName(self.tr("Mark the follow-up done"))
        self.done_button.clicked.connect(self.done)
        follow.addWidget(self.done_button)

        self.note = QLineEdit(self)
        self.note.setObjectName("timelineNote")
        self.note.setAccessibleName(self.tr("New note"))
        self.note.setPlaceholderText(self.tr("A note about this buyer…"))
        self.note.returnPressed.connect(self.add_note)
        self.note_button = QPushButton(self.tr("Add note"), self)
        self.note_button.setObjectName("addNote")
        self.note_button.setAccessibleName(self.tr("Add note"))
        self.note_button.clicked.connect(self.add_note)
        note_row = QHBoxLayout()
        note_row.addWidget(self.note, 1)
        note_row.addWidget(self.note_button)

        self.entries = QListWidget(self)
        self.entries.setObjectName("timelineList")
        self.entries.setAccessibleName(self.tr("Timeline entries"))
        self.entries.setWordWrap(True)
        self.entries.setMinimumHeight(90)

        layout = QVBoxLayout(self)
        layout.addWidget(outcome_row)
        layout.addWidget(self.follow_label)
        layout.addWidget(self.follow_row)
        layout.addLayout(note_row)
        layout.addWidget(self.entries)
        self.show_lead(None)

    # --- showing -------------------------------------------------------------------
    def show_lead(self, lead: StoredLead | None) -> None:
        self.lead = lead
        self.setEnabled(lead is not None)
        self.refresh()

    def refresh(self) -> None:
        """Read the shown lead's timeline again (newest first)."""
        self.entries.clear()
        lead = self.lead
        due = lead.follow_up_ts if lead is not None else None
        for button in (*self.snooze_buttons.values(), self.done_button):
            button.setVisible(due is not None)
        self.follow_label.setText(self.tr("No follow-up set") if due is None else self.tr(
            "Follow up %1").replace("%1", ist_text(datetime.fromtimestamp(due, IST))))
        if lead is None:
            return
        for event in reversed(events(self.db, lead.id)):
            self.entries.addItem(entry_text(event))
        if not self.entries.count():
            self.entries.addItem(self.tr("Nothing recorded yet."))

    def attempted(self, channel: str) -> None:
        """A contact button was pressed: record the attempt, preselect its channel."""
        self.channel.setCurrentIndex(max(0, self.channel.findData(channel)))
        self._record("contact", channel=channel, outcome="attempted")

    # --- recording ---------------------------------------------------------------------
    def _record(self, kind: str, **event: object) -> None:
        if self.lead is None:
            return
        self.writer.record(self.lead.id, kind, now=self.clock(), **event)

    def record_outcome(self, outcome: str) -> None:
        self._record("contact", channel=str(self.channel.currentData()), outcome=outcome)

    def add_note(self) -> None:
        text = self.note.text().strip()
        if text:
            self._record("note", text=text)
            self.note.clear()

    def follow_up(self, pick: Pick) -> None:
        due = quick_pick(pick, datetime.fromtimestamp(self.clock(), IST))
        self._record("follow_up_set", due_ts=due.timestamp())

    def snooze(self, snooze: Snooze) -> None:
        until = snoozed_until(snooze, datetime.fromtimestamp(self.clock(), IST))
        self._record("follow_up_set", outcome="snoozed", due_ts=until.timestamp())

    def done(self) -> None:
        self._record("follow_up_done")
