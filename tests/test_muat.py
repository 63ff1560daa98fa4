"""Bad input gets one clear message listing every problem: file, row, column, found, expected, fix."""

import pytest

from _bantu import salin_dinas
from conftest import FIXTURE_DATA
from lkjip import DataError, muat_dinas

SLUG = "kab-contoh-dinsos"


@pytest.fixture
def salinan(tmp_path):
    """A data folder holding a copy of the sample agency."""
    salin_dinas(tmp_path, SLUG)
    return tmp_path


def _edit(folder, berkas, old, new):
    path = folder / SLUG / berkas
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {berkas}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _problems(folder):
    with pytest.raises(DataError) as err:
        muat_dinas(folder, SLUG)
    return err.value.masalah, str(err.value)


def test_the_fixture_loads():
    data = muat_dinas(FIXTURE_DATA, SLUG)
    assert len(data.indikator) == 4


@pytest.mark.parametrize("berkas, old, new, baris, kolom, kata", [
    ("realisasi.csv", '"60,00"', '"6o,00"', 3, "nilai", "bukan angka"),
    ("realisasi.csv", '"60,00"', '"1.234"', 3, "nilai", "ribuan atau desimal"),
    ("target.csv", "I01,2022,renstra", "I99,2022,renstra", 3, "indikator", "indikator.csv"),
    ("indikator.csv", "positif,persen,ditangani", "naik,persen,ditangani", 2, "polaritas", "positif, negatif"),
    ("indikator.csv", "I02,sasaran,S1", "I01,sasaran,S1", 3, "kode", "kunci ganda"),
    ("indikator.csv", "I02,sasaran,S1,Rasio kasus kekerasan", "I02,sasaran,S1,", 3, "nama", "sel kosong"),
    ("anggaran.csv", "P01.K01.S02,subkegiatan,P01.K01", "P01.K01.S02,subkegiatan,P01.K01.S01", 5, "induk", "subkegiatan"),
    ("anggaran.csv", "P02.K01,kegiatan,P02", "P02.K01,kegiatan,", 7, "induk", "kosong"),
    ("realisasi.csv", "I01,2022", "I01,22", 2, "tahun", "tahun empat angka"),
    ("tujuan_sasaran.csv", "S2,sasaran,T1", "S2,sasaran,S1", 4, "induk", "tujuan"),  # a sasaran under a sasaran
])
def test_each_broken_cell_is_named(salinan, berkas, old, new, baris, kolom, kata):
    _edit(salinan, berkas, old, new)
    masalah, message = _problems(salinan)
    hits = [m for m in masalah if m.berkas.endswith(berkas) and m.baris == baris and kolom in (m.kolom or "")]
    assert hits, message
    assert any(kata in str(m) for m in hits), message


def test_missing_required_and_unknown_columns(salinan):
    """A required column left out is named; an optional one is read as empty (see test_migrasi),
    but a misspelt one is an unknown column, named with the column it probably is."""
    _edit(salinan, "indikator.csv", "polaritas", "polarity")
    _edit(salinan, "indikator.csv", "penanggung_jawab", "penangung_jawab")
    masalah, message = _problems(salinan)
    assert any(m.kolom == "polaritas" and "tidak ada" in m.ditemukan for m in masalah), message
    assert any(m.kolom == "penangung_jawab" and "tidak dikenal" in m.ditemukan
               and "penanggung_jawab" in m.saran for m in masalah), message
    assert not any(m.kolom == "penanggung_jawab" for m in masalah), message


def test_missing_required_file(salinan):
    (salinan / SLUG / "anggaran.csv").unlink()
    masalah, message = _problems(salinan)
    assert any(m.berkas.endswith("anggaran.csv") and "tidak ada" in m.ditemukan for m in masalah)
    assert "data/README.md" in message


def test_profile_problems(salinan):
    _edit(salinan, "profil.yaml", "capaian_negatif: 2T-R", "capaian_negatif: terbalik")
    _edit(salinan, "profil.yaml", "tanggal: 2024-02-13", "tanggal: 13-02-2024")
    masalah, message = _problems(salinan)
    assert any(m.kolom == "metode.capaian_negatif" for m in masalah), message
    assert any(m.kolom == "penandatanganan.tanggal" for m in masalah), message


@pytest.mark.parametrize("isi, kolom", [
    ("  tanggal_reviu: 15-02-2024\n", "pelaporan.tanggal_reviu"),
    ("  tautan_publikasi: javascript:alert(1)\n", "pelaporan.tautan_publikasi"),
    ("  tanggal_publish: 2024-02-15\n", "pelaporan.tanggal_publish"),
    ("  pereviu: [Inspektorat]\n", "pelaporan.pereviu"),
])
def test_report_facts_are_refused_by_name(salinan, isi, kolom):
    """profil.yaml `pelaporan` (read by the LKE checklist): a misspelt key, a date not ISO, an
    address that is not http(s), a list where text belongs."""
    path = salinan / SLUG / "profil.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "pelaporan:\n" + isi, encoding="utf-8")
    masalah, message = _problems(salinan)
    assert any(m.kolom == kolom for m in masalah), message


def test_broken_yaml(salinan):
    (salinan / SLUG / "profil.yaml").write_text("nama: [tidak ditutup\n", encoding="utf-8")
    masalah, _ = _problems(salinan)
    assert any("YAML" in m.ditemukan for m in masalah)


def test_all_problems_at_once(salinan):
    _edit(salinan, "realisasi.csv", '"60,00"', "enam puluh")
    _edit(salinan, "target.csv", "I01,2022,renstra", "I99,2022,renstra")
    _edit(salinan, "anggaran.csv", "1.000.000,800.000,1", "1.000.000,delapan,1")
    _edit(salinan, "indikator.csv", "negatif,persen", "terbalik,persen")
    masalah, message = _problems(salinan)
    files = {m.berkas.rsplit("/", 1)[-1] for m in masalah}
    assert {"realisasi.csv", "target.csv", "anggaran.csv", "indikator.csv"} <= files, message
    assert message.startswith(f"{len(masalah)} masalah pada data")


def test_unknown_agency_lists_the_known_ones(tmp_path):
    salin_dinas(tmp_path, SLUG)
    with pytest.raises(DataError) as err:
        muat_dinas(tmp_path, "kab-tidak-ada")
    assert SLUG in str(err.value)


def test_not_utf8(salinan):
    (salinan / SLUG / "strategi.csv").write_bytes("sasaran,strategi,arah_kebijakan\nS1,Perluasan \xe9,x\n".encode("latin-1"))
    masalah, _ = _problems(salinan)
    assert any("UTF-8" in m.ditemukan for m in masalah)


def test_rupiah_columns_take_indonesian_thousands():
    data = muat_dinas(FIXTURE_DATA, SLUG)
    assert data.anggaran["pagu"].max() == 1_000_000       # written 1.000.000
    assert data.pk_anggaran["anggaran"].min() == 500_000  # written 500.000
