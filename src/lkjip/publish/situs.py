"""The site: ``build/index.html`` lists every built report, for static hosting as it is.

Each report folder carries ``build.json`` (:mod:`lkjip.publish.info`): agency, year, build time, what
was rendered, and the key figures of the year (average capaian and budget absorption), so the
index needs no notebook and no data. The index links only files that exist: the HTML book or
preview, the PDF and DOCX, and every table's CSV. Links are relative, so ``build/`` can be copied
anywhere. Pandoc renders the page with the package's template ``templates/situs.html``; text goes
in as escaped Markdown (:func:`lkjip.aman.teks`) and the body through
:func:`lkjip.aman.bersihkan_html`.
"""
from __future__ import annotations

import json
import tempfile
from pathlib import Path
from urllib.parse import quote

from lkjip.core.berkas import write_atomically
from lkjip.present import aman
from lkjip.present import format as fmt
from lkjip.publish.info import laporan_terbangun

#: Pandoc page template of the site index (package data).
SITE_TEMPLATE = Path(__file__).parent / "templates" / "situs.html"


def key_figures(lap) -> dict:
    """The year's key figures for the site index, from an opened :class:`lkjip.Laporan`:
    average capaian of every indicator and budget absorption (None when the data has none)."""
    figures: dict = {"capaian_rata_rata": None, "serapan_anggaran": None, "jumlah_indikator": None}
    try:
        figures["jumlah_indikator"] = int(len(lap.kinerja))
        rata = lap.rata_capaian("semua")["semua"]
        figures["capaian_rata_rata"] = None if rata != rata else round(float(rata), 4)
    except (KeyError, ValueError, TypeError, AttributeError):
        pass
    try:
        serapan = lap.total_anggaran["serapan"]
        figures["serapan_anggaran"] = None if serapan != serapan else round(float(serapan), 4)
    except (KeyError, ValueError, TypeError, AttributeError):
        pass
    return figures


def _href(*parts: str) -> str:
    return "/".join(quote(part) for part in parts)


def _link(text: str, href: str) -> str:
    return f"[{aman.teks(text)}]({href})"


def report_links(out_dir: Path, folder: str, info: dict) -> dict[str, list[str]]:
    """Markdown links to what exists of one report: HTML, PDF, DOCX and the CSV files."""
    base = Path(out_dir) / folder
    links: dict[str, list[str]] = {"html": [], "unduhan": [], "csv": []}
    entry = info.get("entry")
    if entry and (base / entry).is_file():
        label = "Buku HTML" if info.get("mode") == "book" else "Pratinjau HTML"
        links["html"].append(_link(label, _href(folder, *Path(entry).parts)))
    book = base / "_book"
    for suffix, label in ((".pdf", "PDF"), (".docx", "DOCX")):
        for path in sorted(book.glob(f"*{suffix}")):
            links["unduhan"].append(_link(label, _href(folder, "_book", path.name)))
    tables = book / "tabel" if (book / "tabel").is_dir() else base / "tabel"
    for path in sorted(tables.glob("*.csv")):
        links["csv"].append(_link(path.stem, _href(*path.relative_to(out_dir).parts)))
    return links


def _row(out_dir: Path, folder: str, info: dict) -> str:
    figures = info.get("angka_kunci") or {}
    links = report_links(out_dir, folder, info)
    cells = [
        aman.teks(info.get("nama", folder)),
        aman.teks(info.get("tahun", "")),
        fmt.persen(figures.get("capaian_rata_rata")),
        fmt.persen(figures.get("serapan_anggaran")),
        aman.teks(folder) + (": " + " · ".join(links["html"] + links["unduhan"])
                             if links["html"] or links["unduhan"] else " (belum dirender)"),
        (f"{len(links['csv'])} berkas: " + ", ".join(links["csv"])) if links["csv"] else fmt.KOSONG,
        aman.teks(info.get("built_at", "")),
    ]
    return "| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |"


def site_markdown(out_dir: Path) -> str:
    """The index as Pandoc Markdown: one row per built report, sorted by agency and year."""
    out_dir = Path(out_dir)
    reports = [(str(info.get("nama", "")), str(info.get("tahun", "")), folder.name, info)
               for folder, info in laporan_terbangun(out_dir)]
    if not reports:
        return "Belum ada laporan yang dibangun.\n"
    reports.sort()
    header = ("| Instansi | Tahun | Capaian rata-rata | Serapan anggaran | Laporan | Tabel (CSV) | Dibangun |\n"
              "|:--------------------|---:|---:|---:|:----------|:--------------------|:------|")
    rows = [_row(out_dir, folder, info) for _, _, folder, info in reports]
    return header + "\n" + "\n".join(rows) + "\n"


def write_build_index(out_dir: Path) -> Path:
    """``build/index.html``: every built report with its key figures and links."""
    import pypandoc

    out_dir = Path(out_dir)
    with tempfile.TemporaryDirectory(prefix="situs-") as tmp:
        meta = Path(tmp) / "meta.json"
        meta.write_text(json.dumps({"pagetitle": "Laporan LKjIP"}), encoding="utf-8")
        document = pypandoc.convert_text(
            site_markdown(out_dir), "html5", format="markdown-citations",
            extra_args=["--standalone", f"--template={SITE_TEMPLATE}", f"--metadata-file={meta}",
                        f"--variable=csp:{aman.KEBIJAKAN_KONTEN}", "--wrap=none"],
        )
    head, rest = document.split("<!--isi-->", 1)
    body, tail = rest.split("<!--/isi-->", 1)
    index = out_dir / "index.html"
    write_atomically(index, head + aman.bersihkan_html(body) + tail)
    return index
