"""What an agency's data still lacks for a report: the ordered checklist of ``lkjip periksa`` on a
new agency, and of ``lkjip tahun-baru`` for next year.

A scaffold whose profile keys and files are still empty, or a year with neither targets nor
realisations, has nothing to report: it is refused with the list of what to fill in, in the order
the files refer to one another (``URUTAN_ISI``), instead of a list of every empty cell. What a
report requires is :mod:`lkjip.inputs.kebutuhan`'s declaration, read here, never copied.
"""
from __future__ import annotations

import warnings
from dataclasses import dataclass
from pathlib import Path

import yaml

from lkjip.core.exceptions import CsvTidakTerbaca, DataError, SiklusError
from lkjip.inputs.dialek import baris_csv
from lkjip.inputs.kebutuhan import KEBUTUHAN, PER_TAHUN
from lkjip.inputs.muat import muat_dinas
from lkjip.inputs.rencana import baca_rencana, rencana_berlaku
from lkjip.inputs.skema import PROFIL_KUNCI, SKEMA, tanpa_skala
from lkjip.inputs.yaml_aman import muat_yaml

#: The order an analyst fills a new agency's files in: each refers only to files above it.
URUTAN_ISI = (
    "profil.yaml", "skala_penilaian.csv", "tujuan_sasaran.csv", "strategi.csv", "anggaran.csv",
    "indikator.csv", "target.csv", "realisasi.csv", "realisasi_periode.csv", "peta_anggaran.csv",
    "pk_anggaran.csv", "anggaran_periode.csv", "data_dasar.csv", "perhitungan.csv", "spm.csv",
    "pembanding.csv", "standar.csv", "penghargaan.csv",
    "sakip_komponen.csv", "sakip_rekomendasi.csv", "dokumen_sumber.csv", "angka_tercetak.csv",
    "catatan_sumber.csv",
)


@dataclass(frozen=True)
class Butir:
    """One line of a checklist: a file (or profile key), what is missing, whether the report needs it."""

    berkas: str
    pesan: str
    wajib: bool = True

    def __str__(self) -> str:
        return f"[{'wajib' if self.wajib else 'pilihan'}] {self.berkas}: {self.pesan}"


def _berkas_wajib(profil: dict | None = None) -> set[str]:
    """Data files a report cannot do without rows in (the chapters' declared needs, and the rating
    scale unless the source prints none); the others may stay empty: their parts are marked absent."""
    wajib = {f"{nama}.csv" for k in KEBUTUHAN.values() for nama in k.wajib}
    return wajib if tanpa_skala(profil or {}) else wajib | {"skala_penilaian.csv"}


def daftar_kekurangan(data, tahun: int) -> list[Butir]:
    """What the data of an agency still lacks for a report year, file by file in filling order."""
    wajib = _berkas_wajib(data.profil)
    butir: list[Butir] = []
    renstra = baca_rencana(data.profil, "renstra")
    if rencana_berlaku(data.profil, "renstra", tahun) is None:
        lalu = [p for p in renstra if p.akhir < tahun]
        pesan = (f"tidak ada Renstra yang berlaku untuk {tahun}"
                 + (f" (Renstra {lalu[-1].periode} berakhir {lalu[-1].akhir})" if lalu else "")
                 + "; tambahkan periode baru (misalnya Renstra transisi) di `renstra`, atau biarkan: "
                 "laporan akan menyatakan tidak ada target akhir")
        butir.append(Butir("profil.yaml", pesan, wajib=False))
    if rencana_berlaku(data.profil, "rpjmd", tahun) is None and data.profil.get("rpjmd"):
        butir.append(Butir("profil.yaml", f"tidak ada RPJMD/RPD yang berlaku untuk {tahun}; tambahkan "
                           "periodenya (jenis RPD untuk masa transisi) di `rpjmd`", wajib=False))
    for berkas in URUTAN_ISI:
        skema = SKEMA.get(berkas)
        if skema is None or "tahun" not in skema.nama_kolom or berkas in ("dokumen_sumber.csv", "angka_tercetak.csv"):
            continue  # documents and their printed figures are not rows of a year to roll forward
        frame = data.tabel.get(berkas[:-4])
        if frame is None:
            continue
        ada = int((frame["tahun"] == tahun).sum())
        lalu = int((frame["tahun"] == tahun - 1).sum())
        if berkas == "target.csv":
            butir += _kurang_per_indikator(data, tahun, frame, "target PK", berkas, dokumen=("pk", "pk_perubahan"))
        elif berkas == "realisasi.csv":
            butir += _kurang_per_indikator(data, tahun, frame, "realisasi", berkas)
        elif ada == 0 and (lalu or berkas in wajib):
            perlu = berkas in wajib and berkas[:-4] in PER_TAHUN
            butir.append(Butir(berkas, f"belum ada baris tahun {tahun}"
                               + (f" (tahun {tahun - 1}: {lalu} baris)" if lalu else "")
                               + ("" if perlu else "; tanpa baris ini bagiannya ditandai tidak tersedia"), perlu))
    dokumen = data.tabel.get("dokumen_sumber")
    if dokumen is not None and len(dokumen) and not (dokumen["tahun"] == tahun).any():
        butir.append(Butir("dokumen_sumber.csv", f"tidak ada dokumen sumber tahun {tahun}: lampiran kualitas "
                           "data hanya memeriksa data (isi bila laporan tercetak tahun ini ingin dicocokkan)",
                           wajib=False))
    return butir


def _kurang_per_indikator(data, tahun, frame, apa, berkas, dokumen=None) -> list[Butir]:
    ind = data.tabel["indikator"]
    rows = frame[frame["tahun"] == tahun]
    if dokumen:
        rows = rows[rows["dokumen"].isin(dokumen)]
    rows = rows[rows["nilai"].notna()]
    kurang = [k for k in ind["kode"] if k not in set(rows["indikator"])]
    if not kurang:
        return []
    contoh = ", ".join(kurang[:8]) + (f" dan {len(kurang) - 8} lainnya" if len(kurang) > 8 else "")
    return [Butir(berkas, f"{apa} tahun {tahun} belum ada untuk {len(kurang)} dari {len(ind)} indikator ({contoh})",
                  berkas in _berkas_wajib(data.profil))]


def daftar_isian(data_dir: str | Path, slug: str, tahun: int) -> list[Butir]:
    """For a new agency's folder: what to fill in, in order (profile keys first, then the files
    that are still empty), so `periksa` on an untouched scaffold is a to-do list."""
    folder = Path(data_dir) / slug
    butir: list[Butir] = []
    try:
        profil = muat_yaml((folder / "profil.yaml").read_text(encoding="utf-8-sig")) or {}
    except OSError:
        profil = {}
    except (UnicodeDecodeError, yaml.YAMLError):
        return []  # a profile that is not readable YAML: periksa's own load names it with its line
    profil = profil if isinstance(profil, dict) else {}
    wajib = _berkas_wajib(profil)
    for kunci, (perlu, _) in PROFIL_KUNCI.items():
        if perlu and profil.get(kunci) in (None, "", [], {}):
            butir.append(Butir("profil.yaml", f"isi `{kunci}`"))
    for berkas in URUTAN_ISI[1:]:
        path = folder / berkas
        if not path.is_file():
            continue
        try:  # read as the loader reads it: a workbook saved as .csv is named by periksa, not a crash here
            lines = [row for row in baris_csv(path.read_bytes()) if any(cell.strip() for cell in row)]
        except (CsvTidakTerbaca, OSError):
            continue
        if len(lines) <= 1:
            per_tahun = " (baris tahun " + str(tahun) + ")" if "tahun" in SKEMA[berkas].nama_kolom else ""
            butir.append(Butir(berkas, "masih kosong: isi" + per_tahun + " menurut data/README.md"
                               + ("" if berkas in wajib else "; boleh dibiarkan kosong, bagiannya ditandai tidak tersedia")
                               + ("; bila sumber tidak mencetak skala penilaian, tulis `skala_penilaian: tidak_dicetak` "
                                  "di bawah `metode:` di profil.yaml" if berkas == "skala_penilaian.csv" else ""),
                               berkas in wajib))
    return butir


def periksa_kelengkapan(data_dir: str | Path, slug: str, tahun: int) -> None:
    """Refuse, with the checklist, a report that has nothing to report: a scaffold whose required
    profile keys or files are still empty, or a year with neither targets nor realisasi. A year that
    lacks only some parts (no budget, no awards) builds, with those parts marked absent.

    Called when validation failed: the checklist says more than the list of every empty cell."""
    isian = daftar_isian(data_dir, slug, tahun)
    wajib = [b for b in isian if b.wajib]
    # a (nearly) untouched scaffold gets the ordered to-do list; one empty file of an agency that is
    # otherwise filled gets periksa's own message about that file
    if any(b.berkas == "profil.yaml" for b in wajib) or len(wajib) >= 2:
        raise SiklusError(f"Data {slug} belum lengkap untuk laporan {tahun}. Isi berurutan "
                          "(lihat data/README.md):\n" + "\n".join(f"  {i}. {b}" for i, b in enumerate(isian, 1)))
    if wajib:
        return  # periksa names the one empty file
    try:
        with warnings.catch_warnings():  # periksa's own load reports the CSV dialect notes, once
            warnings.simplefilter("ignore")
            data = muat_dinas(data_dir, slug)
    except DataError:
        return  # periksa's own load names every problem
    kosong = [b for b in ("target", "realisasi") if not (data.tabel[b]["tahun"] == tahun).any()]
    if len(kosong) == 2:
        kurang = daftar_kekurangan(data, tahun)
        raise SiklusError(f"Data {slug} belum berisi tahun {tahun}: target.csv dan realisasi.csv tidak punya "
                          f"baris tahun {tahun}. Yang masih kurang:\n"
                          + "\n".join(f"  {i}. {b}" for i, b in enumerate(kurang, 1)))
