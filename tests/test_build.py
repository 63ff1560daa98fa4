"""The build, end to end, on a small project made of the fixture notebooks.

Every test works on its own copy of a project in a temporary folder; the real template
(_quarto.yml at the repository root) is used with its chapter list swapped for the fixtures,
so the options a report gets are the ones the real reports get.
"""
from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

import nbformat
import pytest
import yaml

from _bantu import chromium, salin_dinas
from lkjip import BuildResult, build_all, build_report
from lkjip.core.exceptions import BuildError
from lkjip.run.eksekusi import notebook_environment

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "tests" / "fixtures"
REPORT = "kota-uji-build-2023"
CHAPTERS = ["notebooks/index.ipynb", "notebooks/bab1.ipynb"]
APPENDICES = ["notebooks/lampiran.ipynb"]


def make_project(root: Path, chapters=CHAPTERS, appendices=APPENDICES) -> Path:
    """A project root with the fixture notebooks, data and params, and the real template."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copytree(FIXTURES / "notebooks", root / "notebooks")
    for overlay in sorted((FIXTURES / "laporan-uji" / "data").iterdir()):
        # each test agency = the sample agency (schema-valid: the build validates data before any
        # chapter runs) + the files the fixture notebooks read
        target = salin_dinas(root / "data", sebagai=overlay.name)
        for item in overlay.iterdir():
            if item.name == "profil.yaml":
                profil = yaml.safe_load((target / item.name).read_text(encoding="utf-8"))
                profil.update(yaml.safe_load(item.read_text(encoding="utf-8")))
                (target / item.name).write_text(yaml.safe_dump(profil, allow_unicode=True), encoding="utf-8")
            else:
                shutil.copy2(item, target / item.name)
    shutil.copytree(FIXTURES / "laporan-uji" / "params", root / "params")
    template = yaml.safe_load((REPO / "_quarto.yml").read_text(encoding="utf-8"))
    template["book"]["chapters"] = list(chapters)
    template["book"]["appendices"] = list(appendices)
    template.pop("lkjip-reviu", None)  # the fixture chapters have no Catatan Reviu notebook
    (root / "_quarto.yml").write_text(yaml.safe_dump(template, sort_keys=False), encoding="utf-8")
    return root


def path_without_quarto() -> str:
    """PATH minus any folder holding a quarto executable, so the preview path is taken."""
    folders = os.environ.get("PATH", "").split(os.pathsep)
    return os.pathsep.join(f for f in folders if f and not (Path(f) / "quarto").exists())


def foreign_python3_kernel(data_dir: Path) -> Path:
    """A 'python3' kernel pointing at a Python that does not exist; put on JUPYTER_PATH it
    shadows every other python3 kernel (as one set up for another project would)."""
    spec = data_dir / "kernels" / "python3"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": ["/nonexistent/python", "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Foreign", "language": "python",
    }))
    return data_dir


def fake_quarto(bin_dir: Path, exit_code: int = 0) -> Path:
    """A 'quarto' that records its calls in calls.jsonl beside it and writes _book/index.html."""
    bin_dir.mkdir(parents=True, exist_ok=True)
    script = bin_dir / "quarto"
    script.write_text(
        f"#!{sys.executable}\n"
        "import json, os, sys, pathlib\n"
        f"log = pathlib.Path({str(bin_dir / 'calls.jsonl')!r})\n"
        "with log.open('a') as f:\n"
        "    f.write(json.dumps({'argv': sys.argv[1:], 'cwd': os.getcwd(),\n"
        "                        'quarto_python': os.environ.get('QUARTO_PYTHON')}) + '\\n')\n"
        f"if {exit_code}:\n"
        "    print('ERROR: typst gagal')\n"
        f"    sys.exit({exit_code})\n"
        "pathlib.Path('_book').mkdir(exist_ok=True)\n"
        "pathlib.Path('_book/index.html').write_text('<html><body>buku</body></html>')\n"
    )
    script.chmod(0o755)
    return bin_dir / "calls.jsonl"


def calls(log: Path) -> list[dict]:
    return [json.loads(line) for line in log.read_text().splitlines()] if log.exists() else []


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def leftovers(out_dir: Path) -> list[str]:
    return sorted(p.name for p in out_dir.iterdir() if p.name.startswith((".staging-", ".old-")))


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, BuildResult, list[str]]:
    """One successful build without Quarto, shared by the tests that only read its output.

    A foreign python3 kernel is registered meanwhile: the build must not use it.
    """
    base = tmp_path_factory.mktemp("built")
    root = make_project(base / "proyek")
    messages: list[str] = []
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("PATH", path_without_quarto())
        mp.setenv("JUPYTER_PATH", str(foreign_python3_kernel(base / "jupyter-foreign")))
        result = build_report(root / "params" / f"{REPORT}.yml", root, progress=messages.append)
    return root, result, messages


@pytest.fixture
def copy_of_built(built, tmp_path) -> Path:
    """A private copy of the built project, for tests that build again."""
    root = tmp_path / "proyek"
    shutil.copytree(built[0], root, symlinks=True)
    return root


# --- a successful build ------------------------------------------------------------------------


def test_successful_build_publishes_report_folder_with_preview(built):
    root, result, _ = built
    folder = root / "build" / REPORT
    assert result.folder == folder and result.mode == "preview"
    assert result.entry == folder / "preview" / "index.html" and result.entry.is_file()
    for page in ("index.html", "bab1.html", "lampiran.html"):
        assert (folder / "preview" / page).is_file()
    for notebook in ("index.ipynb", "bab1.ipynb", "lampiran.ipynb"):
        assert (folder / notebook).is_file()
    assert (folder / "tabel" / "tbl-angka.csv").read_text().splitlines()[0] == "uraian,nilai"
    assert (folder / "preview" / "tabel" / "tbl-angka.csv").is_file()
    assert [c.file for c in result.chapters] == ["index.ipynb", "bab1.ipynb", "lampiran.ipynb"]
    assert leftovers(root / "build") == []
    assert not (root / "build" / "failed" / REPORT).exists()


def test_build_info_records_agency_year_and_time(built):
    root, _, _ = built
    info = json.loads((root / "build" / REPORT / "build.json").read_text())
    assert info["nama"] == "Dinas Sosial Uji Kota Uji"
    assert info["tahun"] == 2023 and info["mode"] == "preview"
    assert info["entry"] == "preview/index.html"
    assert re.match(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d", info["built_at"])


def test_progress_names_each_chapter_with_seconds_and_says_how_to_get_quarto(built):
    _, _, messages = built
    text = "\n".join(messages)
    for chapter in ("index.ipynb", "bab1.ipynb", "lampiran.ipynb"):
        assert re.search(rf"{re.escape(chapter)}: \d+\.\d dtk", text)
    assert "environment.yml" in text and "quarto.org" in text


def test_preview_shows_no_code_and_keeps_tables_figures_and_references(built):
    root, _, _ = built
    page = (root / "build" / REPORT / "preview" / "bab1.html").read_text(encoding="utf-8")
    assert "read_csv" not in page and "#|" not in page  # no input cells
    assert "tidak tampil" not in page  # '#| include: false' honoured
    assert 'id="tbl-angka"' in page and "Tabel 1.1: Angka contoh" in page
    assert 'id="fig-angka"' in page and "Gambar 1.1" in page
    assert "<table" in page and re.search(r'<img src="gambar/bab1-\d+\.png"', page)
    assert re.search(r'<a href="#tbl-angka"[^>]*>Tabel 1.1</a>', page)
    home = (root / "build" / REPORT / "preview" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<a href="bab1.html#tbl-angka"[^>]*>Tabel 1.1</a>', home)  # reference across chapters
    assert "{.unnumbered}" not in home and "Ringkasan" in home
    assert re.search(r'<a href="bab1.html"[^>]*>1 Pendahuluan</a>', home)  # table of contents
    assert re.search(r'<a href="lampiran.html"[^>]*>Lampiran A. Data Contoh</a>', home)


def test_build_index_lists_the_report(built):
    root, _, _ = built
    page = (root / "build" / "index.html").read_text(encoding="utf-8")
    assert f'href="{REPORT}/preview/index.html"' in page
    assert "Dinas Sosial Uji Kota Uji" in page and "2023" in page


def _links(page: Path) -> list[str]:
    """Every href and src of an HTML page."""
    return re.findall(r'(?:href|src)="([^"]+)"', page.read_text(encoding="utf-8"))


def test_every_link_of_the_preview_and_the_site_resolves(built):
    """The preview and build/index.html are copied to static hosting as they are: every relative
    link (pages, figures, the tables' CSV) names a file that exists beside them."""
    root, _, _ = built
    build = root / "build"
    csv_links = {}
    for page in sorted((build / REPORT / "preview").glob("*.html")) + [build / "index.html"]:
        for link in _links(page):
            target = urlsplit(html.unescape(link))
            if target.scheme or not target.path:
                continue
            assert (page.parent / unquote(target.path)).is_file(), f"{page.name}: {link}"
            if target.path.endswith(".csv"):
                csv_links.setdefault(page.name, []).append(target.path)
    assert "tabel/tbl-angka.csv" in csv_links.get("bab1.html", []) or csv_links.get("index.html")
    assert f"{REPORT}/tabel/tbl-angka.csv" in csv_links["index.html"]  # the site links the CSV


def test_site_index_shows_key_figures_from_build_json(built):
    root, _, _ = built
    info = json.loads((root / "build" / REPORT / "build.json").read_text())
    figures = info["angka_kunci"]
    assert set(figures) == {"capaian_rata_rata", "serapan_anggaran", "jumlah_indikator"}
    page = (root / "build" / "index.html").read_text(encoding="utf-8")
    assert "Capaian rata-rata" in page and "Serapan anggaran" in page
    from lkjip import format as fmt
    assert fmt.persen(figures["capaian_rata_rata"]) in page
    assert fmt.persen(figures["serapan_anggaran"]) in page


def test_generated_quarto_yml_parses_and_names_existing_valid_notebooks(built):
    root, _, _ = built
    folder = root / "build" / REPORT
    config = yaml.safe_load((folder / "_quarto.yml").read_text(encoding="utf-8"))
    # Quarto renders only the book's chapters (the Catatan Reviu notebook beside them is its own document)
    assert config["project"] == {"type": "book", "output-dir": "_book", "resources": ["/tabel/*.csv"],
                                 "render": ["index.ipynb", "bab1.ipynb", "lampiran.ipynb"]}
    book = config["book"]
    assert book["chapters"] == ["index.ipynb", "bab1.ipynb"]
    assert book["appendices"] == ["lampiran.ipynb"]
    for name in book["chapters"] + book["appendices"]:
        nb = nbformat.read(folder / name, as_version=4)
        nbformat.validate(nb)
        injected = [c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", [])]
        assert injected and "kota-uji-build" in injected[0].source
        assert str(folder) not in injected[0].source  # output_dir pointed at the staging folder
    assert "2023" in book["title"] and book["subtitle"] == "Dinas Sosial Uji Kota Uji"
    assert book["author"] == "Pemerintah Kota Uji"
    assert book["output-file"] == f"lkjip-{REPORT}"
    # the template's options are carried over unchanged
    assert config["lang"] == "id" and config["execute"]["enabled"] is False
    assert set(config["format"]) == {"html", "typst", "docx"}
    assert book["downloads"] == ["pdf", "docx"] and book["search"] is True


def test_chapters_run_with_the_build_interpreter_not_a_registered_kernel(tmp_path, monkeypatch):
    from jupyter_client.kernelspec import KernelSpecManager

    monkeypatch.setenv("JUPYTER_PATH", str(foreign_python3_kernel(tmp_path / "foreign")))
    assert KernelSpecManager().get_kernel_spec("python3").argv[0] == "/nonexistent/python"
    with notebook_environment(REPO, tmp_path / "kernel") as kernel_name:
        assert KernelSpecManager().get_kernel_spec(kernel_name).argv[0] == sys.executable
        assert os.environ["QUARTO_PYTHON"] == sys.executable
    assert KernelSpecManager().get_kernel_spec("python3").argv[0] == "/nonexistent/python"


# --- failures ------------------------------------------------------------------------------------


def test_failing_chapter_keeps_previous_output_and_never_calls_quarto(copy_of_built, monkeypatch):
    root = copy_of_built
    before = snapshot(root / "build" / REPORT)
    quarto_log = fake_quarto(root.parent / "bin")
    monkeypatch.setenv("PATH", str(root.parent / "bin") + os.pathsep + os.environ["PATH"])
    (root / "data" / "kota-uji-build" / "angka.csv").write_text("uraian,jumlah\nA,1\n")

    with pytest.raises(BuildError) as raised:
        build_report(root / "params" / f"{REPORT}.yml", root, progress=None)

    message = str(raised.value)
    assert "bab1.ipynb" in message
    assert "indeks 4" in message and 'tabel = angka[["uraian", "nilai"]]' in message
    assert "KeyError" in message and "nilai" in message
    kept = root / "build" / "failed" / REPORT / "bab1.ipynb"
    assert kept.is_file() and str(kept.relative_to(root)) in message or str(kept) in message
    assert snapshot(root / "build" / REPORT) == before
    assert calls(quarto_log) == []
    assert leftovers(root / "build") == []


def test_failed_quarto_render_keeps_previous_output(copy_of_built, monkeypatch):
    root = copy_of_built
    before = snapshot(root / "build" / REPORT)
    quarto_log = fake_quarto(root.parent / "bin", exit_code=1)
    monkeypatch.setenv("PATH", str(root.parent / "bin") + os.pathsep + os.environ["PATH"])
    with pytest.raises(BuildError, match="quarto render gagal") as raised:
        build_report(root / "params" / f"{REPORT}.yml", root, progress=None)
    assert "typst gagal" in str(raised.value)
    assert len(calls(quarto_log)) == 1
    assert (root / "build" / "failed" / REPORT / "quarto.log").is_file()
    assert snapshot(root / "build" / REPORT) == before
    assert leftovers(root / "build") == []


def test_chapter_without_parameters_cell_is_refused_before_running(tmp_path):
    root = make_project(tmp_path / "proyek", chapters=["notebooks/index.ipynb", "notebooks/tanpa-parameter.ipynb"])
    with pytest.raises(BuildError, match=r"tanpa-parameter\.ipynb.*'parameters'"):
        build_report(root / "params" / f"{REPORT}.yml", root, progress=None)
    assert not (root / "build" / REPORT).exists()


def test_missing_chapter_notebook_is_named(tmp_path):
    root = make_project(tmp_path / "proyek", chapters=["notebooks/index.ipynb", "notebooks/hilang.ipynb"])
    with pytest.raises(BuildError, match=r"hilang\.ipynb.*tidak ditemukan"):
        build_report(root / "params" / f"{REPORT}.yml", root, progress=None)


# --- with Quarto ---------------------------------------------------------------------------------


def test_quarto_renders_the_staged_book_once_after_every_chapter_ran(copy_of_built, monkeypatch):
    root = copy_of_built
    quarto_log = fake_quarto(root.parent / "bin")
    monkeypatch.setenv("PATH", str(root.parent / "bin") + os.pathsep + os.environ["PATH"])
    result = build_report(root / "params" / f"{REPORT}.yml", root, progress=None)

    (call,) = calls(quarto_log)
    assert call["argv"] == ["render", "--to", "all"]
    assert Path(call["cwd"]).name.startswith(f".staging-{REPORT}-")
    assert call["quarto_python"] == sys.executable
    assert result.mode == "book" and result.entry == root / "build" / REPORT / "_book" / "index.html"
    assert not (root / "build" / REPORT / "preview").exists()
    assert f'href="{REPORT}/_book/index.html"' in (root / "build" / "index.html").read_text()


# --- every report --------------------------------------------------------------------------------


def test_build_all_builds_the_others_when_one_fails(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", path_without_quarto())
    root = make_project(tmp_path / "proyek")
    (root / "data" / "kota-uji-build" / "angka.csv").write_text("uraian,jumlah\nA,1\n")
    with pytest.raises(BuildError) as raised:
        build_all(root, progress=None)
    assert "1 dari 2 laporan gagal" in str(raised.value)
    assert f"{REPORT}.yml" in str(raised.value)
    info = json.loads((root / "build" / "kab-uji-build-2023" / "build.json").read_text())
    assert info["nama"] == "Dinas Sosial Kabupaten Contoh"  # 'Kabupaten Contoh' already in the name
    assert not (root / "build" / REPORT).exists()


# --- in a browser --------------------------------------------------------------------------------

CHECK_SCRIPT = """
<script>
window.addEventListener("load", () => {
  const images = [...document.images].map(img => ({src: img.src.slice(0, 40), ok: img.complete && img.naturalWidth > 0}));
  const tables = [...document.querySelectorAll('.caption[id^="tbl-"]')].map(caption => {
    const next = caption.nextElementSibling;
    return {id: caption.id, table: !!(next && (next.matches("table") || next.querySelector("table")))};
  }).concat([...document.querySelectorAll('table[id^="tbl-"]')].map(table => (
    {id: table.id, table: !!table.querySelector("caption")})));
  const out = document.createElement("pre");
  out.id = "lkjip-check";
  out.textContent = JSON.stringify({images, tables, allTables: document.querySelectorAll("table").length});
  document.body.appendChild(out);
});
</script>
"""


def labels_in(notebook: Path, prefix: str) -> list[str]:
    nb = nbformat.read(notebook, as_version=4)
    return [m for c in nb.cells if c.cell_type == "code"
            for m in re.findall(rf"^#\|\s*label:\s*({prefix}-[\w-]+)", c.source, re.MULTILINE)]


@pytest.mark.skipif(chromium() is None, reason="chromium is not installed (make test installs it as root with apt-get)")
def test_preview_in_headless_chromium_loads_every_image_and_shows_every_table(built, tmp_path):
    root, _, _ = built
    preview = tmp_path / "preview"
    shutil.copytree(root / "build" / REPORT / "preview", preview)
    for page, notebook in [("index.html", None), ("bab1.html", "bab1.ipynb"), ("lampiran.html", "lampiran.ipynb")]:
        checked = preview / f"_check-{page}"
        # The pages forbid scripts (Content-Security-Policy); the copy under test lets ours run.
        html = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", (preview / page).read_text(encoding="utf-8"))
        checked.write_text(html.replace("</body>", CHECK_SCRIPT + "</body>"), encoding="utf-8")
        dom = subprocess.run(
            [chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", "--no-first-run",
             f"--user-data-dir={tmp_path / 'chromium-profile'}", "--virtual-time-budget=10000",
             "--dump-dom", checked.as_uri()],
            capture_output=True, text=True, timeout=120,
        ).stdout
        found = re.search(r'<pre id="lkjip-check">(.*?)</pre>', dom, re.DOTALL)
        assert found, f"{page}: the check did not run; chromium printed:\n{dom[:500]}"
        result = json.loads(found.group(1).replace("&quot;", '"').replace("&amp;", "&"))
        assert all(image["ok"] for image in result["images"]), f"{page}: broken images {result['images']}"
        assert all(table["table"] for table in result["tables"]), f"{page}: caption without table {result['tables']}"
        if notebook:
            expected = labels_in(FIXTURES / "notebooks" / notebook, "tbl")
            assert sorted(t["id"] for t in result["tables"]) == sorted(expected)
            assert result["allTables"] >= len(expected)
            if labels_in(FIXTURES / "notebooks" / notebook, "fig"):
                assert result["images"], f"{page}: figure expected"


# --- the template --------------------------------------------------------------------------------


def test_parts_and_appendices_keep_their_shape_in_the_report_config(tmp_path):
    from lkjip.inputs.params import Params
    from lkjip.publish.buku import Agency, book_chapters, report_book_config

    template = {
        "project": {"type": "book"},
        "book": {
            "title": "LKjIP",
            "chapters": ["notebooks/index.ipynb",
                         {"part": "Bab III", "chapters": ["notebooks/bab3a.ipynb", "notebooks/bab3b.ipynb"]}],
            "appendices": ["notebooks/lampiran.ipynb"],
        },
    }
    chapters = book_chapters(tmp_path, template)
    assert [c.file for c in chapters] == ["index.ipynb", "bab3a.ipynb", "bab3b.ipynb", "lampiran.ipynb"]
    assert [c.appendix for c in chapters] == [False, False, False, True]
    config = report_book_config(template, Params("contoh", 2024), Agency("Dinas Contoh", None))
    assert config["book"]["chapters"] == [
        "index.ipynb", {"part": "Bab III", "chapters": ["bab3a.ipynb", "bab3b.ipynb"]}]
    assert config["book"]["title"] == "LKjIP Tahun 2024" and "author" not in config["book"]
    assert template["book"]["chapters"][0] == "notebooks/index.ipynb"  # the template is not modified


def test_template_needs_an_index_chapter_and_unique_names(tmp_path):
    from lkjip.publish.buku import book_chapters

    template = {"project": {"type": "book"},
                "book": {"chapters": ["a/bab1.ipynb", "b/bab1.ipynb"]}}
    with pytest.raises(BuildError, match=r"'bab1\.ipynb' dipakai lebih dari sekali.*index\.ipynb"):
        book_chapters(tmp_path, template)
