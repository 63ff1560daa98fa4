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
