"""lkjip: reproducible LKjIP reports from raw CSV data.

The public API, in two tiers; everything else is an implementation detail of its stage (see
``src/lkjip/README.md``: core, inputs, compute, present, publish, build, commands).

* **What a chapter notebook calls**: open the report (``buka_laporan``), write its narrative
  (``Penulis``), and show prose, tables and charts (``prosa``, ``tampil``, ``grafik``, ``format``).
* **What automation calls**: build one report or all (``build_report``, ``build_all``), check one
  (``periksa_laporan``), read params and data (``load_params``, ``muat_dinas``, ``baca_csv``,
  ``ambil_snapshot``), move data through Excel (``tulis_buku_kerja``, ``impor_buku_kerja``), and
  the computations a script may want on its own (``hitung_capaian``, ``kategori``, ``daftar_nama``,
  ``render``, ``cek_basi``).

The errors every failure a user can cause ends in are public in both tiers.

Names are imported on first use (PEP 562): ``import lkjip`` costs nothing, and a chapter that
never draws a chart never imports matplotlib, one that never validates never imports pandera.
"""
from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

#: What a chapter notebook calls: name -> the module defining it (the module itself for ``prosa``...).
UNTUK_NOTEBOOK: dict[str, str] = {
    "buka_laporan": "lkjip.compute.laporan", "Laporan": "lkjip.compute.laporan",
    "Penulis": "lkjip.present.narasi",
    "format": "lkjip.present.format", "grafik": "lkjip.present.grafik", "prosa": "lkjip.present.prosa",
    "tampil": "lkjip.present.tampil",
}
#: What automation (scripts, other tools, the tests) calls.
UNTUK_OTOMASI: dict[str, str] = {
    "build_report": "lkjip.run.bangun", "build_all": "lkjip.run.bangun", "BuildResult": "lkjip.run.hasil",
    "periksa_laporan": "lkjip.run.periksa",
    "Params": "lkjip.inputs.params", "load_params": "lkjip.inputs.params",
    "DataDinas": "lkjip.inputs.muat", "muat_dinas": "lkjip.inputs.muat", "baca_csv": "lkjip.inputs.dialek",
    "Snapshot": "lkjip.inputs.snapshot", "ambil_snapshot": "lkjip.inputs.snapshot",
    "tulis_buku_kerja": "lkjip.inputs.excel", "impor_buku_kerja": "lkjip.inputs.excel",
    "Capaian": "lkjip.compute.capaian", "hitung_capaian": "lkjip.compute.capaian", "kategori": "lkjip.compute.capaian",
    "daftar_nama": "lkjip.present.narasi", "render": "lkjip.present.narasi", "cek_basi": "lkjip.present.basi",
}
#: The errors, in both tiers.
GALAT: dict[str, str] = dict.fromkeys(
    ("LkjipError", "Masalah", "DataError", "ParamsError", "NarasiError", "BuildError"), "lkjip.core.exceptions")

_PUBLIC = UNTUK_NOTEBOOK | UNTUK_OTOMASI | GALAT
__all__ = sorted(_PUBLIC)


def __getattr__(name: str):
    module = _PUBLIC.get(name)
    if module is None:
        raise AttributeError(f"module 'lkjip' has no attribute {name!r}")
    value = import_module(module)
    if not module.endswith(f".{name}"):
        value = getattr(value, name)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_PUBLIC))


if TYPE_CHECKING:  # for editors and type checkers: the same names, imported eagerly
    from lkjip.compute.capaian import Capaian, hitung_capaian, kategori
    from lkjip.compute.laporan import Laporan, buka_laporan
    from lkjip.core.exceptions import BuildError, DataError, LkjipError, Masalah, NarasiError, ParamsError
    from lkjip.inputs.dialek import baca_csv
    from lkjip.inputs.excel import impor_buku_kerja, tulis_buku_kerja
    from lkjip.inputs.muat import DataDinas, muat_dinas
    from lkjip.inputs.params import Params, load_params
    from lkjip.inputs.snapshot import Snapshot, ambil_snapshot
    from lkjip.present import format, grafik, prosa, tampil
    from lkjip.present.basi import cek_basi
    from lkjip.present.narasi import Penulis, daftar_nama, render
    from lkjip.run.bangun import build_all, build_report
    from lkjip.run.hasil import BuildResult
    from lkjip.run.periksa import periksa_laporan
