"""Formatting for Indonesian readers through babel: `1.234.567,89`, `99,52%`, `Rp1.234.567`, dates.

Everything a reader sees goes through these functions so one report never mixes conventions.
"""
from __future__ import annotations

import datetime as dt
import math
from functools import lru_cache

LOCALE = "id_ID"
KOSONG = "–"
#: What the report prints for a profile field the agency's sources do not state.
TIDAK_TERSEDIA = "tidak tersedia"


def _missing(nilai) -> bool:
    return nilai is None or (isinstance(nilai, float) and math.isnan(nilai))


@lru_cache(maxsize=None)
def _pola(desimal: int, tetap: bool):
    """The parsed babel pattern and the locale, once per kind of number: babel's format_decimal
    parses both on every call, which made formatting a 20.000-row budget table take seconds."""
    from babel import Locale  # babel loads its locale data on first use only
    from babel.numbers import parse_pattern

    pattern = "#,##0" + ("." + ("0" * desimal if tetap else "#" * desimal) if desimal else "")
    return parse_pattern(pattern), Locale.parse(LOCALE)


def angka(nilai, desimal: int = 2, tetap: bool = True) -> str:
    """`1234567.891` -> `1.234.567,89`; with tetap=False trailing zeros are dropped (`95,5`)."""
    if _missing(nilai):
        return KOSONG
    pattern, locale = _pola(desimal, tetap)
    # what babel.numbers.format_decimal does, with the pattern and locale parsed once
    return pattern.apply(round(float(nilai), desimal) + 0.0, locale, numbering_system="latn")


def bulat(nilai) -> str:
    """A count or an amount without decimals: `148265` -> `148.265`."""
    return angka(nilai, 0)


def persen(nilai, desimal: int = 2) -> str:
    """`99.5208` -> `99,52%` (the value is already in percent)."""
    if _missing(nilai):
        return KOSONG
    return f"{angka(nilai, desimal)}%"


def rupiah(nilai, desimal: int = 0) -> str:
    """`15731330440.12` -> `Rp15.731.330.440` (or with decimals when asked)."""
    if _missing(nilai):
        return KOSONG
    return f"Rp{angka(nilai, desimal)}"


def rupiah_tepat(nilai) -> str:
    """Rupiah with decimals only when the amount has them: `Rp1.000.000`, `Rp15.731.330.440,12`."""
    if _missing(nilai):
        return KOSONG
    return rupiah(nilai, 2 if float(nilai) % 1 else 0)


def rasio(nilai) -> str:
    """A ratio indicator's N: `36317` -> `1 : 36.317`."""
    if _missing(nilai):
        return KOSONG
    return f"1 : {bulat(nilai)}"


def tanggal(nilai: dt.date | str) -> str:
    """`2024-02-13` -> `13 Februari 2024`."""
    if isinstance(nilai, str):
        nilai = dt.date.fromisoformat(nilai)
    from babel.dates import format_date

    return format_date(nilai, format="d MMMM y", locale=LOCALE)


def nilai_indikator(nilai, jenis: str, satuan: str = "", huruf: str | None = None) -> str:
    """An indicator's target or realisasi in its own kind: percent, ratio, index, count, or the
    letter of a letter-grade indicator (`huruf`, from the agency's letter scale)."""
    if jenis == "huruf" and isinstance(huruf, str) and huruf:
        return huruf
    if jenis == "rasio":
        return rasio(nilai)
    if jenis == "persen":
        return persen(nilai, _decimals(nilai))
    if jenis == "jumlah":
        text = angka(nilai, _decimals(nilai), tetap=False)
        return f"{text} {satuan}".strip() if satuan and satuan not in ("%",) else text
    return angka(nilai, _decimals(nilai), tetap=False)


def _decimals(nilai) -> int:
    if _missing(nilai):
        return 0
    return 0 if float(nilai).is_integer() else 2


def campuran(nilai) -> str:
    """A cell that may hold a number or a printed text (findings): numbers the Indonesian way."""
    if _missing(nilai):
        return KOSONG
    if isinstance(nilai, (int, float)):
        return angka(nilai, 2, tetap=False)
    return str(nilai)
