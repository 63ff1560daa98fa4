"""lkjip: reproducible LKjIP reports from raw CSV data.

The public API the chapter notebooks and users call; everything else is an implementation detail.

Names are imported on first use (PEP 562): ``import lkjip`` costs nothing, and a chapter that
never draws a chart never imports matplotlib, one that never validates never imports pandera.
Every chapter kernel and every ``lkjip`` command starts faster for it.
"""
from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

#: Public name -> the module defining it (a module name alone for the submodules).
_PUBLIC: dict[str, str] = {
    "BuildError": "exceptions", "DataError": "exceptions", "LkjipError": "exceptions", "Masalah": "exceptions",
    "NarasiError": "exceptions", "ParamsError": "exceptions",
    "Capaian": "capaian", "hitung_capaian": "capaian", "kategori": "capaian",
    "Laporan": "laporan", "buka_laporan": "laporan",
    "DataDinas": "muat", "muat_dinas": "muat",
    "baca_csv": "dialek",
    "tulis_buku_kerja": "excel", "impor_buku_kerja": "excel",
    "Penulis": "narasi", "cek_basi": "narasi", "daftar_nama": "narasi", "render": "narasi",
    "Params": "params", "load_params": "params",
    "Snapshot": "snapshot", "ambil_snapshot": "snapshot",
    "format": "", "grafik": "", "prosa": "", "tampil": "",
}

__all__ = sorted(_PUBLIC)


def __getattr__(name: str):
    module = _PUBLIC.get(name)
    if module is None:
        raise AttributeError(f"module 'lkjip' has no attribute {name!r}")
    value = import_module(f".{name if module == '' else module}", __name__)
    if module:
        value = getattr(value, name)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_PUBLIC))


if TYPE_CHECKING:  # for editors and type checkers: the same names, imported eagerly
    from . import format, grafik, prosa, tampil
    from .capaian import Capaian, hitung_capaian, kategori
    from .exceptions import BuildError, DataError, LkjipError, Masalah, NarasiError, ParamsError
    from .laporan import Laporan, buka_laporan
    from .dialek import baca_csv
    from .excel import impor_buku_kerja, tulis_buku_kerja
    from .muat import DataDinas, muat_dinas
    from .narasi import Penulis, cek_basi, daftar_nama, render
    from .params import Params, load_params
    from .snapshot import Snapshot, ambil_snapshot
