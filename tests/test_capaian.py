"""Capaian rules, rating scales and their boundaries, as the sources state them."""
import pandas as pd
import pytest

from lkjip.compute.capaian import hitung_capaian, kategori


@pytest.mark.parametrize("target, realisasi, polaritas, aturan, expected", [
    (5, 13.75, "positif", "2T-R", 275.0),            # Malang PMKS decline, from rounded inputs
    (79.94, 37.23, "positif", "2T-R", 46.5724),
    (27500, 36317, "positif", "2T-R", 132.0618),      # ratio 1 : N compares the N
    (0.63, 0.12, "negatif", "2T-R", 180.9524),        # (2T - R) / T
    (1.7, 1.79, "negatif", "2T-R", 94.7059),
    (1.7, 1.79, "negatif", "T/R", 94.9721),           # T / R
    (0.5, 1.2, "negatif", "2T-R", 0.0),               # floored at 0
])
def test_capaian_rules(target, realisasi, polaritas, aturan, expected):
    assert hitung_capaian(target, realisasi, polaritas, aturan).nilai == pytest.approx(expected, abs=1e-4)


@pytest.mark.parametrize("target, realisasi, alasan", [
    (0, 10, "target bernilai 0"),
    (None, 10, "target tidak ditetapkan"),
    (10, None, "realisasi belum tersedia"),
])
def test_capaian_without_a_number_says_why(target, realisasi, alasan):
    result = hitung_capaian(target, realisasi)
    assert result.nilai is None and alasan in result.alasan


def test_target_over_zero_realisasi_under_t_over_r_says_why():
    result = hitung_capaian(1.0, 0, "negatif", "T/R")
    assert result.nilai is None and "realisasi bernilai 0" in result.alasan


def test_rules_are_named():
    assert hitung_capaian(1, 1, "negatif", "T/R").aturan == "T/R"
    assert hitung_capaian(1, 1).aturan == "R/T"
    with pytest.raises(ValueError):
        hitung_capaian(1, 1, "netral")


MALANG = pd.DataFrame({
    "urutan": [1, 2, 3, 4],
    "kategori": ["Sangat tercapai", "Tercapai", "Cukup tercapai", "Tidak tercapai"],
    "batas_bawah": [110, 90, 60, None], "bawah_inklusif": ["ya", "ya", "ya", None],
    "batas_atas": [None, 110, 90, 60], "atas_inklusif": [None, "tidak", "tidak", "tidak"],
})
TRENGGALEK = pd.DataFrame({
    "urutan": [1, 2, 3, 4],
    "kategori": ["Sangat Baik", "Baik", "Cukup", "Kurang"],
    "batas_bawah": [100, 75, 55, None], "bawah_inklusif": ["tidak", "ya", "ya", None],
    "batas_atas": [None, 100, 75, 55], "atas_inklusif": [None, "ya", "tidak", "tidak"],
})


@pytest.mark.parametrize("capaian, expected", [
    (110, "Sangat tercapai"), (109.99, "Tercapai"), (90, "Tercapai"), (89.99, "Cukup tercapai"),
    (60, "Cukup tercapai"), (59.99, "Tidak tercapai"), (0, "Tidak tercapai"), (274.98, "Sangat tercapai"),
])
def test_malang_scale_boundaries(capaian, expected):
    assert kategori(capaian, MALANG) == expected


@pytest.mark.parametrize("capaian, expected", [
    (100.01, "Sangat Baik"), (100, "Baik"), (75, "Baik"), (74.99, "Cukup"), (55, "Cukup"), (54.99, "Kurang"),
])
def test_trenggalek_scale_boundaries(capaian, expected):
    assert kategori(capaian, TRENGGALEK) == expected


def test_no_capaian_no_category():
    assert kategori(None, MALANG) is None
