"""Excel in, Excel out: one workbook per agency for analysts who keep their figures in Excel.

``tulis_buku_kerja`` writes a sheet per data file with the same columns (header comments say
what a column holds and what it accepts, drop-down lists for closed vocabularies, codes of other
sheets and the plan's years, Indonesian number formats) and a "Petunjuk" sheet.
``impor_buku_kerja`` reads a workbook back: every sheet is written as CSV into a scratch folder laid out like
``data/<slug>/`` and loaded by the same loader ``lkjip periksa`` uses, so the rules and messages
are the same; problems are re-addressed to the sheet and cell (``anggaran!F17``). Only a clean
workbook replaces the agency's CSV files, all at once; on any problem nothing is written.

The CSV files stay the source of truth. A number goes into its cell as a number whose format
spells it back exactly as the CSV does (`1.234.567,00`, `2,23`, `99,52%`, and `6.80` under an
English locale tag), so export then import gives the same bytes; any other spelling (`007`,
`Rp 1.000`, the ambiguous `1.234`) stays text.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import difflib
import re
import shutil
import tempfile
import warnings
import zipfile
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Iterable

import yaml
from openpyxl import Workbook, load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from lkjip.core.berkas import bisa_jadi_rumus, jenis_ole2
from lkjip.core.exceptions import BukuKerjaTidakSah, DataError, ExcelError, Masalah, batas
from lkjip.inputs.dialek import CatatanDialek, baca_csv, isi_sama, teks_csv
from lkjip.inputs.skema import SKEMA, Kolom, Skema
from lkjip.inputs.yaml_aman import muat_yaml

LEMBAR_PETUNJUK = "Petunjuk"
LEMBAR_DAFTAR = "daftar"  # hidden: the drop-down lists
BARIS_VALIDASI = 2000  # rows a drop-down covers below the header
#: LibreOffice shows a format tagged with the Indonesian locale (LCID 0421) as `1.234.567,00`
#: whatever the computer's locale (Excel uses the computer's separators); the English tag (0409)
#: marks a number the CSV spells the Western way.
LOKAL_ID = "[$-421]"
LOKAL_EN = "[$-409]"
JENIS_ANGKA = ("angka", "rupiah")
#: The most characters Excel keeps in a cell (it cuts a longer text when it opens the file).
BATAS_SEL_EXCEL = 32_767


# --- numbers ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class BentukAngka:
    """How a number is spelled: decimals shown, thousands grouping, a trailing `%`, and whether the
    CSV spells it the Western way (`6.80`), which the cell's format keeps as the English locale
    tag so that import writes it back the same way."""

    desimal: int = 0
    kelompok: bool = False
    persen: bool = False
    barat: bool = False

    @property
    def format_excel(self) -> str:
        base = "#,##0" if self.kelompok else "0"
        return ((LOKAL_EN if self.barat else LOKAL_ID) + base
                + ("." + "0" * self.desimal if self.desimal else "") + ('"%"' if self.persen else ""))

    def tulis(self, value: float) -> str:
        text = f"{value:,.{self.desimal}f}" if self.kelompok else f"{value:.{self.desimal}f}"
        if not self.barat:
            text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
        return text + ("%" if self.persen else "")

    @classmethod
    def dari_format(cls, number_format: str, value: float) -> tuple[float, "BentukAngka"]:
        """The value to write and the spelling an Excel number format asks for; `General` shows
        what the number needs; a percent format (`0,00%`) shows the value times 100."""
        section = number_format.split(";")[0]
        barat = LOKAL_EN in section
        persen_teks = '"%"' in section
        code = re.sub(r"\[[^\]]*\]|\"[^\"]*\"", "", section)
        if "%" in code:
            value, persen_teks = value * 100, True
        if "0" not in code and "#" not in code:
            exponent = Decimal(repr(float(value))).normalize().as_tuple().exponent
            return value, cls(max(0, -int(exponent)), False, persen_teks, barat)
        decimals = len(re.search(r"\.([0#]*)", code).group(1)) if "." in code else 0
        return value, cls(decimals, "," in code.split(".")[0], persen_teks, barat)


_POLA = (  # (pattern, grouped, Western)
    (re.compile(r"^-?\d+(?:,(\d+))?%?$"), False, False),
    (re.compile(r"^-?\d{1,3}(?:\.\d{3})+(?:,(\d+))?%?$"), True, False),
    (re.compile(r"^-?\d+(?:\.(\d+))?%?$"), False, True),
    (re.compile(r"^-?\d{1,3}(?:,\d{3})+(?:\.(\d+))?%?$"), True, True),
)


_SATU_KELOMPOK = re.compile(r"^-?[1-9]\d{0,2}[.,]\d{3}%?$")


def bentuk_teks(teks: str) -> tuple[float, BentukAngka] | None:
    """The number and spelling of a text this module writes back exactly, else None. `1.234` and
    `1,234` stay text: as a cell they would have to pick one of their two readings."""
    if _SATU_KELOMPOK.match(teks):
        return None
    for pattern, kelompok, barat in _POLA:
        match = pattern.match(teks)
        if match:
            bentuk = BentukAngka(len(match.group(1) or ""), kelompok, teks.endswith("%"), barat)
            plain = teks.rstrip("%")
            plain = plain.replace(",", "") if barat else plain.replace(".", "").replace(",", ".")
            value = float(plain)
            if bentuk.tulis(value) == teks:
                return value, bentuk
    return None


# --- descriptions ----------------------------------------------------------------------------

@lru_cache(maxsize=1)
def keterangan_kolom() -> dict[str, dict[str, str]]:
    """Indonesian description of every column (keterangan_kolom.yml)."""
    text = resources.files("lkjip.inputs").joinpath("keterangan_kolom.yml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


def _aturan(skema: Skema, kolom: Kolom) -> list[str]:
    rules = ["wajib diisi" if kolom.wajib else "boleh kosong"]
    rules.append({"angka": "angka (1.234,5)", "rupiah": "rupiah (1.234.567,00)", "tahun": "tahun (2023)"}
                 .get(kolom.jenis, "teks"))
    if kolom.pilihan:
        rules.append("pilihan: " + ", ".join(kolom.pilihan))
    for ruj in skema.rujukan:
        if ruj.kolom == kolom.nama:
            bila = f" (bila {ruj.bila[0]} {'/'.join(ruj.bila[1])})" if ruj.bila else ""
            rules.append(f"harus ada di lembar {ruj.berkas[:-4]} kolom {ruj.kolom_tujuan}{bila}")
    if kolom.nama in skema.kunci:
        rules.append("bersama " + ", ".join(skema.kunci) + " unik per baris" if len(skema.kunci) > 1
                     else "unik per baris")
    return rules


def _komentar(skema: Skema, kolom: Kolom) -> str:
    desc = keterangan_kolom().get(skema.berkas, {}).get(kolom.nama, "lihat data/README.md")
    return f"{kolom.nama}: {desc}.\n" + "; ".join(_aturan(skema, kolom)) + "."


def _nama_lembar(nama: str) -> str:
    """A sheet name as an Excel address writes it: quoted only when it must be."""
    return nama if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", nama) else quote_sheetname(nama)


# --- export ----------------------------------------------------------------------------------

def _baca_teks(folder: Path | None, skema: Skema) -> list[dict[str, str]]:
    """The cells of one data file exactly as written (empty when there is no file)."""
    path = folder / skema.berkas if folder else None
    if path is None or not path.is_file():
        return []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CatatanDialek)
        frame = baca_csv(path, skema.nama_kolom, [k.nama for k in skema.kolom if k.jenis in JENIS_ANGKA],
                         berkas=skema.berkas).frame
    return frame.to_dict("records")


def _tahun_rencana(profil: dict, rows: dict[str, list[dict]], tahun: Iterable[int]) -> list[int]:
    years = set(tahun)
    from lkjip.inputs.rencana import baca_rencana
    for renstra in baca_rencana(profil, "renstra"):  # every plan period, with its baseline year
        years |= set(range(renstra.awal - 1, renstra.akhir + 1))
    for skema in SKEMA.values():
        for kolom in (k for k in skema.kolom if k.jenis == "tahun"):
            years |= {int(r[kolom.nama]) for r in rows[skema.berkas] if str(r.get(kolom.nama, "")).isdigit()}
    return sorted(years)


#: Units offered in every `satuan` drop-down besides those the agency's data already uses.
SATUAN_UMUM = ("%", "indeks", "rasio", "orang", "jiwa", "dokumen", "laporan", "kegiatan", "lembaga", "unit")


def _satuan(rows: dict[str, list[dict]]) -> list[str]:
    """The units a `satuan` cell is offered: the common ones, then the data's own; others warn."""
    found = {str(r["satuan"]).strip() for recs in rows.values() for r in recs if str(r.get("satuan") or "").strip()}
    return list(SATUAN_UMUM) + sorted(found - set(SATUAN_UMUM), key=str.lower)


def _isi_sel(cell, kolom: Kolom, teks: str) -> None:
    if teks == "":
        return
    if kolom.jenis in JENIS_ANGKA:
        bentuk = bentuk_teks(teks)
        if bentuk:
            cell.value, cell.number_format = bentuk[0], bentuk[1].format_excel
            return
    elif kolom.jenis == "tahun" and teks.isdigit() and len(teks) == 4:
        cell.value, cell.number_format = int(teks), "0"
        return
    _teks_ke_sel(cell, teks)
    cell.number_format = "@"


def _ribuan(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def _teks_ke_sel(cell, teks: str) -> None:
    """A text into a cell as a typed string, never a formula: openpyxl would store a value starting
    with ``=`` as one. A text a spreadsheet could take for a formula once someone edits the cell
    (:func:`lkjip.core.berkas.bisa_jadi_rumus`) is marked as Excel marks a typed ``'=…``
    (``quotePrefix``), so it stays text; the value itself is unchanged and imports back as typed."""
    if len(teks) > BATAS_SEL_EXCEL:
        raise ExcelError(f"sel {_nama_lembar(cell.parent.title)}!{cell.coordinate}: {_ribuan(len(teks))} karakter, "
                         f"lebih dari batas Excel {_ribuan(BATAS_SEL_EXCEL)} karakter per sel; Excel akan "
                         "memotongnya. Perpendek isian itu di berkas CSV-nya; buku kerja tidak ditulis.")
    cell.value = teks
    cell.data_type = "s"
    if bisa_jadi_rumus(teks):
        cell.quotePrefix = True


def _nilai_ke_sel(cell, value) -> None:
    """A value the package writes (a list item, a heading): a number as a number, a text as text."""
    if isinstance(value, str):
        _teks_ke_sel(cell, value)
    else:
        cell.value = value


def _daftar(wb: Workbook, lists: dict[str, list]) -> dict[str, str]:
    """Write each list into a column of the hidden sheet; returns name -> absolute range."""
    ws = wb.create_sheet(LEMBAR_DAFTAR)
    ws.sheet_state = "hidden"
    ranges = {}
    for col, (name, values) in enumerate(lists.items(), start=1):
        _nilai_ke_sel(ws.cell(1, col), name)
        for row, value in enumerate(values, start=2):
            _nilai_ke_sel(ws.cell(row, col), value)
        letter = get_column_letter(col)
        ranges[name] = f"{_nama_lembar(LEMBAR_DAFTAR)}!${letter}$2:${letter}${max(2, len(values) + 1)}"
    return ranges


def _validasi(ws, skema: Skema, ranges: dict[str, str], posisi: dict[str, dict[str, int]]) -> None:
    for col, kolom in enumerate(skema.kolom, start=1):
        letter = get_column_letter(col)
        area = f"{letter}2:{letter}{BARIS_VALIDASI + 1}"
        formula, style, title = None, "stop", kolom.nama
        if kolom.pilihan:
            formula = ranges[f"{skema.berkas[:-4]}.{kolom.nama}"]
        elif kolom.jenis == "tahun":
            formula, style = ranges["tahun"], "warning"
        elif kolom.nama == "satuan":
            formula, style = ranges["satuan"], "warning"
        else:
            refs = [r for r in skema.rujukan if r.kolom == kolom.nama and r.bila is None]
            if refs:
                target = refs[0]
                tcol = get_column_letter(posisi[target.berkas][target.kolom_tujuan])
                sheet = _nama_lembar(target.berkas[:-4])
                formula, style = f"{sheet}!${tcol}$2:${tcol}${BARIS_VALIDASI + 1}", "warning"
        if formula is None:
            continue
        dv = DataValidation(type="list", formula1=formula, allow_blank=not kolom.wajib, errorStyle=style,
                            showErrorMessage=True, showDropDown=False, errorTitle=title,
                            error="; ".join(_aturan(skema, kolom)))
        dv.add(area)
        ws.add_data_validation(dv)


def _petunjuk(ws, tahun: list[int], dinas: str | None) -> None:
    ws.column_dimensions["A"].width = 24
    ws.column_dimensions["B"].width = 22
    ws.column_dimensions["C"].width = 90
    lines = [
        ("Buku kerja data LKjIP" + (f": {dinas}" if dinas else " (dinas baru, masih kosong)"), None, None),
        ("Satu lembar per berkas data (data/<dinas>/<nama>.csv). Baris 1 adalah nama kolom: jangan diubah. "
         "Arahkan tetikus ke judul kolom untuk keterangannya. Sel berdaftar pilihan menawarkan isian yang sah.", None, None),
        ("Angka ditulis sebagai angka (1.234.567,00); sel kosong berarti tidak tercetak. "
         "profil.yaml tidak ada di buku kerja ini: ubah berkas YAML itu langsung.", None, None),
        ("Setelah diisi: lkjip excel impor <buku.xlsx> --dinas <slug>. Seluruh buku kerja diperiksa dulu "
         "dengan aturan lkjip periksa; bila ada masalah, tiap masalah disebut dengan lembar dan selnya "
         "(mis. anggaran!F17) dan tidak ada berkas yang ditulis.", None, None),
        ("Tahun rencana: " + (", ".join(map(str, tahun)) or "-"), None, None),
        (None, None, None),
        ("lembar", "kolom", "keterangan dan aturan"),
    ]
    for skema in SKEMA.values():
        for kolom in skema.kolom:
            desc = keterangan_kolom().get(skema.berkas, {}).get(kolom.nama, "lihat data/README.md")
            lines.append((skema.berkas[:-4] + ("" if skema.wajib_ada else " (boleh kosong)"), kolom.nama,
                          f"{desc}. " + "; ".join(_aturan(skema, kolom)) + "."))
    for row, values in enumerate(lines, start=1):
        for col, value in enumerate(values, start=1):
            if value is not None:
                cell = ws.cell(row, col)
                _nilai_ke_sel(cell, value)
                cell.alignment = Alignment(wrap_text=True, vertical="top")
        if row > 7:  # spreadsheets do not grow a wrapped row by themselves when opening a file
            ws.row_dimensions[row].height = 15 * (1 + len(values[2]) // 95)
    ws["A1"].font = Font(bold=True, size=14)
    for col in range(1, 4):
        ws.cell(7, col).font = Font(bold=True)
    ws.merge_cells("A1:C1")
    ws.row_dimensions[1].height = 22
    for row in range(2, 6):
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=3)
        ws.row_dimensions[row].height = 15 * (1 + len(lines[row - 1][0]) // 110)


def _cetak_selebar_halaman(ws) -> None:
    """Printed (or exported to PDF) landscape, every column on one page width."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.print_title_rows = "1:1" if ws.title != LEMBAR_PETUNJUK else None


def tulis_buku_kerja(keluaran: str | Path, folder: str | Path | None = None, *, profil: dict | None = None,
                     tahun: Iterable[int] = ()) -> Path:
    """Write the workbook of an agency folder (``folder``: ``data/<slug>``), or an empty one for a
    new agency when ``folder`` is None. ``tahun`` adds years to the plan's years of the drop-downs
    (the profile's renstra period and every year in the data are there already)."""
    folder = Path(folder) if folder is not None else None
    if profil is None and folder is not None and (folder / "profil.yaml").is_file():
        try:
            profil = muat_yaml((folder / "profil.yaml").read_text(encoding="utf-8-sig")) or {}
        except (yaml.YAMLError, UnicodeDecodeError):
            profil = {}  # the export still writes the data sheets; periksa names the profile
    rows = {s.berkas: _baca_teks(folder, s) for s in SKEMA.values()}
    years = _tahun_rencana(profil if isinstance(profil, dict) else {}, rows, tahun)
    wb = Workbook()
    _petunjuk(wb.active, years, folder.name if folder is not None else None)
    wb.active.title = LEMBAR_PETUNJUK
    posisi = {s.berkas: {k.nama: i for i, k in enumerate(s.kolom, start=1)} for s in SKEMA.values()}
    header_fill = PatternFill("solid", fgColor="DDEBF7")
    sheets = {}
    for skema in SKEMA.values():
        ws = wb.create_sheet(skema.berkas[:-4])
        sheets[skema.berkas] = ws
        for col, kolom in enumerate(skema.kolom, start=1):
            cell = ws.cell(1, col)
            _teks_ke_sel(cell, kolom.nama)
            cell.font, cell.fill = Font(bold=True), header_fill
            cell.comment = Comment(_komentar(skema, kolom), "lkjip", width=320, height=160)
            width = max([len(kolom.nama)] + [len(str(r.get(kolom.nama, ""))) for r in rows[skema.berkas]])
            ws.column_dimensions[get_column_letter(col)].width = min(60, max(10, width + 2))
            if kolom.jenis not in JENIS_ANGKA + ("tahun",):
                ws.column_dimensions[get_column_letter(col)].number_format = "@"
        for row, record in enumerate(rows[skema.berkas], start=2):
            for col, kolom in enumerate(skema.kolom, start=1):
                _isi_sel(ws.cell(row, col), kolom, str(record.get(kolom.nama, "") or ""))
        ws.freeze_panes = "A2"
    lists = {"tahun": years, "satuan": _satuan(rows)}
    for skema in SKEMA.values():
        for kolom in skema.kolom:
            if kolom.pilihan:
                lists[f"{skema.berkas[:-4]}.{kolom.nama}"] = list(kolom.pilihan)
    ranges = _daftar(wb, lists)
    for skema in SKEMA.values():
        _validasi(sheets[skema.berkas], skema, ranges, posisi)
    for ws in [wb[LEMBAR_PETUNJUK], *sheets.values()]:
        _cetak_selebar_halaman(ws)
    from lkjip.core.berkas import pesan_os

    keluaran = Path(keluaran)
    tmp = keluaran.with_name(f".{keluaran.name}.tmp")
    try:
        keluaran.parent.mkdir(parents=True, exist_ok=True)
        wb.save(tmp)
        tmp.replace(keluaran)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        raise ExcelError(pesan_os(exc, "buku kerja tidak dapat ditulis", keluaran)) from None
    return keluaran


# --- import ----------------------------------------------------------------------------------

def _teks_sel(value, number_format: str, kolom: Kolom | None) -> str:
    """A cell as the CSV text the loader reads (numbers in Indonesian spelling)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    if isinstance(value, (dt.datetime, dt.date)):
        return value.date().isoformat() if isinstance(value, dt.datetime) else value.isoformat()
    if isinstance(value, (int, float)):
        if kolom is not None and kolom.jenis == "tahun" and float(value).is_integer():
            return str(int(value))
        value, bentuk = BentukAngka.dari_format(number_format or "General", float(value))
        return bentuk.tulis(value)
    return str(value)


@dataclass
class _Lembar:
    nama: str
    header: list[str]


#: What an import reads at most, checked before the workbook is parsed (docs/keamanan.md): the
#: uncompressed parts of the .xlsx together (a zip bomb, one 200 MB cell in a small file) and the
#: rows of one sheet. Each is raised by its environment variable.
BATAS_XLSX_MB = 16  # LKJIP_BATAS_XLSX_MB; Malang's workbook, the largest shipped, is under 1 MB
BATAS_BARIS = 50_000  # LKJIP_BATAS_BARIS; the largest shipped sheet has under 400 rows
def _periksa_berkas(buku: Path) -> bool:
    """Refuse, before openpyxl parses anything, what it cannot read or should not: an old .xls, an
    encrypted workbook, not a zip at all, parts that uncompress past the limit. Returns whether a
    worksheet holds a formula (then the formulas are read too, to find those without a value)."""
    try:
        jenis = jenis_ole2(buku, batas("LKJIP_BATAS_XLSX_MB", BATAS_XLSX_MB) * 2**20)
    except FileNotFoundError:
        raise ExcelError(f"{buku}: buku kerja tidak ditemukan.") from None
    except IsADirectoryError:
        raise ExcelError(f"{buku}: berupa folder, bukan buku kerja .xlsx.") from None
    if jenis == "terenkripsi":
        raise ExcelError(f"{buku}: buku kerja dilindungi kata sandi (terenkripsi); lkjip tidak dapat membacanya. "
                         "Buka di Excel, hapus kata sandinya (File > Info > Protect Workbook > Encrypt with "
                         "Password, kosongkan), simpan, lalu impor lagi.")
    if jenis == "lama":
        raise ExcelError(f"{buku}: berkas Excel lama (.xls, Excel 97-2003) yang dinamai .xlsx. Buka di Excel atau "
                         "LibreOffice dan simpan sebagai 'Excel Workbook (.xlsx)', lalu impor lagi.")
    if not zipfile.is_zipfile(buku):
        raise ExcelError(f"{buku}: bukan buku kerja Excel .xlsx yang terbaca (bukan berkas zip). "
                         "Simpan ulang sebagai 'Excel Workbook (.xlsx)'.")
    try:
        with zipfile.ZipFile(buku) as z:
            parts = z.infolist()
            total = sum(p.file_size for p in parts)
            limit_mb = batas("LKJIP_BATAS_XLSX_MB", BATAS_XLSX_MB)
            if total > limit_mb * 2**20:
                big = max(parts, key=lambda p: p.file_size)
                raise ExcelError(
                    f"{buku}: isi buku kerja {_ribuan(total // 2**20)} MB bila diurai (bagian terbesar {big.filename} "
                    f"{_ribuan(big.file_size // 2**20)} MB), lebih dari batas {limit_mb} MB; tidak dibaca. "
                    "Hapus lembar, gambar atau baris yang tidak perlu; bila datanya memang sebesar itu, naikkan "
                    "batasnya dengan LKJIP_BATAS_XLSX_MB=<MB>.")
            sheets = [p for p in parts if p.filename.startswith("xl/worksheets/") and p.filename.endswith(".xml")]
            return any(re.search(rb"<(?:\w+:)?f[ >]", z.read(p)) for p in sheets)
    except zipfile.BadZipFile as exc:
        raise ExcelError(f"{buku}: berkas zip buku kerja rusak ({exc}). Simpan ulang sebagai 'Excel Workbook (.xlsx)'.") from None


def _sel(nama: str, cell) -> str:
    return f"{_nama_lembar(nama)}!{cell.coordinate}"


def _lembar_mirip(name: str, sheetnames: list[str]) -> str | None:
    """The sheet a missing data sheet was probably renamed to ('Realisasi', 'realisasi 2023')."""
    known = {s.berkas[:-4] for s in SKEMA.values()} | {LEMBAR_PETUNJUK, LEMBAR_DAFTAR}
    others = [s for s in sheetnames if s not in known]
    for other in others:
        if other.strip().casefold() == name.casefold():
            return other
    near = difflib.get_close_matches(name.casefold(), [o.casefold() for o in others], n=1, cutoff=0.6)
    if not near:
        near = [o.casefold() for o in others if name.casefold() in o.casefold()][:1]
    return next((o for o in others if near and o.casefold() == near[0]), None)


def _cek_lembar(name: str, ws, rumus_ws, masalah: list[Masalah]) -> bool:
    """What the import cannot read exactly in one data sheet, each named by sheet!cell; returns
    whether the sheet's cells can be read at all (not too many rows)."""
    if ws.sheet_state != "visible":
        masalah.append(Masalah(f"lembar {name}", None, None, f"lembar tersembunyi ({ws.sheet_state})",
                               "lembar data yang terlihat",
                               "Tampilkan lembar itu (klik kanan tab lembar > Unhide), periksa isinya, simpan, "
                               "lalu impor lagi: isi lembar tersembunyi tidak diimpor tanpa dilihat."))
    limit = batas("LKJIP_BATAS_BARIS", BATAS_BARIS)
    if ws.max_row > limit + 1:
        masalah.append(Masalah(f"lembar {name}", None, None, f"{_ribuan(ws.max_row)} baris",
                               f"paling banyak {_ribuan(limit)} baris data per lembar",
                               "Hapus baris di bawah data (Excel menghitung baris yang pernah diformat); bila datanya "
                               "memang sebanyak itu, naikkan batasnya dengan LKJIP_BATAS_BARIS=<baris>."))
        return False
    for merged in sorted(ws.merged_cells.ranges, key=lambda r: (r.min_row, r.min_col)):
        masalah.append(Masalah(f"{_nama_lembar(name)}!{merged.coord}", None, None, f"sel gabungan (merge) {merged.coord}",
                               "satu nilai di setiap sel",
                               "Pisahkan sel itu (Merge & Center > Unmerge Cells) dan isi setiap selnya: sel "
                               "gabungan menyimpan nilai hanya di sel pertamanya, baris lainnya akan kosong."))
    for row in ws.iter_rows():
        for cell in row:
            if cell.data_type == "e":
                masalah.append(Masalah(_sel(name, cell), None, None, f"galat Excel {cell.value}",
                                       "nilai, bukan galat rumus", "Perbaiki rumusnya atau tulis nilainya."))
            elif isinstance(cell.value, str) and len(cell.value) > BATAS_SEL_EXCEL:
                masalah.append(Masalah(_sel(name, cell), None, None, f"{_ribuan(len(cell.value))} karakter",
                                       f"paling banyak {_ribuan(BATAS_SEL_EXCEL)} karakter per sel (batas Excel)",
                                       "Perpendek isinya."))
            elif cell.value is None and rumus_ws is not None:
                formula = rumus_ws[cell.coordinate]
                if formula.data_type == "f":
                    text = str(getattr(formula.value, "text", formula.value))
                    masalah.append(Masalah(_sel(name, cell), None, None,
                                           f"rumus {text[:60]!r} tanpa nilai tersimpan", "nilai yang sudah dihitung",
                                           "Buka dan simpan buku kerja di Excel atau LibreOffice (yang menghitung "
                                           "rumusnya), atau ganti rumus dengan nilainya (Paste Special > Values); "
                                           "buku kerja yang ditulis program lain sering tidak menyimpan hasil rumus."))
    return True


def _baca_buku(buku: Path, folder: Path) -> tuple[dict[str, str], dict[str, _Lembar], list[Masalah]]:
    """CSV text per data file from the workbook's sheets, the sheets' headers, and what cannot be
    read exactly (missing, renamed or hidden sheets, merged cells, formulas without a value...)."""
    ada_rumus = _periksa_berkas(buku)
    try:
        wb = load_workbook(buku, data_only=True)
        rumus = load_workbook(buku, data_only=False) if ada_rumus else None
    except Exception as exc:  # openpyxl raises zipfile, KeyError or its own errors for non-workbooks
        raise ExcelError(f"{buku}: bukan buku kerja Excel .xlsx yang terbaca ({type(exc).__name__}). "
                         "Simpan ulang sebagai 'Excel Workbook (.xlsx)'.") from None
    csvs, lembar, masalah = {}, {}, []
    for skema in SKEMA.values():
        name = skema.berkas[:-4]
        if name not in wb.sheetnames:
            mirip = _lembar_mirip(name, wb.sheetnames)
            if mirip is not None:
                masalah.append(Masalah(f"lembar {name}", None, None, f"lembar tidak ada; ada lembar '{mirip}'",
                                       f"lembar bernama '{name}'",
                                       f"Bila '{mirip}' adalah lembar {name}, ganti namanya menjadi '{name}' "
                                       "(klik dua kali tab lembar), lalu impor lagi."))
            elif skema.wajib_ada:
                masalah.append(Masalah(f"lembar {name}", None, None, "lembar tidak ada", f"lembar '{name}'",
                                       "Tambahkan lembar ini dengan nama kolom di baris 1 (lihat Petunjuk)."))
            continue
        ws = wb[name]
        if not _cek_lembar(name, ws, rumus[name] if rumus is not None else None, masalah):
            continue
        kolom = {k.nama: k for k in skema.kolom}
        grid = [list(r) for r in ws.iter_rows()]
        header = [_teks_sel(c.value, c.number_format, None).strip() for c in grid[0]] if grid else []
        while header and header[-1] == "":
            header.pop()
        rows = []
        for cells in grid[1:]:
            texts = [_teks_sel(c.value, c.number_format, kolom.get(header[i]) if i < len(header) else None)
                     for i, c in enumerate(cells[:len(header)])]
            texts += [""] * (len(header) - len(texts))
            rows.append(texts)
            for c in cells[len(header):]:
                if c.value is not None and str(c.value).strip():
                    masalah.append(Masalah(_sel(name, c), None, None, f"isian {str(c.value)[:40]!r} di kolom tanpa judul",
                                           "isian hanya di bawah nama kolom baris 1",
                                           "Pindahkan isian itu ke kolomnya atau hapus; kolom tanpa judul tidak diimpor."))
        while rows and not any(rows[-1]):
            rows.pop()
        if not rows and not skema.wajib_ada and not (folder / skema.berkas).is_file():
            continue  # an empty optional sheet and no such file: the agency does not keep one
        csvs[skema.berkas] = teks_csv([header, *rows])
        lembar[skema.berkas] = _Lembar(name, header)
    return csvs, lembar, masalah


def _alamat(m: Masalah, lembar: dict[str, _Lembar], folder: Path) -> Masalah:
    """A loader problem re-addressed to the sheet and cell of the workbook (profil.yaml: its real path)."""
    berkas = Path(m.berkas).name
    sheet = lembar.get(berkas)
    if sheet is None:
        return Masalah(str(folder / berkas), m.baris, m.kolom, m.ditemukan, m.diharapkan, m.saran)
    kolom = (m.kolom or "").split(",")[0].strip()
    letter = get_column_letter(sheet.header.index(kolom) + 1) if kolom in sheet.header else ""
    if m.baris is not None and letter:
        where = f"{letter}{m.baris}"
    elif m.baris is not None:
        where = f"{m.baris}:{m.baris}"
    else:
        where = f"{letter}:{letter}" if letter else ""
    return Masalah(f"{_nama_lembar(sheet.nama)}!{where}" if where else f"lembar {sheet.nama}",
                   None, m.kolom, m.ditemukan, m.diharapkan, m.saran)


@dataclass(frozen=True)
class HasilImpor:
    """What an import wrote: every file of a data sheet, those whose bytes changed, and the
    optional files left as they were because the workbook has no sheet for them."""

    ditulis: list[Path]
    berubah: list[Path]
    tidak_diubah: list[Path]


def impor_buku_kerja(buku: str | Path, data_dir: str | Path, slug: str) -> HasilImpor:
    """Check the whole workbook with the loader's rules and, only when clean, replace the agency's
    CSV files in ``data_dir/slug`` at once. Raises BukuKerjaTidakSah (every problem with its sheet
    and cell) and writes nothing when anything is wrong.

    The check runs on exactly the folder the import would leave: the agency's files (profil.yaml,
    optional files the workbook has no sheet for) with the workbook's CSV files over them."""
    from lkjip.core.berkas import ganti_folder, keluar_dari, pulihkan_folder_data
    from lkjip.inputs.muat import muat_dinas
    from lkjip.inputs.params import periksa_dinas

    if problem := periksa_dinas(slug):  # the folder written must stay inside data_dir
        raise ExcelError(f"--dinas: {problem}.")
    buku, data_dir = Path(buku), Path(data_dir)
    folder = data_dir / slug
    pulihkan_folder_data(folder)
    if keluar_dari(folder, data_dir):
        muat_dinas(data_dir, slug)  # raises, naming every link out of the data folder: never copied in
    csvs, lembar, masalah = _baca_buku(buku, folder)
    if masalah:
        raise BukuKerjaTidakSah(buku, masalah)
    if not (folder / "profil.yaml").is_file():
        raise ExcelError(f"{folder}/profil.yaml tidak ada: buat folder dinas dulu (lkjip dinas-baru) lalu impor lagi.")

    # a file whose cells the workbook does not change keeps its bytes, whatever its quoting
    sama = {b for b, text in csvs.items() if isi_sama(folder / b, text)}

    def susun(tujuan: Path) -> None:
        shutil.copytree(folder, tujuan, dirs_exist_ok=True)
        for berkas, text in csvs.items():
            if berkas not in sama:
                (tujuan / berkas).write_bytes(text.encode("utf-8"))

    with tempfile.TemporaryDirectory(prefix="lkjip-impor-") as scratch:
        susun(Path(scratch) / slug)
        try:
            muat_dinas(scratch, slug)
        except DataError as exc:
            raise BukuKerjaTidakSah(buku, [_alamat(m, lembar, folder) for m in exc.masalah]) from None
    berubah = [folder / b for b in csvs if b not in sama]
    tidak_diubah = [folder / s.berkas for s in SKEMA.values()
                    if s.berkas not in csvs and (folder / s.berkas).is_file()]
    ganti_folder(folder, susun, ExcelError, "data tidak diimpor, folder dinas tetap seperti semula")
    return HasilImpor([folder / b for b in csvs], berubah, tidak_diubah)


def ekspor(params_path: str | Path, root: str | Path = ".", keluaran: str | Path | None = None) -> Path:
    """Write the workbook of the agency a params file names (default ``build/excel/<dinas>.xlsx``)."""
    from lkjip.core.proyek import Proyek
    from lkjip.inputs.params import load_params

    root = Path(root)
    proyek = Proyek(root)
    params = load_params(proyek.berkas_params(params_path), root)
    folder = root / params.data_dir / params.dinas
    if not folder.is_dir():
        raise ExcelError(f"{folder}: folder data dinas tidak ada.")
    keluaran = Path(keluaran) if keluaran else proyek.excel / f"{params.dinas}.xlsx"
    return tulis_buku_kerja(keluaran, folder, tahun=[params.tahun])
