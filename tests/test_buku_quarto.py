"""Each agency's book as Quarto renders it (HTML, Typst PDF, DOCX), read as a reader would.

Every params/*.yml is built once per test session with Quarto (a session fixture; about 60 s of
papermill and 100 s of Quarto per agency on a busy 2-core machine) and the tests only read the
result: no Quarto warning, chapter numbers equal in the three formats, every "Unduh CSV" link
resolving, no English UI string, long tables breaking across PDF pages with their header repeated,
and no text printed over other text in the PDF. Without ``quarto`` on PATH the tests skip (CI puts
the machine's Quarto rig on PATH in .ci/run); the PDF checks also need poppler-utils.
"""
from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[1]
PARAMS = sorted((ROOT / "params").glob("*.yml"))

needs_quarto = pytest.mark.skipif(
    shutil.which("quarto") is None,
    reason="quarto is not on PATH (conda env from environment.yml, Quarto's installer, or .ci/run's rig)")
needs_poppler = pytest.mark.skipif(
    shutil.which("pdftotext") is None,
    reason="pdftotext is not installed (poppler-utils; make test installs it as root with apt-get)")

#: English UI strings Quarto or pandoc print unless told otherwise (whole words).
ENGLISH = ["Download", "Appendix", "Appendices", "Table of contents", "Table of Contents", "Contents",
           "Figure", "Table", "Chapter", "Part", "Search", "Back to top", "Share", "Page"]
#: Quarto's notes that are not warnings about the book (the rig has no typst-gather binary).
HARMLESS = re.compile(r"typst-gather")


@dataclass(frozen=True)
class Book:
    report: str
    folder: Path

    @property
    def html_dir(self) -> Path:
        return self.folder / "_book"

    @property
    def pdf(self) -> Path:
        return self.html_dir / f"lkjip-{self.report}.pdf"

    @property
    def docx(self) -> Path:
        return self.html_dir / f"lkjip-{self.report}.docx"


@pytest.fixture(scope="session", params=PARAMS, ids=lambda p: p.stem)
def book(request, laporan_terbangun) -> Book:
    """One Quarto build per agency for the whole session, shared with test_laporan (conftest)."""
    if shutil.which("quarto") is None:
        pytest.skip("quarto is not on PATH")
    result = laporan_terbangun(request.param.stem)
    assert result.mode == "book", "Quarto was on PATH, so the book is rendered"
    return Book(result.report, result.folder)


# --- reading the formats -------------------------------------------------------------------------


class _Page(HTMLParser):
    """Visible text, hrefs and chapter title of an HTML page (scripts and styles left out)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.hrefs: list[str] = []
        self.title_parts: list[str] = []
        self._skip = 0
        self._in_title = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("script", "style", "template"):
            self._skip += 1
        if tag == "a" and attrs.get("href"):
            self.hrefs.append(attrs["href"])
        if tag == "h1" and "title" in (attrs.get("class") or "").split():
            self._in_title += 1
        for key in ("title", "aria-label", "placeholder"):
            if attrs.get(key):
                self.text.append(attrs[key])

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template") and self._skip:
            self._skip -= 1
        if tag == "h1" and self._in_title:
            self._in_title -= 1

    def handle_data(self, data):
        if not self._skip:
            self.text.append(data)
            if self._in_title:
                self.title_parts.append(data)


def read_page(path: Path) -> _Page:
    parser = _Page()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def chapter_pages(book: Book) -> list[Path]:
    """The chapter pages in book order (the sidebar order of index.html)."""
    index = read_page(book.html_dir / "index.html")
    pages = []
    for href in index.hrefs:
        path = urlsplit(href).path
        if path.endswith(".html") and "/" not in path.lstrip("./") and (book.html_dir / path).is_file():
            if (book.html_dir / path) not in pages:
                pages.append(book.html_dir / path)
    return pages


def html_chapters(book: Book) -> list[tuple[str, str]]:
    """(number, title) of every numbered chapter as the HTML book titles its pages."""
    found = []
    for page in chapter_pages(book):
        title = " ".join("".join(read_page(page).title_parts).split())
        match = re.match(r"^(?:Lampiran\s+)?([0-9]+|[A-Z])[.\s\u00a0]+(.+)$", title)
        if match and page.name != "index.html":
            found.append((match.group(1), match.group(2).strip()))
    return found


def pdf_text(book: Book) -> str:
    return subprocess.run(["pdftotext", "-layout", str(book.pdf), "-"], capture_output=True, text=True,
                          check=True).stdout


def docx_paragraphs(book: Book) -> list[tuple[str, str]]:
    """(style, text) of every paragraph of the DOCX; a line break within one is a newline."""
    xml = zipfile.ZipFile(book.docx).read("word/document.xml").decode("utf-8")
    paragraphs = []
    for para in re.findall(r"<w:p[ >].*?</w:p>", xml, re.S):
        style = re.search(r'<w:pStyle w:val="([^"]+)"', para)
        text = "".join(t or "\n" for t in re.findall(r"<w:t[^>]*>([^<]*)</w:t>|<w:br ?/>", para))
        paragraphs.append((style.group(1) if style else "", text))
    return paragraphs


# --- the tests -------------------------------------------------------------------------------------


@needs_quarto
def test_quarto_prints_no_warning(book):
    log = (book.folder / "quarto.log").read_text(encoding="utf-8", errors="replace")
    warnings = [line for line in log.splitlines()
                if re.search(r"\bWARN(ING)?\b", line, re.I) and not HARMLESS.search(line)]
    assert warnings == []


@needs_quarto
def test_three_formats_are_rendered(book):
    assert (book.html_dir / "index.html").is_file()
    assert book.pdf.is_file() and book.pdf.stat().st_size > 10_000
    assert book.docx.is_file() and book.docx.stat().st_size > 10_000


@needs_quarto
def test_html_chapters_are_numbered_from_1_and_appendices_from_a(book):
    chapters = html_chapters(book)
    numbers = [number for number, _ in chapters]
    main = [n for n in numbers if n.isdigit()]
    appendices = [n for n in numbers if not n.isdigit()]
    assert main == [str(i) for i in range(1, len(main) + 1)], chapters
    assert appendices == [chr(ord("A") + i) for i in range(len(appendices))], chapters
    assert len(main) >= 4


def printed_chapter(number: str, title: str) -> str:
    """How the PDF and DOCX print an HTML chapter: "BAB III" over "AKUNTABILITAS KINERJA",
    "LAMPIRAN A" over its title (published LKjIPs; HTML keeps "3 Akuntabilitas Kinerja")."""
    from lkjip.publish.word import romawi
    label = f"BAB {romawi(int(number))}" if number.isdigit() else f"LAMPIRAN {number}"
    return f"{label} {title.upper()}"


@needs_quarto
@needs_poppler
def test_pdf_numbers_chapters_as_the_html_book(book):
    text = " ".join(pdf_text(book).split())
    for number, title in html_chapters(book):
        heading = printed_chapter(number, title)
        assert re.search(rf"\b{re.escape(heading)}", text), f"{heading} not in the PDF"


@needs_quarto
def test_docx_numbers_chapters_as_the_html_book(book):
    headings = [" ".join(text.split()) for style, text in docx_paragraphs(book) if style in ("Heading1", "heading1")]
    for number, title in html_chapters(book):
        assert printed_chapter(number, title) in headings, f"{printed_chapter(number, title)} not in {headings}"


@needs_quarto
def test_docx_is_an_a4_book_whose_tables_span_the_text_and_keep_their_alignment(book):
    """Word readers get the PDF's page: A4, tables across the text width, names left and numbers
    right (Quarto centred every cell of a cross-referenced table, quarto-dev/quarto-cli#8970)."""
    xml = zipfile.ZipFile(book.docx).read("word/document.xml").decode("utf-8")
    size = dict(re.findall(r'w:([wh])="(\d+)"', re.findall(r"<w:pgSz [^>]*>", xml)[-1]))
    margins = dict(re.findall(r'w:(left|right)="(\d+)"', re.findall(r"<w:pgMar [^>]*>", xml)[-1]))
    assert size == {"w": "11906", "h": "16838"}
    text_width = int(size["w"]) - int(margins["left"]) - int(margins["right"])
    grids = [sum(map(int, re.findall(r'<w:gridCol w:w="(\d+)"', grid)))
             for grid in re.findall(r"<w:tblGrid>.*?</w:tblGrid>", xml, re.S)]
    assert grids and all(abs(total - text_width) <= 1 for total in grids)
    assert not [p for p in re.findall(r"<w:pPr>.*?</w:pPr>", xml, re.S) if p.count("<w:jc ") > 1]
    assert '<w:jc w:val="right" />' in xml  # number columns stay right-aligned
    top_bottom = dict(re.findall(r'w:(top|bottom)="(\d+)"', re.findall(r"<w:pgMar [^>]*>", xml)[-1]))
    text_height = int(size["h"]) - int(top_bottom["top"]) - int(top_bottom["bottom"])
    pictures = [(int(cx), int(cy)) for cx, cy in re.findall(r'<wp:extent cx="(\d+)" cy="(\d+)"', xml)]
    assert pictures and all(cx <= text_width * 635 and cy <= text_height * 635 for cx, cy in pictures)
    assert 'descr="data:' not in xml  # a picture is described by its caption, not its base64 source


@needs_quarto
def test_docx_columns_hold_their_longest_word_wherever_the_page_has_room(book):
    """No `Satua|n`, no `436.710.00|0`: in every table whose words fit the page at all, each
    column is at least as wide as the longest word or number it holds (Arial metrics)."""
    from lkjip.publish import word
    xml = zipfile.ZipFile(book.docx).read("word/document.xml").decode("utf-8")
    checked, narrow = 0, []
    for table in word._TABEL_DALAM.findall(xml):
        widths = [int(w) for w in re.findall(r'<w:gridCol w:w="(\d+)"', table)]
        needs = word.butuh_kolom(table, len(widths))
        if needs is None or sum(needs) > sum(widths):
            continue  # the data-quality tables: six columns of long texts, words must break somewhere
        checked += 1
        narrow += [(need, width) for need, width in zip(needs, widths) if need > width]
    assert checked >= 5 and narrow == []


@needs_quarto
def test_pdf_never_ends_a_page_with_a_table_caption(book):
    """A caption above a table stays with it (Trenggalek's Tabel 3.2 ended page 16, its table on 17)."""
    pages = subprocess.run(["pdftotext", "-layout", str(book.pdf), "-"], capture_output=True, text=True,
                           check=True).stdout.split("\f")
    orphans = []
    for number, page in enumerate(pages, start=1):
        lines = [line.strip() for line in page.splitlines() if line.strip()]
        if len(lines) >= 2 and re.match(r"Tabel [0-9A-Z]+\.[0-9]+:", lines[-2]):  # the last line is the page number
            orphans.append((number, lines[-2]))
    assert orphans == []


def csv_links(book: Book) -> list[tuple[Path, str]]:
    """(page, href) of every link to a CSV file in the HTML book."""
    return [(page, href) for page in sorted(book.html_dir.glob("*.html")) for href in read_page(page).hrefs
            if not urlsplit(href).scheme and urlsplit(href).path.endswith(".csv")]


@needs_quarto
def test_every_csv_link_resolves_in_the_html_book(book):
    for page, href in csv_links(book):
        assert (page.parent / unquote(urlsplit(href).path)).is_file(), f"{page.name}: {href}"


@needs_quarto
def test_tables_link_their_csv(book):
    assert len(csv_links(book)) >= 5, "tables link their CSV ('Unduh CSV')"


@needs_quarto
def test_book_publishes_only_the_report_tables(book):
    published = {p.relative_to(book.html_dir).as_posix() for p in book.html_dir.rglob("*.csv")}
    assert published and all(re.fullmatch(r"tabel/[^/]+\.csv", p) for p in published), published


def _english(text: str) -> list[str]:
    return [word for word in ENGLISH if re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text)]


@needs_quarto
def test_html_shows_no_english_ui_strings(book):
    found = {}
    for page in sorted(book.html_dir.glob("*.html")):
        words = _english(" ".join(read_page(page).text))
        if words:
            found[page.name] = words
    assert found == {}


@needs_quarto
@needs_poppler
def test_pdf_shows_no_english_ui_strings(book):
    assert _english(pdf_text(book)) == []


@needs_quarto
def test_docx_shows_no_english_ui_strings(book):
    assert _english(" ".join(text for _, text in docx_paragraphs(book))) == []


# --- the PDF as paper ------------------------------------------------------------------------------


def word_boxes(pdf: Path) -> dict[int, list[tuple[float, float, float, float, str]]]:
    """Words of every page with their boxes (``pdftotext -bbox``)."""
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pages: dict[int, list] = {}
    for number, page in enumerate(re.findall(r"<page .*?</page>", out, re.S), start=1):
        pages[number] = [
            (float(a), float(b), float(c), float(d), word)
            for a, b, c, d, word in re.findall(
                r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', page)
        ]
    return pages


def overprinted(words: list[tuple[float, float, float, float, str]], share: float = 0.3) -> list[tuple[str, str]]:
    """Pairs of words whose boxes overlap by more than ``share`` of the smaller box: text over text."""
    words = sorted(words, key=lambda w: w[1])
    pairs = []
    for i, a in enumerate(words):
        for b in words[i + 1:]:
            if b[1] >= a[3]:
                break
            width = min(a[2], b[2]) - max(a[0], b[0])
            height = min(a[3], b[3]) - max(a[1], b[1])
            if width <= 0 or height <= 0:
                continue
            smaller = min((a[2] - a[0]) * (a[3] - a[1]), (b[2] - b[0]) * (b[3] - b[1]))
            if smaller > 0 and width * height > share * smaller:
                pairs.append((a[4], b[4]))
    return pairs


def test_overlap_check_sees_text_printed_over_text():
    """The detector itself: two words in the same place overlap, neighbours on a line do not."""
    line = [(10, 10, 40, 20, "Tabel"), (42, 10, 60, 20, "3.1"), (10, 22, 50, 32, "Sasaran")]
    assert overprinted(line) == []
    assert overprinted(line + [(12, 11, 45, 21, "Indikator")]) == [("Tabel", "Indikator")]


@needs_quarto
@needs_poppler
def test_pdf_has_no_text_printed_over_text(book):
    bad = {page: pairs[:3] for page, words in word_boxes(book.pdf).items() if (pairs := overprinted(words))}
    assert bad == {}, f"overprinted words on pages {sorted(bad)}: {bad}"


@needs_quarto
@needs_poppler
def test_long_tables_break_across_pages_and_repeat_their_header(book):
    """The longest table of the book spans pages; its header row heads each of them."""
    longest = None
    for page in chapter_pages(book):
        html = page.read_text(encoding="utf-8")
        for table in re.findall(r"<table.*?</table>", html, re.S):
            rows = len(re.findall(r"<tr", table))
            # the header row only: row and group headers are <th> too (scope="row"/"rowgroup")
            head = re.search(r"<thead.*?</thead>", table, re.S)
            header = [re.sub(r"<[^>]+>", "", h).strip()
                      for h in re.findall(r"<th[^>]*>(.*?)</th>", head.group(0) if head else "", re.S)]
            if header and (longest is None or rows > longest[0]):
                longest = (rows, [h for h in header if h])
    assert longest, "the book holds tables"
    if longest[0] <= 40:
        pytest.skip(f"{book.report}: no table is long enough to span two pages (longest has {longest[0]} rows)")
    heads = [" ".join(h.split()) for h in longest[1]]
    pages = subprocess.run(["pdftotext", "-layout", str(book.pdf), "-"], capture_output=True, text=True,
                           check=True).stdout.split("\f")
    with_header = [n for n, text in enumerate(pages, start=1)
                   if all(head.split()[0] in text for head in heads)]
    assert len(with_header) >= 2, f"header {heads} on pages {with_header}"


@needs_quarto
def test_every_anchor_the_lke_checklist_cites_is_in_the_html_book(book):
    """`lkjip periksa --lke` names its evidence by page and anchor (`bab3-akuntabilitas.html#tbl-capaian`):
    each one it cites for this agency exists in the rendered book."""
    from lkjip.inputs.params import load_params
    from lkjip.present.lke import letak
    from lkjip.run.periksa import periksa_lke

    hasil, _ = periksa_lke(load_params(ROOT / "params" / f"{book.report}.yml", ROOT), ROOT)
    ids = {page.stem: set(re.findall(r'\bid="([^"]+)"', page.read_text(encoding="utf-8")))
           for page in book.html_dir.glob("*.html")}
    cited = [c for p in hasil.putusan for b in (*p.bukti, *p.tanda) if (c := letak(b)) is not None]
    assert cited
    missing = [c.tautan for c in cited if c.anchor not in ids.get(c.halaman, set())]
    assert missing == []
