"""Charts (`lkjip.present.grafik`): a chart without data is absent and one with data a numbered
figure; bar names never touch; the org chart prints an absent head as absent; every rating
category has its own colour; peer and trend charts keep their scale."""
import re

import pandas as pd
import pytest

from lkjip import grafik, tampil


def test_a_chart_without_data_is_absent_and_a_chart_with_data_is_a_numbered_figure(contoh):
    empty = contoh.kinerja.iloc[0:0]
    assert grafik.capaian_batang(empty, contoh.data.skala_penilaian) is None
    assert grafik.tren(contoh.seri.iloc[0:0]) is None
    assert grafik.serapan_program(contoh.program.iloc[0:0]) is None
    assert grafik.struktur_organisasi({"unit_organisasi": []}) is None
    fig = grafik.capaian_batang(contoh.kinerja, contoh.data.skala_penilaian)
    text = tampil.gambar_markdown(fig, "capaian", "Capaian *x*")
    figure = text.split("\n\n", 1)[0]  # then its data for screen readers (test_deskripsi.py)
    assert re.fullmatch(r'!\[Capaian \\\*x\\\*\]\(data:image/png;base64,[A-Za-z0-9+/=]+\)\{#fig-capaian fig-alt="[^"{}]+"\}', figure)


def test_bar_chart_names_never_touch_and_same_names_are_separate_bars(contoh):
    """Long names wrap to three lines and get the room they need; two indicators of one name are
    two bars (a categorical axis drew them as one)."""
    kinerja = contoh.kinerja.dropna(subset=["capaian"])
    kinerja = pd.concat([kinerja, kinerja]).head(4).reset_index(drop=True)
    kinerja["nama"] = ["Persentase penyandang masalah kesejahteraan sosial binaan yang terentaskan "
                       "dan mandiri secara ekonomi", "Nama sama", "Nama sama",
                       "Persentase penyandang disabilitas dan lanjut usia terlantar yang menerima jaminan sosial"]
    fig = grafik.capaian_batang(kinerja, contoh.data.skala_penilaian)
    ax = fig.axes[0]
    assert len(ax.patches) == 4 and len({round(bar.get_y(), 6) for bar in ax.patches}) == 4
    fig.canvas.draw()
    boxes = sorted((label.get_window_extent() for label in ax.get_yticklabels()), key=lambda box: box.y0)
    assert max(label.get_text().count("\n") for label in ax.get_yticklabels()) >= 2
    assert all(lower.y1 < upper.y0 for lower, upper in zip(boxes, boxes[1:]))


def test_org_chart_prints_an_absent_head_as_absent_never_a_name():
    fig = grafik.struktur_organisasi({"kepala": {}, "unit_organisasi": [
        {"nama": "Sekretariat", "induk": ""}, {"nama": "Bidang A", "induk": "", "kepala": "Budi"}]})
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert any("Kepala Dinas" in t and "(pejabat tidak tercantum)" in t for t in texts)
    assert any("Sekretariat" in t and "tidak" in t for t in texts) and any("Budi" in t for t in texts)


def test_every_rating_category_has_its_own_colour():
    assert grafik.palet_kategori(4) == grafik.WARNA_KATEGORI[:4]
    assert len(set(grafik.palet_kategori(7))) == 7  # Polewali Mandar's scale: three shared dark red


def test_a_province_total_of_a_count_does_not_flatten_the_peer_chart():
    data = pd.DataFrame({"wilayah": ["Jawa Timur", "Trenggalek", "Malang", "Kota Batu"],
                         "nilai": [4200.0, 75.0, 250.0, 3.0]})
    ax = grafik.peringkat(data, "Trenggalek", "jumlah").axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Kota Batu", "Trenggalek", "Malang"]
    data.loc[0, "nilai"] = 300.0  # a rate: the province stays, in grey, for comparison
    assert len(grafik.peringkat(data, "Trenggalek", "persen").axes[0].patches) == 4


def test_a_trend_needs_two_years_and_counts_get_whole_number_ticks(contoh):
    seri = contoh.seri.dropna(subset=["realisasi"])
    assert grafik.tren(seri[seri["tahun"] == seri["tahun"].max()]) is None  # one year is no series
    counts = seri.assign(target=3.0, realisasi=[2.0 + i % 2 for i in range(len(seri))])
    fig = grafik.tren(counts)
    fig.canvas.draw()
    ticks = [t.get_text() for t in fig.axes[0].get_yticklabels() if t.get_text()]
    assert ticks and all("," not in t for t in ticks)


def test_a_trend_of_two_years_labels_its_axis_with_the_years_never_an_offset(contoh):
    """Kabupaten Semarang prints APM for 2019 and 2020 only: matplotlib's default labelled that axis
    "-1, 0" with "+2.02e3" beside it (years across a decade)."""
    seri = contoh.seri.dropna(subset=["realisasi"])
    akhir = sorted(seri["tahun"].unique())[-2:]
    dua = seri[seri["tahun"].isin(akhir)].assign(tahun=lambda d: d["tahun"].map(dict(zip(akhir, (2019, 2020)))))
    fig = grafik.tren(dua)
    fig.canvas.draw()
    for ax in fig.axes:
        if ax.get_visible():
            assert [t.get_text() for t in ax.get_xticklabels()] == [str(int(t)) for t in ax.get_xticks()]
            assert ax.xaxis.get_offset_text().get_text() == ""


def test_org_chart_heads_a_sub_division_with_its_own_title_not_kepala_dinas():
    fig = grafik.struktur_organisasi({"kepala": {"jabatan": "Kepala Sub Bidang Penyusunan Anggaran"},
                                      "unit_organisasi": [{"nama": "Seksi A"}, {"nama": "Seksi B"}]})
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert any(t.startswith("Kepala Sub Bidang") for t in texts) and not any("Kepala Dinas" in t for t in texts)


@pytest.mark.parametrize("nilai", [[92.4, 95.1, 96.8, 93.0], [4.5, 9.8, 12.1, 7.7]])
def test_peer_bars_start_at_zero(nilai):
    """Malang's peer chart cut its axis at 92: bars of 92 and 97 looked five times apart."""
    data = pd.DataFrame({"wilayah": ["Jawa Timur", "Trenggalek", "Malang", "Kota Batu"], "nilai": nilai})
    assert grafik.peringkat(data, "Trenggalek", "persen").axes[0].get_xlim()[0] == 0


def test_a_trend_of_counts_starts_at_zero(contoh):
    seri = contoh.seri.dropna(subset=["realisasi"])
    counts = seri.assign(target=300.0, realisasi=[280.0 + 10 * (i % 2) for i in range(len(seri))])
    assert grafik.tren(counts).axes[0].get_ylim()[0] == 0
