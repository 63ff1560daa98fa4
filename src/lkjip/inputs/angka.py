"""Reading numbers as analysts type them: Indonesian (`1.234.567,89`) or Western (`1,234,567.89`).

A reading is accepted only when it is unambiguous. `1.234` could be one thousand two hundred
thirty-four (Indonesian grouping) or one point two three four (Western decimal), so it is
refused with a hint rather than guessed: a wrong guess would silently change a figure by a
factor of a thousand.
"""
from __future__ import annotations

import re

from lkjip.core.exceptions import AngkaTidakSah

# re.ASCII: `\d` is 0-9 only; other scripts' digits are refused with their own message
_PLAIN_INT = re.compile(r"^\d+$", re.ASCII)
_DECIMAL = re.compile(r"^(\d+)([.,])(\d+)$", re.ASCII)
_ID_GROUPED = re.compile(r"^\d{1,3}(?:\.\d{3})+(?:,\d+)?$", re.ASCII)
_WEST_GROUPED = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$", re.ASCII)


def angka_bukan_ascii(teks: str) -> bool:
    """Whether a text holds digits other than 0-9 (Arabic-Indic, full-width, superscript...)."""
    return any(ch.isdigit() and not "0" <= ch <= "9" for ch in str(teks))


def _clean(teks: str) -> str:
    text = teks.strip().replace("\u00a0", " ")
    text = re.sub(r"^Rp\.?\s*", "", text, flags=re.IGNORECASE)
    text = text.rstrip("%").strip()
    text = re.sub(r"^([-+])\s+", r"\1", text)
    return text.replace(" ", "")


def parse_angka(teks: str, rupiah: bool = False) -> float | None:
    """Parse one cell; empty means "not printed" and gives None.

    Raises AngkaTidakSah for text that is not a number or whose reading is ambiguous. In a
    rupiah column a lone separator before three digits (`600.000`, `600,000`) can only mean
    thousands, since no budget line is six hundred rupiah, so it is read that way.
    """
    if teks is None:
        return None
    if isinstance(teks, str) and _PLAIN_INT.match(teks):  # most cells: digits only, nothing to clean
        return float(teks)
    text = _clean(str(teks))
    if text == "":
        return None
    if angka_bukan_ascii(text):
        raise AngkaTidakSah(teks, "memuat angka selain 0-9 (mis. angka Arab, lebar penuh atau pangkat)",
                            "Ketik ulang angkanya dengan angka 0-9 biasa")
    sign = 1.0
    if text[0] in "+-":
        sign = -1.0 if text[0] == "-" else 1.0
        text = text[1:]
    if _PLAIN_INT.match(text):
        return sign * float(text)
    decimal = _DECIMAL.match(text)
    if decimal:
        whole, sep, frac = decimal.groups()
        if len(frac) == 3 and not whole.startswith("0") and len(whole) <= 3:
            if rupiah:
                return sign * float(whole + frac)
            thousands = "." if sep == "." else ","
            raise AngkaTidakSah(
                teks,
                f"tanda '{thousands}' bisa berarti pemisah ribuan atau desimal",
                f"Tulis {whole}{frac} untuk ribuan, atau {whole}{sep}{frac}0 untuk desimal",
            )
        return sign * float(f"{whole}.{frac}")
    if _ID_GROUPED.match(text):
        return sign * float(text.replace(".", "").replace(",", "."))
    if _WEST_GROUPED.match(text):
        return sign * float(text.replace(",", ""))
    raise AngkaTidakSah(
        teks,
        "bukan angka",
        "Tulis angka seperti 1.234.567,89 (Indonesia) atau 1,234,567.89 (Barat), tanpa huruf",
    )


def desimal_tercetak(teks: str) -> int:
    """How many decimals a printed figure shows (`99,52` -> 2), for a fair comparison."""
    text = _clean(str(teks)).lstrip("+-")
    if _ID_GROUPED.match(text):
        return len(text.split(",")[1]) if "," in text else 0
    if _WEST_GROUPED.match(text):
        return len(text.split(".")[1]) if "." in text else 0
    decimal = _DECIMAL.match(text)
    return len(decimal.group(3)) if decimal else 0
