"""Process-wide logging: a rotating file in the user's log folder, stderr, key redaction."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

from indiamart_desktop.indiamart.redact import RedactingFilter

FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"


def setup_logging(log_folder: Path | None, *, verbose: bool = False,
                  console: bool = True) -> Path | None:
    """Configure the root logger once; return the log file path (None if it cannot be made)."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        root.removeHandler(handler)
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    log_file: Path | None = None
    handlers: list[logging.Handler] = []
    if console:
        stream = logging.StreamHandler()
        stream.setLevel(logging.DEBUG if verbose else logging.WARNING)
        handlers.append(stream)
    if log_folder is not None:
        try:
            log_folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            log_file = log_folder / "indiamart-desktop.log"
            rotating = logging.handlers.RotatingFileHandler(
                log_file, maxBytes=2_000_000, backupCount=5, encoding="utf-8"
            )
            rotating.setLevel(logging.DEBUG if verbose else logging.INFO)
            handlers.append(rotating)
        except OSError as error:
            logging.getLogger(__name__).warning("No log file in %s: %s", log_folder,
                                                error.strerror)
            log_file = None
    for handler in handlers:
        handler.setFormatter(logging.Formatter(FORMAT))
        handler.addFilter(RedactingFilter())
        root.addHandler(handler)
    logging.getLogger("urllib3").setLevel(logging.WARNING)
    return log_file
