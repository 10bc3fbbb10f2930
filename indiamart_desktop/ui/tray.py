"""The tray icon: menu, unread count and one notification per batch of new leads.

Notifications go out through ``QSystemTrayIcon.showMessage`` (a D-Bus ``Notify`` call on
Linux desktops with a StatusNotifier host). The title is plain text everywhere (the
freedesktop specification allows markup in the body only), so it carries the buyer's name
as written; the body is escaped when the notification server would render it as markup.
"""

from __future__ import annotations

import html
import logging
import sys

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QSystemTrayIcon

from indiamart_desktop.store.query import StoredLead
from indiamart_desktop.ui.icons import icon

log = logging.getLogger(__name__)
_tr = QCoreApplication.translate

MESSAGE_MS = 10_000


def _server_renders_markup() -> bool:
    """Whether the desktop's notification server interprets body text as markup."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        from PySide6.QtDBus import QDBusConnection, QDBusInterface  # noqa: PLC0415
    except ImportError:
        return False
    bus = QDBusConnection.sessionBus()
    if not bus.isConnected():
        return False
    interface = QDBusInterface("org.freedesktop.Notifications", "/org/freedesktop/Notifications",
                               "org.freedesktop.Notifications", bus)
    if not interface.isValid():
        return False
    reply = interface.call("GetCapabilities")
    arguments = reply.arguments()
    capabilities = arguments[0] if arguments else []
    return "body-markup" in list(capabilities or [])


def _kind(code: str) -> str:
    kinds = {
        "B": _tr("Tray", "New buy-lead"),
        "P": _tr("Tray", "New phone call"),
        "W": _tr("Tray", "New enquiry"),
        "WA": _tr("Tray", "New WhatsApp enquiry"),
        "BIZ": _tr("Tray", "New catalogue view"),
        "V": _tr("Tray", "New catalogue view"),
    }
    return kinds.get(code, _tr("Tray", "New lead"))


def notification_for(leads: list[StoredLead]) -> tuple[str, str]:
    """Title and body for a batch of new leads (plain text). One lead: the buyer as the
    title; what came and from where in the body, each said once."""
    if len(leads) == 1:
        lead = leads[0]
        kind = _kind(lead.query_type)
        who = lead.sender_name or lead.mobile
        first = " · ".join(p for p in (kind if who else "", lead.city) if p)
        lines = [line for line in (first, lead.product or lead.subject) if line]
        return (who or kind), "\n".join(lines)
    title = _tr("Tray", "%1 new leads").replace("%1", str(len(leads)))
    lines = [f"{lead.sender_name or lead.mobile}, {lead.city} - {lead.product or lead.subject}"
             for lead in leads[:3]]
    if len(leads) > 3:
        lines.append(_tr("Tray", "…and %1 more").replace("%1", str(len(leads) - 3)))
    return title, "\n".join(lines)


class Tray(QObject):
    """Owns the QSystemTrayIcon; emits what the seller picks from it."""

    openRequested = Signal()
    openLead = Signal(int)
    checkNow = Signal()
    pauseToggled = Signal(bool)
    quitRequested = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.icon = QSystemTrayIcon(icon("tray"), self)
        self.icon.setObjectName("trayIcon")
        self.menu = QMenu()
        self.open_action = QAction(icon("app"), _tr("Tray", "Open IndiaMART Lead Desktop"),
                                   self)
        self.check_action = QAction(icon("check-now"), _tr("Tray", "Check now"), self)
        self.pause_action = QAction(icon("pause"), _tr("Tray", "Pause polling"), self)
        self.pause_action.setCheckable(True)
        self.quit_action = QAction(_tr("Tray", "Quit"), self)
        self.open_action.triggered.connect(self.openRequested)
        self.check_action.triggered.connect(self.checkNow)
        self.pause_action.toggled.connect(self.pauseToggled)
        self.quit_action.triggered.connect(self.quitRequested)
        for action in (self.open_action, self.check_action, self.pause_action):
            self.menu.addAction(action)
        self.menu.addSeparator()
        self.menu.addAction(self.quit_action)
        self.icon.setContextMenu(self.menu)
        self.icon.activated.connect(self._activated)
        self.icon.messageClicked.connect(self._message_clicked)
        self._last_lead: int | None = None
        self._markup: bool | None = None
        self._unread = 0
        self._desk = ""
        self.set_unread(0)

    @staticmethod
    def available() -> bool:
        return QSystemTrayIcon.isSystemTrayAvailable()

    def show(self) -> None:
        self.icon.show()

    def hide(self) -> None:
        self.icon.hide()

    def set_unread(self, count: int) -> None:
        self._unread = count
        self.icon.setIcon(icon("tray-unread" if count else "tray"))
        self._tooltip()

    def set_desk(self, summary: str) -> None:
        """The work queues' line ("3 need a reply, 2 follow-ups due"), under the unread."""
        self._desk = summary
        self._tooltip()

    def _tooltip(self) -> None:
        if self._unread:
            text = _tr("Tray", "IndiaMART Lead Desktop – %1 unread leads").replace(
                "%1", str(self._unread))
        else:
            text = _tr("Tray", "IndiaMART Lead Desktop – no unread leads")
        self.icon.setToolTip(f"{text}\n{self._desk}" if self._desk else text)

    def set_paused(self, paused: bool) -> None:
        self.pause_action.blockSignals(True)
        self.pause_action.setChecked(paused)
        self.pause_action.blockSignals(False)

    def set_check_enabled(self, enabled: bool, text: str) -> None:
        self.check_action.setEnabled(enabled)
        self.check_action.setText(text)

    def notify(self, leads: list[StoredLead]) -> tuple[str, str] | None:
        """Raise one notification for these new leads; returns what was sent."""
        if not leads:
            return None
        title, body = notification_for(leads)
        body = self.message(title, body, leads[0].id)
        log.info("Notified %d new lead(s)", len(leads))
        return title, body

    def message(self, title: str, body: str, lead_id: int | None) -> str:
        """One notification (plain text); clicking it opens ``lead_id``. Returns the body
        as sent."""
        if self._markup is None:
            self._markup = _server_renders_markup()
        if self._markup:
            body = html.escape(body, quote=False)
        self._last_lead = lead_id
        self.icon.showMessage(title, body, QSystemTrayIcon.MessageIcon.Information, MESSAGE_MS)
        return body

    def _activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason in (QSystemTrayIcon.ActivationReason.Trigger,
                      QSystemTrayIcon.ActivationReason.DoubleClick):
            self.openRequested.emit()

    def _message_clicked(self) -> None:
        if self._last_lead is not None:
            self.openLead.emit(self._last_lead)
        else:
            self.openRequested.emit()


