"""Escaping and sanitising: the one place where text from data, params or narrative meets markup.

Reports are published on agency websites, and their text comes from many hands (spreadsheets
passed around, narrative written by each bidang). Nothing of it may become markup: Quarto turns
the notebooks' Markdown outputs into HTML, Typst and DOCX through Pandoc, and the preview turns
them into HTML. So every text crosses one of three doors, all here:

* :func:`teks` escapes a plain text for Markdown (a table cell, a name inside generated prose):
  every character that means something to CommonMark *or* to Pandoc's Markdown (``$`` math,
  ``@`` cross-references and citations, ``{`` attributes and raw ``{=html}``/``{=typst}``
  blocks, ``^``/``~``, ``<`` raw HTML) is backslash-escaped, so the text shows as typed.
* :func:`narasi` sanitises Markdown written by an analyst: it is parsed by markdown-it-py with
  raw HTML disabled and written back by mdformat, with every text run escaped by :func:`teks`,
  links kept only for http(s), mailto and relative targets, and code fences stripped of raw
  attributes. Emphasis, lists, links, headings, quotes and tables survive.
* :func:`bersihkan_html` passes a finished HTML page body through nh3 (the Ammonia sanitiser)
  with an allow-list of tags, attributes and URL schemes, for the pages lkjip writes itself.

:func:`sel_csv` neutralises a cell of a published CSV for spreadsheets (OWASP "CSV injection").
:func:`html_teks` escapes a text for HTML element content and attributes. Markup that the package
itself writes around escaped data (a bold total row, an indented budget line) is a
:class:`Markdown` value, which :func:`teks` passes through unchanged: build it with
:func:`tebal`, :func:`miring` or ``Markdown(... + teks(data) + ...)``, never from raw data.
"""
from __future__ import annotations

import html
import re
from functools import lru_cache
from urllib.parse import urlsplit

from lkjip.core.berkas import sel_netral

__all__ = ["Markdown", "SKEMA_TAUTAN", "bersihkan_html", "frame_csv", "html_teks", "miring", "narasi", "sel_csv",
           "tautan_aman", "tebal", "teks"]

#: URL schemes a link may keep; a link without a scheme (relative, ``#anchor``) is kept too.
SKEMA_TAUTAN = frozenset({"http", "https", "mailto"})
#: Schemes an image source may use (no mailto); ``data:`` only on the pages lkjip writes itself.
SKEMA_GAMBAR = frozenset({"http", "https"})

# ASCII punctuation that means something to CommonMark or Pandoc anywhere in a line.
_KHUSUS = re.compile(r"([\\`*_{}\[\]<>#|$@^~&!])")
# Patterns that open a block only at the start of a line (lists, quotes, divs, title block...).
_AWAL_BARIS = re.compile(r"^(\s*)([-+=:%(]|\d+[.)](?=\s|$)|[A-Za-z][.)](?=\s|$))")
# What Pandoc's "smart" extension would turn into dashes, ellipses and curly quotes.
_TIPOGRAFI = re.compile(r"([-.])(?=\1)|([\"'])")
_KONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u2028\u2029]")


class Markdown(str):
    """Markdown written by the package, whose parts from data were escaped with :func:`teks`.
    :func:`teks` returns it unchanged, so a table cell can be bold without letting data be."""


def tebal(value: object) -> Markdown:
    """``value`` escaped and set in bold."""
    return Markdown(f"**{teks(value)}**")


def miring(value: object) -> Markdown:
    """``value`` escaped and set in italics."""
    return Markdown(f"*{teks(value)}*")


def teks(value: object, *, baris_baru: bool = False, tipografi: bool = False) -> str:
    """``value`` as Markdown text that renders exactly as typed, in CommonMark and in Pandoc.

    Newlines become spaces (a table cell or a name inside a sentence is one line) unless
    ``baris_baru`` is true: then each line is escaped on its own and the lines are kept.
    Control characters are dropped; ``None`` gives an empty string. Quotes and runs of ``-``/``.``
    are escaped too, so a name prints as typed, unless ``tipografi`` is true (prose, where
    Pandoc's curly quotes and dashes are wanted).
    """
    if value is None:
        return ""
    if isinstance(value, Markdown):
        return value
    text = _KONTROL.sub("", str(value))
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    lines = text.split("\n") if baris_baru else [" ".join(text.split("\n"))]
    out = []
    for line in lines:
        line = _KHUSUS.sub(r"\\\1", line)
        if not tipografi:
            line = _TIPOGRAFI.sub(lambda m: "\\" + m.group(0), line)
        line = _AWAL_BARIS.sub(lambda m: m.group(1) + _escape_marker(m.group(2)), line, count=1)
        out.append(line)
    return "\n".join(out)


def _escape_marker(marker: str) -> str:
    if len(marker) == 1:
        return "\\" + marker
    return marker[:-1] + "\\" + marker[-1]  # "1." -> "1\.", "A)" -> "A\)"


def html_teks(value: object) -> str:
    """``value`` escaped for HTML element content and quoted attribute values."""
    return html.escape("" if value is None else str(value), quote=True)


def tautan_aman(url: str, skema: frozenset[str] = SKEMA_TAUTAN) -> str | None:
    """``url`` when it is safe to publish as a link target (a scheme of ``skema`` or none at
    all: relative paths and anchors), else None. Tabs, newlines and control characters, which
    browsers drop from URLs (``java\\tscript:``), are removed before the scheme is read."""
    if url is None:
        return None
    url = re.sub(r"[\x00-\x1f\x7f]", "", str(url)).strip()
    try:
        scheme = urlsplit(url).scheme.lower()
    except ValueError:
        return None
    if scheme:
        return url if scheme in skema else None
    head = re.split(r"[/?#]", url, maxsplit=1)[0]
    return None if ":" in head else url  # a colon before the path that urlsplit could not name


# --- cells of a published CSV ----------------------------------------------------------------

def sel_csv(value):
    """A cell of a CSV the public downloads, safe to open in a spreadsheet: a text a spreadsheet
    would take for a formula (``=HYPERLINK(…)``, ``@SUM(…)``, ``+``, ``-``, a leading tab or CR)
    gets a leading apostrophe, as OWASP advises; numbers, negatives included, stay numbers. The
    rule itself is :func:`lkjip.core.berkas.bisa_jadi_rumus`, shared with the Excel export."""
    return sel_netral(value)


def _sel_csv_satu_baris(value):
    # pandas quotes a field with "\n" but not one with a lone "\r", which a spreadsheet reads as a
    # line break: the rest of the cell would start a row of its own (and could be a formula)
    value = sel_csv(value)
    return value.replace("\r\n", "\n").replace("\r", "\n") if isinstance(value, str) else value


def frame_csv(frame):
    """Every text cell and header of ``frame`` passed through :func:`sel_csv` (a copy; numbers
    untouched)."""
    from pandas.api.types import is_bool_dtype, is_numeric_dtype

    out = frame.copy()
    for i in range(out.shape[1]):
        if not (is_numeric_dtype(out.dtypes.iloc[i]) or is_bool_dtype(out.dtypes.iloc[i])):
            out.isetitem(i, out.iloc[:, i].map(_sel_csv_satu_baris))
    out.columns = [sel_csv(c) for c in frame.columns]
    return out


# --- narrative Markdown -----------------------------------------------------------------------

def _url_markdown(url: str) -> str:
    """A link target percent-encoded where Pandoc or CommonMark could read it as syntax."""
    return re.sub(r"[\s()<>\"'`\\{}]", lambda m: "%{:02X}".format(ord(m.group(0))), url)


def _render_text(node, context) -> str:
    return teks(node.content, tipografi=True)


def _plain(node) -> str:
    """The text of an inline node and its children, without markup (an image's alt text)."""
    if node.type in ("text", "code_inline", "html_inline"):
        return node.content
    if node.type in ("softbreak", "hardbreak"):
        return " "
    return "".join(_plain(child) for child in node.children)


def _render_link(node, context) -> str:
    label = "".join(child.render(context) for child in node.children)
    href = tautan_aman(node.attrs.get("href", ""))
    if href is None:
        return label
    return f"[{label}]({_url_markdown(href)})"


def _render_image(node, context) -> str:
    alt = teks(_plain(node))
    src = tautan_aman(node.attrs.get("src", ""), SKEMA_GAMBAR)
    if src is None:
        return alt
    return f"![{alt}]({_url_markdown(src)})"


def _render_raw_html(node, context) -> str:
    return teks(node.content, baris_baru=True)


def _render_fence(node, context) -> str:
    language = re.match(r"[A-Za-z0-9_+-]*", node.info.strip()).group(0)
    code = node.content
    longest = max((len(run) for run in re.findall(r"`+|~+", code)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}{language}\n{code}{fence}"


def _render_cell(node, context) -> str:
    # Text runs escape "|" already (teks); only code spans still need it inside a cell.
    return "".join(child.render(context).replace("|", "\\|") if child.type == "code_inline"
                   else child.render(context) for child in node.children[0].children)


def _plugin():
    """An mdformat plugin: mdformat-tables' table renderers, with ours for text, cells, links,
    images, raw HTML and code fences."""
    from types import SimpleNamespace

    from mdformat_tables import plugin as tables

    renderers = dict(tables.RENDERERS) | {
        "text": _render_text, "link": _render_link, "image": _render_image,
        "html_inline": _render_raw_html, "html_block": _render_raw_html,
        "fence": _render_fence, "code_block": _render_fence, "td": _render_cell, "th": _render_cell,
    }
    return SimpleNamespace(update_mdit=tables.update_mdit, RENDERERS=renderers,
                           POSTPROCESSORS=dict(tables.POSTPROCESSORS))


@lru_cache(maxsize=1)
def _parser():
    from markdown_it import MarkdownIt
    from mdformat.renderer import MDRenderer

    mdit = MarkdownIt("commonmark", {"html": False}, renderer_cls=MDRenderer)
    mdit.options["mdformat"] = {"wrap": "keep", "number": True}
    mdit.options["store_labels"] = False
    mdit.options["codeformatters"] = {}
    plugin = _plugin()
    mdit.options["parser_extension"] = [plugin]
    plugin.update_mdit(mdit)
    mdit.disable("linkify", ignoreInvalid=True)
    # Every link is parsed as a link and judged by tautan_aman when written back, so a refused
    # target leaves its text alone instead of the whole "[text](javascript:...)" source.
    mdit.validateLink = lambda url: True
    return mdit


def narasi(markdown: str) -> str:
    """Analyst's Markdown made safe to publish, still Markdown.

    Emphasis, lists, headings, quotes, tables, code and links survive; raw HTML shows as
    text; links and images whose target is not http(s), mailto (links only) or relative
    keep their text only; everything Pandoc would read as math, citation, attribute, raw
    block or shortcode is escaped. The result is stable: ``narasi(narasi(x)) == narasi(x)``.
    """
    if not markdown or not markdown.strip():
        return ""
    source = _KONTROL.sub("", str(markdown))
    try:
        return _parser().render(source).rstrip("\n")
    except RecursionError:  # the door (inputs/berkas_narasi) refuses deep nesting; this is the last net
        from lkjip.core.exceptions import NarasiError
        raise NarasiError("teks narasi bersarang terlalu dalam (penekanan atau kutipan di dalam penekanan, "
                          "ratusan tingkat); tulis tanpa sarang sedalam itu.") from None


# --- HTML pages lkjip writes ------------------------------------------------------------------

_TAG_HTML = {
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "col", "colgroup", "dd", "del", "div",
    "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img",
    "li", "nav", "ol", "p", "pre", "s", "section", "small", "span", "strong", "sub", "sup",
    "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul", "header", "footer", "main",
}
_ATRIBUT_HTML = {
    "*": {"class", "id", "title", "lang"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "td": {"colspan", "rowspan", "align", "style"},
    "th": {"colspan", "rowspan", "align", "style", "scope"},
    "col": {"span", "style"},
    "ol": {"start", "type"},
}


def _saring_atribut(tag: str, attribute: str, value: str) -> str | None:
    if attribute == "href":
        return tautan_aman(value)
    if attribute == "src":
        if tag == "img" and re.match(r"data:image/(png|jpeg|gif|webp);base64,[A-Za-z0-9+/=\s]*$", value):
            return value  # figures embedded by nbconvert; SVG is not allowed (it can carry script)
        return tautan_aman(value, SKEMA_GAMBAR)
    return value


def bersihkan_html(fragment: str) -> str:
    """An HTML fragment (a page body) with everything outside the allow-list removed:
    no script, style, iframe, form or event handler; links and images only to safe targets."""
    import nh3

    return nh3.clean(
        fragment,
        tags=_TAG_HTML,
        attributes=_ATRIBUT_HTML,
        url_schemes={"http", "https", "mailto", "data"},
        attribute_filter=_saring_atribut,
        filter_style_properties={"text-align", "width"},
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


#: Content-Security-Policy for the pages lkjip writes: no script of any kind, images from the
#: report itself or embedded, inline styles only. Put in a ``<meta http-equiv>`` of each page.
KEBIJAKAN_KONTEN = ("default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; "
                    "base-uri 'none'; form-action 'none'")
