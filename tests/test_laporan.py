"""Both 2023 reports build end to end through papermill: no executed notebook holds an error,
each chapter holds its tables and figures, and key figures appear in the outputs."""
import json

import nbformat
import pytest

from lkjip.build import build_report

from conftest import ROOT

REPORTS = {
    "kota-malang-dinsos-p3ap2kb-2023": ["68.946.994.211", "73,34%", "132,06%", "1 : 36.317", "13,75", "1,79"],
    "kab-trenggalek-dinsos-p3a-2023": ["16.605.479.345", "94,74%", "100,46%", "119,58%", "15.731.330.440,12"],
}
#: Captioned tables and figures each chapter must hold (the same for every agency).
EXPECTED = {
    "bab2-perencanaan.ipynb": {"tbl": 6, "fig": 0},
    "bab3-akuntabilitas.ipynb": {"tbl": 7, "fig": 6},
    "bab4-penutup.ipynb": {"tbl": 1, "fig": 0},
    "lampiran.ipynb": {"tbl": 4, "fig": 0},
    "lampiran-kualitas-data.ipynb": {"tbl": 2, "fig": 0},
}


@pytest.fixture(scope="module", params=list(REPORTS))
def built(request, tmp_path_factory):
    out = tmp_path_factory.mktemp("build")
    result = build_report(ROOT / "params" / f"{request.param}.yml", ROOT, quarto=False, progress=None, out_dir=out)
    return request.param, result


def _outputs(cell):
    for out in cell.get("outputs", []):
        yield out


def _text(nb) -> str:
    parts = []
    for cell in nb.cells:
        for out in _outputs(cell):
            data = out.get("data", {})
            parts.append(data.get("text/markdown", "") + data.get("text/plain", "") + out.get("text", ""))
    return "\n".join(parts)


def test_no_executed_notebook_holds_an_error(built):
    _, result = built
    for run in result.chapters:
        nb = nbformat.read(result.folder / run.file, as_version=4)
        errors = [o for c in nb.cells for o in _outputs(c) if o.get("output_type") == "error"]
        assert not errors, f"{run.file}: {errors[0]['ename']}: {errors[0]['evalue']}"


@pytest.mark.parametrize("chapter, expected", EXPECTED.items())
def test_each_chapter_holds_its_tables_and_figures(built, chapter, expected):
    _, result = built
    nb = nbformat.read(result.folder / chapter, as_version=4)
    found = {"tbl": 0, "fig": 0}
    for cell in nb.cells:
        if cell.cell_type != "code" or "#| label: " not in cell.source:
            continue
        kind = cell.source.split("#| label: ")[1][:3]
        outputs = list(_outputs(cell))
        if kind == "tbl":
            assert any("text/markdown" in o.get("data", {}) and "|" in o["data"]["text/markdown"] for o in outputs), chapter
        else:
            assert any("image/png" in o.get("data", {}) or "text/markdown" in o.get("data", {}) for o in outputs), chapter
        found[kind] += 1
    assert found == expected


def test_key_figures_appear(built):
    report, result = built
    text = "\n".join(_text(nbformat.read(result.folder / run.file, as_version=4)) for run in result.chapters)
    for figure in REPORTS[report]:
        assert figure in text, figure


def test_every_table_is_also_a_csv(built):
    _, result = built
    csvs = {p.stem for p in (result.folder / "tabel").glob("*.csv")}
    assert {"capaian", "anggaran", "efisiensi", "temuan", "seri", "program-kegiatan"} <= csvs


def test_preview_has_every_chapter(built):
    _, result = built
    assert result.mode == "preview" and result.entry.is_file()
    html = "\n".join(p.read_text(encoding="utf-8") for p in result.folder.rglob("*.html"))
    assert "Realisasi Anggaran" in html and "Catatan Kualitas Data" in html
