"""The project's own exceptions: every failure a user can cause ends in one of these.

They carry a message written for the analyst (file, row, column, what was expected, how to
fix it), so the command line can print it instead of a traceback.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


class LkjipError(Exception):
    """Base of every error this package raises on purpose."""


@dataclass(frozen=True)
class Masalah:
    """One problem found in the input data."""

    berkas: str
    baris: int | None
    kolom: str | None
    ditemukan: str
    diharapkan: str
    saran: str = ""

    def __str__(self) -> str:
        where = self.berkas
        if self.baris is not None:
            where += f", baris {self.baris}"
        if self.kolom:
            where += f", kolom '{self.kolom}'"
        text = f"{where}: ditemukan {self.ditemukan}; diharapkan {self.diharapkan}"
        if self.saran:
            text += f". {self.saran}"
        return text


#: Problems a message lists before "dan M masalah lainnya" (all stay in ``DataError.masalah``);
#: the environment variable ``LKJIP_BATAS_MASALAH`` raises it (``0``: list every one).
BATAS_MASALAH = 50


def batas_masalah() -> int:
    import os

    try:
        return max(0, int(os.environ.get("LKJIP_BATAS_MASALAH", BATAS_MASALAH)))
    except ValueError:
        return BATAS_MASALAH


def batas(nama: str, bawaan: int) -> int:
    """A limit of what lkjip reads: the environment variable ``nama`` when it is a positive whole
    number, else ``bawaan`` (every limit and its variable: docs/keamanan.md#limits)."""
    import os

    try:
        value = int(os.environ.get(nama, bawaan))
    except ValueError:
        return bawaan
    return value if value > 0 else bawaan


class DataError(LkjipError):
    """The data of an agency does not meet its schema; finds every problem at once and lists the
    first :data:`BATAS_MASALAH` (a million broken rows make a message one can read, not gigabytes)."""

    def __init__(self, masalah: list[Masalah]):
        self.masalah = list(masalah)
        batas = batas_masalah() or len(self.masalah)
        lines = [f"{len(self.masalah)} masalah pada data:"]
        lines += [f"  - {m}" for m in self.masalah[:batas]]
        if len(self.masalah) > batas:
            lines.append(f"  ... dan {len(self.masalah) - batas} masalah lainnya (perbaiki yang di atas dulu; "
                         "LKJIP_BATAS_MASALAH=0 menampilkan semuanya)")
        super().__init__("\n".join(lines))


class ParamsError(LkjipError):
    """A params file is missing, unreadable or names an unknown agency or year."""


class NarasiError(LkjipError):
    """A narrative file cannot be rendered (unknown name, forbidden syntax)."""


class BuildError(LkjipError):
    """A report could not be built; the previous output was left in place."""


class Dihentikan(KeyboardInterrupt):
    """The build was stopped by SIGTERM; raised in the main thread like Ctrl-C's KeyboardInterrupt,
    so the same cleanup runs."""


class AngkaTidakSah(ValueError):
    """The text is not a number, or not an unambiguous one; `saran` says how to write it."""

    def __init__(self, teks: str, alasan: str, saran: str):
        self.teks, self.alasan, self.saran = teks, alasan, saran
        super().__init__(f"{teks!r}: {alasan}. {saran}")


class CsvTidakTerbaca(DataError):
    """The file is not CSV text a spreadsheet could have written (workbook, legacy encoding, broken quoting)."""


class ExcelError(LkjipError):
    """A workbook cannot be written or read (missing file, not a workbook, no agency folder)."""


class BukuKerjaTidakSah(DataError):
    """The workbook breaks the data rules; each problem names its sheet and cell. Nothing was written."""

    def __init__(self, buku: Path, masalah: list[Masalah]):
        super().__init__(masalah)
        self.args = (f"{buku}: tidak diimpor, tidak ada berkas yang ditulis.\n{self.args[0]}",)


class SiklusError(LkjipError):
    """A new year or a new agency cannot be prepared (it exists already, a bad name)."""


class TabelError(LkjipError):
    """A table spec or its data do not fit together (a programming error, named for the developer)."""


class LkeError(LkjipError):
    """The package's criteria file of the SAKIP evaluation (LKE) is malformed (a packaging error,
    named for the developer)."""


class WordError(BuildError):
    """The reference document could not be written or a rendered DOCX could not be read."""


class MigrasiError(LkjipError):
    """A data folder could not be upgraded to the current format; nothing was written."""
