"""The Word (DOCX) book as a reader expects it: an A4 page with the margins of the PDF, numbered
pages, chapters on new pages, tables in 9 pt across the whole text width, each column aligned as
its table declares, and charts that fit the page.

Two steps around Quarto's render:

* `buat_referensi` writes the reference document Quarto hands pandoc (``reference-doc``). DOCX is
  styled by the styles, theme, footer and last section of that document, so page size, margins,
  page numbers, the typeface, the font sizes and the document language live there. It starts
  from pandoc's own reference document, so every style pandoc uses exists.
* `rapikan` fixes, in the rendered file, what no reference document can:
  - pandoc sizes every table grid for a 5,5-inch text width whatever the page, so tables stopped
    short of the right margin and wrapped numbers in two;
  - the widths declared for all three formats give a narrow column less room than a word in
    Arial needs (`Satua|n`), so each column gets at least its longest word where the page allows;
  - Quarto adds a centring to every paragraph of a cross-referenced table after the alignment
    pandoc wrote, so names and numbers were centred (quarto-dev/quarto-cli#8970): the first
    alignment of a paragraph is kept;
  - a chart taller than the page ran off it, and pandoc described each picture by its whole
    base64 source: pictures are scaled to the page and described by their caption.

The XML is edited as text with patterns for the exact shapes pandoc writes (there is no XML
library in the dependencies that keeps WordprocessingML's prefixes when it writes).
"""
from __future__ import annotations

import io
import re
import subprocess
import zipfile
from pathlib import Path
from typing import Callable

from lkjip.core.exceptions import WordError

#: The reference document's file name beside the executed chapters; `_quarto.yml` names it.
REFERENSI = "lkjip-referensi.docx"

_CM = 1440 / 2.54  # twips (twentieths of a point) per centimetre
#: A4 in twips, and the margins of the Typst PDF (typst-show.typ): 3 cm left for binding and top.
HALAMAN = {"w": 11906, "h": 16838}
MARGIN = {"top": round(3 * _CM), "right": round(2.5 * _CM), "bottom": round(2.5 * _CM),
          "left": round(3 * _CM)}
#: Half-points: 11 pt body text, 9 pt in tables.
UKURAN_TEKS, UKURAN_TABEL = 22, 18
#: Twips each side of a table cell's text (pandoc's 108 left `1 : 27.500` no room in its column).
CELAH_SEL = 57
BAHASA = "id-ID"
#: Every Windows and macOS has Arial (LibreOffice substitutes the metric-compatible Liberation
#: Sans); pandoc's own reference names Aptos, which Office before 2023 lacks and replaces.
HURUF = "Arial"


def _pandoc() -> str:
    import pypandoc  # pypandoc-binary ships pandoc; the build does not depend on Quarto's copy
    return pypandoc.get_pandoc_path()


def _ganti_entri(data: bytes, ubah: dict[str, Callable[[str], str]], tambah: dict[str, str | bytes] | None = None) -> bytes:
    """The DOCX (a zip) with some entries' text passed through functions (order kept) and the
    entries of ``tambah`` added."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            isi = source.read(info.filename)
            if info.filename in ubah:
                isi = ubah[info.filename](isi.decode("utf-8")).encode("utf-8")
            target.writestr(info, isi)
        for name, isi in (tambah or {}).items():
            if name not in source.namelist():
                target.writestr(name, isi.encode("utf-8") if isinstance(isi, str) else isi)
    return out.getvalue()


#: The footer of every page: its number, centred (as the PDF's).
_KAKI = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
         '<w:ftr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
         'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
         '<w:p><w:pPr><w:pStyle w:val="Footer" /><w:jc w:val="center" /></w:pPr>'
         '<w:r><w:fldChar w:fldCharType="begin" /></w:r><w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
         '<w:r><w:fldChar w:fldCharType="separate" /></w:r><w:r><w:t>1</w:t></w:r>'
         '<w:r><w:fldChar w:fldCharType="end" /></w:r></w:p></w:ftr>')
_KAKI_ID = "rIdLkjipKaki"


def _relasi(xml: str) -> str:
    relation = (f'<Relationship Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" '
                f'Id="{_KAKI_ID}" Target="footer1.xml" />')
    return xml if _KAKI_ID in xml else xml.replace("</Relationships>", relation + "</Relationships>")


def _jenis_isi(xml: str) -> str:
    override = ('<Override PartName="/word/footer1.xml" '
                'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml" />')
    return xml if "/word/footer1.xml" in xml else xml.replace("</Types>", override + "</Types>")


def _section(xml: str) -> str:
    section = (f'<w:sectPr><w:footerReference w:type="default" r:id="{_KAKI_ID}" />'
               f'<w:footnotePr><w:numRestart w:val="eachSect" /></w:footnotePr>'
               f'<w:pgSz w:w="{HALAMAN["w"]}" w:h="{HALAMAN["h"]}" />'
               f'<w:pgMar w:top="{MARGIN["top"]}" w:right="{MARGIN["right"]}" w:bottom="{MARGIN["bottom"]}" '
               f'w:left="{MARGIN["left"]}" w:header="709" w:footer="709" w:gutter="0" /></w:sectPr>')
    xml, n = re.subn(r"<w:sectPr>.*?</w:sectPr>", section, xml, flags=re.S)
    return xml if n else xml.replace("</w:body>", section + "</w:body>")


def _styles(xml: str) -> str:
    xml = re.sub(r'(<w:rPrDefault>.*?<w:sz w:val=")\d+(" />\s*<w:szCs w:val=")\d+', rf"\g<1>{UKURAN_TEKS}\g<2>{UKURAN_TEKS}",
                 xml, count=1, flags=re.S)
    xml = re.sub(r'(<w:rPrDefault>.*?<w:lang w:val=")[^"]*', rf"\g<1>{BAHASA}", xml, count=1, flags=re.S)
    tabel = f'<w:rPr><w:sz w:val="{UKURAN_TABEL}" /><w:szCs w:val="{UKURAN_TABEL}" /></w:rPr>'
    # the run properties of the "Table" table style apply to the text in every table
    xml = re.sub(r'(<w:style [^>]*w:styleId="Table"[^>]*>.*?)(<w:tblPr>)', rf"\g<1>{tabel}\g<2>", xml, count=1, flags=re.S)
    # every chapter (heading 1) starts a page, as in the PDF
    xml = re.sub(r'(<w:style [^>]*w:styleId="Heading1"[^>]*>.*?<w:pPr>)', r"\g<1><w:pageBreakBefore />", xml,
                 count=1, flags=re.S)
    # chapter titles centred ("BAB I" over "PENDAHULUAN"), as published LKjIPs print them
    xml = re.sub(r'(<w:style [^>]*w:styleId="Heading1"[^>]*>.*?)(</w:pPr>)', r'\g<1><w:jc w:val="center" />\g<2>', xml,
                 count=1, flags=re.S)
    return re.sub(r'(<w:style [^>]*w:styleId="Table".*?<w:tblCellMar>.*?</w:tblCellMar>)',
                  lambda m: re.sub(r'(<w:(?:left|right) [^>]*w:w=")\d+', rf"\g<1>{CELAH_SEL}", m.group(0)),
                  xml, count=1, flags=re.S)


def _tema(xml: str) -> str:
    return re.sub(r'(<a:(?:major|minor)Font>\s*<a:latin typeface=")[^"]*', rf"\g<1>{HURUF}", xml)


def buat_referensi(target: Path) -> Path:
    """Write the reference document into ``target`` (pandoc's own, restyled as described above)."""
    try:
        done = subprocess.run([_pandoc(), "--print-default-data-file", "reference.docx"],
                              capture_output=True, check=True, stdin=subprocess.DEVNULL)
    except (OSError, subprocess.CalledProcessError) as exc:
        raise WordError(f"Dokumen acuan Word tidak dapat dibuat (pandoc: {exc}).") from None
    data = _ganti_entri(done.stdout, {"word/document.xml": _section, "word/styles.xml": _styles,
                                      "word/theme/theme1.xml": _tema, "word/_rels/document.xml.rels": _relasi,
                                      "[Content_Types].xml": _jenis_isi}, tambah={"word/footer1.xml": _KAKI})
    target.write_bytes(data)
    return target


def _ruang_teks(xml: str, ukuran: str, awal: str, akhir: str) -> int | None:
    """The page's ``ukuran`` (`w` or `h`) less two margins, in twips, from the document's last
    section; None if it does not say."""
    size = re.findall(rf'<w:pgSz [^>]*w:{ukuran}="(\d+)"', xml)
    margins = [re.findall(rf'<w:pgMar [^>]*w:{side}="(\d+)"', xml) for side in (awal, akhir)]
    if not (size and all(margins)):
        return None
    return int(size[-1]) - sum(int(found[-1]) for found in margins)


def _lebar_teks(xml: str) -> int | None:
    """The text width of the document's last section in twips, or None if it does not say."""
    return _ruang_teks(xml, "w", "left", "right")


def _satu_perataan(match: re.Match) -> str:
    seen = False

    def keep_first(jc: re.Match) -> str:
        nonlocal seen
        if seen:
            return ""
        seen = True
        return jc.group(0)
    return re.sub(r"<w:jc [^>]*/>", keep_first, match.group(0))


#: Advance widths of Arial (Helvetica's metrics, which Arial and Liberation Sans share) in
#: thousandths of an em, for the characters tables hold; any other counts as 600.
_LEBAR_HURUF = {
    **dict.fromkeys("0123456789", 556), " ": 278, "\u00a0": 278, "\u2003": 1000, ".": 278, ",": 278,
    ":": 278, ";": 278, "%": 889, "-": 333, "\u2013": 556, "(": 333, ")": 333, "/": 278, "+": 584,
    **dict(zip("ABCDEFGHIJKLMNOPQRSTUVWXYZ",
               (667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778,
                722, 667, 611, 722, 667, 944, 667, 667, 611))),
    **dict(zip("abcdefghijklmnopqrstuvwxyz",
               (556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, 556, 556,
                333, 500, 278, 556, 500, 722, 500, 500, 500))),
}


def _kata_terpanjang(sel: str) -> int:
    """Twips of the widest piece of a cell that Word cannot break: a word, a number, a ratio
    joined by no-break spaces; bold a twelfth wider."""
    import html

    teks = html.unescape("".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", sel)))
    tebal = bool(re.search(r"<w:b ?/>", sel))
    words = re.split(r"[ \u2003]+", teks)  # Word may break at an em space (the indentation) too
    em = max((sum(_LEBAR_HURUF.get(c, 600) for c in kata) for kata in words), default=0) / 1000
    return round(em * (13 / 12 if tebal else 1) * UKURAN_TABEL * 10)  # half-points x 10 = twips


def butuh_kolom(tabel: str, kolom: int) -> list[int] | None:
    """Twips each column of a table needs for its longest word or number with the cell's padding
    (and a little slack); None when a row does not have ``kolom`` plain cells."""
    butuh = [0] * kolom
    for baris in re.findall(r"<w:tr[ >].*?</w:tr>", tabel, re.S):
        sel = re.findall(r"<w:tc>.*?</w:tc>", baris, re.S)
        if len(sel) != kolom or "<w:gridSpan" in baris:
            return None
        butuh = [max(b, _kata_terpanjang(s) + 2 * CELAH_SEL + 30) for b, s in zip(butuh, sel)]
    return butuh


def _lebar_cukup(lebar_kolom: list[int], tabel: str, total: int) -> list[int]:
    """Column widths where no column is narrower than what it cannot break (plus its padding).

    When the needs fit the page, the room comes from the columns with room to spare, in
    proportion to it. When they do not (a findings table with a web address), the columns are
    served smallest need first, as long as every column left unserved keeps at least half its
    width; those share the rest in proportion to their widths and wrap. So a unit or a number is
    whole, and the address breaks. Unchanged when the table's rows do not match its grid."""
    butuh = butuh_kolom(tabel, len(lebar_kolom))
    if butuh is None or all(w >= b for w, b in zip(lebar_kolom, butuh)):
        return lebar_kolom
    if sum(butuh) <= total:
        lebih = [max(0, w - b) for b, w in zip(butuh, lebar_kolom)]
        kurang = sum(max(0, b - w) for b, w in zip(butuh, lebar_kolom))
        hasil = [max(w, b) - round(s * kurang / sum(lebih)) for w, b, s in zip(lebar_kolom, butuh, lebih)]
        hasil[max(range(len(hasil)), key=lambda i: lebih[i])] += total - sum(hasil)
        return hasil
    dilayani: set[int] = set()
    for i in sorted(range(len(butuh)), key=lambda i: butuh[i]):
        coba = dilayani | {i}
        if sum(butuh[j] for j in coba) + sum(lebar_kolom[j] / 2 for j in range(len(butuh)) if j not in coba) <= total:
            dilayani = coba
    sisa = [j for j in range(len(butuh)) if j not in dilayani]
    if not dilayani or not sisa:
        return lebar_kolom
    ruang = total - sum(butuh[j] for j in dilayani)
    dasar = sum(lebar_kolom[j] for j in sisa)
    hasil = [butuh[j] if j in dilayani else round(lebar_kolom[j] * ruang / dasar) for j in range(len(butuh))]
    hasil[sisa[-1]] += total - sum(hasil)
    return hasil


def _grid(widths: list[int]) -> str:
    return "<w:tblGrid>" + "".join(f'<w:gridCol w:w="{w}" />' for w in widths) + "</w:tblGrid>"


def _selebar(widths: list[int], lebar: int) -> list[int]:
    """Widths stretched in proportion to add up to ``lebar`` (never narrowed)."""
    total = sum(widths)
    if not total or total >= lebar:
        return widths
    scaled = [round(w * lebar / total) for w in widths]
    scaled[-1] += lebar - sum(scaled)
    return scaled


def _tabel_rapi(lebar: int):
    def tidy(match: re.Match) -> str:
        tabel = match.group(0)
        grid = re.search(r"<w:tblGrid>.*?</w:tblGrid>", tabel, re.S)
        if grid is None:
            return tabel
        widths = _selebar([int(w) for w in re.findall(r'<w:gridCol w:w="(\d+)"', grid.group(0))], lebar)
        widths = _lebar_cukup(widths, tabel, sum(widths))
        return tabel[:grid.start()] + _grid(widths) + tabel[grid.end():]
    return tidy


def _grid_rapi(lebar: int):
    def tidy(match: re.Match) -> str:
        widths = [int(w) for w in re.findall(r'<w:gridCol w:w="(\d+)"', match.group(0))]
        stretched = _selebar(widths, lebar)
        return match.group(0) if stretched == widths else _grid(stretched)
    return tidy


#: A table holding no other table: Quarto puts a cross-referenced table inside a one-cell layout
#: table, so the data table is the innermost one.
_TABEL_DALAM = re.compile(r"<w:tbl>(?:(?!<w:tbl>).)*?</w:tbl>", re.S)


#: EMU (the unit of drawing sizes) per twip.
_EMU = 635


def _tinggi_teks(xml: str) -> int | None:
    """The text height of the document's last section in twips, or None if it does not say."""
    return _ruang_teks(xml, "h", "top", "bottom")


def _gambar_rapi(xml: str, lebar: int, tinggi: int) -> str:
    """Each picture at most as wide as the text and, with room for its caption, as tall as the
    page's text (Typst scales a tall chart to the page; Word let Gambar 3.2 run off it), and
    described by its caption instead of its whole base64 source (pandoc's alt text for a data URI
    doubled the file and would be read aloud)."""
    import html

    # a figure sits in the cell of a layout table: its padding comes off the width
    batas_x, batas_y = (lebar - 2 * CELAH_SEL - 60) * _EMU, int(tinggi * 0.88) * _EMU
    out, last = [], 0
    for match in re.finditer(r"<w:drawing>.*?</w:drawing>", xml, re.S):
        drawing = match.group(0)
        size = re.search(r'<wp:extent cx="(\d+)" cy="(\d+)"', drawing)
        if size:
            cx, cy = int(size.group(1)), int(size.group(2))
            skala = min(1.0, batas_x / cx if cx else 1.0, batas_y / cy if cy else 1.0)
            if skala < 1.0:
                new = f'cx="{int(cx * skala)}" cy="{int(cy * skala)}"'
                drawing = re.sub(rf'cx="{cx}" cy="{cy}"', new, drawing)
        caption = re.search(r'<w:pStyle w:val="ImageCaption" />.*?</w:p>', xml[match.end():match.end() + 4000], re.S)
        words = re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", caption.group(0)) if caption else []
        alt = html.escape(html.unescape("".join(words)), quote=True)
        # a description the chapter wrote (fig-alt) stays; none, or the picture's source, becomes the caption
        drawing = re.sub(r'descr="(?:data:[^"]*)?"', f'descr="{alt}"', drawing)
        out.append(xml[last:match.start()] + drawing)
        last = match.end()
    return "".join(out) + xml[last:]


def rapikan_xml(xml: str) -> str:
    """document.xml with one alignment per paragraph (the first), table grids across the text
    width, and no column of a data table narrower than a word or number it holds when the page
    allows; the layout tables around them are only stretched."""
    xml = re.sub(r"<w:pPr>.*?</w:pPr>", _satu_perataan, xml, flags=re.S)
    lebar = _lebar_teks(xml)
    if lebar:
        xml = _TABEL_DALAM.sub(_tabel_rapi(lebar), xml)
        xml = re.sub(r"<w:tblGrid>.*?</w:tblGrid>", _grid_rapi(lebar), xml, flags=re.S)
    tinggi = _tinggi_teks(xml)
    if lebar and tinggi:
        xml = _gambar_rapi(xml, lebar, tinggi)
    return xml


def rapikan(path: Path, sampul: dict | None = None) -> None:
    """Apply `rapikan_xml` and `susun_buku` (with the cover's ``sampul``: judul, dinas,
    pemerintah, provinsi, tahun) to a rendered DOCX in place (written whole, then swapped in)."""
    ubah: dict[str, Callable[[str], str]] = {}
    tambah: dict[str, str | bytes] = {}
    logo = (sampul or {}).get("logo")
    if logo is not None:
        from PIL import Image  # matplotlib's dependency: the emblem's proportions
        with Image.open(logo) as gambar:
            sampul = {**sampul, "logo_ukuran": gambar.size}
        jenis = "png" if Path(logo).suffix.lower() == ".png" else "jpeg"
        tambah[f"word/media/lkjip-logo.{jenis}"] = Path(logo).read_bytes()
        relasi = (f'<Relationship Id="{_LOGO_ID}" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                  f'relationships/image" Target="media/lkjip-logo.{jenis}" />')
        ubah["word/_rels/document.xml.rels"] = lambda xml: xml.replace("</Relationships>", relasi + "</Relationships>")
        bawaan = f'<Default Extension="{jenis}" ContentType="image/{jenis}" />'
        ubah["[Content_Types].xml"] = lambda xml: xml if f'Extension="{jenis}"' in xml else xml.replace(
            "</Types>", bawaan + "</Types>")
    ubah["word/document.xml"] = lambda xml: susun_buku(rapikan_xml(xml), sampul)
    try:
        data = _ganti_entri(path.read_bytes(), ubah, tambah)
    except (OSError, zipfile.BadZipFile, KeyError, UnicodeDecodeError) as exc:
        raise WordError(f"{path}: berkas Word hasil Quarto tidak dapat dibaca ({exc}).") from None
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    tmp.replace(path)


# --------------------------------------------------------------------------------------------
# The book's structure (issue 18): cover, front matter in roman page numbers, BAB headings,
# Daftar Isi / Tabel / Gambar as text, tables with borders, captions kept with what they caption
# --------------------------------------------------------------------------------------------

_ROMAWI = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"),
           (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))


def romawi(n: int) -> str:
    """``4`` as ``IV``: chapter numbers as published LKjIPs print them (BAB IV)."""
    out = ""
    for value, letters in _ROMAWI:
        while n >= value:
            out, n = out + letters, n - value
    return out


_PARAGRAF = re.compile(r"<w:p(?: [^>]*)?>(?:(?!<w:p[ >]).)*?</w:p>", re.S)
_TEKS = re.compile(r"<w:t(?: [^>]*)?>([^<]*)</w:t>")


def _teks(xml: str) -> str:
    """A paragraph's text; a line break as a space."""
    import html
    return html.unescape("".join(t if not br else " " for t, br in re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>|(<w:br ?/>)", xml)))


def _gaya(para: str) -> str | None:
    found = re.search(r'<w:pStyle w:val="([^"]+)"', para)
    return found.group(1) if found else None


def _run(text: str, *, tebal: bool = False, ukuran: int | None = None) -> str:
    import html
    rpr = ("<w:b />" if tebal else "") + (f'<w:sz w:val="{ukuran}" /><w:szCs w:val="{ukuran}" />' if ukuran else "")
    isi = "<w:tab />".join(f'<w:t xml:space="preserve">{html.escape(part, quote=False)}</w:t>' for part in text.split("\t"))
    return f"<w:r>{f'<w:rPr>{rpr}</w:rPr>' if rpr else ''}{isi}</w:r>"


def _para(runs: str, *, gaya: str | None = None, tengah: bool = False, sebelum: int = 0, sesudah: int | None = None,
          halaman_baru: bool | None = None, kiri: int = 0, gantung: int = 0, tetap: bool = False) -> str:
    ppr = f'<w:pStyle w:val="{gaya}" />' if gaya else ""
    ppr += "<w:keepNext />" if tetap else ""
    if halaman_baru is not None:
        ppr += "<w:pageBreakBefore />" if halaman_baru else '<w:pageBreakBefore w:val="0" />'
    if sebelum or sesudah is not None:
        ppr += f'<w:spacing w:before="{sebelum}"' + (f' w:after="{sesudah}"' if sesudah is not None else "") + " />"
    if kiri or gantung:
        ppr += f'<w:ind w:left="{kiri + gantung}" w:hanging="{gantung}" />'
    ppr += '<w:jc w:val="center" />' if tengah else ""
    return f"<w:p><w:pPr>{ppr}</w:pPr>{runs}</w:p>"


def _judul_bab(para: str) -> str:
    """A chapter heading as published LKjIPs print it: "BAB III" and, under it, the title in
    capitals ("Lampiran A. Dokumen ..." as "LAMPIRAN A" / "DOKUMEN ..."); an unnumbered one
    (Kata Pengantar) in capitals."""
    import html
    text = _teks(para).strip()
    bab = re.match(r"^(\d+)\.?\s+(.+)$", text)
    lampiran = re.match(r"^Lampiran\s+([A-Z])\.?\s+(.+)$", text)
    if bab:
        atas, judul = f"BAB {romawi(int(bab.group(1)))}", bab.group(2)
    elif lampiran:
        atas, judul = f"LAMPIRAN {lampiran.group(1)}", lampiran.group(2)
    else:
        atas, judul = None, text
    ppr = re.search(r"<w:pPr>.*?</w:pPr>", para, re.S)
    isi = ((f'<w:r><w:t xml:space="preserve">{html.escape(atas)}</w:t></w:r><w:r><w:br /></w:r>' if atas else "")
           + f'<w:r><w:t xml:space="preserve">{html.escape(judul.upper(), quote=False)}</w:t></w:r>')
    return f"<w:p>{ppr.group(0) if ppr else ''}{isi}</w:p>"


def _sisip_ppr(para: str, tambahan: str, sebelum_tag: tuple[str, ...] = ()) -> str:
    """``tambahan`` (pPr children) put into the paragraph's first pPr: after its pStyle, or before
    the first of ``sebelum_tag`` found (schema order), or at its end."""
    ppr = re.search(r"<w:pPr>(.*?)</w:pPr>", para, re.S)
    if ppr is None:
        return re.sub(r"^(<w:p(?: [^>]*)?>)", rf"\g<1><w:pPr>{tambahan}</w:pPr>", para, count=1)
    body = ppr.group(1)
    for tag in sebelum_tag:
        at = body.find(f"<w:{tag}")
        if at >= 0:
            body = body[:at] + tambahan + body[at:]
            break
    else:
        style = re.search(r"<w:pStyle [^>]*/>", body)
        body = body[:style.end()] + tambahan + body[style.end():] if style else tambahan + body
    return para[:ppr.start(1)] + body + para[ppr.end(1):]


def _satu_ppr(para: str) -> str:
    """Quarto writes a caption with two pPr (`<w:pPr><w:jc/></w:pPr><w:pPr>...pStyle...`): one,
    in schema order (pStyle first), with the caption's own alignment."""
    found = re.match(r"(<w:p(?: [^>]*)?>)\s*<w:pPr>\s*<w:jc [^>]*/>\s*</w:pPr>\s*<w:pPr>(.*?)</w:pPr>", para, re.S)
    if not found:
        return para
    inner = found.group(2)
    style = re.search(r"<w:pStyle [^>]*/>", inner)
    rest = re.sub(r"<w:pStyle [^>]*/>", "", inner)
    spacing = "".join(re.findall(r"<w:spacing [^>]*/>", rest))
    jc = re.findall(r"<w:jc [^>]*/>", rest)[:1]
    ppr = f"<w:pPr>{style.group(0) if style else ''}{spacing}{''.join(jc)}</w:pPr>"
    return found.group(1) + ppr + para[found.end():]


#: Twips of indentation per level of a hierarchical row (two em spaces of lkjip.present.tabel INDEN).
INDEN_TINGKAT = 200
_EM = "\u2003"


def _baris_bertingkat(sel: str) -> str:
    """A table cell whose text starts with em spaces (a row under its parent): the spaces become
    the paragraph's left indent, so a wrapped line stays under the row's first word."""
    def tidy(match: re.Match) -> str:
        para = match.group(0)
        first = _TEKS.search(para)
        if not first or not first.group(1).startswith(_EM):
            return para
        n = len(first.group(1)) - len(first.group(1).lstrip(_EM))
        para = para[:first.start(1)] + first.group(1)[n:] + para[first.end(1):]
        return _sisip_ppr(para, f'<w:ind w:left="{INDEN_TINGKAT * n // 2}" />', ("jc",))
    return _PARAGRAF.sub(tidy, sel, count=1)


_GARIS = ('<w:tblBorders>' + "".join(f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="808080" />'
                                     for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
          + "</w:tblBorders>")


def _tabel_data(tabel: str) -> str:
    """A data table: borders on every cell, the header row never split and kept with the first
    row, hierarchical rows indented."""
    tabel = re.sub(r"(<w:tblPr>.*?)(<w:tblW )", rf"\g<1>{_GARIS}\g<2>", tabel, count=1, flags=re.S) \
        if "<w:tblBorders>" not in tabel else tabel
    rows = re.findall(r"<w:tr[ >].*?</w:tr>", tabel, re.S)
    if not rows:
        return tabel
    out = tabel
    head = rows[0]
    if "<w:tblHeader" in head:
        new_head = _PARAGRAF.sub(lambda m: _sisip_ppr(m.group(0), "<w:keepNext />", ("spacing", "ind", "jc")), head)
        new_head = new_head.replace('<w:tblHeader w:val="on" />', '<w:cantSplit /><w:tblHeader w:val="on" />', 1)
        out = out.replace(head, new_head, 1)
    return re.sub(r"<w:tr[ >].*?</w:tr>",
                  lambda m: re.sub(r"<w:tc>.*?</w:tc>", lambda c: _baris_bertingkat(c.group(0)), m.group(0), count=1, flags=re.S),
                  out, flags=re.S)


def _tabel_tata(tabel: str) -> str:
    """Quarto's one-cell layout table around a float: a figure's row never splits, its picture
    stays with its caption; a table's caption stays with the table under it."""
    if "<w:drawing>" in tabel:
        tabel = re.sub(r"<w:tr>(?!<w:trPr>)", "<w:tr><w:trPr><w:cantSplit /></w:trPr>", tabel, count=1)
        tabel = _PARAGRAF.sub(lambda m: _sisip_ppr(m.group(0), "<w:keepNext />", ("spacing", "ind", "jc"))
                              if "<w:drawing>" in m.group(0) else m.group(0), tabel)
    return tabel


def _keterangan(xml: str) -> str:
    """Every caption with one pPr; a table's caption (above its table) kept with it."""
    def tidy(match: re.Match) -> str:
        para = _satu_ppr(match.group(0))
        if _gaya(para) == "ImageCaption" and re.match(r"Tabel\s", _teks(para)):
            para = _sisip_ppr(para, "<w:keepNext />", ("spacing", "ind", "jc"))
        return para
    return _PARAGRAF.sub(tidy, xml)


def _daftar(xml: str) -> str:
    """Daftar Isi, Daftar Tabel and Daftar Gambar as text: every entry a link to its heading,
    table or figure. No page numbers: Word and LibreOffice break pages differently, and a number
    computed here would be wrong in one of them; a TOC field would stay empty until a reader
    asks Word to update it."""
    import html
    entri_isi, entri_tabel, entri_gambar = [], [], []
    bookmark = None
    for token in re.finditer(r'<w:bookmarkStart [^>]*w:name="([^"]+)"[^>]*/>|' + _PARAGRAF.pattern, xml, re.S):
        if token.group(1):
            bookmark = token.group(1)
            continue
        para = token.group(0)
        gaya, text = _gaya(para), _teks(para).strip()
        if gaya in ("Heading1", "Heading2") and text:
            entri_isi.append((gaya, text, bookmark))
        elif gaya == "ImageCaption" and (found := re.match(r"(Tabel|Gambar)\s+([0-9A-Z]+\.[0-9]+):\s*(.*)", text, re.S)):
            (entri_tabel if found.group(1) == "Tabel" else entri_gambar).append(
                (f"{found.group(1)} {found.group(2)}", found.group(3), bookmark))

    def tautan(text: str, anchor: str | None, tebal: bool = False) -> str:
        run = _run(text, tebal=tebal)
        return f'<w:hyperlink w:anchor="{html.escape(anchor)}">{run}</w:hyperlink>' if anchor else run

    def judul(text: str) -> str:
        return _para(_run(text), gaya="Heading1")

    out = [judul("DAFTAR ISI")]
    for gaya, text, anchor in entri_isi:
        if gaya == "Heading1":
            out.append(_para(tautan(text, anchor, tebal=True), sebelum=120, sesudah=40))
        else:
            nomor = re.match(r"^([0-9A-Z]+\.[0-9]+)\s+(.*)$", text)
            isi = f"{nomor.group(1)}\t{nomor.group(2)}" if nomor else text
            out.append(_para(tautan(isi, anchor), sesudah=40, kiri=360, gantung=720 if nomor else 0))
    for title, entries in (("DAFTAR TABEL", entri_tabel), ("DAFTAR GAMBAR", entri_gambar)):
        if entries:
            out.append(judul(title))
            out += [_para(tautan(f"{nomor}\t{text}", anchor), sesudah=40, gantung=1134) for nomor, text, anchor in entries]
    return "".join(out)


_LOGO_ID = "rIdLkjipLogo"
#: The emblem's height on the cover, in EMU (3,5 cm as in the PDF).
_LOGO_TINGGI = int(3.5 / 2.54 * 914400)


def _gambar_logo(lebar: int, tinggi: int) -> str:
    """An inline picture of the emblem (relationship `_LOGO_ID`), 3,5 cm high."""
    cy = _LOGO_TINGGI
    cx = int(cy * lebar / tinggi) if tinggi else cy
    return ('<w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0">'
            f'<wp:extent cx="{cx}" cy="{cy}" /><wp:docPr id="9001" name="Logo" descr="Lambang pemerintah daerah" />'
            '<a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
            '<a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">'
            '<pic:pic xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture">'
            '<pic:nvPicPr><pic:cNvPr id="9001" name="Logo" /><pic:cNvPicPr /></pic:nvPicPr>'
            f'<pic:blipFill><a:blip r:embed="{_LOGO_ID}" /><a:stretch><a:fillRect /></a:stretch></pic:blipFill>'
            f'<pic:spPr><a:xfrm><a:off x="0" y="0" /><a:ext cx="{cx}" cy="{cy}" /></a:xfrm>'
            '<a:prstGeom prst="rect"><a:avLst /></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic>'
            '</wp:inline></w:drawing></w:r>')


def _sampul(sampul: dict) -> str:
    """The cover: emblem, title, agency, government, province and year, centred (the PDF's cover)."""
    baris = []
    if sampul.get("logo_ukuran"):
        baris.append(_para(_gambar_logo(*sampul["logo_ukuran"]), tengah=True, sebelum=600, tetap=True))
    baris += [_para(_run(sampul.get("judul", ""), tebal=True, ukuran=36), tengah=True, sebelum=3600, sesudah=600)]
    if sampul.get("dinas"):
        baris.append(_para(_run(sampul["dinas"].upper(), tebal=True, ukuran=28), tengah=True, sesudah=2400))
    if sampul.get("pemerintah"):
        baris.append(_para(_run(sampul["pemerintah"].upper(), tebal=True, ukuran=28), tengah=True, sebelum=3000))
    if sampul.get("provinsi"):
        baris.append(_para(_run(f"PROVINSI {sampul['provinsi'].upper()}", ukuran=24), tengah=True))
    if sampul.get("tahun"):
        baris.append(_para(_run(sampul["tahun"], tebal=True, ukuran=28), tengah=True, sebelum=480))
    return "".join(baris)


def _seksi(xml: str, akhir: bool, angka: str | None, kaki: bool) -> str:
    """A section break paragraph with the page settings of the document's last section."""
    last = re.findall(r"<w:sectPr>.*?</w:sectPr>", xml, re.S)[-1]
    size = re.search(r"<w:pgSz [^>]*/>", last).group(0)
    margin = re.search(r"<w:pgMar [^>]*/>", last).group(0)
    footer = re.search(r'<w:footerReference [^>]*/>', last)
    isi = (footer.group(0) if kaki and footer else "") + size + margin
    isi += f'<w:pgNumType w:fmt="{angka}" w:start="1" />' if angka else ""
    return f"<w:p><w:pPr><w:sectPr>{isi}</w:sectPr></w:pPr></w:p>"


def susun_buku(xml: str, sampul: dict | None = None) -> str:
    """document.xml laid out as an official LKjIP (see the section title above): applied by
    `rapikan` after the table and picture tidy."""
    xml = _keterangan(xml)
    xml = _TABEL_DALAM.sub(lambda m: _tabel_data(m.group(0)) if "<w:drawing>" not in m.group(0) else m.group(0), xml)
    xml = re.sub(r"<w:tbl>.*?</w:tbl>", lambda m: _tabel_tata(m.group(0)) if "<w:drawing>" in m.group(0) else m.group(0),
                 xml, flags=re.S)
    xml = _PARAGRAF.sub(lambda m: _judul_bab(m.group(0)) if _gaya(m.group(0)) == "Heading1" else m.group(0), xml)
    # the lists of the front matter come before BAB I; the pandoc TOC field goes
    xml = re.sub(r"<w:sdt>.*?</w:sdt>", "", xml, flags=re.S)
    first = re.search(r'(?:<w:bookmarkStart [^>]*/>\s*)*<w:p><w:pPr><w:pStyle w:val="Heading1" />(?:(?!</w:p>).)*?>BAB I<',
                      xml, re.S)
    if first and "<w:sectPr>" in xml:
        depan = _daftar(xml) + _seksi(xml, False, "lowerRoman", True)
        xml = xml[:first.start()] + depan + xml[first.start():]
        # the final section (the body) numbers from 1; BAB I opens it without a second break
        xml = re.sub(r"(<w:sectPr>(?:(?!<w:sectPr>).)*?)(</w:sectPr>\s*</w:body>)",
                     lambda m: m.group(1) + ('<w:pgNumType w:start="1" />' if "pgNumType" not in m.group(1) else "")
                     + m.group(2), xml, flags=re.S)
        xml = re.sub(r'(<w:pStyle w:val="Heading1" />)((?:(?!</w:p>).)*?>BAB I<)', r'\g<1><w:pageBreakBefore w:val="0" />\g<2>',
                     xml, count=1, flags=re.S)
    # the cover replaces pandoc's title block, and is a section without page numbers
    body = xml.find("<w:body>") + len("<w:body>")
    titles = list(re.finditer(r'\s*<w:p>\s*<w:pPr>\s*<w:pStyle w:val="(?:Title|Subtitle|Author|Date)" />.*?</w:p>', xml[body:], re.S))
    if sampul is not None and "<w:sectPr>" in xml:
        end = body + titles[-1].end() if titles and titles[0].start() == 0 else body
        cover = _sampul(sampul) + _seksi(xml, False, None, False)
        xml = xml[:body] + cover + xml[end:]
        # the first heading after the cover does not add a page of its own
        rest = body + len(cover)
        xml = xml[:rest] + re.sub(r'(<w:pStyle w:val="Heading1" />)', r'\g<1><w:pageBreakBefore w:val="0" />',
                                  xml[rest:], count=1)
    return xml
