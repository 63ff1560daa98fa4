"""Versions of the data format: which version a data folder is in, and what each version changed.

An agency keeps its data for years while lkjip changes, so a folder records the format version
it was written in (``versi.yaml``, written by ``lkjip dinas-baru`` and ``lkjip migrasi``). A folder
from before versions were recorded is recognised by its columns: each version added columns
(``RIWAYAT``), and the oldest version whose additions a folder lacks tells its age.

The loader (:mod:`lkjip.inputs.muat`) asks this module which version a folder is: an old folder
that still loads is built with a note saying ``lkjip migrasi`` upgrades it; one that lacks a
required column of a later version is refused with one message naming its version and the
command, not a list of missing columns. The upgrade itself is :mod:`lkjip.inputs.migrasi`.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

import yaml

from lkjip.inputs.yaml_aman import muat_yaml

#: The version this lkjip writes and reads without a note.
VERSI_FORMAT = 5
#: The file of a data folder that records its format version.
BERKAS_VERSI = "versi.yaml"


@dataclass(frozen=True)
class Versi:
    """One released format version: what it added to the one before (files and columns), and the
    commit that introduced it (the history the test fixtures of ``tests/fixtures/format/`` were
    taken from)."""

    nomor: int
    commit: str
    uraian: str
    berkas_baru: tuple[str, ...] = ()
    kolom_baru: tuple[tuple[str, str], ...] = ()


RIWAYAT: tuple[Versi, ...] = (
    Versi(1, "4218628", "format pertama: profil.yaml dan berkas CSV tanpa dokumen sumber"),
    Versi(2, "e75bf8c", "angka tercetak dan catatan sumber menyebut dokumennya (dokumen_sumber.csv); "
          "catatan sumber berjenis beda_antar_tabel atau transkripsi",
          berkas_baru=("dokumen_sumber.csv",),
          kolom_baru=(("angka_tercetak.csv", "dokumen"), ("catatan_sumber.csv", "dokumen"),
                      ("catatan_sumber.csv", "jenis"))),
    Versi(3, "36d7b5d", "rekomendasi evaluasi SAKIP menyebut tahun evaluasinya",
          kolom_baru=(("sakip_rekomendasi.csv", "tahun"),)),
    Versi(4, "ad79add", "indikator huruf (skala_huruf.csv) dan realisasi seperti tercetak",
          berkas_baru=("skala_huruf.csv",), kolom_baru=(("realisasi.csv", "teks_tercetak"),)),
    Versi(5, "issue-20", "folder mencatat versinya (versi.yaml); kolom pilihan boleh tidak ada; realisasi per "
          "triwulan/bulan, standar pembanding per indikator, pilihan tanpa skala penilaian",
          berkas_baru=("versi.yaml", "realisasi_periode.csv", "anggaran_periode.csv", "standar.csv")),
)


@dataclass(frozen=True)
class VersiFolder:
    """The format version of a folder and how it was known: ``tercatat`` (from versi.yaml) or
    inferred from its columns; ``masalah`` is set when versi.yaml is unreadable or too new."""

    nomor: int
    tercatat: bool
    masalah: str | None = None

    @property
    def lama(self) -> bool:
        return self.nomor < VERSI_FORMAT


def teks_berkas_versi(nomor: int = VERSI_FORMAT) -> str:
    """The content of ``versi.yaml`` (comments in Indonesian: the analyst may open it)."""
    return ("# Versi format folder data ini (lihat data/README.md, bagian \"Versi format\").\n"
            "# Jangan diubah dengan tangan: `lkjip migrasi <dinas>` menaikkannya.\n"
            f"versi: {nomor}\n")


def _judul(path: Path) -> list[str] | None:
    """The header of a CSV file (any separator), or None when the file is absent or unreadable."""
    if not path.is_file():
        return None
    try:
        text = path.read_bytes().decode("utf-8-sig", errors="replace")
    except OSError:
        return None
    first = text.splitlines()[0] if text else ""
    separator = max((",", ";", "\t"), key=first.count)
    return [c.strip() for c in next(csv.reader(io.StringIO(first), delimiter=separator), [])]


def versi_dari_kolom(folder: Path) -> int:
    """The version a folder without versi.yaml is in: the newest version before the first one whose
    added columns it lacks (an absent file tells nothing: optional files may be absent)."""
    for versi in RIWAYAT[1:]:
        for berkas, kolom in versi.kolom_baru:
            header = _judul(folder / berkas)
            if header is not None and kolom not in header:
                return versi.nomor - 1
    return max(v.nomor for v in RIWAYAT if v.nomor < VERSI_FORMAT)


def versi_folder(folder: str | Path) -> VersiFolder:
    """The format version of a data folder: recorded in versi.yaml, or inferred from its columns."""
    folder = Path(folder)
    path = folder / BERKAS_VERSI
    if not path.is_file():
        return VersiFolder(versi_dari_kolom(folder), False)
    try:
        isi = muat_yaml(path.read_text(encoding="utf-8-sig"))
    except (yaml.YAMLError, UnicodeDecodeError, OSError):
        isi = None
    nomor = isi.get("versi") if isinstance(isi, dict) else None
    if isinstance(nomor, bool) or not isinstance(nomor, int) or not 1 <= nomor:
        return VersiFolder(versi_dari_kolom(folder), False, f"{BERKAS_VERSI} tidak terbaca (isinya harus `versi: <angka>`)")
    if nomor > VERSI_FORMAT:
        return VersiFolder(nomor, True, f"folder ini berformat versi {nomor}, lebih baru dari lkjip ini (versi {VERSI_FORMAT})")
    return VersiFolder(nomor, True)


def kolom_sejak(berkas: str, kolom: str) -> int:
    """The version a column appeared in (1 for the columns of the first format)."""
    for versi in RIWAYAT:
        if (berkas, kolom) in versi.kolom_baru:
            return versi.nomor
    return 1


class CatatanFormat(UserWarning):
    """A note on a folder's format (its version, optional columns read as empty); said once per load."""

    untuk_analis = True  # the command line prints it as a plain note, not as a Python warning
