"""Reading a CSV file as its author's spreadsheet wrote it.

Analysts save CSV from Excel or LibreOffice in an Indonesian or English locale: the separator is
`,` or `;` (or a tab for "Unicode text"), numbers carry a decimal comma or point and thousands
dots, the file may start with a byte-order mark and end its lines with CRLF. All of that is
detected per file and the file is read as text cells; the loader then parses the numbers.

A spreadsheet writes every number of a file in one convention, so in a file a spreadsheet
clearly wrote (separator `;` or tab, or a byte-order mark) the unambiguous numbers tell the
decimal sign, and a lone thousands dot (`1.234` in a decimal-comma file) is read with it. A
hand-edited file gets no such help: there `1.234` stays ambiguous and the loader refuses it
with the cell named rather than guess. Things that are not CSV text at all (a workbook renamed
to .csv, a file in a legacy encoding) are refused with what they look like and how to save
them properly.
"""
from __future__ import annotations

import codecs
import csv
import io
import re
import warnings
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

import pandas as pd

from lkjip.core.exceptions import CsvTidakTerbaca, Masalah, batas

PEMISAH_NAMA = {",": "koma", ";": "titik koma", "\t": "tab"}
DESIMAL_NAMA = {",": "desimal koma", ".": "desimal titik"}
SIMPAN_ULANG = ("Simpan ulang dari Excel dengan File > Save As > 'CSV UTF-8 (Comma delimited)' "
                "(LibreOffice: Save As > Text CSV, Character set: Unicode (UTF-8))")

_SATU_KELOMPOK = re.compile(r"^[+-]?\d{1,3}([.,])\d{3}$")
_BUKTI = {
    # a decimal separator that no grouping could explain, or two or more thousands groups
    ",": (re.compile(r"^[+-]?\d+,(\d{1,2}|\d{4,})%?$"), re.compile(r"^[+-]?0,\d+%?$"),
          re.compile(r"^[+-]?\d{1,3}(\.\d{3})+,\d+%?$"), re.compile(r"^[+-]?\d{1,3}(\.\d{3}){2,}%?$")),
    ".": (re.compile(r"^[+-]?\d+\.(\d{1,2}|\d{4,})%?$"), re.compile(r"^[+-]?0\.\d+%?$"),
          re.compile(r"^[+-]?\d{1,3}(,\d{3})+\.\d+%?$"), re.compile(r"^[+-]?\d{1,3}(,\d{3}){2,}%?$")),
}


class CatatanDialek(UserWarning):
    """The file was read in a dialect other than plain UTF-8 comma CSV; said once per file."""

    untuk_analis = True  # the command line prints it as a plain note, not as a Python warning


@dataclass(frozen=True)
class Dialek:
    """How one CSV file was written."""

    pemisah: str = ","
    desimal: str | None = None  # "," or "." when the file's numbers agree; None when unknown or mixed
    bom: bool = False
    crlf: bool = False
    pengodean: str = "utf-8"

    @property
    def dari_spreadsheet(self) -> bool:
        """A spreadsheet, not a text editor, wrote this file: its numbers share one convention."""
        return self.pemisah != "," or self.bom

    @property
    def polos(self) -> bool:
        return self.pemisah == "," and not self.bom and not self.crlf and self.pengodean == "utf-8"

    def uraian(self) -> str:
        """`CSV titik koma, desimal koma, dengan BOM, akhir baris CRLF`."""
        parts = [f"CSV {PEMISAH_NAMA.get(self.pemisah, repr(self.pemisah))}"]
        if self.desimal:
            parts.append(DESIMAL_NAMA[self.desimal])
        if self.pengodean != "utf-8":
            parts.append(self.pengodean.upper())
        if self.bom:
            parts.append("dengan BOM")
        if self.crlf:
            parts.append("akhir baris CRLF")
        return ", ".join(parts)


@dataclass(frozen=True)
class BacaanCsv:
    """The text cells of one file (header stripped of spaces, empty cells as "") and its dialect."""

    frame: pd.DataFrame
    dialek: Dialek
    diselaraskan: int = 0  # cells whose lone thousands separator the dialect resolved


def _masalah(berkas: str, ditemukan: str, diharapkan: str, saran: str, baris: int | None = None) -> CsvTidakTerbaca:
    return CsvTidakTerbaca([Masalah(berkas, baris, None, ditemukan, diharapkan, saran)])


def _bukan_teks(data: bytes, berkas: str) -> CsvTidakTerbaca | None:
    """A workbook saved or renamed as .csv: zip (xlsx, ods) or OLE2 (xls) magic bytes."""
    if data.startswith(b"PK\x03\x04"):
        try:
            names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
        except zipfile.BadZipFile:
            names = set()
        jenis = ("buku kerja LibreOffice (.ods)" if "mimetype" in names and "content.xml" in names
                 else "buku kerja Excel (.xlsx)" if "[Content_Types].xml" in names else "berkas zip")
        return _masalah(berkas, f"{jenis} yang dinamai .csv", "berkas teks CSV",
                        f"{SIMPAN_ULANG}; atau impor seluruh buku kerja dengan 'lkjip excel impor'.")
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        return _masalah(berkas, "buku kerja Excel lama (.xls) yang dinamai .csv", "berkas teks CSV",
                        f"{SIMPAN_ULANG}.")
    return None


_BOM = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))


def _dekode(data: bytes, berkas: str) -> tuple[str, bool, str]:
    """Text, whether a byte-order mark was there, and the encoding; legacy encodings are refused
    with their likely name, because a guess that is wrong would garble names silently."""
    bom, encoding = next(((b, e) for b, e in _BOM if data.startswith(b)), (b"", "utf-8"))
    body = data[len(bom):]
    try:
        return body.decode(encoding), bool(bom), encoding.removesuffix("-le").removesuffix("-be")
    except UnicodeDecodeError as exc:
        baris = body[:exc.start].decode(encoding, errors="replace").count("\n") + 1
        if encoding != "utf-8":
            ditemukan = "teks UTF-16 yang rusak atau terpotong"
        else:
            try:
                contoh = body[exc.start:exc.start + 1].decode("cp1252")
                ditemukan = f"pengodean bukan UTF-8, kemungkinan Windows-1252 (ANSI Excel; '{contoh}' pada baris {baris})"
            except UnicodeDecodeError:
                ditemukan = "pengodean bukan UTF-8, kemungkinan Latin-1 (ISO-8859-1)"
        raise _masalah(berkas, ditemukan, "berkas UTF-8", f"{SIMPAN_ULANG}.", baris) from None


def _pemisah(awal: str, kolom: Iterable[str]) -> str:
    """The separator that splits the header into the most expected column names; on a tie, the one
    that gives the first lines as many fields as the header, then the most fields."""
    expected = set(kolom)
    lines = awal.splitlines()[:20]

    def skor(sep: str) -> tuple[int, int, int]:
        rows = list(csv.reader(lines, delimiter=sep))
        header = rows[0] if rows else []
        same = sum(len(row) == len(header) for row in rows[1:])
        return sum(f.strip() in expected for f in header), same, len(header)

    return max(PEMISAH_NAMA, key=skor) if lines else ","


def _desimal(frame: pd.DataFrame, kolom_angka: Iterable[str]) -> str | None:
    """The decimal sign every unambiguous number of the file agrees on, or None."""
    seen = set()
    for nama in kolom_angka:
        if nama not in frame:
            continue
        for text in set(frame[nama]):  # each distinct cell once: a budget repeats its zeros
            cell = str(text).strip().replace(" ", "")
            for sign, patterns in _BUKTI.items():
                if any(p.match(cell) for p in patterns):
                    seen.add(sign)
    return seen.pop() if len(seen) == 1 else None


#: What one data file may hold (docs/keamanan.md#limits): its size (``LKJIP_BATAS_CSV_MB``), its
#: rows (``LKJIP_BATAS_BARIS``, checked on the bytes before parsing) and the characters of a cell
#: (Excel's own limit, so every file also fits the workbook).
BATAS_CSV_MB = 20
BATAS_BARIS = 50_000
BATAS_SEL = 32_767


def baca_csv(path: str | Path, kolom: Iterable[str] = (), kolom_angka: Iterable[str] = (),
             berkas: str | None = None) -> BacaanCsv:
    """Read one CSV file as text cells in whatever dialect a spreadsheet wrote it.

    ``kolom`` are the expected column names (they pick the separator), ``kolom_angka`` the
    numeric ones (they tell the decimal sign). Raises CsvTidakTerbaca naming the file; emits a
    CatatanDialek warning once when the dialect is not plain UTF-8 comma CSV.
    """
    path = Path(path)
    berkas = berkas or path.name
    kolom, kolom_angka = list(kolom), list(kolom_angka)
    batas_mb = batas("LKJIP_BATAS_CSV_MB", BATAS_CSV_MB)
    size = path.stat().st_size
    if size > batas_mb * 2**20:
        raise _masalah(berkas, f"berkas {size // 2**20} MB", f"paling besar {batas_mb} MB per berkas data",
                       "Periksa bahwa ini berkas yang benar (bukan ekspor seluruh sistem); bila datanya memang "
                       "sebesar itu, naikkan batasnya dengan LKJIP_BATAS_CSV_MB=<MB>.")
    data = path.read_bytes()
    refused = _bukan_teks(data, berkas)
    if refused:
        raise refused
    batas_baris = batas("LKJIP_BATAS_BARIS", BATAS_BARIS)
    lines = data.count(b"\n")
    if lines > batas_baris + 1:  # counted before parsing: a million rows took 2 GB and 73 s
        raise _masalah(berkas, f"sekitar {lines - 1:,} baris".replace(",", "."),
                       f"paling banyak {batas_baris:,} baris data per berkas".replace(",", "."),
                       "Hapus baris yang bukan data laporan ini; bila memang sebanyak itu, naikkan batasnya "
                       "dengan LKJIP_BATAS_BARIS=<baris>.")
    text, bom, pengodean = _dekode(data, berkas)
    crlf = text.split("\n", 1)[0].endswith("\r")
    sep = _pemisah(text[:20000], kolom)
    try:
        frame = pd.read_csv(io.StringIO(text), sep=sep, dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise _masalah(berkas, f"CSV tidak terbaca ({str(exc).strip()})",
                       f"CSV dipisah {PEMISAH_NAMA[sep]} dengan baris judul",
                       "Periksa tanda kutip dan jumlah kolom.") from None
    frame.columns = [str(c).strip() for c in frame.columns]
    for nama in frame.columns:
        panjang = frame[nama].str.len()
        if len(panjang) and panjang.max() > BATAS_SEL:
            row = int(panjang.idxmax()) + 2
            raise CsvTidakTerbaca([Masalah(berkas, row, nama, f"sel sepanjang {int(panjang.max()):,} karakter"
                                           .replace(",", "."),
                                           f"paling banyak {BATAS_SEL:,} karakter per sel".replace(",", "."),
                                           "Perpendek isinya (batas sel Excel juga).")])
    dialek = Dialek(sep, _desimal(frame, kolom_angka), bom, crlf, pengodean)
    diselaraskan = 0
    if dialek.dari_spreadsheet and dialek.desimal:
        ribuan = "." if dialek.desimal == "," else ","
        for nama in (k for k in kolom_angka if k in frame):
            def selaras(cell: str) -> str:
                match = _SATU_KELOMPOK.match(cell.strip())
                return cell.strip().replace(ribuan, "") if match and match.group(1) == ribuan else cell
            resolved = frame[nama].map(selaras)
            diselaraskan += int((resolved != frame[nama]).sum())
            frame[nama] = resolved
    if not dialek.polos:
        warnings.warn(CatatanDialek(f"{path}: dibaca sebagai {dialek.uraian()}"), stacklevel=2)
    return BacaanCsv(frame, dialek, diselaraskan)


def teks_csv(rows: list[list[str]]) -> str:
    """Rows as the one CSV form every writer of data files uses (the canonical form): UTF-8,
    comma-separated, ``\n`` line ends, a field quoted only when it must be (a comma, a quote or a line
    break in it). One writer for
    ``dinas-baru``, ``excel impor`` and ``migrasi``, so a file written twice is the same bytes and
    a test can hold every shipped file in this form (:func:`kanonik`)."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_MINIMAL).writerows(
        [[_sel(c) for c in row] for row in rows])
    return out.getvalue()


def _sel(cell) -> str:
    return "" if cell is None else str(cell)


def baris_csv(data: bytes) -> list[list[str]]:
    """The rows of a CSV file's bytes as its author wrote them (BOM, UTF-16, separator `,` `;` or tab,
    any quoting), cells as text; raises CsvTidakTerbaca for what is not CSV text."""
    refused = _bukan_teks(data, "berkas")
    if refused:
        raise refused
    text, _, _ = _dekode(data, "berkas")
    first = text.split("\n", 1)[0]
    sep = max(PEMISAH_NAMA, key=lambda s: len(next(csv.reader([first], delimiter=s), [])))
    return [row for row in csv.reader(io.StringIO(text, newline=""), delimiter=sep)]


def kanonik(data: bytes) -> str:
    """The canonical form (:func:`teks_csv`) of a CSV file's bytes: same cells, one spelling."""
    return teks_csv(baris_csv(data))


def isi_sama(path: str | Path, text: str) -> bool:
    """Whether the file at ``path`` holds exactly the cells of the canonical ``text`` (whatever its
    quoting, separator or line ends): such a file need not be written again."""
    path = Path(path)
    if not path.is_file():
        return False
    try:
        return kanonik(path.read_bytes()) == text
    except CsvTidakTerbaca:
        return False


def tulis_csv(path: str | Path, rows: list[list[str]]) -> bool:
    """Write rows to ``path`` in the canonical form, atomically; a file whose cells are already the
    same is left as it is, whatever its quoting, so rewriting unchanged data changes no byte.
    Returns whether the file was written."""
    from lkjip.core.berkas import write_atomically

    path, text = Path(path), teks_csv(rows)
    if isi_sama(path, text):
        return False
    write_atomically(path, text)
    return True
