"""Standard prose generated from the numbers, so a report is complete with no narrative written.

Sentences are built from the same computed values the tables show; an analyst's narrative file
for the same place replaces or extends them (see `narasi.py`).
"""
from __future__ import annotations

import pandas as pd

from lkjip.compute.capaian import PENJELASAN_ATURAN, kategori
from lkjip.present import aman
from lkjip.present import format as fmt
from lkjip.present.aman import miring, tebal
from lkjip.present.aman import teks as _teks


def _nilai(row, value, huruf: str | None = None) -> str:
    return fmt.nilai_indikator(value, row["jenis"], row.get("satuan") or "", huruf)


def _arah(kini, lalu, polaritas: str) -> str:
    if pd.isna(kini) or pd.isna(lalu):
        return ""
    if abs(kini - lalu) < 1e-9:
        return "tetap"
    naik = kini > lalu
    membaik = naik if polaritas == "positif" else not naik
    return ("naik" if naik else "turun") + (" (membaik)" if membaik else " (memburuk)")


def paragraf_indikator(row: pd.Series, tahun: int, butir: dict | None = None, rencana=None,
                       jelaskan_aturan: bool = True, sebut_nama: bool = True, tindak_lanjut: bool = True) -> str:
    """One paragraph on an indicator: target, realisasi, capaian and category (analysis 1), then each
    further analysis of Bab III that can be given for it (``butir``: its analyses from
    :func:`lkjip.compute.analisis.analisis_indikator`; ``rencana``: the Renstra in force). What
    cannot be given is said once for all indicators (:func:`pengantar_analisis`), not here; so is
    the rule of negative indicators, unless ``jelaskan_aturan`` (a paragraph shown on its own)."""
    butir = butir or {}
    # named once: by the caller's heading (``sebut_nama=False``) or here
    nama = f"Pada tahun {tahun}, indikator {miring(row['nama'])}" if sebut_nama else f"Pada tahun {tahun}, indikator ini"
    if not sebut_nama and pd.notna(row["capaian"]):
        nama = "Indikator ini"  # the heading names it and the chapter its year
    if pd.isna(row["capaian"]):
        alasan = _teks(row.get("alasan") or "data belum lengkap")
        teks = f"{nama} belum dapat diukur capaiannya karena {alasan}."
        if pd.notna(row["realisasi"]):
            teks += f" Realisasinya tercatat {_nilai(row, row['realisasi'], row.get('realisasi_huruf'))}."
    else:
        teks = (f"{nama} ditargetkan {_nilai(row, row['target'], row.get('target_huruf'))} "
                f"dan terealisasi {_nilai(row, row['realisasi'], row.get('realisasi_huruf'))}, sehingga capaiannya "
                f"{fmt.persen(row['capaian'])}{_dengan_kategori(row['kategori'])}.")
        if jelaskan_aturan:
            teks += "".join(f" {k}" for k in _kalimat_aturan([row]))
    for analisis, kalimat in (("tahun_lalu", _kalimat_tahun_lalu), ("target_akhir", _kalimat_target_akhir),
                              ("pembanding", _kalimat_pembanding), ("efisiensi", _kalimat_efisiensi),
                              ("program", _kalimat_program)):
        b = butir.get(analisis)
        if b is not None and b.ada:
            kalimat_ = kalimat(row, tahun, b.fakta, rencana)
            teks += f" {kalimat_}" if kalimat_ else ""
    rtl = (butir.get("penyebab").fakta.get("rencana_tindak_lanjut") if butir.get("penyebab") else None)
    if rtl and tindak_lanjut:
        teks += f" Rencana tindak lanjut: {_teks(rtl.strip().rstrip('.'))}."
    return teks


def _kalimat_aturan(rows) -> list[str]:
    """How capaian is read for negative and ratio indicators, for the rows given (said once)."""
    out = []
    negatif = [r for r in rows if r["polaritas"] == "negatif"]
    if negatif:
        aturan = {r["aturan"] for r in negatif if isinstance(r.get("aturan"), str) and r["aturan"] in PENJELASAN_ATURAN}
        subjek = ("Indikator ini" if len(rows) == 1 else
                  f"Indikator {_sebutkan([miring(r['nama']) for r in negatif])}")
        teks = f"{subjek} bersifat negatif (semakin kecil semakin baik)"
        if len(aturan) == 1:
            teks += f"; capaiannya dihitung dengan rumus {PENJELASAN_ATURAN[aturan.pop()]}"
        out.append(teks + ".")
    rasio = [r for r in rows if r["jenis"] == "rasio"]
    if rasio:
        subjek = "Rasio" if len(rows) == 1 else f"Indikator {_sebutkan([miring(r['nama']) for r in rasio])} berupa rasio,"
        out.append(f"{subjek} dibaca sebagai satu kasus per N penduduk, sehingga N yang lebih besar lebih baik.")
    return out


def _tercapai(f) -> bool:
    return pd.notna(f["persen_target_akhir"]) and f["persen_target_akhir"] >= 100 - 1e-9


def _target_akhir_sama(row, f) -> bool:
    """The end target equals the year's target: in the plan's last year the capaian is the end
    target's, and saying it again per indicator repeats it."""
    return pd.notna(row.get("target")) and abs(float(row["target"]) - float(f["target_akhir"])) < 1e-9


def _kalimat_tahun_akhir(lap, hasil: dict) -> str:
    """In the plan's last year, what the comparison with the end target means, once: the report's
    realisasi are the plan's results; where the end target is the year's target, which were met."""
    from lkjip.compute import kinerja as k
    rows = lap.kinerja.set_index("kode")
    akhir = {kode: b["target_akhir"].fakta for kode, b in hasil.items()
             if b["target_akhir"].ada and b["target_akhir"].fakta.get("status") == k.TAHUN_AKHIR}
    if not akhir:
        return ""
    plan = lap.renstra
    teks = (f"Tahun {lap.tahun} adalah tahun terakhir Renstra {plan.periode}, sehingga realisasi tahun ini sekaligus "
            "hasil akhir periode Renstra: perbandingan dengan target akhir menunjukkan apakah sasaran lima tahunnya "
            "tercapai, bukan lagi kemajuan menuju target itu.")
    sama = [kode for kode, f in akhir.items() if _target_akhir_sama(rows.loc[kode], f)]
    if sama:
        capai = [kode for kode in sama if _tercapai(akhir[kode])]
        belum = [kode for kode in sama if not _tercapai(akhir[kode])]
        subjek = "seluruh indikator" if len(sama) == len(hasil) else f"indikator {_sebutkan(sama)}"
        teks += (f" Target akhir {subjek} sama dengan target tahun ini, sehingga capaian tahun ini juga capaian "
                 "target akhirnya: " + "; ".join(
                     ([f"tercapai untuk {_sebutkan(capai)}"] if capai else [])
                     + ([f"belum tercapai untuk {_sebutkan(belum)}"] if belum else [])) + ".")
    return teks


def _kalimat_tahun_lalu(row, tahun, f, rencana) -> str:
    arah = _arah(row["realisasi"], f["realisasi"], row["polaritas"]) if pd.notna(row["realisasi"]) else ""
    teks = f"Dibandingkan tahun {f['tahun']} ({_nilai(row, f['realisasi'])})"
    teks += f", realisasi {arah}" if arah else ", realisasi tahun ini belum tersedia"
    if f["tahun_awal"] != f["tahun"]:
        teks += f"; pada {f['tahun_awal']} realisasinya {_nilai(row, f['realisasi_awal'])}"
    return teks + "."


def _laju(row, nilai) -> str:
    """A change per year in the indicator's unit (percentage points for a percentage)."""
    if row["jenis"] == "persen":
        return f"{fmt.angka(abs(nilai), 2, tetap=False)} poin persen"
    return fmt.nilai_indikator(abs(nilai), row["jenis"], row.get("satuan") or "")


def _kalimat_target_akhir(row, tahun, f, rencana) -> str:
    from lkjip.compute import kinerja as k
    akhir = int(f["tahun_akhir"])
    target = _nilai(row, f["target_akhir"])
    status = f["status"]
    if status == k.TAHUN_AKHIR:
        if _target_akhir_sama(row, f):  # said once for all such indicators (pengantar_analisis)
            return ""
        hasil = "tercapai" if _tercapai(f) else "belum tercapai"
        return (f"Terhadap target akhir Renstra ({target}), hasil akhir periode ini {fmt.persen(f['persen_target_akhir'])}; "
                f"target akhirnya {hasil}.")
    if status == k.SUDAH_TERCAPAI:
        return f"Realisasi ini sudah mencapai target akhir Renstra tahun {akhir} ({target})."
    teks = (f"Terhadap target akhir Renstra tahun {akhir} ({target}), realisasi ini baru "
            f"{fmt.persen(f['persen_target_akhir'])}")
    if status == k.TANPA_LAJU:
        alasan = ("indikator berupa huruf tidak diproyeksikan" if row["jenis"] == "huruf" else
                  "belum ada realisasi sebelumnya dalam periode Renstra untuk mengukur lajunya")
        return teks + f"; {alasan}."
    dasar = "kondisi awal" if f["dasar"] == "kondisi_awal" else "realisasi"
    arah = "naik" if f["laju"] > 0 else ("turun" if f["laju"] < 0 else "tetap")
    laju = f"{arah} {_laju(row, f['laju'])} per tahun" if arah != "tetap" else "tidak berubah"
    teks += (f". Sejak {dasar} tahun {int(f['tahun_dasar'])} ({_nilai(row, f['nilai_dasar'])}), realisasinya rata-rata "
             f"{laju}; dengan laju itu pada {akhir} akan mencapai {_nilai(row, f['proyeksi'])}, sehingga target akhir ")
    if status == k.SESUAI_LAJU:
        return teks + "diperkirakan tercapai."
    perlu = f["laju_perlu"]
    arah_perlu = "naik" if perlu > 0 else "turun"
    return teks + (f"diperkirakan belum tercapai tanpa percepatan (diperlukan {arah_perlu} {_laju(row, perlu)} per "
                   "tahun).")


_TINGKAT = {"nasional": "nasional", "provinsi": "provinsi", "spm": "pelayanan minimal (SPM)", "lainnya": "pembanding"}


def _kalimat_pembanding(row, tahun, f, rencana) -> str:
    parts = []
    for st in f.get("standar", []):
        sumber = f" menurut {_teks(st['sumber'])}" if isinstance(st.get("sumber"), str) and st["sumber"] else ""
        nilai = (_teks(st["teks_standar"]) if isinstance(st.get("teks_standar"), str) and st["teks_standar"]
                 else _nilai(row, st["nilai_standar"]))
        jenis = _TINGKAT.get(st["tingkat"], _teks(st["tingkat"]))
        if st.get("terhadap_standar") is not None and pd.notna(st["terhadap_standar"]):
            hasil = "memenuhi" if st["memenuhi"] else "belum memenuhi"
            parts.append(f"terhadap standar {jenis} sebesar {nilai}{sumber}, realisasi ini "
                         f"{fmt.persen(st['terhadap_standar'])} ({hasil} standar)")
        else:
            parts.append(f"standar {jenis} sebesar {nilai}{sumber}")
    teks = ""
    if parts:
        kalimat = _sebutkan(parts)
        teks = kalimat[0].upper() + kalimat[1:] + "."
    rank = f.get("peringkat")
    if rank and rank.get("urutan"):
        teks += (" " if teks else "") + (
            f"Pada data antardaerah{_ukuran_lain(row, rank['ukuran'])} tahun {rank['tahun']}, {_teks(rank['wilayah'])} "
            f"({fmt.angka(rank['nilai'], 2, tetap=False)}) berada di urutan ke-{rank['urutan']} dari {rank['jumlah']} "
            "kabupaten/kota.")
    return teks


def _ukuran_lain(row, ukuran) -> str:
    """` menurut ukuran X` when the peer table names its measure otherwise than the indicator."""
    nama = str(ukuran).replace("_", " ").strip()
    return "" if nama.lower() in (str(row["nama"]).strip().lower(), str(row["kode"]).lower()) else \
        f" menurut ukuran {miring(nama)}"


def _kalimat_efisiensi(row, tahun, f, rencana) -> str:
    efisien = "efisien" if f["efisiensi"] > 100 else "belum efisien"
    if f["level"] == "sasaran":
        if not f.get("pertama", True):  # said at the sasaran's first indicator
            return ""
        return (f"Sasaran {miring(f['nama'])} mencapai rata-rata capaian {fmt.persen(f['capaian'])} dengan rata-rata "
                f"serapan anggaran {fmt.persen(f['serapan'])}, sehingga efisiensinya {fmt.persen(f['efisiensi'])} "
                f"({efisien}).")
    return (f"Dengan serapan anggaran pendukungnya {fmt.persen(f['serapan'])}, efisiensinya "
            f"{fmt.persen(f['efisiensi'])} ({efisien}).")


def _kalimat_program(row, tahun, f, rencana) -> str:
    baris = f["baris"]
    nama = [f"{miring(b['uraian'])}" + (f" (serapan {fmt.persen(b['serapan'])})" if b["serapan"] is not None else "")
            for b in baris]
    teks = f"Program dan kegiatan pendukungnya: {_sebutkan(nama)}"
    hambat = []
    rendah = [b for b in baris if b["serapan_rendah"]]
    if rendah:
        from lkjip.compute.analisis import BATAS_SERAPAN
        hambat.append(f"serapan {_sebutkan([miring(b['uraian']) for b in rendah])} di bawah "
                      f"{fmt.angka(BATAS_SERAPAN, 0, tetap=False)}%")
    bawah = [ind for b in baris for ind in b["indikator_bawah"]]
    jumlah = sum(b["indikator"] for b in baris)
    if bawah:
        if len(bawah) <= 2:
            hambat.append(_sebutkan([f"indikator {miring(n)} baru mencapai {fmt.persen(c)}" for n, c in bawah]))
        else:
            hambat.append(f"{len(bawah)} dari {jumlah} indikatornya belum mencapai target")
    if hambat:
        teks += "; yang menghambat: " + " dan ".join(hambat)
    elif jumlah == 1:
        teks += ", yang indikatornya mencapai target"
    elif jumlah:
        teks += f", yang seluruh {jumlah} indikatornya mencapai target"
    return teks + "."


def _dengan_kategori(kategori: str | None) -> str:
    """` dengan kategori **Baik**`, or nothing where there is no category (a source with no scale)."""
    return f" dengan kategori {tebal(kategori)}" if isinstance(kategori, str) and kategori else ""


def _dalam_kurung(kategori: str | None) -> str:
    return f" ({aman.teks(kategori)})" if isinstance(kategori, str) and kategori else ""


def paragraf_kelompok(nama: str, rata: float, kategori: str | None, jumlah: int) -> str:
    """A sasaran's, tujuan's or urusan's mean capaian."""
    return (f"Rata-rata capaian {jumlah} indikator pada {miring(nama)} adalah {fmt.persen(rata)}"
            f"{_dengan_kategori(kategori)}.")


def paragraf_program(row: pd.Series, tahun: int, level: str = "program") -> str:
    """A program's budget: pagu, realisasi, absorption and unspent budget, and the mean absorption
    of the level below it (sub-kegiatan when the budget's top lines are kegiatan)."""
    if pd.isna(row["pagu"]) or not row["pagu"]:
        # a line printed nil ("-"): no pagu, so no absorption to state (never "Rp0 atau –")
        teks = f"{miring(row['uraian'])} tidak memperoleh pagu pada tahun {tahun}"
        return teks + (f", tetapi mencatat realisasi {fmt.rupiah_tepat(row['realisasi'])}."
                       if pd.notna(row["realisasi"]) and row["realisasi"] else ", sehingga tidak ada realisasi maupun serapan.")
    if pd.isna(row["realisasi"]):
        return (f"{miring(row['uraian'])} memperoleh pagu {fmt.rupiah(row['pagu'])} pada tahun {tahun}; "
                f"realisasinya {fmt.TIDAK_TERSEDIA} dalam data.")
    teks = (f"{miring(row['uraian'])} memperoleh pagu {fmt.rupiah(row['pagu'])} pada tahun {tahun} dan "
            f"merealisasikan {fmt.rupiah_tepat(row['realisasi'])} "
            f"atau {fmt.persen(row['serapan'])}; anggaran yang tidak terserap {fmt.rupiah_tepat(row['sisa'])}.")
    bawah, kolom = ("sub-kegiatannya", "rata_serapan_subkegiatan") if level == "kegiatan" \
        else ("kegiatannya", "rata_serapan_kegiatan")
    if pd.notna(row.get(kolom)):
        teks += f" Rata-rata serapan {bawah} {fmt.persen(row[kolom])}."
    return teks


def uraian_program(lap):
    """Bab III's paragraph on each top budget line (program, or kegiatan), as (code, text)."""
    for _, row in lap.program.iterrows():
        yield row["kode"], paragraf_program(row, lap.tahun, lap.level_program)


def paragraf_anggaran(total: dict, tahun: int, jumlah_program: int, terendah: pd.Series | None,
                      level: str = "program") -> str:
    """The whole budget in one paragraph; a report without budget lines for the year says so.
    ``level``: what the budget's top lines are (`kegiatan` for a unit whose budget starts there)."""
    if not total.get("pagu") or pd.isna(total.get("pagu")):
        return (f"Pagu dan realisasi anggaran tahun {tahun} {fmt.TIDAK_TERSEDIA} dalam data, sehingga laporan "
                "ini tidak memuat realisasi anggaran, serapan maupun efisiensi.")
    teks = (f"Pada tahun {tahun}, pagu anggaran {f'{jumlah_program} {level} ' if jumlah_program else ''}"
            f"seluruhnya {fmt.rupiah_tepat(total['pagu'])} "
            f"dengan realisasi {fmt.rupiah_tepat(total['realisasi'])}, atau serapan "
            f"{fmt.persen(total['serapan'])}. Anggaran yang tidak terserap sebesar {fmt.rupiah_tepat(total['sisa'])}.")
    if total.get("realisasi_kosong"):
        teks += (f" Realisasi {total['realisasi_kosong']} baris anggaran belum tersedia dalam data, "
                 f"sehingga jumlah realisasi, serapan dan sisa ditulis {fmt.KOSONG}, bukan dihitung sebagai 0.")
    if terendah is not None:
        teks += f" Serapan terendah ada pada {miring(terendah['uraian'])} ({fmt.persen(terendah['serapan'])})."
    return teks


def anggaran_laporan(lap) -> str:
    """The budget paragraph of the report: its top level counted by name (`kegiatan` for a unit
    whose budget starts there), the lowest absorption named only when there are several."""
    terendah = lap.program.sort_values("serapan").iloc[0] if len(lap.program) > 1 else None
    return paragraf_anggaran(lap.total_anggaran, lap.tahun, len(lap.program), terendah, lap.level_program)


def kalimat_rata_serapan(lap) -> str:
    """Bab III B: the plain means of absorption over kegiatan and sub-kegiatan; nothing without a
    budget (the paragraph above said it is absent) and no level the budget does not have."""
    if not lap.ada_anggaran:
        return ""
    parts = [f"rata-rata serapan {nama} {fmt.persen(nilai)}" for nama, nilai in
             (("kegiatan", lap.rata_serapan("kegiatan")), ("sub-kegiatan", lap.rata_serapan("subkegiatan")))
             if nilai is not None and pd.notna(nilai)]
    if not parts:
        return ""
    teks = _sebutkan(parts)
    return teks[0].upper() + teks[1:] + " (rata-rata sederhana atas persentase serapan tiap baris)."


def ikhtisar(lap) -> str:
    """The executive summary: the categories and mean capaian (and, once, that they are recomputed
    where the agency printed others), then the budget (a report without one says so once, in Bab III B)."""
    from lkjip.present.reviu import catatan_hitung_ulang
    rata = lap.rata_capaian("semua")["semua"]
    teks = paragraf_ringkasan(lap.kinerja, rata, kategori(rata, lap.data.skala_penilaian), lap.tahun)
    bawah = kalimat_di_bawah_target(lap)
    teks += f" {bawah}" if bawah else ""
    catatan = catatan_hitung_ulang(lap)
    teks += f"\n\n{catatan}" if catatan else ""
    return teks + ("\n\n" + anggaran_laporan(lap) if lap.ada_anggaran else "")


def kalimat_di_bawah_target(lap) -> str:
    """The indicators that missed their target, by name with their capaian; or that none did."""
    kurang = lap.kinerja[lap.kinerja["capaian"] < 100].sort_values("capaian")
    if not lap.kinerja["capaian"].notna().any():
        return ""
    if not len(kurang):
        return f"Seluruh indikator yang dapat diukur mencapai atau melampaui targetnya pada tahun {lap.tahun}."
    nama = _sebutkan([f"{miring(r.nama)} ({fmt.persen(r.capaian)})" for r in kurang.itertuples()])
    jumlah = "Satu indikator belum mencapai targetnya" if len(kurang) == 1 else f"{len(kurang)} indikator belum mencapai targetnya"
    return f"{jumlah}: {nama}."


def _sebutkan(items: list[str]) -> str:
    """`a`, `a dan b`, `a, b dan c`: a list inside an Indonesian sentence."""
    items = list(items)
    if len(items) < 2:
        return "".join(items)
    return ", ".join(items[:-1]) + " dan " + items[-1]


def paragraf_perubahan_pk(pk_target: pd.DataFrame, pk_anggaran: pd.DataFrame, tahun: int) -> str:
    """What the amended Perjanjian Kinerja changed, from `Laporan.pk_target()` and `.pk_anggaran`;
    a year without an amendment says so rather than counting zero changes. Without any PK data
    it says nothing: the PK tables above already say their data is absent."""
    if not len(pk_target) and not len(pk_anggaran):
        return ""
    ada_target = bool(pk_target["ada_pk_perubahan"].any()) if len(pk_target) else False
    ada_anggaran = pk_anggaran["pk_perubahan"].notna().any() if len(pk_anggaran) else False
    if not ada_target and not ada_anggaran:
        return (f"Data tahun {tahun} tidak memuat Perjanjian Kinerja perubahan; target dan anggaran "
                "yang berlaku adalah Perjanjian Kinerja awal.")
    berubah = int(pk_target["perubahan"].notna().sum()) if len(pk_target) else 0
    anggaran_berubah = pk_anggaran[pk_anggaran["perubahan"].fillna(0) != 0]
    bagian = ([f"target {berubah} indikator"] if berubah else []) \
        + ([f"anggaran {len(anggaran_berubah)} program"] if len(anggaran_berubah) else [])
    if not bagian:
        return "Perubahan Perjanjian Kinerja tidak mengubah target indikator maupun anggaran program."
    teks = f"Perubahan Perjanjian Kinerja mengubah {' dan '.join(bagian)}."
    if len(anggaran_berubah):
        teks += (f" Jumlah anggaran program berubah dari {fmt.rupiah(pk_anggaran['pk'].sum())} menjadi "
                 f"{fmt.rupiah(pk_anggaran['pk_perubahan'].sum())}.")
    return teks


def pengantar_akuntabilitas(lap) -> str:
    """The opening of Bab III: what the chapter measures and in what order (the narrative place
    `akuntabilitas` replaces or extends it)."""
    teks = (f"Bab ini menguraikan capaian {len(lap.kinerja)} indikator kinerja tujuan dan sasaran "
            f"{_instansi(lap)} tahun {lap.tahun} terhadap targetnya, dalam tujuh analisis capaian kinerja "
            "organisasi menurut Peraturan Menteri PANRB Nomor 53 Tahun 2014")
    return teks + (", lalu realisasi anggaran yang mendukungnya." if lap.ada_anggaran else ".")


def capaian_per_kategori(lap) -> str:
    """The summary of Bab III 3.1: how many indicators in each category and the mean, then the
    indicators of each category (in the agency's scale order) with their capaian."""
    rata = lap.rata_capaian("semua")["semua"]
    teks = paragraf_ringkasan(lap.kinerja, rata, kategori(rata, lap.data.skala_penilaian), lap.tahun)
    if lap.tanpa_skala:  # no categories to group by: every measured indicator, highest capaian first
        terukur = lap.kinerja.dropna(subset=["capaian"]).sort_values("capaian", ascending=False)
        return teks + ("\n\n" + "\n".join(f"{i}. {_teks(r.nama)}: {fmt.persen(r.capaian)}"
                                           for i, r in enumerate(terukur.itertuples(), start=1)) if len(terukur) else "")
    for kat in lap.data.skala_penilaian.sort_values("urutan")["kategori"]:
        anggota = lap.kinerja[lap.kinerja["kategori"] == kat]
        if len(anggota):
            teks += f"\n\n{tebal(kat)} ({len(anggota)} indikator):\n\n" + "\n".join(
                f"{i}. {_teks(r.nama)}: {fmt.persen(r.capaian)}" for i, r in enumerate(anggota.itertuples(), start=1))
    return teks


def analisis(lap, ditulis=()) -> dict:
    """The seven analyses of every indicator (:func:`lkjip.compute.analisis.analisis_indikator`);
    ``ditulis``: the indicators with the analyst's paragraph (``Penulis.ditulis("indikator")``)."""
    from lkjip.compute.analisis import analisis_indikator
    return analisis_indikator(lap, ditulis)


#: What cannot be given, per analysis and reason: the sentence, with {kode} the indicators and {tahun}.
TANPA_ANALISIS = {
    ("target", "tanpa_target"): "Target tahun {tahun} tidak ditetapkan untuk {kode}, sehingga capaiannya tidak dinilai.",
    ("target", "tanpa_realisasi"): "Realisasi tahun {tahun} belum tersedia untuk {kode}.",
    ("tahun_lalu", "tanpa_tahun_lalu"): "Data realisasi tahun sebelumnya tidak tersedia untuk {kode}.",
    ("target_akhir", "tanpa_renstra"): ("Renstra yang berlaku pada tahun {tahun} tidak tercatat, sehingga realisasi "
                                        "{kode} tidak dapat dibandingkan dengan target akhir Renstra."),
    ("target_akhir", "tanpa_target_akhir"): "Renstra tidak memuat target akhir untuk {kode}.",
    ("pembanding", "tanpa_pembanding"): "Belum ada pembanding nasional, provinsi atau antardaerah untuk {kode}.",
    ("penyebab", "tanpa_penyebab"): "Penyebab keberhasilan atau kegagalan belum tercatat untuk {kode}.",
    ("efisiensi", "tanpa_anggaran"): ("Data anggaran tahun {tahun} tidak tersedia, sehingga efisiensi serta program dan "
                                      "kegiatan pendukung tidak dapat diuraikan untuk {kode}."),
    ("efisiensi", "tanpa_peta_anggaran"): ("Anggaran yang mendukung {kode} tidak dipetakan dalam data, sehingga "
                                           "efisiensi serta program dan kegiatan pendukungnya tidak dapat diuraikan."),
    ("efisiensi", "tanpa_efisiensi"): "Efisiensi {kode} tidak dapat dihitung karena capaian atau serapannya tidak tersedia.",
}
#: Reasons another analysis' sentence already says (the budget is absent or unmapped for both 6 and 7;
#: a missing realisasi is said under analysis 1).
_SUDAH_DISEBUT = {("program", "tanpa_anggaran"), ("program", "tanpa_peta_anggaran"),
                  ("target_akhir", "tanpa_realisasi")}


def _tindak_lanjut_bersama(hasil: dict) -> dict[str, list[str]]:
    """Follow-up plans the data records word for word for several indicators ("Perlu
    dipertahankan"): text -> codes, said once in the opening rather than in each paragraph."""
    per_teks: dict[str, list[str]] = {}
    for kode, butir in hasil.items():
        rtl = butir["penyebab"].fakta.get("rencana_tindak_lanjut")
        if rtl:
            per_teks.setdefault(rtl.strip().rstrip("."), []).append(kode)
    return {t: codes for t, codes in per_teks.items() if len(codes) > 1}


def _kode_kalimat(kode: list[str], semua: int) -> str:
    if len(kode) == semua and semua > 1:
        return f"seluruh indikator ({_sebutkan(kode)})" if semua <= 3 else "seluruh indikator"
    return _sebutkan(kode)


def pengantar_analisis(lap, hasil: dict) -> str:
    """The opening of the per-indicator analyses: what each paragraph covers, the rules of negative
    and ratio indicators once, and, once for all indicators, each analysis that cannot be given
    with the indicators it cannot be given for and why."""
    from lkjip.compute.analisis import ANALISIS, tanpa
    teks = ("Uraian berikut membahas setiap indikator: capaian terhadap target tahun ini, perbandingan dengan "
            "tahun sebelumnya dan dengan target akhir Renstra, pembanding di luar dinas, efisiensi, program dan "
            "kegiatan pendukung, serta penyebab keberhasilan atau kegagalannya.")
    aturan = _kalimat_aturan([r for _, r in lap.kinerja.iterrows() if pd.notna(r["capaian"])])
    if aturan:
        teks += " " + " ".join(aturan)
    if lap.metode["efisiensi"] == "sasaran" and lap.ada_anggaran:
        teks += " Efisiensi dihitung per sasaran dan diuraikan pada indikator pertama setiap sasaran."
    akhir = _kalimat_tahun_akhir(lap, hasil)
    if akhir:
        teks += "\n\n" + akhir
    kalimat = []
    for a in ANALISIS:
        for alasan, kode in tanpa(hasil, a).items():
            if (a, alasan) in _SUDAH_DISEBUT:
                continue
            pola = TANPA_ANALISIS.get((a, alasan))
            if pola:
                k = _kode_kalimat(kode, len(hasil))
                s = pola.format(kode=k, tahun=lap.tahun)
                kalimat.append(s[0].upper() + s[1:])
    for rtl, kode in _tindak_lanjut_bersama(hasil).items():
        kalimat.append(f"Rencana tindak lanjut untuk {_kode_kalimat(kode, len(hasil))}: {_teks(rtl)}.")
    if kalimat:
        teks += "\n\n" + " ".join(kalimat)
    return teks


def uraian_indikator(lap, hasil: dict | None = None):
    """Bab III's paragraph on each indicator, as (code, text): its name and code in bold, then
    `paragraf_indikator` with its analyses (``hasil``: :func:`analisis`; computed when not given)."""
    hasil = hasil if hasil is not None else analisis(lap)
    bersama = {k for codes in _tindak_lanjut_bersama(hasil).values() for k in codes}
    for _, row in lap.kinerja.iterrows():
        kode = row["kode"]
        teks = paragraf_indikator(row, lap.tahun, hasil.get(kode), lap.renstra, jelaskan_aturan=False,
                                  sebut_nama=False, tindak_lanjut=kode not in bersama)
        yield kode, f"{tebal(str(row['nama']) + ' (' + kode + ').')} {teks}"


def kalimat_peringkat(ukuran: str, tahun: int, rank: dict) -> str:
    """Where the agency's region ranks among the kabupaten/kota of a peer table."""
    return (f"Menurut ukuran {miring(str(ukuran).replace('_', ' '))} tahun {tahun}, {_teks(rank['wilayah'])} "
            f"({fmt.angka(rank['nilai'], 2, tetap=False)}) berada di urutan ke-{rank['urutan']} dari "
            f"{rank['jumlah']} kabupaten/kota (diurutkan dari nilai tertinggi).")


def kalimat_tanpa_pembanding(lap) -> str:
    """Analysis 4 with nothing to compare: one sentence instead of one per absent table."""
    if len(lap.standar) or len(lap.data.spm[lap.data.spm["tahun"] == lap.tahun]) or lap.ukuran_pembanding() is not None:
        return ""
    return (f"Standar pembanding (nasional, provinsi atau SPM) dan data pembanding antardaerah tahun {lap.tahun} "
            f"{fmt.TIDAK_TERSEDIA} dalam data.")


def kalimat_standar(lap) -> str:
    """How many indicators meet the standard they are compared with; nothing without standards."""
    st = lap.standar
    diukur = st.dropna(subset=["terhadap_standar"])
    if not len(diukur):
        return ""
    memenuhi = diukur[diukur["memenuhi"] == True]  # noqa: E712 - a column of True/False/None
    teks = (f"Dari {len(diukur)} perbandingan indikator dengan standarnya, {len(memenuhi)} memenuhi standar "
            "(terhadap standar 100% atau lebih, dihitung dengan aturan polaritas indikatornya)")
    belum = diukur[diukur["memenuhi"] == False]  # noqa: E712
    if len(belum):
        teks += "; belum memenuhi: " + _sebutkan([f"{_teks(r.nama)} ({fmt.persen(r.terhadap_standar)})"
                                                for r in belum.itertuples()])
    return teks + "."


def kalimat_kemajuan(lap) -> str:
    """How the progress to date is read, under the table of periods; nothing without periods."""
    km = lap.kemajuan
    if not len(km):
        return ""
    return ("Realisasi s.d. periode adalah jumlah periode sejauh itu untuk indikator berupa jumlah, nilai periode "
            "terakhir untuk indikator lain (persentase, indeks), atau nilai kumulatif bila sumber mencetaknya "
            "kumulatif; capaian s.d. periode membandingkannya dengan target tahunan.")


def keterangan_efisiensi(lap) -> str:
    """How efficiency is computed, under its table; nothing when there is no table."""
    from lkjip.compute.efisiensi import PENJELASAN_METODE
    if not len(lap.efisiensi):
        return ""
    return f"Efisiensi dihitung sebagai {PENJELASAN_METODE[lap.metode['efisiensi']]}; di atas 100% berarti efisien."


def paragraf_efisiensi(row: pd.Series) -> str:
    efisien = pd.notna(row["efisiensi"]) and row["efisiensi"] > 100
    return (f"{miring(row['nama'])}: capaian {fmt.persen(row['capaian'])} dengan serapan anggaran "
            f"{fmt.persen(row['serapan'])}, sehingga nilai efisiensinya {fmt.persen(row['efisiensi'])} "
            f"({'efisien' if efisien else 'belum efisien'}).")


def paragraf_ringkasan(kinerja: pd.DataFrame, rata: float, kategori: str | None, tahun: int) -> str:
    """How many indicators fall into each category, and the overall mean."""
    counts = kinerja["kategori"].value_counts()
    parts = [f"{n} indikator berkategori {_teks(k)}" for k, n in counts.items()]
    terukur = kinerja["capaian"].notna()
    if not parts and terukur.any():  # no rating scale: how many were measured and met their target
        parts = [f"{int(terukur.sum())} dapat diukur capaiannya dan {int((kinerja['capaian'] >= 100).sum())} "
                 "di antaranya mencapai atau melampaui target"]
    teks = (f"Dari {len(kinerja)} indikator kinerja tujuan dan sasaran tahun {tahun}, "
            + (_sebutkan(parts) if parts else "belum ada yang dapat diukur") + ". ")
    teks += (f"Rata-rata capaian seluruh indikator adalah {fmt.persen(rata)}"
             + (f" (kategori {tebal(kategori)})." if kategori else "."))
    kosong = kinerja["capaian"].isna().sum()
    if kosong:
        teks += f" {kosong} indikator belum dapat diukur dan tidak ikut dirata-ratakan."
    return teks


def pengantar_kualitas_data(lap, temuan: pd.DataFrame, toleransi_persen: float) -> str:
    """Opening of the data-quality appendix: what was compared (the printed figures of this year's
    source documents, or the data alone when the year has no source document)."""
    dokumen = lap.dokumen_sumber
    if len(dokumen):
        judul = "; ".join(f"{r.judul or 'dokumen'} ({r.instansi})" for r in dokumen.itertuples())
        teks = (f"Setiap angka hasil hitungan yang dicetak dalam dokumen sumber tahun {lap.tahun} ({judul}; "
                f"{len(lap.angka_tercetak)} angka) dihitung ulang dari data mentahnya. Angka dianggap sama bila "
                f"selisihnya tidak lebih dari setengah satuan digit terakhir yang dicetak; selisih relatif di bawah "
                f"{fmt.angka(toleransi_persen, 1)}% dicatat sebagai pembulatan. Untuk capaian, rata-rata, jumlah "
                f"dan serapan laporan ini memakai angka hasil hitungan ulang; angka yang dicetak sumber ditampilkan "
                f"di bawah. Realisasi indikator dipakai sebagaimana dilaporkan: bila lembar perhitungan memberi "
                f"hasil lain dari data dasarnya, selisihnya dicatat di bawah sebagai salah hitung.")
    else:
        teks = (f"Untuk tahun {lap.tahun} tidak ada dokumen sumber tercetak yang angkanya dibandingkan; "
                f"lampiran ini memuat pemeriksaan atas data itu sendiri (jumlah rincian anggaran, realisasi "
                f"di atas pagu, persentase yang mustahil, lembar perhitungan).")
    return teks + f" Ditemukan {len(temuan)} catatan" + (":" if len(temuan) else ".")


def _ada(nilai) -> bool:
    return nilai not in (None, "", [], {})


def _profil(lap, kunci: str, default: str = fmt.TIDAK_TERSEDIA) -> str:
    """A profile field escaped as text (it prints as typed), or ``default`` when it is empty."""
    nilai = lap.profil.get(kunci)
    return _teks(nilai) if _ada(nilai) else default


def _instansi(lap) -> str:
    """`Dinas Sosial ... Kota Malang`, escaped: both come from profil.yaml."""
    return f"{_teks(lap.profil['nama'])} {_teks(lap.nama_wilayah)}"


def kalimat_rencana(lap) -> str:
    """Where the report year sits in the plan in force, or that no recorded plan covers it."""
    plan = lap.renstra
    if plan is not None:
        return f"tahun ke-{plan.tahun_ke(lap.tahun)} pelaksanaan Rencana Strategis {plan.periode}"
    lalu = lap.renstra_lalu
    if lalu is not None:
        return (f"tahun setelah Rencana Strategis {lalu.periode} berakhir; Renstra yang berlaku untuk tahun "
                f"{lap.tahun} {fmt.TIDAK_TERSEDIA} dalam data")
    return f"sedangkan Rencana Strategis yang berlaku {fmt.TIDAK_TERSEDIA} dalam data"


def kalimat_rata_rata(lap) -> str:
    """What the mean capaian is: the plain mean of every measured indicator's capaian against its
    target (capped where the agency caps it), so a reader knows what the one figure stands for."""
    from lkjip.compute.kinerja import batas_capaian
    rata = lap.rata_capaian("semua")["semua"]
    terukur = int(lap.kinerja["capaian"].notna().sum())
    if rata is None or pd.isna(rata) or not terukur:
        return f"Belum ada indikator kinerja tahun {lap.tahun} yang dapat diukur capaiannya."
    teks = (f"Rata-rata capaian {terukur} indikator kinerja tujuan dan sasaran tahun {lap.tahun} adalah "
            f"{fmt.persen(rata)}, yaitu rata-rata sederhana capaian setiap indikator terhadap targetnya")
    batas = batas_capaian(lap.profil)
    if batas is not None:
        teks += f" (capaian di atas {fmt.angka(batas, 0, tetap=False)}% dihitung {fmt.angka(batas, 0, tetap=False)}%)"
    lewat = lap.kinerja[lap.kinerja["capaian"] > 100]
    if len(lewat) and batas is None:
        teks += (f"; capaian di atas 100% ikut dirata-ratakan apa adanya, sehingga {len(lewat)} indikator yang "
                 "melampaui targetnya menaikkan rata-rata itu")
    return teks + "."


def kata_pengantar(lap) -> str:
    """The foreword: what the report is and on what it rests, the year in one sentence (the mean
    explained), and the formal closing; the signature block follows it (`tanda_tangan`)."""
    teks = ("Puji syukur kami panjatkan ke hadirat Tuhan Yang Maha Esa atas tersusunnya Laporan Kinerja "
            f"Instansi Pemerintah {_instansi(lap)} Tahun {lap.tahun}. Laporan ini merupakan pertanggungjawaban "
            f"atas capaian tujuan dan sasaran strategis tahun {lap.tahun}, {kalimat_rencana(lap)}, dan disusun "
            "menurut Peraturan Presiden Nomor 29 Tahun 2014 tentang Sistem Akuntabilitas Kinerja Instansi "
            "Pemerintah serta Peraturan Menteri PANRB Nomor 53 Tahun 2014.")
    teks += "\n\n" + kalimat_rata_rata(lap)
    if lap.ada_anggaran:
        teks += f" Serapan anggaran tahun {lap.tahun} mencapai {fmt.persen(lap.total_anggaran['serapan'])}."
    teks += (" Uraian capaian setiap indikator, penyebab keberhasilan dan kegagalannya, serta langkah ke depan "
             "disajikan dalam Bab III dan Bab IV.")
    teks += ("\n\nKami menyadari laporan ini masih memiliki kekurangan; saran dan masukan untuk penyempurnaannya "
             "sangat kami harapkan. Semoga laporan ini bermanfaat bagi peningkatan kinerja "
             f"{_instansi(lap)} pada tahun-tahun mendatang.")
    return teks


def _blok_pejabat(jabatan: str | None, nama: str | None, pangkat: str | None = None, nip: str | None = None,
                  dengan_nip: bool = True) -> list[str]:
    """The lines of a signature block: office in capitals, room to sign, name in bold, rank, NIP;
    a field the sources do not state prints as absent."""
    baris = [f"**{_teks(str(jabatan).upper()) if _ada(jabatan) else f'(jabatan {fmt.TIDAK_TERSEDIA})'}**", "", "", "",
             f"**{_teks(nama) if _ada(nama) else f'(nama {fmt.TIDAK_TERSEDIA})'}**"]
    if dengan_nip:
        baris.append(_teks(pangkat) if _ada(pangkat) else f"(pangkat {fmt.TIDAK_TERSEDIA})")
        baris.append(f"NIP. {_teks(nip) if _ada(nip) else f'({fmt.TIDAK_TERSEDIA})'}")
    return baris


def _tempat_tanggal(tempat, tanggal) -> str:
    tempat = _teks(tempat) if _ada(tempat) else f"(tempat {fmt.TIDAK_TERSEDIA})"
    tanggal = fmt.tanggal(tanggal) if _ada(tanggal) else f"(tanggal {fmt.TIDAK_TERSEDIA})"
    return f"{tempat}, {tanggal}"


def _baris_blok(baris: list[str]) -> str:
    """Lines kept apart by hard line breaks (a trailing backslash) in HTML, PDF and DOCX; a blank
    line is an empty broken line (the room to sign), never a paragraph break."""
    return "\\\n".join(b if b else "\u00a0" for b in baris)


def tanda_tangan(lap) -> str:
    """Place, date and the signing head; a field the sources do not state prints as absent."""
    ttd = lap.profil.get("penandatanganan") or {}
    kepala = lap.profil.get("kepala") or {}
    baris = [_tempat_tanggal(ttd.get("tempat"), ttd.get("tanggal")), ""]
    baris += _blok_pejabat(kepala.get("jabatan") or "Kepala", kepala.get("nama"), kepala.get("pangkat"), kepala.get("nip"))
    return _baris_blok(baris)


def kalimat_unduh(alamat: str | None = None) -> str:
    """The one sentence the PDF and DOCX print instead of a download link under every table: where
    the numbers behind the tables can be downloaded (the site's address when params give one)."""
    if alamat:
        return (f"Angka setiap tabel dalam laporan ini dapat diunduh sebagai berkas CSV pada edisi HTML laporan "
                f"di <{alamat}>.")
    return ("Angka setiap tabel dalam laporan ini dapat diunduh sebagai berkas CSV pada edisi HTML laporan, "
            "melalui tautan di bawah setiap tabel.")


def penutup_laporan(lap) -> str:
    """The closing sentence at the end of Bab IV, before the signature."""
    return (f"Demikian Laporan Kinerja Instansi Pemerintah {_instansi(lap)} Tahun {lap.tahun} ini disusun sebagai "
            "pertanggungjawaban atas pelaksanaan tugas dan fungsi, dan sebagai bahan perbaikan kinerja pada tahun berikutnya.")


def pernyataan_pk(lap) -> str:
    """The statement page of the Perjanjian Kinerja (PermenPAN-RB 53/2014 Lampiran I): title, the two
    parties with name and office, their promise, place and date, and both signature blocks
    (Pihak Kedua left, Pihak Pertama right, as the form lays them out). From profil.yaml
    ``perjanjian_kinerja``; what it does not state prints "(tidak tersedia)"."""
    pk = lap.profil.get("perjanjian_kinerja") or {}
    pertama, kedua = pk.get("pihak_pertama") or {}, pk.get("pihak_kedua") or {}
    perubahan = pk.get("dokumen") == "pk_perubahan"
    judul = f"{'PERUBAHAN ' if perubahan else ''}PERJANJIAN KINERJA TAHUN {lap.tahun}"
    pemerintah = f"PEMERINTAH {str(lap.profil.get('jenis_wilayah') or '').upper()} {str(lap.profil.get('wilayah') or '').upper()}".strip()

    def isi(nilai, apa):
        return _teks(nilai) if _ada(nilai) else f"({apa} {fmt.TIDAK_TERSEDIA})"

    lampiran = "lampiran Perubahan Perjanjian Kinerja" if perubahan else "lampiran perjanjian"
    bagian = [
        f"**{_teks(pemerintah)}**\\\n**{judul}**\\\n**{_teks(str(lap.profil.get('nama') or '').upper())}**",
        "Dalam rangka mewujudkan manajemen pemerintahan yang efektif, transparan dan akuntabel serta berorientasi "
        "pada hasil, kami yang bertanda tangan di bawah ini:",
        _baris_blok([f"Nama: {isi(pertama.get('nama'), 'nama')}", f"Jabatan: {isi(pertama.get('jabatan'), 'jabatan')}"]),
        "selanjutnya disebut **Pihak Pertama**;",
        _baris_blok([f"Nama: {isi(kedua.get('nama'), 'nama')}", f"Jabatan: {isi(kedua.get('jabatan'), 'jabatan')}"]),
        "selaku atasan langsung Pihak Pertama, selanjutnya disebut **Pihak Kedua**.",
        f"Pihak Pertama berjanji akan mewujudkan target kinerja yang seharusnya sesuai {lampiran} ini, dalam rangka "
        "mencapai target kinerja jangka menengah seperti yang telah ditetapkan dalam dokumen perencanaan. "
        "Keberhasilan dan kegagalan pencapaian target kinerja tersebut menjadi tanggung jawab kami.",
        "Pihak Kedua akan melakukan supervisi yang diperlukan serta akan melakukan evaluasi terhadap capaian kinerja "
        "dari perjanjian ini dan mengambil tindakan yang diperlukan dalam rangka pemberian penghargaan dan sanksi.",
        _tempat_tanggal(pk.get("tempat"), pk.get("tanggal")),
    ]
    kiri = ["Pihak Kedua,", *_blok_pejabat(kedua.get("jabatan"), kedua.get("nama"), kedua.get("pangkat"),
                                            kedua.get("nip"), dengan_nip=_ada(kedua.get("nip")))]
    kanan = ["Pihak Pertama,", *_blok_pejabat(pertama.get("jabatan"), pertama.get("nama"), pertama.get("pangkat"),
                                              pertama.get("nip"))]
    tinggi = max(len(kiri), len(kanan))
    kiri, kanan = kiri + [""] * (tinggi - len(kiri)), kanan + [""] * (tinggi - len(kanan))
    tabel = ["| Pihak Kedua | Pihak Pertama |", "|:------------|:------------|"]
    tabel += [f"| {a or ' '} | {b or ' '} |" for a, b in zip(kiri[1:], kanan[1:])]
    bagian.append("\n".join(tabel))
    return "\n\n".join(bagian)


def latar_belakang(lap) -> str:
    plan = lap.renstra
    rencana = (f"tujuan dan sasaran Rencana Strategis {plan.periode}" if plan is not None
               else "tujuan dan sasaran kinerjanya")
    return (f"Peraturan Presiden Nomor 29 Tahun 2014 tentang Sistem Akuntabilitas Kinerja Instansi Pemerintah (SAKIP) "
            f"mewajibkan setiap instansi pemerintah melaporkan kinerjanya setiap tahun. Laporan ini disusun oleh "
            f"{_instansi(lap)} menurut Peraturan Menteri PANRB Nomor 53 Tahun 2014, dan "
            f"menjelaskan sejauh mana {rencana} tercapai pada tahun {lap.tahun}.")


def tugas_fungsi(lap) -> str:
    p = lap.profil
    teks = (f"Berdasarkan {_teks(p['dasar_tugas'])}, " if _ada(p.get("dasar_tugas")) else "")
    teks += f"{_teks(p['nama'])} mempunyai tugas: {_profil(lap, 'tugas', 'uraian tugas ' + fmt.TIDAK_TERSEDIA + '.')}"
    fungsi = p.get("fungsi")
    teks += "\n\nFungsi yang diselenggarakan:\n\n"
    return teks + (_daftar(fungsi) if _ada(fungsi) else f"Uraian fungsi {fmt.TIDAK_TERSEDIA}.")


def dasar_perencanaan(lap) -> str:
    """Which plans the year's performance plan follows: the Renstra in force and the RPJMD (or
    RPD) it elaborates, each with its period and title; what the data does not record is said."""
    renstra, rpjmd = lap.renstra, lap.rpjmd

    def rencana(plan, nama: str) -> str:
        judul = f" ({miring(plan.dokumen)})" if plan.dokumen else ""
        return f"{nama} {plan.periode}{judul}"

    if renstra is None and rpjmd is None:
        return (f"Periode Renstra dan RPJMD yang berlaku pada tahun {lap.tahun} {fmt.TIDAK_TERSEDIA} "
                "dalam data.")
    if renstra is None:
        return f"Perencanaan kinerja tahun {lap.tahun} mengacu pada {rencana(rpjmd, _teks(rpjmd.jenis))}."
    teks = f"Perencanaan kinerja tahun {lap.tahun} berpedoman pada {rencana(renstra, 'Rencana Strategis (Renstra)')}"
    if rpjmd is not None:
        teks += f", yang menjabarkan {rencana(rpjmd, _teks(rpjmd.jenis))}"
    return teks + "."


def visi_misi(lap) -> str:
    p = lap.profil
    visi = f"**\u201c{_teks(p['visi'])}\u201d**" if _ada(p.get("visi")) else fmt.TIDAK_TERSEDIA
    misi = [f"{m['uraian']}" if isinstance(m, dict) else str(m) for m in (p.get("misi") or [])]
    teks = (f"{dasar_perencanaan(lap)}\n\nVisi: {visi}\n\nMisi:\n\n"
            + (_daftar(misi) if misi else fmt.TIDAK_TERSEDIA))
    didukung = p.get("misi_didukung") or []
    if didukung:
        teks += f"\n\nTujuan dan sasaran {_teks(lap.nama_singkat)} mendukung misi {_sebutkan([f'ke-{x}' for x in didukung])}."
    return teks


def kalimat_iku(lap) -> str:
    """How many of the indicators are the agency's IKU and how many support them (indikator.csv
    `iku`); said when the data records no status, never guessed."""
    ind = lap.data.indikator
    organisasi = ind[ind["level"].isin(["tujuan", "sasaran"])]
    iku, pendukung = int((ind["iku"] == "ya").sum()), int((organisasi["iku"] == "tidak").sum())
    if not iku and not pendukung:
        return (f"Data tidak mencatat indikator mana yang menjadi Indikator Kinerja Utama (IKU) {_teks(lap.nama_singkat)}; "
                "tabel berikut memuat seluruh indikator tujuan dan sasaran.")
    teks = f"{iku} indikator ditetapkan sebagai Indikator Kinerja Utama (IKU)"
    if pendukung:
        teks += f" dan {pendukung} indikator tujuan dan sasaran lainnya merupakan indikator kinerja pendukung"
    tanpa = int(organisasi["iku"].isna().sum())
    if tanpa:
        teks += f"; status {tanpa} indikator tidak tercatat"
    return teks + "."


def _daftar(items) -> str:
    """A numbered Markdown list of profile texts, each escaped (it prints as typed)."""
    return "\n".join(f"{i}. {_teks(x)}" for i, x in enumerate(items, start=1))


def keterangan_skala(lap) -> str:
    """The rules beside the rating scale: the agency's cap on capaian and what an indicator without a
    target shows."""
    from lkjip.compute.kinerja import TANPA_TARGET, batas_capaian
    batas = batas_capaian(lap.profil)
    teks = (f"Capaian di atas {fmt.angka(batas, 0, tetap=False)}% dibatasi {fmt.angka(batas, 0, tetap=False)}% "
            "sesuai aturan dinas, dan nilai yang dibatasi itulah yang dinilai dan dirata-ratakan."
            if batas is not None else "Capaian tidak dibatasi: capaian di atas 100% ditampilkan apa adanya.")
    if lap.tanpa_skala:
        return teks + f" Indikator tanpa target pada tahun {lap.tahun} ditampilkan tanpa capaian."
    label = _teks(lap.metode.get("tanpa_target") or TANPA_TARGET)
    return teks + f" Indikator tanpa target pada tahun {lap.tahun} ditampilkan dengan keterangan \u201c{label}\u201d dan tidak dinilai."


def simpulan(lap) -> str:
    """Bab IV's default conclusions per tujuan and sasaran, from the means."""
    skala = lap.data.skala_penilaian
    parts = []
    ts = lap.data.tujuan_sasaran
    for tujuan in ts[ts["level"] == "tujuan"].itertuples():
        rata_t = lap.rata_capaian("tujuan").get(tujuan.kode)
        text = f"{aman.tebal(f'Tujuan: {tujuan.uraian}.')} "
        text += (f"Rata-rata capaian indikatornya {fmt.persen(rata_t)}{_dalam_kurung(kategori(rata_t, skala))}."
                 if rata_t is not None and pd.notna(rata_t) else "Belum ada indikator yang dapat diukur.")
        for sasaran in ts[(ts["level"] == "sasaran") & (ts["induk"] == tujuan.kode)].itertuples():
            group = lap.kinerja[lap.kinerja["sasaran"] == sasaran.kode]
            if not len(group):
                continue
            rata_s = group["capaian"].mean()
            terukur = group.dropna(subset=["capaian"])
            if len(group) == 1:  # one indicator: its capaian is the sasaran's, no "lowest of one"
                satu = group.iloc[0]
                text += (f"\n\n- Sasaran {aman.miring(sasaran.uraian)}: indikatornya, {aman.teks(satu['nama'])}, "
                         + (f"mencapai {fmt.persen(satu['capaian'])}{_dalam_kurung(kategori(satu['capaian'], skala))}."
                            if pd.notna(satu["capaian"]) else "belum dapat diukur capaiannya."))
                continue
            terendah = terukur.sort_values("capaian").iloc[0] if len(terukur) else None
            text += (f"\n\n- Sasaran {aman.miring(sasaran.uraian)}: rata-rata capaian {len(group)} indikatornya "
                     f"{fmt.persen(rata_s)}{_dalam_kurung(kategori(rata_s, skala))}"
                     + (f"; yang terendah {aman.teks(terendah['nama'])} ({fmt.persen(terendah['capaian'])})."
                        if terendah is not None else "."))
        parts.append(text)
    total = lap.total_anggaran
    parts.append("Secara keseluruhan: " + kalimat_rata_rata(lap)[:1].lower() + kalimat_rata_rata(lap)[1:]
                 + (f" Serapan anggaran {fmt.persen(total['serapan'])}." if lap.ada_anggaran else ""))
    return "\n\n".join(parts)

def langkah_bawaan(lap) -> str:
    """Default next steps: the indicators below their target, and the programs with low absorption."""
    below = lap.kinerja[lap.kinerja["capaian"] < 100]
    items = [f"Meningkatkan capaian {aman.miring(r.nama)} yang baru mencapai {fmt.persen(r.capaian)} dari targetnya."
             for r in below.itertuples()]
    low = lap.program[lap.program["serapan"] < 80]
    items += [f"Mempercepat serapan {aman.miring(r.uraian)} yang baru {fmt.persen(r.serapan)}." for r in low.itertuples()]
    missing = lap.kinerja[lap.kinerja["capaian"].isna()]
    items += [f"Melengkapi data {aman.miring(r.nama)} ({aman.teks(r.alasan)})." for r in missing.itertuples()]
    if not items:
        return "Seluruh indikator mencapai target; langkah ke depan adalah mempertahankan capaian tersebut."
    return "\n".join(f"{i}. {t}" for i, t in enumerate(items, start=1))
