"""Narrative files: placeholders render the data's values, nothing else is evaluated, drift is caught."""

import pytest

from _bantu import salin_dinas
from conftest import ROOT
from lkjip import NarasiError, Penulis, buka_laporan, cek_basi, daftar_nama, render

SLUG = "kab-contoh-dinsos"


@pytest.fixture
def names(contoh):
    return daftar_nama(contoh)


@pytest.mark.parametrize("teks, expected", [
    ("{{ I01.capaian }}", "80,00%"),
    ("{{I01.target}} / {{ I01.realisasi }}", "75% / 60%"),
    ("{{ I02.realisasi }}", "1 : 30.000"),
    ("{{ P01.K01.pagu }}", "Rp1.000.000"),
    ("{{ total.serapan }}", "83,33%"),
    ("{{ S1.rata_capaian }} ({{ S1.kategori }})", "100,00% (Baik)"),
    ("{{ tahun }} dan {{ tahun_lalu }}", "2023 dan 2022"),
    ("{{ I01.realisasi_lalu }}", "68%"),
    ("{{ I03.persen_target_akhir }}", "113,33%"),
    ("{{ wilayah }}", "Kabupaten Contoh"),
])
def test_placeholders_render_formatted_values(names, teks, expected):
    assert render(teks, names) == expected


def test_unknown_name_names_file_line_and_nearest(names):
    with pytest.raises(NarasiError) as err:
        render("baris satu\nCapaian {{ I01.capaain }}", names, "narasi/x.md")
    message = str(err.value)
    assert "narasi/x.md, baris 2" in message and "I01.capaian" in message


@pytest.mark.parametrize("teks", [
    "{{ __import__('os').system('id') }}",
    "{{ I01.__class__ }}",
    "{{ lap.data }}x{{ ().__class__.__base__ }}",
    "{% for x in range(3) %}{{ x }}{% endfor %}",
    "${HOME}",
    "```{python}\nimport os\n```",
    "{{ config }}",
    "{{ environ.HOME }}",
])
def test_narrative_cannot_reach_python_files_or_environment(names, teks):
    with pytest.raises(NarasiError) as err:
        render(teks, names, "jahat.md")
    assert "jahat.md, baris" in str(err.value)


def test_output_never_contains_python_objects(names):
    assert all(isinstance(v, str) and "<" not in v[:1] for v in names.values())


@pytest.fixture
def salinan(tmp_path):
    salin_dinas(tmp_path / "data", SLUG)
    folder = tmp_path / "narasi" / SLUG / "2023"
    (folder / "indikator").mkdir(parents=True)
    (folder / "indikator" / "I01.md").write_text(
        "---\nmode: tambah\n---\nRealisasi {{ I01.realisasi }} belum memenuhi target {{ I01.target }}.\n", encoding="utf-8")
    (folder / "kesimpulan.md").write_text("Capaian {{ I01.capaian }}, serapan {{ total.serapan }}.\n", encoding="utf-8")
    return tmp_path


def test_file_replaces_or_extends_the_generated_prose(salinan):
    lap = buka_laporan(salinan / "data", SLUG, 2023)
    penulis = Penulis(lap, salinan / "narasi")
    assert penulis.teks("kesimpulan", "BAWAAN") == "Capaian 80,00%, serapan 83,33%."
    assert penulis.teks("indikator/I01", "BAWAAN").startswith("BAWAAN\n\nRealisasi 60% belum")
    assert penulis.teks("tidak_ada", "BAWAAN") == "BAWAAN"


def test_changing_one_realisasi_changes_every_sentence(salinan):
    path = salinan / "data" / SLUG / "realisasi.csv"
    path.write_text(path.read_text(encoding="utf-8").replace('I01,2023,"60,00"', 'I01,2023,"72,50"'), encoding="utf-8")
    lap = buka_laporan(salinan / "data", SLUG, 2023)
    penulis = Penulis(lap, salinan / "narasi")
    assert "Realisasi 72,50% belum" in penulis.teks("indikator/I01", "")
    assert penulis.teks("kesimpulan") == "Capaian 96,67%, serapan 83,33%."


def test_drift_check_finds_a_planted_stale_number(salinan):
    folder = salinan / "narasi" / SLUG / "2023"
    (folder / "langkah.md").write_text("1. Naikkan capaian {{ I01.capaian }}.\n2. Dulu capaiannya 73,45% saja.\n",
                                       encoding="utf-8")
    lap = buka_laporan(salinan / "data", SLUG, 2023)
    stale = cek_basi(lap, salinan / "narasi")
    assert [(s.berkas.name, s.baris, s.angka) for s in stale] == [("langkah.md", 2, "73,45")]


def test_drift_check_accepts_numbers_of_the_data(salinan):
    folder = salinan / "narasi" / SLUG / "2023"
    (folder / "langkah.md").write_text("Capaian 80,00% dari target 75 pada tahun 2023; pagu 1.000.000.\n", encoding="utf-8")
    lap = buka_laporan(salinan / "data", SLUG, 2023)
    assert cek_basi(lap, salinan / "narasi") == []


@pytest.mark.parametrize("dinas", ["kota-malang-dinsos-p3ap2kb", "kab-trenggalek-dinsos-p3a"])
def test_shipped_narrative_renders_and_has_no_stale_numbers(dinas):
    lap = buka_laporan(ROOT / "data", dinas, 2023)
    folder = ROOT / "narasi" / dinas / "2023"
    files = sorted(folder.rglob("*.md"))
    assert files, f"no example narrative for {dinas}"
    penulis = Penulis(lap, ROOT / "narasi")
    for path in files:
        tempat = path.relative_to(folder).with_suffix("").as_posix()
        assert "{{" not in penulis.teks(tempat, "x")
    assert cek_basi(lap, ROOT / "narasi") == []


def test_bad_mode_is_reported(salinan):
    folder = salinan / "narasi" / SLUG / "2023"
    (folder / "efisiensi.md").write_text("---\nmode: campur\n---\nTeks\n", encoding="utf-8")
    lap = buka_laporan(salinan / "data", SLUG, 2023)
    with pytest.raises(NarasiError) as err:
        Penulis(lap, salinan / "narasi").teks("efisiensi")
    assert "efisiensi.md" in str(err.value) and "mode" in str(err.value)
