"""SVG icons from the packaged resources, loaded once."""

from __future__ import annotations

import functools
import logging

from PySide6.QtGui import QIcon

from indiamart_desktop.paths import resource

log = logging.getLogger(__name__)


@functools.cache
def icon(name: str) -> QIcon:
    path = resource(f"icons/{name}.svg")
    if not path.is_file():
        log.warning("Icon %s is missing", path)
        return QIcon()
    return QIcon(str(path))


def type_icon(code: str) -> QIcon:
    return icon(f"type-{code}") if code in ("W", "B", "P") else icon("type-other")
