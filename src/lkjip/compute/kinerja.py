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


#: What the comparison with the Renstra end target can say about an indicator (``status`` of
#: :func:`proyeksi_target_akhir`; docs/analisis.md).
TAHUN_AKHIR = "tahun_akhir"        # the report year is the plan's last: the end target met or not
SUDAH_TERCAPAI = "sudah_tercapai"  # before the last year, the realisasi already meets the end target
SESUAI_LAJU = "sesuai_laju"        # at the pace so far, the end target is met by the last year
DI_BAWAH_LAJU = "di_bawah_laju"    # at the pace so far, it is not
TANPA_LAJU = "tanpa_laju"          # no earlier realisation (nor a baseline) to measure a pace from
STATUS_PROYEKSI = (TAHUN_AKHIR, SUDAH_TERCAPAI, SESUAI_LAJU, DI_BAWAH_LAJU, TANPA_LAJU)


def proyeksi_target_akhir(data: DataDinas, tahun: int) -> pd.DataFrame:
    """For each indicator with an end target and a realisasi, whether the Renstra end target is on
    track at the current pace: the straight line through the first realisation of the plan period
    (or the Renstra's kondisi awal when no earlier year is realised) and the report year's,
    extended to the plan's last year (docs/analisis.md). ``laju``: the change per year so far;
    ``laju_perlu``: the change per year still needed; ``proyeksi``: the value the line reaches in
    the last year; ``persen_proyeksi``: that value against the end target by the indicator's rule.
    In the plan's last year there is nothing to project: the status says whether the end target
    was met. Letter-grade indicators get no pace (their letters are not a linear scale). Empty
    when no Renstra covers the year."""
    from lkjip.inputs.rencana import rencana_berlaku
    columns = ["kode", "tahun_akhir", "target_akhir", "realisasi", "persen_target_akhir", "status",
               "tahun_dasar", "nilai_dasar", "dasar", "laju", "laju_perlu", "proyeksi", "persen_proyeksi"]
    plan = rencana_berlaku(data.profil, "renstra", tahun)
    if plan is None:
        return pd.DataFrame(columns=columns)
    akhir = terhadap_target_akhir(data, tahun)
    aturan = data.profil["metode"]["capaian_negatif"]
    ind = data.indikator.set_index("kode")
    realisasi = data.realisasi
    awal = data.target[data.target["dokumen"] == "kondisi_awal"]
    rows = []
    for row in akhir.itertuples():
        if row.target_akhir is None or pd.isna(row.target_akhir) or row.realisasi is None or pd.isna(row.realisasi):
            continue
        polaritas = ind.loc[row.kode, "polaritas"]
        out = {"kode": row.kode, "tahun_akhir": plan.akhir, "target_akhir": row.target_akhir,
               "realisasi": row.realisasi, "persen_target_akhir": row.persen_target_akhir, "status": None,
               "tahun_dasar": None, "nilai_dasar": None, "dasar": None, "laju": None, "laju_perlu": None,
               "proyeksi": None, "persen_proyeksi": None}
        tercapai = row.persen_target_akhir is not None and pd.notna(row.persen_target_akhir) \
            and row.persen_target_akhir >= 100 - 1e-9
        if tahun >= plan.akhir:
            out["status"] = TAHUN_AKHIR
        elif tercapai:
            out["status"] = SUDAH_TERCAPAI
        else:
            sisa = plan.akhir - tahun
            out["laju_perlu"] = (row.target_akhir - row.realisasi) / sisa
            lalu = realisasi[(realisasi["indikator"] == row.kode) & realisasi["tahun"].between(plan.awal, tahun - 1)
                             & realisasi["nilai"].notna()].sort_values("tahun")
            dasar = awal[(awal["indikator"] == row.kode) & awal["nilai"].notna()].sort_values("tahun")
            if row.jenis == "huruf":
                titik = None
            elif len(lalu):
                titik = (int(lalu["tahun"].iloc[0]), float(lalu["nilai"].iloc[0]), "realisasi")
            elif len(dasar) and int(dasar["tahun"].iloc[0]) < tahun:
                titik = (int(dasar["tahun"].iloc[0]), float(dasar["nilai"].iloc[0]), "kondisi_awal")
            else:
                titik = None
            if titik is None:
                out["status"] = TANPA_LAJU
            else:
                t0, v0, asal = titik
                laju = (row.realisasi - v0) / (tahun - t0)
                proyeksi = row.realisasi + laju * sisa
                persen = hitung_capaian(row.target_akhir, proyeksi, polaritas, aturan).nilai
                out.update(tahun_dasar=t0, nilai_dasar=v0, dasar=asal, laju=laju, proyeksi=proyeksi,
                           persen_proyeksi=persen,
                           status=SESUAI_LAJU if persen is not None and persen >= 100 - 1e-9 else DI_BAWAH_LAJU)
        rows.append(out)
    return pd.DataFrame(rows, columns=columns)
