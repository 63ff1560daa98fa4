"""Efficiency of resource use: performance against budget absorption.

Two methods, both found in published LKjIPs, chosen per agency in `profil.yaml`:
- `indikator` (Kota Malang): an indicator's capaian / absorption of the budget lines mapped to it × 100;
- `sasaran` (Kab. Trenggalek): a sasaran's mean capaian / mean absorption of its budget lines × 100.
Above 100 means the result came at a lower share of budget spent than of target reached.
"""
from __future__ import annotations

import pandas as pd

PENJELASAN_METODE = {
    "indikator": "capaian indikator dibagi serapan anggaran program pendukungnya × 100",
    "sasaran": "rata-rata capaian sasaran dibagi rata-rata serapan anggaran pendukungnya × 100",
}


def _rasio(a, b):
    return a / b * 100 if a is not None and b and pd.notna(a) and pd.notna(b) else None


def efisiensi_indikator(kinerja: pd.DataFrame, rekap: pd.DataFrame, peta: pd.DataFrame) -> pd.DataFrame:
    lines = rekap.set_index("kode")
    rows = []
    for row in kinerja.itertuples():
        kode_anggaran = [k for k in peta.loc[peta["indikator"] == row.kode, "anggaran"] if k in lines.index]
        if not kode_anggaran:
            continue
        pagu = lines.loc[kode_anggaran, "pagu"].sum(min_count=len(kode_anggaran))  # an empty cell is no data
        realisasi = lines.loc[kode_anggaran, "realisasi"].sum(min_count=len(kode_anggaran))
        serapan = _rasio(realisasi, pagu)
        rows.append({"kunci": row.kode, "nama": row.nama, "sasaran": row.sasaran, "target": row.target,
                     "realisasi_kinerja": row.realisasi, "jenis": row.jenis, "capaian": row.capaian,
                     "anggaran": ", ".join(kode_anggaran), "pagu": pagu, "realisasi_anggaran": realisasi,
                     "serapan": serapan, "efisiensi": _rasio(row.capaian, serapan)})
    return pd.DataFrame(rows, columns=["kunci", "nama", "sasaran", "target", "realisasi_kinerja", "jenis",
                                       "capaian", "anggaran", "pagu", "realisasi_anggaran", "serapan", "efisiensi"])


def efisiensi_sasaran(kinerja: pd.DataFrame, rekap: pd.DataFrame, peta: pd.DataFrame,
                      uraian_sasaran: dict[str, str]) -> pd.DataFrame:
    """Per indicator rows (absorption of its lines) followed by one row per sasaran whose
    serapan is the mean of its indicators' absorptions and whose capaian is their mean capaian."""
    per_indikator = efisiensi_indikator(kinerja, rekap, peta)
    per_indikator["level"] = "indikator"
    rows = []
    for sasaran, group in per_indikator.groupby("sasaran", sort=False):
        capaian = kinerja.loc[kinerja["sasaran"] == sasaran, "capaian"].mean()
        serapan = group["serapan"].mean()
        rows.append({"kunci": sasaran, "nama": uraian_sasaran.get(sasaran, sasaran), "sasaran": sasaran,
                     "capaian": capaian, "anggaran": ", ".join(group["anggaran"]),
                     "pagu": group["pagu"].sum(), "realisasi_anggaran": group["realisasi_anggaran"].sum(),
                     "serapan": serapan, "efisiensi": _rasio(capaian, serapan), "level": "sasaran"})
    return pd.concat([per_indikator, pd.DataFrame(rows)], ignore_index=True)


def tabel_efisiensi(metode: str, kinerja, rekap, peta, uraian_sasaran) -> pd.DataFrame:
    if metode == "indikator":
        table = efisiensi_indikator(kinerja, rekap, peta)
        table["level"] = "indikator"
        return table
    return efisiensi_sasaran(kinerja, rekap, peta, uraian_sasaran)


def ringkasan_efisiensi(tabel: pd.DataFrame) -> dict:
    """The totals row: summed budgets, overall absorption, and the mean of the efficiencies."""
    if "level" in tabel and (tabel["level"] == "sasaran").any():
        tabel = tabel[tabel["level"] == "sasaran"]
    pagu, realisasi = tabel["pagu"].sum(), tabel["realisasi_anggaran"].sum()
    return {"pagu": pagu, "realisasi_anggaran": realisasi, "serapan": _rasio(realisasi, pagu),
            "rata_capaian": tabel["capaian"].mean(), "rata_efisiensi": tabel["efisiensi"].mean()}
