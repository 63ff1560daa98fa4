"""A CSV file saved by Excel or LibreOffice in an Indonesian or English locale loads to the same
frames as the file in the repository; what is not CSV text, or not unambiguous, is named."""
from __future__ import annotations

import csv
import io
import warnings
import zipfile

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from _bantu import salin_dinas
from conftest import FIXTURE_DATA
from lkjip import DataError, muat_dinas
from lkjip.inputs.angka import parse_angka
from lkjip.inputs.dialek import CatatanDialek, baca_csv
from lkjip.inputs.skema import SKEMA

SLUG = "kab-contoh-dinsos"


def _angka(value: float, desimal: str, ribuan: str | None, min_desimal: int) -> str:
    """A number as a spreadsheet displays it: `1.234.567,00` (id, grouped) or `1234567.5` (en, General)."""
    digits = next(d for d in range(7) if round(value, d) == value)
    text = f"{value:,.{max(digits, min_desimal)}f}"  # 1,234,567.00
    text = text.replace(",", "\0").replace(".", desimal).replace("\0", ribuan or "")
    return text


#: How each spreadsheet writes a file: separator, decimal sign, thousands sign, minimum decimals,
#: byte-order mark, line ending.
LOKAL = {
    "excel-indonesia": (";", ",", ".", 2, True, "\r\n"),
    "excel-inggris": (",", ".", ",", 2, True, "\r\n"),
    "libreoffice-indonesia": (";", ",", None, 0, False, "\n"),
    "libreoffice-inggris": (",", ".", None, 0, False, "\n"),
}


def _tulis_lokal(asal, tujuan, lokal):
    sep, desimal, ribuan, min_desimal, bom, eol = LOKAL[lokal]
    data = muat_dinas(asal, SLUG)
    salin_dinas(tujuan, SLUG, sumber=asal)
    for skema in SKEMA.values():
        path = tujuan / SLUG / skema.berkas
        if not path.exists():
            continue
        raw = pd.read_csv(path, dtype=str, keep_default_na=False)
        frame = data.tabel[skema.berkas[:-4]]
        for kolom in skema.kolom:
            if kolom.jenis in ("angka", "rupiah"):
                raw[kolom.nama] = [
                    "" if pd.isna(v) else _angka(float(v), desimal, ribuan, min_desimal) for v in frame[kolom.nama]]
        out = io.StringIO()
        writer = csv.writer(out, delimiter=sep, lineterminator=eol)
        writer.writerow(raw.columns)
        writer.writerows(raw.itertuples(index=False))
        path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + out.getvalue().encode("utf-8"))


@pytest.mark.parametrize("lokal", sorted(LOKAL))
def test_each_locale_loads_to_identical_frames(tmp_path, lokal):
    _tulis_lokal(FIXTURE_DATA, tmp_path, lokal)
    with warnings.catch_warnings(record=True):
        warnings.simplefilter("always")
        asli, varian = muat_dinas(FIXTURE_DATA, SLUG), muat_dinas(tmp_path, SLUG)
    for nama, frame in asli.tabel.items():
        pd.testing.assert_frame_equal(varian.tabel[nama], frame, obj=f"{lokal}: {nama}")


def _csv(tmp_path, text: str, encoding="utf-8", name="nilai.csv"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_indonesian_excel_dialect_is_reported_once(tmp_path):
    path = _csv(tmp_path, "\ufeffkode;nilai\r\nA;1.234.567,00\r\nB;99,52\r\n")
    with pytest.warns(CatatanDialek, match="dibaca sebagai CSV titik koma, desimal koma, dengan BOM, akhir baris CRLF"):
        bacaan = baca_csv(path, ["kode", "nilai"], ["nilai"])
    assert list(bacaan.frame.columns) == ["kode", "nilai"]
    assert [parse_angka(v) for v in bacaan.frame["nilai"]] == [1234567.0, 99.52]


def test_plain_csv_is_not_reported(tmp_path):
    path = _csv(tmp_path, 'kode,nilai\nA,"99,52"\n')
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        baca_csv(path, ["kode", "nilai"], ["nilai"])


@pytest.mark.parametrize("text, expected", [
    # a spreadsheet wrote it (semicolons): its other numbers say the dot groups thousands
    ("kode;nilai\nA;1.234\nB;99,52\n", [1234.0, 99.52]),
    ("\ufeffkode,nilai\nA,\"1,234\"\nB,99.5\n", [1234.0, 99.5]),
])
def test_a_lone_thousands_sign_is_read_with_the_files_decimal(tmp_path, text, expected):
    with pytest.warns(CatatanDialek):
        bacaan = baca_csv(_csv(tmp_path, text), ["kode", "nilai"], ["nilai"])
    assert [parse_angka(v) for v in bacaan.frame["nilai"]] == expected


def _problem(folder, berkas, text, encoding="utf-8"):
    salin_dinas(folder, SLUG)
    (folder / SLUG / berkas).write_bytes(text if isinstance(text, bytes) else text.encode(encoding))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CatatanDialek)
        with pytest.raises(DataError) as err:
            muat_dinas(folder, SLUG)
    return [m for m in err.value.masalah if m.berkas.endswith(berkas)], str(err.value)


@pytest.mark.parametrize("text, baris", [
    # hand-edited comma file: no dialect to lean on
    ('indikator,tahun,nilai,rencana_tindak_lanjut,teks_tercetak\nI01,2022,68,,\nI01,2023,"1.234",,\n', 3),
    # semicolons, but its numbers disagree on the decimal sign
    ("indikator;tahun;nilai;rencana_tindak_lanjut;teks_tercetak\nI01;2022;6.80;;\nI01;2023;1.234;;\nI02;2023;2,5;;\n", 3),
    # semicolons and decimal comma: a lone comma before three digits is still either reading
    ("indikator;tahun;nilai;rencana_tindak_lanjut;teks_tercetak\nI01;2022;1,234;;\nI01;2023;60,5;;\n", 2),
])
def test_ambiguous_numbers_are_refused_with_the_cell(tmp_path, text, baris):
    masalah, message = _problem(tmp_path, "realisasi.csv", text)
    assert any(m.baris == baris and m.kolom == "nilai" and "ribuan atau desimal" in str(m) for m in masalah), message


def test_xlsx_renamed_to_csv_says_so_with_the_fix(tmp_path):
    from openpyxl import Workbook
    buffer = io.BytesIO()
    Workbook().save(buffer)
    masalah, message = _problem(tmp_path, "realisasi.csv", buffer.getvalue())
    assert "buku kerja Excel (.xlsx)" in message and "CSV UTF-8" in message and "lkjip excel impor" in message
    assert len(masalah) == 1


def test_ods_renamed_to_csv_says_so(tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as ods:
        ods.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        ods.writestr("content.xml", "<office:document-content/>")
    _, message = _problem(tmp_path, "realisasi.csv", buffer.getvalue())
    assert "LibreOffice (.ods)" in message


def test_legacy_encoding_is_named_with_the_row(tmp_path):
    text = "indikator,tahun,nilai,rencana_tindak_lanjut,teks_tercetak\nI01,2022,68,,\nI01,2023,60,Pelatihan lansia \u2013 café,\n"
    masalah, message = _problem(tmp_path, "realisasi.csv", text, encoding="cp1252")
    assert masalah[0].baris == 3 and "Windows-1252" in message and "CSV UTF-8" in message, message


@pytest.mark.parametrize("data, kata", [
    (b"\xef\xbb\xbfindikator,tahun,nilai,rencana_tindak_lanjut\nI01,2022,68,caf\xe9\n", "Windows-1252"),
    (b"\xff\xfei\x00n\x00d", "UTF-16 yang rusak"),
])
def test_broken_text_after_a_byte_order_mark_is_named(tmp_path, data, kata):
    _, message = _problem(tmp_path, "realisasi.csv", data)
    assert kata in message, message


def test_broken_quoting_is_named(tmp_path):
    masalah, message = _problem(tmp_path, "realisasi.csv", 'indikator,tahun,nilai,rencana_tindak_lanjut\nI01,2022,"68,\n')
    assert "CSV tidak terbaca" in message


def test_utf16_text_from_excel_unicode_text_is_read(tmp_path):
    path = _csv(tmp_path, "kode\tnilai\r\nA\t99,52\r\n", encoding="utf-16")
    with pytest.warns(CatatanDialek, match="CSV tab, desimal koma, UTF-16"):
        bacaan = baca_csv(path, ["kode", "nilai"], ["nilai"])
    assert bacaan.frame.to_dict("records") == [{"kode": "A", "nilai": "99,52"}]


_ANGKA = st.one_of(st.integers(0, 10**12).map(float),
                   st.integers(0, 10**9).map(lambda n: n / 100))


@settings(max_examples=60, deadline=None)
@given(values=st.lists(_ANGKA, min_size=1, max_size=8), lokal=st.sampled_from(sorted(LOKAL)),
       kelompok=st.booleans())
def test_any_number_a_spreadsheet_writes_reads_back(tmp_path_factory, values, lokal, kelompok):
    """Whatever the locale and format (grouped or General), each number reads back exactly or is
    refused as ambiguous; it is never read as another number."""
    sep, desimal, ribuan, min_desimal, bom, eol = LOKAL[lokal]
    rows = [_angka(v, desimal, ribuan if kelompok else None, min_desimal) for v in values]
    out = io.StringIO()
    writer = csv.writer(out, delimiter=sep, lineterminator=eol)
    writer.writerows([["nilai"], *[[r] for r in rows]])
    path = tmp_path_factory.mktemp("lokal") / "nilai.csv"
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + out.getvalue().encode("utf-8"))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CatatanDialek)
        cells = baca_csv(path, ["nilai"], ["nilai"]).frame["nilai"]
    for value, cell in zip(values, cells):
        try:
            assert parse_angka(cell) == value
        except ValueError as exc:
            assert "ribuan atau desimal" in str(exc)


def test_the_command_line_names_the_dialect_once_as_a_plain_note(tmp_path, capsys):
    from lkjip.commands.cli import main
    salin_dinas(tmp_path / "data", SLUG)
    target = tmp_path / "data" / SLUG / "target.csv"
    rows = list(csv.reader(target.read_text(encoding="utf-8").splitlines()))
    with target.open("w", encoding="utf-8-sig", newline="") as out:
        csv.writer(out, delimiter=";", lineterminator="\r\n").writerows(rows)
    (tmp_path / "params").mkdir()
    (tmp_path / "params" / "contoh.yml").write_text(f"dinas: {SLUG}\ntahun: 2023\n", encoding="utf-8")
    assert main(["periksa", "params/contoh.yml", "--root", str(tmp_path)]) == 0
    err = capsys.readouterr().err
    assert err.count("target.csv: dibaca sebagai CSV titik koma") == 1, err
    assert err.startswith("lkjip: catatan: ") and "Warning" not in err, err



# --- the one form lkjip writes ------------------------------------------------------------------

def _berkas_data():
    from conftest import ROOT
    folders = [p for p in (ROOT / "data").iterdir() if p.is_dir()] + [FIXTURE_DATA / SLUG]
    folders += [p for p in (ROOT / "tests" / "fixtures" / "format").glob("v5/*") if p.is_dir()]
    return sorted(f for folder in folders for f in folder.glob("*.csv"))


@pytest.mark.parametrize("path", _berkas_data(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_shipped_data_file_is_in_the_canonical_form(path):
    """Every writer (dinas-baru, excel impor, migrasi) writes this form, so a file written again
    with the same cells is the same bytes; a hand-edited file must be in it too (`lkjip migrasi`
    rewrites one that is not)."""
    from lkjip.inputs.dialek import kanonik
    assert kanonik(path.read_bytes()) == path.read_text(encoding="utf-8"), \
        f"{path}: not in the canonical CSV form; run `lkjip migrasi {path.parent.name}`"


@given(st.lists(st.lists(st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\x00"),
                                 max_size=12), min_size=3, max_size=3), min_size=1, max_size=6))
@settings(max_examples=150, deadline=None)
def test_the_canonical_form_reads_back_to_its_cells_and_is_stable(rows):
    from lkjip.inputs.dialek import baris_csv, kanonik, teks_csv
    text = teks_csv([["a", "b", "c"], *rows])
    assert baris_csv(text.encode("utf-8"))[1:] == rows
    assert kanonik(text.encode("utf-8")) == text
