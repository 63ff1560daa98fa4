"""lkjip: reproducible LKjIP reports from raw CSV data.

The public API the chapter notebooks and users call; everything else is an implementation detail.
"""
from . import format, grafik, prosa, tampil
from .capaian import Capaian, hitung_capaian, kategori
from .exceptions import BuildError, DataError, LkjipError, Masalah, NarasiError, ParamsError
from .laporan import Laporan, buka_laporan
from .muat import DataDinas, muat_dinas
from .narasi import Penulis, cek_basi, daftar_nama, render
from .params import Params, load_params

__all__ = [
    "BuildError", "Capaian", "DataDinas", "DataError", "Laporan", "LkjipError", "Masalah", "NarasiError",
    "Params", "ParamsError", "Penulis", "buka_laporan", "cek_basi", "daftar_nama", "format", "grafik",
    "hitung_capaian", "kategori", "load_params", "muat_dinas", "prosa", "render", "tampil",
]
