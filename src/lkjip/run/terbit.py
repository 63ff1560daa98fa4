"""A build's private working space: staging folders named by their owner, a lock per report,
and signals turned into the same clean exit as Ctrl-C.

Everything of a build is written into a private staging folder and swapped into
``build/<dinas>-<tahun>/`` only when every step succeeded (:func:`lkjip.core.berkas.swap_into_place`),
so a failed run leaves the last good report untouched. What this module adds:

* **A lock per report.** ``.kunci-<report>`` holds the owner's pid and an advisory ``flock``
  that the kernel drops when the owner dies: a second build of the same report is refused, and
  the lock of a dead owner is taken over with a message.
* **Staging named by its owner.** ``.staging-<report>-<pid>-...``: folders of dead runs are
  removed at start, with a message.
* **Signals.** SIGTERM is turned into an exception while a build runs, so Ctrl-C and SIGTERM
  both leave through the same ``finally`` that removes the run's own staging folder.
"""
from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import secrets
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

from lkjip.core.berkas import shown
from lkjip.core.exceptions import BuildError, Dihentikan

_STAGING = re.compile(r"^\.staging-(?P<report>.+)-(?P<pid>\d+)@(?P<host>\w+)-[^-]+$")


# --- staging -----------------------------------------------------------------------------------

def _pemilik() -> str:
    """This process as ``pid@host`` (host reduced to word characters): builds on several machines
    sharing one build folder (Dask workers) judge only their own host's pids."""
    host = re.sub(r"\W", "_", socket.gethostname()) or "host"
    return f"{os.getpid()}@{host}"


def nama_staging(out_dir: Path, report: str) -> Path:
    """The name of a private staging folder for this run, with its pid and host so a later run can
    tell a dead run's folder from a living one's. Named before it is made (:func:`buat_staging`), so
    whoever must remove it knows it even when Ctrl-C lands the instant it is created."""
    return Path(out_dir) / f".staging-{report}-{_pemilik()}-{secrets.token_hex(4)}"


def buat_staging(staging: Path) -> Path:
    """Make the staging folder named by :func:`nama_staging` (private to this user)."""
    staging.mkdir(mode=0o700)  # mkdir never follows a link at its own name; an existing one is refused
    return staging


def _hidup(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # exists, owned by someone else
    except OSError:
        return False
    return True


def bersihkan_sisa(out_dir: Path, report: str, say: Callable[[str], None]) -> None:
    """Remove staging folders of dead runs of this host (any report), and of this report whatever
    their owner but this process, since the caller holds this report's lock. Folders without an
    owner in their name (left by earlier versions) count as dead."""
    host = _pemilik().split("@", 1)[1]
    for folder in sorted(Path(out_dir).glob(".staging-*")):
        match = _STAGING.match(folder.name)
        if match is None:
            remove = True
        elif f"{match.group('pid')}@{match.group('host')}" == _pemilik():
            remove = False
        elif match.group("report") == report:
            remove = True
        else:
            remove = match.group("host") == host and not _hidup(int(match.group("pid")))
        if remove and folder.is_dir():
            shutil.rmtree(folder, ignore_errors=True)
            say(f"  sisa build yang terhenti dihapus: {shown(folder)}")


# --- lock --------------------------------------------------------------------------------------

@contextmanager
def kunci_laporan(out_dir: Path, report: str, say: Callable[[str], None]) -> Iterator[Path]:
    """Hold ``.kunci-<report>`` for the duration: refuse while another living process holds it,
    take it over (with a message) when its owner died."""
    path = Path(out_dir) / f".kunci-{report}"
    while True:
        try:  # never through a symlink: a lock file linked elsewhere would make the build write there
            fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o644)
        except OSError as exc:
            if path.is_symlink():
                raise BuildError(f"Berkas kunci {shown(path)} adalah tautan simbolik (symlink) ke "
                                 f"{os.path.realpath(path)}; lkjip tidak menulis melalui tautan. Hapus tautan itu, "
                                 "lalu bangun lagi.") from None
            raise exc
        try:
            owner = os.read(fd, 64).decode("ascii", "replace").strip()
            if not _kunci(fd):
                os.close(fd)
                raise BuildError(
                    f"Laporan {report} sedang dibangun oleh proses lain (pid {owner or '?'}; berkas kunci "
                    f"{shown(path)}). Tunggu sampai selesai; bila proses itu sudah tidak ada, hapus berkas kunci itu.")
            try:
                same = os.stat(path).st_ino == os.fstat(fd).st_ino
            except FileNotFoundError:
                same = False
            if same:
                break
            os.close(fd)  # the previous owner removed the file meanwhile: lock the new one
        except BaseException:
            try:
                os.close(fd)
            except OSError:
                pass
            raise
    try:
        if owner and owner != _pemilik():
            say(f"  kunci basi dari proses {owner} yang sudah berhenti diambil alih ({shown(path)})")
        os.ftruncate(fd, 0)
        os.pwrite(fd, _pemilik().encode("ascii"), 0)
        yield path
    finally:
        try:
            path.unlink(missing_ok=True)
        finally:
            os.close(fd)


def _kunci(fd: int) -> bool:
    """An exclusive advisory lock on ``fd`` without waiting; the kernel releases it when the
    process dies. Where ``fcntl`` does not exist (Windows) the pid in the file decides."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not on Linux/macOS
        os.lseek(fd, 0, os.SEEK_SET)
        owner = os.read(fd, 64).decode("ascii", "replace").strip().split("@")[0]
        return not (owner.isdigit() and _hidup(int(owner)))
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


# --- signals -----------------------------------------------------------------------------------

@contextmanager
def tangkap_sinyal() -> Iterator[None]:
    """While the block runs, SIGTERM raises :class:`Dihentikan` (the main thread only; elsewhere
    signal handlers cannot be set and the caller's own handling stays)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def berhenti(signum, frame):
        raise Dihentikan(f"dihentikan oleh sinyal {signal.Signals(signum).name}")

    previous = signal.signal(signal.SIGTERM, berhenti)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


