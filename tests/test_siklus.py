"""Next year, next agency: every agency's latest year rolled forward builds as a report of the new
year (no findings from last year's document, no last year in titles or captions, awards and
recommendations of the new year); `lkjip tahun-baru` and `lkjip dinas-baru` prepare what an analyst
fills in, and a scaffold filled as data/README.md says builds a report.

Cost: one notebook-only build (no Quarto) per agency plus one for the synthetic agency.
"""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import nbformat
import pandas as pd
import pytest
import yaml

from _bantu import salin_dinas
from conftest import ROOT
from lkjip import build_report
from lkjip.commands.cli import main
from lkjip.commands.siklus import dinas_baru, tahun_baru
from lkjip.compute.laporan import buka_laporan
from lkjip.core.exceptions import LkjipError
from lkjip.inputs.kelengkapan import periksa_kelengkapan
from lkjip.inputs.skema import SKEMA


def _laporan_terakhir() -> dict[str, int]:
    """Every agency with a params file in the repository, and its latest report year."""
    latest: dict[str, int] = {}
    for path in sorted((ROOT / "params").glob("*.yml")):
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        if isinstance(raw.get("dinas"), str) and isinstance(raw.get("tahun"), int):
            latest[raw["dinas"]] = max(latest.get(raw["dinas"], 0), raw["tahun"])
    return latest


TERAKHIR = _laporan_terakhir()


def _proyek(tmp: Path) -> Path:
    """A project root beside the repository's notebooks and template, with a copy of its data."""
    for name in ("notebooks", "_quarto.yml"):
        (tmp / name).symlink_to(ROOT / name)
    for agency in sorted(p for p in (ROOT / "data").iterdir() if p.is_dir()):
        salin_dinas(tmp / "data", agency.name)
    (tmp / "params").mkdir()
    (tmp / "narasi").mkdir()
    return tmp


def gulirkan(folder: Path, tahun: int) -> None:
    """Copy every row of `tahun` to `tahun + 1` in each yearly file (as an analyst starting next
    year from this year's spreadsheet would); the source documents stay what they are."""
    for berkas, skema in SKEMA.items():
        path = folder / berkas
        if "tahun" not in skema.nama_kolom or berkas == "dokumen_sumber.csv" or not path.is_file():
            continue
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
        rows = frame[frame["tahun"] == str(tahun)].assign(tahun=str(tahun + 1))
        pd.concat([frame, rows]).to_csv(path, index=False)


@pytest.fixture(scope="module", params=sorted(TERAKHIR))
def digulir(request, tmp_path_factory):
    dinas, tahun = request.param, TERAKHIR[request.param]
    root = _proyek(tmp_path_factory.mktemp("gulir"))
    gulirkan(root / "data" / dinas, tahun)
    params = root / "params" / f"{dinas}-{tahun + 1}.yml"
    params.write_text(f"dinas: {dinas}\ntahun: {tahun + 1}\n", encoding="utf-8")
    result = build_report(params, root, quarto=False, progress=None, render=False, out_dir=root / "build")
    return dinas, tahun, root, result


def _judul_dan_keterangan(result) -> list[str]:
    """Every heading, caption and bold title a reader sees in the executed chapters."""
    found = []
    for run in result.chapters:
        nb = nbformat.read(result.folder / run.file, as_version=4)
        for cell in nb.cells:
            if cell.cell_type == "markdown":
                found += [line for line in cell.source.splitlines() if line.startswith("#")]
                continue
            found += re.findall(r"#\| (?:tbl|fig)-cap: (.*)", cell.source)
            for out in cell.get("outputs", []):
                text = out.get("data", {}).get("text/markdown", "")
                found += [line for line in text.splitlines() if line.startswith("#")]
                found += re.findall(r"\*\*([^*]+)\*\*", text)
                found += re.findall(r"^(?:Tabel|Table|:) .*$", text, re.M)
    return found


def test_rolled_forward_year_has_no_findings_of_last_years_document(digulir):
    dinas, tahun, root, result = digulir
    lap = buka_laporan(root / "data", dinas, tahun + 1)
    # the rolled-forward angka_tercetak rows still name last year's document: none is compared
    assert (lap.data.angka_tercetak["tahun"] == tahun + 1).any() or lap.data.angka_tercetak.empty
    assert lap.dokumen_sumber.empty and lap.angka_tercetak.empty and lap.catatan_sumber.empty
    from lkjip.compute.rekonsiliasi import temuan_data
    assert len(lap.temuan) == len(temuan_data(lap)), "only findings about the data itself"
    appendix = nbformat.read(result.folder / "catatan-reviu.ipynb", as_version=4)
    text = "\n".join(o.get("data", {}).get("text/markdown", "") for c in appendix.cells for o in c.get("outputs", []))
    assert f"tahun {tahun + 1} tidak ada dokumen sumber" in text


def test_rolled_forward_year_names_no_previous_year_in_titles_or_captions(digulir):
    _, tahun, _, result = digulir
    titles = _judul_dan_keterangan(result)
    assert titles, "no heading or caption found"
    stale = [t for t in titles if re.search(rf"(?<!\d){tahun}(?!\d)", t)]
    assert not stale, stale[:5]
    errors = [c for run in result.chapters
              for c in nbformat.read(result.folder / run.file, as_version=4).cells
              for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert not errors


def test_rolled_forward_year_shows_awards_and_recommendations_of_its_own_year(digulir):
    dinas, tahun, root, _ = digulir
    lap = buka_laporan(root / "data", dinas, tahun + 1)
    for frame in (lap.penghargaan, lap.sakip_komponen, lap.sakip_rekomendasi):
        assert (frame["tahun"] == tahun + 1).all()
    lalu = buka_laporan(root / "data", dinas, tahun + 2)  # a year with nothing recorded yet
    assert lalu.penghargaan.empty and lalu.sakip_rekomendasi.empty


# --- tahun-baru --------------------------------------------------------------------------------
def test_tahun_baru_writes_params_copies_narrative_and_lists_what_is_missing(tmp_path, capsys):
    root = _proyek(tmp_path)
    dinas = "kota-malang-dinsos-p3ap2kb"
    shutil.copytree(ROOT / "narasi" / dinas, root / "narasi" / dinas)
    shutil.copy2(ROOT / "params" / f"{dinas}-2023.yml", root / "params")
    (root / "narasi" / dinas / "2023" / "catatan.md").write_text("Pada tahun 2023 (2022: 5 orang) ada 1.234 kasus.\n",
                                                               encoding="utf-8")
    assert main(["tahun-baru", f"params/{dinas}-2023.yml", "--root", str(root)]) == 0
    out = capsys.readouterr().out
    assert yaml.safe_load((root / "params" / f"{dinas}-2024.yml").read_text()) == {"dinas": dinas, "tahun": 2024}
    copied = (root / "narasi" / dinas / "2024" / "catatan.md").read_text(encoding="utf-8")
    assert copied == "Pada tahun {{ tahun }} ({{ tahun_lalu }}: 5 orang) ada 1.234 kasus.\n"
    assert "'1.234'" in out  # the typed figure is named for the analyst to check
    # the checklist, file by file: no plan in force, then the yearly files without 2024 rows
    assert "Renstra 2018–2023 berakhir 2023" in out
    assert out.index("target.csv") < out.index("realisasi.csv") < out.index("penghargaan.csv")
    assert "[wajib] realisasi.csv: realisasi tahun 2024 belum ada untuk 60 dari 60 indikator" in out
    with pytest.raises(LkjipError, match="sudah ada"):
        tahun_baru(root / "params" / f"{dinas}-2023.yml", root)


def test_a_year_without_targets_and_realisasi_is_refused_with_the_checklist(tmp_path, capsys):
    root = _proyek(tmp_path)
    dinas = "kab-trenggalek-dinsos-p3a"
    (root / "params" / f"{dinas}-2024.yml").write_text(f"dinas: {dinas}\ntahun: 2024\n", encoding="utf-8")
    assert main(["periksa", f"params/{dinas}-2024.yml", "--root", str(root)]) == 1
    err = capsys.readouterr().err
    assert "tidak punya baris tahun 2024" in err and "target.csv" in err and "Traceback" not in err


# --- dinas-baru --------------------------------------------------------------------------------
def test_periksa_on_an_untouched_scaffold_lists_what_to_fill_in_order(tmp_path, capsys):
    root = _proyek(tmp_path)
    assert main(["dinas-baru", "kab-uji-dinkes", "--tahun", "2024", "--root", str(root)]) == 0
    capsys.readouterr()
    assert main(["periksa", "params/kab-uji-dinkes-2024.yml", "--root", str(root)]) == 1
    err = capsys.readouterr().err
    order = ["isi `nama`", "skala_penilaian.csv", "tujuan_sasaran.csv", "indikator.csv", "target.csv", "realisasi.csv"]
    positions = [err.index(x) for x in order]
    assert positions == sorted(positions), err
    with pytest.raises(LkjipError, match="sudah ada"):
        dinas_baru("kab-uji-dinkes", root, 2024)
    with pytest.raises(LkjipError, match="tidak sah"):
        dinas_baru("../luar", root, 2024)


#: A tiny agency, filled into the scaffold as data/README.md describes each file.
ISI = {
    "skala_penilaian.csv": ["1,Sangat Baik,90,ya,,,x ≥ 90", "2,Baik,70,ya,90,tidak,70 ≤ x < 90",
                            "3,Kurang,0,ya,70,tidak,x < 70"],
    "tujuan_sasaran.csv": ["T1,tujuan,,Meningkatnya derajat kesehatan,Kesehatan,1",
                           "S1,sasaran,T1,Meningkatnya cakupan imunisasi,Kesehatan,1"],
    "indikator.csv": ["I01,sasaran,S1,Persentase desa UCI,%,positif,persen,,,ya,1",
                      "IK01,kegiatan,K01,Jumlah posyandu aktif,unit,positif,jumlah,,,tidak,2"],
    "anggaran.csv": ["K01,kegiatan,,Pelayanan Imunisasi,2024,\"100.000.000,00\",\"90.000.000,00\",1"],
    "target.csv": ["I01,2024,pk,90,", "IK01,2024,pk,50,"],
    "realisasi.csv": ["I01,2024,\"85,5\",,", "IK01,2024,55,,"],
    "peta_anggaran.csv": ["I01,K01"],
}


def test_a_filled_scaffold_builds_a_report(tmp_path):
    root = _proyek(tmp_path)
    hasil = dinas_baru("kab-uji-dinkes", root, 2024)
    profil = hasil.folder / "profil.yaml"
    text = profil.read_text(encoding="utf-8")
    for key, value in (("nama", "Dinas Kesehatan"), ("nama_singkat", "Dinkes"), ("wilayah", "Uji"),
                       ("jenis_wilayah", "kabupaten")):
        text = re.sub(rf'^{key}: ""', f"{key}: {value}", text, count=1, flags=re.M)
    profil.write_text(text, encoding="utf-8")
    for berkas, rows in ISI.items():
        path = hasil.folder / berkas
        path.write_text(path.read_text(encoding="utf-8") + "\n".join(rows) + "\n", encoding="utf-8")
    periksa_kelengkapan(root / "data", "kab-uji-dinkes", 2024)
    result = build_report(hasil.params, root, quarto=False, progress=None, render=False, out_dir=root / "build")
    text = "\n".join(o.get("data", {}).get("text/markdown", "")
                     for run in result.chapters
                     for c in nbformat.read(result.folder / run.file, as_version=4).cells
                     for o in c.get("outputs", []))
    assert "95,00%" in text  # capaian 85,5 / 90
    assert "tidak tersedia" in text  # visi, signature and the like the scaffold left empty
    errors = [o for run in result.chapters for c in nbformat.read(result.folder / run.file, as_version=4).cells
              for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert not errors
