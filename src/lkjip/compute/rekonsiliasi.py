"""Reconciliation and data quality: every figure the source computed is recomputed from the raw
data and compared; the data itself is checked (sums, spending above budget, impossible percents).

The result is a list of findings (temuan), each with where, what was printed, what follows from
the data and a kind. It feeds the report's data-quality appendix and is written as CSV.
"""
from __future__ import annotations

import math
from functools import cached_property

import pandas as pd

from lkjip.compute.efisiensi import ringkasan_efisiensi
from lkjip.compute.kinerja import rata_capaian
from lkjip.inputs.angka import AngkaTidakSah, desimal_tercetak, parse_angka

#: Relative difference under which a mismatch is put down to rounding of the inputs.
TOLERANSI_PEMBULATAN = 0.001
#: Rupiah: sums may differ by up to this much before they are called different.
TOLERANSI_RUPIAH = 1.0

JENIS_TEMUAN = {
    "salah_hitung": "angka hasil hitungan yang tercetak tidak sesuai dengan data",
    "pembulatan": "selisih kecil karena pembulatan (di bawah 0,1%)",
    "beda_antar_tabel": "satu nilai dicetak berbeda di dua tempat",
    "jumlah_tidak_sesuai": "jumlah rincian tidak sama dengan induknya",
    "realisasi_melebihi_pagu": "realisasi anggaran melebihi pagu",
    "persen_melebihi_100": "persentase di atas 100 yang mustahil untuk sebuah proporsi",
    "kategori_tidak_sesuai": "kategori yang tercetak tidak sesuai dengan skala penilaian",
    "tidak_dapat_dihitung": "angka tercetak yang tidak dapat dihitung ulang dari data",
    "jumlah_periode_tidak_sesuai": "realisasi per triwulan/bulan tidak berjumlah realisasi tahunannya",
}

#: What each data file holds, as a reader names it: a finding or a transcription note says "data
#: anggaran", never `anggaran.csv`.
NAMA_BERKAS = {
    "anggaran.csv": "data anggaran", "realisasi.csv": "data realisasi indikator",
    "target.csv": "data target indikator", "indikator.csv": "data indikator",
    "tujuan_sasaran.csv": "data tujuan dan sasaran", "pk_anggaran.csv": "data anggaran Perjanjian Kinerja",
    "peta_anggaran.csv": "pemetaan indikator ke anggaran", "data_dasar.csv": "data dasar perhitungan",
    "perhitungan.csv": "rumus perhitungan indikator", "standar.csv": "data standar pembanding",
    "pembanding.csv": "data pembanding antardaerah", "spm.csv": "data standar pelayanan minimal",
    "skala_penilaian.csv": "skala penilaian", "strategi.csv": "data strategi dan arah kebijakan",
    "angka_tercetak.csv": "angka tercetak dokumen sumber", "dokumen_sumber.csv": "daftar dokumen sumber",
    "realisasi_periode.csv": "data realisasi per periode", "anggaran_periode.csv": "data anggaran per periode",
    "penghargaan.csv": "data penghargaan", "sakip_komponen.csv": "data evaluasi SAKIP",
    "sakip_rekomendasi.csv": "data rekomendasi evaluasi SAKIP", "profil.yaml": "profil instansi",
    "lembar perhitungan": "lembar perhitungan",
}
#: Each kind of printed figure (``angka_tercetak.csv`` ``jenis``) as a reader names it.
NAMA_ANGKA = {
    "capaian": "capaian", "kategori": "kategori", "rata_capaian": "rata-rata capaian",
    "perubahan_realisasi": "perubahan realisasi dari tahun lalu", "perubahan_capaian": "perubahan capaian dari tahun lalu",
    "proporsi_data_dasar": "proporsi", "permil_data_dasar": "proporsi per mil", "jumlah_data_dasar": "jumlah",
    "selisih_target_akhir": "selisih terhadap target akhir Renstra",
    "persen_target_akhir": "realisasi terhadap target akhir Renstra",
    "sisa": "sisa anggaran", "persen_sisa": "persentase sisa anggaran",
    "efisiensi": "efisiensi", "serapan_efisiensi": "serapan (tabel efisiensi)",
    "pagu_efisiensi": "pagu (tabel efisiensi)", "realisasi_efisiensi": "realisasi anggaran (tabel efisiensi)",
    "pagu": "pagu", "realisasi": "realisasi anggaran", "serapan": "serapan anggaran",
    "rata_serapan_kegiatan": "rata-rata serapan kegiatan", "rata_serapan_subkegiatan": "rata-rata serapan sub-kegiatan",
    "hasil_perhitungan": "hasil lembar perhitungan", "sakip_total": "nilai total evaluasi SAKIP",
    "pk_total": "jumlah anggaran Perjanjian Kinerja",
    "predikat_kegiatan": "predikat kinerja kegiatan", "predikat_subkegiatan": "predikat kinerja sub-kegiatan",
}


def nama_berkas(berkas) -> str:
    """A data file as a reader names it (`anggaran.csv` -> "data anggaran"); an unknown name as is."""
    berkas = str(berkas or "").strip()
    return NAMA_BERKAS.get(berkas, berkas.removesuffix(".csv").replace("_", " "))


def _rupiah(nilai: float) -> str:
    """``15.239.173.008,00``: the Indonesian way (this stage does not import the formatter)."""
    return f"{nilai:,.2f}".replace(",", "_").replace(".", ",").replace("_", ".")


KOLOM = ["jenis", "lokasi", "kunci", "tahun", "uraian", "tercetak", "dihitung", "keterangan"]


def _temuan(jenis, lokasi, kunci, tahun, uraian, tercetak, dihitung, keterangan=""):
    return {"jenis": jenis, "lokasi": lokasi, "kunci": kunci, "tahun": tahun, "uraian": uraian,
            "tercetak": tercetak, "dihitung": dihitung, "keterangan": keterangan}


def bandingkan(tercetak: str, dihitung: float | None, rupiah: bool = False) -> str | None:
    """None when the printed figure follows from the data; else the kind of mismatch."""
    if dihitung is None or (isinstance(dihitung, float) and math.isnan(dihitung)):
        return "tidak_dapat_dihitung"
    printed = parse_angka(tercetak)
    if printed is None:
        return "tidak_dapat_dihitung"
    diff = abs(printed - dihitung)
    tolerance = TOLERANSI_RUPIAH if rupiah else 0.5 * 10 ** -desimal_tercetak(tercetak) + 1e-9
    if diff <= tolerance:
        return None
    if printed and diff / abs(printed) <= TOLERANSI_PEMBULATAN:
        return "pembulatan"
    return "salah_hitung"


def _baris_pertama(frame: pd.DataFrame, kolom: str) -> dict[str, dict]:
    """Each key's first row (in table order) as a dict: one pass, then look-ups by key instead of
    masking the whole table for every printed figure."""
    rows: dict[str, dict] = {}
    for row in frame.to_dict("records"):
        rows.setdefault(row[kolom], row)
    return rows


class _Penghitung:
    """Recomputes a printed figure from its `jenis` and `kunci`."""

    def __init__(self, laporan):
        self.lap = laporan
        self._kinerja: dict[int, pd.DataFrame] = {}
        self._baris: dict[int, dict[str, dict]] = {}
        self._akhir: pd.DataFrame | None = None

    def kinerja(self, tahun):
        if tahun not in self._kinerja:
            from lkjip.compute.kinerja import LEVEL_ORGANISASI, LEVEL_PROGRAM, tabel_kinerja
            self._kinerja[tahun] = tabel_kinerja(self.lap.data, tahun, LEVEL_ORGANISASI + LEVEL_PROGRAM)
        return self._kinerja[tahun]

    @cached_property
    def _anggaran(self) -> dict[str, dict]:
        return _baris_pertama(self.lap.anggaran, "kode")

    @cached_property
    def _efisiensi(self) -> dict[str, dict]:
        return _baris_pertama(self.lap.efisiensi, "kunci")

    @cached_property
    def nama(self) -> dict[str, str]:
        """What each code is called (indicator, plan element, budget line), for a finding's label."""
        names = dict(zip(self.lap.data.indikator["kode"], self.lap.data.indikator["nama"]))
        names.update(self.lap.uraian)
        names.update(zip(self.lap.data.anggaran["kode"], self.lap.data.anggaran["uraian"]))
        return names

    def baris_indikator(self, kunci: str, tahun) -> dict | None:
        """An indicator's row of the year's performance table (the first, by code), or None."""
        if tahun not in self._baris:
            self._baris[tahun] = _baris_pertama(self.kinerja(tahun), "kode")
        return self._baris[tahun].get(kunci)

    def target_akhir(self) -> pd.DataFrame:
        if self._akhir is None:
            from lkjip.compute.kinerja import LEVEL_ORGANISASI, LEVEL_PROGRAM, terhadap_target_akhir
            self._akhir = terhadap_target_akhir(self.lap.data, self.lap.tahun, LEVEL_ORGANISASI + LEVEL_PROGRAM)
        return self._akhir

    def _nilai_indikator(self, kunci: str, tahun: int, kolom: str):
        row = self.baris_indikator(kunci, tahun)
        value = row[kolom] if row is not None else None
        return None if value is None or pd.isna(value) else float(value)

    def _sisa(self, kunci: str, persen: bool):
        """Unspent budget (pagu − realisasi) of `semua`, a budget line, or an indicator's or sasaran's
        lines in the efficiency table; as a percentage of pagu when `persen`. Sources call the
        percentage "efisiensi anggaran"."""
        lap = self.lap
        if kunci == "semua":
            pagu, realisasi = lap.total_anggaran["pagu"], lap.total_anggaran["realisasi"]
        elif kunci in self._anggaran:
            row = self._anggaran[kunci]
            pagu, realisasi = row["pagu"], row["realisasi"]
        elif kunci in self._efisiensi:
            row = self._efisiensi[kunci]
            pagu, realisasi = row["pagu"], row["realisasi_anggaran"]
        else:
            return None
        if pd.isna(pagu) or pd.isna(realisasi) or (persen and not pagu):
            return None
        return (pagu - realisasi) / pagu * 100 if persen else pagu - realisasi

    def _data_dasar(self, tahun: int, kategori: str | None) -> pd.DataFrame:
        """The year's `data_dasar.csv` rows of one category, of every category under a prefix
        ending in ``/`` (a printed subtotal such as a kecamatan over its kelurahan), of numeric
        categories in a range ``a..b`` (a page subtotal such as ages 60..84), or all."""
        dasar = self.lap.data.data_dasar
        dasar = dasar[dasar["tahun"] == tahun]
        if not kategori:
            return dasar
        if ".." in kategori:
            awal, _, akhir = kategori.partition("..")
            angka = pd.to_numeric(dasar["kategori"], errors="coerce")
            return dasar[(angka >= float(awal)) & (angka <= float(akhir))]
        if kategori.endswith("/"):
            return dasar[dasar["kategori"].astype(str).str.startswith(kategori)]
        return dasar[dasar["kategori"] == kategori]

    def _proporsi_data_dasar(self, kunci: str, tahun: int):
        """``pembilang/penyebut:kategori``: sum of the numerator table's rows over the denominator's,
        × 100, for a category (or a subtotal, see `_data_dasar`)."""
        tabel, _, kategori = kunci.partition(":")
        pembilang, _, penyebut = tabel.partition("/")
        dasar = self._data_dasar(tahun, kategori)
        atas, bawah = (dasar.loc[dasar["tabel"] == nama, "nilai"] for nama in (pembilang, penyebut))
        if not len(atas) or not len(bawah) or not bawah.sum():
            return None
        return atas.sum() / bawah.sum() * 100

    def _jumlah_data_dasar(self, kunci: str, tahun: int):
        """``tabel`` or ``tabel:kategori``: a printed total of a raw-data table (all its categories
        of the year, or a subtotal, see `_data_dasar`)."""
        tabel, _, kategori = kunci.partition(":")
        dasar = self._data_dasar(tahun, kategori or None)
        rows = dasar.loc[dasar["tabel"] == tabel, "nilai"]
        return rows.sum() if len(rows) else None

    # --- one handler per kind of printed figure (``PENGHITUNG`` maps each kind to one) ----------
    def _indikator(self, jenis, kunci, tahun):
        row = self.baris_indikator(kunci, tahun)
        return None if row is None else row[jenis]

    def _rata_capaian(self, jenis, kunci, tahun):
        kinerja = self.kinerja(tahun)
        kinerja = kinerja[kinerja["level"].isin(["tujuan", "sasaran"])]
        if kunci == "semua":
            return rata_capaian(kinerja, "semua")["semua"]
        for menurut in ("sasaran", "tujuan", "urusan"):
            means = rata_capaian(kinerja, menurut)
            if kunci in means.index:
                return means[kunci]
        return None

    def _perubahan(self, jenis, kunci, tahun):
        column = jenis.removeprefix("perubahan_")
        now, before = (self._nilai_indikator(kunci, t, column) for t in (tahun, tahun - 1))
        return None if now is None or before is None else now - before

    def _proporsi(self, jenis, kunci, tahun):
        proporsi = self._proporsi_data_dasar(kunci, tahun)
        return None if proporsi is None else proporsi * (10 if jenis == "permil_data_dasar" else 1)

    def _jumlah_dasar(self, jenis, kunci, tahun):
        return self._jumlah_data_dasar(kunci, tahun)

    def _selisih_target_akhir(self, jenis, kunci, tahun):
        rows = self.target_akhir()
        rows = rows[rows["kode"] == kunci]
        return (rows["realisasi"] - rows["target_akhir"]).iloc[0] if len(rows) else None

    def _persen_target_akhir(self, jenis, kunci, tahun):
        rows = self.target_akhir()
        rows = rows[rows["kode"] == kunci]
        return rows["persen_target_akhir"].iloc[0] if len(rows) else None

    def _sisa_anggaran(self, jenis, kunci, tahun):
        return self._sisa(kunci, persen=jenis == "persen_sisa")

    _KOLOM_EFISIENSI = {"efisiensi": "efisiensi", "serapan_efisiensi": "serapan",
                        "pagu_efisiensi": "pagu", "realisasi_efisiensi": "realisasi_anggaran"}

    def _efisiensi_anggaran(self, jenis, kunci, tahun):
        column = self._KOLOM_EFISIENSI[jenis]
        if kunci == "semua":
            summary = ringkasan_efisiensi(self.lap.efisiensi)
            return summary["rata_efisiensi" if column == "efisiensi" else column]
        row = self._efisiensi.get(kunci)
        return row[column] if row is not None else None

    def _anggaran_baris(self, jenis, kunci, tahun):
        if kunci == "semua":
            return self.lap.total_anggaran[jenis]
        row = self._anggaran.get(kunci)
        return row[jenis] if row is not None else None

    def _rata_serapan(self, jenis, kunci, tahun):
        return self.lap.rata_serapan(jenis.removeprefix("rata_serapan_"), None if kunci == "semua" else kunci)

    def _hasil_perhitungan(self, jenis, kunci, tahun):
        found = [h for h in self.lap.perhitungan if h.indikator == kunci]
        if found:
            return found[0].nilai
        rows = self.kinerja(tahun)  # a sheet without a formula in the data reports the realisasi
        rows = rows[rows["kode"] == kunci]
        return rows["realisasi"].iloc[0] if len(rows) else None

    def _sakip_total(self, jenis, kunci, tahun):
        komponen = self.lap.data.sakip_komponen
        rows = komponen[komponen["tahun"] == tahun]
        return rows["nilai"].sum() if len(rows) else None

    def _pk_total(self, jenis, kunci, tahun):
        pk = self.lap.data.pk_anggaran
        rows = pk[(pk["dokumen"] == kunci) & (pk["tahun"] == tahun)]
        return rows["anggaran"].sum() if len(rows) else None

    def nilai(self, jenis: str, kunci: str, tahun: int):
        """The figure of kind ``jenis`` for ``kunci`` in ``tahun`` as the data gives it, or None.
        Kinds in ``HANYA_TAHUN_LAPORAN`` are figures of the report year only (budget, efficiency,
        end target, calculation sheets)."""
        handler = PENGHITUNG.get(jenis)
        if handler is None or (jenis in HANYA_TAHUN_LAPORAN and tahun != self.lap.tahun):
            return None
        return handler(self, jenis, kunci, tahun)


#: Each kind of printed figure (``angka_tercetak.csv`` ``jenis``) and the handler recomputing it.
PENGHITUNG = {
    "capaian": _Penghitung._indikator, "kategori": _Penghitung._indikator,
    "rata_capaian": _Penghitung._rata_capaian,
    "perubahan_realisasi": _Penghitung._perubahan, "perubahan_capaian": _Penghitung._perubahan,
    "proporsi_data_dasar": _Penghitung._proporsi, "permil_data_dasar": _Penghitung._proporsi,
    "jumlah_data_dasar": _Penghitung._jumlah_dasar,
    "selisih_target_akhir": _Penghitung._selisih_target_akhir,
    "persen_target_akhir": _Penghitung._persen_target_akhir,
    "sisa": _Penghitung._sisa_anggaran, "persen_sisa": _Penghitung._sisa_anggaran,
    **dict.fromkeys(_Penghitung._KOLOM_EFISIENSI, _Penghitung._efisiensi_anggaran),
    "pagu": _Penghitung._anggaran_baris, "realisasi": _Penghitung._anggaran_baris,
    "serapan": _Penghitung._anggaran_baris,
    "rata_serapan_kegiatan": _Penghitung._rata_serapan, "rata_serapan_subkegiatan": _Penghitung._rata_serapan,
    "hasil_perhitungan": _Penghitung._hasil_perhitungan,
    "sakip_total": _Penghitung._sakip_total,
    "pk_total": _Penghitung._pk_total,
}
#: Kinds recomputed for the report year only: a printed figure of another year has no data here.
HANYA_TAHUN_LAPORAN = frozenset(PENGHITUNG) - {
    "capaian", "kategori", "rata_capaian", "perubahan_realisasi", "perubahan_capaian",
    "proporsi_data_dasar", "permil_data_dasar", "jumlah_data_dasar"}


def _uraian(names: dict[str, str], jenis: str, kunci: str) -> str:
    if jenis in ("proporsi_data_dasar", "permil_data_dasar", "jumlah_data_dasar"):
        tabel, _, kategori = kunci.partition(":")
        kata = "jumlah" if jenis == "jumlah_data_dasar" else "proporsi"
        return f"{kata} {tabel.replace('/', ' / ').replace('_', ' ')}: {kategori.rstrip('/') or 'semua'}"
    label = {"semua": "keseluruhan", "pk": "Perjanjian Kinerja", "pk_perubahan": "PK perubahan"}.get(kunci, names.get(kunci, kunci))
    return f"{NAMA_ANGKA.get(jenis, jenis.replace('_', ' '))}: {label}"


def temuan_tercetak(lap) -> list[dict]:
    """Compare every printed computed figure of the report year's documents with its recomputation."""
    hitung = _Penghitung(lap)
    found = []
    for row in lap.angka_tercetak.itertuples():
        if row.jenis in ("predikat_kegiatan", "predikat_subkegiatan"):
            found.append(_temuan("tidak_dapat_dihitung", row.lokasi, row.kunci, row.tahun,
                                 _uraian(hitung.nama, row.jenis, row.kunci), row.nilai, None,
                                 "cara menghitung 'predikat kinerja' tidak dinyatakan sumber"))
            continue
        computed = hitung.nilai(row.jenis, row.kunci, int(row.tahun))
        if row.jenis == "kategori":
            if computed is None or str(row.nilai).strip().lower() not in str(computed).lower():
                found.append(_temuan("kategori_tidak_sesuai", row.lokasi, row.kunci, row.tahun,
                                     _uraian(hitung.nama, row.jenis, row.kunci), row.nilai, computed))
            continue
        rupiah = row.jenis in ("pagu", "realisasi", "pagu_efisiensi", "realisasi_efisiensi", "pk_total", "sisa")
        try:
            kind = bandingkan(row.nilai, computed, rupiah)
        except AngkaTidakSah:
            kind = "tidak_dapat_dihitung"
        if kind:
            found.append(_temuan(kind, row.lokasi, row.kunci, row.tahun, _uraian(hitung.nama, row.jenis, row.kunci),
                                 row.nilai, None if computed is None or pd.isna(computed) else float(computed)))
    return found


def temuan_data(lap) -> list[dict]:
    """Checks of the data itself: sums, spending above budget, impossible percentages."""
    found = []
    rekap = lap.anggaran
    for row in rekap.itertuples():
        for column, children in (("pagu", row.jumlah_anak_pagu), ("realisasi", row.jumlah_anak_realisasi)):
            own = getattr(row, column)
            if pd.notna(children) and pd.notna(own) and abs(children - own) > TOLERANSI_RUPIAH:
                found.append(_temuan("jumlah_tidak_sesuai", nama_berkas("anggaran.csv"), row.kode, lap.tahun,
                                     f"{column} {row.uraian}", own, children,
                                     f"jumlah {column} rinciannya {_rupiah(children)}"))
        if pd.notna(row.realisasi) and pd.notna(row.pagu) and row.realisasi > row.pagu + TOLERANSI_RUPIAH:
            found.append(_temuan("realisasi_melebihi_pagu", nama_berkas("anggaran.csv"), row.kode, lap.tahun,
                                 f"realisasi {row.uraian}", row.realisasi, row.pagu, "pagu di kolom hasil hitung"))
    kinerja = lap.kinerja
    for row in kinerja.itertuples():
        if row.jenis == "persen" and str(row.nama).lower().startswith("persentase") \
                and "penurunan" not in str(row.nama).lower() and pd.notna(row.realisasi) and row.realisasi > 100:
            found.append(_temuan("persen_melebihi_100", nama_berkas("realisasi.csv"), row.kode, lap.tahun, row.nama,
                                 row.realisasi, None, "sebuah proporsi tidak dapat melebihi 100%"))
    for hasil in lap.perhitungan:
        printed = kinerja.loc[kinerja["kode"] == hasil.indikator, "realisasi"]
        decimals = 0 if len(printed) and pd.notna(printed.iloc[0]) and float(printed.iloc[0]).is_integer() else 2
        if hasil.nilai is not None and len(printed) and pd.notna(printed.iloc[0]) \
                and abs(round(hasil.nilai, decimals) - printed.iloc[0]) > 0.005 + 1e-9:
            found.append(_temuan("salah_hitung", "lembar perhitungan", hasil.indikator, lap.tahun,
                                 f"realisasi dari data dasar ({hasil.metode})", printed.iloc[0], hasil.nilai,
                                 "realisasi yang dilaporkan berbeda dari hasil rumus atas data dasarnya"))
    from lkjip.compute.periode import selisih_periode
    for beda in selisih_periode(lap.kemajuan, lap.kemajuan_anggaran):
        berkas = nama_berkas("realisasi_periode.csv" if beda["jenis"] == "indikator" else "anggaran_periode.csv")
        found.append(_temuan("jumlah_periode_tidak_sesuai", berkas, beda["kode"], lap.tahun, beda["nama"],
                             beda["periode"], beda["tahun"],
                             "realisasi tahunan (kolom hasil hitung) dibanding jumlah atau nilai kumulatif terakhir periodenya"))
    pk = lap.pk_anggaran
    pagu = dict(zip(rekap["kode"], rekap["pagu"]))
    for row in pk.itertuples():
        final = row.pk_perubahan if pd.notna(row.pk_perubahan) else row.pk
        if row.program in pagu and pd.notna(final) and abs(final - pagu[row.program]) > TOLERANSI_RUPIAH:
            found.append(_temuan("beda_antar_tabel", nama_berkas("pk_anggaran.csv"), row.program, lap.tahun,
                                 f"anggaran PK {row.uraian}", final, pagu[row.program],
                                 "pagu program di tabel realisasi anggaran"))
    return found


def temuan_catatan(lap) -> list[dict]:
    """Values this year's documents print differently in two places (recorded while transcribing);
    transcription notes (`jenis` = `transkripsi`) are not findings and stay out."""
    catatan = lap.catatan_sumber[lap.catatan_sumber["jenis"] == "beda_antar_tabel"]
    return [_temuan("beda_antar_tabel", row.lokasi_lain, row.kunci, None,
                    f"{str(row.kolom or '').replace('_', ' ')} di {nama_berkas(row.berkas)}".strip(),
                    row.nilai_lain, row.nilai_dipilih,
                    f"dipakai {row.nilai_dipilih} dari {row.lokasi_dipilih}. {row.catatan or ''}".strip())
            for row in catatan.itertuples()]


def semua_temuan(lap) -> pd.DataFrame:
    rows = temuan_tercetak(lap) + temuan_data(lap) + temuan_catatan(lap)
    return pd.DataFrame(rows, columns=KOLOM)
