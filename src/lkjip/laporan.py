"""One report = one agency's data + one year: the object every chapter notebook starts from.

It loads and validates the data once and offers each computed table by name, so notebooks stay
thin (parameters, load, compute, show) and every chapter computes the same figure the same way.
"""
from __future__ import annotations

from functools import cached_property
from pathlib import Path

import pandas as pd

from . import anggaran as _anggaran
from . import efisiensi as _efisiensi
from . import kinerja as _kinerja
from . import turunan as _turunan
from .muat import DataDinas, muat_dinas


class Laporan:
    """The computed content of one LKjIP (agency, year)."""

    def __init__(self, data: DataDinas, tahun: int):
        self.data = data
        self.tahun = int(tahun)

    @classmethod
    def buka(cls, data_dir: str | Path, dinas: str, tahun: int) -> "Laporan":
        return cls(muat_dinas(data_dir, dinas), tahun)

    # --- profile -----------------------------------------------------------------------------
    @property
    def profil(self) -> dict:
        return self.data.profil

    @property
    def metode(self) -> dict:
        return self.data.profil["metode"]

    @property
    def nama_wilayah(self) -> str:
        """`Kota Malang`, `Kabupaten Trenggalek`."""
        kind = {"kota": "Kota", "kabupaten": "Kabupaten"}.get(self.profil["jenis_wilayah"], self.profil["jenis_wilayah"])
        return f"{kind} {self.profil['wilayah']}"

    @property
    def renstra(self) -> tuple[int, int]:
        return int(self.profil["renstra"]["awal"]), int(self.profil["renstra"]["akhir"])

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
        awal, _ = self.renstra
        tahun_ada = self.data.realisasi["tahun"].dropna()
        awal = min(awal, int(tahun_ada.min())) if len(tahun_ada) else awal
        return _kinerja.seri_kinerja(self.data, awal, self.tahun)

    @cached_property
    def target_akhir(self) -> pd.DataFrame:
        return _kinerja.terhadap_target_akhir(self.data, self.tahun)

    # --- budget -----------------------------------------------------------------------------
    @cached_property
    def anggaran(self) -> pd.DataFrame:
        return _anggaran.rekap_anggaran(self.data, self.tahun)

    @cached_property
    def total_anggaran(self) -> dict:
        return _anggaran.total_anggaran(self.anggaran)

    @cached_property
    def program(self) -> pd.DataFrame:
        return _anggaran.rekap_program(self.anggaran)

    def rata_serapan(self, level: str, program: str | None = None) -> float | None:
        return _anggaran.rata_serapan(self.anggaran, level, program)

    @cached_property
    def pk_anggaran(self) -> pd.DataFrame:
        return _anggaran.pk_anggaran(self.data, self.tahun)

    @cached_property
    def efisiensi(self) -> pd.DataFrame:
        return _efisiensi.tabel_efisiensi(self.metode["efisiensi"], self.kinerja, self.anggaran,
                                          self.data.peta_anggaran, self.uraian)

    # --- calculation sheets -------------------------------------------------------------------
    @cached_property
    def perhitungan(self) -> list[_turunan.HasilPerhitungan]:
        return _turunan.semua_perhitungan(self.data.perhitungan, self.data.data_dasar, self.tahun)

    # --- reconciliation -----------------------------------------------------------------------
    @cached_property
    def temuan(self) -> pd.DataFrame:
        from .rekonsiliasi import semua_temuan
        return semua_temuan(self)


def buka_laporan(data_dir: str | Path, dinas: str, tahun: int) -> Laporan:
    """Load and validate an agency's data and return its report for a year."""
    return Laporan.buka(data_dir, dinas, tahun)
