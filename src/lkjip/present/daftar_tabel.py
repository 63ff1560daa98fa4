"""Every table of the report, declared once: `SPEK[nama]` says its caption, columns (headers with
units, formats, relative widths) and which rows of the report it shows. Notebooks only name a
table (`tampil.tabel(lap, "matriks-renstra", output_dir)`); changing a table is an edit here.
"""
from __future__ import annotations

import pandas as pd

from lkjip.present import format as fmt
from lkjip.present.aman import teks as teks_markdown
from lkjip.present.tabel import BARIS, JUMLAH, SUBTOTAL, Kolom, Spek, dengan_jumlah, kelompokkan

#: How target documents are named in print (the data's codes are internal keys).
DOKUMEN = {"kondisi_awal": "Kondisi awal", "renstra": "Renstra", "pk": "PK", "pk_perubahan": "PK perubahan"}
POLARITAS = {"positif": "positif (makin tinggi makin baik)", "negatif": "negatif (makin rendah makin baik)"}


def nilai(value, jenis: str, huruf: str | None = None) -> str:
    """An indicator value without its unit (the unit has its own column): `95,5`, `1 : 3.171`,
    or the letter of a letter-grade indicator (`BB`)."""
    if jenis == "huruf" and isinstance(huruf, str) and huruf:
        return huruf
    if jenis == "rasio":
        return fmt.rasio(value)
    if value is None or pd.isna(value):
        return fmt.KOSONG
    return fmt.angka(value, 0 if float(value).is_integer() else 2, tetap=False)


def _teks(frame: pd.DataFrame, kolom: str) -> list[str]:
    """Formatted target or realisasi of every row, letters for letter-grade indicators."""
    letters = frame[f"{kolom}_huruf"] if f"{kolom}_huruf" in frame else [None] * len(frame)
    return [nilai(v, j, h) for v, j, h in zip(frame[kolom], frame["jenis"], letters)]


def satuan(row) -> str:
    """The unit printed beside an indicator: `%`, `orang`, `rasio`; blank for a bare index."""
    if row["jenis"] == "persen":
        return "%"
    if row["jenis"] == "rasio":
        return "rasio"
    text = row.get("satuan")
    return "" if text is None or pd.isna(text) else str(text)


def _hierarki(lap, kinerja: pd.DataFrame) -> pd.DataFrame:
    """Tujuan and sasaran statements beside each indicator, for grouping."""
    return kinerja.assign(
        tujuan_teks=[lap.uraian.get(t, t) if isinstance(t, str) else "" for t in kinerja["tujuan"]],
        sasaran_teks=[lap.uraian.get(s, s) if isinstance(s, str) else "" for s in kinerja["sasaran"]],
        satuan_teks=[satuan(r) for r in kinerja.to_dict("records")])


TUJUAN_SASARAN = [("tujuan_teks", "Tujuan"), ("sasaran_teks", "Sasaran")]
#: Group columns a CSV carries in place of the printed heading rows.
KONTEKS_SASARAN = (Kolom("tujuan_teks", "Tujuan"), Kolom("sasaran_teks", "Sasaran"))
KONTEKS_PROGRAM = (Kolom("program_teks", "Program"), Kolom("kegiatan_teks", "Kegiatan"))


# --- Bab II -------------------------------------------------------------------------------------
def _matriks_renstra(lap) -> pd.DataFrame:
    target = lap.data.target
    kinerja = _hierarki(lap, lap.kinerja)
    years = sorted(int(t) for t in target.loc[target["dokumen"] == "renstra", "tahun"].dropna().unique())
    # the matrix of the plan in force, not of every plan recorded
    years = [y for y in years if lap.renstra.berlaku(y)] if lap.renstra is not None else []
    rows = []
    for row in kinerja.to_dict("records"):
        found = target[target["indikator"] == row["kode"]]
        out = {k: row[k] for k in ("tujuan_teks", "sasaran_teks", "kode", "nama", "satuan_teks")}
        awal = found[found["dokumen"] == "kondisi_awal"]
        out["kondisi_awal"] = nilai(awal["nilai"].iloc[0], row["jenis"]) if len(awal) else fmt.KOSONG
        for year in years:
            t = found[(found["dokumen"] == "renstra") & (found["tahun"] == year)]
            out[f"t{year}"] = nilai(t["nilai"].iloc[0], row["jenis"]) if len(t) else fmt.KOSONG
        rows.append(out)
    frame = pd.DataFrame(rows)
    if not years and (frame.empty or (frame["kondisi_awal"] == fmt.KOSONG).all()):
        return pd.DataFrame()  # no target of a plan in force and no baseline: nothing to print
    frame.attrs["tahun"] = years
    return kelompokkan(frame, TUJUAN_SASARAN, "nama") if len(frame) else frame


def _kolom_matriks(rows):
    years = rows.attrs.get("tahun") or sorted(int(c[1:]) for c in rows if isinstance(c, str) and c[:1] == "t" and c[1:].isdigit())
    return (Kolom("nama", "Tujuan, sasaran dan indikator", lebar=9), Kolom("satuan_teks", "Satuan", lebar=2),
            Kolom("kondisi_awal", "Kondisi awal", "nilai", 2, boleh_hilang=True),
            *(Kolom(f"t{y}", f"Target {y}", "nilai", 2, boleh_hilang=True) for y in years))


def _strategi(lap):
    s = lap.data.strategi
    s = s.assign(sasaran_teks=s["sasaran"].map(lambda k: lap.uraian.get(k, k)))
    return kelompokkan(s, [("sasaran_teks", "Sasaran")], "strategi") if len(s) else s


#: How `indikator.csv` `iku` is printed: an IKU of the agency, a supporting indicator, or not stated.
STATUS_IKU = {"ya": "IKU", "tidak": "pendukung"}


def _iku(lap):
    """The tujuan and sasaran indicators, and every indicator flagged IKU at another level: IKU
    first, then the supporting ones, then those whose status the source does not state."""
    ind = lap.data.indikator
    organisasi = ind["level"].isin(["tujuan", "sasaran"]) & ind["kode"].isin(lap.kinerja["kode"])
    iku = ind[organisasi | (ind["iku"] == "ya")]
    iku = iku.assign(_urut=iku["iku"].map({"ya": 0, "tidak": 1}).fillna(2)).sort_values("_urut", kind="stable")
    return iku.assign(polaritas_teks=iku["polaritas"].map(POLARITAS).fillna(iku["polaritas"]),
                      status_teks=iku["iku"].map(STATUS_IKU).fillna(fmt.KOSONG if iku["iku"].notna().any() else None),
                      satuan_teks=[satuan(r) for r in iku.assign(jenis=iku["jenis"]).to_dict("records")])


def _pk_target(lap):
    """PK targets of the year by tujuan and sasaran; values without their unit (own column)."""
    pk = lap.pk_target()
    if not len(pk):
        return pk
    kinerja = _hierarki(lap, lap.kinerja).set_index("kode")
    jenis = pk["kode"].map(kinerja["jenis"])

    def angka(ada, values):
        return [nilai(v, j) if a else fmt.KOSONG for a, v, j in zip(ada, values, jenis)]
    return kelompokkan(pk.assign(
        sasaran_teks=pk["kode"].map(kinerja["sasaran_teks"]).fillna(""),
        tujuan_teks=pk["kode"].map(kinerja["tujuan_teks"]).fillna(""),
        satuan_teks=pk["kode"].map(kinerja["satuan_teks"]).fillna(""),
        pk=angka(pk["ada_pk"], pk["pk"]), pk_perubahan=angka(pk["ada_pk_perubahan"], pk["pk_perubahan"]),
        keterangan=[f"berubah {fmt.angka(v, 2, tetap=False)}" if pd.notna(v) else "" for v in pk["perubahan"]],
    ), TUJUAN_SASARAN, "nama")


def _pk_anggaran(lap):
    pka = lap.pk_anggaran
    return dengan_jumlah(pka, ["pk", "pk_perubahan", "perubahan"], "uraian") if len(pka) else pka


def _skala(lap):
    return lap.data.skala_penilaian.sort_values("urutan")


def _tanpa_renstra(lap, akibat: str) -> str | None:
    """Why a table of the Renstra is empty, when it is that no plan covers the year."""
    if lap.renstra is not None:
        return None
    return (f"Renstra yang berlaku pada tahun {lap.tahun} tidak tersedia dalam data, sehingga {akibat}.")


# --- Bab III ------------------------------------------------------------------------------------
def _capaian(lap):
    from lkjip.compute.capaian import kategori
    kinerja = _hierarki(lap, lap.kinerja)
    if not len(kinerja):
        return kinerja
    kinerja = kinerja.assign(target_teks=_teks(kinerja, "target"), realisasi_teks=_teks(kinerja, "realisasi"))
    skala = lap.data.skala_penilaian
    if lap.metode["kelompok_bab3"] == "urusan":
        kinerja["kelompok"] = kinerja["urusan"].map(lambda u: f"Urusan: {lap.uraian.get(u, u)}" if isinstance(u, str) else "")
    else:
        kinerja["kelompok"] = [f"Sasaran: {s}" if s else f"Tujuan: {t}" for s, t in zip(kinerja["sasaran_teks"], kinerja["tujuan_teks"])]
    parts = []
    for _, group in kinerja.groupby("kelompok", sort=False):
        part = kelompokkan(group, [("kelompok", "")], "nama")
        if len(group) > 1:
            mean = group["capaian"].mean()
            part = pd.concat([part, pd.DataFrame([{"nama": "Rata-rata kelompok",
                                                   "capaian": mean, "kategori": kategori(mean, skala),
                                                   "_baris": SUBTOTAL, "_tingkat": 1}])])
        parts.append(part)
    mean = kinerja["capaian"].mean()
    total = pd.DataFrame([{"nama": "Rata-rata capaian", "capaian": mean, "kategori": kategori(mean, skala),
                           "_baris": JUMLAH, "_tingkat": 0}])
    frame = pd.concat([*parts, total], ignore_index=True)
    # a source with no rating scale: no category column at all (never a placeholder band)
    return frame.drop(columns="kategori") if lap.tanpa_skala else frame


def _kolom_capaian(rows) -> tuple[Kolom, ...]:
    kolom = (Kolom("nama", "Kelompok dan indikator", lebar=8), Kolom("satuan_teks", "Satuan", lebar=2),
             Kolom("target_teks", "Target", "nilai", 2), Kolom("realisasi_teks", "Realisasi", "nilai", 2),
             Kolom("capaian", "Capaian (%)", "persen", 2))
    return kolom + ((Kolom("kategori", "Kategori", lebar=3),) if "kategori" in rows else ())


def _matriks_tahunan(lap, baris: tuple[str, ...], kelompok: bool) -> pd.DataFrame:
    """One block per indicator: a row per measure (target, realisasi, capaian) and a column per year."""
    seri = lap.seri
    if not len(seri):
        return seri
    years = sorted(int(t) for t in seri["tahun"].dropna().unique())
    if years == [lap.tahun] and baris == ("realisasi", "capaian"):
        return pd.DataFrame()  # the report year alone is no series: Tabel capaian shows it
    kinerja = _hierarki(lap, lap.kinerja)
    label = {"target": "Target", "realisasi": "Realisasi", "capaian": "Capaian"}
    rows = []
    for ind in kinerja.to_dict("records"):
        own = seri[seri["kode"] == ind["kode"]].set_index("tahun")
        for i, ukuran in enumerate(baris):
            unit = "%" if ukuran == "capaian" else ind["satuan_teks"]  # the unit beside the measure
            out = {"tujuan_teks": ind["tujuan_teks"], "sasaran_teks": ind["sasaran_teks"],
                   "nama": ind["nama"] if i == 0 else "", "ukuran": f"{label[ukuran]} ({unit})" if unit else label[ukuran]}
            for y in years:
                v = own.loc[y, ukuran] if y in own.index else None
                out[f"t{y}"] = (fmt.angka(v, 2) if v is not None and pd.notna(v) else fmt.KOSONG) if ukuran == "capaian" \
                    else nilai(v, ind["jenis"])
            rows.append(out)
    frame = pd.DataFrame(rows)
    if kelompok:
        frame = kelompokkan(frame, TUJUAN_SASARAN, "nama")
    frame.attrs["tahun"] = years
    return frame


def _kolom_tahunan(rows):
    years = rows.attrs.get("tahun") or sorted(int(c[1:]) for c in rows if isinstance(c, str) and c[:1] == "t" and c[1:].isdigit())
    return (Kolom("nama", "Indikator", lebar=8), Kolom("ukuran", "Uraian (satuan)", lebar=3),
            *(Kolom(f"t{y}", str(y), "nilai", 2, boleh_hilang=True) for y in years))


def _target_akhir(lap):
    ta = lap.target_akhir
    if not len(ta):
        return ta
    kinerja = _hierarki(lap, lap.kinerja).set_index("kode")
    return ta.assign(target_teks=[nilai(v, j) for v, j in zip(ta["target_akhir"], ta["jenis"])],
                     realisasi_teks=[nilai(v, j) for v, j in zip(ta["realisasi"], ta["jenis"])],
                     satuan_teks=ta["kode"].map(kinerja["satuan_teks"]).fillna(""),
                     tahun_akhir=ta["tahun_akhir"].map(lambda t: str(int(t)) if pd.notna(t) else fmt.KOSONG))


def _kemajuan(lap):
    """Indicators per period: a heading per indicator, a row per period with the value printed,
    the progress to date and its capaian against the year's target."""
    km = lap.kemajuan
    if not len(km):
        return km
    km = km.assign(indikator_teks=[f"{n} ({satuan(r)})" if satuan(r) else n for n, r in zip(km["nama"], km.to_dict("records"))],
                   target_teks=[nilai(v, j) if pd.notna(v) else fmt.KOSONG for v, j in zip(km["target_periode"], km["jenis"])],
                   nilai_teks=[nilai(v, j) if pd.notna(v) else fmt.KOSONG for v, j in zip(km["nilai"], km["jenis"])],
                   sampai_teks=[nilai(v, j) if v is not None and pd.notna(v) else fmt.KOSONG
                                for v, j in zip(km["sampai"], km["jenis"])],
                   target_tahun_teks=[nilai(v, j) if v is not None and pd.notna(v) else fmt.KOSONG
                                      for v, j in zip(km["target_tahun"], km["jenis"])])
    return kelompokkan(km, [("indikator_teks", "")], "label")


def _kemajuan_anggaran(lap):
    ka = lap.kemajuan_anggaran
    if not len(ka):
        return ka
    return kelompokkan(ka, [("uraian", "")], "label")


def _standar(lap):
    st = lap.standar
    if not len(st):
        return st
    return st.assign(
        satuan_teks=[satuan(r) for r in st.to_dict("records")],
        realisasi_teks=[nilai(v, j, h) for v, j, h in zip(st["realisasi"], st["jenis"], st["realisasi_huruf"])],
        standar_teks=[t if isinstance(t, str) and t else nilai(v, j) for t, v, j in
                      zip(st["teks_standar"], st["nilai_standar"], st["jenis"])],
        tingkat_teks=st["tingkat"].map(TINGKAT_STANDAR).fillna(st["tingkat"]),
        memenuhi_teks=st["memenuhi"].map({True: "memenuhi", False: "belum memenuhi"}).fillna(fmt.KOSONG))


#: How the kind of a standard is printed.
TINGKAT_STANDAR = {"nasional": "nasional", "provinsi": "provinsi", "spm": "SPM", "lainnya": "lainnya"}


def _spm(lap):
    return lap.data.spm[lap.data.spm["tahun"] == lap.tahun]


def _efisiensi(lap):
    eff = lap.efisiensi
    if not len(eff):
        return eff
    jenis = [SUBTOTAL if lvl == "sasaran" else BARIS for lvl in eff.get("level", pd.Series(["indikator"] * len(eff)))]
    return eff.assign(_baris=jenis, _tingkat=[0 if j == SUBTOTAL else (1 if SUBTOTAL in jenis else 0) for j in jenis])


def _program_kegiatan(lap):
    kp = lap.kinerja_program
    if not len(kp):
        return kp
    anggaran = lap.anggaran.set_index("kode")
    uraian = anggaran["uraian"].to_dict()
    program_of = anggaran["program"].to_dict()
    level = anggaran["level"].to_dict()
    kp = kp.assign(
        program_teks=[uraian.get(program_of.get(k, k), k) for k in kp["induk"]],
        kegiatan_teks=["" if level.get(k) == "program" else uraian.get(k, k) for k in kp["induk"]],
        target_teks=_teks(kp, "target"), realisasi_teks=_teks(kp, "realisasi"),
        satuan_teks=[satuan(r) for r in kp.to_dict("records")])
    return kelompokkan(kp, [("program_teks", "Program"), ("kegiatan_teks", "Kegiatan")], "nama")


def _anggaran(lap):
    rekap = lap.anggaran
    if not len(rekap):
        return rekap
    rekap = rekap.assign(_baris=[SUBTOTAL if lvl in ("urusan", "program") else BARIS for lvl in rekap["level"]],
                         _tingkat=rekap["kedalaman"].astype(int))
    total = lap.total_anggaran
    return pd.concat([rekap, pd.DataFrame([{"uraian": "Jumlah", **total, "_baris": JUMLAH, "_tingkat": 0}])],
                     ignore_index=True)


# --- Ikhtisar Eksekutif --------------------------------------------------------------------------
def _ikhtisar(lap):
    """One row per sasaran (or tujuan, for indicators directly under one): how many indicators,
    the mean capaian, its category, and how many are below target; the overall mean last."""
    from lkjip.compute.capaian import kategori
    kinerja = _hierarki(lap, lap.kinerja)
    if not len(kinerja):
        return kinerja
    skala = lap.data.skala_penilaian
    kinerja = kinerja.assign(kelompok=[s or t for s, t in zip(kinerja["sasaran_teks"], kinerja["tujuan_teks"])])
    rows = []
    for nama, group in kinerja.groupby("kelompok", sort=False):
        mean = group["capaian"].mean()
        rows.append({"sasaran": nama, "jumlah": str(len(group)), "capaian": mean,
                     "kategori": kategori(mean, skala) if pd.notna(mean) else None,
                     "di_bawah": str(int((group["capaian"] < 100).sum()))})
    mean = kinerja["capaian"].mean()
    rows.append({"sasaran": "Rata-rata seluruh indikator", "jumlah": str(len(kinerja)), "capaian": mean,
                 "kategori": kategori(mean, skala) if pd.notna(mean) else None,
                 "di_bawah": str(int((kinerja["capaian"] < 100).sum())), "_baris": JUMLAH, "_tingkat": 0})
    frame = pd.DataFrame(rows)
    frame["_baris"] = frame["_baris"].fillna(BARIS) if "_baris" in frame else BARIS
    frame["_tingkat"] = frame["_tingkat"].fillna(0).astype(int) if "_tingkat" in frame else 0
    return frame.drop(columns="kategori") if lap.tanpa_skala else frame


def _kolom_ikhtisar(rows) -> tuple[Kolom, ...]:
    kolom = (Kolom("sasaran", "Tujuan atau sasaran", lebar=8), Kolom("jumlah", "Indikator", "kode", 2),
             Kolom("capaian", "Rata-rata capaian (%)", "persen", 2))
    return kolom + ((Kolom("kategori", "Kategori", lebar=3),) if "kategori" in rows else ()) + (
        Kolom("di_bawah", "Di bawah target", "kode", 2),)


# --- Bab IV and appendices ----------------------------------------------------------------------
def _pk_lampiran(lap):
    return _pk_target(lap)


def _sakip_komponen(lap):
    sk = lap.sakip_komponen
    if not len(sk):
        return sk
    sk = sk.assign(tahun=sk["tahun"].map(lambda t: str(int(t)) if pd.notna(t) else ""))
    return dengan_jumlah(sk, ["bobot", "nilai"], "komponen")


def _penghargaan(lap):
    ph = lap.penghargaan
    return ph.assign(tahun=ph["tahun"].map(lambda t: str(int(t)) if pd.notna(t) else "")) if len(ph) else ph


def _temuan(lap):
    """Every finding, grouped by its kind (a heading row per kind instead of a column), with a
    Keterangan always said (its own note, or the difference)."""
    from lkjip.compute.rekonsiliasi import JENIS_TEMUAN
    from lkjip.present.reviu import keterangan_temuan, nilai_tercetak
    t = lap.temuan
    if not len(t):
        return t
    urutan = {j: i for i, j in enumerate(JENIS_TEMUAN)}
    t = t.assign(_urut=t["jenis"].map(urutan).fillna(len(urutan))).sort_values("_urut", kind="stable")
    t = t.assign(jenis_teks=t["jenis"].map(JENIS_TEMUAN).fillna(t["jenis"]).map(lambda s: s[:1].upper() + s[1:]),
                 tercetak_teks=t["tercetak"].map(nilai_tercetak), dihitung_teks=t["dihitung"].map(fmt.campuran),
                 keterangan=[keterangan_temuan(r) for r in t.to_dict("records")],
                 # a figure of an earlier year (a series table) says its year
                 uraian=[f"{u} (tahun {int(th)})" if pd.notna(th) and int(th) != lap.tahun else u
                         for u, th in zip(t["uraian"], t["tahun"])])
    return kelompokkan(t.drop(columns="_urut"), [("jenis_teks", "")], "uraian")


def _transkripsi(lap):
    from lkjip.present.reviu import label_catatan
    return label_catatan(lap)


SPEK: dict[str, Spek] = {s.nama: s for s in [
    Spek("matriks-renstra", "Matriks tujuan, sasaran, indikator, kondisi awal dan target Renstra",
         _kolom_matriks, _matriks_renstra, "target Renstra", konteks=KONTEKS_SASARAN,
         sebab_kosong=lambda lap: _tanpa_renstra(lap, "matriks target Renstra tidak disajikan")),
    Spek("strategi", "Strategi dan arah kebijakan per sasaran", (
        Kolom("strategi", "Sasaran dan strategi", lebar=5), Kolom("arah_kebijakan", "Arah kebijakan", lebar=5),
    ), _strategi, "strategi dan arah kebijakan", konteks=(Kolom("sasaran_teks", "Sasaran"),)),
    Spek("iku", "Indikator kinerja utama (IKU) dan pendukung, rumus dan penanggung jawab", (
        Kolom("kode", "Kode", "kode", 1), Kolom("nama", "Indikator", lebar=4), Kolom("status_teks", "Status", lebar=1),
        Kolom("satuan_teks", "Satuan", lebar=1),
        Kolom("polaritas_teks", "Polaritas", lebar=2), Kolom("rumus", "Rumus", lebar=4),
        Kolom("penanggung_jawab", "Penanggung jawab", lebar=2),
    ), _iku, "indikator kinerja utama"),
    Spek("pk-target", "Target Perjanjian Kinerja: induk dan perubahan", (
        Kolom("nama", "Tujuan, sasaran dan indikator", lebar=7), Kolom("satuan_teks", "Satuan", lebar=2),
        Kolom("pk", "Target PK induk", "nilai", 2), Kolom("pk_perubahan", "Target PK perubahan", "nilai", 2),
        Kolom("keterangan", "Keterangan", lebar=2),
    ), _pk_target, "target Perjanjian Kinerja", konteks=KONTEKS_SASARAN),
    Spek("pk-anggaran", "Anggaran program dalam Perjanjian Kinerja: induk dan perubahan", (
        Kolom("uraian", "Program", lebar=6), Kolom("pk", "PK induk (Rp)", "rupiah", 3),
        Kolom("pk_perubahan", "PK perubahan (Rp)", "rupiah", 3), Kolom("perubahan", "Perubahan (Rp)", "rupiah", 3),
        Kolom("sumber_dana", "Sumber dana", lebar=2),
    ), _pk_anggaran, "anggaran Perjanjian Kinerja"),
    Spek("skala-penilaian", "Skala penilaian capaian kinerja", (
        Kolom("teks_tercetak", "Capaian (%)", lebar=2), Kolom("kategori", "Kategori", lebar=3),
    ), _skala, "skala penilaian", sebab_kosong=lambda lap: (
        "Dokumen sumber tidak mencetak skala penilaian capaian kinerja; capaian setiap indikator disajikan "
        "tanpa kategori." if lap.tanpa_skala else None)),
    Spek("ikhtisar", "Ringkasan capaian kinerja per sasaran", _kolom_ikhtisar, _ikhtisar, "capaian kinerja"),
    Spek("capaian", "Target, realisasi dan capaian kinerja", _kolom_capaian, _capaian, "capaian kinerja",
         konteks=(Kolom("kelompok", "Kelompok"),)),
    Spek("seri", "Realisasi dan capaian kinerja selama periode Renstra", _kolom_tahunan,
         lambda lap: _matriks_tahunan(lap, ("realisasi", "capaian"), kelompok=False), "realisasi tahun-tahun sebelumnya",
         sebab_kosong=lambda lap: (f"Realisasi tahun-tahun sebelum {lap.tahun} tidak tersedia dalam data; realisasi "
                                   f"tahun {lap.tahun} tersaji pada tabel target dan realisasi di atas.")),
    Spek("target-akhir", "Realisasi tahun ini terhadap target akhir Renstra", (
        Kolom("nama", "Indikator", lebar=7), Kolom("satuan_teks", "Satuan", lebar=2),
        Kolom("tahun_akhir", "Tahun akhir", "kode", 2), Kolom("target_teks", "Target akhir", "nilai", 2),
        Kolom("realisasi_teks", "Realisasi tahun ini", "nilai", 2),
        Kolom("persen_target_akhir", "Terhadap target akhir (%)", "persen", 2),
    ), _target_akhir, "target akhir Renstra", sebab_kosong=lambda lap: _tanpa_renstra(lap, (
        "realisasi tidak dapat dibandingkan dengan target akhir Renstra"))),
    Spek("kemajuan", "Realisasi indikator per periode dan kemajuan sepanjang tahun", (
        Kolom("label", "Indikator dan periode", lebar=6), Kolom("target_teks", "Target periode", "nilai", 2),
        Kolom("nilai_teks", "Realisasi periode", "nilai", 2), Kolom("sampai_teks", "Realisasi s.d. periode", "nilai", 2),
        Kolom("target_tahun_teks", "Target tahun", "nilai", 2),
        Kolom("capaian_sampai", "Capaian s.d. periode (%)", "persen", 2),
    ), _kemajuan, "realisasi per triwulan atau per bulan", konteks=(Kolom("indikator_teks", "Indikator"),),
        sebab_kosong=lambda lap: f"Realisasi per triwulan atau per bulan tahun {lap.tahun} tidak tersedia dalam data."),
    Spek("kemajuan-anggaran", "Realisasi anggaran per periode dan serapan sepanjang tahun", (
        Kolom("label", "Program, kegiatan dan periode", lebar=6), Kolom("realisasi", "Realisasi periode (Rp)", "rupiah", 3),
        Kolom("sampai", "Realisasi s.d. periode (Rp)", "rupiah", 3), Kolom("pagu", "Pagu (Rp)", "rupiah", 3),
        Kolom("serapan_sampai", "Serapan s.d. periode (%)", "persen", 2),
    ), _kemajuan_anggaran, "realisasi anggaran per periode", konteks=(Kolom("uraian", "Anggaran"),),
        sebab_kosong=lambda lap: ""),  # the indicators' section said periods are absent
    Spek("standar", "Realisasi indikator dibandingkan standar nasional, provinsi atau SPM", (
        Kolom("nama", "Indikator", lebar=6), Kolom("satuan_teks", "Satuan", lebar=2),
        Kolom("realisasi_teks", "Realisasi", "nilai", 2), Kolom("tingkat_teks", "Standar", lebar=2),
        Kolom("standar_teks", "Nilai standar", "nilai", 2), Kolom("terhadap_standar", "Terhadap standar (%)", "persen", 2),
        Kolom("memenuhi_teks", "Keterangan", lebar=2), Kolom("sumber", "Sumber standar", lebar=4),
    ), _standar, "standar pembanding per indikator", sebab_kosong=lambda lap: ""),  # kalimat_tanpa_pembanding says it
    Spek("spm", "Realisasi standar pelayanan minimal", (
        Kolom("layanan", "Layanan dasar", lebar=4), Kolom("indikator", "Indikator", lebar=5),
        Kolom("realisasi", "Realisasi (%)", "persen", 2), Kolom("target_standar", "Target standar (%)", "persen", 2),
        Kolom("realisasi_standar", "Realisasi standar (%)", "persen", 2),
    ), _spm, "standar pelayanan minimal", sebab_kosong=lambda lap: ""),  # kalimat_tanpa_pembanding says it
    Spek("efisiensi", "Capaian kinerja terhadap serapan anggaran (efisiensi)", (
        # the code labels each point of the chart below the table
        Kolom("nama", "Sasaran dan indikator", lebar=6), Kolom("kunci", "Kode", "kode", 1),
        Kolom("capaian", "Capaian (%)", "persen", 2),
        Kolom("pagu", "Pagu (Rp)", "rupiah", 3), Kolom("realisasi_anggaran", "Realisasi (Rp)", "rupiah", 3),
        Kolom("serapan", "Serapan (%)", "persen", 2), Kolom("efisiensi", "Efisiensi (%)", "persen", 2),
    ), _efisiensi, "efisiensi", sebab_kosong=lambda lap: None if lap.ada_anggaran else (
        f"Efisiensi tidak dapat dihitung: pagu dan realisasi anggaran tahun {lap.tahun} tidak tersedia dalam data.")),
    Spek("program-kegiatan", "Indikator program dan kegiatan: target, realisasi, capaian dan rencana tindak lanjut", (
        Kolom("nama", "Program, kegiatan dan indikator", lebar=7), Kolom("satuan_teks", "Satuan", lebar=2),
        Kolom("target_teks", "Target", "nilai", 2), Kolom("realisasi_teks", "Realisasi", "nilai", 2),
        Kolom("capaian", "Capaian (%)", "persen", 2), Kolom("rencana_tindak_lanjut", "Rencana tindak lanjut", lebar=5),
    ), _program_kegiatan, "indikator program dan kegiatan", konteks=KONTEKS_PROGRAM),
    Spek("anggaran", "Pagu dan realisasi anggaran menurut program, kegiatan dan sub-kegiatan", (
        Kolom("uraian", "Program, kegiatan dan sub-kegiatan", lebar=8), Kolom("pagu", "Pagu (Rp)", "rupiah", 3),
        Kolom("realisasi", "Realisasi (Rp)", "rupiah", 3), Kolom("serapan", "Serapan (%)", "persen", 2),
        Kolom("sisa", "Sisa (Rp)", "rupiah", 3),
    ), _anggaran, "anggaran", sebab_kosong=lambda lap: None if lap.ada_anggaran else ""),  # said by the paragraph above
    Spek("sakip-rekomendasi", "Tindak lanjut rekomendasi hasil evaluasi SAKIP", (
        Kolom("no", "No", "kode", 1), Kolom("rekomendasi", "Rekomendasi", lebar=5),
        Kolom("tindak_lanjut", "Tindak lanjut", lebar=5),
    ), lambda lap: lap.sakip_rekomendasi, "rekomendasi evaluasi SAKIP"),
    Spek("lampiran-renstra", "Target Renstra, realisasi dan capaian per tahun", _kolom_tahunan,
         lambda lap: _matriks_tahunan(lap, ("target", "realisasi", "capaian"), kelompok=True), "target dan realisasi Renstra", konteks=KONTEKS_SASARAN),
    Spek("lampiran-pk", "Perjanjian Kinerja: tujuan, sasaran, indikator dan target", (
        Kolom("nama", "Tujuan, sasaran dan indikator", lebar=8), Kolom("satuan_teks", "Satuan", lebar=2),
        Kolom("pk", "Target PK", "nilai", 2), Kolom("pk_perubahan", "Target PK perubahan", "nilai", 2),
    ), _pk_lampiran, "Perjanjian Kinerja", konteks=KONTEKS_SASARAN),
    Spek("penghargaan", "Penghargaan yang diterima", (
        Kolom("tahun", "Tahun", "kode", 1), Kolom("penghargaan", "Penghargaan", lebar=5),
        Kolom("pemberi", "Pemberi", lebar=3), Kolom("keterangan", "Keterangan", lebar=3),
    ), _penghargaan, "penghargaan"),
    Spek("sakip-komponen", "Komponen dan nilai evaluasi SAKIP", (
        Kolom("tahun", "Tahun", "kode", 1), Kolom("komponen", "Komponen", lebar=6),
        Kolom("bobot", "Bobot", "angka", 2), Kolom("nilai", "Nilai", "angka", 2),
    ), _sakip_komponen, "komponen evaluasi SAKIP"),
    Spek("temuan", "Angka tercetak di sumber dibandingkan dengan hasil hitungan dari data", (
        Kolom("uraian", "Jenis catatan dan angka", lebar=7), Kolom("lokasi", "Lokasi di sumber", lebar=3),
        Kolom("tercetak_teks", "Tercetak", "nilai", 2), Kolom("dihitung_teks", "Hasil hitung ulang", "nilai", 2),
        Kolom("keterangan", "Keterangan", lebar=4),
    ), _temuan, "catatan kualitas data", sumber="hitung ulang dari data laporan", konteks=(Kolom("jenis_teks", "Jenis"),),
        kalimat_kosong="Tidak ada catatan kualitas data: tidak ada selisih antara angka tercetak dan hasil hitungan, dan pemeriksaan data tidak menemukan masalah."),
    Spek("transkripsi", "Cara membaca nilai dari dokumen sumber (catatan transkripsi; bukan temuan)", (
        Kolom("data_teks", "Data dan baris", lebar=4), Kolom("nilai_dipilih", "Nilai dipakai", lebar=2),
        Kolom("lokasi_dipilih", "Lokasi di sumber", lebar=3), Kolom("nilai_lain", "Tercetak atau nilai lain", lebar=2),
        Kolom("catatan", "Catatan", lebar=5),
    ), _transkripsi, "catatan transkripsi", sumber="catatan transkripsi data"),
]}


# --- calculation sheets (Lampiran) --------------------------------------------------------------
def _kolom_role(metode: str, tahun: int, rentang: int) -> list[tuple[str, int, str]]:
    """(role, year, header) of the value columns of a sheet, named as the method's formula names
    them (`RUMUS`), never by the data's table keys."""
    if metode == "penurunan":
        return [("pembilang", tahun - 1, f"Jumlah {tahun - 1}"), ("pembilang", tahun, f"Jumlah {tahun}")]
    if metode == "lpp_eksponensial":
        return [("pembilang", tahun - rentang, f"Penduduk {tahun - rentang} (P0)"), ("pembilang", tahun, f"Penduduk {tahun} (Pt)")]
    if metode == "rasio":
        return [("pembilang", tahun, "Jumlah kasus"), ("penyebut", tahun, "Jumlah penduduk")]
    return [("pembilang", tahun, "Pembilang"), ("penyebut", tahun, "Penyebut")]


def _rumus_dikerjakan(metode: str, totals: list[float | None], hasil: float | None, rentang: int = 1) -> str:
    """The formula worked with the sheet's totals, as the source writes it:
    `(125.537 − 108.277) / 125.537 × 100% = 13,75%`."""
    if hasil is None or any(t is None for t in totals):
        return "tidak dapat dihitung: data dasar tidak lengkap"
    a, b = (fmt.angka(t, 2, tetap=False) for t in totals)
    if metode == "penurunan":
        return f"({a} − {b}) / {a} × 100% = {fmt.persen(hasil)}"
    if metode == "proporsi":
        return f"{a} / {b} × 100% = {fmt.persen(hasil)}"
    if metode == "rasio":
        return f"{b} / {a} = {fmt.angka(hasil, 2, tetap=False)}, ditulis {fmt.rasio(hasil)}"
    if metode == "lpp_eksponensial":
        return f"ln({b} / {a}) / {rentang} × 100% = {fmt.persen(hasil)}"
    return f"{fmt.angka(hasil, 2)}"


def lembar_perhitungan(lap) -> list[tuple[Spek, pd.DataFrame, str]]:
    """One sheet per computed indicator: its inputs by category as the source lays them out
    (categories as rows, the years or the numerator and denominator as columns), a total row,
    and the formula worked with the totals."""
    from lkjip.compute.turunan import RUMUS, jumlah
    nama = dict(zip(lap.data.indikator["kode"], lap.data.indikator["nama"]))
    judul_lembar = lap.judul_perhitungan  # the source's sheet titles, with the report year
    aturan = {r.indikator: r for r in lap.data.perhitungan.itertuples()}
    dasar = lap.data.data_dasar
    sheets = []
    for h in lap.perhitungan:
        row = aturan[h.indikator]
        judul = judul_lembar.get(h.indikator) or nama.get(h.indikator, h.indikator)
        slug = f"perhitungan-{str(h.indikator).lower()}"
        if h.metode == "tfr":
            rinci = h.rincian.assign(no=range(1, len(h.rincian) + 1))
            rinci = dengan_jumlah(rinci, ["kelahiran", "perempuan", "asfr"], "kategori")
            kolom = (Kolom("no", "No", "kode", 1), Kolom("kategori", "Kelompok umur", lebar=4),
                     Kolom("kelahiran", "Kelahiran", "bulat", 3), Kolom("perempuan", "Perempuan", "bulat", 3),
                     Kolom("asfr", "ASFR", "angka", 3, desimal=5))
            total_asfr = rinci["asfr"].iloc[-1]
            worked = (f"5 × {fmt.angka(total_asfr, 5)} = {fmt.angka(h.nilai, 2)}" if h.nilai is not None
                      else "tidak dapat dihitung: data dasar tidak lengkap")
        else:
            rentang = int(row.rentang_tahun) if pd.notna(row.rentang_tahun) else 1
            roles = _kolom_role(h.metode, lap.tahun, rentang)
            tabel_of = {"pembilang": row.pembilang, "penyebut": row.penyebut}
            columns, satuan_kolom = {}, {}
            for i, (role, year, _) in enumerate(roles):
                part = dasar[(dasar["tabel"] == tabel_of[role]) & (dasar["tahun"] == year)]
                part = part[part["kategori"].str.lower() != "total"]
                columns[f"k{i}"] = part.groupby("kategori", sort=False)["nilai"].first()
                units = part["satuan"].dropna().unique()
                satuan_kolom[i] = f" ({units[0]})" if len(units) == 1 else ""
            # categories in the order the source lists them (the data's row order), not sorted
            order = list(dict.fromkeys(k for series in columns.values() for k in series.index))
            rinci = pd.DataFrame({"kategori": order, **{c: series.reindex(order).values for c, series in columns.items()}})
            totals = [jumlah(dasar, tabel_of[role], year) for role, year, _ in roles]
            rinci.insert(0, "no", range(1, len(rinci) + 1))
            # A table given only as its total has no category rows: its total is the sheet's one row.
            rinci = pd.concat([rinci, pd.DataFrame([{"kategori": "Jumlah", **{f"k{i}": t for i, t in enumerate(totals)},
                                                     "_baris": JUMLAH if len(rinci) else BARIS, "_tingkat": 0}])],
                              ignore_index=True)
            kolom = (Kolom("no", "No", "kode", 1), Kolom("kategori", "Rincian", lebar=7),
                     *(Kolom(f"k{i}", header + satuan_kolom[i], "angka", 3) for i, (_, _, header) in enumerate(roles)))
            worked = _rumus_dikerjakan(h.metode, totals, h.nilai, rentang)
        rinci["no"] = rinci["no"].map(lambda n: str(int(n)) if pd.notna(n) else "")
        spek = Spek(slug, f"Lembar perhitungan: {judul}", kolom, lambda lap, r=rinci: r, "dasar perhitungan")
        text = f"Rumus: {RUMUS[h.metode]}.  \nPerhitungan: **{worked}**."
        if h.keterangan:
            text += f"  \nCatatan: {teks_markdown(h.keterangan)}."
        sheets.append((spek, rinci, text))
    return sheets
