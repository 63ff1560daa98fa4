"""The formats real agencies need (issue 20), each optional: realisations per triwulan or month,
the pohon kinerja, IKU and supporting indicators, a standard per indicator, a source with no
rating scale, and parts that are absent said once."""
from __future__ import annotations

import warnings

import pytest
import yaml

from _bantu import ROOT, salin_dinas
from lkjip.compute.laporan import Laporan, buka_laporan
from lkjip.compute.pohon import bagi_halaman, sebagai_tabel
from lkjip.core.exceptions import DataError
from lkjip.inputs.muat import muat_dinas
from lkjip.present import grafik, prosa
from lkjip.present.tampil import tabel_markdown

SLUG = "kab-contoh-dinsos"


@pytest.fixture
def salinan(tmp_path):
    salin_dinas(tmp_path)
    return tmp_path


def _tulis(folder, berkas, text):
    (folder / SLUG / berkas).write_text(text, encoding="utf-8")


def _lap(folder, tahun=2023):
    return Laporan(muat_dinas(folder, SLUG), tahun)


# --- realisations through the year ------------------------------------------------------------

def test_progress_to_date_adds_up_counts_and_keeps_the_last_state_of_a_percentage(salinan):
    _tulis(salinan, "realisasi_periode.csv", "indikator,tahun,periode,target,nilai,kumulatif,teks_tercetak\n"
           "I01,2023,jan,,50,,\nI01,2023,jun,,58,,\nI01,2023,des,,60,,\n"      # a percentage: a state
           "IP01,2023,tw1,,10,,\nIP01,2023,tw2,,12,,\nIP01,2023,tw3,,8,,\nIP01,2023,tw4,,10,,\n")
    ind = salinan / SLUG / "indikator.csv"
    ind.write_text(ind.read_text(encoding="utf-8").replace("bantuan,%,positif,persen", "bantuan,orang,positif,jumlah"),
                   encoding="utf-8")
    km = _lap(salinan).kemajuan.set_index(["kode", "periode"])
    assert km.loc[("I01", "des"), "sampai"] == 60 and km.loc[("I01", "jun"), "sampai"] == 58
    assert [km.loc[("IP01", p), "sampai"] for p in ("tw1", "tw2", "tw3", "tw4")] == [10, 22, 30, 40]
    assert round(km.loc[("I01", "des"), "capaian_sampai"], 2) == 80.0  # 60 of the year's target 75


def test_periods_that_do_not_add_up_to_the_year_are_a_finding(salinan):
    _tulis(salinan, "anggaran_periode.csv", "anggaran,tahun,periode,realisasi,kumulatif\n"
           "P01,2023,tw1,300.000,\nP01,2023,tw2,300.000,\n")  # 600.000 of the year's 800.000
    temuan = _lap(salinan).temuan
    found = temuan[temuan["jenis"] == "jumlah_periode_tidak_sesuai"]
    assert list(found["kunci"]) == ["P01"] and found["tercetak"].iloc[0] == 600000


def test_the_fixture_agencys_periods_add_up_and_are_shown(contoh):
    assert not (contoh.temuan["jenis"] == "jumlah_periode_tidak_sesuai").any()
    text = tabel_markdown(contoh, "kemajuan") + tabel_markdown(contoh, "kemajuan-anggaran")
    assert "TW III" in text and "Capaian s.d. periode (%)" in text and "Serapan s.d. periode (%)" in text
    assert grafik.kemajuan(contoh.kemajuan, contoh.kemajuan_anggaran) is not None


def test_quarters_and_months_mixed_for_one_indicator_are_refused(salinan):
    _tulis(salinan, "realisasi_periode.csv", "indikator,tahun,periode,target,nilai,kumulatif,teks_tercetak\n"
           "I01,2023,tw1,,50,,\nI01,2023,jun,,58,,\n")
    with pytest.raises(DataError, match="triwulan dan bulan bercampur"):
        muat_dinas(salinan, SLUG)


def test_without_periods_the_report_says_so_once(contoh, salinan):
    (salinan / SLUG / "realisasi_periode.csv").unlink()
    (salinan / SLUG / "anggaran_periode.csv").unlink()
    lap = _lap(salinan)
    assert tabel_markdown(lap, "kemajuan") == "Realisasi per triwulan atau per bulan tahun 2023 tidak tersedia dalam data."
    assert tabel_markdown(lap, "kemajuan-anggaran") == "" and grafik.kemajuan(lap.kemajuan, lap.kemajuan_anggaran) is None


# --- pohon kinerja ------------------------------------------------------------------------------

@pytest.mark.parametrize("dinas, tahun", [("kota-malang-dinsos-p3ap2kb", 2023), ("kab-trenggalek-dinsos-p3a", 2023),
                                          ("kab-polewali-mandar-subbid-anggaran", 2022), ("kota-dumai-dinas-pupr", 2020),
                                          ("kab-semarang-disdikbudpora", 2020)])
def test_the_tree_holds_every_sasaran_with_its_indicators_and_the_lines_that_support_it(dinas, tahun):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        lap = buka_laporan(ROOT / "data", dinas, tahun)
    tree = sebagai_tabel(lap.pohon_kinerja)
    ts = lap.data.tujuan_sasaran
    assert set(ts["kode"]) <= set(tree["kode"])
    mapped = set(lap.data.peta_anggaran["anggaran"]) & set(lap.anggaran["kode"])
    assert mapped <= set(tree["kode"])
    for row in tree[tree["tingkat"].isin(["tujuan", "sasaran"])].itertuples():
        own = lap.data.indikator[lap.data.indikator["induk"] == row.kode]["nama"]
        assert row.indikator == "; ".join(own)


def test_a_tree_of_thirty_boxes_is_split_across_pages_each_within_a_page():
    """Trenggalek's tree has 31 boxes: every box is drawn, in parts no taller than a page."""
    lap = buka_laporan(ROOT / "data", "kab-trenggalek-dinsos-p3a", 2023)
    assert len(sebagai_tabel(lap.pohon_kinerja)) >= 30
    figs = grafik.pohon_kinerja(lap.pohon_kinerja)
    assert len(figs) >= 2 and all(f.get_size_inches()[1] <= 8.7 for f in figs)
    parts = bagi_halaman(lap.pohon_kinerja, 8.6, grafik._tinggi_simpul)
    drawn = [n.kode for part in parts for root in part for n in root.semua()]
    assert set(drawn) == set(sebagai_tabel(lap.pohon_kinerja)["kode"])
    for fig in figs:
        import matplotlib.pyplot as plt
        plt.close(fig)


def test_a_split_part_repeats_its_root_so_it_reads_from_the_top():
    from lkjip.compute.pohon import Simpul
    root = Simpul("T1", "tujuan", "Tujuan", [], 0, [Simpul(f"S{i}", "sasaran", "Sasaran", [], 1) for i in range(5)])
    parts = bagi_halaman([root], 3)
    assert [p[0].kode for p in parts] == ["T1", "T1", "T1"]
    assert [[c.kode for c in p[0].anak] for p in parts] == [["S0", "S1"], ["S2", "S3"], ["S4"]]


# --- IKU, standard, no scale --------------------------------------------------------------------

def test_iku_and_supporting_indicators_are_told_apart(salinan):
    ind = salinan / SLUG / "indikator.csv"
    ind.write_text(ind.read_text(encoding="utf-8").replace("Bidang KB,ya,3", "Bidang KB,tidak,3"), encoding="utf-8")
    lap = _lap(salinan)
    assert prosa.kalimat_iku(lap) == ("2 indikator ditetapkan sebagai Indikator Kinerja Utama (IKU) dan 1 indikator "
                                      "tujuan dan sasaran lainnya merupakan indikator kinerja pendukung.")
    table = tabel_markdown(lap, "iku")
    assert table.index("| I02 |") < table.index("| I03 |") and "| pendukung |" in table


def test_a_standard_is_compared_by_the_indicators_polarity(contoh):
    st = contoh.standar.set_index("kode")
    assert st.loc["I01", "memenuhi"] is False or not st.loc["I01", "memenuhi"]  # 60 of an SPM 100
    assert round(st.loc["I03", "terhadap_standar"], 2) == 113.33 and st.loc["I03", "memenuhi"]  # 0,52 below 0,60: better
    assert "1 memenuhi standar" in prosa.kalimat_standar(contoh)


def test_no_rating_scale_leaves_the_category_out_everywhere(salinan):
    _tulis(salinan, "skala_penilaian.csv", "urutan,kategori,batas_bawah,bawah_inklusif,batas_atas,atas_inklusif,teks_tercetak\n")
    profil_path = salinan / SLUG / "profil.yaml"
    profil = yaml.safe_load(profil_path.read_text(encoding="utf-8"))
    profil["metode"]["skala_penilaian"] = "tidak_dicetak"
    profil_path.write_text(yaml.safe_dump(profil, allow_unicode=True), encoding="utf-8")
    lap = _lap(salinan)
    capaian = tabel_markdown(lap, "capaian")
    assert "Kategori" not in capaian and "Tidak Ada Target" not in capaian
    assert tabel_markdown(lap, "skala-penilaian").startswith("Dokumen sumber tidak mencetak skala penilaian")
    text = prosa.capaian_per_kategori(lap) + prosa.ikhtisar(lap) + prosa.simpulan(lap)
    assert "kategori" not in text.lower() and "tanpa kategori" not in text


# --- absent parts -------------------------------------------------------------------------------

def test_an_absent_budget_is_said_once_in_words_and_never_by_file_name():
    lap = buka_laporan(ROOT / "data", "kota-dumai-dinas-pupr", 2020)
    bab3b = prosa.anggaran_laporan(lap) + tabel_markdown(lap, "anggaran") + prosa.kalimat_rata_serapan(lap)
    assert bab3b.count("tidak tersedia") == 1 and ".csv" not in bab3b
    assert "serapan" not in prosa.simpulan(lap) and "anggaran" not in prosa.ikhtisar(lap)


def test_no_renstra_in_force_leaves_the_empty_matrix_out():
    """Polewali printed a Renstra matrix with one empty column: the page has no Renstra."""
    lap = buka_laporan(ROOT / "data", "kab-polewali-mandar-subbid-anggaran", 2022)
    assert tabel_markdown(lap, "matriks-renstra") == ("Renstra yang berlaku pada tahun 2022 tidak tersedia dalam data, "
                                                      "sehingga matriks target Renstra tidak disajikan.")


def test_the_short_name_is_optional(salinan):
    path = salinan / SLUG / "profil.yaml"
    profil = yaml.safe_load(path.read_text(encoding="utf-8"))
    profil.pop("nama_singkat")
    path.write_text(yaml.safe_dump(profil, allow_unicode=True), encoding="utf-8")
    lap = _lap(salinan)
    assert lap.nama_singkat == profil["nama"] and profil["nama"] in tabel_markdown(lap, "capaian")
