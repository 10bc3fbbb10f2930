"""Desktop notifications where no tray icon exists (e.g. GNOME without an AppIndicator
extension): a direct ``org.freedesktop.Notifications.Notify`` call over D-Bus.

jeepney (pure Python, already required by keyring's Secret Service backend) sends it with
the exact D-Bus signature the specification asks for. Each notification carries the
"default" action, and the connection stays open to hear ``ActionInvoked``, so clicking a
notification opens its lead. The title is plain text (the specification allows markup in
the body only); the body is escaped where the server renders body markup.
"""

from __future__ import annotations

import html
import logging
import sys
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Signal, Slot

from indiamart_desktop import APP_NAME

log = logging.getLogger(__name__)

_TIMEOUT_S = 1.0
_EXPIRE_MS = 10_000
_PATH = "/org/freedesktop/Notifications"
_NAME = "org.freedesktop.Notifications"
DEFAULT_ACTION = "default"


class _Relay:
    """Stands in for the queue of a jeepney filter: the router's receiver thread hands it
    each matching signal, and it is passed on as a Qt signal (queued to the GUI thread)."""

    def __init__(self, notifier: DesktopNotifier) -> None:
        self.notifier = notifier

    def put_nowait(self, message: Any) -> None:
        member = message.header.fields.get(_member_field())
        body = message.body
        if member == "ActionInvoked" and len(body) == 2:
            self.notifier._signalled.emit(int(body[0]), str(body[1]))
        elif member == "NotificationClosed" and body:
            self.notifier._signalled.emit(int(body[0]), "")


def _member_field() -> Any:
    from jeepney import HeaderFields  # noqa: PLC0415

    return HeaderFields.member


class DesktopNotifier(QObject):
    """Sends notifications through the session's notification server; emits
    ``openLead(id)`` when the seller clicks one. :meth:`close` ends its D-Bus thread."""

    openLead = Signal(int)
    _signalled = Signal(int, str)  # (notification id, action; "" once closed)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._router: Any = None
        self._connection: Any = None
        self._leads: dict[int, int] = {}
        self._signalled.connect(self._on_signal)

    def send(self, title: str, body: str, lead_id: int | None = None) -> bool:
        """Show a notification (clicking it opens ``lead_id``); False if no server."""
        if not sys.platform.startswith("linux"):
            return False
        try:
            from jeepney import DBusAddress, new_method_call  # noqa: PLC0415

            router = self._open()
            address = DBusAddress(_PATH, bus_name=_NAME, interface=_NAME)
            reply = router.send_and_get_reply(new_method_call(address, "GetCapabilities"),
                                              timeout=_TIMEOUT_S)
            if "body-markup" in list(reply.body[0]):
                body = html.escape(body, quote=False)
            actions = [] if lead_id is None else [
                DEFAULT_ACTION, QCoreApplication.translate("Notify", "Open")]
            call = new_method_call(address, "Notify", "susssasa{sv}i",
                                   (APP_NAME, 0, "", title, body, actions, {}, _EXPIRE_MS))
            reply = router.send_and_get_reply(call, timeout=_TIMEOUT_S)
        except Exception as error:  # no session bus, no server, a timeout: fall back
            log.info("No desktop notification server: %s", type(error).__name__)
            self.close()
            return False
        if lead_id is not None and reply.body:
            self._leads[int(reply.body[0])] = lead_id
        return True

    def _open(self) -> Any:
        if self._router is not None:
            return self._router
        from jeepney import MatchRule, message_bus  # noqa: PLC0415
        from jeepney.io.threading import DBusRouter, open_dbus_connection  # noqa: PLC0415

        self._connection = open_dbus_connection(bus="SESSION")
        self._router = DBusRouter(self._connection)
        rule = MatchRule(type="signal", interface=_NAME, path=_PATH)
        self._router.filter(rule, queue=_Relay(self))
        self._router.send_and_get_reply(message_bus.AddMatch(rule), timeout=_TIMEOUT_S)
        return self._router

    @Slot(int, str)
    def _on_signal(self, notification: int, action: str) -> None:
        lead_id = self._leads.pop(notification, None)
        if lead_id is not None and action == DEFAULT_ACTION:
            self.openLead.emit(lead_id)

    def close(self) -> None:
        """Stop listening and close the D-Bus connection (at quit)."""
        router, connection = self._router, self._connection
        self._router = self._connection = None
        self._leads.clear()
        if router is not None:
            router.close()
        if connection is not None:
            connection.close()
