"""Numbers in, numbers out: both conventions read where unambiguous; Indonesian conventions shown."""
import pytest

from lkjip import format as fmt
from lkjip.inputs.angka import AngkaTidakSah, parse_angka


@pytest.mark.parametrize("text, expected", [
    ("1.234.567,89", 1234567.89), ("1,234,567.89", 1234567.89), ("13,75", 13.75), ("13.75", 13.75),
    ("0.133", 0.133), ("0,133", 0.133), ("- 22.23", -22.23), ("Rp 5.628.190.718", 5628190718),
    ("99,52%", 99.52), ("36317", 36317), ("", None), ("1234.567", 1234.567),
])
def test_parse_accepts_both_conventions(text, expected):
    assert parse_angka(text) == (pytest.approx(expected) if expected is not None else None)


@pytest.mark.parametrize("text", ["1.234", "1,234", "600.000"])
def test_parse_rejects_ambiguous_with_a_hint(text):
    with pytest.raises(AngkaTidakSah) as err:
        parse_angka(text)
    assert "ribuan" in str(err.value)


def test_rupiah_columns_read_a_lone_group_as_thousands():
    assert parse_angka("600.000", rupiah=True) == 600000
    assert parse_angka("600,000", rupiah=True) == 600000


@pytest.mark.parametrize("text", ["abc", "94.", "1.2.3,4,5"])
def test_parse_rejects_non_numbers(text):
    with pytest.raises(AngkaTidakSah):
        parse_angka(text)


def test_indonesian_formats():
    assert fmt.angka(1234567.891) == "1.234.567,89"
    assert fmt.persen(99.5208) == "99,52%"
    assert fmt.rupiah(15731330440.12, 2) == "Rp15.731.330.440,12"
    assert fmt.rasio(36317) == "1 : 36.317"
    assert fmt.tanggal("2024-02-13") == "13 Februari 2024"
    assert fmt.persen(None) == fmt.KOSONG
    assert fmt.nilai_indikator(95.5, "indeks") == "95,5"


def test_mixed_cells_show_numbers_the_indonesian_way_and_keep_text():
    assert fmt.campuran(1234.5) == "1.234,5"
    assert fmt.campuran("19,05%") == "19,05%"
    assert fmt.campuran(None) == fmt.KOSONG


def test_organisation_units_nest_under_their_parent():
    from lkjip.present.tampil import daftar_unit
    units = [{"nama": "Sekretariat", "induk": ""}, {"nama": "Subbagian Umum", "induk": "Sekretariat"}, "Bidang KB"]
    assert daftar_unit(units) == "- Sekretariat\n    - Subbagian Umum\n- Bidang KB"
