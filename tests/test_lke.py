"""A report judged against the SAKIP evaluation's "Pelaporan Kinerja" criteria (LKE, PermenPAN-RB
88/2021; the criteria themselves: test_lke_kriteria.py), as `lkjip periksa --lke` prints it.

Each shipped agency's verdicts follow from its data; taking one part away from a copy of an agency
(earlier years, benchmarks, causes, the PK) changes the verdict of its criterion and of no other;
facts recorded in profil.yaml `pelaporan` judge the criteria whose evidence lies outside the
report; every piece of evidence has its page and anchor; `--ketat` fails on unmet criteria.
"""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

from _bantu import CONTOH, FIXTURE_DATA, ROOT, assert_snapshot, salin_dinas
from lkjip.commands.cli import main
from lkjip.compute import lke
from lkjip.compute.laporan import Laporan
from lkjip.inputs.lke import kriteria_pelaporan
from lkjip.inputs.snapshot import ambil_snapshot
from lkjip.present import lke as tampil_lke
from lkjip.present.daftar_tabel import SPEK

#: The 22 criteria of 88/2021's Pelaporan Kinerja: 6 + 9 + 7.
KODE = [f"3.a.{i}" for i in range(1, 7)] + [f"3.b.{i}" for i in range(1, 10)] + [f"3.c.{i}" for i in range(1, 8)]
LAPORAN = {"kota-malang-dinsos-p3ap2kb": 2023, "kab-trenggalek-dinsos-p3a": 2023,
           "kab-polewali-mandar-subbid-anggaran": 2022, "kota-dumai-dinas-pupr": 2020}


def test_every_judge_is_of_a_criterion_of_the_file():
    assert set(lke.PENILAI) <= set(KODE) and len(KODE) == len(kriteria_pelaporan().kriteria)


# --- the shipped agencies ---------------------------------------------------------------------------
def _hasil(data_dir: Path, narasi_dir: Path, dinas: str, tahun: int):
    snap = ambil_snapshot(data_dir, dinas, tahun, narasi_dir)
    lap = Laporan(snap.data, snap.tahun)
    return tampil_lke.nilai_laporan(lap, {t: n.teks for t, n in snap.narasi.items()}), lap


@pytest.fixture(scope="module")
def dinilai():
    return {dinas: _hasil(ROOT / "data", ROOT / "narasi", dinas, tahun) for dinas, tahun in LAPORAN.items()}


V, S, X, Q = lke.TERPENUHI, lke.SEBAGIAN, lke.BELUM, lke.TIDAK_DINILAI
#: The verdicts each agency's data gives, criterion by criterion (3.c is never judgeable).
HARAPAN = {
    "kota-malang-dinsos-p3ap2kb": {
        "3.a.1": V, "3.a.2": Q, "3.a.3": V, "3.a.4": Q, "3.a.5": Q, "3.a.6": S,
        "3.b.1": V, "3.b.2": S, "3.b.3": V, "3.b.4": V, "3.b.5": V, "3.b.6": S, "3.b.7": V, "3.b.8": S, "3.b.9": V},
    "kab-trenggalek-dinsos-p3a": {  # its profile records the quarterly reports the source names
        "3.a.1": V, "3.a.2": V, "3.a.3": V, "3.a.4": Q, "3.a.5": Q, "3.a.6": S,
        "3.b.1": V, "3.b.2": S, "3.b.3": V, "3.b.4": S, "3.b.5": S, "3.b.6": S, "3.b.7": S, "3.b.8": V, "3.b.9": V},
    "kab-polewali-mandar-subbid-anggaran": {
        "3.a.1": V, "3.a.2": Q, "3.a.3": X, "3.a.4": Q, "3.a.5": Q, "3.a.6": Q,
        "3.b.1": S, "3.b.2": S, "3.b.3": V, "3.b.4": X, "3.b.5": X, "3.b.6": X, "3.b.7": X, "3.b.8": V, "3.b.9": S},
    "kota-dumai-dinas-pupr": {  # one year of a PUPR agency: no Renstra, budget, earlier years or IKU marks
        "3.a.1": V, "3.a.2": Q, "3.a.3": X, "3.a.4": Q, "3.a.5": Q, "3.a.6": Q,
        "3.b.1": S, "3.b.2": S, "3.b.3": V, "3.b.4": X, "3.b.5": X, "3.b.6": X, "3.b.7": X, "3.b.8": X, "3.b.9": S},
}


@pytest.mark.parametrize("dinas", LAPORAN)
def test_each_agency_gets_the_verdicts_its_data_gives(dinilai, dinas):
    hasil, _ = dinilai[dinas]
    assert {p.kriteria: p.status for p in hasil.putusan} == {**HARAPAN[dinas], **{k: Q for k in KODE[15:]}}


def _kekurangan(hasil, kriteria: str, jenis: str) -> tuple[str, ...]:
    return next((k.kode for k in hasil.untuk(kriteria).kekurangan if k.jenis == jenis), ())


@pytest.mark.parametrize("dinas", LAPORAN)
def test_indicators_without_earlier_years_are_those_of_realisasi_csv(dinilai, dinas):
    hasil, lap = dinilai[dinas]
    realisasi = pd.read_csv(ROOT / "data" / dinas / "realisasi.csv", dtype=str, keep_default_na=False)
    lalu = set(realisasi.loc[(realisasi["tahun"].astype(int) < lap.tahun) & (realisasi["nilai"] != ""), "indikator"])
    assert _kekurangan(hasil, "3.b.5", "tanpa_tahun_lalu") == tuple(k for k in lap.kinerja["kode"] if k not in lalu)


@pytest.mark.parametrize("dinas", LAPORAN)
def test_indicators_without_causes_are_those_without_a_narrative_file(dinilai, dinas):
    hasil, lap = dinilai[dinas]
    folder = ROOT / "narasi" / dinas / str(lap.tahun) / "indikator"
    ditulis = {p.stem for p in folder.glob("*.md")} if folder.is_dir() else set()
    assert _kekurangan(hasil, "3.b.7", "tanpa_penyebab") == tuple(k for k in lap.kinerja["kode"] if k not in ditulis)


def test_the_alignment_checks_name_what_each_agency_lacks(dinilai):
    malang, _ = dinilai["kota-malang-dinsos-p3ap2kb"]
    trenggalek, _ = dinilai["kab-trenggalek-dinsos-p3a"]
    polewali, _ = dinilai["kab-polewali-mandar-subbid-anggaran"]
    # Malang prints TFR per WUS twice: a sasaran indicator (angka, negatif) and a program one (%, positif)
    assert dict(next(k for k in malang.untuk("3.b.2").kekurangan).rincian) == {"I09": "IP12"}
    # its tujuan indicators are outside the PK, as the PK form has sasaran only: not a shortcoming
    assert _kekurangan(malang, "3.b.2", "iku_tanpa_pk") == ()
    assert _kekurangan(trenggalek, "3.b.2", "iku_tanpa_renstra") == ("I08", "I09")
    # Polewali marks no indicator as IKU: nothing is guessed, the alignment of IKU cannot be checked,
    # so its PK checks (all met) count half
    assert _kekurangan(polewali, "3.b.2", "iku_tanpa_renstra") == ()
    assert _kekurangan(polewali, "3.b.2", "iku_tidak_tercatat") == ("I01", "I02", "I03")
    assert polewali.untuk("3.b.2").skor == lke.SKOR_SEBAGIAN
    assert polewali.untuk("3.b.1").kekurangan[0].kode[-1] == "iku"


@pytest.mark.parametrize("dinas, pembanding", [
    ("kota-malang-dinsos-p3ap2kb", {"I05": ("gambar", "pembanding"), "I06": ("bagian", "analisis-penyebab")}),
    ("kab-trenggalek-dinsos-p3a", {}), ("kab-polewali-mandar-subbid-anggaran", {}), ("kota-dumai-dinas-pupr", {})])
def test_benchmarks_are_the_indicators_bab_iii_compares(dinilai, dinas, pembanding):
    """Malang: IPG is the charted peer measure, IDG's rank is stated in its paragraph; the SPM
    table and IK16's standard (a kegiatan indicator) name no indicator of Bab III's analyses."""
    hasil, _ = dinilai[dinas]
    per_indikator = {k: (b.jenis, b.nama) for b in hasil.untuk("3.b.6").bukti for k in b.untuk}
    assert per_indikator == pembanding


@pytest.mark.parametrize("dinas", LAPORAN)
def test_the_checklist_as_printed(dinilai, dinas):
    hasil, lap = dinilai[dinas]
    assert_snapshot(f"lke-{dinas}.txt", tampil_lke.daftar_periksa(hasil, lap))


@pytest.mark.parametrize("dinas", LAPORAN)
def test_the_estimate_is_a_range_within_the_weights(dinilai, dinas):
    hasil, _ = dinilai[dinas]
    for sub in hasil.subkomponen:
        for p in (sub.per_subkomponen, sub.per_kriteria):
            assert 0 <= p.nilai_bawah <= p.nilai_atas <= sub.bobot * 0.8 + 1e-9
        if sub.dinilai == sub.jumlah:
            assert sub.per_subkomponen.nilai_bawah == sub.per_subkomponen.nilai_atas
    bawah, atas = hasil.total()
    assert 0 <= bawah <= atas <= 15


# --- taking a part away changes that criterion and no other -----------------------------------------
def _csv(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def _tanpa_tahun_lalu(data: Path, narasi: Path, tahun: int) -> None:
    path = data / "realisasi.csv"
    frame = _csv(path)
    frame[frame["tahun"].astype(int) >= tahun].to_csv(path, index=False)


def _tanpa_pembanding(data: Path, narasi: Path, tahun: int) -> None:
    for berkas in ("spm.csv", "pembanding.csv", "standar.csv"):
        path = data / berkas
        if path.exists():
            _csv(path).head(0).to_csv(path, index=False)


def _tanpa_penyebab(data: Path, narasi: Path, tahun: int) -> None:
    if (narasi / str(tahun) / "indikator").is_dir():
        shutil.rmtree(narasi / str(tahun) / "indikator")


def _tanpa_pk(data: Path, narasi: Path, tahun: int) -> None:
    """No Perjanjian Kinerja: its targets known only as the Renstra's yearly targets, no PK budget."""
    path = data / "target.csv"
    frame = _csv(path)
    renstra = set(zip(frame.loc[frame["dokumen"] == "renstra", "indikator"], frame.loc[frame["dokumen"] == "renstra", "tahun"]))
    pk = frame["dokumen"].isin(["pk", "pk_perubahan"])
    frame = frame[~pk | ~frame[["indikator", "tahun"]].apply(tuple, axis=1).isin(renstra)]
    frame = frame.assign(dokumen=frame["dokumen"].replace({"pk": "renstra", "pk_perubahan": "renstra"}))
    frame.drop_duplicates(["indikator", "tahun", "dokumen"]).to_csv(path, index=False)
    _csv(data / "pk_anggaran.csv").head(0).to_csv(data / "pk_anggaran.csv", index=False)


BAGIAN = {"tahun_lalu": (_tanpa_tahun_lalu, "3.b.5"), "pembanding": (_tanpa_pembanding, "3.b.6"),
          "penyebab": (_tanpa_penyebab, "3.b.7"), "pk": (_tanpa_pk, "3.b.2")}
#: The parts each shipped agency's data has (the others it lacks already).
PUNYA = {"kota-malang-dinsos-p3ap2kb": {"tahun_lalu", "pembanding", "penyebab", "pk"},
         "kab-trenggalek-dinsos-p3a": {"tahun_lalu", "pembanding", "penyebab", "pk"},
         "kab-polewali-mandar-subbid-anggaran": {"pk"}, "kota-dumai-dinas-pupr": {"pk"}}
KASUS = [(dinas, bagian) for dinas in LAPORAN for bagian in BAGIAN] + \
        [(CONTOH, "tahun_lalu"), (CONTOH, "pembanding"), (CONTOH, "pk")]


@pytest.mark.parametrize("dinas, bagian", KASUS)
def test_taking_a_part_away_changes_its_criterion_and_no_other(tmp_path, dinas, bagian):
    """An agency that has the part loses score on its criterion and on no other; one that lacks it
    already fails that criterion, and taking nothing away changes nothing."""
    tahun = LAPORAN.get(dinas, 2023)
    data_dir, narasi_dir = tmp_path / "data", tmp_path / "narasi"
    salin_dinas(data_dir, dinas)
    narasi_asli = ROOT / "narasi" / dinas
    if narasi_asli.is_dir():
        shutil.copytree(narasi_asli, narasi_dir / dinas)
    sebelum, _ = _hasil(data_dir, narasi_dir, dinas, tahun)
    ubah, kriteria = BAGIAN[bagian]
    ubah(data_dir / dinas, narasi_dir / dinas, tahun)
    sesudah, _ = _hasil(data_dir, narasi_dir, dinas, tahun)
    berubah = {p.kriteria for p, q in zip(sebelum.putusan, sesudah.putusan) if (p.status, p.skor) != (q.status, q.skor)}
    if bagian in PUNYA.get(dinas, set(BAGIAN)):
        assert berubah == {kriteria}
        assert sesudah.untuk(kriteria).skor < sebelum.untuk(kriteria).skor
    else:
        assert sebelum.untuk(kriteria).status == lke.BELUM and berubah == set()


# --- facts about the report recorded in profil.yaml ----------------------------------------------------
@pytest.fixture
def salinan(tmp_path):
    salin_dinas(tmp_path, CONTOH)
    return tmp_path


def _dengan_pelaporan(salinan: Path, isi: str) -> None:
    path = salinan / CONTOH / "profil.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "pelaporan:\n" + isi, encoding="utf-8")


def test_recorded_facts_judge_the_existence_criteria(salinan):
    sebelum, _ = _hasil(salinan, salinan / "narasi", CONTOH, 2023)
    assert [sebelum.untuk(k).status for k in ("3.a.2", "3.a.4", "3.a.5", "3.a.6")] == [Q, Q, Q, S]
    _dengan_pelaporan(salinan, "  tanggal_penyampaian: 2024-02-20\n  tanggal_reviu: 2024-02-15\n"
                               "  pereviu: Inspektorat Kabupaten Contoh\n"
                               "  tautan_publikasi: https://contoh.go.id/lkjip-2023.pdf\n"
                               "  laporan_berkala: Laporan kinerja triwulanan\n")
    sesudah, lap = _hasil(salinan, salinan / "narasi", CONTOH, 2023)
    assert [sesudah.untuk(k).status for k in ("3.a.2", "3.a.4", "3.a.5", "3.a.6")] == [V, V, V, V]
    assert "20 Februari 2024" not in tampil_lke.daftar_periksa(sebelum, lap)
    assert "profil.yaml pelaporan.tanggal_penyampaian (20 Februari 2024)" in tampil_lke.daftar_periksa(sesudah, lap)


def test_a_report_submitted_after_the_deadline_is_late(salinan):
    _dengan_pelaporan(salinan, "  tanggal_penyampaian: 2024-03-01\n")
    hasil, lap = _hasil(salinan, salinan / "narasi", CONTOH, 2023)
    assert hasil.untuk("3.a.6").status == X
    assert "1 Maret 2024" in tampil_lke.daftar_periksa(hasil, lap) and "29 Februari 2024" in tampil_lke.daftar_periksa(hasil, lap)


def test_data_in_the_checklist_cannot_drive_the_terminal(salinan):
    path = salinan / CONTOH / "profil.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("nama_singkat: Dinsos Contoh",
                                                            'nama_singkat: "Dinsos \\e[2J\\e]0;x\\aContoh"'),
                    encoding="utf-8")
    hasil, lap = _hasil(salinan, salinan / "narasi", CONTOH, 2023)
    teks = tampil_lke.daftar_periksa(hasil, lap)
    assert "\x1b" not in teks and "\x07" not in teks and "Dinsos [2J]0;xContoh" in teks


def test_the_wording_has_no_markup_of_its_own(dinilai):
    """A Markdown page escapes only the pieces from data (`aman.teks`): the package's sentences
    hold no character Markdown or HTML would read as markup."""
    from lkjip.present import aman
    for hasil, lap in dinilai.values():
        for p in hasil.putusan:
            teks = [tampil_lke.kalimat_kekurangan(k, lap, aman.teks) for k in p.kekurangan]
            teks += [tampil_lke.kalimat_bukti(p.bukti + p.tanda, lap, aman.teks, tautan=lambda letak: "LINK")]
            for kalimat in teks:
                assert not re.search(r"[<>*`\[\]]", kalimat), (p.kriteria, kalimat)


# --- where the evidence is -----------------------------------------------------------------------------
def _notebook(stem: str) -> tuple[str, str]:
    cells = json.loads((ROOT / "notebooks" / f"{stem}.ipynb").read_text(encoding="utf-8"))["cells"]
    kode = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
    teks = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    return kode, teks


def test_every_table_figure_and_section_is_where_the_checklist_says():
    assert set(tampil_lke.TABEL_DI) == set(SPEK)
    for nama, halaman in tampil_lke.TABEL_DI.items():
        assert f'tampil.tabel(lap, "{nama}"' in _notebook(halaman)[0], nama
    for nama, (halaman, judul) in tampil_lke.GAMBAR.items():
        kode = re.sub(r"\s+", " ", _notebook(halaman)[0])
        assert re.search(rf'"{re.escape(nama)}",? "{re.escape(judul)}"|nama="{re.escape(nama)}", judul="{re.escape(judul)}"',
                         kode), nama
    for nama, (halaman, judul) in tampil_lke.BAGIAN.items():
        assert re.search(rf"^#+ {re.escape(judul)}( \{{.*\}})?$", _notebook(halaman)[1], re.M), nama


@pytest.mark.parametrize("judul, anchor", [("Langkah ke Depan", "langkah-ke-depan"),
                                           ("Analisis penyebab keberhasilan dan kegagalan",
                                            "analisis-penyebab-keberhasilan-dan-kegagalan"),
                                           ("Tugas dan Fungsi", "tugas-dan-fungsi")])
def test_section_anchors_follow_pandoc(judul, anchor):
    assert tampil_lke.id_bagian(judul) == anchor


def test_every_piece_of_evidence_has_a_place(dinilai):
    for hasil, _ in dinilai.values():
        for p in hasil.putusan:
            for b in p.bukti + p.tanda:
                if b.jenis in ("tabel", "gambar", "bagian"):
                    assert tampil_lke.letak(b) is not None, (p.kriteria, b)


# --- the command ---------------------------------------------------------------------------------------
@pytest.fixture
def proyek(tmp_path):
    shutil.copy(ROOT / "_quarto.yml", tmp_path / "_quarto.yml")
    shutil.copytree(ROOT / "notebooks", tmp_path / "notebooks")
    salin_dinas(tmp_path / "data", CONTOH, sumber=FIXTURE_DATA)
    (tmp_path / "params").mkdir()
    (tmp_path / "params" / f"{CONTOH}-2023.yml").write_text(f"dinas: {CONTOH}\ntahun: 2023\n", encoding="utf-8")
    return tmp_path


def test_periksa_lke_prints_the_checklist(proyek, capsys):
    assert main(["periksa", "--lke", str(proyek / "params" / f"{CONTOH}-2023.yml"), "--root", str(proyek)]) == 0
    out = capsys.readouterr().out
    assert "Daftar periksa LKE komponen 3 Pelaporan Kinerja" in out and "PERKIRAAN" in out
    assert "3.b.7" in out and "Perkiraan komponen Pelaporan Kinerja" in out


def test_ketat_makes_unmet_criteria_an_error(proyek, capsys):
    assert main(["periksa", "--lke", "--ketat", str(proyek / "params" / f"{CONTOH}-2023.yml"),
                 "--root", str(proyek)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("lkjip: ") and "belum terpenuhi penuh (--ketat)" in err and "3.b.7" in err


def test_ketat_needs_lke(proyek, capsys):
    with pytest.raises(SystemExit) as exited:
        main(["periksa", "--ketat", str(proyek / "params" / f"{CONTOH}-2023.yml"), "--root", str(proyek)])
    assert exited.value.code == 2 and "--ketat hanya bersama --lke" in capsys.readouterr().err
