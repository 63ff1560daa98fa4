"""Generated prose: snapshots for a positive, a negative and a ratio indicator, and each category.

Snapshots live in tests/snapshots/; set LKJIP_UPDATE_SNAPSHOTS=1 to rewrite them after an
intended change, then review the diff.
"""
import pandas as pd
import pytest

from _bantu import assert_snapshot
from lkjip import prosa


def _paragraf(lap, i: int, hanya=None) -> str:
    """The paragraph of the i-th indicator with its analyses (``hanya``: only those analyses)."""
    row = lap.kinerja.iloc[i]
    butir = prosa.analisis(lap)[row["kode"]]
    if hanya is not None:
        butir = {a: b for a, b in butir.items() if a in hanya}
    return prosa.paragraf_indikator(row, 2023, butir, lap.renstra)


def test_positive_indicator(contoh):
    assert_snapshot("prosa-positif.md", _paragraf(contoh, 0) + "\n")


def test_negative_indicator(contoh):
    assert_snapshot("prosa-negatif.md", _paragraf(contoh, 2) + "\n")


def test_ratio_indicator(contoh):
    assert_snapshot("prosa-rasio.md", _paragraf(contoh, 1, hanya=("tahun_lalu",)) + "\n")


@pytest.mark.parametrize("realisasi, kategori", [(90, "Sangat Baik"), (70, "Baik"), (50, "Cukup"), (30, "Kurang")])
def test_each_category(contoh, realisasi, kategori):
    from lkjip.compute.capaian import hitung_capaian
    from lkjip.compute.capaian import kategori as nilai_kategori
    row = contoh.kinerja.iloc[0].copy()
    row["realisasi"] = realisasi
    row["capaian"] = hitung_capaian(row["target"], realisasi).nilai
    row["kategori"] = nilai_kategori(row["capaian"], contoh.data.skala_penilaian)
    assert row["kategori"] == kategori
    assert_snapshot(f"prosa-kategori-{kategori.lower().replace(' ', '-')}.md", prosa.paragraf_indikator(row, 2023) + "\n")


def test_missing_target_is_stated(contoh):
    row = contoh.kinerja.iloc[0].copy()
    row["target"], row["capaian"], row["alasan"] = None, None, "target tidak ditetapkan"
    assert "belum dapat diukur capaiannya karena target tidak ditetapkan" in prosa.paragraf_indikator(row, 2023)


def test_budget_paragraph(contoh):
    paragraf = prosa.paragraf_anggaran(contoh.total_anggaran, 2023, len(contoh.program),
                                       contoh.program.sort_values("serapan").iloc[0])
    assert_snapshot("prosa-anggaran.md", paragraf + "\n")


def _pk(target_perubahan: list[str], keterangan: list[str], pk: list, pk_perubahan: list):
    """``Laporan.pk_target()`` and ``.pk_anggaran`` as the paragraph reads them: "–" is a target the
    amended PK does not have, "berubah N" a target it changed by N."""
    targets = pd.DataFrame({"ada_pk_perubahan": [t != "–" for t in target_perubahan],
                            "perubahan": [float(k.split()[-1]) if k else None for k in keterangan]})
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


MARKUP = "*miring* **tebal** [tautan](https://contoh.invalid) `kode` <b>html</b>"


def _rendered(markdown: str) -> str:
    from markdown_it import MarkdownIt
    return MarkdownIt("commonmark").render(markdown)


@pytest.mark.parametrize("write", [
    pytest.param(lambda lap: prosa.kata_pengantar(lap), id="kata-pengantar"),
    pytest.param(lambda lap: prosa.latar_belakang(lap), id="latar-belakang"),
    pytest.param(lambda lap: prosa.tugas_fungsi(lap), id="tugas-fungsi"),
    pytest.param(lambda lap: prosa.visi_misi(lap), id="visi-misi"),
    pytest.param(lambda lap: prosa.tanda_tangan(lap), id="tanda-tangan"),
    pytest.param(lambda lap: prosa.keterangan_skala(lap), id="keterangan-skala"),
    pytest.param(lambda lap: prosa.capaian_per_kategori(lap), id="capaian-per-kategori"),
    pytest.param(lambda lap: "\n\n".join(teks for _, teks in prosa.uraian_indikator(lap)), id="uraian-indikator"),
    pytest.param(lambda lap: prosa.kalimat_peringkat(MARKUP, 2023, {"wilayah": MARKUP, "nilai": 1.5,
                                                                  "urutan": 2, "jumlah": 38}), id="peringkat"),
])
def test_profile_and_data_texts_print_as_typed_never_as_markup(contoh, write):
    """Visi, names, the signing head, categories: whatever an analyst typed in profil.yaml or a CSV
    is text. Markdown in it shows as the characters typed, never as emphasis, a link or HTML."""
    profil = contoh.data.profil
    for key in ("nama", "nama_singkat", "wilayah", "visi", "tugas", "dasar_tugas"):
        profil[key] = f"{profil.get(key) or key} {MARKUP}"
    profil["misi"] = [MARKUP]
    profil["fungsi"] = [MARKUP]
    profil["kepala"] = {"nama": MARKUP, "jabatan": "Kepala", "pangkat": MARKUP, "nip": MARKUP}
    profil["penandatanganan"] = {"tempat": MARKUP}
    profil["metode"]["tanpa_target"] = MARKUP
    contoh.data.indikator["nama"] = contoh.data.indikator["nama"] + " " + MARKUP
    contoh.data.skala_penilaian["kategori"] = contoh.data.skala_penilaian["kategori"] + " *x*"
    html = _rendered(write(contoh))
    assert "<em>miring</em>" not in html and "<a " not in html and "<b>" not in html and "<code>" not in html
    assert "*miring*" in html and "&lt;b&gt;html&lt;/b&gt;" in html


@pytest.mark.parametrize("dinas, tahun, expected", [
    ("kab-trenggalek-dinsos-p3a", 2023,
     "Perencanaan kinerja tahun 2023 berpedoman pada Rencana Strategis (Renstra) 2021–2026 (*Rencana Strategis "
     "Dinas Sosial P3A Tahun 2021-2026*), yang menjabarkan RPJMD 2021–2026 (*RPJMD Kabupaten Trenggalek Tahun "
     "2021-2026*)."),
    ("kab-polewali-mandar-subbid-anggaran", 2022,
     "Periode Renstra dan RPJMD yang berlaku pada tahun 2022 tidak tersedia dalam data."),
])
def test_bab_ii_names_the_plans_in_force_with_their_periods(dinas, tahun, expected):
    from conftest import ROOT
    from lkjip import buka_laporan
    lap = buka_laporan(ROOT / "data", dinas, tahun)
    assert prosa.dasar_perencanaan(lap) == expected
    assert prosa.visi_misi(lap).startswith(expected + "\n\nVisi: ")


@pytest.mark.parametrize("items, expected", [
    ([], ""), (["ke-1"], "ke-1"), (["ke-1", "ke-3"], "ke-1 dan ke-3"), (["a", "b", "c"], "a, b dan c"),
])
def test_a_list_inside_a_sentence_ends_with_dan(items, expected):
    assert prosa._sebutkan(items) == expected


def test_summary_of_a_unit_whose_budget_is_one_kegiatan_names_no_lowest_of_one():
    """Polewali Mandar: the Ikhtisar said "1 program" and "Serapan terendah ada pada" its only line."""
    from conftest import ROOT
    from lkjip import buka_laporan
    teks = prosa.ikhtisar(buka_laporan(ROOT / "data", "kab-polewali-mandar-subbid-anggaran", 2022))
    assert "pagu anggaran 1 kegiatan seluruhnya" in teks and "terendah" not in teks
    assert ", 1 indikator" not in teks or " dan " in teks


def test_a_kegiatan_at_the_top_of_the_budget_reports_its_sub_kegiatan_mean():
    """Polewali Mandar's one kegiatan said "Rata-rata serapan kegiatannya 99,66%" of itself."""
    from conftest import ROOT
    from lkjip import buka_laporan
    lap = buka_laporan(ROOT / "data", "kab-polewali-mandar-subbid-anggaran", 2022)
    [(kode, teks)] = list(prosa.uraian_program(lap))
    assert "Rata-rata serapan sub-kegiatannya" in teks and "kegiatannya 99,66" not in teks
