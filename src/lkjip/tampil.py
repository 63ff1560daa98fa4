"""Showing tables in chapter notebooks: Indonesian formatting on screen, raw numbers in a CSV.

Each table is displayed as a Markdown pipe table (what Quarto numbers and captions) and written
as CSV under `<output_dir>/tabel/` so a reader can download the numbers behind it.
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable

import pandas as pd

from . import aman
from . import format as fmt

Kolom = tuple[str, str, Callable | None]  # column, label, formatter


def _sel(value, formatter) -> str:
    if formatter is not None:
        text = formatter(value)
    elif value is None or (isinstance(value, float) and pd.isna(value)):
        text = fmt.KOSONG
    else:
        text = value  # aman.teks keeps the package's own aman.Markdown, escapes everything else
    return aman.teks(text)


def markdown(frame: pd.DataFrame, kolom: list[Kolom]) -> str:
    """A pipe table; numeric formatters right-align their column."""
    header = "| " + " | ".join(label for _, label, _ in kolom) + " |"
    align = "|" + "|".join("---:" if f is not None and f is not str else ":---" for _, _, f in kolom) + "|"
    rows = ["| " + " | ".join(_sel(row[c], f) for c, _, f in kolom) + " |" for _, row in frame.iterrows()]
    return "\n".join([header, align, *rows])


def simpan_csv(frame: pd.DataFrame, nama: str, output_dir: str | Path | None) -> Path | None:
    if not output_dir:
        return None
    path = Path(output_dir) / "tabel" / f"{nama}.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    frame.to_csv(path, index=False)
    return path


def tabel(frame: pd.DataFrame, kolom: list[Kolom], nama: str, output_dir: str | Path | None = None,
          sumber: str | None = None):
    """Display a table and write its CSV. `nama` names the CSV (`tabel/<nama>.csv`)."""
    from IPython.display import Markdown, display

    simpan_csv(frame[[c for c, _, _ in kolom]].rename(columns={c: l for c, l, _ in kolom}), nama, output_dir)
    text = markdown(frame, kolom)
    if sumber:
        text += f"\n\n*Sumber: {aman.teks(sumber)}. Unduh: `tabel/{nama}.csv`.*"
    display(Markdown(text))


def md(text: str):
    """Display generated Markdown (prose with numbers) as a notebook output Quarto renders,
    sanitised by `aman.narasi`: whatever data it carries, no raw HTML, script link or Pandoc raw block."""
    from IPython.display import Markdown, display
    display(Markdown(aman.narasi(text)))


def daftar(items, bernomor: bool = True) -> str:
    """A Markdown list from items, each escaped as text (pass `aman.Markdown` for markup)."""
    return "\n".join(f"{i}. {aman.teks(x)}" if bernomor else f"- {aman.teks(x)}" for i, x in enumerate(items, start=1))


def gambar(fig):
    """Display a matplotlib figure as the cell's output and free it."""
    import matplotlib.pyplot as plt
    from IPython.display import display
    display(fig)
    plt.close(fig)


def kosong(pesan: str) -> pd.DataFrame:
    """A one-row table saying the data is missing, so a captioned table cell is never empty."""
    return pd.DataFrame({"keterangan": [pesan]})


def daftar_unit(units: list) -> str:
    """The organisation as a nested Markdown list: units without `induk` at the top, others under it."""
    lines = []
    for unit in units:
        if isinstance(unit, dict):
            lines.append(("    - " if unit.get("induk") else "- ") + aman.teks(unit["nama"]))
        else:
            lines.append(f"- {aman.teks(unit)}")
    return "\n".join(lines)
