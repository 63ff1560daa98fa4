"""Capaian (achievement) of indicators, rating categories, averages and multi-year series.

Polarity and the rule for negative indicators are data (per indicator, per agency), so the same
code reproduces agencies that compute differently; every result says which rule produced it.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

ATURAN_POSITIF = "R/T"
ATURAN_NEGATIF = ("2T-R", "T/R")

PENJELASAN_ATURAN = {
    "R/T": "realisasi / target × 100",
    "2T-R": "(2 × target − realisasi) / target × 100, paling rendah 0",
    "T/R": "target / realisasi × 100",
}


@dataclass(frozen=True)
class Capaian:
    """An achievement in percent, or None with the reason it cannot be computed."""

    nilai: float | None
    aturan: str
    alasan: str = ""


def _kosong(x) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x)) or x is pd.NA


def hitung_capaian(target, realisasi, polaritas: str = "positif", aturan_negatif: str = "2T-R") -> Capaian:
    """Capaian of one indicator for one year.

    Ratio indicators ("1 : N") are passed as their N and compared like any positive value:
    more people per case is better. A zero or missing target gives no number but a stated reason,
    because any number there would be invented.
    """
    if polaritas not in ("positif", "negatif"):
        raise ValueError(f"polaritas harus 'positif' atau 'negatif', bukan {polaritas!r}")
    aturan = ATURAN_POSITIF if polaritas == "positif" else aturan_negatif
    if aturan not in PENJELASAN_ATURAN:
        raise ValueError(f"aturan capaian negatif harus salah satu dari {ATURAN_NEGATIF}, bukan {aturan!r}")
    if _kosong(target):
        return Capaian(None, aturan, "target tidak ditetapkan")
    if _kosong(realisasi):
        return Capaian(None, aturan, "realisasi belum tersedia")
    target, realisasi = float(target), float(realisasi)
    if target == 0:
        return Capaian(None, aturan, "target bernilai 0 sehingga capaian tidak dapat dihitung")
    if aturan == "R/T":
        return Capaian(realisasi / target * 100, aturan)
    if aturan == "2T-R":
        return Capaian(max(0.0, (2 * target - realisasi) / target * 100), aturan)
    if realisasi == 0:
        return Capaian(None, aturan, "realisasi bernilai 0 sehingga target/realisasi tidak dapat dihitung")
    return Capaian(target / realisasi * 100, aturan)


def kategori(capaian, skala: pd.DataFrame) -> str | None:
    """The agency's own rating of a capaian, with bounds exactly as the scale file states them."""
    if _kosong(capaian):
        return None
    if not skala["urutan"].is_monotonic_increasing:
        skala = skala.sort_values("urutan", kind="stable")
    for row in skala.itertuples():
        low_ok = _kosong(row.batas_bawah) or (capaian >= row.batas_bawah if row.bawah_inklusif == "ya"
                                              else capaian > row.batas_bawah)
        high_ok = _kosong(row.batas_atas) or (capaian <= row.batas_atas if row.atas_inklusif == "ya"
                                              else capaian < row.batas_atas)
        if low_ok and high_ok:
            return row.kategori
    return None


#: Which document's target counts for a year, first found first: the amended PK, the PK, the Renstra.
URUTAN_DOKUMEN_TARGET = ("pk_perubahan", "pk", "renstra")


def target_per_indikator(target: pd.DataFrame, tahun: int) -> dict[str, tuple[float | None, str | None]]:
    """The target that counts for a year, for every indicator that has target rows that year.

    Per document only its first row counts (in file order); an empty value there passes to the
    next document. One pass over the year's rows: looking each indicator up in the whole table
    cost most of a chapter's time."""
    first: dict[tuple[str, str], object] = {}
    year = target[target["tahun"] == tahun]
    for indikator, dokumen, nilai in zip(year["indikator"], year["dokumen"], year["nilai"]):
        first.setdefault((indikator, dokumen), nilai)
    result: dict[str, tuple[float | None, str | None]] = {}
    for indikator in dict.fromkeys(year["indikator"]):
        result[indikator] = (None, None)
        for dokumen in URUTAN_DOKUMEN_TARGET:
            nilai = first.get((indikator, dokumen))
            if (indikator, dokumen) in first and not _kosong(nilai):
                result[indikator] = (float(nilai), dokumen)
                break
    return result


def realisasi_per_indikator(realisasi: pd.DataFrame, tahun: int) -> dict[str, dict]:
    """The first realisation row of a year (all its columns) for every indicator that has one."""
    year = realisasi[realisasi["tahun"] == tahun]
    rows: dict[str, dict] = {}
    for row in year.to_dict("records"):
        rows.setdefault(row["indikator"], row)
    return rows


def target_tahun(target: pd.DataFrame, indikator: str, tahun: int) -> tuple[float | None, str | None]:
    """The target that counts for a year: the amended PK, else the PK, else the Renstra."""
    return target_per_indikator(target[target["indikator"] == indikator], tahun).get(indikator, (None, None))


def realisasi_tahun(realisasi: pd.DataFrame, indikator: str, tahun: int) -> float | None:
    row = realisasi_per_indikator(realisasi[realisasi["indikator"] == indikator], tahun).get(indikator)
    return None if row is None or _kosong(row["nilai"]) else float(row["nilai"])
