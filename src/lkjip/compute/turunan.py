"""Indicators computed from raw tables (the calculation sheets of an LKjIP appendix).

Each method is a formula agencies use and state in their sheets; `perhitungan.csv` says which
indicator uses which method on which `data_dasar.csv` tables, so a new agency needs no code.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

RUMUS = {
    "penurunan": "(jumlah tahun lalu − jumlah tahun ini) / jumlah tahun lalu × 100",
    "proporsi": "pembilang / penyebut × 100",
    "tfr": "5 × Σ (kelahiran kelompok umur / perempuan kelompok umur)",
    "lpp_eksponensial": "ln(Pt / P0) / n × 100",
    "rasio": "jumlah penduduk / jumlah kasus (1 : N)",
}


@dataclass(frozen=True)
class HasilPerhitungan:
    indikator: str
    metode: str
    nilai: float | None
    rincian: pd.DataFrame
    keterangan: str = ""


def _jumlah(data_dasar: pd.DataFrame, tabel: str, tahun: int) -> float | None:
    rows = data_dasar[(data_dasar["tabel"] == tabel) & (data_dasar["tahun"] == tahun)]
    if len(rows) == 0:
        return None
    total = rows[rows["kategori"].str.lower() == "total"]
    return float(total["nilai"].iloc[0]) if len(total) else float(rows["nilai"].sum())


def jumlah(data_dasar: pd.DataFrame, tabel: str, tahun: int) -> float | None:
    """The total a formula uses: the table's `total` row where it has one, else the sum of its rows
    (what a calculation sheet prints as its total row)."""
    return _jumlah(data_dasar, tabel, tahun)


def _rincian(data_dasar, tabel, tahun):
    return data_dasar[(data_dasar["tabel"] == tabel) & (data_dasar["tahun"].isin(tahun))]


def hitung(perhitungan_row, data_dasar: pd.DataFrame, tahun: int) -> HasilPerhitungan:
    """Compute one indicator from its raw tables for a year, with the rows used as a sheet."""
    metode, pembilang, penyebut = perhitungan_row.metode, perhitungan_row.pembilang, perhitungan_row.penyebut
    kode = perhitungan_row.indikator
    if metode == "penurunan":
        lalu, kini = _jumlah(data_dasar, pembilang, tahun - 1), _jumlah(data_dasar, pembilang, tahun)
        nilai = (lalu - kini) / lalu * 100 if lalu and kini is not None else None
        return HasilPerhitungan(kode, metode, nilai, _rincian(data_dasar, pembilang, [tahun - 1, tahun]))
    if metode == "proporsi":
        a, b = _jumlah(data_dasar, pembilang, tahun), _jumlah(data_dasar, penyebut, tahun)
        nilai = a / b * 100 if a is not None and b else None
        return HasilPerhitungan(kode, metode, nilai, pd.concat([_rincian(data_dasar, pembilang, [tahun]),
                                                               _rincian(data_dasar, penyebut, [tahun])]))
    if metode == "rasio":
        kasus, penduduk = _jumlah(data_dasar, pembilang, tahun), _jumlah(data_dasar, penyebut, tahun)
        nilai = penduduk / kasus if kasus else None
        return HasilPerhitungan(kode, metode, nilai, pd.concat([_rincian(data_dasar, pembilang, [tahun]),
                                                               _rincian(data_dasar, penyebut, [tahun])]))
    if metode == "lpp_eksponensial":
        n = int(perhitungan_row.rentang_tahun) if pd.notna(perhitungan_row.rentang_tahun) else 1
        p0, pt = _jumlah(data_dasar, pembilang, tahun - n), _jumlah(data_dasar, pembilang, tahun)
        nilai = math.log(pt / p0) / n * 100 if p0 and pt else None
        return HasilPerhitungan(kode, metode, nilai, _rincian(data_dasar, pembilang, [tahun - n, tahun]))
    if metode == "tfr":
        births = _rincian(data_dasar, pembilang, [tahun]).set_index("kategori")["nilai"]
        women = _rincian(data_dasar, penyebut, [tahun]).set_index("kategori")["nilai"]
        groups = [g for g in births.index if g in women.index and g.lower() != "total" and women[g]]
        asfr = pd.Series({g: births[g] / women[g] for g in groups}, dtype=float)
        rincian = pd.DataFrame({"kategori": groups, "kelahiran": births[groups].values,
                                "perempuan": women[groups].values, "asfr": asfr.values})
        missing = sorted(set(births.index) ^ set(women.index))
        note = f"kelompok umur tanpa pasangan data: {', '.join(missing)}" if missing else ""
        return HasilPerhitungan(kode, metode, 5 * asfr.sum() if groups else None, rincian, note)
    raise ValueError(f"metode perhitungan tidak dikenal: {metode!r}")


def semua_perhitungan(perhitungan: pd.DataFrame, data_dasar: pd.DataFrame, tahun: int) -> list[HasilPerhitungan]:
    return [hitung(row, data_dasar, tahun) for row in perhitungan.itertuples()]
