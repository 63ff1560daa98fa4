"""Files the project writes, written safely: atomically, swapped into place crash-safely,
always inside the folder they belong to, and operating-system errors told as sentences.

Every stage that writes a file uses this module (the build publishing a report, ``excel impor``
replacing an agency's data folder, the site index). What makes a swap safe when a run is
*killed* (power cut, ``kill -9``, a full disk) at any instant:

* **A journal.** Before the first rename, ``.terbit-<name>.json`` names the staging folder
  (complete) and the backup. The swap is: old folder -> ``.old-<name>``, staging -> folder,
  backup removed, journal removed. Whatever step a run died at, :func:`pulihkan` at the start
  of the next run (under the caller's lock) finishes the swap or restores the backup, so the
  folder always comes back.

A fault-injection hook (:data:`titik_uji`) is called at every step of the swap; the tests kill
the process there and check that a complete folder is in place after recovery.
"""
from __future__ import annotations

import errno
import json
import os
import re
import shutil
from pathlib import Path
from typing import Callable

from lkjip.core.exceptions import BuildError

#: Called with the name of each step of the swap (see ``LANGKAH``); None in normal runs.
titik_uji: Callable[[str], None] | None = None
#: The steps of :func:`swap_into_place`, in order; the hook is called *before* each.
LANGKAH = ("jurnal", "cadangkan", "pasang", "hapus_cadangan", "hapus_jurnal", "selesai")

#: Written into a staging folder when it is complete, just before the swap.
PENANDA_LENGKAP = ".lengkap"


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


def keluar_dari(folder: Path, base: Path) -> list[Path]:
    """The files under ``folder`` (``folder`` itself included when it is a link) that resolve to a
    place outside ``base``: a symlink to a file elsewhere on the machine (``/etc/passwd``, another
    agency's share) that a build would read and publish. Inputs are refused when this is not empty."""
    folder, base = Path(folder), Path(base).resolve()
    if not folder.exists() and not folder.is_symlink():
        return []
    inside = lambda p: p == base or p.is_relative_to(base)  # noqa: E731
    if not inside(folder.resolve()):
        return [folder]
    out = []
    for path in sorted(folder.rglob("*")):
        if path.is_symlink() and not inside(path.resolve()):
            out.append(path)
    return out


# --- swap and recovery ------------------------------------------------------------------------

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


class CatatanPemulihan(UserWarning):
    """A data folder was brought back from a swap a crash interrupted; said once."""

    untuk_analis = True  # the command line prints it as a plain note


def pulihkan_folder_data(folder: Path) -> None:
    """Every command that reads or replaces an agency's data folder calls this first: a crash in
    the middle of ``excel impor`` or ``migrasi`` (:func:`ganti_folder`) left the folder renamed to
    its backup or its complete new version beside it; this puts it back (finishing the swap when the
    new version was complete) before anyone says the agency has no data folder."""
    import warnings

    folder = Path(folder)
    if not (_jurnal(folder).exists() or _cadangan(folder).exists()):
        return
    ada = folder.is_dir()
    told: list[str] = []
    pulihkan(folder, told.append)
    if not ada and folder.is_dir():
        how = "versi barunya yang lengkap dipasang" if any("diselesaikan" in t for t in told) else \
            "isinya sebelum penggantian dipulihkan"
        warnings.warn(CatatanPemulihan(f"{shown(folder)}: penggantian folder data yang terputus (excel impor "
                                       f"atau migrasi) dipulihkan: {how}."), stacklevel=2)


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


def ganti_folder(folder: Path, susun: Callable[[Path], None], galat: type[Exception], sebab: str) -> None:
    """Replace ``folder`` (a data folder) by a new version, all or nothing: ``susun`` fills a staging
    folder beside it (same file system, same mode), which :func:`swap_into_place` then puts in its
    place; on any failure the staging folder is removed and ``folder`` is as it was. An OSError is
    raised as ``galat`` with the path and what to do (``sebab``: what the failure means for the user,
    e.g. "data tidak diimpor, folder dinas tetap seperti semula")."""
    import tempfile

    folder = Path(folder)
    try:
        staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}-baru-", dir=folder.parent))
    except OSError as exc:
        raise galat(pesan_os(exc, "data tidak dapat ditulis", folder.parent)) from None
    try:
        staging.chmod(folder.stat().st_mode & 0o7777)
        susun(staging)
        swap_into_place(staging, folder)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise galat(pesan_os(exc, sebab, folder)) from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def tulis_tanpa_tautan(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` without following a symlink at that name (``O_NOFOLLOW``): a
    findings file linked to a file elsewhere is refused, never written through."""
    path = Path(path)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0), 0o644)
    except OSError as exc:
        if path.is_symlink():
            raise BuildError(f"{shown(path)} adalah tautan simbolik (symlink) ke {os.path.realpath(path)}; lkjip "
                             "tidak menulis melalui tautan. Hapus tautan itu, lalu ulangi.") from None
        raise exc
    with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
        handle.write(text)


def write_atomically(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file and a rename: readers see the old
    or the new content, never a half-written file."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "w", encoding="utf-8", newline="") as handle:  # "\n" stays "\n" on every OS
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


# --- cells a spreadsheet would run ------------------------------------------------------------

#: What a spreadsheet reads as the start of a formula (OWASP, "CSV injection"): ``=``, ``+``, ``-``,
#: ``@``, a tab or a carriage return; the full-width ``＝＋－＠`` that some spreadsheets fold to them.
AWAL_RUMUS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
_ANGKA_POLOS = re.compile(r"[+-]?(?:\d+(?:[.,]\d+)*|[.,]\d+)(?:[eE][+-]?\d+)?%?")


#: The first bytes of an OLE2 compound file: an old .xls/.doc (Office 97-2003) or an encrypted
#: .xlsx/.docx (Office wraps an encrypted OOXML package in one).
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENKRIPSI = "EncryptionInfo".encode("utf-16-le")  # the stream an encrypted OOXML package holds


def jenis_ole2(path: Path, limit: int) -> str | None:
    """What an Office file that is no zip package is, read from its first ``limit`` bytes:
    ``"terenkripsi"`` (a password-protected .xlsx/.docx), ``"lama"`` (an Office 97-2003 file), or
    None when it is not an OLE2 file at all. The workbook import and the Word import both ask."""
    with open(path, "rb") as handle:
        if handle.read(len(OLE2)) != OLE2:
            return None
        return "terenkripsi" if _ENKRIPSI in handle.read(limit) else "lama"


def bisa_jadi_rumus(value: object) -> bool:
    """Whether a spreadsheet opening ``value`` as a cell could take it for a formula: a text that
    starts with one of :data:`AWAL_RUMUS` and is not a plain number (``-12,5`` stays a number)."""
    return (isinstance(value, str) and value.startswith(AWAL_RUMUS)
            and not _ANGKA_POLOS.fullmatch(value))


def sel_netral(value):
    """A cell for a CSV a spreadsheet will open, neutralised as OWASP advises: a text that could be
    taken for a formula gets a leading apostrophe (``'=HYPERLINK(…)`` shows as typed and never runs);
    numbers, negatives included, and every other text stay as they are."""
    return "'" + value if bisa_jadi_rumus(value) else value


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
