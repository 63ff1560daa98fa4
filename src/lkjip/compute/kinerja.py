"""Performance tables: every indicator's target, realisasi, capaian and category for a year,
averages per sasaran/tujuan/urusan, the multi-year series and the gap to the Renstra end target.
"""
from __future__ import annotations

import pandas as pd

from lkjip.compute.capaian import _kosong, hitung_capaian, kategori, realisasi_per_indikator, target_per_indikator
from lkjip.inputs.muat import DataDinas
from lkjip.inputs.skema import tanpa_skala

#: Rows of a peer table that are not a kabupaten/kota (province or national figures): charted as
#: references, never ranked.
AGREGAT = ("jawa timur", "indonesia", "nasional", "provinsi")

LEVEL_ORGANISASI = ("tujuan", "sasaran")
LEVEL_PROGRAM = ("program", "kegiatan", "subkegiatan")


def _konteks(ts: pd.DataFrame, row) -> dict:
    """Where an indicator sits: its sasaran, tujuan and urusan (``ts``: tujuan_sasaran by kode)."""
    if row.level in LEVEL_PROGRAM:
        return {"sasaran": None, "tujuan": None, "urusan": None}
    parent = ts.loc[row.induk] if row.induk in ts.index else None
    if parent is None:
        return {"sasaran": None, "tujuan": None, "urusan": None}
    if parent["level"] == "sasaran":
        tujuan = parent["induk"]
        return {"sasaran": row.induk, "tujuan": tujuan, "urusan": parent["urusan"]}
    return {"sasaran": None, "tujuan": row.induk, "urusan": parent["urusan"]}


#: What the category column says for an indicator without a target that year (metode.tanpa_target
#: in profil.yaml overrides it with the agency's own wording).
TANPA_TARGET = "Tidak Ada Target"


def batas_capaian(profil: dict) -> float | None:
    """The agency's cap on capaian (metode.batas_capaian, e.g. 100), or None for no cap."""
    value = (profil.get("metode") or {}).get("batas_capaian")
    return None if value in (None, "") else float(value)


def batasi_capaian(nilai, batas: float | None):
    """A capaian limited to the agency's cap; the uncapped value stays in the data, the report
    shows and averages the capped one as the source does."""
    if batas is None or nilai is None or pd.isna(nilai):
        return nilai
    return min(float(nilai), batas)


def tabel_kinerja(data: DataDinas, tahun: int, level: tuple[str, ...] = LEVEL_ORGANISASI) -> pd.DataFrame:
    """One row per indicator of the given levels, in display order, for one year."""
    aturan_negatif = data.profil["metode"]["capaian_negatif"]
    batas = batas_capaian(data.profil)
    label_tanpa_target = data.profil["metode"].get("tanpa_target") or TANPA_TARGET
    from lkjip.inputs.huruf import huruf_dari_nilai, peta_huruf
    peta = peta_huruf(data.tabel.get("skala_huruf"))
    indikator = data.indikator[data.indikator["level"].isin(level)].copy()
    indikator["_urut"] = indikator["urutan"].fillna(1e9)
    # the year's rows grouped by indicator once, rather than masking whole tables per indicator
    # (that cost ~0,2 s a year on the example agencies, and grew with rows × indicators)
    targets = target_per_indikator(data.target, tahun)
    realisasi_thn = realisasi_per_indikator(data.realisasi, tahun)
    ts = data.tujuan_sasaran.set_index("kode")
    skala = data.skala_penilaian.sort_values("urutan", kind="stable")
    tanpa = tanpa_skala(data.profil)  # a source with no scale: no category at all, not even "no target"
    rows = []
    for row in indikator.sort_values(["_urut"], kind="stable").itertuples():
        target, dokumen = targets.get(row.kode, (None, None))
        rtl = realisasi_thn.get(row.kode)
        realisasi = None if rtl is None or _kosong(rtl["nilai"]) else float(rtl["nilai"])
        cap = hitung_capaian(target, realisasi, row.polaritas, aturan_negatif)
        nilai = batasi_capaian(cap.nilai, batas)
        kategori_ = kategori(nilai, skala)
        if target is None and not tanpa:  # shown, not rated, with the agency's wording ("Tidak Ada Target")
            kategori_ = label_tanpa_target
        rows.append({
            "kode": row.kode, "nama": row.nama, "level": row.level, "induk": row.induk,
            **_konteks(ts, row),
            "satuan": row.satuan, "jenis": row.jenis, "polaritas": row.polaritas,
            "target": target, "dokumen_target": dokumen, "realisasi": realisasi,
            "capaian": nilai, "aturan": cap.aturan, "alasan": cap.alasan,
            "kategori": kategori_,
            "rencana_tindak_lanjut": rtl["rencana_tindak_lanjut"] if rtl is not None else None,
            "target_huruf": huruf_dari_nilai(target, peta) if row.jenis == "huruf" else None,
            "realisasi_huruf": huruf_dari_nilai(realisasi, peta) if row.jenis == "huruf" else None,
        })
    return pd.DataFrame(rows, columns=[
        "kode", "nama", "level", "induk", "sasaran", "tujuan", "urusan", "satuan", "jenis", "polaritas",
        "target", "dokumen_target", "realisasi", "capaian", "aturan", "alasan", "kategori",
        "rencana_tindak_lanjut", "target_huruf", "realisasi_huruf"])


def rata_capaian(kinerja: pd.DataFrame, menurut: str) -> pd.Series:
    """Mean capaian per group (`sasaran`, `tujuan`, `urusan`) or overall (`semua`).

    A tujuan's mean covers its own indicators and those of its sasaran. Indicators without a
    capaian (no target or no realisasi) are left out of the mean, not counted as zero.
    """
    valid = kinerja.dropna(subset=["capaian"])
    if menurut == "semua":
        return pd.Series({"semua": valid["capaian"].mean()})
    return valid.dropna(subset=[menurut]).groupby(menurut, sort=False)["capaian"].mean()


def seri_kinerja(data: DataDinas, tahun_awal: int, tahun_akhir: int) -> pd.DataFrame:
    """Target, realisasi and capaian of every organisation indicator for each year of a period."""
    frames = []
    for tahun in range(tahun_awal, tahun_akhir + 1):
        frame = tabel_kinerja(data, tahun)
        frame.insert(0, "tahun", tahun)
        frames.append(frame)
    return pd.concat(frames, ignore_index=True)


def terhadap_target_akhir(data: DataDinas, tahun: int, level: tuple[str, ...] = LEVEL_ORGANISASI) -> pd.DataFrame:
    """Realisasi of the year against the end-of-period target of the Renstra in force that year, as
    a capaian by the same rule; empty when no Renstra covers the year (a lapsed plan's end target
    says nothing about a later year)."""
    from lkjip.inputs.rencana import rencana_berlaku
    plan = rencana_berlaku(data.profil, "renstra", tahun)
    columns = ["kode", "nama", "jenis", "satuan", "sasaran", "tujuan", "urusan", "tahun_akhir", "target_akhir",
               "realisasi", "persen_target_akhir", "alasan"]
    if plan is None:
        return pd.DataFrame(columns=columns)
    akhir = plan.akhir
    kinerja = tabel_kinerja(data, tahun, level)
    renstra = data.target[data.target["dokumen"] == "renstra"]
    aturan_negatif = data.profil["metode"]["capaian_negatif"]
    rows = []
    for row in kinerja.itertuples():
        found = renstra[(renstra["indikator"] == row.kode) & (renstra["tahun"] == akhir)]
        target_akhir = float(found["nilai"].iloc[0]) if len(found) and pd.notna(found["nilai"].iloc[0]) else None
        cap = hitung_capaian(target_akhir, row.realisasi, row.polaritas, aturan_negatif)
        rows.append({"kode": row.kode, "nama": row.nama, "jenis": row.jenis, "satuan": row.satuan,
                     "sasaran": row.sasaran, "tujuan": row.tujuan, "urusan": row.urusan,
                     "tahun_akhir": akhir, "target_akhir": target_akhir, "realisasi": row.realisasi,
                     "persen_target_akhir": cap.nilai, "alasan": cap.alasan})
    return pd.DataFrame(rows, columns=columns)
