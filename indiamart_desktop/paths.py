"""Where things live: the user's data and log folders, and the packaged resources."""

from __future__ import annotations

import sys
from importlib import resources
from pathlib import Path

import platformdirs

from indiamart_desktop import APP_ID

_APP_AUTHOR = "IndiaMART Lead Desktop"


def default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_ID, _APP_AUTHOR))


def demo_data_dir(base: Path | None = None) -> Path:
    """Demo mode keeps its own database, so it never mixes with real leads."""
    return (base or default_data_dir()) / "demo"


def log_dir() -> Path:
    return Path(platformdirs.user_log_dir(APP_ID, _APP_AUTHOR))


def resource_dir() -> Path:
    """The folder of icons and other resources, installed, frozen or in a source checkout."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "indiamart_desktop" / "resources"
    packaged = Path(str(resources.files("indiamart_desktop"))) / "resources"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "resources"


def resource(name: str) -> Path:
    return resource_dir() / name
