"""Generated prose: snapshots for a positive, a negative and a ratio indicator, and each category.

Snapshots live in tests/snapshots/; set LKJIP_UPDATE_SNAPSHOTS=1 to rewrite them after an
intended change, then review the diff.
"""
import os
from pathlib import Path

import pandas as pd
import pytest

from lkjip import prosa

SNAPSHOTS = Path(__file__).parent / "snapshots"


def snapshot(name: str, text: str):
    path = SNAPSHOTS / f"{name}.md"
    if os.environ.get("LKJIP_UPDATE_SNAPSHOTS") or not path.exists():
        path.write_text(text + "\n", encoding="utf-8")
        if not os.environ.get("LKJIP_UPDATE_SNAPSHOTS"):
            pytest.fail(f"snapshot {path.name} was missing and has been written; review it and rerun")
    assert text + "\n" == path.read_text(encoding="utf-8")


def test_positive_indicator(contoh):
    lalu = contoh.kinerja_tahun(2022).set_index("kode").loc["I01"]
    akhir = contoh.target_akhir.set_index("kode").loc["I01"]
    snapshot("prosa-positif", prosa.paragraf_indikator(contoh.kinerja.iloc[0], 2023, lalu, akhir))


def test_negative_indicator(contoh):
    lalu = contoh.kinerja_tahun(2022).set_index("kode").loc["I03"]
    akhir = contoh.target_akhir.set_index("kode").loc["I03"]
    snapshot("prosa-negatif", prosa.paragraf_indikator(contoh.kinerja.iloc[2], 2023, lalu, akhir))


def test_ratio_indicator(contoh):
    lalu = contoh.kinerja_tahun(2022).set_index("kode").loc["I02"]
    snapshot("prosa-rasio", prosa.paragraf_indikator(contoh.kinerja.iloc[1], 2023, lalu))


@pytest.mark.parametrize("realisasi, kategori", [(90, "Sangat Baik"), (70, "Baik"), (50, "Cukup"), (30, "Kurang")])
def test_each_category(contoh, realisasi, kategori):
    from lkjip.capaian import hitung_capaian
    from lkjip.capaian import kategori as nilai_kategori
    row = contoh.kinerja.iloc[0].copy()
    row["realisasi"] = realisasi
    row["capaian"] = hitung_capaian(row["target"], realisasi).nilai
    row["kategori"] = nilai_kategori(row["capaian"], contoh.data.skala_penilaian)
    assert row["kategori"] == kategori
    snapshot(f"prosa-kategori-{kategori.lower().replace(' ', '-')}", prosa.paragraf_indikator(row, 2023))


def test_missing_target_is_stated(contoh):
    row = contoh.kinerja.iloc[0].copy()
    row["target"], row["capaian"], row["alasan"] = None, None, "target tidak ditetapkan"
    assert "belum dapat diukur capaiannya karena target tidak ditetapkan" in prosa.paragraf_indikator(row, 2023)


def test_budget_paragraph(contoh):
    snapshot("prosa-anggaran", prosa.paragraf_anggaran(contoh.total_anggaran, 2023, len(contoh.program),
                                                        contoh.program.sort_values("serapan").iloc[0]))


def _pk(target_perubahan: list[str], keterangan: list[str], pk: list, pk_perubahan: list):
    targets = pd.DataFrame({"pk_perubahan": target_perubahan, "keterangan": keterangan})
    budgets = pd.DataFrame({"pk": pk, "pk_perubahan": pk_perubahan})
    budgets["perubahan"] = budgets["pk_perubahan"] - budgets["pk"]
    return targets, budgets


@pytest.mark.parametrize("targets, budgets, expected", [
    pytest.param(*_pk(["–", "–"], ["", ""], [100.0], [None]),
                 "Data tahun 2023 tidak memuat Perjanjian Kinerja perubahan; target dan anggaran yang berlaku "
                 "adalah Perjanjian Kinerja awal.", id="no-amendment"),
    pytest.param(*_pk(["80", "–"], ["", ""], [100.0], [100.0]),
                 "Perubahan Perjanjian Kinerja tidak mengubah target indikator maupun anggaran program.",
                 id="amendment-changing-nothing"),
    pytest.param(*_pk(["85", "90"], ["berubah 5", ""], [100.0], [None]),
                 "Perubahan Perjanjian Kinerja mengubah target 1 indikator.", id="targets-only"),
    pytest.param(*_pk(["85", "90"], ["berubah 5", "berubah 2"], [1_000_000.0, 500.0], [1_200_000.0, 500.0]),
                 "Perubahan Perjanjian Kinerja mengubah target 2 indikator dan anggaran 1 program. Jumlah "
                 "anggaran program berubah dari Rp1.000.500 menjadi Rp1.200.500.", id="targets-and-budget"),
])
def test_pk_amendment_paragraph_counts_only_what_changed(targets, budgets, expected):
    assert prosa.paragraf_perubahan_pk(targets, budgets, 2023) == expected


def test_no_pk_data_adds_no_sentence_to_the_tables_absence_sentences():
    targets, budgets = _pk([], [], [], [])
    assert prosa.paragraf_perubahan_pk(targets, budgets, 2023) == ""


def test_budget_paragraph_names_the_level_the_budget_starts_at(contoh):
    teks = prosa.paragraf_anggaran(contoh.total_anggaran, 2023, 1, None, level="kegiatan")
    assert "pagu anggaran 1 kegiatan seluruhnya" in teks and "program" not in teks


@pytest.mark.parametrize("dinas, tahun, level", [
    ("kota-malang-dinsos-p3ap2kb", 2023, "program"),
    ("kab-polewali-mandar-subbid-anggaran", 2022, "kegiatan"),  # a sub-division: its budget starts at kegiatan
])
def test_the_budget_top_level_comes_from_the_data(dinas, tahun, level):
    from conftest import ROOT
    from lkjip import buka_laporan
    assert buka_laporan(ROOT / "data", dinas, tahun).level_program == level
