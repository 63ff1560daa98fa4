"""The preview without Quarto, on executed notebooks written here (no kernel): tables and figures
captioned in the Markdown are numbered per chapter as Quarto numbers them, references link across
pages, every relative link resolves, nothing of the page is script, and text stays text."""
from __future__ import annotations

import base64
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import nbformat
import pytest

from lkjip.publish.buku import Chapter
from lkjip.publish.pratinjau import write_preview

PNG = base64.b64encode(bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082")).decode()


def _markdown_output(text: str):
    return nbformat.v4.new_output("display_data", data={"text/markdown": text, "text/plain": ""})


def _notebook(path: Path, heading: str, outputs: list[str], prose: str = "") -> None:
    nb = nbformat.v4.new_notebook()
    parameters = nbformat.v4.new_code_cell('dinas = "x"')
    parameters.metadata["tags"] = ["parameters"]
    shown = nbformat.v4.new_code_cell("tampil(...)")
    shown.outputs = [_markdown_output(text) for text in outputs]
    nb.cells = [parameters, nbformat.v4.new_markdown_cell(heading + ("\n\n" + prose if prose else "")), shown]
    nbformat.write(nb, path)


@pytest.fixture(scope="module")
def preview(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("laporan")
    (folder / "tabel").mkdir()
    (folder / "tabel" / "capaian.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    table = ("| Indikator | Capaian (%) |\n|:------------------|------:|\n| IPG \\<b\\> | 99,52 |\n\n"
             ": Capaian kinerja {#tbl-capaian}\n\nSumber: data. [Unduh CSV](tabel/capaian.csv)")
    figure = f"![Struktur organisasi](data:image/png;base64,{PNG}){{#fig-struktur}}"
    _notebook(folder / "index.ipynb", "<!-- -->\n# Ringkasan {.unnumbered}", [], "Lihat @tbl-capaian dan @fig-struktur.")
    _notebook(folder / "bab1.ipynb", "# Pendahuluan", [figure])
    _notebook(folder / "bab2.ipynb", "# Perencanaan", ["Teks dulu.", table])
    _notebook(folder / "lampiran.ipynb", "# Data", [table.replace("tbl-capaian", "tbl-lampiran")])
    chapters = [Chapter(folder / n, n == "lampiran.ipynb") for n in
                ("index.ipynb", "bab1.ipynb", "bab2.ipynb", "lampiran.ipynb")]
    write_preview(folder, chapters, "LKjIP 2023 <Uji>")
    return folder / "preview"


def test_tables_and_figures_captioned_in_markdown_are_numbered_per_chapter(preview):
    assert re.search(r'<table id="tbl-capaian">\s*<caption>Tabel 2.1: Capaian kinerja</caption>',
                     (preview / "bab2.html").read_text(encoding="utf-8"))
    assert "Tabel A.1: Capaian kinerja" in (preview / "lampiran.html").read_text(encoding="utf-8")
    bab1 = (preview / "bab1.html").read_text(encoding="utf-8")
    assert 'id="fig-struktur"' in bab1 and "Gambar 1.1: Struktur organisasi" in bab1


def test_references_link_to_the_numbered_table_and_figure_on_their_page(preview):
    home = (preview / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<a href="bab2.html#tbl-capaian"[^>]*>Tabel 2.1</a>', home)
    assert re.search(r'<a href="bab1.html#fig-struktur"[^>]*>Gambar 1.1</a>', home)


def test_chapters_numbered_as_the_book_and_listed_on_the_home_page(preview):
    home = (preview / "index.html").read_text(encoding="utf-8")
    for href, text in [("bab1.html", "1 Pendahuluan"), ("bab2.html", "2 Perencanaan"), ("lampiran.html", "Lampiran A. Data")]:
        assert re.search(rf'<a href="{href}"[^>]*>{re.escape(text)}</a>', home)
    assert "{.unnumbered}" not in home


def test_every_relative_link_resolves_and_csv_links_are_real_links(preview):
    csv = []
    for page in sorted(preview.glob("*.html")):
        for link in re.findall(r'(?:href|src)="([^"]+)"', page.read_text(encoding="utf-8")):
            target = urlsplit(link)
            if target.scheme or not target.path:
                continue
            assert (page.parent / unquote(target.path)).is_file(), f"{page.name}: {link}"
            csv += [link] if link.endswith(".csv") else []
    assert csv.count("tabel/capaian.csv") == 2


def test_pages_carry_no_script_and_text_stays_text(preview):
    for page in preview.glob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "<script" not in html and "Content-Security-Policy" in html
    assert "LKjIP 2023 &lt;Uji&gt;" in (preview / "index.html").read_text(encoding="utf-8")
    assert "IPG &lt;b&gt;" in (preview / "bab2.html").read_text(encoding="utf-8")
