"""The public site: ``build/_situs/``, a folder to copy to any static host as it is.

``lkjip situs`` (and the last step of ``lkjip build --all``) writes it from the reports under
``build/`` that were rendered as Quarto books (``build.json`` says so):

* ``index.html``: every agency, with its latest year's key figures and a link to its page;
* ``<dinas>/index.html``: one agency's years side by side (average capaian, budget absorption,
  number of indicators, the change from the year before) with each year's HTML book, PDF, DOCX
  and table CSVs;
* ``<dinas>/<tahun>/``: that year's book as Quarto rendered it (pages, PDF, DOCX, ``tabel/*.csv``,
  Quarto's scripts and styles), each page with links to the agency's other years;
* ``sitemap.xml``: every page (absolute addresses when ``--alamat`` gives the site's address).

Nothing internal goes in: no notebook, ``build.json``, log, lock, staging or preview folder, only
the files a book links to (:data:`BAWA`). Every link is relative, so the folder works from any
sub-path. The folder is replaced whole (written beside it, then swapped), see docs/situs.md.
"""
from __future__ import annotations

import html
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from lkjip.core.berkas import write_atomically
from lkjip.present import format as fmt
from lkjip.present.aman import KEBIJAKAN_KONTEN
from lkjip.publish.info import laporan_terbangun

#: The site's folder under ``build/``.
FOLDER = "_situs"
#: What of a rendered book is published: its pages, downloads, tables and Quarto's own assets.
BAWA = (".html", ".pdf", ".docx", ".csv", ".css", ".js", ".json", ".png", ".svg", ".jpg", ".jpeg",
        ".gif", ".woff", ".woff2", ".ttf", ".eot", ".ico", ".map")
#: Never published, whatever their extension: the build's records and working files.
INTERNAL = re.compile(r"(\.ipynb|\.lock|\.log|^build\.json|^quarto\.log|^\.|~$)", re.I)


@dataclass(frozen=True)
class Laporan:
    """One published report: agency slug, agency name, year, its book folder, its key figures."""
    dinas: str
    nama: str
    tahun: int
    book: Path
    angka: dict


def laporan_situs(out_dir: Path) -> list[Laporan]:
    """The reports of ``out_dir`` rendered as books, by agency and year."""
    found = []
    for folder, info in laporan_terbangun(Path(out_dir)):
        book = folder / "_book"
        if info.get("mode") != "book" or not (book / "index.html").is_file():
            continue
        try:
            tahun = int(info.get("tahun"))
        except (TypeError, ValueError):
            continue
        dinas = str(info.get("dinas") or folder.name)
        found.append(Laporan(dinas, str(info.get("nama") or dinas), tahun, book, info.get("angka_kunci") or {}))
    return sorted(found, key=lambda r: (r.dinas, r.tahun))


def _e(text) -> str:
    return html.escape(str(text), quote=True)


def _href(*parts) -> str:
    return "/".join(quote(str(p)) for p in parts)


GAYA = """
body { font-family: system-ui, sans-serif; max-width: 72rem; margin: 0 auto; padding: 0 1rem 2rem;
       line-height: 1.5; color: #1d1d1d; }
a { color: #1f3864; } a:focus-visible { outline: 3px solid #1f3864; outline-offset: 2px; }
h1 { color: #1f3864; border-bottom: 2px solid #1f3864; padding-bottom: .5rem; font-size: 1.6rem; }
.gulir { overflow-x: auto; } .gulir:focus-visible { outline: 3px solid #1f3864; }
table { border-collapse: collapse; width: 100%; font-size: .95rem; }
th, td { border-bottom: 1px solid #c8cdd6; padding: .4rem .5rem; vertical-align: top; text-align: left; }
td.angka { text-align: right; white-space: nowrap; }
thead th { background: #e6eaf2; border-top: 2px solid #1f3864; border-bottom: 2px solid #1f3864; }
.jejak { font-size: .95rem; margin: 1rem 0 0; } .jejak ol { list-style: none; padding: 0; margin: 0; }
.jejak li { display: inline; } .jejak li + li::before { content: " › "; }
ul.unduhan { padding-left: 1.2rem; margin: 0; }
@media (max-width: 600px) { table, thead, tbody, tr, th, td { display: block; } thead { position: absolute;
  left: -9999px; } tr { border-bottom: 2px solid #1f3864; padding: .4rem 0; } td, th { border: 0; padding: .15rem 0; }
  td[data-judul]::before { content: attr(data-judul) ": "; font-weight: bold; } td.angka { text-align: left; } }
"""


def halaman(judul: str, isi: str, jejak: list[tuple[str, str | None]]) -> str:
    """A page of the site: one h1, a breadcrumb, the content in ``main``."""
    crumbs = "".join(f'<li><a href="{_e(h)}">{_e(t)}</a></li>' if h else f'<li aria-current="page">{_e(t)}</li>'
                     for t, h in jejak)
    return (f'<!DOCTYPE html>\n<html lang="id">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f'<meta http-equiv="Content-Security-Policy" content="{_e(KEBIJAKAN_KONTEN)}">\n'
            f"<title>{_e(judul)}</title>\n<style>{GAYA}</style>\n</head>\n<body>\n"
            f'<header><nav class="jejak" aria-label="Posisi halaman"><ol>{crumbs}</ol></nav></header>\n'
            f"<main>\n<h1>{_e(judul)}</h1>\n{isi}\n</main>\n</body>\n</html>\n")


def _unduhan(lap: Laporan, prefix: str) -> str:
    """The list of a year's files: HTML book, PDF, DOCX, the number of CSVs with a link to each."""
    items = [f'<li><a href="{_e(prefix + "index.html")}">Buku HTML {lap.tahun}</a></li>']
    for suffix, label in ((".pdf", "PDF"), (".docx", "DOCX")):
        for path in sorted(lap.book.glob(f"*{suffix}")):
            items.append(f'<li><a href="{_e(prefix + _href(path.name))}">{label} {lap.tahun}</a></li>')
    csv = sorted((lap.book / "tabel").glob("*.csv"))
    if csv:
        links = ", ".join(f'<a href="{_e(prefix + _href("tabel", p.name))}">{_e(p.stem)}</a>' for p in csv)
        items.append(f"<li>Tabel CSV {lap.tahun} ({len(csv)}): {links}</li>")
    return '<ul class="unduhan">' + "".join(items) + "</ul>"


def _perubahan(now, before) -> str:
    if now is None or before is None:
        return fmt.KOSONG
    selisih = float(now) - float(before)
    arah = "naik" if selisih > 0 else "turun" if selisih < 0 else "tetap"
    return f"{arah} {fmt.angka(abs(selisih), 2)} poin" if arah != "tetap" else "tetap"


def halaman_dinas(reports: list[Laporan]) -> str:
    """One agency's page: its years side by side, newest first, with the change from the year before."""
    nama = reports[-1].nama
    rows = []
    for i, lap in sorted(enumerate(reports), key=lambda x: -x[1].tahun):
        prev = reports[i - 1].angka if i > 0 else {}
        a = lap.angka
        rows.append(
            f'<tr><th scope="row"><a href="{lap.tahun}/index.html">{lap.tahun}</a></th>'
            f'<td class="angka" data-judul="Capaian rata-rata">{_e(fmt.persen(a.get("capaian_rata_rata")))}</td>'
            f'<td data-judul="Perubahan capaian">{_e(_perubahan(a.get("capaian_rata_rata"), prev.get("capaian_rata_rata")))}</td>'
            f'<td class="angka" data-judul="Serapan anggaran">{_e(fmt.persen(a.get("serapan_anggaran")))}</td>'
            f'<td class="angka" data-judul="Jumlah indikator">{_e(a.get("jumlah_indikator") if a.get("jumlah_indikator") is not None else fmt.KOSONG)}</td>'
            f'<td data-judul="Unduhan">{_unduhan(lap, f"{lap.tahun}/")}</td></tr>')
    tahun = [r.tahun for r in reports]
    intro = (f"<p>Laporan Kinerja Instansi Pemerintah (LKjIP) {_e(nama)}: {len(reports)} tahun laporan "
             f"({tahun[0]}–{tahun[-1]}), berdampingan dengan angka kuncinya.</p>" if len(reports) > 1 else
             f"<p>Laporan Kinerja Instansi Pemerintah (LKjIP) {_e(nama)} tahun {tahun[0]}.</p>")
    table = ('<div class="gulir" tabindex="0" role="region" aria-labelledby="judul-tahun">'
             '<table><caption id="judul-tahun">Angka kunci per tahun laporan</caption><thead><tr>'
             '<th scope="col">Tahun</th><th scope="col">Capaian rata-rata</th><th scope="col">Perubahan capaian</th>'
             '<th scope="col">Serapan anggaran</th><th scope="col">Jumlah indikator</th><th scope="col">Buku dan unduhan</th>'
             "</tr></thead><tbody>" + "".join(rows) + "</tbody></table></div>")
    return halaman(nama, intro + table, [("Semua instansi", "../index.html"), (nama, None)])


def halaman_beranda(per_dinas: dict[str, list[Laporan]]) -> str:
    """The home page: every agency with its latest year."""
    if not per_dinas:
        isi = "<p>Belum ada laporan yang diterbitkan.</p>"
    else:
        rows = []
        for dinas, reports in sorted(per_dinas.items(), key=lambda kv: kv[1][-1].nama):
            last = reports[-1]
            rows.append(
                f'<tr><th scope="row"><a href="{_href(dinas)}/index.html">{_e(last.nama)}</a></th>'
                f'<td data-judul="Tahun">{_e(", ".join(str(r.tahun) for r in reports))}</td>'
                f'<td class="angka" data-judul="Capaian rata-rata {last.tahun}">{_e(fmt.persen(last.angka.get("capaian_rata_rata")))}</td>'
                f'<td class="angka" data-judul="Serapan anggaran {last.tahun}">{_e(fmt.persen(last.angka.get("serapan_anggaran")))}</td></tr>')
        isi = ("<p>Setiap instansi dengan tahun laporannya: buku HTML, PDF, DOCX dan tabel CSV.</p>"
               '<div class="gulir" tabindex="0" role="region" aria-labelledby="judul-instansi">'
               '<table><caption id="judul-instansi">Instansi dan tahun laporan terakhirnya</caption><thead><tr>'
               '<th scope="col">Instansi</th><th scope="col">Tahun laporan</th>'
               '<th scope="col">Capaian rata-rata (tahun terakhir)</th><th scope="col">Serapan anggaran (tahun terakhir)</th>'
               "</tr></thead><tbody>" + "".join(rows) + "</tbody></table></div>")
    return halaman("Laporan Kinerja Instansi Pemerintah (LKjIP)", isi, [("Semua instansi", None)])


_MAIN = re.compile(r"(<main\b[^>]*>)")


def tautan_tahun(reports: list[Laporan], lap: Laporan) -> str:
    """The links a year's book page gets: the agency's page and its other years."""
    lain = " · ".join(f'<a href="../{r.tahun}/index.html">{r.tahun}</a>' if r.tahun != lap.tahun
                      else f'<span aria-current="page">{r.tahun}</span>' for r in reports)
    return (f'<nav class="lkjip-tahun" aria-label="Tahun laporan lain instansi ini" '
            f'style="font-size:.9rem;margin:.5rem 0 1rem">'
            f'<a href="../index.html">Semua tahun {_e(lap.nama)}</a> · Tahun: {lain} · '
            f'<a href="../../index.html">Semua instansi</a></nav>')


def _salin_buku(lap: Laporan, target: Path, nav: str) -> list[str]:
    """Copy what a book publishes into ``target``; its pages get ``nav`` at the top of ``main``.
    Returns the pages' paths relative to ``target``."""
    pages = []
    for path in sorted(lap.book.rglob("*")):
        rel = path.relative_to(lap.book)
        if path.is_dir() or path.suffix.lower() not in BAWA or any(INTERNAL.search(p) for p in rel.parts):
            continue
        dest = target / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        if path.suffix.lower() == ".html" and len(rel.parts) == 1:
            text = path.read_text(encoding="utf-8")
            dest.write_text(_MAIN.sub(lambda m: m.group(1) + nav, text, count=1), encoding="utf-8")
            pages.append(rel.as_posix())
        else:
            shutil.copy2(path, dest)
    return pages


def sitemap(urls: list[str], alamat: str | None) -> str:
    base = (alamat.rstrip("/") + "/") if alamat else ""
    items = "".join(f"  <url><loc>{_e(base + u)}</loc></url>\n" for u in urls)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' + items + "</urlset>\n")


def tulis_situs(out_dir: Path, alamat: str | None = None) -> Path:
    """Write ``out_dir/_situs`` from every report rendered as a book; returns the folder."""
    out_dir = Path(out_dir)
    final = out_dir / FOLDER
    staging = out_dir / f".{FOLDER}.baru"
    if staging.exists():
        shutil.rmtree(staging)
    staging.mkdir(parents=True)
    per_dinas: dict[str, list[Laporan]] = {}
    for lap in laporan_situs(out_dir):
        per_dinas.setdefault(lap.dinas, []).append(lap)
    urls = ["index.html"]
    for dinas, reports in per_dinas.items():
        folder = staging / dinas
        folder.mkdir()
        write_atomically(folder / "index.html", halaman_dinas(reports))
        urls.append(_href(dinas, "index.html"))
        for lap in reports:
            for page in _salin_buku(lap, folder / str(lap.tahun), tautan_tahun(reports, lap)):
                urls.append(_href(dinas, lap.tahun, *page.split("/")))
    write_atomically(staging / "index.html", halaman_beranda(per_dinas))
    write_atomically(staging / "sitemap.xml", sitemap(urls, alamat))
    old = out_dir / f".{FOLDER}.lama"
    if old.exists():
        shutil.rmtree(old)
    if final.exists():
        final.rename(old)
    staging.rename(final)
    if old.exists():
        shutil.rmtree(old)
    return final
