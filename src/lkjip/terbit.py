"""Publishing a built report: crash-safe swap into place, a lock per report, recovery, messages.

Everything is written into a private staging folder and swapped into ``build/<dinas>-<tahun>/``
only when every step succeeded, so a failed run leaves the last good report untouched. A run
can also be *killed* (power cut, ``kill -9``, a full disk) at any instant; what makes that safe:

* **A journal.** Before the first rename, ``.terbit-<report>.json`` names the staging folder
  (complete) and the backup. The swap is: old report -> ``.old-<report>``, staging -> report,
  backup removed, journal removed. Whatever step a run died at, :func:`pulihkan` at the start
  of the next run (under the lock) finishes the swap or restores the backup, so a report folder
  always comes back.
* **A lock per report.** ``.kunci-<report>`` holds the owner's pid and an advisory ``flock``
  that the kernel drops when the owner dies: a second build of the same report is refused, and
  the lock of a dead owner is taken over with a message.
* **Staging named by its owner.** ``.staging-<report>-<pid>-...``: folders of dead runs are
  removed at start, with a message.
* **Signals.** SIGTERM is turned into an exception while a build runs, so Ctrl-C and SIGTERM
  both leave through the same ``finally`` that removes the run's own staging folder.

A fault-injection hook (:data:`titik_uji`) is called at every step of the swap; the tests kill
the process there and check that a complete report is in place after recovery.
"""
from __future__ import annotations

import errno
import json
import os
import re
import shutil
import signal
import socket
import tempfile
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

from .exceptions import BuildError

#: Called with the name of each step of the swap (see ``LANGKAH``); None in normal runs.
titik_uji: Callable[[str], None] | None = None
#: The steps of :func:`swap_into_place`, in order; the hook is called *before* each.
LANGKAH = ("jurnal", "cadangkan", "pasang", "hapus_cadangan", "hapus_jurnal", "selesai")

#: Written into a staging folder when it is complete, just before the swap.
PENANDA_LENGKAP = ".lengkap"
_STAGING = re.compile(r"^\.staging-(?P<report>.+)-(?P<pid>\d+)@(?P<host>\w+)-[^-]+$")


def shown(path: Path) -> str:
    """A path as the user typed it: relative to the working folder when inside it."""
    try:
        return str(Path(path).resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _langkah(nama: str) -> None:
    if titik_uji is not None:
        titik_uji(nama)


def _jurnal(final: Path) -> Path:
    return final.parent / f".terbit-{final.name}.json"


def _cadangan(final: Path) -> Path:
    return final.parent / f".old-{final.name}"


def pastikan_di_dalam(path: Path, folder: Path) -> Path:
    """``path`` resolved, refused with a BuildError unless it lies inside ``folder``: every path
    the build writes is checked, so no params value can make it write elsewhere."""
    resolved, base = Path(path).resolve(), Path(folder).resolve()
    if resolved != base and not resolved.is_relative_to(base):
        raise BuildError(f"Jalur keluaran {resolved} berada di luar folder build {base}; tidak ditulis.")
    return resolved


# --- staging, recovery -------------------------------------------------------------------------

def _pemilik() -> str:
    """This process as ``pid@host`` (host reduced to word characters): builds on several machines
    sharing one build folder (Dask workers) judge only their own host's pids."""
    host = re.sub(r"\W", "_", socket.gethostname()) or "host"
    return f"{os.getpid()}@{host}"


def buat_staging(out_dir: Path, report: str) -> Path:
    """A private staging folder for this run, named with its pid and host so a later run can tell
    a dead run's folder from a living one's."""
    return Path(tempfile.mkdtemp(prefix=f".staging-{report}-{_pemilik()}-", dir=out_dir))


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


def pulihkan(final: Path, say: Callable[[str], None] = lambda message: None) -> None:
    """Bring ``final`` back to a complete report after a swap that was interrupted at any step:
    finish the swap when the journal names a complete staging folder, else restore the backup.
    Safe to call at any time while holding the report's lock; does nothing when all is well."""
    final = Path(final)
    jurnal, cadangan = _jurnal(final), _cadangan(final)
    staging = None
    if jurnal.exists():
        try:
            staging = final.parent / json.loads(jurnal.read_text(encoding="utf-8"))["staging"]
        except (OSError, ValueError, KeyError, TypeError):
            staging = None
    if not final.exists():
        if staging is not None and (staging / PENANDA_LENGKAP).is_file():
            os.rename(staging, final)
            say(f"  penerbitan yang terputus diselesaikan: {shown(final)}")
        elif cadangan.is_dir():
            os.rename(cadangan, final)
            say(f"  laporan sebelumnya dipulihkan dari {shown(cadangan)}")
    if final.exists():
        (final / PENANDA_LENGKAP).unlink(missing_ok=True)
        if cadangan.exists():
            shutil.rmtree(cadangan, ignore_errors=True)
    legacy = re.compile(rf"\.old-{re.escape(final.name)}-[a-z0-9_]{{8}}")  # tempfile names of older versions
    for old in (p for p in final.parent.glob(f".old-{final.name}-*") if legacy.fullmatch(p.name)):
        if not final.exists() and old.is_dir():
            os.rename(old, final)
            say(f"  laporan sebelumnya dipulihkan dari {shown(old)}")
        else:
            shutil.rmtree(old, ignore_errors=True)
    if jurnal.exists():
        if staging is not None and staging.exists() and final.exists():
            shutil.rmtree(staging, ignore_errors=True)
        jurnal.unlink(missing_ok=True)


def swap_into_place(staging: Path, final: Path) -> None:
    """Replace ``final`` by the complete ``staging`` folder, so readers never see half a report
    and a crash at any step leaves something :func:`pulihkan` turns back into a whole report."""
    staging, final = Path(staging), Path(final)
    jurnal, cadangan = _jurnal(final), _cadangan(final)
    pulihkan(final)
    (staging / PENANDA_LENGKAP).write_text("", encoding="utf-8")
    try:
        _langkah("jurnal")
        write_atomically(jurnal, json.dumps({"staging": staging.name, "cadangan": cadangan.name}))
        _langkah("cadangkan")
        if final.exists():
            os.rename(final, cadangan)
        _langkah("pasang")
        os.rename(staging, final)
        _langkah("hapus_cadangan")
        shutil.rmtree(cadangan, ignore_errors=True)
        _langkah("hapus_jurnal")
        jurnal.unlink(missing_ok=True)
        _langkah("selesai")
    except BaseException:
        pulihkan(final)  # an exception (Ctrl-C, a full disk) mid-swap: put a whole report back now
        raise
    (final / PENANDA_LENGKAP).unlink(missing_ok=True)


def write_atomically(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file and a rename: readers see the old
    or the new content, never a half-written file."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


# --- lock --------------------------------------------------------------------------------------

@contextmanager
def kunci_laporan(out_dir: Path, report: str, say: Callable[[str], None]) -> Iterator[Path]:
    """Hold ``.kunci-<report>`` for the duration: refuse while another living process holds it,
    take it over (with a message) when its owner died."""
    path = Path(out_dir) / f".kunci-{report}"
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
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

class Dihentikan(KeyboardInterrupt):
    """The build was stopped by SIGTERM; raised in the main thread like Ctrl-C's KeyboardInterrupt,
    so the same cleanup runs."""


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


# --- operating-system errors as messages --------------------------------------------------------

_SARAN = {
    errno.EACCES: ("izin ditolak (permission denied)",
                   "beri hak tulis pada folder itu atau jalankan dari folder proyek milik Anda; di Windows "
                   "berkas yang sedang dibuka program lain (Excel, penampil PDF) juga ditolak: tutup dulu"),
    errno.EPERM: ("operasi tidak diizinkan (operation not permitted)",
                  "periksa pemilik dan hak akses folder itu"),
    errno.EROFS: ("folder hanya-baca (read-only file system)",
                  "salin proyek ke folder yang dapat ditulisi, atau minta admin melepas proteksi tulis"),
    errno.ENOSPC: ("disk penuh (no space left on device)",
                   "kosongkan ruang disk (mis. hapus build/ lama atau berkas sementara), lalu ulangi"),
    errno.EDQUOT: ("kuota disk habis (disk quota exceeded)", "hapus berkas yang tidak perlu, lalu ulangi"),
    errno.ENOENT: ("tidak ditemukan (no such file or directory)",
                   "periksa bahwa folder itu ada dan namanya benar"),
    errno.ENOTDIR: ("bukan folder (not a directory)", "ada berkas dengan nama folder itu; pindahkan atau ganti namanya"),
    errno.EISDIR: ("berupa folder, bukan berkas (is a directory)", "pindahkan folder itu atau pilih nama lain"),
    errno.EBUSY: ("sedang dipakai program lain (resource busy)",
                  "tutup program yang membuka berkas itu (Excel, penampil PDF, antivirus), lalu ulangi"),
    errno.ETXTBSY: ("sedang dipakai program lain (file busy)", "tutup program yang membuka berkas itu, lalu ulangi"),
    errno.EAGAIN: ("terkunci oleh program lain (file locked)", "tutup program yang membuka berkas itu, lalu ulangi"),
    errno.EMFILE: ("terlalu banyak berkas terbuka (too many open files)", "tutup program lain, lalu ulangi"),
    errno.ENAMETOOLONG: ("nama terlalu panjang (file name too long)", "pakai folder proyek dengan jalur lebih pendek"),
}


def pesan_os(exc: OSError, konteks: str = "", folder: Path | None = None) -> str:
    """An OSError as a sentence for the analyst: what, which path (``folder`` when the error
    names none, as a failed write to an open file does), what to do."""
    what, fix = _SARAN.get(exc.errno, (exc.strerror or type(exc).__name__, "periksa folder dan berkas itu, lalu ulangi"))
    paths = [p for p in (exc.filename, exc.filename2) if p] or ([folder] if folder is not None else [])
    where = " -> ".join(shown(Path(os.fsdecode(p))) for p in paths) or "(jalur tidak diketahui)"
    lead = f"{konteks}: " if konteks else ""
    return f"{lead}{where}: {what}. Yang perlu dilakukan: {fix}."
