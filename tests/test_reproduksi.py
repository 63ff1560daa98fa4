"""Both published 2023 reports are reproduced from data: every figure the source got right comes
out of the computation, and every figure it got wrong is named in the findings."""
import pytest

from conftest import ROOT
from lkjip import format as fmt
from lkjip.compute.laporan import buka_laporan

MALANG, TRENGGALEK = "kota-malang-dinsos-p3ap2kb", "kab-trenggalek-dinsos-p3a"


@pytest.fixture(scope="module")
def laporan():
    return {d: buka_laporan(ROOT / "data", d, 2023) for d in (MALANG, TRENGGALEK)}


def _kinerja(lap, kode, kolom="capaian"):
    return lap.kinerja.set_index("kode").loc[kode, kolom]


@pytest.mark.parametrize("dinas, kode, expected", [
    (MALANG, "I03", "46,57%"), (MALANG, "I04", "142,59%"), (MALANG, "I05", "99,52%"),
    (MALANG, "I06", "99,71%"), (MALANG, "I07", "132,06%"), (MALANG, "I10", "106,25%"),
    (TRENGGALEK, "I01", "100,46%"), (TRENGGALEK, "I02", "123,91%"), (TRENGGALEK, "I03", "113,74%"),
    (TRENGGALEK, "I04", "119,46%"), (TRENGGALEK, "I07", "100,00%"),
])
def test_indicator_capaian_as_printed(laporan, dinas, kode, expected):
    assert fmt.persen(_kinerja(laporan[dinas], kode)) == expected


@pytest.mark.parametrize("kode, expected", [("I01", "13,75"), ("I02", "5,56"), ("I03", "37,23"),
                                            ("I04", "94,98"), ("I08", "0,12"), ("I09", "1,79")])
def test_malang_calculation_sheets(laporan, kode, expected):
    hasil = {h.indikator: h.nilai for h in laporan[MALANG].perhitungan}
    assert fmt.angka(hasil[kode], 2) == expected


def test_malang_kdrt_ratio_sheet(laporan):
    hasil = {h.indikator: h.nilai for h in laporan[MALANG].perhitungan}
    assert fmt.rasio(round(hasil["I07"])) == "1 : 36.317"


@pytest.mark.parametrize("dinas, pagu, realisasi, serapan", [
    (MALANG, "Rp68.946.994.211", "Rp50.567.636.778", "73,34%"),
    (TRENGGALEK, "Rp16.605.479.345", "Rp15.731.330.440,12", "94,74%"),
])
def test_budget_totals(laporan, dinas, pagu, realisasi, serapan):
    total = laporan[dinas].total_anggaran
    assert fmt.rupiah(total["pagu"]) == pagu
    assert fmt.rupiah(total["realisasi"], 2 if total["realisasi"] % 1 else 0) == realisasi
    assert fmt.persen(total["serapan"]) == serapan


@pytest.mark.parametrize("dinas, kunci, serapan, efisiensi", [
    (MALANG, "I04", "67,31%", "211,83%"), (MALANG, "I06", "86,51%", "115,26%"),
    (MALANG, "I07", "95,35%", "138,51%"), (MALANG, "I10", "84,17%", "126,24%"),
    (TRENGGALEK, "S1", None, "119,58%"), (TRENGGALEK, "S3", None, "109,64%"),
])
def test_efficiency(laporan, dinas, kunci, serapan, efisiensi):
    row = laporan[dinas].efisiensi.set_index("kunci").loc[kunci]
    if serapan:
        assert fmt.persen(row["serapan"]) == serapan
    assert fmt.persen(row["efisiensi"]) == efisiensi


def test_trenggalek_end_target(laporan):
    akhir = laporan[TRENGGALEK].target_akhir.set_index("kode")
    assert fmt.persen(akhir.loc["I01", "persen_target_akhir"]) == "100,42%"
    assert fmt.persen(akhir.loc["I02", "persen_target_akhir"]) == "82,46%"


def test_trenggalek_pk_totals(laporan):
    pk = laporan[TRENGGALEK].pk_anggaran
    assert fmt.bulat(pk["pk"].sum()) == "14.557.250.718"
    assert fmt.bulat(pk["pk_perubahan"].sum()) == "16.605.479.345"


def test_most_printed_figures_follow_from_the_data(laporan):
    """The sources are mostly right: the findings are the exception, not the rule."""
    for dinas, lap in laporan.items():
        wrong = lap.temuan[lap.temuan["lokasi"] != "anggaran.csv"]
        assert len(wrong) < 0.3 * len(lap.angka_tercetak), dinas


def _found(lap, jenis, kunci, tercetak=None):
    t = lap.temuan
    rows = t[(t["jenis"] == jenis) & (t["kunci"] == kunci)]
    if tercetak is not None:
        rows = rows[rows["tercetak"].astype(str).str.replace(",", ".").str.rstrip("%") == tercetak]
    return len(rows) > 0


@pytest.mark.parametrize("jenis, kunci, tercetak", [
    ("salah_hitung", "I08", "19.05"),          # negative indicator computed as R/T
    ("salah_hitung", "I09", "105.29"),         # likewise TFR
    ("salah_hitung", "I02", "31.44"),          # Tabel 3.6 efficiency
    ("salah_hitung", "I03", "41.33"),
    ("salah_hitung", "IP08", "1673"),          # 1,00 / 0,06 is 1.666,67%
    ("salah_hitung", "P01.K05.S03", "95.96"),  # absorption that does not follow from its row
    ("salah_hitung", "pk", None),              # PK induk total does not add up
    ("realisasi_melebihi_pagu", "P01.K04", None),
    ("jumlah_tidak_sesuai", "P01", None),
    ("kategori_tidak_sesuai", "I06", None),    # 99,71% called "cukup berhasil"
    ("salah_hitung", "I01", "-5.02"),          # "turun 5,02%" 2020-2021 quotes 2020's value; fell 5,44
    ("salah_hitung", "I09", "-1.5"),           # "penurunan 1,5%" 2021-2022 quotes 2022's value
    ("salah_hitung", "I10", "-1.93"),          # 2021 taken as 85,78 (Tabel 3.3) instead of 85,75
    ("salah_hitung", "I10", "5.44"),           # capaian change from the rounded 106,3
])
def test_malang_source_errors_are_named(laporan, jenis, kunci, tercetak):
    assert _found(laporan[MALANG], jenis, kunci, tercetak)


@pytest.mark.parametrize("jenis, kunci, tercetak", [
    ("salah_hitung", "I05", "98.68"),          # APE and KLA swapped in Tabel 3.6
    ("salah_hitung", "I06", "81.98"),
    ("salah_hitung", "S2", "97.07"),
    ("salah_hitung", "IP04", "118.73"),        # % of end target against last year's value
    ("salah_hitung", "I04", None),             # PSKS/PPKS divides by the wrong count
    ("persen_melebihi_100", "I03", None),      # 102,16% of PPKS handled
])
def test_trenggalek_source_errors_are_named(laporan, jenis, kunci, tercetak):
    assert _found(laporan[TRENGGALEK], jenis, kunci, tercetak)


@pytest.mark.parametrize("lokasi, kunci, tahun", [
    ("Bab III A.2 teks", "I01", 2022),   # realisasi "naik 4,18%", capaian "naik 83,6%"
    ("Bab III A.2 teks", "I10", 2023),   # "naik 2%", capaian "meningkat 2,41%"
    ("Bab III A.3 teks", "I02", 2023),   # "selisih 9,81%" below the end target 15,37
    ("Bab III A.3 teks", "I08", 2023),   # "kekurangan 0,51%" against 0,63
    ("Bab III A.3 teks", "I04", 2023),   # "melebihi target jangka menengah dengan capaian 142,59%"
    ("Bab III A.6 teks", "I10", 2023),   # "efisiensi anggaran 15,83%" = 100 - absorption 84,17
    ("Bab IV teks", "semua", 2023),      # pagu, realisasi, 73,34%, "efisiensi" 26,66%, sisa Rp18.379.357.433
    ("Lampiran Berita Acara Hasil Evaluasi SAKIP Tahun Anggaran 2023 (Total Nilai)", "semua", 2023),  # 85,85
])
def test_malang_prose_changes_gaps_and_unspent_budget_reconcile(laporan, lokasi, kunci, tahun):
    printed, t = laporan[MALANG].angka_tercetak, laporan[MALANG].temuan
    assert len(printed[(printed["lokasi"] == lokasi) & (printed["kunci"] == kunci) & (printed["tahun"] == tahun)])
    assert not len(t[(t["lokasi"] == lokasi) & (t["kunci"] == kunci) & (t["tahun"] == tahun)])


def test_malang_ktp_recording_percentages_reconcile(laporan):
    """Lampiran 3 prints % PEREKAMAN for 57 kelurahan and 5 kecamatan subtotals; one is misrounded."""
    lap = laporan[MALANG]
    printed = lap.angka_tercetak[lap.angka_tercetak["jenis"] == "proporsi_data_dasar"]
    found = lap.temuan[lap.temuan["lokasi"].astype(str).str.contains("% PEREKAMAN")]
    assert len(printed) == 62 and printed["kunci"].str.endswith("/").sum() == 5
    assert list(found["kunci"]) == ["ktp_sudah_rekam_kelurahan/wajib_ktp_kelurahan:KLOJEN/SUKOHARJO"]  # 6.545/6.695


def test_malang_raw_data_totals_reconcile(laporan):
    """Printed totals of the appendix tables (PMKS 2022 and 2023, kecamatan subtotals, grand totals,
    page subtotals over ages) follow from the rows; only Klojen's SUDAH REKAM subtotal (76.028 for
    76.027) does not."""
    lap = laporan[MALANG]
    printed = lap.angka_tercetak[lap.angka_tercetak["jenis"] == "jumlah_data_dasar"]
    found = lap.temuan[lap.temuan["uraian"].astype(str).str.startswith("jumlah ")
                       & lap.temuan["kunci"].isin(set(printed["kunci"]))]
    assert len(printed) == 46 and set(printed["tahun"]) == {2022, 2023}
    assert list(found["kunci"]) == ["ktp_sudah_rekam_kelurahan:KLOJEN/"]


def test_malang_age_specific_fertility_rates_reconcile(laporan):
    """The TFR sheet's ASFR column (births per 1.000 women of each age group) follows from its rows."""
    lap = laporan[MALANG]
    printed = lap.angka_tercetak[lap.angka_tercetak["jenis"] == "permil_data_dasar"]
    assert len(printed) == 7
    assert not lap.temuan["lokasi"].astype(str).str.contains("kolom ASFR").any()


def test_conflicting_printed_values_are_findings(laporan):
    for lap in laporan.values():
        conflicts = lap.catatan_sumber[lap.catatan_sumber["jenis"] == "beda_antar_tabel"]
        assert (lap.temuan["jenis"] == "beda_antar_tabel").sum() >= len(conflicts) > 0


POLMAN = "kab-polewali-mandar-subbid-anggaran"


@pytest.fixture(scope="module")
def polman():
    """The third agency: one unit's 2022 e-SAKIP measurement page, complete but without tujuan,
    program, Renstra or profile prose."""
    return buka_laporan(ROOT / "data", POLMAN, 2022)


@pytest.mark.parametrize("kode, expected", [("I01", "97,32%"), ("I02", "150,00%"), ("I03", "166,67%")])
def test_polman_capaian_as_printed(polman, kode, expected):
    assert fmt.persen(_kinerja(polman, kode)) == expected


def test_polman_budget_starting_at_kegiatan(polman):
    total = polman.total_anggaran
    assert (fmt.rupiah(total["pagu"]), fmt.rupiah(total["realisasi"]), fmt.persen(total["serapan"])) == (
        "Rp1.004.422.800", "Rp1.000.972.958", "99,66%")


def test_polman_every_printed_figure_follows_from_the_data(polman):
    """Every percentage the page prints recomputes exactly: the third agency has no finding."""
    assert len(polman.data.angka_tercetak) == 6
    assert polman.temuan.empty, polman.temuan.to_string()


DUMAI = "kota-dumai-dinas-pupr"


@pytest.fixture(scope="module")
def dumai():
    """The fourth agency, of another sector: the readable start of a public-works agency's Bab III,
    with no rating scale, no budget and no Renstra."""
    return buka_laporan(ROOT / "data", DUMAI, 2020)


def test_dumai_capaian_as_printed_and_unrated(dumai):
    assert [fmt.persen(_kinerja(dumai, k)) for k in ("I01", "I02")] == ["16,05%", "100,00%"]
    assert dumai.tanpa_skala and dumai.kinerja["kategori"].isna().all()


def test_dumai_every_printed_figure_recomputes_and_its_only_findings_are_the_years_the_source_prints_twice(dumai):
    assert len(dumai.angka_tercetak) == 2
    temuan = dumai.temuan
    assert list(temuan["jenis"]) == ["beda_antar_tabel", "beda_antar_tabel"], temuan.to_string()
    assert set(temuan["tercetak"]) == {"2019"} and set(temuan["dihitung"]) == {"2020"}


SEMARANG = "kab-semarang-disdikbudpora"


@pytest.fixture(scope="module")
def semarang():
    """An education agency: two readable pages of Bab III (APK from the text, APM from Tabel 3.13 with
    its 2019 column), no rating scale, no budget, no Renstra."""
    return buka_laporan(ROOT / "data", SEMARANG, 2020)


def test_semarang_capaian_follow_from_the_printed_target_and_realisasi(semarang):
    assert [fmt.persen(_kinerja(semarang, k)) for k in ("I01", "I02", "I03", "I04", "I05")] == \
        ["108,97%", "100,60%", "100,20%", "100,06%", "100,06%"]
    assert semarang.tanpa_skala and semarang.kinerja["kategori"].isna().all()


def test_semarang_both_printed_capaian_recompute_and_2019_is_a_year_of_the_series(semarang):
    assert len(semarang.angka_tercetak) == 2 and semarang.temuan.empty, semarang.temuan.to_string()
    apm = semarang.seri[semarang.seri["kode"].isin(["I04", "I05"])]
    assert sorted(apm["tahun"].unique()) == [2019, 2020]


def test_malang_kegiatan_indicator_meets_its_national_standard(laporan):
    standar = laporan[MALANG].standar.set_index("kode")
    assert standar.loc["IK16", "tingkat"] == "spm" and standar.loc["IK16", "terhadap_standar"] == 100
    assert bool(standar.loc["IK16", "memenuhi"])
