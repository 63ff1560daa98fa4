"""Params are a schema: a slug that names an existing data folder, a plausible year, known keys,
folders inside the project. Every refusal names the file and the key, never a traceback."""
from __future__ import annotations

from pathlib import Path

import pytest

from _bantu import salin_dinas
from lkjip.commands.cli import main
from lkjip.core.exceptions import ParamsError
from lkjip.inputs.params import SLUG_MAX, load_params

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def project(tmp_path) -> Path:
    """A project root with the sample agency under data/."""
    salin_dinas(tmp_path / "data")
    return tmp_path


def write(root: Path, text: str) -> Path:
    path = root / "params.yml"
    path.write_text(text, encoding="utf-8")
    return path


def test_every_params_file_of_the_repository_is_valid():
    for path in sorted((REPO / "params").glob("*.yml")):
        params = load_params(path, REPO)
        assert path.stem == params.nama_laporan


@pytest.mark.parametrize("dinas", [
    "../../data/kab-contoh-dinsos", "data/../kab-contoh-dinsos", "/etc", "kab-contoh-dinsos/", ".kab-contoh",
    "Kab-Contoh-Dinsos", "kab_contoh", "kab contoh", "kab--contoh", "-kab", "kab-", "kabé-contoh", "kab\ncontoh",
    "", "x" * (SLUG_MAX + 1), "x" * 10_000,
])
def test_dinas_must_be_a_bounded_slug(project, dinas):
    path = write(project, f"dinas: {dinas!r}\ntahun: 2023\n")
    with pytest.raises(ParamsError, match="'dinas'") as caught:
        load_params(path, project)
    assert str(path) in str(caught.value)


@pytest.mark.parametrize("value", ["123", "2023", "true", "null", "[kab-contoh-dinsos]", "{a: b}", "1.5"])
def test_dinas_of_another_type_than_text_is_named(project, value):
    with pytest.raises(ParamsError, match="'dinas' harus teks"):
        load_params(write(project, f"dinas: {value}\ntahun: 2023\n"), project)


def test_dinas_must_name_an_existing_data_folder_and_a_near_name_is_suggested(project):
    with pytest.raises(ParamsError, match="tidak punya folder data .*kab-contoh-dinsis.*Mungkin maksudnya 'kab-contoh-dinsos'"):
        load_params(write(project, "dinas: kab-contoh-dinsis\ntahun: 2023\n"), project)


@pytest.mark.parametrize("tahun", ["23", "20230", "'２０２３'", "true", "2023.0", "'2023/2024'", "null", "1800", "3000",
                                   "-2023", "'dua ribu'"])
def test_tahun_must_be_a_plausible_four_digit_year(project, tahun):
    with pytest.raises(ParamsError, match="'tahun'"):
        load_params(write(project, f"dinas: kab-contoh-dinsos\ntahun: {tahun}\n"), project)


def test_tahun_written_as_quoted_digits_is_read_as_the_year(project):
    assert load_params(write(project, "dinas: kab-contoh-dinsos\ntahun: '2023'\n"), project).tahun == 2023


def test_an_unknown_key_is_named_with_the_key_it_resembles(project):
    with pytest.raises(ParamsError, match="kunci tidak dikenal \\(unknown key\\) 'tahn' \\(maksudnya 'tahun'\\?\\)"):
        load_params(write(project, "dinas: kab-contoh-dinsos\ntahun: 2023\ntahn: 2024\n"), project)


@pytest.mark.parametrize("key", ["data_dir", "narasi_dir"])
@pytest.mark.parametrize("value", ["../luar", "/etc", "data/../../luar", "''", "7"])
def test_folders_stay_inside_the_project(project, key, value):
    with pytest.raises(ParamsError, match=f"'{key}'"):
        load_params(write(project, f"dinas: kab-contoh-dinsos\ntahun: 2023\n{key}: {value}\n"), project)


@pytest.mark.parametrize("text, expected", [
    ("- dinas\n- tahun\n", "pasangan kunci"),
    ("dinas: [\n", "bukan YAML"),
    ("tahun: 2023\n", "kunci wajib tidak ada: dinas"),
])
def test_malformed_files_are_named(project, text, expected):
    with pytest.raises(ParamsError, match=expected):
        load_params(write(project, text), project)


def test_a_params_file_not_in_utf8_is_a_message(project):
    path = project / "params.yml"
    path.write_bytes("dinas: kab-contoh-dinsos\ntahun: 2023\n# catatan: ��\n".encode("utf-16"))
    with pytest.raises(ParamsError, match="UTF-8"):
        load_params(path, project)


@pytest.mark.parametrize("command", ["periksa", "build"])
def test_a_path_in_dinas_writes_nothing_anywhere_and_prints_no_traceback(project, capsys, command):
    """The case that once made `periksa` write into data/."""
    before = sorted(p.relative_to(project) for p in project.rglob("*"))
    path = write(project, "dinas: ../../data/kab-contoh-dinsos\ntahun: 2023\n")
    assert main([command, str(path), "--root", str(project)]) == 1
    err = capsys.readouterr().err
    assert "'dinas' bukan slug" in err and "Traceback" not in err
    assert sorted(p.relative_to(project) for p in project.rglob("*")) == sorted(before + [Path("params.yml")])


@pytest.mark.parametrize("slug", ["../luar", "kab-contoh-dinsos/../../x", "/tmp/x", ""])
def test_the_excel_import_writes_only_into_an_agency_slug_folder(project, slug):
    from lkjip.inputs.excel import ExcelError, impor_buku_kerja
    with pytest.raises(ExcelError, match="--dinas: 'dinas'"):
        impor_buku_kerja(project / "tidak-ada.xlsx", project / "data", slug)
