"""The seven analyses of Bab III for every indicator (compute/analisis.py) and their prose
(present/prosa.py): each analysis is given or its absence is said once with its reason; the Renstra
end target is projected at the pace so far (docs/analisis.md); no sentence is repeated across the
indicators' paragraphs; the final year of a plan says what the comparison with the end target means.
"""
from __future__ import annotations

import re

import pandas as pd
import pytest

from _bantu import ROOT, salin_dinas
from lkjip import prosa
from lkjip.compute import kinerja
from lkjip.compute.analisis import ANALISIS, analisis_indikator, tanpa
from lkjip.compute.laporan import Laporan, buka_laporan
from lkjip.inputs.muat import muat_dinas
from lkjip.present.narasi import Penulis

LAPORAN = {"kota-malang-dinsos-p3ap2kb": 2023, "kab-trenggalek-dinsos-p3a": 2023,
           "kab-polewali-mandar-subbid-anggaran": 2022, "kota-dumai-dinas-pupr": 2020}


@pytest.fixture(scope="module")
def laporan():
    out = {}
    for dinas, tahun in LAPORAN.items():
        lap = buka_laporan(ROOT / "data", dinas, tahun)
        hasil = prosa.analisis(lap, Penulis(lap, ROOT / "narasi").ditulis("indikator"))
        out[dinas] = lap, hasil
    return out


def _kalimat(teks: str) -> list[str]:
    return [k.strip() for k in re.split(r"(?<=[.!?])\s+(?=[A-Z*])", teks) if k.strip()]


@pytest.mark.parametrize("dinas", LAPORAN)
def test_every_analysis_of_every_indicator_is_given_or_its_absence_said(laporan, dinas):
    lap, hasil = laporan[dinas]
    assert list(hasil) == list(lap.kinerja["kode"])
    pengantar = prosa.pengantar_analisis(lap, hasil)
    for analisis in ANALISIS:
        for alasan, kode in tanpa(hasil, analisis).items():
            # the reason's sentence names the indicators (or all of them) once, in the opening
            pola = prosa.TANPA_ANALISIS.get((analisis, alasan)) or prosa.TANPA_ANALISIS.get(("efisiensi", alasan))
            assert pola is not None, (analisis, alasan)
            awal = pola.split("{")[0].strip()
            assert awal[:20].lower() in pengantar.lower(), (analisis, alasan)
            if len(kode) < len(hasil):
                for k in kode:
                    assert k in pengantar


@pytest.mark.parametrize("dinas", LAPORAN)
def test_no_sentence_is_repeated_across_the_indicators(laporan, dinas):
    lap, hasil = laporan[dinas]
    dilihat: dict[str, str] = {}
    for kode, teks in prosa.uraian_indikator(lap, hasil):
        for kalimat in _kalimat(teks):
            assert kalimat not in dilihat, (kode, dilihat.get(kalimat), kalimat)
            dilihat[kalimat] = kode


@pytest.mark.parametrize("dinas", LAPORAN)
def test_each_paragraph_names_its_indicator_once_and_the_negative_rule_is_said_once(laporan, dinas):
    lap, hasil = laporan[dinas]
    uraian = dict(prosa.uraian_indikator(lap, hasil))
    for row in lap.kinerja.itertuples():
        assert uraian[row.kode].count(str(row.nama)) == 1, row.kode
        assert "bersifat negatif" not in uraian[row.kode]
    negatif = (lap.kinerja["polaritas"] == "negatif").any()
    assert prosa.pengantar_analisis(lap, hasil).count("bersifat negatif") == int(negatif)


def test_the_final_year_of_the_plan_says_what_the_end_target_comparison_means(laporan):
    lap, hasil = laporan["kota-malang-dinsos-p3ap2kb"]
    assert lap.renstra.akhir == lap.tahun
    pengantar = prosa.pengantar_analisis(lap, hasil)
    assert "tahun terakhir Renstra 2018–2023" in pengantar and "hasil akhir periode" in pengantar
    assert "tercapai untuk I01, I04, I07, I08 dan I10; belum tercapai untuk I02, I03, I05, I06 dan I09" in pengantar
    for _, teks in prosa.uraian_indikator(lap, hasil):
        assert "setara" not in teks and "target akhir" not in teks


@pytest.mark.parametrize("dinas", LAPORAN)
def test_indicators_without_a_recorded_cause_are_named(laporan, dinas):
    lap, hasil = laporan[dinas]
    folder = ROOT / "narasi" / dinas / str(lap.tahun) / "indikator"
    ditulis = {p.stem for p in folder.glob("*.md")} if folder.is_dir() else set()
    tanpa_sebab = [k for k in lap.kinerja["kode"] if k not in ditulis]
    assert tanpa(hasil, "penyebab") == ({"tanpa_penyebab": tanpa_sebab} if tanpa_sebab else {})
    kalimat = "Penyebab keberhasilan atau kegagalan belum tercatat untuk"
    pengantar = prosa.pengantar_analisis(lap, hasil)
    if not tanpa_sebab:
        assert kalimat not in pengantar
    else:
        assert f"{kalimat} {prosa._kode_kalimat(tanpa_sebab, len(hasil))}." in pengantar


@pytest.mark.parametrize("dinas, tanpa_apa", [
    ("kab-polewali-mandar-subbid-anggaran", {"tahun_lalu": "tanpa_tahun_lalu", "target_akhir": "tanpa_renstra",
                                             "pembanding": "tanpa_pembanding"}),
    ("kota-dumai-dinas-pupr", {"tahun_lalu": "tanpa_tahun_lalu", "target_akhir": "tanpa_renstra",
                               "pembanding": "tanpa_pembanding", "efisiensi": "tanpa_anggaran",
                               "program": "tanpa_anggaran"}),
])
def test_what_an_agency_lacks_is_a_reason_for_every_indicator(laporan, dinas, tanpa_apa):
    lap, hasil = laporan[dinas]
    semua = list(lap.kinerja["kode"])
    for analisis, alasan in tanpa_apa.items():
        assert tanpa(hasil, analisis) == {alasan: semua}
    assert "untuk seluruh indikator (" in prosa.pengantar_analisis(lap, hasil)


def test_peers_and_standards_are_stated_per_indicator(laporan):
    lap, hasil = laporan["kota-malang-dinsos-p3ap2kb"]
    uraian = dict(prosa.uraian_indikator(lap, hasil))
    assert [k for k, b in hasil.items() if b["pembanding"].ada] == ["I05", "I06"]
    assert "berada di urutan ke-5 dari 37 kabupaten/kota" in uraian["I05"]
    assert "berada di urutan ke-5 dari 38 kabupaten/kota" in uraian["I06"]


# --- the projection to the end target ---------------------------------------------------------------
def _proyeksi(dinas: str, tahun: int) -> pd.DataFrame:
    return kinerja.proyeksi_target_akhir(muat_dinas(ROOT / "data", dinas), tahun).set_index("kode")


@pytest.mark.parametrize("kode, status", [("I01", kinerja.SUDAH_TERCAPAI), ("I02", kinerja.SESUAI_LAJU),
                                          ("I05", kinerja.DI_BAWAH_LAJU), ("I06", kinerja.DI_BAWAH_LAJU)])
def test_trenggalek_end_targets_at_the_pace_of_2022_to_2023(kode, status):
    p = _proyeksi("kab-trenggalek-dinsos-p3a", 2023).loc[kode]
    assert p["status"] == status
    if status in (kinerja.SESUAI_LAJU, kinerja.DI_BAWAH_LAJU):
        # the straight line through 2022 and 2023, three more years to 2026
        assert p["tahun_dasar"] == 2022 and p["laju"] == pytest.approx(p["realisasi"] - p["nilai_dasar"])
        assert p["proyeksi"] == pytest.approx(p["realisasi"] + 3 * p["laju"])
        assert p["laju_perlu"] == pytest.approx((p["target_akhir"] - p["realisasi"]) / 3)
        assert (p["persen_proyeksi"] >= 100) == (status == kinerja.SESUAI_LAJU)


def test_a_negative_indicator_is_on_track_when_its_line_falls_to_the_target():
    # Malang 2021: LPP (negatif) already below its end target; TFR rising away from it
    p = _proyeksi("kota-malang-dinsos-p3ap2kb", 2021)
    assert p.loc["I08", "status"] == kinerja.SUDAH_TERCAPAI
    assert p.loc["I09", "status"] == kinerja.DI_BAWAH_LAJU and p.loc["I09", "laju"] > 0


def test_in_the_plans_last_year_nothing_is_projected():
    p = _proyeksi("kota-malang-dinsos-p3ap2kb", 2023)
    assert set(p["status"]) == {kinerja.TAHUN_AKHIR} and p["proyeksi"].isna().all()


def test_without_an_earlier_year_the_baseline_gives_the_pace(tmp_path):
    salin_dinas(tmp_path, "kab-trenggalek-dinsos-p3a")
    path = tmp_path / "kab-trenggalek-dinsos-p3a" / "realisasi.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame[frame["tahun"] != "2022"].to_csv(path, index=False)
    p = kinerja.proyeksi_target_akhir(muat_dinas(tmp_path, "kab-trenggalek-dinsos-p3a"), 2023).set_index("kode")
    assert p.loc["I05", "status"] == kinerja.TANPA_LAJU  # no kondisi awal recorded either
    lap = Laporan(muat_dinas(tmp_path, "kab-trenggalek-dinsos-p3a"), 2023)
    teks = dict(prosa.uraian_indikator(lap))["I05"]
    assert "belum ada realisasi sebelumnya dalam periode Renstra untuk mengukur lajunya" in teks
