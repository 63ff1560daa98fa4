"""The Word book: an A4 reference document with the PDF's margins and 9 pt tables, and rendered
DOCX files whose tables span the text width with their columns aligned as declared.

The Quarto-rendered books are checked in test_buku_quarto.py; here pandoc (pypandoc-binary, a
dependency) converts small documents, so these run without Quarto.
"""
from __future__ import annotations

import re
import subprocess
import zipfile
from pathlib import Path

import pytest

from lkjip.publish import word

TABLE = """\
| Program | Pagu (Rp) |
|:-------------------------------------------------------------------------------------|----------:|
| PROGRAM PERLINDUNGAN PEREMPUAN | 436.710.000 |

: Anggaran {#tbl-anggaran}
"""


def document_xml(docx: Path) -> str:
    return zipfile.ZipFile(docx).read("word/document.xml").decode("utf-8")


def pandoc_docx(tmp_path: Path, reference: Path | None) -> Path:
    source, target = tmp_path / "tabel.md", tmp_path / "tabel.docx"
    source.write_text(TABLE, encoding="utf-8")
    command = [word._pandoc(), str(source), "-o", str(target)]
    if reference is not None:
        command += ["--reference-doc", str(reference)]
    subprocess.run(command, check=True, capture_output=True)
    return target


@pytest.fixture(scope="module")
def referensi(tmp_path_factory) -> Path:
    return word.buat_referensi(tmp_path_factory.mktemp("word") / word.REFERENSI)


def test_reference_document_is_a4_with_the_pdf_margins(referensi):
    xml = document_xml(referensi)
    assert page_size(xml) == {"w": "11906", "h": "16838"}  # A4 portrait
    margins = dict(re.findall(r'w:(top|right|bottom|left)="(\d+)"', re.search(r"<w:pgMar [^>]*>", xml).group(0)))
    assert {k: round(int(v) / 1440 * 2.54, 2) for k, v in margins.items()} == {
        "top": 3.0, "right": 2.5, "bottom": 2.5, "left": 3.0}


def test_reference_document_sets_11_pt_text_9_pt_tables_and_indonesian(referensi):
    styles = zipfile.ZipFile(referensi).read("word/styles.xml").decode("utf-8")
    defaults = re.search(r"<w:rPrDefault>.*?</w:rPrDefault>", styles, re.S).group(0)
    assert '<w:sz w:val="22" />' in defaults and '<w:lang w:val="id-ID"' in defaults
    table_style = re.search(r'<w:style [^>]*w:styleId="Table".*?</w:style>', styles, re.S).group(0)
    assert '<w:sz w:val="18" />' in table_style
    margins = re.search(r"<w:tblCellMar>.*?</w:tblCellMar>", table_style, re.S).group(0)
    assert sorted(re.findall(r'<w:(left|right) [^>]*w:w="(\d+)"', margins)) == [("left", "57"), ("right", "57")]


def page_size(xml: str) -> dict[str, str]:
    return dict(re.findall(r'w:([wh])="(\d+)"', re.search(r"<w:pgSz [^>]*>", xml).group(0)))


def test_reference_document_sets_a_typeface_every_office_has(referensi):
    theme = zipfile.ZipFile(referensi).read("word/theme/theme1.xml").decode("utf-8")
    faces = re.findall(r'<a:(major|minor)Font>\s*<a:latin typeface="([^"]*)"', theme)
    assert dict(faces) == {"major": "Arial", "minor": "Arial"}


def test_pandoc_takes_the_page_from_the_reference_document(referensi, tmp_path):
    assert page_size(document_xml(pandoc_docx(tmp_path, referensi))) == {"w": "11906", "h": "16838"}


def test_tidied_tables_span_the_text_width_of_the_page(referensi, tmp_path):
    docx = pandoc_docx(tmp_path, referensi)
    before = [int(w) for w in re.findall(r'<w:gridCol w:w="(\d+)"', document_xml(docx))]
    word.rapikan(docx)
    after = [int(w) for w in re.findall(r'<w:gridCol w:w="(\d+)"', document_xml(docx))]
    text_width = 11906 - 2 * round(2.75 * 1440 / 2.54)
    assert sum(before) < text_width - 500  # pandoc's grid is for a 5,5-inch column, whatever the page
    assert abs(sum(after) - text_width) <= 1
    assert after[1] >= word._kata_terpanjang("<w:t>436.710.000</w:t>") + 2 * word.CELAH_SEL  # no broken number


def grid_table(widths: list[int], rows: list[list[str]]) -> str:
    grid = "".join(f'<w:gridCol w:w="{w}" />' for w in widths)
    body = "".join("<w:tr>" + "".join(f"<w:tc><w:p><w:r><w:t>{cell}</w:t></w:r></w:p></w:tc>" for cell in row)
                   + "</w:tr>" for row in rows)
    page = ('<w:sectPr><w:pgSz w:w="11906" w:h="16838" /><w:pgMar w:top="1" w:right="1417" w:bottom="1" '
            'w:left="1701" /></w:sectPr>')
    return f"<w:tbl><w:tblGrid>{grid}</w:tblGrid>{body}</w:tbl>{page}"


def grid_of(xml: str) -> list[int]:
    return [int(w) for w in re.findall(r'<w:gridCol w:w="(\d+)"', xml)]


def test_a_column_gets_the_room_of_its_longest_word_from_columns_with_room_to_spare():
    """`Satuan` and `1 : 27.500` broke inside the word in the Renstra matrix: a narrow column
    takes what it needs from the wide text column, which then wraps at spaces."""
    rows = [["Tujuan, sasaran dan indikator", "Satuan", "Target 2023"],
            ["Persentase penyandang masalah kesejahteraan sosial", "indeks", "1\u00a0:\u00a027.500"]]
    tidied = grid_of(word.rapikan_xml(grid_table([6000, 400, 2388], rows)))
    assert sum(tidied) == 8788
    assert tidied[1] >= word._kata_terpanjang("<w:t>Satuan</w:t>") + 2 * word.CELAH_SEL
    assert all(width >= need for width, need in zip(tidied, word.butuh_kolom(grid_table(tidied, rows), 3)))
    ratio = word._kata_terpanjang("<w:t>1\u00a0:\u00a027.500</w:t>") + 2 * word.CELAH_SEL
    assert tidied[2] >= ratio
    assert 6000 - tidied[0] > 2388 - tidied[2] > 0  # the room came from spare room, most from the widest


def test_needs_that_do_not_fit_the_page_leave_the_grid_as_declared():
    rows = [["x" * 200, "y" * 200]]
    assert grid_of(word.rapikan_xml(grid_table([4394, 4394], rows))) == [4394, 4394]


def test_when_room_is_short_units_and_numbers_are_served_before_long_codes():
    """A findings table: a web address cannot fit anyway; the unit and the number still do, and
    the address's column keeps at least half its width and wraps."""
    rows = [["Keterangan", "simkinerja.polmankab.go.id/Beranda/ikurpjmd/indikator/kinerja/utama",
             "Satuan", "15.439.173.008"]]
    tidied = grid_of(word.rapikan_xml(grid_table([2288, 5000, 500, 1000], rows)))
    needs = word.butuh_kolom(grid_table(tidied, rows), 4)
    assert sum(needs) > 8788 and sum(tidied) == 8788
    assert [tidied[i] >= needs[i] for i in range(4)] == [True, False, True, True]
    assert tidied[1] >= 5000 / 2


def test_a_paragraph_keeps_its_first_alignment_only():
    xml = ('<w:body><w:p><w:pPr><w:pStyle w:val="Compact" /><w:jc w:val="right" /><w:jc w:val="center" />'
           '</w:pPr><w:r><w:t>436.710.000</w:t></w:r></w:p></w:body>')
    tidied = word.rapikan_xml(xml)
    assert tidied.count("<w:jc ") == 1 and '<w:jc w:val="right" />' in tidied


def test_a_table_already_as_wide_as_the_text_is_left_alone():
    xml = ('<w:tbl><w:tblGrid><w:gridCol w:w="6000" /><w:gridCol w:w="3000" /></w:tblGrid></w:tbl>'
           '<w:sectPr><w:pgSz w:w="11906" w:h="16838" /><w:pgMar w:top="1" w:right="1417" w:bottom="1" '
           'w:left="1701" /></w:sectPr>')
    assert word.rapikan_xml(xml) == xml


def test_an_unreadable_docx_is_named(tmp_path):
    broken = tmp_path / "rusak.docx"
    broken.write_bytes(b"bukan zip")
    with pytest.raises(word.WordError, match="rusak.docx"):
        word.rapikan(broken)


def test_a_chart_taller_than_the_page_is_scaled_and_described_by_its_caption():
    """Gambar 3.2 (a trend panel per indicator) ran off the Word page and carried its whole base64
    source as alt text."""
    drawing = ('<w:p><w:r><w:drawing><wp:inline><wp:extent cx="5575300" cy="9292166" />'
               '<wp:docPr descr="" id="1" name="Picture" /><a:graphic><pic:pic><pic:nvPicPr>'
               '<pic:cNvPr descr="data:image/png;base64,iVBORw0KGgo" id="2" name="Picture" /></pic:nvPicPr>'
               '<pic:spPr><a:xfrm><a:ext cx="5575300" cy="9292166" /></a:xfrm></pic:spPr></pic:pic></a:graphic>'
               '</wp:inline></w:drawing></w:r></w:p><w:p><w:pPr><w:pStyle w:val="ImageCaption" /></w:pPr>'
               '<w:r><w:t xml:space="preserve">Gambar 3.2: Realisasi &amp; target</w:t></w:r></w:p>')
    page = ('<w:sectPr><w:pgSz w:w="11906" w:h="16838" /><w:pgMar w:top="1701" w:right="1417" w:bottom="1417" '
            'w:left="1701" /></w:sectPr>')
    tidied = word.rapikan_xml(drawing + page)
    sizes = re.findall(r'cx="(\d+)" cy="(\d+)"', tidied)
    assert len(sizes) == 2 and sizes[0] == sizes[1]
    cx, cy = map(int, sizes[0])
    assert cy <= (16838 - 1701 - 1417) * 635 * 0.9 and cx / cy == pytest.approx(5575300 / 9292166, rel=1e-3)
    assert "base64" not in tidied and 'descr="Gambar 3.2: Realisasi &amp; target"' in tidied


def test_word_pages_are_numbered_and_chapters_start_a_page(referensi, tmp_path):
    """Like the PDF: a page number centred in the footer of every page, each chapter on a new page."""
    source, target = tmp_path / "bab.md", tmp_path / "bab.docx"
    source.write_text("# Bab satu\n\nteks\n\n# Bab dua\n\nteks\n", encoding="utf-8")
    subprocess.run([word._pandoc(), str(source), "--reference-doc", str(referensi), "-o", str(target)],
                   check=True, capture_output=True)
    book = zipfile.ZipFile(target)
    footer = book.read("word/footer1.xml").decode("utf-8")
    assert "PAGE" in footer and '<w:jc w:val="center" />' in footer
    assert re.search(r"<w:footerReference [^>]*w:type=\"default\"", document_xml(target))
    styles = book.read("word/styles.xml").decode("utf-8")
    heading = re.search(r'<w:style [^>]*w:styleId="Heading1".*?</w:style>', styles, re.S).group(0)
    assert "<w:pageBreakBefore />" in heading


# --- the official layout (susun_buku): pieces of document.xml as pandoc and Quarto write them ----

def _kepala(text: str, bookmark: str) -> str:
    return (f'<w:bookmarkStart w:id="1" w:name="{bookmark}" /><w:p><w:pPr><w:pStyle w:val="Heading1" /></w:pPr>'
            f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>')


_SEKSI = ('<w:sectPr><w:footerReference w:type="default" r:id="rIdLkjipKaki" /><w:pgSz w:w="11906" w:h="16838" />'
          '<w:pgMar w:top="1701" w:right="1417" w:bottom="1417" w:left="1701" w:header="709" w:footer="709" '
          'w:gutter="0" /></w:sectPr>')
_TABEL = ('<w:tbl><w:tblPr><w:tblStyle w:val="Table" /><w:tblW w:type="pct" w:w="5000" /></w:tblPr>'
          '<w:tblGrid><w:gridCol w:w="8788" /></w:tblGrid><w:tr><w:tc><w:tcPr />'
          '<w:bookmarkStart w:id="9" w:name="tbl-uji" /><w:p><w:pPr><w:jc w:val="center" /></w:pPr><w:pPr>'
          '<w:jc w:val="left"/><w:spacing w:before="200" /><w:pStyle w:val="ImageCaption" /></w:pPr>'
          '<w:r><w:t xml:space="preserve">Tabel\u00a01.1: Uji</w:t></w:r></w:p>'
          '<w:tbl><w:tblPr><w:tblStyle w:val="Table" /><w:tblW w:type="pct" w:w="5000" /></w:tblPr>'
          '<w:tblGrid><w:gridCol w:w="4000" /><w:gridCol w:w="4788" /></w:tblGrid>'
          '<w:tr><w:trPr><w:tblHeader w:val="on" /></w:trPr><w:tc><w:p><w:pPr><w:pStyle w:val="Compact" /></w:pPr>'
          '<w:r><w:t>Nama</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Nilai</w:t></w:r></w:p></w:tc></w:tr>'
          '<w:tr><w:tc><w:p><w:pPr><w:pStyle w:val="Compact" /><w:jc w:val="left" /></w:pPr>'
          '<w:r><w:t xml:space="preserve">\u2003\u2003\u2003\u2003Indikator yang panjang</w:t></w:r></w:p></w:tc>'
          '<w:tc><w:p><w:r><w:t>5</w:t></w:r></w:p></w:tc></w:tr></w:tbl></w:tc></w:tr></w:tbl>')
_DOKUMEN = ('<w:document xmlns:w="w" xmlns:r="r"><w:body>'
            '<w:p><w:pPr><w:pStyle w:val="Title" /></w:pPr><w:r><w:t>Laporan</w:t></w:r></w:p>'
            '<w:sdt><w:sdtContent><w:p><w:r><w:instrText>TOC \\o "1-3"</w:instrText></w:r></w:p></w:sdtContent></w:sdt>'
            + _kepala("Kata Pengantar", "kata-pengantar") + _kepala("1. Pendahuluan", "pendahuluan") + _TABEL
            + _kepala("Lampiran A. Dokumen Pendukung", "dokumen") + _SEKSI + "</w:body></w:document>")
_SAMPUL = {"judul": "Laporan Kinerja Tahun 2023", "dinas": "Dinas Uji", "pemerintah": "Pemerintah Kota Uji",
           "provinsi": "Jawa Timur", "tahun": "2024"}


@pytest.mark.parametrize("n, roman", [(1, "I"), (3, "III"), (4, "IV"), (9, "IX"), (14, "XIV")])
def test_chapter_numbers_in_roman(n, roman):
    assert word.romawi(n) == roman


def test_book_chapters_are_printed_bab_over_the_title_in_capitals():
    xml = word.susun_buku(_DOKUMEN, _SAMPUL)
    headings = re.findall(r'<w:p><w:pPr><w:pStyle w:val="Heading1" />.*?</w:p>', xml)
    texts = ["".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", re.sub(r"<w:br ?/>", "<w:t>\n</w:t>", h))) for h in headings]
    assert texts == ["KATA PENGANTAR", "DAFTAR ISI", "DAFTAR TABEL", "BAB I\nPENDAHULUAN", "LAMPIRAN A\nDOKUMEN PENDUKUNG"]


def test_book_gets_a_cover_section_front_matter_in_roman_and_lists_as_links():
    xml = word.susun_buku(_DOKUMEN, _SAMPUL)
    assert "<w:sdt>" not in xml and "Title" not in xml  # pandoc's TOC field and title block give way
    assert xml.index("Laporan Kinerja Tahun 2023") < xml.index("PROVINSI JAWA TIMUR") < xml.index("KATA PENGANTAR")
    cover, front, body = re.findall(r"<w:sectPr>.*?</w:sectPr>", xml)
    assert "footerReference" not in cover and 'w:fmt="lowerRoman"' in front and 'w:start="1"' in body
    assert xml.index("DAFTAR ISI") < xml.index(front) < xml.index("BAB I<")
    links = re.findall(r'<w:hyperlink w:anchor="([^"]+)">', xml)
    assert links == ["kata-pengantar", "pendahuluan", "dokumen", "tbl-uji"]
    assert "Tabel 1.1</w:t><w:tab /><w:t xml:space=\"preserve\">Uji" in xml


def test_book_tables_get_borders_captions_kept_and_hierarchy_as_indent():
    xml = word.susun_buku(_DOKUMEN, _SAMPUL)
    inner = word._TABEL_DALAM.findall(xml)[0]
    assert "<w:tblBorders>" in inner and "<w:cantSplit />" in inner
    caption = re.search(r'<w:p><w:pPr><w:pStyle w:val="ImageCaption" />.*?</w:p>', xml).group(0)
    assert caption.count("<w:pPr>") == 1 and "<w:keepNext />" in caption
    assert '<w:ind w:left="400" />' in inner and ">Indikator yang panjang<" in inner


def test_the_docx_cover_carries_the_emblem(referensi, tmp_path):
    from PIL import Image
    Image.new("RGB", (40, 60), "red").save(tmp_path / "lkjip-logo.png")
    docx = pandoc_docx(tmp_path, referensi)
    word.rapikan(docx, {**_SAMPUL, "logo": tmp_path / "lkjip-logo.png"})
    with zipfile.ZipFile(docx) as z:
        xml, rels, types = (z.read(n).decode("utf-8") for n in ("word/document.xml", "word/_rels/document.xml.rels",
                                                                   "[Content_Types].xml"))
        assert z.read("word/media/lkjip-logo.png") == (tmp_path / "lkjip-logo.png").read_bytes()
    assert 'r:embed="rIdLkjipLogo"' in xml and 'Target="media/lkjip-logo.png"' in rels and 'Extension="png"' in types
    cx, cy = map(int, re.search(r'<wp:extent cx="(\d+)" cy="(\d+)" /><wp:docPr id="9001"', xml).groups())
    assert cy == int(3.5 / 2.54 * 914400) and abs(cx / cy - 40 / 60) < 0.01
