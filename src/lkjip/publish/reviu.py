"""The Catatan Reviu as its own document: the executed review notebook rendered by Quarto on its
own (HTML with everything embedded, Typst PDF on landscape A4) beside the book, as
``_book/lkjip-<report>-catatan-reviu.html`` and ``.pdf``.

The book the Kepala Dinas signs carries no transcription notes and no findings; this document is
for the agency and its APIP. It sits in ``_book/`` so its links to the book's pages (the evidence
of the LKE checklist, ``bab3-akuntabilitas.html#tbl-capaian``) resolve from the HTML.
"""
from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import yaml

from lkjip.core.exceptions import BuildError
from lkjip.present import aman

#: Layout files of the review document (package data), copied beside its notebook.
BERKAS_REVIU = Path(__file__).parent / "templates" / "reviu"
#: Quarto's log of the review's render, kept in the report folder when it fails.
LOG = "quarto-reviu.log"


def nama_berkas(report: str) -> str:
    """``lkjip-<report>-catatan-reviu``: the review's file name (without extension) in ``_book/``."""
    return f"lkjip-{report}-catatan-reviu"


def konfigurasi(judul: str, subjudul: str) -> dict:
    """The review's own ``_quarto.yml``: a single document, not a book."""
    return {
        "project": {"type": "default"},
        "lang": "id",
        "title": aman.teks(judul),
        "subtitle": aman.teks(subjudul),
        "execute": {"enabled": False, "echo": False, "warning": False},
        "tbl-cap-location": "top",
        "language": {"toc-title-document": "Daftar Isi", "crossref-tbl-title": "Tabel",
                     "crossref-fig-title": "Gambar"},
        "format": {
            "html": {"toc": True, "embed-resources": True, "css": "lkjip-buku.css"},
            "typst": {"papersize": "a4", "toc": True, "toc-depth": 2,
                      "include-in-header": "reviu-halaman.typ"},
        },
    }


def render_reviu(quarto: Path, folder: Path, file: str, report: str, judul: str, subjudul: str) -> list[Path]:
    """Render the executed review notebook ``folder/file`` on its own; returns the files written
    into ``folder/_book``. A failure keeps Quarto's log as ``folder/quarto-reviu.log``.

    It is rendered in a temporary folder of its own, outside the build's staging folder: Quarto
    ignores a project whose path has a hidden folder in it (``build/.staging-...``) and would
    render the notebook with none of the review's settings."""
    nama = nama_berkas(report)
    with tempfile.TemporaryDirectory(prefix="lkjip-reviu-") as tmp:
        kerja = Path(tmp)
        shutil.copy2(folder / file, kerja / f"{nama}.ipynb")
        for item in BERKAS_REVIU.iterdir():
            if item.is_file():
                shutil.copy2(item, kerja / item.name)
        css = folder / "lkjip-buku.css"
        if css.is_file():
            shutil.copy2(css, kerja / css.name)
        (kerja / "_quarto.yml").write_text(
            "# Dibuat oleh lkjip build untuk Catatan Reviu; jangan disunting.\n"
            + yaml.safe_dump(konfigurasi(judul, subjudul), allow_unicode=True, sort_keys=False), encoding="utf-8")
        log = kerja / LOG
        with open(log, "w", encoding="utf-8") as out:
            result = subprocess.run([str(quarto), "render", f"{nama}.ipynb", "--to", "all"], cwd=kerja,
                                    stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        keluaran = [kerja / f"{nama}.html", kerja / f"{nama}.pdf"]
        if result.returncode != 0 or not all(p.is_file() for p in keluaran):
            shutil.copy2(log, folder / LOG)
            tail = "\n".join(log.read_text(encoding="utf-8", errors="replace").splitlines()[-20:])
            raise BuildError(f"quarto render Catatan Reviu gagal (kode {result.returncode}). Akhir lognya:\n{tail}")
        tujuan = folder / "_book"
        tujuan.mkdir(exist_ok=True)
        written = []
        for path in keluaran:
            shutil.move(path, tujuan / path.name)
            written.append(tujuan / path.name)
    return written
