"""Hostile and huge files (issue 23): what travels between offices never runs, leaks, hangs or lies.

Each case is a file someone could send: a cell that is a formula, a workbook lkjip cannot read
exactly, a symlink out of the project, a bomb, look-alike text, a number in the wrong unit, a
crash mid-swap. Each is refused with a message naming the place (file, sheet!cell, position) or
handled so the output is exact."""
from __future__ import annotations

import csv
import shutil
import subprocess
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from _bantu import salin_dinas
from lkjip.core.berkas import bisa_jadi_rumus
from lkjip.inputs.excel import ExcelError, impor_buku_kerja, tulis_buku_kerja
from lkjip.present.aman import sel_csv
from lkjip.present.tabel import Kolom, Spek, tulis_csv

CONTOH = "kab-contoh-dinsos"

#: Texts a spreadsheet would run, from OWASP's "CSV injection" page and the issue.
RUMUS = ["=cmd|' /C calc'!A0", "=HYPERLINK(\"http://contoh.invalid\",\"klik\")", "@SUM(1+1)*cmd|' /C calc'!A0",
         "+1+1", "-2+3+cmd|' /C calc'!A0", "\t=1+1", "\r=1+1", "\uff1d1+1"]
#: Numbers and ordinary texts that stay exactly as they are.
POLOS = ["-12,5", "-1.234.567,00", "+5", "-0.5", "12%", "Persentase PMKS", "a=b", "ditangani / jumlah x 100", ""]


def _ganti(path: Path, lama: str, baru: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert lama in text, f"{lama!r} not in {path}"
    path.write_text(text.replace(lama, baru, 1), encoding="utf-8")


# --- 1. output that cannot execute -----------------------------------------------------------

@pytest.mark.parametrize("teks", RUMUS)
def test_a_formula_text_gets_an_apostrophe_in_a_published_csv(teks):
    assert bisa_jadi_rumus(teks) and sel_csv(teks) == "'" + teks


@pytest.mark.parametrize("nilai", POLOS + [-3, -1.5, 0, 2.25])
def test_numbers_and_plain_texts_stay_as_they_are(nilai):
    assert not bisa_jadi_rumus(nilai) and sel_csv(nilai) == nilai


def _sel_csv(path: Path) -> list[str]:
    with open(path, encoding="utf-8", newline="") as handle:
        return [cell for row in csv.reader(handle) for cell in row]


def test_no_cell_of_a_table_csv_starts_a_formula_and_numbers_stay_numbers(tmp_path):
    spek = Spek("uji", "Uji", (Kolom("nama", "=Nama"), Kolom("satuan", "Satuan"), Kolom("nilai", "Nilai", "angka")),
                data=lambda lap: None)
    rows = pd.DataFrame({"nama": RUMUS, "satuan": ["%"] * len(RUMUS), "nilai": [-1.5] * len(RUMUS)})
    path = tulis_csv(rows, spek, tmp_path)
    cells = _sel_csv(path)
    assert not [c for c in cells if bisa_jadi_rumus(c)]
    assert cells.count("-1.5") == len(RUMUS) and "'=Nama" in cells
    assert [c for c in cells if c.startswith("'")] == ["'=Nama"] + ["'" + t.replace("\r", "\n") for t in RUMUS]


def _contoh_jahat(tmp_path: Path) -> Path:
    folder = salin_dinas(tmp_path / "data")
    _ganti(folder / "indikator.csv", "Persentase PMKS yang ditangani,%", "Persentase PMKS yang ditangani,=cmd|' /C calc'!A0")
    _ganti(folder / "indikator.csv", "Rasio kasus kekerasan,rasio", "@SUM(1+1)*cmd|' /C calc'!A0,rasio")
    return folder


def _formula_cells(buku: Path) -> list[str]:
    wb = load_workbook(buku)  # not data_only: a formula reads as its formula
    return [f"{ws.title}!{c.coordinate}" for ws in wb.worksheets for row in ws.iter_rows() for c in row
            if c.data_type == "f"]


def test_the_exported_workbook_holds_no_formula_and_the_texts_round_trip(tmp_path):
    folder = _contoh_jahat(tmp_path)
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    buku = tulis_buku_kerja(tmp_path / "jahat.xlsx", folder)
    assert _formula_cells(buku) == []
    wb = load_workbook(buku)
    satuan = [c for c in wb["daftar"]["B"] if c.value == "=cmd|' /C calc'!A0"]
    assert satuan and satuan[0].data_type == "s" and satuan[0].quotePrefix  # the hidden sheet too
    nama = wb["indikator"]["D3"]
    assert nama.value == "@SUM(1+1)*cmd|' /C calc'!A0" and nama.quotePrefix and nama.data_type == "s"
    with zipfile.ZipFile(buku) as z:  # no <f> element anywhere in the package
        assert not [n for n in z.namelist() if n.startswith("xl/worksheets/") and b"<f>" in z.read(n)]
    impor_buku_kerja(buku, folder.parent, CONTOH)
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before


def _libreoffice() -> str | None:
    return shutil.which("libreoffice") or shutil.which("soffice")


def _ke_fods(sumber: Path, out: Path, profil: Path) -> Path | None:
    """``sumber`` opened by LibreOffice Calc and saved as flat ODS XML, or None without Calc."""
    done = subprocess.run([_libreoffice(), "--headless", f"-env:UserInstallation=file://{profil}",
                           "--convert-to", "fods", "--outdir", str(out), str(sumber)],
                          capture_output=True, text=True, timeout=180)
    result = out / (sumber.stem + ".fods")
    return result if result.is_file() else None


@pytest.mark.skipif(_libreoffice() is None, reason="LibreOffice is not installed")
def test_libreoffice_opens_the_workbook_and_the_csv_without_a_formula(tmp_path):
    probe = tmp_path / "probe.csv"
    probe.write_text("a\n", encoding="utf-8")
    if _ke_fods(probe, tmp_path / "lo", tmp_path / "profil") is None:
        pytest.skip("LibreOffice has no Calc here (libreoffice-calc not installed): it cannot open a spreadsheet")
    folder = _contoh_jahat(tmp_path)
    buku = tulis_buku_kerja(tmp_path / "jahat.xlsx", folder)
    spek = Spek("tabel", "Uji", (Kolom("nama", "Nama"),), data=lambda lap: None)
    table = tulis_csv(pd.DataFrame({"nama": RUMUS}), spek, tmp_path)
    out = tmp_path / "lo"
    for source in (buku, table):
        assert _ke_fods(source, out, tmp_path / "profil"), source
    jahat = (out / "jahat.fods").read_text(encoding="utf-8")
    assert "table:formula" not in jahat and "=cmd|&apos; /C calc&apos;!A0" in jahat
    tabel = (out / "tabel.fods").read_text(encoding="utf-8")
    assert "table:formula" not in tabel and "HYPERLINK" in tabel


def test_a_cell_longer_than_excel_keeps_is_refused_at_export_not_cut(tmp_path):
    folder = salin_dinas(tmp_path / "data")
    _ganti(folder / "indikator.csv", "Persentase PMKS yang ditangani", "x" * 40_000)
    with pytest.raises(ExcelError) as err:
        tulis_buku_kerja(tmp_path / "panjang.xlsx", folder)
    assert "indikator!D2" in str(err.value) and "40.000 karakter" in str(err.value) and "32.767" in str(err.value)
    assert not (tmp_path / "panjang.xlsx").exists()
