"""Excel in, Excel out: the workbook carries an agency's data and round-trips to the same bytes;
a broken workbook is refused with sheet and cell named and nothing written."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from _bantu import ROOT, salin_dinas
from conftest import FIXTURE_DATA
from lkjip.commands.cli import main
from lkjip.inputs.excel import (
    BentukAngka,
    BukuKerjaTidakSah,
    ExcelError,
    bentuk_teks,
    impor_buku_kerja,
    tulis_buku_kerja,
)
from lkjip.inputs.skema import SKEMA

CONTOH = "kab-contoh-dinsos"
#: Every shipped agency (a new one is held to the round trip as soon as it is in data/).
AGENCIES = sorted(p.name for p in (ROOT / "data").iterdir() if p.is_dir())


def _isi(folder):
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.fixture(scope="session")
def buku_contoh(tmp_path_factory):
    """The sample agency's workbook, written once."""
    return tulis_buku_kerja(tmp_path_factory.mktemp("buku") / "contoh.xlsx", FIXTURE_DATA / CONTOH)


@pytest.fixture
def contoh(tmp_path, buku_contoh):
    """A copy of the sample agency and of its workbook."""
    salin_dinas(tmp_path / "data", CONTOH)
    return tmp_path / "data", Path(shutil.copy(buku_contoh, tmp_path / "contoh.xlsx"))


@pytest.mark.parametrize("slug", AGENCIES)
def test_export_then_import_gives_identical_csvs(tmp_path, slug):
    salin_dinas(tmp_path, slug)
    before = _isi(tmp_path / slug)
    buku = tulis_buku_kerja(tmp_path / f"{slug}.xlsx", tmp_path / slug)
    (tmp_path / slug / "realisasi.csv").write_text("rusak", encoding="utf-8")  # import must rewrite it
    hasil = impor_buku_kerja(buku, tmp_path, slug)
    assert _isi(tmp_path / slug) == before
    assert [p.name for p in hasil.berubah] == ["realisasi.csv"] and not hasil.tidak_diubah


def test_a_file_quoted_otherwise_keeps_its_bytes_when_its_cells_do_not_change(contoh):
    """Polewali's catatan_sumber.csv quoted a field the canonical writer does not: an import that
    rewrote it changed bytes nobody changed, and the next build reran every chapter."""
    data, buku = contoh
    path = data / CONTOH / "spm.csv"
    quoted = "\n".join(",".join(f'"{c}"' for c in line.split(",")) for line in path.read_text(encoding="utf-8").splitlines())
    path.write_bytes((quoted + "\r\n").encode("utf-8"))
    before = _isi(data / CONTOH)
    hasil = impor_buku_kerja(buku, data, CONTOH)
    assert _isi(data / CONTOH) == before and not hasil.berubah


def _ubah(buku, sheet, cell, value):
    wb = load_workbook(buku)
    wb[sheet][cell] = value
    wb.save(buku)


@pytest.mark.parametrize("sheet, cell, value, alamat, kata", [
    ("anggaran", "F3", "satu juta", "anggaran!F3", "bukan angka"),
    ("realisasi", "C3", "1.234", "realisasi!C3", "ribuan atau desimal"),
    ("indikator", "F2", "naik", "indikator!F2", "positif, negatif"),
    ("target", "A3", "I99", "target!A3", "indikator.csv"),
    ("indikator", "D3", None, "indikator!D3", "sel kosong"),
    ("realisasi", "B2", 22, "realisasi!B2", "tahun empat angka"),
    ("indikator", "F1", "pj", "indikator!1:1", "tidak ada"),  # a required column renamed
])
def test_each_broken_cell_is_named_by_sheet_and_cell(contoh, sheet, cell, value, alamat, kata):
    data, buku = contoh
    before = _isi(data / CONTOH)
    _ubah(buku, sheet, cell, value)
    with pytest.raises(BukuKerjaTidakSah) as err:
        impor_buku_kerja(buku, data, CONTOH)
    hits = [m for m in err.value.masalah if m.berkas == alamat]
    assert hits and any(kata in str(m) for m in hits), str(err.value)
    assert "tidak ada berkas yang ditulis" in str(err.value)
    assert _isi(data / CONTOH) == before


def test_a_missing_sheet_is_named(contoh):
    data, buku = contoh
    wb = load_workbook(buku)
    del wb["target"]
    wb.save(buku)
    with pytest.raises(BukuKerjaTidakSah, match="lembar 'target'"):
        impor_buku_kerja(buku, data, CONTOH)


def test_an_optional_file_without_its_sheet_is_left_as_it_is(contoh):
    data, buku = contoh
    before = (data / CONTOH / "spm.csv").read_bytes()
    wb = load_workbook(buku)
    del wb["spm"]
    wb.save(buku)
    hasil = impor_buku_kerja(buku, data, CONTOH)
    assert [p.name for p in hasil.tidak_diubah] == ["spm.csv"]
    assert (data / CONTOH / "spm.csv").read_bytes() == before


def test_numbers_typed_in_excel_are_written_the_indonesian_way(contoh):
    data, buku = contoh
    wb = load_workbook(buku)
    ws = wb["realisasi"]
    ws["C2"], ws["C2"].number_format = 1234567.5, "General"
    ws["C3"], ws["C3"].number_format = 0.6, "0.00%"
    wb["anggaran"]["F2"], wb["anggaran"]["F2"].number_format = 1500000, "#,##0.00"
    wb.save(buku)
    impor_buku_kerja(buku, data, CONTOH)
    realisasi = (data / CONTOH / "realisasi.csv").read_text(encoding="utf-8").splitlines()
    assert realisasi[1].split(",", 2)[2].startswith('"1234567,5"') and '"60,00%"' in realisasi[2]
    assert '"1.500.000,00"' in (data / CONTOH / "anggaran.csv").read_text(encoding="utf-8")


@pytest.mark.parametrize("teks", ["2,23", "5", "1.234.567,00", "12.994.608.381", "-22.23", "6.80", "99,52%",
                                  "1,234,567.5", "0,133", "100%"])
def test_a_spelling_survives_the_cell_format(teks):
    value, bentuk = bentuk_teks(teks)
    assert BentukAngka.dari_format(bentuk.format_excel, value)[1].tulis(value) == teks


@settings(max_examples=200, deadline=None)
@given(value=st.integers(-10**12, 10**12), desimal=st.integers(0, 4), kelompok=st.booleans(),
       persen=st.booleans(), barat=st.booleans())
def test_every_spelling_lkjip_writes_round_trips_through_a_cell(value, desimal, kelompok, persen, barat):
    """The text of a number, put in a cell as number and format, comes back as the same text."""
    bentuk = BentukAngka(desimal, kelompok, persen, barat)
    teks = bentuk.tulis(value / 10**desimal)
    if re.fullmatch(r"-?[1-9]\d{0,2}[.,]\d{3}%?", teks):
        assert bentuk_teks(teks) is None  # 1.234: either reading; stays text
        return
    number, found = bentuk_teks(teks)
    assert BentukAngka.dari_format(found.format_excel, number)[1].tulis(number) == teks


@pytest.mark.parametrize("teks", ["1.234", "600,000", "007", "1.5e3", "Rp 1.000", "+5", "1 234", "12,50 %", ""])
def test_other_spellings_stay_text(teks):
    assert bentuk_teks(teks) is None


def test_workbook_layout(contoh):
    _, buku = contoh
    wb = load_workbook(buku)
    assert wb.sheetnames[0] == "Petunjuk" and wb["daftar"].sheet_state == "hidden"
    assert [s for s in wb.sheetnames if s not in ("Petunjuk", "daftar")] == [b[:-4] for b in SKEMA]
    ind = wb["indikator"]
    assert ind.freeze_panes == "A2"
    assert "positif (makin tinggi makin baik)" in ind["F1"].comment.text and "wajib diisi" in ind["F1"].comment.text
    lists = {str(r): dv.formula1 for dv in ind.data_validations.dataValidation for r in dv.sqref.ranges}
    assert lists["F2:F2001"].startswith("daftar!$")  # polaritas
    assert "C2:C2001" not in lists  # induk refers to tujuan_sasaran or anggaran by level: no single list
    units = [c.value for c in wb["daftar"]["B"][1:] if c.value]
    assert lists["E2:E2001"].startswith("daftar!$B$") and "%" in units and "rasio" in units  # satuan
    target = {str(r): dv.formula1 for dv in wb["target"].data_validations.dataValidation for r in dv.sqref.ranges}
    assert target["A2:A2001"] == "indikator!$A$2:$A$2001" and target["B2:B2001"].startswith("daftar!")
    anggaran = wb["anggaran"]
    assert anggaran["F2"].number_format == "[$-421]#,##0" and anggaran["F2"].value == 1_000_000
    assert anggaran["A2"].number_format == "@"
    years = [c.value for c in wb["daftar"]["A"][1:] if c.value]
    assert 2023 in years and years == sorted(years)


def test_an_empty_workbook_for_a_new_agency(tmp_path):
    buku = tulis_buku_kerja(tmp_path / "baru.xlsx", profil={"renstra": {"awal": 2025, "akhir": 2029}})
    wb = load_workbook(buku)
    for skema in SKEMA.values():
        ws = wb[skema.berkas[:-4]]
        assert [c.value for c in ws[1]] == skema.nama_kolom and ws.max_row == 1
    assert [c.value for c in wb["daftar"]["A"][1:] if c.value] == list(range(2024, 2030))


def test_import_needs_the_agency_folder_and_a_workbook(contoh, tmp_path):
    data, buku = contoh
    with pytest.raises(ExcelError, match="lkjip dinas-baru"):
        impor_buku_kerja(buku, data, "kab-belum-ada")
    not_a_workbook = tmp_path / "bukan.xlsx"
    not_a_workbook.write_text("a,b\n", encoding="utf-8")
    with pytest.raises(ExcelError, match="bukan buku kerja"):
        impor_buku_kerja(not_a_workbook, data, CONTOH)


def test_an_unwritable_output_is_a_message(tmp_path):
    (tmp_path / "folder.xlsx").mkdir()
    with pytest.raises(ExcelError, match="buku kerja tidak dapat ditulis"):
        tulis_buku_kerja(tmp_path / "folder.xlsx")


def test_the_commands(contoh, tmp_path, capsys):
    data, _ = contoh
    (tmp_path / "params").mkdir()
    (tmp_path / "params" / "contoh-2023.yml").write_text(f"dinas: {CONTOH}\ntahun: 2023\n", encoding="utf-8")
    buku = tmp_path / "keluar.xlsx"
    assert main(["excel", "ekspor", "params/contoh-2023.yml", "--root", str(tmp_path), "--keluaran", str(buku)]) == 0
    _ubah(buku, "anggaran", "F3", "satu juta")
    assert main(["excel", "impor", str(buku), "--dinas", CONTOH, "--data", str(data)]) == 1
    assert "anggaran!F3" in capsys.readouterr().err


def test_every_column_has_an_indonesian_description():
    from lkjip.inputs.excel import keterangan_kolom
    for skema in SKEMA.values():
        assert set(keterangan_kolom().get(skema.berkas, {})) == set(skema.nama_kolom), (
            f"src/lkjip/keterangan_kolom.yml: describe the columns of {skema.berkas}")
