"""Charts described in words (`lkjip.present.deskripsi`): every chart of the report carries an
Indonesian alternative text computed from its data (what it shows, its extremes) that reaches
the figure's `fig-alt`, and a long description of every data point, for screen readers only."""
import pandas as pd
import pytest

from lkjip import grafik, tampil
from lkjip.present import deskripsi, format as fmt


CHARTS = {
    "capaian": lambda lap: grafik.capaian_batang(lap.kinerja, lap.data.skala_penilaian),
    "target-akhir": lambda lap: grafik.progres(lap.target_akhir),
    "serapan-program": lambda lap: grafik.serapan_program(lap.program),
    "efisiensi": lambda lap: grafik.efisiensi_sebar(lap.efisiensi),
    "struktur": lambda lap: grafik.struktur_organisasi(lap.profil),
}


@pytest.mark.parametrize("nama", list(CHARTS))
def test_every_chart_has_an_alternative_text_and_a_long_description(contoh, nama):
    fig = CHARTS[nama](contoh)
    assert fig is not None, f"the fixture agency draws {nama}"
    d = deskripsi.dari(fig)
    assert d is not None and d.alt and d.rincian
    text = tampil.gambar_markdown(fig, nama, "Judul")
    assert f'fig-alt="{deskripsi.nilai_atribut(d.alt)}"' in text
    assert '::: {.visually-hidden}' in text and text.count("\n- ") == len(d.rincian)


def test_a_bar_chart_names_its_highest_and_lowest_bar_and_how_many_reach_100_percent(contoh):
    data = contoh.kinerja.dropna(subset=["capaian"])
    fig = grafik.capaian_batang(contoh.kinerja, contoh.data.skala_penilaian)
    d = deskripsi.dari(fig)
    tampil.gambar_markdown(fig, "capaian", "Capaian")  # closes the figure
    hi, lo = data.loc[data["capaian"].idxmax()], data.loc[data["capaian"].idxmin()]
    assert f"tertinggi {hi['nama']} ({fmt.persen(hi['capaian'])})" in d.alt
    assert f"terendah {lo['nama']} ({fmt.persen(lo['capaian'])})" in d.alt
    assert f"{int((data['capaian'] >= 100).sum())} dari {len(data)} mencapai 100%" in d.alt
    assert d.rincian[0].startswith(str(data["nama"].iloc[0])), "the long description keeps the table's order"


@pytest.mark.parametrize("teks", ['nama "kutip"', "a\\b", "{#x}", "baris\nbaru"])
def test_text_from_data_cannot_end_the_attribute(teks):
    value = deskripsi.nilai_atribut(teks)
    assert not set('"\\{}\n') & set(value)


def test_the_peer_chart_says_where_the_own_region_ranks():
    data = pd.DataFrame({"wilayah": ["Kota A", "Kota B", "Kota C"], "nilai": [3.0, 1.0, 2.0]})
    fig = grafik.peringkat(data, "Kota C", "indeks")
    d = deskripsi.dari(fig)
    tampil.gambar_markdown(fig, "pembanding", "Pembanding")  # closes the figure
    assert "Kota C di urutan ke-2 (2)" in d.alt and d.rincian[0] == "1. Kota A: 3"
