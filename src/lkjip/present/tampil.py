"""What chapter notebooks display: declared tables (Markdown + CSV, see `tabel.py` and
`daftar_tabel.py`), generated Markdown, lists and figures.
"""
from __future__ import annotations

from pathlib import Path

from lkjip.present import aman


def sumber_data(lap) -> str:
    """The source line under a table: the agency's own data."""
    return f"data {lap.nama_singkat} {lap.nama_wilayah}"


def nama_dinas(lap) -> str:
    return f"{lap.nama_singkat} {lap.nama_wilayah}"


def kalimat_absen(lap, apa: str) -> str:
    """The one sentence printed where an optional part has no data: "Data <apa> tidak tersedia
    untuk <agency> tahun <year>." (escaped, since agency names come from data)."""
    return f"Data {aman.teks(apa)} tidak tersedia untuk {aman.teks(nama_dinas(lap))} tahun {lap.tahun}."


def tabel_markdown(lap, nama: str, output_dir: str | Path | None = None) -> str:
    """The declared table `nama` (see `daftar_tabel.SPEK`) as Markdown, its CSV written under
    `<output_dir>/tabel/`; one sentence instead when the report has no rows for it."""
    from lkjip.present.daftar_tabel import SPEK
    from lkjip.present.tabel import TabelError, render
    if nama not in SPEK:
        raise TabelError(f"tabel {nama!r} tidak dideklarasikan (ada: {', '.join(sorted(SPEK))})")
    spek = SPEK[nama]
    kosong = spek.sebab_kosong(lap) if spek.sebab_kosong else None
    return render(spek, spek.data(lap), nama_dinas(lap), lap.tahun, output_dir, sumber_data(lap), kosong=kosong).markdown


def tabel(lap, nama: str, output_dir: str | Path | None = None):
    """Display a declared table (caption, cross-reference id, source and CSV link included)."""
    from IPython.display import Markdown, display
    display(Markdown(tabel_markdown(lap, nama, output_dir)))


def lembar_perhitungan_markdown(lap, output_dir: str | Path | None = None) -> str:
    """Every calculation sheet: table with total row, formula and the formula worked with the numbers."""
    from lkjip.present.daftar_tabel import lembar_perhitungan
    from lkjip.present.tabel import render
    parts = []
    for spek, rows, rumus in lembar_perhitungan(lap):
        parts.append(render(spek, rows, nama_dinas(lap), lap.tahun, output_dir, sumber_data(lap), catatan=rumus).markdown)
    return "\n\n".join(parts) or kalimat_absen(lap, "perhitungan indikator dari data dasar")


def lembar_perhitungan(lap, output_dir: str | Path | None = None):
    """Display every calculation sheet (Markdown the package built from escaped cells, shown as is)."""
    from IPython.display import Markdown, display
    display(Markdown(lembar_perhitungan_markdown(lap, output_dir)))


def lke(lap, narasi: dict[str, str]):
    """Display the LKE checklist of the report (`present.lke.halaman_markdown`): package-made
    Markdown whose pieces from data are escaped, shown as is (its links carry attributes)."""
    from IPython.display import Markdown, display

    from lkjip.present.lke import halaman_markdown, nilai_laporan
    display(Markdown(halaman_markdown(nilai_laporan(lap, narasi), lap)))


def cetak_saja(text: str):
    """Display prose that only print shows (PDF, DOCX): sanitised like `md`, inside Quarto's
    conditional block, so the HTML book leaves it out (the preview drops it too)."""
    from IPython.display import Markdown, display
    isi = aman.narasi(text)
    if isi:
        display(Markdown(f'::: {{.content-hidden when-format="html"}}\n{isi}\n:::'))


def md(text: str):
    """Display generated Markdown (prose with numbers) as a notebook output Quarto renders,
    sanitised by `aman.narasi`: whatever data it carries, no raw HTML, script link or Pandoc raw block."""
    from IPython.display import Markdown, display
    display(Markdown(aman.narasi(text)))


def daftar(items, bernomor: bool = True) -> str:
    """A Markdown list from items, each escaped as text (pass `aman.Markdown` for markup)."""
    return "\n".join(f"{i}. {aman.teks(x)}" if bernomor else f"- {aman.teks(x)}" for i, x in enumerate(items, start=1))


def gambar_markdown(fig, nama: str, judul: str) -> str:
    """A numbered figure as Markdown: the PNG inline (a data URI, so no file has to travel with
    the page), the caption escaped, the cross-reference id `fig-<nama>`. Quarto numbers it in
    HTML, Typst PDF and DOCX like a cell-labelled figure. Its alternative text (`fig-alt`) and,
    for the HTML book's screen readers, the list of its data points come from the chart's data
    (:mod:`lkjip.present.deskripsi`)."""
    import base64
    import io

    import matplotlib.pyplot as plt
    from lkjip.present import deskripsi
    d = deskripsi.dari(fig)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    plt.close(fig)
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    alt = deskripsi.nilai_atribut(d.alt if d else f"Grafik: {judul}")
    figure = f'![{aman.teks(judul)}](data:image/png;base64,{data}){{#fig-{nama} fig-alt="{alt}"}}'
    rincian = deskripsi.markdown_rincian(d, judul) if d else ""
    return figure + ("\n\n" + rincian if rincian else "")


def gambar(fig, absen: str | None = None, nama: str | None = None, judul: str | None = None):
    """Display a matplotlib figure and free it: with `nama` and `judul` as a numbered figure with
    its caption (`fig-<nama>`), otherwise as the cell's image. Without a figure (its data is
    absent) display the sentence `absen` instead, so no caption stands over nothing; `absen=""`
    says nothing, for a chart of the same rows as the table above it, which already said so."""
    from IPython.display import Markdown, display
    if fig is None:
        if absen != "":
            md(absen or "Data untuk grafik ini tidak tersedia.")
        return
    if nama and judul:
        display(Markdown(gambar_markdown(fig, nama, judul)))  # package-made Markdown: shown as is
        return
    import matplotlib.pyplot as plt
    display(fig)
    plt.close(fig)


def gambar_bagian(figs: list, absen: str, nama: str, judul: str):
    """Display a figure drawn in parts (a tree taller than a page): each part a numbered figure,
    `<judul> (bagian i dari n)` when there are several; the sentence `absen` when there are none."""
    if not figs:
        gambar(None, absen)
        return
    for i, fig in enumerate(figs, start=1):
        label = judul if len(figs) == 1 else f"{judul} (bagian {i} dari {len(figs)})"
        gambar(fig, nama=nama if len(figs) == 1 else f"{nama}-{i}", judul=label)


def daftar_unit(units: list) -> str:
    """The organisation as a nested Markdown list: units without `induk` at the top, others under it."""
    lines = []
    for unit in units:
        if isinstance(unit, dict):
            lines.append(("    - " if unit.get("induk") else "- ") + aman.teks(unit["nama"]))
        else:
            lines.append(f"- {aman.teks(unit)}")
    return "\n".join(lines)
