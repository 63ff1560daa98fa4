"""HTML preview of the executed chapters, for a machine without Quarto: code hidden, tables and
figures captioned and numbered as Quarto would, cross-references linked."""
from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

from .buku import Chapter

_CELL_OPTION = re.compile(r"^\s*#\|\s*([\w-]+)\s*:\s*(.*?)\s*$")
_CROSSREF = re.compile(r"(?<![\w@])@((?:tbl|fig)-[\w-]+)")
_HEADING_ATTRS = re.compile(r"^(#+\s.*?)\s*\{[^}]*\}\s*$", re.MULTILINE)


def _cell_options(source: str) -> dict[str, str]:
    """Quarto's ``#| key: value`` options at the top of a code cell."""
    options = {}
    for line in source.splitlines():
        match = _CELL_OPTION.match(line)
        if not match:
            break
        options[match.group(1)] = match.group(2).strip("'\"")
    return options


def _chapter_title(nb: "nbformat.NotebookNode", fallback: str) -> str:
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            match = re.search(r"^#\s+(.+?)\s*(\{[^}]*\})?\s*$", cell.source, re.MULTILINE)
            if match:
                return match.group(1)
    return fallback


def _is_unnumbered(nb: "nbformat.NotebookNode") -> bool:
    for cell in nb.cells:
        if cell.cell_type == "markdown" and re.search(r"^#\s.*\{[^}]*\.unnumbered", cell.source, re.MULTILINE):
            return True
    return False


_PREVIEW_CSS = """
body { font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem;
       line-height: 1.5; color: #222; }
table { border-collapse: collapse; margin: .5rem 0 1.5rem; font-size: .9rem; }
th, td { border: 1px solid #bbb; padding: .25rem .5rem; text-align: left; vertical-align: top; }
img { max-width: 100%; height: auto; }
.caption { font-weight: 600; margin-top: 1rem; }
.book-title { font-size: 1.6rem; font-weight: 700; }
header { border-bottom: 1px solid #ccc; margin-bottom: 1.5rem; }
.output_stderr { display: none; }
nav { margin: 1rem 0; font-size: .9rem; }
.anchor-link { display: none; }
"""


def _preview_page(title: str, body: str, nav: str = "") -> str:
    return (
        "<!DOCTYPE html>\n<html lang=\"id\">\n<head>\n<meta charset=\"utf-8\">\n"
        f"<title>{html.escape(title)}</title>\n<style>{_PREVIEW_CSS}</style>\n</head>\n"
        f"<body>\n{nav}\n{body}\n{nav}\n</body>\n</html>\n"
    )


def write_preview(folder: Path, chapters: list[Chapter], book_title: str) -> Path:
    """HTML of every executed chapter without code; returns the home page (``index.html``).

    It mirrors what Quarto would show (code hidden, ``#| include: false`` and ``#| output: false``
    honoured, tables and figures captioned and numbered, ``@tbl-``/``@fig-`` references linked),
    so a report can be checked on a machine without Quarto.
    """
    import nbformat  # slow to import: only when a preview is written, not for build/index.html
    from nbconvert import HTMLExporter

    out = folder / "preview"
    out.mkdir()
    if (folder / "tabel").is_dir():  # the tables' CSV files, as the book publishes them
        shutil.copytree(folder / "tabel", out / "tabel")
    notebooks = [nbformat.read(folder / c.file, as_version=4) for c in chapters]

    # Number chapters as Quarto does: index and {.unnumbered} chapters get none, appendices A, B...
    numbers: list[str | None] = []
    chapter_no = appendix_no = 0
    for chapter, nb in zip(chapters, notebooks):
        if chapter.file == "index.ipynb" or _is_unnumbered(nb):
            numbers.append(None)
        elif chapter.appendix:
            numbers.append(chr(ord("A") + appendix_no))
            appendix_no += 1
        else:
            chapter_no += 1
            numbers.append(str(chapter_no))

    # Every labelled table and figure gets its number and page before any page is written,
    # so references may point to another chapter.
    labels: dict[str, tuple[str, str]] = {}
    for chapter, nb, number in zip(chapters, notebooks, numbers):
        counts = {"tbl": 0, "fig": 0}
        for cell in nb.cells:
            label = _cell_options(cell.source).get("label", "") if cell.cell_type == "code" else ""
            kind = label.split("-", 1)[0]
            if kind in counts:
                counts[kind] += 1
                name = "Tabel" if kind == "tbl" else "Gambar"
                text = f"{name} {number}.{counts[kind]}" if number else f"{name} {counts[kind]}"
                labels[label] = (text, Path(chapter.file).stem + ".html")

    exporter = HTMLExporter(template_name="basic")
    exporter.exclude_input = True
    exporter.exclude_input_prompt = True
    exporter.exclude_output_prompt = True
    exporter.embed_images = True

    titles = [_chapter_title(nb, Path(c.file).stem) for c, nb in zip(chapters, notebooks)]
    pages = [Path(c.file).stem + ".html" for c in chapters]  # index.ipynb -> index.html
    toc_items = []
    for chapter, title, page, number in zip(chapters, titles, pages, numbers):
        prefix = (f"Lampiran {number}. " if chapter.appendix else f"{number}. ") if number else ""
        toc_items.append(f'<li><a href="{page}">{html.escape(prefix + title)}</a></li>')
    # The home page carries the table of contents, as the sidebar of Quarto's HTML book does.
    toc = (
        f'<header>\n<p class="book-title">{html.escape(book_title)}</p>\n'
        "<p>Pratinjau tanpa Quarto: satu halaman per bab, tanpa PDF dan DOCX.</p>\n"
        "<ul>\n" + "\n".join(toc_items) + "\n</ul>\n</header>"
    )

    for position, (chapter, nb) in enumerate(zip(chapters, notebooks)):
        page = pages[position]

        def link(match: re.Match) -> str:
            label = match.group(1)
            if label not in labels:
                return match.group(0)
            text, target = labels[label]
            href = f"#{label}" if target == page else f"{target}#{label}"
            return f"[{text}]({href})"

        cells = []
        for cell in nb.cells:
            tags = cell.get("metadata", {}).get("tags", [])
            if "parameters" in tags or "injected-parameters" in tags:
                continue
            if cell.cell_type == "markdown":
                cell.source = _HEADING_ATTRS.sub(r"\1", _CROSSREF.sub(link, cell.source))
                cells.append(cell)
                continue
            if cell.cell_type != "code":
                continue
            options = _cell_options(cell.source)
            if options.get("include") == "false":
                continue
            if options.get("output") == "false":
                cell.outputs = []
            label = options.get("label", "")
            if label in labels:
                caption = options.get("tbl-cap") or options.get("fig-cap") or ""
                text = html.escape(labels[label][0] + (f": {caption}" if caption else ""))
                anchor = nbformat.v4.new_markdown_cell(f'<p class="caption" id="{label}">{text}</p>')
                if label.startswith("tbl-"):  # table captions above, figure captions below
                    cells += [anchor, cell]
                else:
                    cells += [cell, anchor]
            else:
                cells.append(cell)
        nb.cells = cells
        body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"path": str(folder)}})
        nav_links = [] if page == "index.html" else ['<a href="index.html">Daftar isi</a>']
        if position > 0:
            nav_links.append(f'<a href="{pages[position - 1]}">&larr; {html.escape(titles[position - 1])}</a>')
        if position + 1 < len(chapters):
            nav_links.append(f'<a href="{pages[position + 1]}">{html.escape(titles[position + 1])} &rarr;</a>')
        nav = "<nav>" + " | ".join(nav_links) + "</nav>"
        if page == "index.html":
            body = toc + "\n" + body
        (out / page).write_text(_preview_page(titles[position], body, nav), encoding="utf-8")
    return out / "index.html"


# --------------------------------------------------------------------------------------------
