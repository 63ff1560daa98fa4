"""Formats real agencies need (data/README.md): plans over time, profile fields the sources do not
state, sasaran directly under misi, a budget that starts below program level."""

import pandas as pd
import pytest
import yaml

from _bantu import salin_dinas
from lkjip import DataError, muat_dinas
from lkjip.compute.laporan import Laporan
from lkjip.inputs.rencana import Rencana, baca_rencana, rencana_berlaku

SLUG = "kab-contoh-dinsos"

DUA_RENSTRA = {"renstra": [
    {"awal": 2018, "akhir": 2023, "dokumen": "Renstra 2018-2023"},
    {"awal": 2024, "akhir": 2026, "dokumen": "Renstra transisi 2024-2026"},
], "rpjmd": [
    {"jenis": "RPJMD", "awal": 2018, "akhir": 2023},
    {"jenis": "RPD", "awal": 2024, "akhir": 2026},
]}


@pytest.mark.parametrize("tahun, renstra, rpjmd", [
    (2018, (2018, 2023), "RPJMD"), (2023, (2018, 2023), "RPJMD"),
    (2024, (2024, 2026), "RPD"), (2026, (2024, 2026), "RPD"), (2027, None, None), (2017, None, None),
])
def test_the_report_year_picks_the_plan_in_force(tahun, renstra, rpjmd):
    plan = rencana_berlaku(DUA_RENSTRA, "renstra", tahun)
    assert (None if plan is None else (plan.awal, plan.akhir)) == renstra
    regional = rencana_berlaku(DUA_RENSTRA, "rpjmd", tahun)
    assert (None if regional is None else regional.jenis) == rpjmd


def test_a_single_mapping_is_one_period():
    assert baca_rencana({"renstra": {"awal": 2021, "akhir": 2026, "dokumen": "R"}}, "renstra") == [
        Rencana("Renstra", 2021, 2026, "R")]


@pytest.mark.parametrize("renstra, kata", [
    ([{"awal": 2018, "akhir": 2023}, {"awal": 2023, "akhir": 2026}], "bertumpang"),
    ({"awal": 2026, "akhir": 2021}, "≥ awal"),
    ({"awal": "2018/2019", "akhir": 2023}, "tahun empat angka"),
])
def test_bad_periods_are_named(renstra, kata):
    masalah = []
    baca_rencana({"renstra": renstra}, "renstra", masalah)
    assert masalah and kata in " ".join(f"{m.ditemukan} {m.diharapkan}" for m in masalah)


def test_an_unstated_period_is_no_plan():
    masalah = []
    assert baca_rencana({"renstra": {"awal": "", "akhir": "", "dokumen": ""}}, "renstra", masalah) == []
    assert masalah == []


@pytest.fixture
def salinan(tmp_path):
    """A data folder holding a copy of the sample agency."""
    salin_dinas(tmp_path, SLUG)
    return tmp_path


def _profil(folder, **changes):
    path = folder / SLUG / "profil.yaml"
    profil = yaml.safe_load(path.read_text(encoding="utf-8"))
    profil.update(changes)
    path.write_text(yaml.safe_dump(profil, allow_unicode=True), encoding="utf-8")


def test_after_the_renstra_ends_there_is_no_end_target(salinan):
    _profil(salinan, renstra={"awal": 2018, "akhir": 2022, "dokumen": "Renstra lama"})
    lap = Laporan(muat_dinas(salinan, SLUG), 2023)
    assert lap.renstra is None and lap.renstra_lalu.akhir == 2022
    assert lap.target_akhir.empty
    from lkjip import prosa
    assert "2022" in prosa.kalimat_rencana(lap) and "tidak tersedia" in prosa.kalimat_rencana(lap)


def test_profile_fields_the_source_does_not_state_print_as_absent(salinan):
    _profil(salinan, visi="", misi=[], tugas="", fungsi=[], kepala={"jabatan": "Kepala"},
            penandatanganan={"tempat": "", "tanggal": ""}, renstra={"awal": "", "akhir": "", "dokumen": ""})
    lap = Laporan(muat_dinas(salinan, SLUG), 2023)
    from lkjip import prosa
    assert "Visi: tidak tersedia" in prosa.visi_misi(lap)
    assert "(tanggal tidak tersedia)" in prosa.tanda_tangan(lap)
    assert "(nama tidak tersedia)" in prosa.tanda_tangan(lap)
    assert "tugas tidak tersedia" in prosa.tugas_fungsi(lap)


def test_sasaran_directly_under_misi(salinan):
    path = salinan / SLUG / "tujuan_sasaran.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("S2,sasaran,T1,", "S2,sasaran,,"), encoding="utf-8")
    lap = Laporan(muat_dinas(salinan, SLUG), 2023)
    assert lap.kinerja.set_index("kode").loc["I03", "sasaran"] == "S2"


def test_a_sasaran_without_tujuan_nor_misi_is_refused_when_the_agency_has_tujuan(salinan):
    path = salinan / SLUG / "tujuan_sasaran.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("S2,sasaran,T1,Terkendalinya pertumbuhan penduduk,Kependudukan,1",
                                 "S2,sasaran,,Terkendalinya pertumbuhan penduduk,Kependudukan,"), encoding="utf-8")
    with pytest.raises(DataError, match="misi"):
        muat_dinas(salinan, SLUG)


def test_a_budget_that_starts_at_kegiatan(salinan):
    path = salinan / SLUG / "anggaran.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    header, rows = lines[0], lines[1:]
    # keep only the kegiatan and sub-kegiatan, the kegiatan without a parent
    kept = []
    for line in rows:
        cells = line.split(",")
        if cells[1] == "kegiatan":
            cells[2] = ""
        if cells[1] in ("kegiatan", "subkegiatan"):
            kept.append(",".join(cells))
    path.write_text("\n".join([header, *kept]) + "\n", encoding="utf-8")
    for berkas in ("pk_anggaran.csv", "peta_anggaran.csv", "anggaran_periode.csv"):  # they name the programs removed
        p = salinan / SLUG / berkas
        p.write_text(p.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    ind = salinan / SLUG / "indikator.csv"
    ind.write_text(ind.read_text(encoding="utf-8").replace("IP01,program,P01,", "IP01,kegiatan,P01.K01,"), encoding="utf-8")
    lap = Laporan(muat_dinas(salinan, SLUG), 2023)
    kegiatan = [r for r in kept if ",kegiatan," in r]
    assert len(lap.program) == len([r for r in kegiatan if r.split(",")[4] == "2023"])
    assert lap.total_anggaran["pagu"] == lap.program["pagu"].sum()


@pytest.mark.parametrize("batas, capaian_i02", [(None, 120.0), (100, 100.0)])
def test_an_agency_may_cap_capaian(salinan, batas, capaian_i02):
    profil = yaml.safe_load((salinan / SLUG / "profil.yaml").read_text(encoding="utf-8"))
    _profil(salinan, metode={**profil["metode"], **({"batas_capaian": batas} if batas else {})})
    lap = Laporan(muat_dinas(salinan, SLUG), 2023)
    assert lap.kinerja.set_index("kode").loc["I02", "capaian"] == pytest.approx(capaian_i02)
    from lkjip import prosa
    assert ("dibatasi 100%" in prosa.keterangan_skala(lap)) == bool(batas)


def test_a_bad_cap_is_named(salinan):
    profil = yaml.safe_load((salinan / SLUG / "profil.yaml").read_text(encoding="utf-8"))
    _profil(salinan, metode={**profil["metode"], "batas_capaian": "seratus"})
    with pytest.raises(DataError, match="batas_capaian"):
        muat_dinas(salinan, SLUG)


def test_an_indicator_without_a_target_is_shown_not_rated_with_the_reason(salinan):
    path = salinan / SLUG / "target.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("I01,2023,renstra,75,\n", "").replace(
        "I01,2023,pk,75,\n", ""), encoding="utf-8")
    lap = Laporan(muat_dinas(salinan, SLUG), 2023)
    row = lap.kinerja.set_index("kode").loc["I01"]
    assert pd.isna(row["capaian"]) and row["kategori"] == "Tidak Ada Target" and row["realisasi"] == 60
    assert "I01" not in lap.kinerja.dropna(subset=["capaian"])["kode"].values


def test_indicators_at_every_level_including_sub_kegiatan(salinan):
    path = salinan / SLUG / "indikator.csv"
    path.write_text(path.read_text(encoding="utf-8")
                    + "IS01,subkegiatan,P01.K01.S01,Jumlah penerima permakanan,orang,positif,jumlah,,,tidak,9\n",
                    encoding="utf-8")
    for berkas, row in (("target.csv", "IS01,2023,pk,100,\n"), ("realisasi.csv", "IS01,2023,90,\n")):
        p = salinan / SLUG / berkas
        p.write_text(p.read_text(encoding="utf-8") + row, encoding="utf-8")
    lap = Laporan(muat_dinas(salinan, SLUG), 2023)
    assert lap.kinerja_program.set_index("kode").loc["IS01", "capaian"] == pytest.approx(90.0)


def _indikator_huruf(salinan, skala: str):
    """The sample agency with a letter scale and a letter-grade indicator I09 (Nilai SAKIP)."""
    folder = salinan / SLUG
    (folder / "skala_huruf.csv").write_text(skala, encoding="utf-8")
    with open(folder / "indikator.csv", "a", encoding="utf-8") as f:
        f.write("I09,sasaran,S1,Nilai SAKIP,predikat,positif,huruf,,,ya,9\n")
    return folder


def test_a_letter_grade_indicator_is_rated_on_the_agency_scale_and_printed_as_letters(salinan):
    folder = _indikator_huruf(salinan, "huruf,nilai,keterangan\nBB,70,Sangat Baik\nB,60,Baik\n")
    with open(folder / "target.csv", "a", encoding="utf-8") as f:
        f.write("I09,2023,pk,,BB\n")
    with open(folder / "realisasi.csv", "a", encoding="utf-8") as f:
        f.write("I09,2023,,,b\n")
    lap = Laporan(muat_dinas(salinan, SLUG), 2023)
    row = lap.kinerja.set_index("kode").loc["I09"]
    assert row["capaian"] == pytest.approx(60 / 70 * 100)
    from lkjip import prosa
    assert "ditargetkan BB dan terealisasi B" in prosa.paragraf_indikator(row.rename(None).to_frame().T.assign(kode="I09").iloc[0], 2023)


def test_a_letter_the_scale_does_not_know_is_named(salinan):
    folder = _indikator_huruf(salinan, "huruf,nilai,keterangan\nB,60,Baik\n")
    with open(folder / "realisasi.csv", "a", encoding="utf-8") as f:
        f.write("I09,2023,,,AA\n")
    with pytest.raises(DataError, match="skala_huruf.csv"):
        muat_dinas(salinan, SLUG)


def test_data_readme_says_for_every_file_whether_it_is_required():
    import re

    from conftest import ROOT
    from lkjip.inputs.skema import SKEMA
    readme = (ROOT / "data" / "README.md").read_text(encoding="utf-8")
    for berkas, skema in SKEMA.items():
        section = re.search(rf"^### `{re.escape(berkas)}`[^\n]*\n([^\n]*)", readme, re.M)
        assert section, berkas
        expected = "**Required file" if skema.wajib_ada else "**Optional file**"
        assert section.group(1).startswith(expected), (berkas, section.group(1))
