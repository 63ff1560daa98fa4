"""Declared tables: what a reader sees (Markdown) and downloads (CSV) for a few tables of the sample
agency, cell escaping, grouped rows, totals, widths and the sentence printed for an absent part.

Snapshots live in tests/snapshots/tabel-*.md|csv; set LKJIP_UPDATE_SNAPSHOTS=1 to rewrite them after
an intended change, then review the diff.
"""
import re
import shutil
import subprocess

import pandas as pd
import pytest

from _bantu import assert_snapshot
from lkjip import tampil
from lkjip.present.daftar_tabel import SPEK, lembar_perhitungan
from lkjip.present.tabel import INDEN, NBSP, Kolom, Spek, TabelError, kelompokkan, pipe_table, render


@pytest.mark.parametrize("nama", [
    "capaian",           # grouped by sasaran, subtotal per group, overall mean
    "anggaran",          # program > kegiatan > sub-kegiatan indented, program subtotals, total row
    "lampiran-renstra",  # wide year matrix: years as columns, target/realisasi/capaian rows
    "matriks-renstra",   # tujuan > sasaran > indikator headings
    "pk-anggaran",       # rupiah columns with a total row
])
def test_table_markdown_and_csv_snapshots(contoh, tmp_path, nama):
    markdown = tampil.tabel_markdown(contoh, nama, tmp_path)
    assert_snapshot(f"tabel-{nama}.md", markdown + "\n")
    assert_snapshot(f"tabel-{nama}.csv", (tmp_path / "tabel" / f"{nama}.csv").read_text(encoding="utf-8"))


def test_calculation_sheet_shows_inputs_total_and_worked_formula(contoh, tmp_path):
    text = tampil.lembar_perhitungan_markdown(contoh, tmp_path)
    assert_snapshot("tabel-lembar-perhitungan.md", text + "\n")
    for spek, _, _ in lembar_perhitungan(contoh):
        assert (tmp_path / "tabel" / f"{spek.nama}.csv").is_file()
        assert f"[Unduh CSV](tabel/{spek.nama}.csv)" in text


@pytest.mark.parametrize("nama", sorted(SPEK))
def test_every_declared_table_renders_for_the_sample_agency(contoh, tmp_path, nama):
    """Caption with its id and the CSV link, or the one absence sentence; never an internal key."""
    text = tampil.tabel_markdown(contoh, nama, tmp_path)
    if text.startswith("Data "):
        assert "tidak tersedia untuk" in text and "|" not in text
        assert not (tmp_path / "tabel" / f"{nama}.csv").exists()
    else:
        assert f"{{#tbl-{nama}}}" in text and f"[Unduh CSV](tabel/{nama}.csv)" in text
        assert (tmp_path / "tabel" / f"{nama}.csv").is_file()
    for key in ("kondisi_awal", "pk_perubahan", "_baris", "_tingkat", "nan", "None"):
        assert not re.search(rf"\b{key}\b", text.replace("\\_", "_").split("{#tbl-")[0]), key


@pytest.mark.parametrize("text, escaped", [
    ("a | b", "a \\| b"),
    ("*tebal*", "\\*tebal\\*"),
    ("pmks_jenis", "pmks\\_jenis"),
    ("<script>alert(1)</script>", "\\<script\\>alert(1)\\</script\\>"),
    ("[tautan](http://x)", "\\[tautan\\](http://x)"),
    ("baris\nbaru", "baris baru"),
    ("$x$ @ref", "\\$x\\$ \\@ref"),
])
def test_text_cells_are_escaped(text, escaped):
    frame = pd.DataFrame({"uraian": [text]})
    body = pipe_table(frame, (Kolom("uraian", "Uraian"),)).splitlines()[2]
    assert body == f"| {escaped} |"


@pytest.mark.skipif(shutil.which("quarto") is None, reason="needs Quarto's pandoc to parse the Markdown")
def test_escaped_cells_come_out_literally_through_pandoc():
    nasty = "a | b *c* _d_ <b>e</b> [f](g) $h$ @i"
    frame = pd.DataFrame({"uraian": [nasty], "nilai": [1.5]})
    md = pipe_table(frame, (Kolom("uraian", "Uraian", lebar=4), Kolom("nilai", "Nilai (%)", "persen", 1)))
    html = subprocess.run(["quarto", "pandoc", "-f", "markdown", "-t", "html"], input=md, text=True,
                          capture_output=True, check=True).stdout
    html = " ".join(html.split())
    assert "a | b *c* _d_ &lt;b&gt;e&lt;/b&gt; [f](g) $h$ @i" in html
    assert "<em>" not in html and "<a " not in html and "1,50" in html
    assert 'width: 80%' in html  # the dash counts became relative widths


def test_numbers_align_right_text_left_and_widths_follow_the_declaration():
    frame = pd.DataFrame({"nama": ["x"], "nilai": [1234567.5]})
    lines = pipe_table(frame, (Kolom("nama", "Nama", lebar=3), Kolom("nilai", "Pagu (Rp)", "rupiah", 1))).splitlines()
    teks, angka = lines[1].strip("|").split("|")
    assert teks.startswith(":") and angka.endswith(":")
    assert len(teks) == 3 * len(angka) and len(lines[1]) > 72  # pandoc reads dashes as widths
    assert lines[2] == "| x | 1.234.567,50 |"


def test_a_ratio_never_wraps(contoh, tmp_path):
    text = tampil.tabel_markdown(contoh, "capaian", tmp_path)
    assert f"1{NBSP}:{NBSP}" in text and "1 : " not in text


def test_groups_are_headings_and_rows_are_indented_under_them():
    frame = pd.DataFrame({"tujuan": ["T1", "T1", "T2"], "sasaran": ["S1", "S2", None], "nama": ["a", "b", "c"]})
    rows = kelompokkan(frame, [("tujuan", "Tujuan"), ("sasaran", "Sasaran")], "nama")
    assert list(rows["nama"]) == ["Tujuan: T1", "Sasaran: S1", "a", "Sasaran: S2", "b", "Tujuan: T2", "c"]
    assert list(rows["_tingkat"]) == [0, 1, 2, 1, 2, 0, 1]  # an indicator directly under a tujuan: one level
    body = pipe_table(rows, (Kolom("nama", "Indikator"),)).splitlines()[2:]
    assert body[0] == "| **Tujuan: T1** |" and body[2] == f"| {INDEN * 2}a |"


def test_an_absent_part_is_one_sentence_and_no_csv(tmp_path):
    spek = Spek("kosong", "Penghargaan yang diterima", (Kolom("x", "X"),), lambda lap: pd.DataFrame(), "penghargaan")
    hasil = render(spek, pd.DataFrame(columns=["x"]), "Dinsos Kab. Contoh", 2023, tmp_path)
    assert not hasil.ada
    assert hasil.markdown == "Data penghargaan tidak tersedia untuk Dinsos Kab. Contoh tahun 2023."
    assert not (tmp_path / "tabel").exists()


def test_unknown_table_or_column_is_named():
    with pytest.raises(TabelError, match="tidak dideklarasikan"):
        tampil.tabel_markdown(None, "tidak-ada")
    with pytest.raises(TabelError, match="tidak ada dalam data tabel: y"):
        pipe_table(pd.DataFrame({"x": [1]}), (Kolom("y", "Y"),))
    with pytest.raises(TabelError, match="format"):
        Kolom("x", "X", "miring")


def test_a_number_column_gets_the_room_of_its_longest_cell_from_the_text_columns():
    frame = pd.DataFrame({"nama": ["x"], "a": ["1 : 27.500"], "b": ["1 : 27.250"]})
    kolom = (Kolom("nama", "Nama", lebar=20), Kolom("a", "A", "nilai", 1), Kolom("b", "B", "nilai", 1))
    widths = [len(cell) for cell in pipe_table(frame, kolom).splitlines()[1].strip("|").split("|")]
    assert widths[1] >= len("1 : 27.500") * 120 / 100 and widths[2] == widths[1]
    assert abs(sum(widths) - 120) <= 2  # taken from the text column, the total stays


def test_a_short_text_column_keeps_room_for_its_longest_word():
    frame = pd.DataFrame({"nama": ["panjang " * 20], "satuan": ["indeks"], "t": [1.5]})
    kolom = (Kolom("nama", "Indikator", lebar=30), Kolom("satuan", "Satuan", lebar=1), Kolom("t", "T", "angka", 1))
    widths = [len(cell) for cell in pipe_table(frame, kolom).splitlines()[1].strip("|").split("|")]
    assert widths[1] >= len("indeks") * 120 / 100


def test_a_long_text_in_a_number_column_wraps_and_keeps_the_table_in_proportion():
    frame = pd.DataFrame({"jenis": ["pembulatan"], "tercetak": ["Bab III tabel 3.6 baris ketiga, tertulis dua kali " * 2]})
    kolom = (Kolom("jenis", "Jenis", lebar=2), Kolom("tercetak", "Tercetak", "nilai", 2))
    table = pipe_table(frame, kolom)
    assert NBSP not in table
    widths = [len(cell) for cell in table.splitlines()[1].strip("|").split("|")]
    assert widths[0] >= len("pembulatan") * 120 / 100 and abs(sum(widths) - 120) <= 2


def test_an_empty_text_column_is_left_out_of_the_printed_table_not_of_the_csv(tmp_path):
    """Trenggalek's IKU table printed a "Keterangan" column with nothing in it; an absent figure
    still prints as "–" in its number column."""
    frame = pd.DataFrame({"nama": ["IPG", "IDG"], "keterangan": ["", None], "nilai": [None, None]})
    spek = Spek("uji", "Uji", (Kolom("nama", "Indikator"), Kolom("keterangan", "Keterangan"),
                               Kolom("nilai", "Nilai", "angka")), data=lambda lap: frame)
    hasil = render(spek, frame, "Dinas Uji", 2023, tmp_path)
    header = hasil.markdown.splitlines()[0]
    assert "Keterangan" not in header and "Nilai" in header and "–" in hasil.markdown
    assert "Keterangan" in (tmp_path / "tabel" / "uji.csv").read_text(encoding="utf-8")


@pytest.mark.parametrize("nilai_2019, dicetak", [(["–", "–"], False), ([None, "–"], False), (["–", "5"], True)])
def test_a_droppable_column_that_is_dash_in_every_row_is_left_out(tmp_path, nilai_2019, dicetak):
    """Trenggalek's Tabel 2.1 and 3.2 printed year columns with "–" in every row: a column
    declared `boleh_hilang` is left out of print when no data row has a value (kept in the CSV);
    an undeclared number column keeps its "–"."""
    frame = pd.DataFrame({"nama": ["IPG", "IDG"], "t2019": nilai_2019, "t2020": ["–", "–"], "t2021": ["1", "2"]})
    spek = Spek("uji", "Uji", (Kolom("nama", "Indikator"), Kolom("t2019", "2019", "nilai", boleh_hilang=True),
                               Kolom("t2020", "2020", "nilai"), Kolom("t2021", "2021", "nilai", boleh_hilang=True)),
                data=lambda lap: frame)
    header = render(spek, frame, "Dinas Uji", 2023, tmp_path).markdown.splitlines()[0]
    assert ("2019" in header) is dicetak
    assert "2020" in header and "2021" in header
    assert "2019" in (tmp_path / "tabel" / "uji.csv").read_text(encoding="utf-8").splitlines()[0]
