"""aman: text from data, params and narrative never becomes markup.

Checked against the parsers that read our Markdown: markdown-it-py (CommonMark, with raw HTML
*enabled*, the least forgiving reading) and, where a pandoc executable exists, Pandoc's own
Markdown reader, which is what Quarto uses for the HTML, Typst and DOCX book.
"""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from lkjip.present import aman

VECTORS = [line for line in (Path(__file__).parent / "fixtures" / "xss" / "vektor.txt")
           .read_text(encoding="utf-8").splitlines() if line.strip()]
CommonMark = MarkdownIt("commonmark", {"html": True}).enable("table")
#: Printable text with the characters that mean something to Markdown, Pandoc or HTML over-represented.
SYNTAX = "\\`*_{}[]()<>#+-.!|$@^~&:;=%\"' \n/"
TEXT = st.text(alphabet=st.one_of(st.sampled_from(SYNTAX), st.characters(codec="utf-8", categories=("L", "N", "Zs", "P", "S"))),
               max_size=60)


def inline_tokens(markdown: str) -> list:
    tokens = CommonMark.parse(markdown)
    return [child for token in tokens if token.type == "inline" for child in token.children]


def find_pandoc() -> str | None:
    found = shutil.which("pandoc")
    if found:
        return found
    rig = Path.home() / ".cache" / "quarto-rig" / "venv"
    candidates = sorted(rig.glob("lib/python*/site-packages/pypandoc/files/pandoc")) if rig.is_dir() else []
    return str(candidates[0]) if candidates else None


# --- teks: a plain text in Markdown ------------------------------------------------------------

@pytest.mark.parametrize("payload", VECTORS)
def test_every_vector_escaped_by_teks_reads_back_as_the_same_plain_text(payload):
    children = inline_tokens(aman.teks(payload))
    assert {c.type for c in children} <= {"text"}, children
    assert "".join(c.content for c in children) == payload.strip()


@given(TEXT)
@settings(max_examples=300, deadline=None, derandomize=True)
def test_any_text_escaped_by_teks_is_one_paragraph_of_that_text(value):
    expected = " ".join(value.replace("\n", " ").split())
    tokens = CommonMark.parse(aman.teks(value))
    if not expected:
        assert [t.type for t in tokens if t.type == "inline" and t.content.strip()] == []
        return
    assert [t.type for t in tokens] == ["paragraph_open", "inline", "paragraph_close"]
    children = tokens[1].children
    assert {c.type for c in children} <= {"text", "softbreak"}
    assert " ".join("".join(c.content for c in children).split()) == expected


@pytest.mark.parametrize("cell", ["a | b", "*x*", "_x_", "<b>x</b>", "`x`", "[x](y)", "\\|"])
def test_a_cell_cannot_break_a_pipe_table(cell):
    table = f"| A | B |\n|---|---|\n| {aman.teks(cell)} | akhir |"
    tokens = CommonMark.parse(table)
    cells = [t.children for t in tokens if t.type == "inline"]
    assert len(cells) == 4
    assert "".join(c.content for c in cells[2]) == cell
    assert "".join(c.content for c in cells[3]) == "akhir"


def test_pandoc_reads_escaped_text_as_plain_strings_only():
    pandoc = find_pandoc()
    if pandoc is None:
        pytest.skip("no pandoc executable (neither on PATH nor in the Quarto rig's cache)")
    payloads = VECTORS + ["1. bukan daftar", "A. bukan daftar", "- bukan daftar", ": bukan definisi",
                          "% bukan judul", "(@) bukan contoh", "Rp1.234,56 (99,52%)", "x^2^ H~2~O"]
    source = "\n\n".join(aman.teks(p) for p in payloads)
    ast = json.loads(subprocess.run([pandoc, "-f", "markdown", "-t", "json"], input=source,
                                    capture_output=True, text=True, check=True).stdout)
    assert [block["t"] for block in ast["blocks"]] == ["Para"] * len(payloads)
    for block, payload in zip(ast["blocks"], payloads):
        assert pandoc_plain(block["c"]) == " ".join(payload.split()), payload


def pandoc_plain(inlines: list) -> str:
    """The text of Pandoc inlines that may only be strings, spaces and smart quotes (typography,
    not markup); anything else (RawInline, Link, Math, Cite, Span, Emph...) fails the test."""
    parts = []
    for inline in inlines:
        kind = inline["t"]
        if kind == "Str":
            parts.append(inline["c"].translate(str.maketrans("“”‘’", "\"\"''")))
        elif kind in ("Space", "SoftBreak"):
            parts.append(" ")
        elif kind == "Quoted":
            mark = '"' if inline["c"][0]["t"] == "DoubleQuote" else "'"
            parts.append(mark + pandoc_plain(inline["c"][1]) + mark)
        else:
            raise AssertionError(f"Pandoc read markup: {inline}")
    return "".join(parts)


# --- narasi: an analyst's Markdown -------------------------------------------------------------

@pytest.mark.parametrize("payload", VECTORS)
def test_no_vector_in_narrative_leaves_raw_html_or_a_script_link(payload):
    safe = aman.narasi(f"Paragraf pembuka.\n\n{payload}\n\nParagraf penutup.")
    tokens = CommonMark.parse(safe)
    flat = tokens + [c for t in tokens if t.children for c in t.children]
    assert not [t for t in flat if t.type.startswith("html")], safe
    hrefs = [t.attrs.get("href") or t.attrs.get("src") for t in flat if t.type in ("link_open", "image")]
    assert all(aman.tautan_aman(h) for h in hrefs), hrefs
    assert "{=" not in safe.replace("\\{=", "")
    assert "Paragraf penutup." in safe


def test_narrative_keeps_what_an_analyst_writes():
    source = ("## Analisis\n\nCapaian *naik* dan **melampaui** target.\n\n- satu\n- dua\n    - dua a\n\n"
              "1. pertama\n2. kedua\n\n| Uraian | Nilai |\n|---|---:|\n| Pagu | Rp1.000 |\n\n"
              "Lihat [situs dinas](https://dinsos.contoh.go.id), [tabel](tabel/x.csv) dan "
              "[surel](mailto:dinsos@contoh.go.id).\n\n> Kutipan.\n")
    html = MarkdownIt("commonmark").enable("table").render(aman.narasi(source))
    for part in ("<h2>Analisis</h2>", "<em>naik</em>", "<strong>melampaui</strong>", "<li>dua a</li>",
                 "<ol>", "<table>", "Rp1.000</td>", 'href="https://dinsos.contoh.go.id"',
                 'href="tabel/x.csv"', 'href="mailto:dinsos@contoh.go.id"', "<blockquote>"):
        assert part in html


@pytest.mark.parametrize("href", ["javascript:alert(1)", "JAVASCRIPT:alert(1)", "vbscript:x", "file:///etc/passwd",
                                  "data:text/html,<b>x</b>", "java\tscript:alert(1)", " javascript:alert(1)",
                                  "javascript&#58;alert(1)", "ftp://contoh"])
def test_links_outside_http_mailto_and_relative_keep_their_text_only(href):
    safe = aman.narasi(f"Lihat [tautan ini]({href}) sekarang.")
    assert "tautan ini" in safe
    assert not [t for t in inline_tokens(safe) if t.type == "link_open"], safe


@given(st.text(alphabet=st.sampled_from(SYNTAX + "ab1 \n"), max_size=80))
@settings(max_examples=200, deadline=None, derandomize=True)
def test_sanitising_twice_changes_nothing(markdown):
    once = aman.narasi(markdown)
    assert aman.narasi(once) == once
    assert not [t for t in CommonMark.parse(once) if t.type.startswith("html")]


# --- HTML pages --------------------------------------------------------------------------------

def test_html_allow_list_removes_script_handlers_and_unsafe_urls_but_keeps_figures():
    png = "data:image/png;base64,iVBORw0KGgo="
    dirty = (f'<p onclick="x()">a<script>alert(1)</script></p><img src="{png}" onerror="alert(1)">'
             '<a href="javascript:alert(1)">j</a><a href="tabel/a.csv">csv</a><svg onload="alert(1)"></svg>'
             '<img src="data:image/svg+xml;base64,PHN2Zz4="><iframe src="x"></iframe><td style="text-align: right; '
             'background: url(javascript:alert(1))">1</td>')
    clean = aman.bersihkan_html(dirty)
    for bad in ("script", "onclick", "onerror", "javascript", "svg", "iframe", "background"):
        assert bad not in clean
    assert f'src="{png}"' in clean and 'href="tabel/a.csv"' in clean


def test_html_text_escapes_quotes_and_angle_brackets():
    assert aman.html_teks('"><script>') == "&quot;&gt;&lt;script&gt;"


# --- where the package meets the doors ---------------------------------------------------------

def test_placeholder_values_from_data_are_inserted_as_text():
    from lkjip.present.narasi import render
    out = render("Indikator {{ I01.nama }} naik.", {"I01.nama": "<img src=x onerror=alert(1)> *x*"})
    assert [t.type for t in inline_tokens(out)] == ["text"]
    assert "".join(t.content for t in inline_tokens(out)) == "Indikator <img src=x onerror=alert(1)> *x* naik."


def test_table_cells_and_list_items_escape_data_but_keep_the_packages_own_bold():
    import pandas as pd

    from lkjip import tampil
    from lkjip.present.tabel import Kolom, pipe_table
    frame = pd.DataFrame({"nama": ["<script>alert(1)</script>", "Jumlah"], "_baris": ["data", "jumlah"]})
    rows = pipe_table(frame, (Kolom("nama", "Nama"),)).splitlines()[2:]
    assert rows == ["| \\<script\\>alert(1)\\</script\\> |", "| **Jumlah** |"]
    assert tampil.daftar(["[x](javascript:alert(1))"]) == "1. \\[x\\](javascript:alert(1))"


def test_chart_labels_from_data_are_text_not_mathtext(tmp_path):
    """matplotlib reads "$...$" as mathtext, and a malformed one stops the chapter."""
    import matplotlib
    matplotlib.use("Agg")
    import pandas as pd

    from lkjip import grafik
    program = pd.DataFrame({"kode": ["P01"], "uraian": [r"Program $\frac 5$ <b>x</b>"], "pagu": [100.0],
                            "realisasi": [90.0], "serapan": [90.0]})
    fig = grafik.serapan_program(program)
    fig.savefig(tmp_path / "grafik.png")
    labels = [t.get_text() for ax in fig.axes for t in ax.get_yticklabels()]
    assert any(r"$\frac 5$" in label for label in labels)
