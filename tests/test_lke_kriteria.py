"""The criteria of the SAKIP evaluation's "Pelaporan Kinerja" component (LKE, PermenPAN-RB 88/2021)
as the package ships them (`inputs/lke_pelaporan.yml`): every criterion of the encodings they were
verified against, word for word or as a variant the file records; codes, counts and weights; the
sources and what is not verified; the scale and the deadline; a broken file refused.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from _bantu import ROOT
from lkjip.core.exceptions import LkeError
from lkjip.inputs.lke import BERKAS, baca_kriteria, kriteria_pelaporan

KRITERIA_LKE = ROOT / "src" / "lkjip" / "inputs" / BERKAS
SUMBER = Path(__file__).parent / "fixtures" / "lke"
#: The 22 criteria of 88/2021's Pelaporan Kinerja: 6 + 9 + 7.
KODE = [f"3.a.{i}" for i in range(1, 7)] + [f"3.b.{i}" for i in range(1, 10)] + [f"3.c.{i}" for i in range(1, 8)]


def _baris_sumber(nama: str) -> list[str]:
    return [line for line in (SUMBER / nama).read_text(encoding="utf-8").splitlines() if line and line[0] != "#"]


@pytest.mark.parametrize("berkas, sumber", [("tsemar.txt", "tsemar_criteria"), ("web_fresh.txt", "web_fresh_seeder"),
                                            ("trenggalek_kke.txt", "tgl_mapping")])
def test_the_file_covers_every_criterion_of_each_verified_source(berkas, sumber):
    """Criterion by criterion, in order: the source's wording is the file's `bunyi`, unless the
    file records a variant printed by that source, and then it is that variant."""
    kriteria = kriteria_pelaporan().kriteria
    baris = _baris_sumber(berkas)
    assert len(baris) == len(kriteria) == 22
    for teks, k in zip(baris, kriteria):
        milik = [v.bunyi for v in k.varian if sumber in v.sumber]
        assert teks == (milik[0] if milik else k.bunyi), k.kode
        assert sumber in dict(k.sumber) or milik, f"{k.kode} does not name {sumber} among its sources"


def test_codes_counts_and_weights():
    k = kriteria_pelaporan()
    assert [c.kode for c in k.kriteria] == KODE
    assert [(s.kode, s.bobot, len(k.kriteria_sub(s.kode))) for s in k.subkomponen] == [
        ("3.a", 3, 6), ("3.b", 4.5, 9), ("3.c", 7.5, 7)]
    assert sum(s.bobot for s in k.subkomponen) == k.bobot == 15
    assert [s.bobot / k.bobot for s in k.subkomponen] == [0.2, 0.3, 0.5]


def test_the_file_records_its_sources_and_what_is_not_verified():
    k = kriteria_pelaporan()
    assert k.status["teks_peraturan_diperiksa"] is False
    assert any("penjelasan" in s for s in k.status["tidak_terverifikasi"])
    assert any("tepat waktu" in s for s in k.status["tidak_terverifikasi"])
    for key, source in k.sumber_daftar.items():
        if source["repo"] != "tidak teridentifikasi":
            assert re.fullmatch(r"[0-9a-f]{40}", source["commit"]), key
    used = {s for c in k.kriteria for s in dict(c.sumber)} | {s for c in k.kriteria for v in c.varian for s in v.sumber}
    assert used <= set(k.sumber_daftar)


@pytest.mark.parametrize("persen, huruf", [(0, "E"), (10, "D"), (25, "D"), (25.1, "C"), (50, "C"), (60, "CC"),
                                           (75, "CC"), (80, "B"), (99.9, "B"), (100, "BB")])
def test_the_scale_never_predicts_above_bb(persen, huruf):
    assert kriteria_pelaporan().huruf_untuk(persen).huruf == huruf


def test_the_deadline_is_the_end_of_february_of_the_next_year():
    k = kriteria_pelaporan()
    assert k.batas_waktu(2023).isoformat() == "2024-02-29" and k.batas_waktu(2022).isoformat() == "2023-02-28"


@pytest.mark.parametrize("old, new, kata", [
    ("    jumlah_kriteria: 9\n", "    jumlah_kriteria: 8\n", "menyebut 8 kriteria"),
    ("  - kode: 3.b.9\n", "  - kode: 3.b.8\n", "ganda"),
    ("    bobot: 7.5\n", "    bobot: 7\n", "bobot sub-komponen berjumlah 14.5"),
    ("sumber: [tgl_mapping]}", "sumber: [tidak_ada]}", "tidak_ada"),
    ("  dipilih: per_subkomponen\n", "  dipilih: rata_rata\n", "perhitungan.dipilih"),
])
def test_a_broken_criteria_file_is_refused_with_what_is_wrong(old, new, kata):
    teks = KRITERIA_LKE.read_text(encoding="utf-8")
    assert old in teks
    with pytest.raises(LkeError) as err:
        baca_kriteria(teks.replace(old, new, 1))
    assert kata in str(err.value) and str(err.value).startswith(BERKAS)
