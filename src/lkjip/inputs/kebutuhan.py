"""What every chapter needs from the data, declared once; ``lkjip periksa`` checks exactly this.

A chapter's *required* files must exist and hold rows (for a yearly file: rows of the report
year), its required profile keys must be filled. Its *optional* files may be absent or empty: the
chapter then says in the report that the part is not available for this agency and year. A test
runs every chapter and records the files and profile keys it actually reads, and holds them
against these declarations, so a chapter cannot read what is not declared here.

The checks that depend on the report year live here too: every yearly row in a year that is data
rather than a typo (:func:`tahun_sah`), and the budget hierarchy of the report year complete.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from lkjip.core.exceptions import DataError, Masalah
from lkjip.inputs.rencana import baca_rencana
from lkjip.inputs.skema import SKEMA


@dataclass(frozen=True)
class Kebutuhan:
    """The inputs of one chapter notebook (named by its file stem)."""

    bab: str
    judul: str
    #: Files that must hold rows (yearly files: rows of the report year).
    wajib: tuple[str, ...]
    #: Files read when present; absent or empty, the chapter states the part is not available.
    pilihan: tuple[str, ...] = ()
    #: Profile keys that must be filled; ``kepala.nama`` names a key inside a mapping.
    profil: tuple[str, ...] = ()
    #: Profile keys read when present.
    profil_pilihan: tuple[str, ...] = ()


#: What every chapter reads, because its narrative may name any figure of the report
#: (``{{ I01.capaian }}``, ``{{ total.serapan }}``) and the names are computed from these.
INTI = ("indikator", "target", "realisasi", "tujuan_sasaran")
#: A year without budget lines has no budget part: the chapters say so (issue 10). The rating
#: scale must hold rows unless the source prints none (``metode.skala_penilaian: tidak_dicetak``;
#: the loader checks which).
INTI_PILIHAN = ("anggaran", "peta_anggaran", "skala_huruf", "skala_penilaian")
PROFIL_INTI = ("nama", "wilayah", "jenis_wilayah", "metode")
#: Read by every chapter when present; absent, the report prints the part as not available.
PROFIL_INTI_PILIHAN = ("renstra", "rpjmd", "kepala", "provinsi", "nama_singkat")

KEBUTUHAN: dict[str, Kebutuhan] = {k.bab: k for k in [
    # the Ringkasan and Bab III say once where their capaian differ from the printed ones
    Kebutuhan("index", "Ringkasan", INTI, INTI_PILIHAN + ("angka_tercetak", "dokumen_sumber"), PROFIL_INTI,
              PROFIL_INTI_PILIHAN + ("penandatanganan",)),
    Kebutuhan("bab1-pendahuluan", "Bab I Pendahuluan", INTI, INTI_PILIHAN, PROFIL_INTI,
              PROFIL_INTI_PILIHAN + ("tugas", "fungsi", "dasar_tugas", "unit_organisasi", "isu_strategis",
                                     "landasan_hukum")),
    Kebutuhan("bab2-perencanaan", "Bab II Perencanaan Kinerja", INTI,
              INTI_PILIHAN + ("strategi", "pk_anggaran"), PROFIL_INTI,
              PROFIL_INTI_PILIHAN + ("visi", "misi", "misi_didukung")),
    Kebutuhan("bab3-akuntabilitas", "Bab III Akuntabilitas Kinerja", INTI,
              INTI_PILIHAN + ("spm", "pembanding", "standar", "realisasi_periode", "anggaran_periode",
                              "angka_tercetak", "dokumen_sumber"), PROFIL_INTI,
              PROFIL_INTI_PILIHAN),
    Kebutuhan("bab4-penutup", "Bab IV Penutup", INTI, INTI_PILIHAN + ("sakip_rekomendasi",), PROFIL_INTI,
              PROFIL_INTI_PILIHAN + ("penandatanganan",)),
    Kebutuhan("lampiran", "Lampiran", INTI,
              INTI_PILIHAN + ("perhitungan", "data_dasar", "penghargaan", "sakip_komponen"), PROFIL_INTI,
              PROFIL_INTI_PILIHAN + ("perjanjian_kinerja",)),
    # findings and notes; the LKE checklist reads what every chapter shows
    Kebutuhan("catatan-reviu", "Catatan Reviu", INTI,
              INTI_PILIHAN + ("angka_tercetak", "catatan_sumber", "dokumen_sumber", "pk_anggaran", "perhitungan",
                             "data_dasar", "realisasi_periode", "anggaran_periode", "strategi", "spm", "pembanding",
                             "standar", "penghargaan", "sakip_komponen", "sakip_rekomendasi"),
              PROFIL_INTI, PROFIL_INTI_PILIHAN + ("penandatanganan", "pelaporan", "tugas", "fungsi", "unit_organisasi",
                                                  "isu_strategis", "landasan_hukum", "visi", "misi", "dasar_tugas",
                                                  "misi_didukung", "perjanjian_kinerja")),
]}

#: Yearly files whose rows of the report year a chapter needs when it declares them required.
PER_TAHUN = ("target", "realisasi", "anggaran")
#: Yearly files whose rows may precede the Renstra period (context and raw tables of earlier years).
TAHUN_LAMPAU_BOLEH = ("data_dasar", "pembanding")


def bab_memakai(berkas: str) -> list[str]:
    """Titles of the chapters that read a file (the documentation lists them)."""
    return [k.judul for k in KEBUTUHAN.values() if berkas in k.wajib + k.pilihan]


def wajib(berkas: str) -> bool:
    """Whether some chapter requires the file."""
    return any(berkas in k.wajib for k in KEBUTUHAN.values())


def _nilai_profil(profil: dict, kunci: str):
    value = profil
    for part in kunci.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value


def _runtun(years: set[int]) -> str:
    """Years as runs: `2017–2025`, `2017–2023, 2026–2030`."""
    runs, ordered = [], sorted(years)
    for y in ordered:
        if runs and y == runs[-1][1] + 1:
            runs[-1][1] = y
        else:
            runs.append([y, y])
    return ", ".join(f"{a}" if a == b else f"{a}–{b}" for a, b in runs)


def tahun_sah(profil: dict, tahun: int, tahun_data: set[int]) -> tuple[int | None, set[int], str]:
    """The years a row may carry, the lowest year allowed (None: no lower bound) and why.

    A year is data when it lies in a Renstra period (with its baseline year before it), is the
    report year, or continues, without a gap, the years such rows already have: next year's rows
    entered in the same files (and the year after) do not stop last year's report from being
    rebuilt for a revision or an audit, however many later years are in. A year outside all of
    that (2204, or 2030 when the data ends in 2025) is a typo and is named. Rows before the first
    plan's baseline year are named too (raw tables and peer data excepted, see ``TAHUN_LAMPAU_BOLEH``).
    """
    plans = baca_rencana(profil, "renstra")
    sah = {tahun}
    for plan in plans:
        sah.update(range(plan.awal - 1, plan.akhir + 1))
    low = min(min(p.awal for p in plans) - 1, tahun) if plans else None
    grown = True
    while grown:
        grown = False
        for year in tahun_data - sah:
            if (year - 1 in sah or year + 1 in sah) and (low is None or year >= low):
                sah.add(year)
                grown = True
    periode = ", ".join(p.periode for p in plans)
    alasan = (f"periode Renstra {periode}, " if plans else "") + f"tahun laporan {tahun} dan tahun data yang bersambung dengannya"
    return low, sah, alasan


def periksa_kebutuhan(data, tahun: int, bab: list[str] | None = None) -> None:
    """Check the declared needs of the chapters (all by default) for one report year; raise
    DataError listing every problem."""
    masalah: list[Masalah] = []
    folder = data.folder
    needs = [KEBUTUHAN[b] for b in bab] if bab else list(KEBUTUHAN.values())

    def berkas(nama: str) -> str:
        return str(folder / f"{nama}.csv")

    required: dict[str, list[str]] = {}
    for k in needs:
        for nama in k.wajib:
            required.setdefault(nama, []).append(k.judul)
    for nama, judul in required.items():
        frame = data.tabel.get(nama)
        dipakai = "dipakai semua bab" if len(judul) == len(KEBUTUHAN) else "dipakai " + ", ".join(judul)
        if frame is None or not len(frame):
            masalah.append(Masalah(berkas(nama), None, None, "berkas kosong (hanya baris judul)" if frame is not None
                                   else "berkas tidak ada", f"sedikitnya satu baris data ({dipakai})",
                                   "Isi berkas ini menurut data/README.md."))
        elif nama in PER_TAHUN and not (frame["tahun"] == tahun).any():
            ada = sorted({int(t) for t in frame["tahun"].dropna()})
            masalah.append(Masalah(berkas(nama), None, "tahun", f"tidak ada baris tahun {tahun} (ada: "
                                   + (", ".join(map(str, ada)) or "-") + ")", f"baris tahun {tahun} ({dipakai})",
                                   f"Tambahkan data tahun {tahun}, atau bangun laporan untuk tahun yang datanya ada."))

    for k in needs:
        for kunci in k.profil:
            value = _nilai_profil(data.profil, kunci)
            if value is None or value == "" or value == [] or value == {}:
                masalah.append(Masalah(str(folder / "profil.yaml"), None, kunci, "kosong atau tidak ada",
                                       f"isian (dipakai {k.judul})", "Lihat data/README.md bagian profil.yaml."))

    yearly = [(skema.berkas[:-4], data.tabel.get(skema.berkas[:-4])) for skema in SKEMA.values()
              if "tahun" in skema.nama_kolom and data.tabel.get(skema.berkas[:-4]) is not None]
    tahun_data = {int(v) for _, frame in yearly for v in frame["tahun"].dropna()}
    bawah, sah, alasan = tahun_sah(data.profil, tahun, tahun_data)
    runtun = _runtun(sah)
    for nama, frame in yearly:
        earlier_ok = nama in TAHUN_LAMPAU_BOLEH or bawah is None  # earlier years are context there
        for index, value in frame["tahun"].items():
            if pd.isna(value) or int(value) in sah or (earlier_ok and int(value) < min(sah)):
                continue
            masalah.append(Masalah(berkas(nama), int(index) + 2, "tahun", str(int(value)),
                                   f"tahun {runtun}{' atau sebelumnya' if earlier_ok else ''} ({alasan})",
                                   "Periksa salah ketik tahunnya; baris ini tidak akan dihitung di mana pun."))
    dedup = list(dict.fromkeys(masalah))
    if dedup:
        raise DataError(dedup)


def dokumentasi() -> str:
    """The table of data/README.md saying, for every file, which chapters require it, which read
    it when present, and its required columns (generated from the declarations; a test keeps the
    README current)."""
    lines = ["| berkas | wajib untuk | dibaca bila ada oleh | kolom wajib (sel tidak boleh kosong) |",
             "| --- | --- | --- | --- |"]
    for skema in SKEMA.values():
        nama = skema.berkas[:-4]
        wajib_bab = [k.judul for k in KEBUTUHAN.values() if nama in k.wajib]
        pilihan_bab = [k.judul for k in KEBUTUHAN.values() if nama in k.pilihan]
        tahunan = " (baris tahun laporan)" if nama in PER_TAHUN and wajib_bab else ""
        kolom = ", ".join(f"`{k.nama}`" for k in skema.kolom if k.wajib) or "-"
        lines.append(f"| `{skema.berkas}` | {', '.join(wajib_bab) + tahunan or '-'} | "
                     f"{', '.join(pilihan_bab) or '-'} | {kolom} |")
    return "\n".join(lines) + "\n"
