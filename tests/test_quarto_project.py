"""The top-level _quarto.yml: a Quarto book as Quarto documents it, naming chapters that exist.

It is the template of every report and the one list of chapters, so a chapter named here but
missing from notebooks/ (or lacking its parameters) would only show up in a failed build.
"""
from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
import yaml

from lkjip.run.eksekusi import check_chapter_notebook
from lkjip.publish.buku import book_chapters

ROOT = Path(__file__).resolve().parents[1]
CONFIG = yaml.safe_load((ROOT / "_quarto.yml").read_text(encoding="utf-8"))
CHAPTERS = book_chapters(ROOT, CONFIG)


def test_is_a_book_project_in_indonesian():
    assert CONFIG["project"]["type"] == "book"
    assert CONFIG["project"]["output-dir"] == "_book"
    assert CONFIG["lang"] == "id"


def test_notebooks_are_laid_out_not_executed_and_code_is_hidden():
    assert CONFIG["execute"]["enabled"] is False
    assert CONFIG["execute"]["echo"] is False


def test_formats_html_with_search_and_downloads_typst_a4_and_docx():
    assert set(CONFIG["format"]) == {"html", "typst", "docx"}
    assert CONFIG["format"]["typst"]["papersize"] == "a4"
    assert CONFIG["book"]["search"] is True
    assert CONFIG["book"]["downloads"] == ["pdf", "docx"]


def test_figures_and_tables_are_numbered():
    assert CONFIG["number-sections"] is True
    assert CONFIG["crossref"]["chapters"] is True


def test_chapters_are_notebooks_in_notebooks_folder_index_first():
    chapters = CONFIG["book"]["chapters"]
    assert chapters[0] == "notebooks/index.ipynb"
    for entry in chapters + CONFIG["book"].get("appendices", []):
        assert re.fullmatch(r"notebooks/[\w-]+\.ipynb", entry), entry
    assert CONFIG["book"]["appendices"], "lampiran are listed as appendices"


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda c: c.file)
def test_every_chapter_exists_and_declares_its_parameters(chapter):
    check_chapter_notebook(chapter.source)  # raises BuildError naming what is wrong
    nbformat.validate(nbformat.read(chapter.source, as_version=4))


def test_crossref_labels_are_unique_and_captioned():
    """Quarto numbers a table or figure only with a tbl-/fig- label and its caption option;
    labels must be unique across the whole book."""
    seen: dict[str, str] = {}
    for chapter in CHAPTERS:
        if not chapter.source.is_file():
            continue  # reported by the test above
        for cell in nbformat.read(chapter.source, as_version=4).cells:
            if cell.cell_type != "code":
                continue
            options = dict(re.findall(r"^#\|\s*([\w-]+):\s*(.*)$", cell.source, re.MULTILINE))
            label = options.get("label")
            if not label or not label.startswith(("tbl-", "fig-")):
                continue
            assert label not in seen, f"{label} in {chapter.file} and {seen.get(label)}"
            seen[label] = chapter.file
            caption = "tbl-cap" if label.startswith("tbl-") else "fig-cap"
            assert options.get(caption), f"{chapter.file}: {label} has no '#| {caption}:'"


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda c: c.file)
def test_unnumbered_chapter_heading_is_not_the_notebooks_first_markdown(chapter):
    """Quarto turns a notebook's first Markdown heading into its title and drops the heading's
    attributes: `# Ringkasan {.unnumbered}` as the first Markdown would be numbered in HTML only.
    Content before it (a comment in the same cell, or an earlier Markdown cell) keeps it."""
    cells = [c for c in nbformat.read(chapter.source, as_version=4).cells if c.cell_type == "markdown"]
    for position, cell in enumerate(cells):
        match = re.search(r"^#\s.*\{[^}]*\.unnumbered[^}]*\}\s*$", cell.source, re.MULTILINE)
        if match and re.match(r"^\s*#\s", cell.source) and position == 0:
            pytest.fail(f"{chapter.file}: '{match.group(0)}' is the first Markdown heading; put a comment before it")


@pytest.mark.parametrize("chapter", [c for c in CHAPTERS if c.appendix], ids=lambda c: c.file)
def test_appendix_title_differs_from_the_appendices_part(chapter):
    """The book groups appendices under a part titled `section-title-appendices` ("Lampiran");
    an appendix titled the same prints "Lampiran" followed by "A Lampiran"."""
    part = CONFIG["language"]["section-title-appendices"]
    for cell in nbformat.read(chapter.source, as_version=4).cells:
        match = re.search(r"^#\s+(.+?)\s*(\{[^}]*\})?\s*$", cell.source, re.MULTILINE) if cell.cell_type == "markdown" else None
        if match:
            assert match.group(1).strip().lower() != part.lower(), f"{chapter.file}: '# {match.group(1)}'"
            return


class _NoDuplicateKeys(yaml.SafeLoader):
    """A YAML loader that refuses a key given twice in one mapping (YAML itself keeps the last)."""

    def construct_mapping(self, node, deep=False):
        seen = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(None, None, f"key {key!r} given twice", key_node.start_mark)
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def test_no_key_is_given_twice():
    """Two `filters:` lists (one per feature) once silently dropped the official-layout filter."""
    yaml.load((ROOT / "_quarto.yml").read_text(encoding="utf-8"), Loader=_NoDuplicateKeys)
    with pytest.raises(yaml.constructor.ConstructorError, match="given twice"):
        yaml.load("filters: [a]\nfilters: [b]\n", Loader=_NoDuplicateKeys)
