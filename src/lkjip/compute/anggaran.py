"""The budget: program > kegiatan > sub-kegiatan (under an urusan where the source has one),
with pagu, realisasi, absorption (serapan), unspent budget, roll-ups and the mean absorption
over kegiatan and sub-kegiatan that LKjIP reports quote.
"""
from __future__ import annotations

import pandas as pd

from lkjip.inputs.muat import DataDinas


def _serapan(realisasi, pagu) -> float:
    """Absorption in percent; NaN (printed "–") when the realisasi is not given or the pagu is 0,
    never a made-up 0."""
    if pd.isna(realisasi) or pd.isna(pagu) or not pagu:
        return float("nan")
    return realisasi / pagu * 100


def _jumlah(values: pd.Series) -> float:
    """A total that is "no data" when one of its parts is: an empty cell is never summed as 0."""
    return float(values.sum()) if len(values) and values.notna().all() else (0.0 if not len(values) else float("nan"))


def rekap_anggaran(data: DataDinas, tahun: int) -> pd.DataFrame:
    """Every budget line of a year, in display order, with serapan, sisa, depth and its program."""
    frame = data.anggaran[data.anggaran["tahun"] == tahun].copy()
    frame["_urut"] = frame["urutan"].fillna(1e9)
    frame = frame.sort_values("_urut", kind="stable").drop(columns="_urut").reset_index(drop=True)
    parent = dict(zip(frame["kode"], frame["induk"]))
    level = dict(zip(frame["kode"], frame["level"]))

    def depth(kode):
        d, seen = 0, {kode}
        while parent.get(kode) is not None and parent.get(kode) in parent and parent[kode] not in seen:
            kode, d = parent[kode], d + 1
            seen.add(kode)
        return d

    has_program = (frame["level"] == "program").any()

    def program_of(kode):
        """The line's program; in a budget that starts below program level, its top-level line."""
        seen = set()
        while kode is not None and kode not in seen and level.get(kode) != "program":
            seen.add(kode)
            if not has_program and pd.isna(parent.get(kode)):
                return kode
            kode = parent.get(kode)
            kode = None if pd.isna(kode) else kode
        return kode

    frame["kedalaman"] = frame["kode"].map(depth)
    frame["program"] = frame["kode"].map(program_of)
    frame["serapan"] = pd.Series([_serapan(r, p) for r, p in zip(frame["realisasi"], frame["pagu"])],
                                 index=frame.index, dtype=float)
    frame["sisa"] = frame["pagu"] - frame["realisasi"]
    sums = frame.groupby("induk")[["pagu", "realisasi"]].sum(min_count=1)
    frame["jumlah_anak_pagu"] = frame["kode"].map(sums["pagu"])
    frame["jumlah_anak_realisasi"] = frame["kode"].map(sums["realisasi"])
    return frame


def total_anggaran(rekap: pd.DataFrame) -> dict:
    """Total of the top-level lines (those without a parent)."""
    top = rekap[rekap["induk"].isna()]
    pagu, realisasi = _jumlah(top["pagu"]), _jumlah(top["realisasi"])
    kosong = int(top["realisasi"].isna().sum())
    return {"pagu": pagu, "realisasi": realisasi, "serapan": _serapan(realisasi, pagu), "sisa": pagu - realisasi,
            "realisasi_kosong": kosong}


def rata_serapan(rekap: pd.DataFrame, level: str, program: str | None = None) -> float | None:
    """Mean absorption over the lines of one level (kegiatan or subkegiatan), in one program or all."""
    lines = rekap[rekap["level"] == level]
    if program is not None:
        lines = lines[lines["program"] == program]
    values = lines["serapan"].dropna()
    return float(values.mean()) if len(values) else None


def rekap_program(rekap: pd.DataFrame) -> pd.DataFrame:
    """One row per program: pagu, realisasi, serapan, sisa, and mean absorption of its kegiatan and sub-kegiatan."""
    programs = rekap[rekap["level"] == "program"].copy()
    if not len(programs):  # a unit that reports only its kegiatan: its top-level lines stand for programs
        programs = rekap[rekap["induk"].isna()].copy()
    programs["rata_serapan_kegiatan"] = [rata_serapan(rekap, "kegiatan", k) for k in programs["kode"]]
    programs["rata_serapan_subkegiatan"] = [rata_serapan(rekap, "subkegiatan", k) for k in programs["kode"]]
    return programs[["kode", "uraian", "induk", "pagu", "realisasi", "serapan", "sisa",
                     "rata_serapan_kegiatan", "rata_serapan_subkegiatan"]].reset_index(drop=True)


def pk_anggaran(data: DataDinas, tahun: int) -> pd.DataFrame:
    """PK program budgets, induk beside perubahan, with the change."""
    pk = data.pk_anggaran[data.pk_anggaran["tahun"] == tahun]
    uraian = dict(zip(data.anggaran["kode"], data.anggaran["uraian"]))
    wide = pk.pivot_table(index="program", columns="dokumen", values="anggaran", aggfunc="first")
    for col in ("pk", "pk_perubahan"):
        if col not in wide:
            wide[col] = float("nan")
    order = list(dict.fromkeys(pk["program"]))
    wide = wide.reindex(order).reset_index()
    wide["uraian"] = wide["program"].map(uraian)
    wide["perubahan"] = wide["pk_perubahan"] - wide["pk"]
    sumber = pk.drop_duplicates("program", keep="last").set_index("program")["sumber_dana"]
    wide["sumber_dana"] = wide["program"].map(sumber)
    return wide[["program", "uraian", "pk", "pk_perubahan", "perubahan", "sumber_dana"]]
