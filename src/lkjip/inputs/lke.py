"""The criteria of the SAKIP evaluation's "Pelaporan Kinerja" component (LKE, PermenPAN-RB 88/2021),
read from the package's ``lke_pelaporan.yml``: sub-components and weights, the 22 criteria with their
wording and sources, the AA..E scale and the scoring rules.

The file is reference data that ships with the package, not an analyst's input; it is read once and
checked for the properties every later step relies on (codes unique, every criterion under a
sub-component, the counts and weights the file states), so a bad edit stops with what is wrong.
Judging a report against the criteria is :mod:`lkjip.compute.lke`'s.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml

from lkjip.core.exceptions import LkeError

BERKAS = "lke_pelaporan.yml"
#: The two readings of the scoring rule the file describes (`perhitungan`).
CARA_HITUNG = ("per_subkomponen", "per_kriteria")


@dataclass(frozen=True)
class Varian:
    """Another wording of a criterion and who prints it."""

    bunyi: str
    sumber: tuple[str, ...]


@dataclass(frozen=True)
class Kriteria:
    kode: str
    subkomponen: str
    bunyi: str
    varian: tuple[Varian, ...] = ()
    #: What evaluators ask for when the evidence lies outside the report (empty when it does not).
    bukti_luar: str = ""
    catatan: str = ""
    #: Source key -> where in it (line, block).
    sumber: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Subkomponen:
    kode: str
    dimensi: str
    nama: str
    bobot: float
    jumlah_kriteria: int


@dataclass(frozen=True)
class Huruf:
    """A letter of the scale: its value and the share of criteria met it stands for."""

    huruf: str
    nilai: float
    #: The letter needs every criterion met.
    persen_penuh: bool = False
    #: ... and more than the criteria (kept 1 or 5 years, an innovation): only an evaluator says.
    syarat_tambahan: bool = False
    #: The letter applies above this share (percent); None with `persen_penuh` or for E.
    persen_lebih_dari: float | None = None
    syarat: str = ""


@dataclass(frozen=True)
class KriteriaLke:
    """The whole file, checked."""

    kode: str
    nama: str
    bobot: float
    subkomponen: tuple[Subkomponen, ...]
    kriteria: tuple[Kriteria, ...]
    skala: tuple[Huruf, ...]
    perhitungan: dict
    #: (months after the report year, "akhir") of the deadline for 3.a.6, with its wording.
    batas_penyampaian: dict
    status: dict
    sumber_daftar: dict

    def sub(self, kode: str) -> Subkomponen:
        return next(s for s in self.subkomponen if s.kode == kode)

    def kriteria_sub(self, kode: str) -> tuple[Kriteria, ...]:
        return tuple(k for k in self.kriteria if k.subkomponen == kode)

    def cari(self, kode: str) -> Kriteria:
        """The criterion of a code (``3.b.7``)."""
        return next(k for k in self.kriteria if k.kode == kode)

    @property
    def cara_dipilih(self) -> str:
        """The reading of the scoring rule the file chooses: ``per_subkomponen`` or ``per_kriteria``."""
        return self.perhitungan["dipilih"]

    def huruf_untuk(self, persen: float) -> Huruf:
        """The highest letter a tool can give a share of criteria met (percent): BB for all of
        them (A and AA need an evaluator's judgement), then B, CC, C, D by their lower bounds,
        E for none."""
        penuh = [h for h in self.skala if h.persen_penuh and not h.syarat_tambahan]
        if persen >= 100 - 1e-9 and penuh:
            return max(penuh, key=lambda h: h.nilai)
        bertingkat = sorted((h for h in self.skala if h.persen_lebih_dari is not None),
                            key=lambda h: h.persen_lebih_dari, reverse=True)
        for huruf in bertingkat:
            if persen > huruf.persen_lebih_dari + 1e-9:
                return huruf
        return min(self.skala, key=lambda h: h.nilai)

    def batas_waktu(self, tahun: int) -> dt.date:
        """The last day a report of ``tahun`` counts as on time (3.a.6): the end of the month
        ``batas_penyampaian.bulan`` of the next year (28 or 29 February)."""
        bulan = int(self.batas_penyampaian["bulan"])
        awal_berikut = dt.date(tahun + 1 + bulan // 12, bulan % 12 + 1, 1)
        return awal_berikut - dt.timedelta(days=1)


def _salah(pesan: str) -> LkeError:
    return LkeError(f"{BERKAS}: {pesan}")


def _kriteria(row: dict, sub_kode: set[str], sumber: set[str]) -> Kriteria:
    kode = str(row.get("kode", ""))
    if row.get("subkomponen") not in sub_kode:
        raise _salah(f"kriteria {kode}: sub-komponen {row.get('subkomponen')!r} tidak ada")
    if not str(row.get("bunyi") or "").strip():
        raise _salah(f"kriteria {kode}: bunyi kosong")
    varian = tuple(Varian(str(v["bunyi"]), tuple(v.get("sumber") or ())) for v in row.get("varian") or ())
    dipakai = set(row.get("sumber") or {}) | {s for v in varian for s in v.sumber}
    if dipakai - sumber:
        raise _salah(f"kriteria {kode}: sumber tidak ada di sumber_daftar: {', '.join(sorted(dipakai - sumber))}")
    return Kriteria(kode=kode, subkomponen=row["subkomponen"], bunyi=str(row["bunyi"]).strip(), varian=varian,
                    bukti_luar=str(row.get("bukti_luar") or ""), catatan=str(row.get("catatan") or ""),
                    sumber=tuple((str(k), str(v)) for k, v in (row.get("sumber") or {}).items()))


def baca_kriteria(teks: str) -> KriteriaLke:
    """The criteria of a file's text, checked (LkeError names what is wrong)."""
    try:
        data = yaml.safe_load(teks) or {}
    except yaml.YAMLError as exc:
        raise _salah(f"YAML tidak sah ({exc})") from None
    sumber = set(data.get("sumber_daftar") or {})
    subs = tuple(Subkomponen(str(s["kode"]), str(s["dimensi"]), " ".join(str(s["nama"]).split()), float(s["bobot"]),
                             int(s["jumlah_kriteria"])) for s in data.get("subkomponen") or ())
    kriteria = tuple(_kriteria(row, {s.kode for s in subs}, sumber) for row in data.get("kriteria") or ())
    kode = [k.kode for k in kriteria]
    if len(set(kode)) != len(kode):
        raise _salah("kode kriteria ganda: " + ", ".join(sorted({k for k in kode if kode.count(k) > 1})))
    for sub in subs:
        jumlah = sum(k.subkomponen == sub.kode for k in kriteria)
        if jumlah != sub.jumlah_kriteria:
            raise _salah(f"sub-komponen {sub.kode} menyebut {sub.jumlah_kriteria} kriteria, berkas memuat {jumlah}")
    komponen = data.get("komponen") or {}
    if abs(sum(s.bobot for s in subs) - float(komponen.get("bobot", 0))) > 1e-9:
        raise _salah(f"bobot sub-komponen berjumlah {sum(s.bobot for s in subs):g}, bukan {komponen.get('bobot')}")
    perhitungan = data.get("perhitungan") or {}
    if perhitungan.get("dipilih") not in CARA_HITUNG or not set(CARA_HITUNG) <= set(perhitungan):
        raise _salah(f"perhitungan.dipilih harus salah satu dari {', '.join(CARA_HITUNG)}, dengan keduanya diuraikan")
    skala = tuple(Huruf(str(h["huruf"]), float(h["nilai"]), bool(h.get("persen_penuh")), bool(h.get("syarat_tambahan")),
                        None if h.get("persen_lebih_dari") is None else float(h["persen_lebih_dari"]),
                        str(h.get("semua") or h.get("kualitas_pemanfaatan") or ""))
                  for h in data.get("skala") or ())
    if not skala:
        raise _salah("skala kosong")
    return KriteriaLke(kode=str(komponen.get("kode")), nama=str(komponen.get("nama")), bobot=float(komponen["bobot"]),
                       subkomponen=subs, kriteria=kriteria, skala=skala, perhitungan=perhitungan,
                       batas_penyampaian=data.get("batas_penyampaian") or {}, status=data.get("status") or {},
                       sumber_daftar=data.get("sumber_daftar") or {})


@lru_cache(maxsize=1)
def kriteria_pelaporan() -> KriteriaLke:
    """The package's criteria (read once per process)."""
    return baca_kriteria(resources.files("lkjip.inputs").joinpath(BERKAS).read_text(encoding="utf-8"))
