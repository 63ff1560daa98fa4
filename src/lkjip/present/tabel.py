"""Tables designed for reading, declared once and rendered to Markdown and CSV by one module.

A table is a `Spek`: its columns (`Kolom`: key, Indonesian header with the unit in it, how the value
is printed, relative width for print), the rows it shows (a function of the report), row groups
(tujuan › sasaran › indikator), subtotal and total rows. `markdown()` renders the spec as a pandoc
pipe table whose dash counts carry the relative column widths, followed by its caption with a
cross-reference id, the source and a real "Unduh CSV" link: the one Markdown form that Quarto turns
into the same table in HTML, Typst PDF and DOCX (see docs/tabel.md for the comparison).

Rows carry two layout columns besides the data: `_baris` (what the row is: `data`, `kelompok`
for a group heading, `subtotal`, `jumlah`) and `_tingkat` (indentation depth of the first column).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

import pandas as pd

from lkjip.core.exceptions import TabelError
from lkjip.present import format as fmt
from lkjip.present.aman import frame_csv
from lkjip.present.aman import teks as teks_markdown

#: What a cell prints, by column format. Numbers align right; text and codes left.
FORMAT_ANGKA = ("rupiah", "persen", "angka", "bulat", "nilai")
FORMAT_TEKS = ("teks", "kode")
FORMAT = FORMAT_ANGKA + FORMAT_TEKS
#: Total dash count of a separator row: above pandoc's 72 columns, so pandoc always reads the
#: dashes as relative widths and wraps cells instead of giving every column the same share.
LEBAR_TOTAL = 120
#: Dashes one character needs: an A4 table is about 100 characters of table text wide.
CELAH_ANGKA = LEBAR_TOTAL / 100
INDEN = "\u2003\u2003"  # two em spaces per level: survive HTML, Typst and DOCX, unlike leading spaces
NBSP = "\u00a0"
#: Longest cell of a number column kept on one line; longer ones (printed texts) wrap at spaces.
UTUH = 20
BARIS, KELOMPOK, SUBTOTAL, JUMLAH = "data", "kelompok", "subtotal", "jumlah"


def _kosong(nilai) -> bool:
    return nilai is None or (isinstance(nilai, float) and pd.isna(nilai)) or nilai is pd.NA or nilai is pd.NaT


def _rupiah(nilai) -> str:
    """Amounts under a `(Rp)` header: decimals only where the amount has them (`15.731.330.440,12`)."""
    return fmt.angka(nilai, 2 if float(nilai) % 1 else 0)


@dataclass(frozen=True)
class Kolom:
    """One column: `kunci` in the frame, `judul` as printed (unit in the header: `Pagu (Rp)`),
    `format` of its cells, `lebar` its relative width in print (text columns get the room)."""
    kunci: str
    judul: str
    format: str = "teks"
    lebar: int = 2
    desimal: int = 2
    #: Left out of print when every data row is empty or "–" (a year or a starting value the source
    #: never printed, Trenggalek's Tabel 2.1 and 3.2); the CSV keeps it. Declared per column: for
    #: most number columns "–" in every row is itself the finding.
    boleh_hilang: bool = False

    def __post_init__(self):
        if self.format not in FORMAT:
            raise TabelError(f"kolom {self.kunci!r}: format {self.format!r} tidak dikenal (pilihan: {', '.join(FORMAT)})")

    @property
    def kanan(self) -> bool:
        return self.format in FORMAT_ANGKA

    def teks(self, nilai) -> str:
        """The cell as printed, escaped for Markdown; numbers never wrap (non-breaking spaces)."""
        if _kosong(nilai) or (isinstance(nilai, str) and not nilai.strip() and self.kanan):
            return fmt.KOSONG if self.kanan else ""
        if isinstance(nilai, str) or self.format in FORMAT_TEKS or self.format == "nilai":
            text = teks_markdown(str(nilai))
        elif self.format == "rupiah":
            text = _rupiah(nilai)
        elif self.format == "persen":  # the header says `(%)`; cells carry the number only
            text = fmt.angka(nilai, self.desimal)
        elif self.format == "bulat":
            text = fmt.bulat(nilai)
        else:
            text = fmt.angka(nilai, self.desimal, tetap=False)
        # a number or a ratio (`1 : 3.171`) never wraps; a long text in a number column still may
        return text.replace(" ", NBSP) if self.kanan and len(text) <= UTUH else text

    def csv(self, nilai):
        """The CSV keeps numbers as numbers (a dot decimal, no thousands separator)."""
        return None if _kosong(nilai) or nilai == fmt.KOSONG else nilai


@dataclass(frozen=True)
class Spek:
    """A table declared once: caption, columns, the rows it shows and what is absent without them.

    `kolom` is a tuple of `Kolom`, or a function of the rows for tables whose columns are years.
    `data` turns a report into the rows. `absen` names the data in the sentence printed instead of
    an empty table: "Data {absen} tidak tersedia untuk {agency} tahun {year}."
    """
    nama: str
    judul: str
    kolom: tuple[Kolom, ...] | Callable[[pd.DataFrame], tuple[Kolom, ...]]
    data: Callable
    absen: str = ""
    sumber: str | None = None
    konteks: tuple[Kolom, ...] = ()
    #: The sentence when no rows is not "data absent" but a result (no finding): said as such.
    kalimat_kosong: str | None = None
    #: Why the table is empty when a known part of the report is absent (no budget, no Renstra in
    #: force, no scale printed): a function of the report giving the sentence a reader understands
    #: ("" says nothing: the paragraph above has said it), or None for the plain absence sentence.
    sebab_kosong: Callable | None = None

    def kolom_untuk(self, rows: pd.DataFrame) -> tuple[Kolom, ...]:
        return tuple(self.kolom(rows) if callable(self.kolom) else self.kolom)


# --- building rows -------------------------------------------------------------------------------
def kelompokkan(frame: pd.DataFrame, tingkat: Iterable[tuple[str, str]], kolom_label: str) -> pd.DataFrame:
    """Insert a heading row whenever a group value changes (outer to inner), e.g.
    `[("tujuan", "Tujuan"), ("sasaran", "Sasaran")]`: the heading `Tujuan: <text>` goes in the
    `kolom_label` column, data rows are indented under their innermost group."""
    tingkat = list(tingkat)
    rows, current = [], [object()] * len(tingkat)
    for record in frame.to_dict("records"):
        depth = 0  # levels with a value: an indicator directly under a tujuan sits one level deep
        for level, (kunci, awalan) in enumerate(tingkat):
            value = record.get(kunci)
            present = not _kosong(value) and bool(str(value).strip())
            if value != current[level]:
                current[level:] = [value] + [object()] * (len(tingkat) - level - 1)
                if present:
                    rows.append({kolom_label: f"{awalan}: {value}" if awalan else value,
                                 "_baris": KELOMPOK, "_tingkat": depth})
            depth += present
        rows.append({**record, "_baris": BARIS, "_tingkat": depth})
    return pd.DataFrame(rows)


def dengan_jumlah(frame: pd.DataFrame, kolom: Iterable[str], label_kolom: str, label: str = "Jumlah",
                  **lainnya) -> pd.DataFrame:
    """Append a total row summing `kolom` over the data rows (group headings and subtotals left out)."""
    data = frame[frame["_baris"] == BARIS] if "_baris" in frame else frame
    total = {k: data[k].sum(min_count=1) for k in kolom}
    return pd.concat([frame, pd.DataFrame([{label_kolom: label, **total, **lainnya, "_baris": JUMLAH, "_tingkat": 0}])],
                     ignore_index=True)


# --- rendering -----------------------------------------------------------------------------------
def _siapkan(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.reset_index(drop=True).copy()
    if "_baris" not in frame:
        frame["_baris"] = BARIS
    if "_tingkat" not in frame:
        frame["_tingkat"] = 0
    frame["_baris"] = frame["_baris"].fillna(BARIS)
    frame["_tingkat"] = frame["_tingkat"].fillna(0).astype(int)
    return frame


def _tebal(text: str) -> str:
    return f"**{text}**" if text and text != fmt.KOSONG else text


def _kata_terpanjang(kolom: Kolom, texts: list[str]) -> int:
    """Characters of the longest piece a column cannot wrap: a whole number cell (`1 : 27.500`),
    otherwise its longest word, header words included. ``texts``: the column's cells as printed."""
    pieces = kolom.judul.split()
    for text in texts:
        pieces += [text] if kolom.kanan and len(text) <= UTUH else text.replace("\\", "").split()
    return max((len(p) for p in pieces), default=0)


def _lebar(texts: list[list[str]], kolom: tuple[Kolom, ...]) -> list[int]:
    """Dash counts: the declared shares of `LEBAR_TOTAL`, except that no column gets less than the
    room of what it cannot wrap (a number, a unit such as `indeks`); that room is taken from the
    columns with room to spare, in proportion to their spare room."""
    total = sum(k.lebar for k in kolom)
    dashes = [LEBAR_TOTAL * k.lebar / total for k in kolom]
    need = [_kata_terpanjang(k, column) * CELAH_ANGKA + 1 for k, column in zip(kolom, texts)]
    kurang = sum(max(0.0, n - d) for n, d in zip(need, dashes))
    sisa = [max(0.0, d - n) for n, d in zip(need, dashes)]
    if kurang:
        ambil = min(1.0, kurang / sum(sisa)) if sum(sisa) else 0.0
        dashes = [max(d, n) - s * ambil for d, n, s in zip(dashes, need, sisa)]
    return [max(3, round(d)) for d in dashes]


def pipe_table(frame: pd.DataFrame, kolom: tuple[Kolom, ...]) -> str:
    """The rows as a pandoc pipe table: headers, alignment and relative widths in the dashes,
    group headings and totals in bold, the first column indented by depth."""
    frame = _siapkan(frame)
    missing = [k.kunci for k in kolom if k.kunci not in frame]
    if missing:
        raise TabelError(f"kolom tidak ada dalam data tabel: {', '.join(map(str, missing))}")
    header = "| " + " | ".join(teks_markdown(k.judul) for k in kolom) + " |"
    texts = [[k.teks(value) for value in frame[k.kunci]] for k in kolom]  # each cell formatted once
    dashes = _lebar(texts, kolom)
    align = "|" + "|".join(("-" * (d - 1) + ":") if k.kanan else (":" + "-" * (d - 1)) for k, d in zip(kolom, dashes)) + "|"
    lines = [header, align]
    for n, row in enumerate(frame.to_dict("records")):
        jenis = row["_baris"]
        cells = []
        for i, k in enumerate(kolom):
            value = row.get(k.kunci)
            text = teks_markdown(value) if i == 0 and isinstance(value, str) else texts[i][n]
            if jenis != BARIS and i > 0 and (_kosong(value) or value == ""):
                text = ""
            if jenis in (KELOMPOK, SUBTOTAL, JUMLAH):
                text = _tebal(text)
            if i == 0 and row["_tingkat"] and text:
                text = INDEN * row["_tingkat"] + text
            cells.append(text)
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def csv_frame(frame: pd.DataFrame, kolom: tuple[Kolom, ...], konteks: tuple[Kolom, ...] = ()) -> pd.DataFrame:
    """The rows a reader downloads: data, subtotal and total rows (not group headings) under the
    printed headers, numbers unformatted; the group each row belongs to (`konteks`: tujuan,
    sasaran, program) as leading columns, since a CSV has no heading rows."""
    frame = _siapkan(frame)
    frame = frame[frame["_baris"] != KELOMPOK]
    columns = [k for k in konteks if k.kunci in frame] + list(kolom)
    return pd.DataFrame({k.judul: [k.csv(v) for v in frame[k.kunci]] for k in columns})


def tulis_csv(frame: pd.DataFrame, spek: "Spek", output_dir: str | Path | None) -> Path | None:
    if not output_dir:
        return None
    path = Path(output_dir) / "tabel" / f"{spek.nama}.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    frame_csv(csv_frame(frame, spek.kolom_untuk(frame), spek.konteks)).to_csv(path, index=False)
    return path


def tautan_csv(nama: str) -> str:
    """The download link, relative to the chapter page: `tabel/<nama>.csv` next to it in the book
    and in the preview. HTML only: on paper or in a mailed PDF/DOCX a relative link is dead, so
    there the book says once where the tables can be downloaded (`prosa.kalimat_unduh`)."""
    return f'[[Unduh CSV](tabel/{nama}.csv)]{{.content-visible when-format="html"}}'



def tanpa_kolom_kosong(kolom: tuple[Kolom, ...], rows: pd.DataFrame) -> tuple[Kolom, ...]:
    """The columns to print: a text column (not the first) empty in every data row says nothing
    and is left out (Trenggalek's "Keterangan", an award list's "Pemberi"). A number column stays,
    its "–" says the figures are absent, unless it is declared `boleh_hilang` (a year no row has a
    value for). The CSV keeps every declared column."""
    rows = _siapkan(rows)
    data = rows[rows["_baris"] == BARIS]

    def kosong(k: Kolom) -> bool:
        values = data[k.kunci] if k.kunci in data else pd.Series(dtype=object)
        return all(_kosong(v) or not str(v).strip() or (k.boleh_hilang and str(v).strip() == fmt.KOSONG)
                   for v in values)
    return tuple(k for i, k in enumerate(kolom)
                 if i == 0 or (k.format not in FORMAT_TEKS and not k.boleh_hilang) or not kosong(k))


def markdown(spek: Spek, rows: pd.DataFrame, sumber: str | None = None, catatan: str | None = None) -> str:
    """Table, caption with its cross-reference id (`tbl-<nama>`), a note (Markdown the package
    wrote, e.g. a worked formula), then source and CSV link."""
    kolom = tanpa_kolom_kosong(spek.kolom_untuk(rows), rows)
    text = pipe_table(rows, kolom)
    text += f"\n\n: {teks_markdown(spek.judul)} {{#tbl-{spek.nama}}}"
    if catatan:
        text += "\n\n" + catatan
    keterangan = []
    if sumber or spek.sumber:
        keterangan.append(f"Sumber: {teks_markdown(spek.sumber or sumber)}.")
    keterangan.append(tautan_csv(spek.nama))
    return text + "\n\n" + " ".join(keterangan)


def kalimat_absen(spek: Spek, agency: str, tahun: int) -> str:
    if spek.kalimat_kosong:
        return spek.kalimat_kosong
    return f"Data {teks_markdown(spek.absen or spek.judul.lower())} tidak tersedia untuk {teks_markdown(agency)} tahun {tahun}."


@dataclass
class Hasil:
    """A rendered table: its Markdown (or the absence sentence) and whether rows were present."""
    nama: str
    markdown: str
    ada: bool
    rows: pd.DataFrame = field(repr=False, default_factory=pd.DataFrame)


def render(spek: Spek, rows: pd.DataFrame, agency: str, tahun: int, output_dir=None, sumber: str | None = None,
           catatan: str | None = None, kosong: str | None = None) -> Hasil:
    """Markdown and CSV of one table; an empty table is one sentence (``kosong`` when the caller
    knows why it is empty) and no CSV."""
    rows = _siapkan(rows) if len(rows) else rows
    if not len(rows) or not (rows["_baris"] == BARIS).any():
        return Hasil(spek.nama, kalimat_absen(spek, agency, tahun) if kosong is None else kosong, False, rows)
    tulis_csv(rows, spek, output_dir)
    return Hasil(spek.nama, markdown(spek, rows, sumber, catatan), True, rows)
