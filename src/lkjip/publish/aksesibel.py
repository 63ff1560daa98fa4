"""The HTML book's navigation named for screen readers, where Quarto offers no option.

Everything a chapter's content needs is done at the source: alternative text of charts
(:mod:`lkjip.present.deskripsi`), table headers, row groups, keyboard-reachable scrolling boxes
and one h1 a page (the Lua filter ``templates/quarto/lkjip-aksesibel.lua``), the styles
(``lkjip-buku.css``). What remains is markup Quarto writes around the content after Pandoc,
with no setting for it:

* each ``<nav>`` landmark gets a name of its own (WCAG landmark-unique): the chapter list of the
  sidebar, the bar that opens it on a phone, the page's table of contents, the prev/next links;
* a prev/next link's name says where it goes and contains the text it shows, chapter number
  included (label-content-name-mismatch): "Bab berikutnya: 3 Akuntabilitas Kinerja".

:func:`rapikan` rewrites the book's pages in place after ``quarto render``; it is idempotent.
"""
from __future__ import annotations

import html
import re
from pathlib import Path

from lkjip.core.berkas import write_atomically

#: Name of each navigation landmark Quarto writes, by what identifies its opening tag.
NAMA_NAV = (
    ('id="quarto-sidebar"', "Daftar bab"),
    ('class="quarto-secondary-nav"', "Buka daftar bab"),
    ('id="TOC"', "Daftar isi halaman ini"),
    ('class="page-navigation"', "Halaman sebelumnya dan berikutnya"),
    ('id="quarto-header"', "Navigasi utama"),
)
ARAH = {"previous": "Sebelumnya", "next": "Berikutnya"}

_NAV = re.compile(r"<nav\b[^>]*>")
_HALAMAN = re.compile(
    r'(<div class="nav-page nav-page-(previous|next)">\s*<a\b[^>]*?)\saria-label="[^"]*"([^>]*>)(.*?)</a>', re.S)
_TAG = re.compile(r"<[^>]+>")


def _nama_nav(match: re.Match) -> str:
    tag = match.group(0)
    if "aria-label=" in tag:
        return tag
    for tanda, nama in NAMA_NAV:
        if tanda in tag:
            return tag[:-1] + f' aria-label="{html.escape(nama)}">'
    return tag


def _tautan_halaman(match: re.Match) -> str:
    awal, arah, akhir, isi = match.groups()
    terlihat = " ".join(html.unescape(_TAG.sub(" ", isi)).split())
    nama = f"{ARAH[arah]}: {terlihat}" if terlihat else ARAH[arah]
    return f'{awal} aria-label="{html.escape(nama)}"{akhir}{isi}</a>'


def rapikan_halaman(teks: str) -> str:
    """One page's navigation named (see the module's docstring)."""
    teks = _NAV.sub(_nama_nav, teks).replace('aria-label="breadcrumb"', 'aria-label="Posisi halaman"')
    return _HALAMAN.sub(_tautan_halaman, teks)


def rapikan(book: Path) -> list[Path]:
    """Every HTML page of a rendered book (``_book/``) rewritten in place; returns those changed."""
    changed = []
    for page in sorted(Path(book).glob("*.html")):
        before = page.read_text(encoding="utf-8")
        after = rapikan_halaman(before)
        if after != before:
            write_atomically(page, after)
            changed.append(page)
    return changed
