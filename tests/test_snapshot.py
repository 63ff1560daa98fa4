"""One validated snapshot per build: every chapter reads the data of one moment, and its hash
says whether the inputs changed."""
import json
import shutil

import nbformat
import pytest

from _bantu import salin_dinas
from conftest import FIXTURE_DATA, ROOT
from lkjip import build_report, buka_laporan
from lkjip.inputs.snapshot import SNAPSHOT_FILE, ambil_snapshot, baca_snapshot
from lkjip.present.narasi import Penulis

SLUG = "kab-contoh-dinsos"


@pytest.fixture
def salinan(tmp_path):
    salin_dinas(tmp_path / "data", SLUG)
    narasi = tmp_path / "narasi" / SLUG / "2023"
    narasi.mkdir(parents=True)
    (narasi / "kata_pengantar.md").write_text("Capaian PMKS {{ I01.capaian }}.\n", encoding="utf-8")
    return tmp_path


def _ambil(root):
    return ambil_snapshot(root / "data", SLUG, 2023, root / "narasi")


def test_hash_follows_content_not_time(salinan):
    first = _ambil(salinan)
    path = salinan / "data" / SLUG / "realisasi.csv"
    path.touch()
    assert _ambil(salinan).hash == first.hash
    path.write_text(path.read_text(encoding="utf-8").replace('"60,00"', '"61,00"'), encoding="utf-8")
    assert _ambil(salinan).hash != first.hash
    (salinan / "narasi" / SLUG / "2023" / "kata_pengantar.md").write_text("Lain.\n", encoding="utf-8")
    assert len({first.hash, _ambil(salinan).hash}) == 2 and len(first.hash) == 64


def test_chapters_read_the_snapshot_not_the_folder(salinan, tmp_path):
    snap = _ambil(salinan)
    folder = tmp_path / "staging" / ".snapshot"
    assert snap.simpan(folder) == folder / SNAPSHOT_FILE
    shutil.rmtree(salinan / "data")  # gone: the chapter must not need it
    shutil.rmtree(salinan / "narasi")
    lap = buka_laporan(folder, SLUG, 2023)
    assert lap.data.folder == salinan / "data" / SLUG  # messages still name the user's folder
    assert lap.kinerja.equals(buka_laporan(FIXTURE_DATA, SLUG, 2023).kinerja)
    assert Penulis(lap, folder).teks("kata_pengantar") == "Capaian PMKS 80,00%."
    assert baca_snapshot(folder).hash == snap.hash


def test_snapshot_of_another_report_is_refused(salinan, tmp_path):
    from lkjip import DataError
    _ambil(salinan).simpan(tmp_path / "s")
    with pytest.raises(DataError, match="snapshot"):
        buka_laporan(tmp_path / "s", SLUG, 2022)


def test_a_file_saved_mid_build_changes_no_chapter(tmp_path, monkeypatch):
    """The drift of issue 9: a realisasi saved while the chapters run gave two numbers in one
    report. The edit lands after the first chapter; every chapter still shows the first value."""
    import lkjip.run.eksekusi as eksekusi

    root = tmp_path
    shutil.copy(ROOT / "_quarto.yml", root / "_quarto.yml")
    shutil.copytree(ROOT / "notebooks", root / "notebooks")
    salin_dinas(root / "data", SLUG)
    (root / "params").mkdir()
    params = root / "params" / f"{SLUG}-2023.yml"
    params.write_text(f"dinas: {SLUG}\ntahun: 2023\n", encoding="utf-8")
    realisasi = root / "data" / SLUG / "realisasi.csv"
    expected_hash = ambil_snapshot(root / "data", SLUG, 2023, root / "narasi").hash
    run_chapter = eksekusi.run_chapter

    def run_then_edit(*args, **kwargs):
        seconds = run_chapter(*args, **kwargs)
        realisasi.write_text(realisasi.read_text(encoding="utf-8").replace('I01,2023,"60,00"', 'I01,2023,"61,37"'),
                             encoding="utf-8")
        return seconds

    monkeypatch.setattr(eksekusi, "run_chapter", run_then_edit)
    result = build_report(params, root, quarto=False, progress=None, jobs=1)
    assert "61,37" in realisasi.read_text(encoding="utf-8")
    shown = {}
    for path in result.folder.glob("*.ipynb"):
        text = json.dumps([c.get("outputs", []) for c in nbformat.read(path, as_version=4).cells])
        shown[path.stem] = ("80,00%" in text, "81,83%" in text)
    assert shown["index"] == (True, False) and shown["bab3-akuntabilitas"] == (True, False)
    assert not any(new for _, new in shown.values())
    info = json.loads((result.folder / "build.json").read_text(encoding="utf-8"))
    assert info["snapshot"] == expected_hash
