"""Medium-term plans as data: an agency's Renstra and the region's RPJMD/RPD follow one another over
time, and the report year picks the plan in force.

`profil.yaml` holds each as one mapping (a single period) or a list of mappings (several periods,
for example a Renstra 2018–2023, then a transitional Renstra 2024–2026 under an RPD 2024–2026).
The plan in force for a year is the one whose period contains it; its end year and end targets are
what "target akhir" means in that year's report. A year no recorded plan covers has no plan in
force, and the report says so instead of borrowing a plan that has ended.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from lkjip.core.exceptions import Masalah

#: The profile keys that hold plans, and the kind printed when a period does not name one.
KUNCI_RENCANA = {"renstra": "Renstra", "rpjmd": "RPJMD"}
#: Kinds of regional plan a `rpjmd` period may name (`RPD`: the transitional plan between two RPJMD).
JENIS_RPJMD = ("RPJMD", "RPD")


@dataclass(frozen=True)
class Rencana:
    """One plan period: kind (`Renstra`, `RPJMD`, `RPD`), first and last year, its title."""

    jenis: str
    awal: int
    akhir: int
    dokumen: str = ""

    def berlaku(self, tahun: int) -> bool:
        return self.awal <= tahun <= self.akhir

    @property
    def periode(self) -> str:
        return f"{self.awal}–{self.akhir}"

    def tahun_ke(self, tahun: int) -> int:
        return tahun - self.awal + 1


def _tahun(value) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and re.fullmatch(r"[0-9]{4}", value.strip()):  # 0-9 only: int() of "²⁰¹⁸" fails
        return int(value.strip())
    return None


def baca_rencana(profil: dict, kunci: str, masalah: list[Masalah] | None = None) -> list[Rencana]:
    """The periods of one plan key of the profile, sorted by first year; problems go to `masalah`
    (a missing year, an end before the start, two periods that overlap)."""
    masalah = masalah if masalah is not None else []
    value = profil.get(kunci)
    if value in (None, "", [], {}):
        return []
    entries = value if isinstance(value, list) else [value]
    plans = []
    for nomor, entry in enumerate(entries, start=1):
        where = kunci if not isinstance(value, list) else f"{kunci}[{nomor}]"
        if not isinstance(entry, dict):
            masalah.append(Masalah("profil.yaml", None, where, repr(entry), "pasangan awal, akhir, dokumen",
                                   "Tulis setiap periode sebagai awal: 2021, akhir: 2026, dokumen: judulnya."))
            continue
        if all(entry.get(k) in (None, "") for k in ("awal", "akhir")):
            continue  # a period the source does not state: no plan, printed as "tidak tersedia"
        awal, akhir = _tahun(entry.get("awal")), _tahun(entry.get("akhir"))
        for name, year in (("awal", awal), ("akhir", akhir)):
            if year is None:
                masalah.append(Masalah("profil.yaml", None, f"{where}.{name}", repr(entry.get(name)),
                                       "tahun empat angka seperti 2021", "Tulis tahunnya saja, tanpa tanda kutip."))
        if awal is None or akhir is None:
            continue
        if akhir < awal:
            masalah.append(Masalah("profil.yaml", None, f"{where}.akhir", str(akhir), f"tahun ≥ awal ({awal})",
                                   "Periksa urutan awal dan akhir periode."))
            continue
        jenis = str(entry.get("jenis") or KUNCI_RENCANA.get(kunci, kunci))
        if kunci == "rpjmd" and jenis not in JENIS_RPJMD:
            masalah.append(Masalah("profil.yaml", None, f"{where}.jenis", repr(jenis),
                                   "salah satu dari: " + ", ".join(JENIS_RPJMD)))
        plans.append(Rencana(jenis, awal, akhir, str(entry.get("dokumen") or "")))
    plans.sort(key=lambda p: p.awal)
    for before, after in zip(plans, plans[1:]):
        if after.awal <= before.akhir:
            masalah.append(Masalah("profil.yaml", None, kunci, f"{before.periode} dan {after.periode} bertumpang",
                                   "periode yang berurutan tanpa tumpang tindih",
                                   "Periode baru dimulai setelah periode lama berakhir."))
    return plans


def rencana_berlaku(profil: dict, kunci: str, tahun: int) -> Rencana | None:
    """The plan of `kunci` in force in `tahun`, or None when no recorded period covers it."""
    for plan in baca_rencana(profil, kunci):
        if plan.berlaku(tahun):
            return plan
    return None


def rencana_terakhir_sebelum(profil: dict, kunci: str, tahun: int) -> Rencana | None:
    """The last plan that ended before `tahun` (to say which plan has lapsed)."""
    ended = [p for p in baca_rencana(profil, kunci) if p.akhir < tahun]
    return ended[-1] if ended else None
