"""The seven analyses of Bab III (PermenPAN-RB 53/2014) for every indicator of the report: for each
indicator and analysis either the facts the prose states or why the analysis cannot be given for
this agency and year, as a code (``alasan``) that :mod:`lkjip.present.prosa` words.

The analyses, in the order of the chapter (``ANALISIS``): 1 target against realisasi (``target``);
2 against earlier years (``tahun_lalu``); 3 against the Renstra end target, with whether it is on
track at the pace so far (``target_akhir``, :func:`lkjip.compute.kinerja.proyeksi_target_akhir`);
4 against a national, provincial or minimum-service standard or other regions (``pembanding``);
5 causes of success or failure and the solutions taken (``penyebab``: the analyst's narrative, as
only the analyst knows them); 6 efficiency (``efisiensi``); 7 the programs and activities that
supported or hindered it (``program``). The LKE judge (:mod:`lkjip.compute.lke`) reads the same
table, so the checklist and the chapter never disagree on what the report shows.
"""
from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, field

import pandas as pd

from lkjip.compute.kinerja import proyeksi_target_akhir
from lkjip.compute.laporan import Laporan

ANALISIS = ("target", "tahun_lalu", "target_akhir", "pembanding", "penyebab", "efisiensi", "program")
#: Absorption below which a supporting budget line is named as holding the indicator back (the
#: threshold of Bab IV's default next steps).
BATAS_SERAPAN = 80.0


@dataclass(frozen=True)
class Butir:
    """One analysis of one indicator: ``ada`` when it can be given, with its facts, or the code of
    why not (``alasan``: ``tanpa_target``, ``tanpa_realisasi``, ``tanpa_tahun_lalu``,
    ``tanpa_renstra``, ``tanpa_target_akhir``, ``tanpa_pembanding``, ``tanpa_penyebab``,
    ``tanpa_anggaran``, ``tanpa_peta_anggaran``, ``tanpa_efisiensi``)."""

    analisis: str
    ada: bool
    alasan: str | None = None
    fakta: dict = field(default_factory=dict)


def _tidak(analisis: str, alasan: str, **fakta) -> Butir:
    return Butir(analisis, False, alasan, fakta)


def _target(row) -> Butir:
    if pd.notna(row.capaian):
        return Butir("target", True)
    return _tidak("target", "tanpa_target" if pd.isna(row.target) else "tanpa_realisasi")


def _tahun_lalu(lap: Laporan, row) -> Butir:
    seri = lap.seri
    lalu = seri[(seri["kode"] == row.kode) & (seri["tahun"] < lap.tahun) & seri["realisasi"].notna()]
    if not len(lalu):
        return _tidak("tahun_lalu", "tanpa_tahun_lalu")
    lalu = lalu.sort_values("tahun")
    akhir, awal = lalu.iloc[-1], lalu.iloc[0]
    return Butir("tahun_lalu", True, fakta={
        "tahun": int(akhir["tahun"]), "realisasi": float(akhir["realisasi"]),
        "tahun_awal": int(awal["tahun"]), "realisasi_awal": float(awal["realisasi"]), "jumlah_tahun": len(lalu)})


def _target_akhir(lap: Laporan, row, proyeksi: pd.DataFrame) -> Butir:
    if lap.renstra is None:
        return _tidak("target_akhir", "tanpa_renstra")
    akhir = lap.target_akhir.set_index("kode")
    if row.kode not in akhir.index or pd.isna(akhir.loc[row.kode, "target_akhir"]):
        return _tidak("target_akhir", "tanpa_target_akhir")
    if pd.isna(row.realisasi):
        return _tidak("target_akhir", "tanpa_realisasi")
    found = proyeksi[proyeksi["kode"] == row.kode]
    return Butir("target_akhir", True, fakta=found.iloc[0].to_dict())


def _nama_ukuran(teks) -> str:
    return re.sub(r"[\s_]+", " ", str(teks)).strip().lower()


def peringkat_indikator(lap: Laporan, row) -> dict | None:
    """The region's rank among other regions in a measure of pembanding.csv named like the
    indicator (its code or its name, `IPG`), in the latest year up to the report year with the
    agency's own region: {ukuran, tahun, wilayah, nilai, urutan, jumlah}; None without one."""
    data = lap.pembanding
    for ukuran, rows in data.groupby("ukuran", sort=False):
        if _nama_ukuran(ukuran) not in (_nama_ukuran(row.kode), _nama_ukuran(row.nama)):
            continue
        sendiri = rows[rows["wilayah"] == lap.wilayah_sendiri(rows["wilayah"])]
        for tahun in sorted(sendiri["tahun"].unique(), reverse=True):
            rank = lap.peringkat(ukuran, int(tahun))
            if rank is not None:
                return {"ukuran": ukuran, "tahun": int(tahun), **rank}
    return None


def _pembanding(lap: Laporan, row) -> Butir:
    standar = lap.standar[lap.standar["kode"] == row.kode]
    fakta = {"standar": [r._asdict() for r in standar.itertuples(index=False)]}
    peringkat = peringkat_indikator(lap, row)
    if peringkat is not None:
        fakta["peringkat"] = peringkat
    if not fakta["standar"] and "peringkat" not in fakta:
        return _tidak("pembanding", "tanpa_pembanding")
    return Butir("pembanding", True, fakta=fakta)


def _penyebab(row, ditulis: Collection[str]) -> Butir:
    rtl = row.rencana_tindak_lanjut if isinstance(row.rencana_tindak_lanjut, str) and row.rencana_tindak_lanjut.strip() \
        else None
    if row.kode in ditulis:
        return Butir("penyebab", True, fakta={"rencana_tindak_lanjut": rtl})  # the analyst's paragraph follows
    return _tidak("penyebab", "tanpa_penyebab", rencana_tindak_lanjut=rtl)


def _efisiensi(lap: Laporan, row, dibahas: set) -> Butir:
    if not lap.ada_anggaran:
        return _tidak("efisiensi", "tanpa_anggaran")
    eff = lap.efisiensi
    per_sasaran = lap.metode["efisiensi"] == "sasaran"
    kunci, level = (row.sasaran, "sasaran") if per_sasaran else (row.kode, "indikator")
    found = eff[(eff["level"] == level) & (eff["kunci"] == kunci)]
    if not len(found) or (per_sasaran and not len(eff[(eff["level"] == "indikator") & (eff["kunci"] == row.kode)])):
        return _tidak("efisiensi", "tanpa_peta_anggaran")
    baris = found.iloc[0]
    if pd.isna(baris["efisiensi"]):
        return _tidak("efisiensi", "tanpa_efisiensi")
    pertama = kunci not in dibahas
    dibahas.add(kunci)
    return Butir("efisiensi", True, fakta={"level": level, "kunci": kunci, "nama": baris["nama"], "pertama": pertama,
                                          "capaian": baris["capaian"], "serapan": baris["serapan"],
                                          "efisiensi": baris["efisiensi"]})


def _program(lap: Laporan, row) -> Butir:
    if not lap.ada_anggaran:
        return _tidak("program", "tanpa_anggaran")
    peta = lap.data.peta_anggaran
    baris = lap.anggaran.set_index("kode")
    kode = [k for k in peta.loc[peta["indikator"] == row.kode, "anggaran"] if k in baris.index]
    if not kode:
        return _tidak("program", "tanpa_peta_anggaran")
    program = lap.kinerja_program
    induk = program["induk"].astype(str)
    pendukung = []
    for k in kode:
        # the line's own indicators and those of the lines below it (a program's kegiatan)
        indikator = program[(induk == k) | induk.str.startswith(k + ".")]
        terukur = indikator.dropna(subset=["capaian"])
        bawah = terukur[terukur["capaian"] < 100]
        serapan = baris.loc[k, "serapan"]
        serapan = None if pd.isna(serapan) else float(serapan)
        pendukung.append({"kode": k, "uraian": str(baris.loc[k, "uraian"]), "level": str(baris.loc[k, "level"]),
                          "serapan": serapan, "indikator": len(terukur),
                          "indikator_bawah": [(r.nama, float(r.capaian)) for r in bawah.itertuples()],
                          "serapan_rendah": serapan is not None and serapan < BATAS_SERAPAN})
    return Butir("program", True, fakta={"baris": pendukung})


def analisis_indikator(lap: Laporan, ditulis: Collection[str] = ()) -> dict[str, dict[str, Butir]]:
    """Indicator code -> analysis -> :class:`Butir`, for every tujuan and sasaran indicator of Bab
    III in display order. ``ditulis``: the indicators whose causes the analyst wrote (narrative
    place ``indikator/<kode>``)."""
    proyeksi = proyeksi_target_akhir(lap.data, lap.tahun)
    dibahas: set = set()  # sasaran whose efficiency an earlier indicator states
    hasil = {}
    for row in lap.kinerja.itertuples():
        hasil[row.kode] = {
            "target": _target(row), "tahun_lalu": _tahun_lalu(lap, row),
            "target_akhir": _target_akhir(lap, row, proyeksi), "pembanding": _pembanding(lap, row),
            "penyebab": _penyebab(row, ditulis), "efisiensi": _efisiensi(lap, row, dibahas), "program": _program(lap, row)}
    return hasil


def tanpa(hasil: dict[str, dict[str, Butir]], analisis: str) -> dict[str, list[str]]:
    """For one analysis, reason -> the indicators it cannot be given for."""
    out: dict[str, list[str]] = {}
    for kode, butir in hasil.items():
        b = butir[analisis]
        if not b.ada:
            out.setdefault(b.alasan, []).append(kode)
    return out
