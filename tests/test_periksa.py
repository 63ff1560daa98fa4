"""Checks before a build, and a whole report following its data: bad data or narrative stops the
build before any chapter runs (previous output intact); a changed value changes every chapter."""
import shutil

import nbformat
import pytest

from _bantu import salin_dinas
from conftest import ROOT
from lkjip import DataError, NarasiError, build_report
from lkjip.commands.cli import main

SLUG = "kab-contoh-dinsos"


@pytest.fixture
def proyek(tmp_path):
    """A project root holding the real notebooks and book template with the fixture agency."""
    shutil.copy(ROOT / "_quarto.yml", tmp_path / "_quarto.yml")
    shutil.copytree(ROOT / "notebooks", tmp_path / "notebooks")
    salin_dinas(tmp_path / "data", SLUG)
    (tmp_path / "params").mkdir()
    (tmp_path / "params" / f"{SLUG}-2023.yml").write_text(f"dinas: {SLUG}\ntahun: 2023\n", encoding="utf-8")
    narasi = tmp_path / "narasi" / SLUG / "2023"
    narasi.mkdir(parents=True)
    (narasi / "kata_pengantar.md").write_text("Capaian PMKS tahun ini {{ I01.capaian }}.\n", encoding="utf-8")
    (narasi / "kesimpulan.md").write_text("---\nmode: tambah\n---\nRealisasi PMKS {{ I01.realisasi }}.\n", encoding="utf-8")
    return tmp_path


def _params(proyek):
    return proyek / "params" / f"{SLUG}-2023.yml"


def _break_data(proyek):
    path = proyek / "data" / SLUG / "realisasi.csv"
    path.write_text(path.read_text(encoding="utf-8").replace('"60,00"', "enam puluh"), encoding="utf-8")


def test_periksa_reports_bad_data_without_traceback(proyek, capsys):
    _break_data(proyek)
    assert main(["periksa", str(_params(proyek)), "--root", str(proyek)]) == 1
    err = capsys.readouterr().err
    assert "realisasi.csv, baris 3, kolom 'nilai'" in err and "Traceback" not in err


def test_periksa_writes_findings(proyek, capsys):
    assert main(["periksa", str(_params(proyek)), "--root", str(proyek)]) == 0
    assert (proyek / "build" / "periksa" / f"{SLUG}-2023-temuan.csv").is_file()


def test_narasi_cek_exit_status(proyek, capsys):
    assert main(["narasi-cek", str(_params(proyek)), "--root", str(proyek)]) == 0
    (proyek / "narasi" / SLUG / "2023" / "langkah.md").write_text("Dulu 73,45%.\n", encoding="utf-8")
    assert main(["narasi-cek", str(_params(proyek)), "--root", str(proyek)]) == 1
    assert "langkah.md:1" in capsys.readouterr().out


def test_bad_data_stops_the_build_before_any_chapter(proyek):
    _break_data(proyek)
    with pytest.raises(DataError):
        build_report(_params(proyek), proyek, quarto=False, progress=None)
    assert not (proyek / "build" / f"{SLUG}-2023").exists()


def test_unknown_placeholder_stops_the_build_with_file_and_line(proyek):
    (proyek / "narasi" / SLUG / "2023" / "efisiensi.md").write_text("Baris satu.\nNilai {{ I01.efisiensii }}.\n",
                                                                     encoding="utf-8")
    with pytest.raises(NarasiError) as err:
        build_report(_params(proyek), proyek, quarto=False, progress=None)
    assert "efisiensi.md, baris 2" in str(err.value) and "I01.efisiensi" in str(err.value)


def _chapters_containing(folder, text):
    found = set()
    for path in folder.glob("*.ipynb"):
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            for out in cell.get("outputs", []):
                if text in out.get("data", {}).get("text/markdown", ""):
                    found.add(path.stem)
    return found


def test_changing_one_realisasi_changes_every_chapter(proyek):
    first = build_report(_params(proyek), proyek, quarto=False, progress=None)
    before = _chapters_containing(first.folder, "capaiannya 80,00%") | _chapters_containing(first.folder, "Capaian PMKS tahun ini 80,00%")
    assert {"index", "bab3-akuntabilitas"} <= before
    path = proyek / "data" / SLUG / "realisasi.csv"
    path.write_text(path.read_text(encoding="utf-8").replace('I01,2023,"60,00"', 'I01,2023,"61,37"'), encoding="utf-8")
    second = build_report(_params(proyek), proyek, quarto=False, progress=None)
    assert _chapters_containing(second.folder, "capaiannya 80,00%") == set()
    assert "index" in _chapters_containing(second.folder, "Capaian PMKS tahun ini 81,83%")
    assert "bab3-akuntabilitas" in _chapters_containing(second.folder, "capaiannya 81,83%")
    assert {"bab3-akuntabilitas", "bab4-penutup"} <= _chapters_containing(second.folder, "61,37%")
