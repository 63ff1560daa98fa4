"""One report = one agency's data + one year: the object every chapter notebook starts from.

It loads and validates the data once and offers each computed table by name, so notebooks stay
thin (parameters, load, compute, show) and every chapter computes the same figure the same way.
"""
from __future__ import annotations

import pickle
from functools import cached_property
from pathlib import Path

import pandas as pd

from lkjip.compute import anggaran as _anggaran
from lkjip.compute import efisiensi as _efisiensi
from lkjip.compute import kinerja as _kinerja
from lkjip.compute import periode as _periode
from lkjip.compute import pohon as _pohon
from lkjip.compute import turunan as _turunan
from lkjip.compute.kinerja import AGREGAT
from lkjip.core.exceptions import DataError, Masalah
from lkjip.inputs.muat import DataDinas, muat_dinas
from lkjip.inputs.rencana import Rencana, rencana_berlaku, rencana_terakhir_sebelum
from lkjip.inputs.skema import tanpa_skala
from lkjip.inputs.snapshot import ada_snapshot, baca_snapshot

#: The tables the build computed while validating, beside the snapshot (written by the build
#: and read only by :meth:`Laporan.buka`, inside a build folder the build owns).
BERKAS_HITUNGAN = "laporan.pkl"


class Laporan:
    """The computed content of one LKjIP (agency, year)."""

    def __init__(self, data: DataDinas, tahun: int):
        self.data = data
        self.tahun = int(tahun)

    @classmethod
    def buka(cls, data_dir: str | Path, dinas: str, tahun: int) -> "Laporan":
        """The report of ``data_dir/dinas``; when ``data_dir`` is a build's snapshot folder, the
        data validated at the start of the build (never the data folder again), with the tables
        validation computed (:meth:`simpan`)."""
        if ada_snapshot(data_dir):
            snap = baca_snapshot(data_dir)
            if (snap.dinas, snap.tahun) != (dinas, int(tahun)):
                raise DataError([Masalah(str(data_dir), None, None, f"snapshot {snap.dinas} {snap.tahun}",
                                         f"snapshot {dinas} {tahun}", "Bangun ulang laporannya (lkjip build).")])
            lap = cls(snap.data, tahun)
            lap.__dict__.update(_hitungan_tersimpan(Path(data_dir), snap.hash))
            return lap
        return cls(muat_dinas(data_dir, dinas), tahun)

    def simpan(self, folder: str | Path, snapshot_hash: str) -> Path:
        """Write the tables computed so far beside the build's snapshot in ``folder``, so every
        chapter starts from them instead of computing them again (seconds per chapter). The data
        itself is the snapshot's and is not written twice."""
        path = Path(folder) / BERKAS_HITUNGAN
        computed = {k: v for k, v in self.__dict__.items() if k not in ("data", "tahun")}
        tmp = path.with_suffix(".tmp")
        with tmp.open("wb") as handle:
            pickle.dump((snapshot_hash, computed), handle, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(path)
        return path

    # --- profile -----------------------------------------------------------------------------
    @property
    def profil(self) -> dict:
        return self.data.profil

    @property
    def metode(self) -> dict:
        return self.data.profil["metode"]

    @property
    def nama_singkat(self) -> str:
        """The agency's short name, or its full name when the profile gives none."""
        return str(self.profil.get("nama_singkat") or self.profil["nama"])

    @property
    def tanpa_skala(self) -> bool:
        """The source prints no rating scale (``metode.skala_penilaian: tidak_dicetak``): indicators
        have a capaian but no category."""
        return tanpa_skala(self.profil)

    @property
    def nama_wilayah(self) -> str:
        """`Kota Malang`, `Kabupaten Trenggalek`."""
        kind = {"kota": "Kota", "kabupaten": "Kabupaten"}.get(self.profil["jenis_wilayah"], self.profil["jenis_wilayah"])
        return f"{kind} {self.profil['wilayah']}"

    @property
    def renstra(self) -> Rencana | None:
        """The Renstra in force in the report year (None when no recorded period covers it)."""
        return rencana_berlaku(self.profil, "renstra", self.tahun)

    @property
    def rpjmd(self) -> Rencana | None:
        """The RPJMD or RPD in force in the report year."""
        return rencana_berlaku(self.profil, "rpjmd", self.tahun)

    @property
    def renstra_lalu(self) -> Rencana | None:
        """The last Renstra that ended before the report year (to say it has lapsed)."""
        return rencana_terakhir_sebelum(self.profil, "renstra", self.tahun)

    @cached_property
    def uraian(self) -> dict[str, str]:
        """Statement of every tujuan/sasaran by kode."""
        return dict(zip(self.data.tujuan_sasaran["kode"], self.data.tujuan_sasaran["uraian"]))

    # --- performance ------------------------------------------------------------------------
    @cached_property
    def kinerja(self) -> pd.DataFrame:
        """Tujuan and sasaran indicators of the year with target, realisasi, capaian, kategori."""
        return _kinerja.tabel_kinerja(self.data, self.tahun)

    @cached_property
    def kinerja_program(self) -> pd.DataFrame:
        """Program and kegiatan indicators of the year."""
        return _kinerja.tabel_kinerja(self.data, self.tahun, _kinerja.LEVEL_PROGRAM)

    def kinerja_tahun(self, tahun: int) -> pd.DataFrame:
        return _kinerja.tabel_kinerja(self.data, tahun)

    def rata_capaian(self, menurut: str = "semua") -> pd.Series:
        return _kinerja.rata_capaian(self.kinerja, menurut)

    @cached_property
    def seri(self) -> pd.DataFrame:
        """Every year from the Renstra's first year to the report year."""
        tahun_ada = self.data.realisasi["tahun"].dropna()
        awal = self.renstra.awal if self.renstra else (int(tahun_ada.min()) if len(tahun_ada) else self.tahun)
        awal = min(awal, int(tahun_ada.min())) if len(tahun_ada) else awal
        return _kinerja.seri_kinerja(self.data, awal, self.tahun)

    @cached_property
    def target_akhir(self) -> pd.DataFrame:
        return _kinerja.terhadap_target_akhir(self.data, self.tahun)

    @cached_property
    def pohon_kinerja(self) -> list:
        """The performance tree of the year: tujuan > sasaran > the budget lines that support them,
        each with its indicators (:mod:`lkjip.compute.pohon`)."""
        return _pohon.pohon_kinerja(self.data, self.tahun)

    @cached_property
    def kemajuan(self) -> pd.DataFrame:
        """Indicators' realisations per triwulan or month of the year and the progress to date."""
        return _periode.kemajuan_indikator(self.data, self.tahun)

    @cached_property
    def standar(self) -> pd.DataFrame:
        """Each indicator's standard of the year (national, provincial, SPM) with its realisasi and
        how it compares: ``terhadap_standar`` is the capaian with the standard as the target, by
        the indicator's polarity and rule; ``memenuhi`` when it is 100% or more."""
        kolom = ["kode", "nama", "jenis", "satuan", "polaritas", "level", "tingkat", "nilai_standar", "teks_standar",
                 "sumber", "lokasi", "realisasi", "realisasi_huruf", "terhadap_standar", "memenuhi", "alasan"]
        frame = self.data.tabel.get("standar")
        if frame is None or not len(frame):
            return pd.DataFrame(columns=kolom)
        frame = frame[frame["tahun"] == self.tahun]
        semua = _kinerja.tabel_kinerja(self.data, self.tahun, _kinerja.LEVEL_ORGANISASI + _kinerja.LEVEL_PROGRAM)
        rows = []
        aturan = self.metode["capaian_negatif"]
        from lkjip.compute.capaian import hitung_capaian
        for ind in semua.itertuples():
            for std in frame[frame["indikator"] == ind.kode].itertuples():
                cap = hitung_capaian(std.nilai, ind.realisasi, ind.polaritas, aturan)
                rows.append({"kode": ind.kode, "nama": ind.nama, "jenis": ind.jenis, "satuan": ind.satuan,
                             "polaritas": ind.polaritas, "level": ind.level, "tingkat": std.tingkat,
                             "nilai_standar": std.nilai, "teks_standar": std.teks_tercetak, "sumber": std.sumber,
                             "lokasi": std.lokasi, "realisasi": ind.realisasi, "realisasi_huruf": ind.realisasi_huruf,
                             "terhadap_standar": cap.nilai,
                             "memenuhi": None if cap.nilai is None else bool(cap.nilai >= 100 - 1e-9),
                             "alasan": cap.alasan})
        return pd.DataFrame(rows, columns=kolom)

    # --- budget -----------------------------------------------------------------------------
    @cached_property
    def anggaran(self) -> pd.DataFrame:
        return _anggaran.rekap_anggaran(self.data, self.tahun)

    @property
    def ada_anggaran(self) -> bool:
        """Whether the report has a budget part (budget lines for the report year)."""
        return bool(len(self.anggaran))

    @cached_property
    def total_anggaran(self) -> dict:
        return _anggaran.total_anggaran(self.anggaran)

    @cached_property
    def program(self) -> pd.DataFrame:
        return _anggaran.rekap_program(self.anggaran)

    @cached_property
    def level_program(self) -> str:
        """What the budget's top lines are: `program`, or the level a unit's budget starts at
        (`kegiatan`), so the prose counts "1 kegiatan", not "1 program"."""
        levels = self.anggaran.loc[self.anggaran["kode"].isin(self.program["kode"]), "level"]
        return str(levels.iloc[0]) if len(levels) else "program"

    def rata_serapan(self, level: str, program: str | None = None) -> float | None:
        return _anggaran.rata_serapan(self.anggaran, level, program)

    @cached_property
    def kemajuan_anggaran(self) -> pd.DataFrame:
        """Budget lines' spending per triwulan or month of the year and the absorption to date."""
        return _periode.kemajuan_anggaran(self.data, self.tahun, self.anggaran)

    @cached_property
    def pk_anggaran(self) -> pd.DataFrame:
        return _anggaran.pk_anggaran(self.data, self.tahun)

    @cached_property
    def efisiensi(self) -> pd.DataFrame:
        return _efisiensi.tabel_efisiensi(self.metode["efisiensi"], self.kinerja, self.anggaran,
                                          self.data.peta_anggaran, self.uraian)

    # --- things of one year: awards, SAKIP evaluation, peers ------------------------------------
    def _tahun_ini(self, frame: pd.DataFrame) -> pd.DataFrame:
        return frame[frame["tahun"] == self.tahun].reset_index(drop=True)

    @cached_property
    def penghargaan(self) -> pd.DataFrame:
        """Awards received in the report year (last year's awards are last year's report's)."""
        return self._tahun_ini(self.data.penghargaan)

    @cached_property
    def sakip_komponen(self) -> pd.DataFrame:
        """Components of the SAKIP evaluation of the report year."""
        return self._tahun_ini(self.data.sakip_komponen)

    @cached_property
    def sakip_rekomendasi(self) -> pd.DataFrame:
        """Recommendations of the SAKIP evaluation of the report year and their follow-up."""
        return self._tahun_ini(self.data.sakip_rekomendasi)

    @cached_property
    def pembanding(self) -> pd.DataFrame:
        """Peer data up to the report year (each row keeps its own year, shown with it)."""
        data = self.data.pembanding
        return data[data["tahun"] <= self.tahun].reset_index(drop=True)

    # --- calculation sheets -------------------------------------------------------------------
    @cached_property
    def judul_perhitungan(self) -> dict[str, str]:
        """Title of each calculation sheet with the report year added (`... TAHUN 2024`)."""
        titles = {}
        for row in self.data.perhitungan.itertuples():
            if isinstance(row.judul, str) and row.judul.strip():
                kata = "TAHUN" if row.judul.isupper() else "tahun"
                titles[row.indikator] = f"{row.judul.strip()} {kata} {self.tahun}"
        return titles

    @cached_property
    def perhitungan(self) -> list[_turunan.HasilPerhitungan]:
        return _turunan.semua_perhitungan(self.data.perhitungan, self.data.data_dasar, self.tahun)

    # --- views the chapters show -------------------------------------------------------------------
    def pk_target(self) -> pd.DataFrame:
        """PK targets of the year, induk beside perubahan: for each tujuan/sasaran indicator with a
        target in either document, whether each document has one (``ada_pk``, ``ada_pk_perubahan``),
        its value, and the change (``perubahan``, when both have a target and they differ)."""
        kolom = ["kode", "sasaran_uraian", "nama", "ada_pk", "pk", "ada_pk_perubahan", "pk_perubahan", "perubahan"]
        target = self.data.target[self.data.target["tahun"] == self.tahun]
        pertama: dict[tuple[str, str], float] = {}
        for row in target[["indikator", "dokumen", "nilai"]].itertuples(index=False):
            pertama.setdefault((row.indikator, row.dokumen), row.nilai)
        rows = []
        for row in self.kinerja.itertuples():
            ada1, ada2 = (row.kode, "pk") in pertama, (row.kode, "pk_perubahan") in pertama
            if not ada1 and not ada2:
                continue
            v1, v2 = pertama.get((row.kode, "pk")), pertama.get((row.kode, "pk_perubahan"))
            berubah = ada1 and ada2 and not (v1 == v2)
            rows.append({"kode": row.kode, "sasaran_uraian": self.uraian.get(row.sasaran or row.tujuan, ""),
                         "nama": row.nama, "ada_pk": ada1, "pk": v1, "ada_pk_perubahan": ada2, "pk_perubahan": v2,
                         "perubahan": (v2 - v1) if berubah else None})
        return pd.DataFrame(rows, columns=kolom)

    def wilayah_sendiri(self, nama: pd.Series) -> str | None:
        """How a peer table names the agency's own region: `Kota Malang` (never the regency of the
        same name), or for a regency `Kabupaten X`, `Kab. X` or plain `X`."""
        wilayah = str(self.profil["wilayah"]).lower()
        if self.profil["jenis_wilayah"] == "kota":
            accepted = {f"kota {wilayah}"}
        else:
            accepted = {wilayah, f"kabupaten {wilayah}", f"kab. {wilayah}", f"kab {wilayah}"}
        for value in nama.dropna().unique():
            if str(value).strip().lower() in accepted:
                return value
        return None

    def peringkat(self, ukuran: str, tahun: int) -> dict | None:
        """Rank of the agency's region among the kabupaten/kota of a peer table (highest first);
        province and national rows are left out of the count."""
        data = self.pembanding.query("ukuran == @ukuran and tahun == @tahun")
        data = data[~data["wilayah"].str.lower().isin(AGREGAT)].sort_values("nilai", ascending=False).reset_index(drop=True)
        sendiri = self.wilayah_sendiri(data["wilayah"])
        if sendiri is None:
            return None
        index = int(data.index[data["wilayah"] == sendiri][0])
        return {"wilayah": sendiri, "nilai": float(data.loc[index, "nilai"]), "urutan": index + 1, "jumlah": len(data)}

    def ukuran_pembanding(self) -> tuple[str, int] | None:
        """The peer measure (and its latest year) in which the agency's own region appears."""
        data = self.pembanding
        sendiri = self.wilayah_sendiri(data["wilayah"])
        own = data[data["wilayah"] == sendiri]
        if not len(own):
            return None
        counts = data.groupby(["ukuran", "tahun"]).size()
        candidates = [(u, int(t)) for u, t in own[["ukuran", "tahun"]].drop_duplicates().itertuples(index=False)]
        return max(candidates, key=lambda c: (counts.get(c, 0) > 2, c[1], counts.get(c, 0)))

    # --- reconciliation -----------------------------------------------------------------------
    @cached_property
    def dokumen_sumber(self) -> pd.DataFrame:
        """The published documents of the report year whose printed figures this report reconciles;
        a document of another year (last year's LKjIP) never judges this year's numbers."""
        dokumen = self.data.dokumen_sumber
        return dokumen[dokumen["tahun"] == self.tahun]

    def _dari_dokumen_tahun_ini(self, frame: pd.DataFrame) -> pd.DataFrame:
        return frame[frame["dokumen"].isin(set(self.dokumen_sumber["kode"]))]

    @cached_property
    def angka_tercetak(self) -> pd.DataFrame:
        """Printed computed figures of this year's source documents."""
        return self._dari_dokumen_tahun_ini(self.data.angka_tercetak)

    @cached_property
    def catatan_sumber(self) -> pd.DataFrame:
        """Notes on this year's source documents: conflicting values and transcription notes."""
        return self._dari_dokumen_tahun_ini(self.data.catatan_sumber)

    @cached_property
    def catatan_transkripsi(self) -> pd.DataFrame:
        """How values of this year's documents were read (not findings about the data)."""
        return self.catatan_sumber[self.catatan_sumber["jenis"] == "transkripsi"]

    @cached_property
    def temuan(self) -> pd.DataFrame:
        from lkjip.compute.rekonsiliasi import semua_temuan
        return semua_temuan(self)


def _hitungan_tersimpan(folder: Path, snapshot_hash: str) -> dict:
    """The computed tables saved beside the snapshot with the same hash; empty when there are none."""
    path = folder / BERKAS_HITUNGAN
    if not path.is_file():
        return {}
    with path.open("rb") as handle:
        saved_hash, computed = pickle.load(handle)
    return computed if saved_hash == snapshot_hash else {}


def buka_laporan(data_dir: str | Path, dinas: str, tahun: int) -> Laporan:
    """Load and validate an agency's data and return its report for a year.

    Inside a build, ``data_dir`` is the build's snapshot and a chapter gets the report the build
    validated and computed before any chapter ran (loading and computing it again in every
    chapter cost seconds per chapter)."""
    return Laporan.buka(data_dir, dinas, tahun)
