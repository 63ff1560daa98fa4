"""The project's own exceptions: every failure a user can cause ends in one of these.

They carry a message written for the analyst (file, row, column, what was expected, how to
fix it), so the command line can print it instead of a traceback.
"""
from __future__ import annotations

from dataclasses import dataclass


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


class DataError(LkjipError):
    """The data of an agency does not meet its schema; lists every problem at once."""

    def __init__(self, masalah: list[Masalah]):
        self.masalah = list(masalah)
        lines = [f"{len(self.masalah)} masalah pada data:"]
        lines += [f"  - {m}" for m in self.masalah]
        super().__init__("\n".join(lines))


class ParamsError(LkjipError):
    """A params file is missing, unreadable or names an unknown agency or year."""


class NarasiError(LkjipError):
    """A narrative file cannot be rendered (unknown name, forbidden syntax)."""


class BuildError(LkjipError):
    """A report could not be built; the previous output was left in place."""
