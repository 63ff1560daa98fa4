"""HTML preview of the executed chapters, for a machine without Quarto.

Pandoc (shipped by ``pypandoc-binary``) renders each executed notebook with the package's page
template ``templates/pratinjau.html``: the same Pandoc Markdown Quarto reads (pipe tables with
relative widths, ``: caption {#tbl-...}`` captions, line blocks, attributes), so the preview
shows what the book shows. What Quarto adds on top is done here before Pandoc runs: code hidden
(``#| include: false`` and ``#| output: false`` honoured), chapters numbered (appendices A, B...),
tables and figures numbered per chapter ("Tabel 2.1", "Gambar 1.1": captions given as cell
options or in the Markdown, ``: caption {#tbl-x}`` and ``![caption](image){#fig-x}``), ``@tbl-``/``@fig-``
references linked across pages. Figures are written as PNG files under ``preview/gambar/`` and the
tables' CSV files copied to ``preview/tabel/``, so ``[Unduh CSV](tabel/x.csv)`` resolves and the
folder can be copied to static hosting as it is. Every page body passes through
:func:`lkjip.aman.bersihkan_html`, and text put into the template (titles, navigation) is
Markdown-escaped metadata (:func:`lkjip.aman.teks`), which Pandoc escapes for HTML.
"""
from __future__ import annotations

import base64
import json
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from lkjip.core.exceptions import BuildError
from lkjip.present import aman
from lkjip.publish.buku import Chapter

#: Pandoc page template of the preview (package data).
PAGE_TEMPLATE = Path(__file__).parent / "templates" / "pratinjau.html"
#: Pandoc's Markdown as Quarto reads it, without citations (``@tbl-x`` is resolved here).
PANDOC_FORMAT = "markdown-citations"

_CELL_OPTION = re.compile(r"^\s*#\|\s*([\w-]+)\s*:\s*(.*?)\s*$")
_CROSSREF = re.compile(r"(?<![\w@\\])@((?:tbl|fig)-[\w-]+)")
_CAPTION_ID = re.compile(r"^:\s+(?P<text>.*?)\s*\{#(?P<label>tbl-[\w-]+)(?P<rest>[^}]*)\}\s*$", re.MULTILINE)
_FIGURE_ID = re.compile(r"!\[(?P<text>(?:[^\]\\]|\\.)*)\]\((?P<src>[^)\s]+)\)\{#(?P<label>fig-[\w-]+)(?P<rest>[^}]*)\}")
#: Quarto's conditional content for print (``[text]{.content-hidden when-format="html"}``): the
#: preview is HTML, so it is dropped; its twin ``.content-visible when-format="html"`` stays.
_CETAK_SAJA = re.compile(r'\[(?:[^\]\\]|\\.)*\]\{\.content-hidden when-format="html"\}')
#: A block for print only (``::: {.content-hidden when-format="html"}``), dropped like the spans.
_BLOK_CETAK = re.compile(r'^::: \{\.content-hidden when-format="html"\}\n.*?\n:::$', re.MULTILINE | re.DOTALL)
#: Quarto's page break shortcode: a page has no pages.
_PAGEBREAK = re.compile(r"^\{\{<\s*pagebreak\s*>\}\}\s*$", re.MULTILINE)
_H1 = re.compile(r"^#\s+(?P<title>.+?)\s*(?P<attrs>\{[^}]*\})?\s*$", re.MULTILINE)


def _cell_options(source: str) -> dict[str, str]:
    """Quarto's ``#| key: value`` options at the top of a code cell."""
    options = {}
    for line in source.splitlines():
        match = _CELL_OPTION.match(line)
        if not match:
            break
        options[match.group(1)] = match.group(2).strip("'\"")
    return options


@dataclass
class _Page:
    """One chapter on its way to HTML."""

    chapter: Chapter
    notebook: nbformat.NotebookNode
    page: str
    title: str = ""
    number: str | None = None
    blocks: list[str] = field(default_factory=list)

    @property
    def heading(self) -> str:
        """The chapter title as the book prints it: "1 Pendahuluan", "Lampiran A. Data"."""
        if not self.number:
            return self.title
        return f"Lampiran {self.number}. {self.title}" if self.chapter.appendix else f"{self.number} {self.title}"


def _markdown_cells(nb: nbformat.NotebookNode) -> list[str]:
    return [cell.source for cell in nb.cells if cell.cell_type == "markdown"]


def _title_and_numbered(nb: nbformat.NotebookNode, fallback: str) -> tuple[str, bool]:
    for source in _markdown_cells(nb):
        match = _H1.search(source)
        if match:
            return match.group("title"), ".unnumbered" not in (match.group("attrs") or "")
    return fallback, True


def _visible_cells(nb: nbformat.NotebookNode):
    """(cell, options) of every cell the reader sees, parameters and hidden cells left out."""
    for cell in nb.cells:
        tags = cell.get("metadata", {}).get("tags", [])
        if "parameters" in tags or "injected-parameters" in tags:
            continue
        options = _cell_options(cell.source) if cell.cell_type == "code" else {}
        if options.get("include") == "false":
            continue
        yield cell, options


def _markdown_outputs(cell) -> list[str]:
    return [out["data"]["text/markdown"] for out in cell.get("outputs", [])
            if out.get("output_type") in ("display_data", "execute_result") and "text/markdown" in out.get("data", {})]


def _number_pages(pages: list[_Page]) -> dict[str, tuple[str, str]]:
    """Chapter numbers as Quarto gives them (index and ``{.unnumbered}`` none, appendices A, B...)
    and every table's and figure's number and page, so references may cross pages."""
    chapter_no = appendix_no = 0
    labels: dict[str, tuple[str, str]] = {}
    for page in pages:
        page.title, numbered = _title_and_numbered(page.notebook, Path(page.chapter.file).stem)
        if page.page != "index.html" and numbered:
            if page.chapter.appendix:
                page.number = chr(ord("A") + appendix_no)
                appendix_no += 1
            else:
                chapter_no += 1
                page.number = str(chapter_no)
        counts = {"tbl": 0, "fig": 0}
        for cell, options in _visible_cells(page.notebook):
            found = [options["label"]] if options.get("label", "").startswith(("tbl-", "fig-")) else []
            for text in _markdown_outputs(cell) + ([cell.source] if cell.cell_type == "markdown" else []):
                found += [m.group("label") for m in _CAPTION_ID.finditer(text)]
                found += [m.group("label") for m in _FIGURE_ID.finditer(text)]
            for label in found:
                kind = label.split("-", 1)[0]
                counts[kind] += 1
                name = "Tabel" if kind == "tbl" else "Gambar"
                labels[label] = (f"{name} {page.number}.{counts[kind]}" if page.number else f"{name} {counts[kind]}",
                                 page.page)
    return labels


def _html_output(cell) -> str | None:
    """A rich HTML output (a DataFrame shown as is), used when the cell shows no Markdown."""
    for out in cell.get("outputs", []):
        data = out.get("data", {})
        if "text/html" in data:
            return data["text/html"]
    return None


def _image_output(cell) -> bytes | None:
    for out in cell.get("outputs", []):
        data = out.get("data", {})
        if "image/png" in data:
            return base64.b64decode(data["image/png"])
    return None


def _page_markdown(page: _Page, labels: dict[str, tuple[str, str]], out: Path) -> str:
    """The chapter as one Pandoc Markdown document, Quarto's additions resolved."""

    def link(match: re.Match) -> str:
        label = match.group(1)
        if label not in labels:
            return match.group(0)
        text, target = labels[label]
        return f"[{text}]({'' if target == page.page else target}#{label})"

    def caption(match: re.Match) -> str:
        label = match.group("label")
        number = labels.get(label, ("", ""))[0]
        return f": {number}: {match.group('text')} {{#{label}{match.group('rest')}}}"

    def figure(match: re.Match) -> str:
        label = match.group("label")
        number = labels.get(label, ("", ""))[0]
        return f"![{number}: {match.group('text')}]({match.group('src')}){{#{label}{match.group('rest')}}}"

    def resolve(text: str) -> str:
        text = _PAGEBREAK.sub("", _CETAK_SAJA.sub("", _BLOK_CETAK.sub("", text)))
        return _CROSSREF.sub(link, _FIGURE_ID.sub(figure, _CAPTION_ID.sub(caption, text)))

    blocks: list[str] = []
    first_heading = True
    figure_no = 0
    for cell, options in _visible_cells(page.notebook):
        if cell.cell_type == "markdown":
            source = resolve(cell.source)
            if first_heading and _H1.search(source):
                source = _H1.sub(lambda m: f"# {_escape_heading(page.heading)} {m.group('attrs') or ''}".rstrip(),
                                 source, count=1)
                first_heading = False
            blocks.append(source)
            continue
        if cell.cell_type != "code" or options.get("output") == "false":
            continue
        label = options.get("label", "")
        if label.startswith("tbl-") and label in labels:  # caption given by cell options
            blocks.append(f'<p class="caption" id="{label}">'
                          f"{aman.html_teks(labels[label][0] + ': ' + options.get('tbl-cap', ''))}</p>")
        markdowns = _markdown_outputs(cell)
        blocks += [resolve(text) for text in markdowns]
        image = _image_output(cell)
        if not markdowns and image is None and _html_output(cell):
            blocks.append("```{=html}\n" + _html_output(cell) + "\n```")
        if image is not None:
            figure_no += 1
            name = f"gambar/{Path(page.page).stem}-{figure_no}.png"
            (out / name).write_bytes(image)
            if label.startswith("fig-") and label in labels:
                text = f"{labels[label][0]}: {options.get('fig-cap', '')}"
                blocks.append(f"![{aman.teks(text)}]({name}){{#{label}}}")
            else:
                alt = aman.teks(options.get("fig-alt") or options.get("fig-cap") or page.title)
                blocks.append(f"![{alt}]({name}){{.gambar}}\\")  # backslash: an image, not a figure
    return "\n\n".join(blocks) + "\n"


def _escape_heading(text: str) -> str:
    return aman.teks(text)


def _render(markdown: str, metadata: dict, workdir: Path) -> str:
    import pypandoc

    meta = workdir / "meta.json"
    meta.write_text(json.dumps(metadata, ensure_ascii=False), encoding="utf-8")
    try:
        return pypandoc.convert_text(
            markdown, "html5", format=PANDOC_FORMAT,
            extra_args=["--standalone", f"--template={PAGE_TEMPLATE}", f"--metadata-file={meta}",
                        f"--variable=csp:{aman.KEBIJAKAN_KONTEN}", "--section-divs", "--wrap=none"],
        )
    except (RuntimeError, OSError) as exc:
        raise BuildError(f"Pandoc gagal membuat pratinjau: {exc}") from None


def _body_only(document: str) -> tuple[str, str, str]:
    """Split the template's output at the body markers, to sanitise the body alone."""
    head, rest = document.split("<!--isi-->", 1)
    body, tail = rest.split("<!--/isi-->", 1)
    return head, body, tail


def write_preview(folder: Path, chapters: list[Chapter], book_title: str, terpisah: list[Chapter] = ()) -> Path:
    """HTML of every executed chapter without code; returns the home page (``index.html``).
    ``terpisah``: documents beside the book (the Catatan Reviu), each its own page, outside the
    book's navigation and numbering."""
    out = folder / "preview"
    out.mkdir()
    (out / "gambar").mkdir()
    if (folder / "tabel").is_dir():  # the tables' CSV files, as the book publishes them
        shutil.copytree(folder / "tabel", out / "tabel")
    pages = [_Page(c, nbformat.read(folder / c.file, as_version=4), Path(c.file).stem + ".html") for c in chapters]
    labels = _number_pages(pages)

    toc = [{"href": p.page, "text": aman.teks(p.heading)} for p in pages]
    with tempfile.TemporaryDirectory(prefix="pratinjau-") as tmp:
        for position, page in enumerate(pages):
            metadata = {
                "pagetitle": aman.teks(page.heading),
                "book-title": aman.teks(book_title),
                "daftar-isi": toc if page.page == "index.html" else [],
                "sebelum": toc[position - 1] if position > 0 else None,
                "sesudah": toc[position + 1] if position + 1 < len(pages) else None,
            }
            document = _render(_page_markdown(page, labels, out), {k: v for k, v in metadata.items() if v}, Path(tmp))
            head, body, tail = _body_only(document)
            (out / page.page).write_text(head + aman.bersihkan_html(body) + tail, encoding="utf-8")
        for chapter in terpisah:
            page = _Page(chapter, nbformat.read(folder / chapter.file, as_version=4), Path(chapter.file).stem + ".html")
            own = _number_pages([page])  # numbered as a chapter of its own: "Tabel 1", not "Tabel A.1"
            own = {label: (text.replace(f" {page.number}.", " ", 1), target) for label, (text, target) in own.items()}
            page.number = None
            metadata = {"pagetitle": aman.teks(page.title), "book-title": aman.teks(book_title)}
            document = _render(_page_markdown(page, own, out), metadata, Path(tmp))
            head, body, tail = _body_only(document)
            (out / page.page).write_text(head + aman.bersihkan_html(body) + tail, encoding="utf-8")
    return out / "index.html"
