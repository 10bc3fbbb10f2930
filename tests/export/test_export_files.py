"""The export file itself: private modes, symbolic links, devices and a really full disk.

Real files, real links, real modes and (where the test may mount, i.e. as root on Linux) a
real tmpfs filled to its last byte. Root writes through any mode, so the tests look at
what the export did with the modes, not at whether a write was refused by the system.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import stat
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_xlsx import make_store

from indiamart_desktop.export import ExportError, export_leads
from indiamart_desktop.store.query import LeadFilter, LeadQuery, Sort

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX file modes and links")

OLD = b"the seller's previous export\n"
FORMATS = ["leads.csv", "leads.xlsx"]


@pytest.fixture
def query(tmp_data_dir: Path) -> LeadQuery:
    return LeadQuery(make_store(tmp_data_dir))


@pytest.fixture
def umask_022() -> Iterator[None]:
    previous = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(previous)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


@pytest.mark.usefixtures("umask_022")
@pytest.mark.parametrize("name", FORMATS)
def test_a_new_export_is_private_like_the_database(query: LeadQuery, tmp_path: Path,
                                                   name: str) -> None:
    """Buyer phones and e-mails: readable by the seller only, whatever the umask."""
    result = export_leads(tmp_path / name, query, LeadFilter(), Sort())
    assert _mode(result.path) == 0o600
    assert result.path.stat().st_size > 0


@pytest.mark.usefixtures("umask_022")
@pytest.mark.parametrize(("mode", "after"), [
    (0o640, 0o640),  # shared with the accountant's group on purpose
    (0o600, 0o600),
    (0o644, 0o640),  # as earlier versions made them: no longer readable by everyone
    (0o666, 0o660),
])
def test_a_replaced_export_keeps_its_mode_but_never_for_everyone(
        query: LeadQuery, tmp_path: Path, mode: int, after: int) -> None:
    target = tmp_path / "shared.csv"
    target.write_bytes(OLD)
    target.chmod(mode)
    export_leads(target, query, LeadFilter(), Sort())
    assert _mode(target) == after
    assert target.read_bytes() != OLD


@pytest.mark.parametrize("name", FORMATS)
def test_a_link_is_written_through_and_stays_a_link(query: LeadQuery, tmp_path: Path,
                                                    name: str) -> None:
    real_folder = tmp_path / "real"
    real_folder.mkdir()
    real = real_folder / name
    real.write_bytes(OLD)
    real.chmod(0o600)
    links = tmp_path / "links"
    links.mkdir()
    link = links / name
    link.symlink_to(real)

    export_leads(link, query, LeadFilter(), Sort())

    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_bytes() != OLD and real.stat().st_size > 0
    assert _mode(real) == 0o600
    assert _names(links) == [name]  # no temporary file left beside the link
    assert _names(real_folder) == [name]


@pytest.mark.usefixtures("umask_022")
def test_a_dangling_link_creates_a_private_file_where_it_points(query: LeadQuery,
                                                                tmp_path: Path) -> None:
    link = tmp_path / "leads.csv"
    link.symlink_to(tmp_path / "elsewhere.csv")
    export_leads(link, query, LeadFilter(), Sort())
    assert link.is_symlink()
    assert _mode(tmp_path / "elsewhere.csv") == 0o600


@pytest.mark.parametrize("name", FORMATS)
def test_a_link_to_a_device_is_refused_and_kept(query: LeadQuery, tmp_path: Path,
                                                name: str) -> None:
    """A link to /dev/full was replaced by a world-writable file (copymode followed it)."""
    device = Path("/dev/full")
    if not device.exists():
        pytest.skip("no /dev/full here")
    device_mode = _mode(device)
    link = tmp_path / name
    link.symlink_to(device)
    with pytest.raises(ExportError, match=r"is not an ordinary file \(it leads to /dev/full\)"):
        export_leads(link, query, LeadFilter(), Sort())
    assert link.is_symlink() and os.readlink(link) == str(device)
    assert _names(tmp_path) == sorted([name, "data"])
    assert _mode(device) == device_mode


def test_a_link_loop_is_a_clear_error(query: LeadQuery, tmp_path: Path) -> None:
    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    first.symlink_to(second)
    second.symlink_to(first)
    with pytest.raises(ExportError, match="is a broken link"):
        export_leads(first, query, LeadFilter(), Sort())
    assert first.is_symlink() and second.is_symlink()


def test_a_read_only_export_is_not_replaced(query: LeadQuery, tmp_path: Path) -> None:
    target = tmp_path / "keep.xlsx"
    target.write_bytes(OLD)
    target.chmod(0o444)
    with pytest.raises(ExportError, match="is read-only: choose another file name"):
        export_leads(target, query, LeadFilter(), Sort())
    assert target.read_bytes() == OLD and _mode(target) == 0o444


def test_a_file_name_too_long_for_the_file_system(query: LeadQuery, tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="file name is too long"):
        export_leads(tmp_path / ("x" * 300 + ".csv"), query, LeadFilter(), Sort())


# ---------------------------------------------------------------- a real full disk


def _can_mount() -> bool:
    if os.geteuid() != 0 or shutil.which("mount") is None:
        return False
    probe = Path("/tmp") / f"indiamart-export-mount-probe-{os.getpid()}"
    probe.mkdir(exist_ok=True)
    try:
        done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(probe)],
                              capture_output=True, check=False)
        if done.returncode != 0:
            return False
        subprocess.run(["umount", str(probe)], check=True)
        return True
    finally:
        probe.rmdir()


@contextlib.contextmanager
def _full_disk(path: Path) -> Iterator[Path]:
    """A 1 MB tmpfs holding an old export, then filled to the last byte."""
    path.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m,mode=0700", "tmpfs", str(path)],
                   check=True)
    try:
        for name in FORMATS:
            (path / name).write_bytes(OLD)
        with (path / "ballast").open("wb", buffering=0) as out:
            for size in (65536, 4096, 512, 1):
                try:
                    while out.write(b"\0" * size):
                        pass
                except OSError as error:
                    assert error.errno == errno.ENOSPC
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], check=False)


needs_mount = pytest.mark.skipif(not _can_mount(),
                                 reason="needs root and mount (tmpfs) to fill a real disk")


@needs_mount
@pytest.mark.parametrize("name", FORMATS)
@pytest.mark.parametrize("through_link", [False, True], ids=["direct", "through-a-link"])
def test_a_really_full_disk_is_a_clear_error_and_loses_nothing(
        query: LeadQuery, tmp_path: Path, name: str, through_link: bool) -> None:
    with _full_disk(tmp_path / "disk") as disk:
        target = disk / name
        if through_link:
            target = tmp_path / name
            target.symlink_to(disk / name)
        with pytest.raises(ExportError, match=r"^The disk is full\.$"):
            export_leads(target, query, LeadFilter(), Sort())
        assert (disk / name).read_bytes() == OLD
        assert _names(disk) == sorted([*FORMATS, "ballast"])
        assert not through_link or target.is_symlink()
