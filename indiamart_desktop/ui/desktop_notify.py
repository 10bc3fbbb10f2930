"""Desktop notifications where no tray icon exists (e.g. GNOME without an AppIndicator
extension): a direct ``org.freedesktop.Notifications.Notify`` call over D-Bus.

jeepney (pure Python, already required by keyring's Secret Service backend) sends it with
the exact D-Bus signature the specification asks for.
"""

from __future__ import annotations

import html
import logging
import sys

from indiamart_desktop import APP_NAME

log = logging.getLogger(__name__)

_TIMEOUT_S = 1.0
_EXPIRE_MS = 10_000


def send(title: str, body: str) -> bool:
    """Show a notification through the session's notification server; False if none."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        from jeepney import DBusAddress, new_method_call  # noqa: PLC0415
        from jeepney.io.blocking import open_dbus_connection  # noqa: PLC0415
    except ImportError:
        return False
    address = DBusAddress("/org/freedesktop/Notifications",
                          bus_name="org.freedesktop.Notifications",
                          interface="org.freedesktop.Notifications")
    try:
        with open_dbus_connection(bus="SESSION") as connection:
            reply = connection.send_and_get_reply(new_method_call(address, "GetCapabilities"),
                                                  timeout=_TIMEOUT_S)
            if "body-markup" in list(reply.body[0]):
                title, body = html.escape(title), html.escape(body)
            call = new_method_call(address, "Notify", "susssasa{sv}i",
                                   (APP_NAME, 0, "", title, body, [], {}, _EXPIRE_MS))
            connection.send_and_get_reply(call, timeout=_TIMEOUT_S)
    except Exception as error:  # no session bus, no server, a timeout: fall back
        log.info("No desktop notification server: %s", type(error).__name__)
        return False
    return True
