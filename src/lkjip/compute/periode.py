"""Realisations through the year: per triwulan or per month, for indicators and for budget lines.

Sources print what was achieved in each period (rencana aksi are quarterly, e-SAKIP pages are
monthly); the report shows a table of the periods and the progress to date. Progress to date is
the value itself for a cumulative row (``kumulatif`` = ``ya``); otherwise the periods so far are
added up for what adds up (an indicator of ``jenis`` ``jumlah``, every budget line), and for any
other indicator (a percentage, an index: a state, not an amount) it is the latest period's value.
Capaian to date divides it by the year's target with the indicator's own rule.
"""
from __future__ import annotations

import pandas as pd

from lkjip.compute.capaian import hitung_capaian, realisasi_per_indikator, target_per_indikator
from lkjip.inputs.muat import DataDinas
from lkjip.inputs.skema import BULAN, PERIODE, TRIWULAN

#: How a period is printed (column headings, chart ticks).
LABEL_PERIODE = {**{t: f"TW {'I II III IV'.split()[i]}" for i, t in enumerate(TRIWULAN)},
                 **{b: b.capitalize() for b in BULAN}}
URUT = {p: i for i, p in enumerate(PERIODE)}


def jenis_periode(periode) -> str:
    """`triwulan` or `bulan` for a set of period codes (one kind per indicator and year)."""
    return "triwulan" if set(periode) <= set(TRIWULAN) else "bulan"


def _sampai(values: list[float | None], kumulatif: list[bool], menjumlah: bool) -> list[float | None]:
    """Progress to date after each period (None until a value is known)."""
    out, total, last = [], None, None
    for value, cum in zip(values, kumulatif):
        if value is not None and not pd.isna(value):
            if cum or not menjumlah:
                total = float(value)
            else:
                total = (total or 0.0) + float(value)
            last = total
        out.append(last)
    return out


def kemajuan_indikator(data: DataDinas, tahun: int) -> pd.DataFrame:
    """One row per indicator and period of the year: the period's value and target as printed, the
    progress to date and its capaian against the year's target."""
    columns = ["kode", "nama", "jenis", "satuan", "polaritas", "periode", "label", "jenis_periode", "target_periode",
               "nilai", "sampai", "target_tahun", "capaian_sampai", "realisasi_tahun", "menjumlah", "kumulatif"]
    rows = data.tabel.get("realisasi_periode")
    if rows is None or not len(rows):
        return pd.DataFrame(columns=columns)
    rows = rows[rows["tahun"] == tahun]
    if not len(rows):
        return pd.DataFrame(columns=columns)
    ind = data.indikator.assign(_urut=data.indikator["urutan"].fillna(1e9)).sort_values("_urut", kind="stable")
    targets = target_per_indikator(data.target, tahun)
    realisasi = realisasi_per_indikator(data.realisasi, tahun)
    aturan = data.profil["metode"]["capaian_negatif"]
    out = []
    for row in ind.itertuples():
        own = rows[rows["indikator"] == row.kode]
        if not len(own):
            continue
        own = own.assign(_u=own["periode"].map(URUT)).sort_values("_u")
        menjumlah = row.jenis == "jumlah"
        kumulatif = [k == "ya" for k in own["kumulatif"]]
        sampai = _sampai(list(own["nilai"]), kumulatif, menjumlah)
        target = targets.get(row.kode, (None, None))[0]
        tahunan = realisasi.get(row.kode, {}).get("nilai")
        kind = jenis_periode(own["periode"])
        for (_, p), s, cum in zip(own.iterrows(), sampai, kumulatif):
            cap = hitung_capaian(target, s, row.polaritas, aturan) if s is not None else None
            out.append({"kode": row.kode, "nama": row.nama, "jenis": row.jenis, "satuan": row.satuan,
                        "polaritas": row.polaritas, "periode": p["periode"], "label": LABEL_PERIODE[p["periode"]],
                        "jenis_periode": kind, "target_periode": p["target"], "nilai": p["nilai"], "sampai": s,
                        "target_tahun": target, "capaian_sampai": cap.nilai if cap else None,
                        "realisasi_tahun": None if tahunan is None or pd.isna(tahunan) else float(tahunan),
                        "menjumlah": menjumlah and not any(kumulatif), "kumulatif": cum})
    return pd.DataFrame(out, columns=columns)


def kemajuan_anggaran(data: DataDinas, tahun: int, rekap: pd.DataFrame) -> pd.DataFrame:
    """One row per budget line and period of the year: spending in the period, spending to date and
    absorption to date (against the line's pagu)."""
    columns = ["kode", "uraian", "level", "kedalaman", "periode", "label", "jenis_periode", "realisasi", "sampai",
               "pagu", "serapan_sampai", "realisasi_tahun", "kumulatif"]
    rows = data.tabel.get("anggaran_periode")
    if rows is None or not len(rows) or not len(rekap):
        return pd.DataFrame(columns=columns)
    rows = rows[rows["tahun"] == tahun]
    out = []
    for line in rekap.itertuples():
        own = rows[rows["anggaran"] == line.kode]
        if not len(own):
            continue
        own = own.assign(_u=own["periode"].map(URUT)).sort_values("_u")
        kumulatif = [k == "ya" for k in own["kumulatif"]]
        sampai = _sampai(list(own["realisasi"]), kumulatif, True)
        kind = jenis_periode(own["periode"])
        for (_, p), s, cum in zip(own.iterrows(), sampai, kumulatif):
            serapan = s / line.pagu * 100 if s is not None and pd.notna(line.pagu) and line.pagu else None
            out.append({"kode": line.kode, "uraian": line.uraian, "level": line.level, "kedalaman": line.kedalaman,
                        "periode": p["periode"], "label": LABEL_PERIODE[p["periode"]], "jenis_periode": kind,
                        "realisasi": p["realisasi"], "sampai": s, "pagu": line.pagu, "serapan_sampai": serapan,
                        "realisasi_tahun": line.realisasi, "kumulatif": cum})
    return pd.DataFrame(out, columns=columns)


def selisih_periode(indikator: pd.DataFrame, anggaran: pd.DataFrame) -> list[dict]:
    """Where the periods should add up to the year's figure and do not: (jenis, kode, nama, sum of
    the periods or the last cumulative value, the year's figure). Indicators whose periods are a
    state (a percentage) are not summed, so they are not checked."""
    found = []
    for kode, group in indikator.groupby("kode", sort=False):
        last = group.iloc[-1]
        if not (group["menjumlah"].any() or group["kumulatif"].any()):
            continue
        if last["sampai"] is None or pd.isna(last["sampai"]) or last["realisasi_tahun"] is None or pd.isna(last["realisasi_tahun"]):
            continue
        if abs(float(last["sampai"]) - float(last["realisasi_tahun"])) > 1e-6:
            found.append({"jenis": "indikator", "kode": kode, "nama": last["nama"], "periode": float(last["sampai"]),
                          "tahun": float(last["realisasi_tahun"])})
    for kode, group in anggaran.groupby("kode", sort=False):
        last = group.iloc[-1]
        if last["sampai"] is None or pd.isna(last["sampai"]) or pd.isna(last["realisasi_tahun"]):
            continue
        if abs(float(last["sampai"]) - float(last["realisasi_tahun"])) > 1.0:
            found.append({"jenis": "anggaran", "kode": kode, "nama": last["uraian"], "periode": float(last["sampai"]),
                          "tahun": float(last["realisasi_tahun"])})
    return found
