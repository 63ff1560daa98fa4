"""Hostile and huge files (issue 23): what travels between offices never runs, leaks, hangs or lies.

Each case is a file someone could send: a cell that is a formula, a workbook lkjip cannot read
exactly, a symlink out of the project, a bomb, look-alike text, a number in the wrong unit, a
crash mid-swap. Each is refused with a message naming the place (file, sheet!cell, position) or
handled so the output is exact."""
from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from _bantu import ROOT, salin_dinas
from conftest import FIXTURE_DATA
from lkjip.commands.cli import main
from lkjip.core.berkas import bisa_jadi_rumus
from lkjip.core.exceptions import BukuKerjaTidakSah
from lkjip.inputs.excel import ExcelError, impor_buku_kerja, tulis_buku_kerja
from lkjip.present.aman import sel_csv
from lkjip.present.tabel import Kolom, Spek, tulis_csv

CONTOH = "kab-contoh-dinsos"

#: Texts a spreadsheet would run, from OWASP's "CSV injection" page and the issue.
RUMUS = ["=cmd|' /C calc'!A0", "=HYPERLINK(\"http://contoh.invalid\",\"klik\")", "@SUM(1+1)*cmd|' /C calc'!A0",
         "+1+1", "-2+3+cmd|' /C calc'!A0", "\t=1+1", "\r=1+1", "\uff1d1+1"]
#: Numbers and ordinary texts that stay exactly as they are.
POLOS = ["-12,5", "-1.234.567,00", "+5", "-0.5", "12%", "Persentase PMKS", "a=b", "ditangani / jumlah x 100", ""]


def _ganti(path: Path, lama: str, baru: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert lama in text, f"{lama!r} not in {path}"
    path.write_text(text.replace(lama, baru, 1), encoding="utf-8")


# --- 1. output that cannot execute -----------------------------------------------------------

@pytest.mark.parametrize("teks", RUMUS)
def test_a_formula_text_gets_an_apostrophe_in_a_published_csv(teks):
    assert bisa_jadi_rumus(teks) and sel_csv(teks) == "'" + teks


@pytest.mark.parametrize("nilai", POLOS + [-3, -1.5, 0, 2.25])
def test_numbers_and_plain_texts_stay_as_they_are(nilai):
    assert not bisa_jadi_rumus(nilai) and sel_csv(nilai) == nilai


def _sel_csv(path: Path) -> list[str]:
    with open(path, encoding="utf-8", newline="") as handle:
        return [cell for row in csv.reader(handle) for cell in row]


def test_no_cell_of_a_table_csv_starts_a_formula_and_numbers_stay_numbers(tmp_path):
    spek = Spek("uji", "Uji", (Kolom("nama", "=Nama"), Kolom("satuan", "Satuan"), Kolom("nilai", "Nilai", "angka")),
                data=lambda lap: None)
    rows = pd.DataFrame({"nama": RUMUS, "satuan": ["%"] * len(RUMUS), "nilai": [-1.5] * len(RUMUS)})
    path = tulis_csv(rows, spek, tmp_path)
    cells = _sel_csv(path)
    assert not [c for c in cells if bisa_jadi_rumus(c)]
    assert cells.count("-1.5") == len(RUMUS) and "'=Nama" in cells
    assert [c for c in cells if c.startswith("'")] == ["'=Nama"] + ["'" + t.replace("\r", "\n") for t in RUMUS]


def _contoh_jahat(tmp_path: Path) -> Path:
    folder = salin_dinas(tmp_path / "data")
    _ganti(folder / "indikator.csv", "Persentase PMKS yang ditangani,%", "Persentase PMKS yang ditangani,=cmd|' /C calc'!A0")
    _ganti(folder / "indikator.csv", "Rasio kasus kekerasan,rasio", "@SUM(1+1)*cmd|' /C calc'!A0,rasio")
    return folder


def _formula_cells(buku: Path) -> list[str]:
    wb = load_workbook(buku)  # not data_only: a formula reads as its formula
    return [f"{ws.title}!{c.coordinate}" for ws in wb.worksheets for row in ws.iter_rows() for c in row
            if c.data_type == "f"]


def test_the_exported_workbook_holds_no_formula_and_the_texts_round_trip(tmp_path):
    folder = _contoh_jahat(tmp_path)
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    buku = tulis_buku_kerja(tmp_path / "jahat.xlsx", folder)
    assert _formula_cells(buku) == []
    wb = load_workbook(buku)
    satuan = [c for c in wb["daftar"]["B"] if c.value == "=cmd|' /C calc'!A0"]
    assert satuan and satuan[0].data_type == "s" and satuan[0].quotePrefix  # the hidden sheet too
    nama = wb["indikator"]["D3"]
    assert nama.value == "@SUM(1+1)*cmd|' /C calc'!A0" and nama.quotePrefix and nama.data_type == "s"
    with zipfile.ZipFile(buku) as z:  # no <f> element anywhere in the package
        assert not [n for n in z.namelist() if n.startswith("xl/worksheets/") and b"<f>" in z.read(n)]
    impor_buku_kerja(buku, folder.parent, CONTOH)
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before


def _libreoffice() -> str | None:
    return shutil.which("libreoffice") or shutil.which("soffice")


def _ke_fods(sumber: Path, out: Path, profil: Path) -> Path | None:
    """``sumber`` opened by LibreOffice Calc and saved as flat ODS XML, or None without Calc."""
    done = subprocess.run([_libreoffice(), "--headless", f"-env:UserInstallation=file://{profil}",
                           "--convert-to", "fods", "--outdir", str(out), str(sumber)],
                          capture_output=True, text=True, timeout=180)
    result = out / (sumber.stem + ".fods")
    return result if result.is_file() else None


@pytest.mark.skipif(_libreoffice() is None, reason="LibreOffice is not installed")
def test_libreoffice_opens_the_workbook_and_the_csv_without_a_formula(tmp_path):
    probe = tmp_path / "probe.csv"
    probe.write_text("a\n", encoding="utf-8")
    if _ke_fods(probe, tmp_path / "lo", tmp_path / "profil") is None:
        pytest.skip("LibreOffice has no Calc here (libreoffice-calc not installed): it cannot open a spreadsheet")
    folder = _contoh_jahat(tmp_path)
    buku = tulis_buku_kerja(tmp_path / "jahat.xlsx", folder)
    spek = Spek("tabel", "Uji", (Kolom("nama", "Nama"),), data=lambda lap: None)
    table = tulis_csv(pd.DataFrame({"nama": RUMUS}), spek, tmp_path)
    out = tmp_path / "lo"
    for source in (buku, table):
        assert _ke_fods(source, out, tmp_path / "profil"), source
    jahat = (out / "jahat.fods").read_text(encoding="utf-8")
    assert "table:formula" not in jahat and "=cmd|&apos; /C calc&apos;!A0" in jahat
    tabel = (out / "tabel.fods").read_text(encoding="utf-8")
    assert "table:formula" not in tabel and "HYPERLINK" in tabel


def test_a_cell_longer_than_excel_keeps_is_refused_at_export_not_cut(tmp_path):
    folder = salin_dinas(tmp_path / "data")
    _ganti(folder / "indikator.csv", "Persentase PMKS yang ditangani", "x" * 40_000)
    from lkjip.core.exceptions import DataError
    with pytest.raises((ExcelError, DataError)) as err:  # the CSV reader's own cell limit names it first
        tulis_buku_kerja(tmp_path / "panjang.xlsx", folder)
    assert "indikator.csv, baris 2, kolom 'nama'" in str(err.value) and "40.000 karakter" in str(err.value)
    assert "32.767" in str(err.value)
    assert not (tmp_path / "panjang.xlsx").exists()


# --- 2. faults ----------------------------------------------------------------------------------

def _proyek(tmp_path: Path) -> tuple[Path, Path]:
    salin_dinas(tmp_path / "data")
    (tmp_path / "params").mkdir()
    params = tmp_path / "params" / f"{CONTOH}-2023.yml"
    params.write_text(f"dinas: {CONTOH}\ntahun: 2023\n", encoding="utf-8")
    return tmp_path, params


def _swap_terputus(data: Path, lengkap: bool) -> bytes:
    """The state a crash in ganti_folder leaves between its renames: the agency folder moved to its
    backup, the journal naming the staging folder, which is complete (``lengkap``) or half written.
    Returns the bytes of realisasi.csv the recovered folder must hold."""
    folder, staging = data / CONTOH, data / f".{CONTOH}-baru-abc123"
    shutil.copytree(folder, staging)
    _ganti(staging / "realisasi.csv", 'I01,2023,"', 'I01,2023,"1')  # the new version differs
    if lengkap:
        (staging / ".lengkap").write_text("", encoding="utf-8")
    else:
        (staging / "target.csv").unlink()
    (data / f".terbit-{CONTOH}.json").write_text(
        json.dumps({"staging": staging.name, "cadangan": f".old-{CONTOH}"}), encoding="utf-8")
    expected = (staging if lengkap else folder) / "realisasi.csv"
    data_bytes = expected.read_bytes()
    folder.rename(data / f".old-{CONTOH}")
    return data_bytes


def _buku(root: Path) -> Path:
    return tulis_buku_kerja(root / "buku.xlsx", root / "data" / CONTOH)


PERINTAH = {  # every command that reads or replaces a data folder, as the user types it
    "periksa": lambda root, params: ["periksa", str(params), "--root", str(root)],
    "excel impor": lambda root, params: ["excel", "impor", str(_buku(root)), "--dinas", CONTOH,
                                         "--data", str(root / "data")],
    "excel ekspor": lambda root, params: ["excel", "ekspor", str(params), "--root", str(root),
                                          "--keluaran", str(root / "keluar.xlsx")],
    "migrasi": lambda root, params: ["migrasi", CONTOH, "--data", str(root / "data")],
    "narasi-cek": lambda root, params: ["narasi-cek", str(params), "--root", str(root)],
}


@pytest.mark.parametrize("lengkap", [True, False], ids=["baru-lengkap", "baru-setengah"])
@pytest.mark.parametrize("perintah", list(PERINTAH))
def test_every_command_recovers_an_interrupted_swap_first(tmp_path, capsys, perintah, lengkap):
    root, params = _proyek(tmp_path)
    argv = PERINTAH[perintah](root, params)  # the workbook is written before the crash
    expected = _swap_terputus(root / "data", lengkap)
    status = main(argv)
    err = capsys.readouterr().err
    assert status == 0, err
    assert "penggantian folder data yang terputus" in err and "tidak punya folder data" not in err
    folder = root / "data" / CONTOH
    if perintah != "excel impor":  # the import then writes the workbook's cells over it
        assert (folder / "realisasi.csv").read_bytes() == expected
    assert not [p.name for p in (root / "data").iterdir() if p.name.startswith(".")]
    assert not (folder / ".lengkap").exists()


def test_the_build_recovers_the_data_folder_before_validating(tmp_path, capsys):
    """The build recovers first too: here the recovered folder holds a broken cell, so the build stops
    at validation naming it (not "no data folder") and runs no chapter."""
    root, params = _proyek(tmp_path)
    shutil.copy(ROOT / "_quarto.yml", root / "_quarto.yml")
    shutil.copytree(ROOT / "notebooks", root / "notebooks")
    _ganti(root / "data" / CONTOH / "realisasi.csv", 'I01,2023,"', 'I01,2023,"x')
    _swap_terputus(root / "data", lengkap=False)
    assert main(["build", str(params), "--root", str(root), "--no-quarto", "--jobs", "1"]) == 1
    err = capsys.readouterr().err
    assert "penggantian folder data yang terputus" in err and "realisasi.csv" in err
    assert "tidak punya folder data" not in err and (root / "data" / CONTOH).is_dir()
    assert not (root / "build" / f"{CONTOH}-2023").exists()


def test_a_workbook_saved_as_target_csv_is_named_in_the_checklist_not_a_crash(tmp_path, capsys):
    root, params = _proyek(tmp_path)
    buku = tulis_buku_kerja(tmp_path / "buku.xlsx", root / "data" / CONTOH)
    shutil.copy(buku, root / "data" / CONTOH / "target.csv")
    assert main(["periksa", str(params), "--root", str(root)]) == 1
    err = capsys.readouterr().err
    assert "target.csv" in err and "buku kerja Excel (.xlsx) yang dinamai .csv" in err and "Traceback" not in err


# --- 3. Excel import refuses what it cannot read exactly ---------------------------------------

@pytest.fixture(scope="module")
def buku_asli(tmp_path_factory):
    return tulis_buku_kerja(tmp_path_factory.mktemp("buku") / "contoh.xlsx", FIXTURE_DATA / CONTOH)


@pytest.fixture
def impor(tmp_path, buku_asli):
    """A copy of the sample agency and of its workbook; ``impor(edit)`` edits the workbook with
    openpyxl, imports it and returns the error (None when it imported)."""
    salin_dinas(tmp_path / "data")
    buku = Path(shutil.copy(buku_asli, tmp_path / "contoh.xlsx"))

    def run(edit=None):
        if edit is not None:
            wb = load_workbook(buku)
            edit(wb)
            wb.save(buku)
        before = {p.name: p.read_bytes() for p in (tmp_path / "data" / CONTOH).iterdir()}
        try:
            impor_buku_kerja(buku, tmp_path / "data", CONTOH)
        except (BukuKerjaTidakSah, ExcelError) as exc:
            assert {p.name: p.read_bytes() for p in (tmp_path / "data" / CONTOH).iterdir()} == before
            assert "Traceback" not in str(exc)
            return exc
        return None
    run.buku = buku
    return run


def _set(sheet, cell, value):
    def edit(wb):
        wb[sheet][cell] = value
    return edit


def _merge(sheet, area):
    return lambda wb: wb[sheet].merge_cells(area)


def _hide(sheet):
    def edit(wb):
        wb[sheet].sheet_state = "hidden"
    return edit


def _rename(sheet, new):
    def edit(wb):  # through another name: openpyxl counts the old name when checking for a clash
        wb[sheet].title = "sementara"
        wb["sementara"].title = new
    return edit


def _ganti_di_zip(buku: Path, part: str | None, lama: bytes, baru: bytes) -> None:
    """Edit one part of the package as bytes (openpyxl itself cuts a text to 32.767 characters);
    ``part`` None: the worksheet or shared-strings part holding ``lama``."""
    with zipfile.ZipFile(buku) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    part = part or next(n for n in parts if n.startswith("xl/") and lama in parts[n])
    assert lama in parts[part]
    parts[part] = parts[part].replace(lama, baru, 1)
    with zipfile.ZipFile(buku, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)


TIDAK_TEPAT = {  # a workbook edit, and what the refusal must say (sheet!cell first)
    "rumus tanpa nilai tersimpan": (_set("realisasi", "C3", "=1+2"),
                                    ["realisasi!C3", "rumus '=1+2' tanpa nilai tersimpan", "Paste Special > Values"]),
    "sel gabungan": (_merge("realisasi", "A2:A3"), ["realisasi!A2:A3", "sel gabungan", "Unmerge"]),
    "lembar data tersembunyi": (_hide("target"), ["lembar target", "tersembunyi", "Unhide"]),
    "lembar berganti nama (huruf besar)": (_rename("realisasi", "Realisasi"),
                                           ["lembar realisasi", "ada lembar 'Realisasi'", "ganti namanya menjadi 'realisasi'"]),
    "lembar berganti nama (tahun)": (_rename("realisasi", "realisasi 2023"), ["ada lembar 'realisasi 2023'"]),
    "lembar pilihan berganti nama": (_rename("spm", "SPM"), ["lembar spm", "ada lembar 'SPM'"]),
    "galat rumus tersimpan": (_set("realisasi", "C3", "#DIV/0!"), ["realisasi!C3", "galat Excel #DIV/0!"]),
    "isian di kolom tanpa judul": (_set("realisasi", "Z4", "catatan"), ["realisasi!Z4", "kolom tanpa judul"]),
}


@pytest.mark.parametrize("kasus", list(TIDAK_TEPAT))
def test_what_the_import_cannot_read_exactly_is_refused_by_sheet_and_cell(impor, kasus):
    edit, fragments = TIDAK_TEPAT[kasus]
    err = impor(edit)
    assert err is not None, "imported"
    for fragment in fragments:
        assert fragment in str(err), str(err)


def test_a_formula_with_its_saved_value_imports_as_that_value(impor):
    """A formula Excel saved with its result (the usual case) is read as the result: exact."""
    with zipfile.ZipFile(impor.buku) as z:
        sheet = next(n for n in z.namelist() if n.startswith("xl/worksheets/") and b"<v>60</v>" in z.read(n))
    _ganti_di_zip(impor.buku, sheet, b"<v>60</v>", b"<f>30*2</f><v>60</v>")
    assert impor() is None


def test_a_cell_longer_than_excel_keeps_is_refused_at_import(impor):
    _ganti_di_zip(impor.buku, None, b"Persentase PMKS yang ditangani", b"x" * 40_000)
    err = impor()
    assert "indikator!D2" in str(err) and "40.000 karakter" in str(err) and "32.767" in str(err)


def test_an_encrypted_workbook_is_named_as_such(impor):
    office = pytest.importorskip("msoffcrypto.format.ooxml")
    with open(impor.buku, "rb") as plain:
        encrypted = io.BytesIO()
        office.OOXMLFile(plain).encrypt("rahasia", encrypted)
    impor.buku.write_bytes(encrypted.getvalue())
    err = impor()
    assert "dilindungi kata sandi" in str(err) and "Encrypt with Password" in str(err)


def test_an_old_xls_renamed_xlsx_is_named_as_such(impor):
    # an Excel 97-2003 file: an OLE2 compound file whose directory names a "Workbook" stream
    impor.buku.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504 + "Workbook".encode("utf-16-le") + b"\0" * 512)
    err = impor()
    assert "berkas Excel lama (.xls" in str(err) and "'Excel Workbook (.xlsx)'" in str(err)


def test_a_small_workbook_that_unpacks_past_the_limit_is_refused_before_parsing(impor, monkeypatch):
    """One 2 MB cell compresses to a few kB: the limit applies to what the parts unpack to."""
    _ganti_di_zip(impor.buku, None, b"Persentase PMKS yang ditangani", b"x" * (2 * 2**20))
    assert impor.buku.stat().st_size < 200_000
    monkeypatch.setenv("LKJIP_BATAS_XLSX_MB", "1")
    err = impor()
    assert "lebih dari batas 1 MB" in str(err) and "LKJIP_BATAS_XLSX_MB" in str(err)
    assert "xl/worksheets/sheet" in str(err)  # the part that unpacks to the most is named
    monkeypatch.setenv("LKJIP_BATAS_XLSX_MB", "8")  # raised: read, and the cell itself is named
    assert "indikator!D2" in str(impor())


def test_a_sheet_with_more_rows_than_the_limit_is_refused(impor, monkeypatch):
    monkeypatch.setenv("LKJIP_BATAS_BARIS", "3")
    err = impor()
    assert "lembar realisasi" in str(err) and "paling banyak 3 baris" in str(err) and "LKJIP_BATAS_BARIS" in str(err)


# --- 5. bounded resources ------------------------------------------------------------------------

@pytest.mark.parametrize("batas, tampil", [(None, 50), ("5", 5), ("0", 120)])
def test_a_message_lists_at_most_n_problems_and_counts_the_rest(monkeypatch, batas, tampil):
    from lkjip.core.exceptions import DataError, Masalah
    if batas is not None:
        monkeypatch.setenv("LKJIP_BATAS_MASALAH", batas)
    err = DataError([Masalah("realisasi.csv", i, "realisasi", "x", "angka") for i in range(2, 122)])
    text = str(err)
    assert text.startswith("120 masalah pada data:") and len(err.masalah) == 120
    assert text.count("\n  - ") == tampil
    if tampil < 120:
        assert f"dan {120 - tampil} masalah lainnya" in text and "LKJIP_BATAS_MASALAH=0" in text


# --- 4. files stay inside the project ------------------------------------------------------------

def _rahasia(tmp_path: Path, isi: str) -> Path:
    outside = tmp_path / "di-luar"
    outside.mkdir(exist_ok=True)
    path = outside / "rahasia.txt"
    path.write_text(isi, encoding="utf-8")
    return path


def _tautkan(link: Path, target: Path) -> None:
    if link.exists():
        link.unlink()
    link.symlink_to(target)


@pytest.mark.parametrize("berkas", ["realisasi.csv", "profil.yaml"])
def test_a_data_file_linked_out_of_the_project_is_refused(tmp_path, capsys, berkas):
    root, params = _proyek(tmp_path / "proyek")
    folder = root / "data" / CONTOH
    secret = _rahasia(tmp_path, (folder / berkas).read_text(encoding="utf-8"))  # valid content even
    _tautkan(folder / berkas, secret)
    assert main(["periksa", str(params), "--root", str(root)]) == 1
    err = capsys.readouterr().err
    assert f"{berkas}: ditemukan tautan simbolik (symlink) ke {secret}" in err and "Salin berkas itu" in err


def test_an_agency_folder_linked_out_of_the_data_folder_is_refused(tmp_path, capsys):
    root, params = _proyek(tmp_path / "proyek")
    folder = root / "data" / CONTOH
    shutil.move(folder, tmp_path / "di-luar")
    folder.symlink_to(tmp_path / "di-luar")
    assert main(["periksa", str(params), "--root", str(root)]) == 1
    assert "tautan simbolik (symlink)" in capsys.readouterr().err


def test_a_link_that_stays_inside_the_data_folder_is_read(tmp_path, capsys):
    root, params = _proyek(tmp_path / "proyek")
    folder = root / "data" / CONTOH
    (root / "data" / "bersama").mkdir()
    shutil.move(folder / "spm.csv", root / "data" / "bersama" / "spm.csv")
    (folder / "spm.csv").symlink_to(Path("..") / "bersama" / "spm.csv")
    assert main(["periksa", str(params), "--root", str(root)]) == 0, capsys.readouterr().err


def test_a_narrative_linked_out_of_the_project_is_refused_not_published(tmp_path, capsys):
    root, params = _proyek(tmp_path / "proyek")
    narasi = root / "narasi" / CONTOH / "2023"
    narasi.mkdir(parents=True)
    secret = _rahasia(tmp_path, "kata sandi server: RAHASIA\n")
    (narasi / "kata_pengantar.md").symlink_to(secret)
    assert main(["periksa", str(params), "--root", str(root)]) == 1
    err = capsys.readouterr().err
    assert "kata_pengantar.md" in err and "tautan simbolik (symlink)" in err and "RAHASIA" not in err
    from lkjip.core.exceptions import NarasiError
    from lkjip.inputs.snapshot import baca_narasi
    with pytest.raises(NarasiError, match="di luar folder narasi"):
        baca_narasi(root / "narasi", CONTOH, 2023, "kata_pengantar")


def test_findings_are_written_without_following_a_link_at_their_name(tmp_path):
    """The last door (a link made between the check and the write): O_NOFOLLOW refuses it."""
    from lkjip.core.berkas import tulis_tanpa_tautan
    from lkjip.core.exceptions import BuildError
    secret = _rahasia(tmp_path, "isi asli\n")
    (tmp_path / "temuan.csv").symlink_to(secret)
    with pytest.raises(BuildError, match="tautan simbolik"):
        tulis_tanpa_tautan(tmp_path / "temuan.csv", "a,b\n")
    assert secret.read_text(encoding="utf-8") == "isi asli\n"


def test_a_lock_file_that_is_a_link_is_refused_and_nothing_written_through_it(tmp_path):
    from lkjip.core.exceptions import BuildError
    from lkjip.run.terbit import kunci_laporan
    secret = _rahasia(tmp_path, "isi asli\n")
    out = tmp_path / "build"
    out.mkdir()
    (out / ".kunci-laporan").symlink_to(secret)
    with pytest.raises(BuildError, match="tautan simbolik"):
        with kunci_laporan(out, "laporan", lambda message: None):
            pass
    assert secret.read_text(encoding="utf-8") == "isi asli\n"


@pytest.mark.parametrize("tautan", ["folder", "berkas"])
def test_periksa_never_writes_its_findings_through_a_link(tmp_path, capsys, tautan):
    root, params = _proyek(tmp_path / "proyek")
    outside = tmp_path / "di-luar"
    outside.mkdir()
    (root / "build").mkdir()
    if tautan == "folder":
        (root / "build" / "periksa").symlink_to(outside)
    else:
        (root / "build" / "periksa").mkdir()
        secret = _rahasia(tmp_path, "isi asli\n")
        (root / "build" / "periksa" / f"{CONTOH}-2023-temuan.csv").symlink_to(secret)
    assert main(["periksa", str(params), "--root", str(root)]) == 1
    err = capsys.readouterr().err
    assert "di luar folder build" in err and "tidak ditulis" in err
    assert [p.name for p in outside.iterdir()] == ([] if tautan == "folder" else ["rahasia.txt"])
    if tautan == "berkas":
        assert secret.read_text(encoding="utf-8") == "isi asli\n"


BOM_ALIAS = "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n" + "".join(
    f"{c}: &{c} [{', '.join(['*' + p] * 9)}]\n" for p, c in zip("bcdefgh", "cdefghi"))


@pytest.mark.parametrize("isi, kata", [
    (BOM_ALIAS, "alias YAML '*a'"),
    ("nama: &n Dinas Sosial\nnama_singkat: *n\n", "alias YAML '*n'"),
    ("a: " + "[" * 200 + "]" * 200 + "\n", "bersarang lebih dari 32 tingkat"),
])
@pytest.mark.parametrize("berkas", ["params", "profil.yaml"])
def test_a_yaml_bomb_or_deep_nesting_is_refused_by_line_without_building_it(tmp_path, capsys, isi, kata, berkas):
    import resource
    root, params = _proyek(tmp_path)
    if berkas == "params":
        params.write_text(params.read_text(encoding="utf-8") + isi.replace("a:", "x_a:", 1), encoding="utf-8")
    else:
        profil = root / "data" / CONTOH / "profil.yaml"
        profil.write_text(profil.read_text(encoding="utf-8") + "\n" + isi.replace("a:", "x_a:", 1), encoding="utf-8")
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    assert main(["periksa", str(params), "--root", str(root)]) == 1
    err = capsys.readouterr().err
    assert kata in err and ("profil.yaml" in err if berkas == "profil.yaml" else params.name in err), err
    assert len(err) < 5_000 and resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 100_000  # kB


def test_anchors_without_aliases_are_ordinary_yaml():
    from lkjip.inputs.yaml_aman import muat_yaml
    assert muat_yaml("a: &x 1\nb: [1, {c: 2}]\n") == {"a": 1, "b": [1, {"c": 2}]}


@pytest.mark.parametrize("variabel, nilai, tulis, kata", [
    ("LKJIP_BATAS_CSV_MB", "1", lambda f: _ganti(f / "realisasi.csv", 'I01,2022,68,,\n',
                                                 'I01,2022,68,,\n' + ("I09,2000,1,,\n" * 90_000)),
     ["realisasi.csv", "paling besar 1 MB", "LKJIP_BATAS_CSV_MB"]),
    ("LKJIP_BATAS_BARIS", "100", lambda f: _ganti(f / "realisasi.csv", 'I01,2022,68,,\n',
                                                  'I01,2022,68,,\n' + ("I09,2000,1,,\n" * 200)),
     ["realisasi.csv", "paling banyak 100 baris", "LKJIP_BATAS_BARIS"]),
    (None, None, lambda f: _ganti(f / "indikator.csv", "Persentase PMKS yang ditangani", "x" * 40_000),
     ["indikator.csv, baris 2, kolom 'nama'", "40.000 karakter", "32.767"]),
])
def test_a_data_file_past_a_limit_is_refused_with_the_limit_and_how_to_raise_it(tmp_path, capsys, monkeypatch,
                                                                                variabel, nilai, tulis, kata):
    root, params = _proyek(tmp_path)
    if variabel:
        monkeypatch.setenv(variabel, nilai)
    tulis(root / "data" / CONTOH)
    assert main(["periksa", str(params), "--root", str(root)]) == 1
    err = capsys.readouterr().err
    for fragment in kata:
        assert fragment in err, err


@pytest.mark.parametrize("isi, kata", [
    ("*a " * 400 + "x" + " b*" * 400, "bersarang 400 tingkat"),
    ("Teks biasa.\n" * 30_000, "lebih dari batas 256 kB"),
])
def test_a_narrative_too_deep_or_too_long_is_refused_before_rendering(tmp_path, capsys, isi, kata):
    root, params = _proyek(tmp_path)
    narasi = root / "narasi" / CONTOH / "2023"
    narasi.mkdir(parents=True)
    (narasi / "kata_pengantar.md").write_text(isi, encoding="utf-8")
    assert main(["periksa", str(params), "--root", str(root)]) == 1
    err = capsys.readouterr().err
    assert "kata_pengantar.md" in err and kata in err and "RecursionError" not in err


def test_emphasis_nested_within_the_limit_still_renders():
    from lkjip.inputs.berkas_narasi import dekode
    from lkjip.present.aman import narasi
    text = "*a " * 10 + "x" + " b*" * 10
    assert dekode(text.encode("utf-8"), "uji.md") == text and narasi(text)
