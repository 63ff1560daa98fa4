"""Typed numbers that no longer follow the data: the drift check of ``lkjip narasi-cek``.

A narrative file should carry its figures as placeholders (``{{ I01.capaian }}``). A number typed
into the text instead is right only as long as the data does not change; this module lists every
literal number in a report's narrative files that equals no figure of the data, rounded as a
reader would see it, so the analyst can turn it into a placeholder or correct it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from lkjip.inputs.angka import AngkaTidakSah, parse_angka
from lkjip.present.narasi import PLACEHOLDER

ANGKA_LITERAL = re.compile(r"(?<![\w.,])\d[\d.,]*")


def angka_data(lap) -> set[float]:
    """Every number of the data and of the computed tables, rounded as a reader would see it."""
    values: set[float] = set()

    def add(x):
        try:
            x = float(x)
        except (TypeError, ValueError):
            return
        if x == x:
            for d in (0, 1, 2):
                values.add(round(x, d))

    computed = (lap.kinerja, lap.kinerja_program, lap.anggaran, lap.efisiensi, lap.target_akhir, lap.program,
                lap.kinerja_tahun(lap.tahun - 1))
    for frame in (*lap.data.tabel.values(), *computed):
        for column in frame.columns:
            if pd.api.types.is_numeric_dtype(frame[column]):
                for x in frame[column].dropna():
                    add(x)
    for value in lap.total_anggaran.values():
        add(value)
    for value in list(lap.rata_capaian("semua")) + list(lap.rata_capaian("sasaran")) + list(lap.rata_capaian("tujuan")):
        add(value)
    for h in lap.perhitungan:
        add(h.nilai)
    awal = lap.renstra.awal if lap.renstra else lap.tahun - 1
    for tahun in range(awal - 1, lap.tahun + 2):
        add(tahun)
    return values


def _baca_literal(text: str) -> float | None:
    for rupiah in (False, True):
        try:
            return parse_angka(text, rupiah=rupiah)
        except AngkaTidakSah:
            continue
    return None


@dataclass(frozen=True)
class Basi:
    """A literal number in a narrative file that no figure of the data explains."""

    berkas: Path
    baris: int
    angka: str

    def __str__(self):
        return f"{self.berkas}:{self.baris}: angka '{self.angka}' tidak ada di data; ganti dengan {{{{ nama }}}}"


def cek_basi(lap, narasi_dir: str | Path) -> list[Basi]:
    """List literal numbers in the narrative files of a report that equal no figure of the data."""
    folder = Path(narasi_dir) / lap.data.slug / str(lap.tahun)
    if not folder.is_dir():
        return []
    known = angka_data(lap)
    found = []
    for path in sorted(folder.rglob("*.md")):
        for nomor, line in enumerate(path.read_text(encoding="utf-8").split("\n"), start=1):
            found += [Basi(path, nomor, literal) for literal in angka_asing(line, known)]
    return found


def angka_asing(line: str, known: set[float]) -> list[str]:
    """The numbers typed in one line of narrative (placeholders and list numbering aside) that
    equal no figure of ``known`` (`angka_data`), as typed."""
    stripped = PLACEHOLDER.sub(" ", line)
    stripped = re.sub(r"^\s*(?:\d+[.)]|[-*])\s+", " ", stripped)  # list numbering is not a figure
    found = []
    for match in ANGKA_LITERAL.finditer(stripped):
        literal = match.group(0).rstrip(".,")
        value = _baca_literal(literal)
        if value is None or abs(value) < 10 and float(value).is_integer():
            continue  # small whole numbers count things in prose ("tiga program", "2 kali")
        decimals = len(re.split(r"[.,]", literal)[-1]) if re.search(r"[.,]\d{1,2}$", literal) else 0
        if round(value, decimals) not in known and value not in known:
            found.append(literal)
    return found
