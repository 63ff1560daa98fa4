"""Narrative files as files: where a place's file lives, how it is decoded and split from its front
matter, and the trace of which files a chapter looked for.

A narrative file is plain Markdown at ``narasi/<dinas>/<tahun>/<tempat>.md``; it may start with
front matter ``mode: tambah`` to come after the generated prose instead of replacing it. Rendering
its placeholders is :mod:`lkjip.present.narasi`'s job; reading it is this module's, for the
snapshot of a build and for a chapter run on its own alike.

The trace: a build learns which chapters depend on which narrative files (absent ones included,
so creating one counts as a change) by giving each chapter's kernel a file, named in the
environment variable ``JEJAK_NARASI_ENV``, where every look-up is appended. Outside a build
nothing is written.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from lkjip.core.exceptions import NarasiError, batas

FRONT_MATTER = re.compile(r"^---\n(.*?)\n---\n?", re.S)
#: Environment variable a chapter's kernel receives: the file where it records, one per line,
#: every narrative file it looked for.
JEJAK_NARASI_ENV = "LKJIP_JEJAK_NARASI"


@dataclass(frozen=True)
class Narasi:
    """One narrative file, ready to render: its text (front matter replaced by blank lines, so
    line numbers stay), its mode (``ganti`` or ``tambah``) and where it came from."""

    teks: str
    mode: str  # ganti | tambah
    berkas: Path


def jalur(narasi_dir: str | Path, dinas: str, tahun: int, tempat: str) -> Path:
    """The file of a place of one report: ``<narasi_dir>/<dinas>/<tahun>/<tempat>.md``."""
    return Path(narasi_dir) / dinas / str(tahun) / f"{tempat}.md"


#: Size of one narrative file (``LKJIP_BATAS_NARASI_KB``): a chapter's text is a few kB; 20 MB
#: took Pandoc to 1,8 GB. Levels of nested emphasis or quotes one paragraph may open: the
#: Markdown renderer recurses per level and failed at a few hundred.
BATAS_NARASI_KB = 256
BATAS_SARANG = 32
_BUKA = re.compile(r"(?:(?<=\s)|^)(?:[*_]+|>+)(?=\S)", re.M)
_TUTUP = re.compile(r"(?<=\S)[*_]+(?=\s|$|[.,;:!?)\]])", re.M)


def _periksa_ukuran(isi: bytes, berkas: str) -> None:
    limit = batas("LKJIP_BATAS_NARASI_KB", BATAS_NARASI_KB)
    if len(isi) > limit * 1024:
        raise NarasiError(f"{berkas}: {len(isi) // 1024} kB, lebih dari batas {limit} kB untuk satu berkas narasi. "
                          "Pisahkan teksnya ke beberapa tempat narasi (lkjip narasi-doc) atau perpendek; bila memang "
                          "sepanjang itu, naikkan batasnya dengan LKJIP_BATAS_NARASI_KB=<kB>.")


def _periksa_sarang(teks: str, berkas: str) -> None:
    """Refuse emphasis or quotes nested past :data:`BATAS_SARANG` levels in one paragraph."""
    line = 1
    for paragraph in re.split(r"\n\s*\n", teks):
        depth = deepest = 0
        for match in sorted([(m.start(), 1) for m in _BUKA.finditer(paragraph)]
                            + [(m.start(), -1) for m in _TUTUP.finditer(paragraph)]):
            depth = max(0, depth + match[1])
            deepest = max(deepest, depth)
        if deepest > BATAS_SARANG:
            raise NarasiError(f"{berkas}, baris {line}: penekanan (*, _) atau kutipan (>) bersarang {deepest} tingkat, "
                              f"lebih dari {BATAS_SARANG}. Tulis teksnya tanpa sarang sedalam itu.")
        line += paragraph.count("\n") + 2


def dekode(isi: bytes, berkas: str) -> str:
    """Narrative text as UTF-8; another encoding is named (with its likely origin), not guessed on.
    A file past the size limit, or nesting emphasis past its limit, is refused."""
    _periksa_ukuran(isi, berkas)
    try:
        teks = isi.decode("utf-8-sig")
        _periksa_sarang(teks, berkas)
        return teks
        return isi.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = isi[:exc.start].count(b"\n") + 1
        try:
            isi.decode("cp1252")
            guess = "tampaknya Windows-1252 (cp1252, bawaan Notepad/Word lama)"
        except UnicodeDecodeError:
            guess = "bukan UTF-8"
        raise NarasiError(f"{berkas}, baris {line}: pengodean (encoding) berkas {guess}. "
                          "Simpan ulang sebagai UTF-8 (di Notepad: Save As > Encoding: UTF-8).") from None


def urai(teks: str, berkas: str) -> Narasi:
    """Split the optional front matter (``mode: tambah``) from the text, keeping line numbers."""
    mode = "ganti"
    front = FRONT_MATTER.match(teks)
    if front:
        for line in front.group(1).splitlines():
            key, _, value = line.partition(":")
            if key.strip() == "mode":
                mode = value.strip()
        if mode not in ("ganti", "tambah"):
            raise NarasiError(f"{berkas}, baris 2: 'mode' harus 'ganti' atau 'tambah', bukan {mode!r}.")
        offset = teks[:front.end()].count("\n")
        teks = "\n" * offset + teks[front.end():]
    return Narasi(teks, mode, Path(berkas))


def baca_berkas(path: Path) -> Narasi | None:
    """The narrative file at ``path`` (recorded in the trace), or None when there is none."""
    catat_jejak(path)
    if not path.is_file():
        return None
    return urai(dekode(path.read_bytes(), str(path)), str(path))


def catat_jejak(path: Path) -> None:
    """Append a looked-for narrative file to the chapter's trace, when the build asked for one."""
    trace = os.environ.get(JEJAK_NARASI_ENV)
    if trace:
        with open(trace, "a", encoding="utf-8") as handle:
            handle.write(f"{Path(path).resolve()}\n")


def baca_jejak(trace: Path, root: Path, seen_as: Path | None = None, project_folder: Path | None = None) -> list[str]:
    """The narrative files a chapter looked for, as recorded by its kernel, without repeats,
    relative to ``root`` when inside it. A chapter given a copy of the narrative folder
    (``seen_as``, e.g. the build's snapshot) records paths in the copy: they are mapped back to
    the same place in ``project_folder``, the files a user edits."""
    if not trace.is_file():
        return []
    found: dict[str, None] = {}
    for line in trace.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        path = Path(line.strip())
        if seen_as is not None and project_folder is not None:
            try:
                path = project_folder.resolve() / path.relative_to(seen_as.resolve())
            except ValueError:
                pass
        try:
            found[path.relative_to(root).as_posix()] = None
        except ValueError:
            found[str(path)] = None
    return list(found)
