"""The signed book as an official LKjIP (issue 18): read from the Typst PDF (``pdftotext``, with
``-bbox`` for where words sit) and from the DOCX's XML, for every params/*.yml.

BAB I to BAB IV open their pages; the front matter is numbered in roman figures and the body
from 1, the cover not counted; no blank page; the Daftar Tabel and Daftar Gambar list every table
and figure; the DOCX carries its lists as text (no field for Word to update) and its cover; every
caption is on the page of what it captions; nothing is printed outside the margins.

The books are the session's builds shared with test_buku_quarto.py (its ``book`` fixture); without
``quarto`` on PATH they skip, and the PDF checks skip without poppler-utils.
"""
from __future__ import annotations

import re
import subprocess
import zipfile

import pytest

from test_buku_quarto import Book, book, needs_poppler, needs_quarto, word_boxes  # noqa: F401 - the fixture

#: A4 in PostScript points and the PDF's margins (typst-show.typ): 3 cm left, 2,5 cm right.
LEBAR_A4 = 595.28
KIRI, KANAN = 3 / 2.54 * 72, 2.5 / 2.54 * 72
#: Words printed this close to the margin still count as inside it: Typst hangs a line-final
#: comma or full stop a little into the margin (overhang), a title box ran centimetres past it.
CELAH = 4.0


def pdf_pages(book: Book) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(book.pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    return text.split("\f")[:-1] if text.endswith("\f") else text.split("\f")


def lines(page: str) -> list[str]:
    return [" ".join(line.split()) for line in page.splitlines() if line.strip()]


def body_start(pages: list[str]) -> int:
    """Index of the page that opens BAB I."""
    return next(i for i, page in enumerate(pages) if lines(page)[:2] == ["BAB I", "PENDAHULUAN"])


def docx_xml(book: Book) -> str:
    return zipfile.ZipFile(book.docx).read("word/document.xml").decode("utf-8")


# --- the PDF ---------------------------------------------------------------------------------------


@needs_quarto
@needs_poppler
def test_pdf_chapters_open_their_page_as_bab_i_to_bab_iv(book):
    openings = [lines(page)[:1] for page in pdf_pages(book)]
    babs = [first[0] for first in openings if first and re.fullmatch(r"BAB [IVX]+", first[0])]
    assert babs == ["BAB I", "BAB II", "BAB III", "BAB IV"]


@needs_quarto
@needs_poppler
def test_pdf_front_matter_is_numbered_in_roman_and_the_body_from_1(book):
    pages = pdf_pages(book)
    start = body_start(pages)
    numbers = [lines(page)[-1] for page in pages]
    assert numbers[0] not in ("1", "i"), "the cover is not counted"
    assert numbers[1:start] == [_roman(n) for n in range(1, start)]
    assert numbers[start] == "1"
    assert numbers[start + 1] == "2"


def _roman(n: int) -> str:
    from lkjip.publish.word import romawi
    return romawi(n).lower()


@needs_quarto
@needs_poppler
def test_pdf_has_no_blank_page(book):
    """Single-sided (the default): every page but the cover holds text besides its number."""
    blank = [n for n, page in enumerate(pdf_pages(book), start=1) if n > 1 and len(" ".join(lines(page)).split()) < 8]
    assert blank == []


@needs_quarto
@needs_poppler
@pytest.mark.parametrize("jenis, judul", [("Tabel", "DAFTAR TABEL"), ("Gambar", "DAFTAR GAMBAR")])
def test_pdf_lists_every_table_and_figure(book, jenis, judul):
    pages = pdf_pages(book)
    start = body_start(pages)
    front = "\n".join(pages[:start])
    # every caption of the book, the Ikhtisar's summary table in the front matter included
    captions = re.findall(rf"\b{jenis} ([0-9A-Z]+\.[0-9]+):", "\n".join(pages))
    listed = re.findall(rf"^\s*{jenis} ([0-9A-Z]+\.[0-9]+)\s", front.split(judul, 1)[-1] if judul in front else "", re.M)
    assert captions, f"the book has no {jenis.lower()}"
    assert judul in front
    assert listed[:len(captions)] == captions


@needs_quarto
@needs_poppler
def test_pdf_daftar_isi_names_every_chapter(book):
    pages = pdf_pages(book)
    front = " ".join(" ".join(lines(p)) for p in pages[:body_start(pages)])
    for bab in ("BAB I PENDAHULUAN", "BAB II PERENCANAAN KINERJA", "BAB III AKUNTABILITAS KINERJA", "BAB IV PENUTUP"):
        assert bab in front


@needs_quarto
@needs_poppler
def test_pdf_every_caption_is_on_the_page_of_what_it_captions(book):
    """A table's caption (above it) has table text below it on its page; a figure's caption
    (below it) has its picture above it: it never opens a page's text."""
    boxes = word_boxes(book.pdf)
    pages = pdf_pages(book)
    start = body_start(pages)
    alone = []
    for number, words in boxes.items():
        if number <= start:
            continue
        body = [w for w in words if w[1] < 800]  # the page number sits below 800 pt
        body.sort(key=lambda w: (round(w[1]), w[0]))
        for i, (x0, y0, x1, y1, text) in enumerate(body):
            following = body[i + 1].__getitem__(4) if i + 1 < len(body) else ""
            if text == "Tabel" and re.fullmatch(r"[0-9A-Z]+\.[0-9]+:", following):
                below = [w for w in body if w[1] > y1 + 2]
                if len(below) < 3:
                    alone.append((number, f"Tabel {following}"))
            if text == "Gambar" and re.fullmatch(r"[0-9A-Z]+\.[0-9]+:", following):
                above = [w for w in body if w[3] < y0 - 2 and w[1] > 100]  # below the running header
                if y0 < 150 and not above:
                    alone.append((number, f"Gambar {following}"))
    assert alone == []


@needs_quarto
@needs_poppler
def test_pdf_prints_nothing_outside_the_margins(book):
    """The chapter titles (orange-book's boxes ran off the right edge) and every table stay
    between 3 cm and 2,5 cm from the edges (single-sided: the margins do not alternate)."""
    outside = {}
    for number, words in word_boxes(book.pdf).items():
        if number == 1:
            continue  # the cover has its own margins
        bad = [w[4] for w in words if w[0] < KIRI - CELAH or w[2] > LEBAR_A4 - KANAN + CELAH]
        if bad:
            outside[number] = bad[:5]
    assert outside == {}


# --- the DOCX --------------------------------------------------------------------------------------


def paragraphs(xml: str) -> list[tuple[str, str, str]]:
    """(style, text, xml) of every paragraph, a line break as a newline."""
    out = []
    for para in re.findall(r"<w:p[ >](?:(?!<w:p[ >]).)*?</w:p>", xml, re.S):
        style = re.search(r'<w:pStyle w:val="([^"]+)"', para)
        text = "".join(t if t is not None and not b else ("\t" if "tab" in b else "\n")
                       for t, b in re.findall(r"<w:t[^>]*>([^<]*)</w:t>|(<w:br ?/>|<w:tab ?/>)", para))
        out.append((style.group(1) if style else "", text, para))
    return out


@needs_quarto
def test_docx_chapters_are_bab_i_to_bab_iv(book):
    headings = [text.split("\n")[0] for style, text, _ in paragraphs(docx_xml(book)) if style == "Heading1"]
    assert [h for h in headings if h.startswith("BAB ")] == ["BAB I", "BAB II", "BAB III", "BAB IV"]


@needs_quarto
def test_docx_opens_with_a_cover_and_its_lists_are_text_not_a_field(book):
    xml = docx_xml(book)
    paras = paragraphs(xml)
    assert "Laporan Kinerja Instansi Pemerintah" in paras[0][1]
    assert "TOC \\o" not in xml and "<w:sdt>" not in xml, "no table-of-contents field for Word to fill"
    headings = [text for style, text, _ in paras if style == "Heading1"]
    assert headings.index("DAFTAR ISI") < headings.index("DAFTAR TABEL") < headings.index("BAB I\nPENDAHULUAN")
    anchors = re.findall(r'<w:hyperlink w:anchor="([^"]+)"', xml)
    bookmarks = set(re.findall(r'<w:bookmarkStart [^>]*w:name="([^"]+)"', xml))
    assert len(anchors) >= 20 and set(anchors) <= bookmarks


@needs_quarto
@pytest.mark.parametrize("jenis, judul", [("Tabel", "DAFTAR TABEL"), ("Gambar", "DAFTAR GAMBAR")])
def test_docx_lists_every_table_and_figure(book, jenis, judul):
    paras = paragraphs(docx_xml(book))
    captions = [m.group(1) for style, text, _ in paras
                if style == "ImageCaption" and (m := re.match(rf"{jenis}\s([0-9A-Z]+\.[0-9]+):", text))]
    start = next(i for i, (style, text, _) in enumerate(paras) if style == "Heading1" and text == judul)
    listed = []
    for style, text, _ in paras[start + 1:]:
        if style == "Heading1":
            break
        if m := re.match(rf"{jenis} ([0-9A-Z]+\.[0-9]+)\t", text):
            listed.append(m.group(1))
    assert captions and listed == captions


@needs_quarto
def test_docx_numbers_the_front_matter_in_roman_and_the_body_from_1(book):
    sections = re.findall(r"<w:sectPr>.*?</w:sectPr>", docx_xml(book), re.S)
    assert len(sections) == 3
    cover, front, body = sections
    assert "footerReference" not in cover
    assert 'w:fmt="lowerRoman"' in front and 'w:start="1"' in front
    assert "lowerRoman" not in body and 'w:start="1"' in body


@needs_quarto
def test_docx_tables_have_borders_and_captions_stay_with_what_they_caption(book):
    from lkjip.publish import word
    xml = docx_xml(book)
    data = [t for t in word._TABEL_DALAM.findall(xml) if "<w:drawing>" not in t]
    assert data and all("<w:tblBorders>" in t for t in data)
    table_captions = [p for style, text, p in paragraphs(xml) if style == "ImageCaption" and re.match(r"Tabel\s", text)]
    assert table_captions and all("<w:keepNext />" in p for p in table_captions)
    pictures = [p for _, _, p in paragraphs(xml) if "<w:drawing>" in p]
    assert pictures and all("<w:keepNext />" in p for p in pictures)


@needs_quarto
def test_docx_pictures_are_described(book):
    descriptions = re.findall(r'<wp:docPr [^>]*descr="([^"]*)"', docx_xml(book))
    assert descriptions and all(d.strip() and not d.startswith("data:") for d in descriptions)
