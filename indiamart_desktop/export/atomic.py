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
import stat
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
    if error.errno == errno.ENAMETOOLONG:
        return "The file name is too long: choose a shorter name."
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


def _destination(target: Path) -> Path:
    """The file an export to ``target`` really replaces: a symbolic link's final target.

    Writing through the link keeps the link (and whatever points at it) intact; renaming
    over the link itself would swap it for a plain file.
    """
    if not target.is_symlink():
        return target
    try:
        return Path(os.path.realpath(target, strict=True))
    except FileNotFoundError:
        return Path(os.path.realpath(target))  # a dangling link: create the file it names
    except OSError as error:
        raise ExportError(f"{target} is a broken link ({error.strerror}): choose another "
                          "file name.") from error


def _check_destination(target: Path, destination: Path) -> None:
    if destination.is_dir():
        raise ExportError(f"{target} is a folder, not a file.")
    if destination.exists() and not destination.is_file():
        leads_to = f" (it leads to {destination})" if destination != target else ""
        raise ExportError(f"{target} is not an ordinary file{leads_to}: an export can only "
                          "replace a file. Choose another file name.")
    if destination.exists() and not destination.stat().st_mode & stat.S_IWUSR:
        raise ExportError(f"{destination} is read-only: choose another file name, or make "
                          "the file writable and export again.")


def _temporary_beside(target: Path) -> tuple[Path, int]:
    """Create an empty, hidden temporary file in the target's folder, private (0600).

    ``O_EXCL`` never follows a link someone planted under the temporary name.
    """
    for _ in range(100):
        candidate = target.with_name(f".{target.stem}.{secrets.token_hex(4)}.part{target.suffix}")
        try:
            return candidate, os.open(candidate, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no free temporary name", str(target.parent))


def _finish(temporary: Path, destination: Path) -> None:
    """Give ``temporary`` the replaced file's permissions and push it to the disk.

    A new export stays private (0600, like the database). One that replaces a file keeps
    that file's owner and group permissions (the seller may share it with a group on
    purpose) but never any for every other user: buyer phones and e-mails are not for
    everyone on the machine. The fsync makes a full disk or a failing device show up here,
    before the old file is replaced.
    """
    if destination.exists():
        os.chmod(temporary, stat.S_IMODE(os.stat(destination).st_mode) & 0o770)
    handle = os.open(temporary, os.O_RDWR)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


@contextlib.contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """Yield a temporary path to write; on success it replaces ``target`` in one rename.

    Any exception (cancel included) removes the temporary file and leaves ``target`` as it
    was. A ``target`` that is a symbolic link is written through: the file it points to is
    replaced and the link stays. Anything but an ordinary file (a device such as
    ``/dev/full``, a pipe) is refused. OS errors are raised as :class:`ExportError` with a
    clear message.
    """
    try:
        destination = _destination(target)
        _check_destination(target, destination)
    except OSError as error:  # e.g. a name longer than the file system allows
        raise ExportError(describe_os_error(error, target)) from error
    try:
        temporary, handle = _temporary_beside(destination)
        os.close(handle)
    except OSError as error:
        raise ExportError(describe_os_error(error, destination)) from error
    try:
        try:
            yield temporary
            _finish(temporary, destination)
        except OSError as error:
            raise ExportError(describe_os_error(error, destination)) from error
        try:
            os.replace(temporary, destination)
        except OSError as error:
            raise ExportError(describe_os_error(error, destination, replacing=True)) from error
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        log.info("Export to %s did not complete; temporary file removed", target)
        raise
