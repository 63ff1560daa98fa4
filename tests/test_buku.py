"""The book's agency-specific parts: the cover metadata comes from profil.yaml as written,
escaped for Markdown, and an absent value is printed as absent, never invented."""
from __future__ import annotations

import pytest

from lkjip import format as fmt
from lkjip.publish.buku import agency_from_profile, cover_metadata

PROFIL = {
    "nama": "Dinas Sosial",
    "wilayah": "Uji",
    "jenis_wilayah": "kota",
    "provinsi": "Jawa Timur",
    "kepala": {"nama": "Dr. A_B, M.Si", "jabatan": "Kepala Dinas Sosial", "pangkat": "Pembina",
               "nip": "19770724 199602 1 001"},
    "penandatanganan": {"tempat": "Uji", "tanggal": "2024-02-13"},
}


def test_cover_names_agency_province_official_and_date_of_signing():
    agency = agency_from_profile(PROFIL, "kota-uji")
    assert agency.nama == "Dinas Sosial Kota Uji" and agency.pemerintah == "Pemerintah Kota Uji"
    assert cover_metadata(agency) == {
        "provinsi": "Jawa Timur",
        "provinsi-cetak": "Jawa Timur",  # the cover prints a province only when the profile names one
        "tahun-terbit": "2024",
        "tempat-tanggal": "Uji, 13 Februari 2024",
        "kepala": {"nama": r"Dr. A\_B, M.Si", "jabatan": "Kepala Dinas Sosial", "pangkat": "Pembina",
                   "nip": "19770724 199602 1 001"},
    }


@pytest.mark.parametrize("missing", ["nip", "pangkat", "nama", "jabatan"])
def test_absent_official_values_are_printed_as_absent(missing):
    for absent in ("", None, "  "):
        profil = {**PROFIL, "kepala": {**PROFIL["kepala"], missing: absent}}
        assert cover_metadata(agency_from_profile(profil, "kota-uji"))["kepala"][missing] == f"({fmt.TIDAK_TERSEDIA})"


def test_cover_values_are_escaped_for_markdown():
    profil = {**PROFIL, "provinsi": "Jawa *Timur* <b>"}
    assert cover_metadata(agency_from_profile(profil, "kota-uji"))["provinsi"] == r"Jawa \*Timur\* \<b\>"


def test_profile_without_signing_date_prints_no_year_and_the_place_only():
    profil = {**PROFIL, "penandatanganan": {"tempat": "Uji"}}
    cover = cover_metadata(agency_from_profile(profil, "kota-uji"))
    assert cover["tahun-terbit"] == ""
    assert cover["tempat-tanggal"] == "Uji"


def test_signature_block_prints_absent_rank_and_nip_as_absent():
    from types import SimpleNamespace

    from lkjip import prosa

    lap = SimpleNamespace(profil={**PROFIL, "kepala": {"nama": "A", "jabatan": "Kepala"}})
    text = prosa.tanda_tangan(lap)
    assert "(pangkat tidak tersedia)" in text and "NIP. (tidak tersedia)" in text


def _png(path, size=(40, 60)):
    from PIL import Image
    Image.new("RGB", size, "red").save(path)
    return path


def test_the_cover_prints_the_emblem_the_profile_names(tmp_path):
    from lkjip.publish.buku import salin_logo
    _png(tmp_path / "lambang.PNG")
    agency = agency_from_profile({**PROFIL, "logo": "lambang.PNG"}, "kota-uji", tmp_path)
    assert cover_metadata(agency)["logo"] == "lkjip-logo.png"
    out = tmp_path / "build"
    out.mkdir()
    salin_logo(agency, out)
    assert (out / "lkjip-logo.png").is_file()
    assert "logo" not in cover_metadata(agency_from_profile(PROFIL, "kota-uji", tmp_path))


@pytest.mark.parametrize("logo, says", [("tidak-ada.png", "tidak ditemukan"), ("../luar.png", "di dalam folder dinas"),
                                        ("lambang.svg", "tidak didukung")])
def test_an_emblem_that_cannot_be_printed_is_named(tmp_path, logo, says):
    from lkjip.core.exceptions import BuildError
    (tmp_path / "lambang.svg").write_text("<svg/>", encoding="utf-8")
    with pytest.raises(BuildError, match=says) as error:
        agency_from_profile({**PROFIL, "logo": logo}, "kota-uji", tmp_path)
    assert "profil.yaml" in str(error.value)
