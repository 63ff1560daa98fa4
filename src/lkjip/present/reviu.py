"""The Catatan Reviu in words: an internal review document for the agency and its APIP
(Inspektorat), apart from the book the Kepala Dinas signs. It holds what the book leaves out: the
printed figures that differ from their recomputation (findings), how the source documents were
read (transcription notes) and the LKE checklist.

Here: the labels a reader understands in place of file names and codes (`anggaran.csv`,
`P01.K05.S06`), the review's opening, and the one note the book itself carries where it shows a
recomputed figure that differs from what the agency printed (under the capaian table and in the
Ikhtisar). The tables are declared in `daftar_tabel.SPEK` (`temuan`, `transkripsi`).
"""
from __future__ import annotations

import re

import pandas as pd

from lkjip.compute.rekonsiliasi import nama_berkas
from lkjip.inputs.angka import AngkaTidakSah, desimal_tercetak, parse_angka
from lkjip.present import format as fmt
from lkjip.present.aman import teks as _teks

#: The review's name as the book and the site print it.
JUDUL = "Catatan Reviu"
#: Kinds of printed figure whose recomputation the book shows in its capaian table.
ANGKA_CAPAIAN = ("capaian", "rata_capaian")

_DOKUMEN = {"renstra": "Renstra", "pk": "PK", "pk_perubahan": "PK perubahan", "kondisi_awal": "kondisi awal"}


def nama_kode(lap) -> dict[str, str]:
    """What each code of the data is called: indicators, tujuan and sasaran, budget lines."""
    names = dict(zip(lap.data.indikator["kode"], lap.data.indikator["nama"]))
    names.update(lap.uraian)
    names.update(zip(lap.data.anggaran["kode"], lap.data.anggaran["uraian"]))
    return {str(k): str(v) for k, v in names.items() if isinstance(v, str) and v}


def label_kunci(kunci, names: dict[str, str]) -> str:
    """A note's row key as a reader reads it: `P01.K05.S06 2023` -> "<uraian sub-kegiatan> (2023)",
    `I02 2019 renstra` -> "<indicator> (2019, Renstra)", `semua` -> "seluruh baris"."""
    teks = str(kunci or "").strip()
    if not teks or teks == "semua":
        return "seluruh baris"
    kata = teks.split()
    kepala, sisa = kata[0], kata[1:]
    if kepala in names:
        label = names[kepala]
    elif kepala in _DOKUMEN:
        label = "Perjanjian Kinerja" if kepala == "pk" else _DOKUMEN[kepala]
    else:
        label = kepala.replace("_", " ")
    rincian = [_DOKUMEN.get(k, k.replace("_", " ")) for k in sisa]
    return f"{label} ({', '.join(rincian)})" if rincian else label


def _angka(nilai) -> float | None:
    if isinstance(nilai, (int, float)) and not isinstance(nilai, bool):
        return None if pd.isna(nilai) else float(nilai)
    try:
        return parse_angka(str(nilai))
    except (AngkaTidakSah, ValueError, TypeError):
        return None


def keterangan_temuan(row: dict) -> str:
    """The Keterangan of a finding: its own note, else the difference printed minus recomputed."""
    if isinstance(row.get("keterangan"), str) and row["keterangan"].strip():
        return row["keterangan"]
    tercetak, dihitung = _angka(row.get("tercetak")), _angka(row.get("dihitung"))
    if row.get("jenis") == "tidak_dapat_dihitung":
        return "data untuk menghitungnya ulang tidak tersedia"
    if tercetak is None or dihitung is None:
        return ""
    return f"selisih {fmt.angka(tercetak - dihitung, 2, tetap=False)}"


def nilai_tercetak(nilai) -> str:
    """A printed figure as the review shows it: a number the Indonesian way with the decimals it
    was printed with (`19.05` -> `19,05`), a text as printed."""
    if isinstance(nilai, str):
        if re.fullmatch(r"\s*\d{4}\s*", nilai):  # a year (or a plain code), never 2.022
            return nilai.strip()
        try:
            angka = parse_angka(nilai)
        except (AngkaTidakSah, ValueError):
            return nilai
        if angka is None:
            return nilai
        return fmt.angka(angka, desimal_tercetak(nilai), tetap=False) if "%" not in nilai else fmt.persen(angka)
    return fmt.campuran(nilai)


def beda_capaian(lap) -> pd.DataFrame:
    """The printed capaian of the report year (per indicator and the means) that differ from their
    recomputation by more than rounding: `angka_tercetak.csv` rows of those kinds only, so the
    chapters that say so read no other file of the reconciliation."""
    from lkjip.compute.rekonsiliasi import _Penghitung, bandingkan
    cetak = lap.angka_tercetak
    if not len(cetak):
        return cetak
    rows = cetak[cetak["jenis"].isin(ANGKA_CAPAIAN) & (pd.to_numeric(cetak["tahun"], errors="coerce") == lap.tahun)]
    hitung = _Penghitung(lap)
    beda = []
    for row in rows.itertuples():
        dihitung = hitung.nilai(row.jenis, row.kunci, lap.tahun)
        try:
            beda.append(bandingkan(row.nilai, dihitung) == "salah_hitung")
        except AngkaTidakSah:
            beda.append(False)
    return rows[beda]


def rata_tercetak(lap) -> tuple[float, float] | None:
    """(printed, recomputed) mean capaian of all indicators, when the source printed another."""
    cetak = lap.angka_tercetak
    rows = cetak[(cetak["jenis"] == "rata_capaian") & (cetak["kunci"] == "semua")] if len(cetak) else cetak
    if not len(rows):
        return None
    tercetak = _angka(rows["nilai"].iloc[0])
    dihitung = lap.rata_capaian("semua")["semua"]
    if tercetak is None or dihitung is None or pd.isna(dihitung) or abs(tercetak - dihitung) < 0.005:
        return None
    return tercetak, float(dihitung)


def _dokumen(lap) -> str:
    judul = [str(r.judul) for r in lap.dokumen_sumber.itertuples() if isinstance(r.judul, str) and r.judul]
    return _teks(judul[0]) if len(judul) == 1 else "dokumen sumber yang diterbitkan sebelumnya"


def catatan_hitung_ulang(lap, rujuk_reviu: bool = True) -> str:
    """The one note the book carries where its capaian differ from what the agency printed: the
    mean both ways, how many indicators differ, and (``rujuk_reviu``) where the details are.
    Nothing when none differs."""
    beda = beda_capaian(lap)
    rata = rata_tercetak(lap)
    indikator = beda.loc[beda["jenis"] == "capaian", "kunci"].nunique() if len(beda) else 0
    if not indikator and rata is None:
        return ""
    bagian = []
    if rata is not None:
        bagian.append(f"rata-rata capaian {fmt.persen(rata[1])}, sedangkan {_dokumen(lap)} mencetak "
                      f"{fmt.persen(rata[0])}")
    if indikator:
        bagian.append(f"capaian {indikator} indikator berbeda dari angka yang dicetak di sana")
    awal = ("Capaian dalam laporan ini dihitung ulang dari target dan realisasi setiap indikator menurut "
            "rumus pada Bab II: ")
    teks = awal + "; ".join(bagian) + "."
    if not rujuk_reviu:
        return teks
    return teks + " Rincian setiap selisih dimuat dalam Catatan Reviu yang disusun terpisah dari laporan ini."


def pengantar(lap, sebagai_lampiran: bool = False) -> str:
    """The review's opening: what it is, for whom, and what it holds."""
    instansi = f"{_teks(lap.profil.get('nama') or lap.data.slug)} {_teks(lap.nama_wilayah)}"
    tempat = ("Lampiran ini" if sebagai_lampiran else "Dokumen ini")
    return (f"{tempat} adalah catatan reviu internal atas Laporan Kinerja {instansi} Tahun {lap.tahun}, untuk "
            "instansi dan aparat pengawas internalnya (Inspektorat). Isinya bukan bagian dari laporan yang "
            "ditandatangani: angka yang dicetak dokumen sumber dibandingkan dengan hasil hitung ulang dari "
            "datanya, cara membaca nilai dari dokumen sumber, dan daftar periksa laporan terhadap kriteria "
            "evaluasi SAKIP komponen Pelaporan Kinerja.")


def label_catatan(lap) -> pd.DataFrame:
    """The transcription notes with labels: which data and which row (named, not coded)."""
    c = lap.catatan_transkripsi
    if not len(c):
        return c
    names = nama_kode(lap)

    def data(row) -> str:
        kolom = str(row["kolom"] or "").replace("_", " ").strip() if isinstance(row["kolom"], str) else ""
        baris = label_kunci(row["kunci"], names)
        return f"{nama_berkas(row['berkas']).capitalize()}{', ' + kolom if kolom else ''}: {baris}"

    return c.assign(data_teks=[data(r) for r in c.to_dict("records")])
