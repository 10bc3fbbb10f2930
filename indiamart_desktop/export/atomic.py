"""Writing a file all-or-nothing: a temporary file beside the target, renamed at the end.

A failed or cancelled export leaves no half file behind and never damages the file it
would have replaced. OS errors become sentences a seller can act on.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import os
import secrets
import shutil
from collections.abc import Iterator
from pathlib import Path

log = logging.getLogger(__name__)


class ExportError(RuntimeError):
    """An export could not be written; the message says why in plain words."""


class ExportCancelled(ExportError):
    """The seller cancelled the export; nothing was written."""

    def __init__(self, message: str = "The export was cancelled; no file was written.") -> None:
        super().__init__(message)


FILE_IN_USE = "The file is open in another program (Excel?): close it and export again."


def describe_os_error(error: OSError, target: Path, *, replacing: bool = False) -> str:
    """Turn an OS error met while writing ``target`` into a clear sentence."""
    folder = target.parent
    if error.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return "The disk is full."
    if error.errno == errno.EROFS:
        return f"{folder} is on a read-only disk."
    if isinstance(error, PermissionError):
        # On Windows a file open in Excel refuses to be replaced.
        if replacing and target.exists():
            return FILE_IN_USE
        return f"No permission to write in {folder}."
    if isinstance(error, IsADirectoryError) or target.is_dir():
        return f"{target} is a folder, not a file."
    if isinstance(error, (FileNotFoundError, NotADirectoryError)):
        return f"The folder {folder} does not exist."
    return f"Could not write {target}: {error.strerror or error}."


def _temporary_beside(target: Path) -> tuple[Path, int]:
    """Create an empty, hidden temporary file in the target's folder (umask applies)."""
    for _ in range(100):
        candidate = target.with_name(f".{target.stem}.{secrets.token_hex(4)}.part{target.suffix}")
        try:
            return candidate, os.open(candidate, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no free temporary name", str(target.parent))


@contextlib.contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """Yield a temporary path to write; on success it replaces ``target`` in one rename.

    Any exception (cancel included) removes the temporary file and leaves ``target`` as it
    was. OS errors are raised as :class:`ExportError` with a clear message.
    """
    if target.is_dir():
        raise ExportError(f"{target} is a folder, not a file.")
    try:
        temporary, handle = _temporary_beside(target)
        os.close(handle)
    except OSError as error:
        raise ExportError(describe_os_error(error, target)) from error
    try:
        try:
            yield temporary
        except OSError as error:
            raise ExportError(describe_os_error(error, target)) from error
        if target.exists():
            with contextlib.suppress(OSError):
                shutil.copymode(target, temporary)
        try:
            os.replace(temporary, target)
        except OSError as error:
            raise ExportError(describe_os_error(error, target, replacing=True)) from error
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        log.info("Export to %s did not complete; temporary file removed", target)
        raise
