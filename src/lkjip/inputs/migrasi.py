"""``lkjip migrasi <dinas>``: an agency's data folder upgraded in place to the current format.

Each released format version added files or columns (:data:`lkjip.inputs.versi.RIWAYAT`); one
step per version fills what that version added from what the folder already holds, the way the
older lkjip read it, and says what it did:

* 1 -> 2: the printed figures and notes name their document. Version 1 compared every printed
  figure in the report and listed every note as a disagreement between two tables, so the folder
  gets one document (``dokumen_sumber.csv``: the agency, the latest year its printed figures are
  about), every figure and note names it, and every note is ``beda_antar_tabel``.
* 2 -> 3: SAKIP recommendations get the year of their evaluation: the one year of
  ``sakip_komponen.csv`` when it has one, else the year of the folder's document, else its last
  year of realisations (version 2 showed them in every report).
* 3 -> 4: ``realisasi.csv`` gets its (empty) ``teks_tercetak`` column.
* 4 -> 5: the folder records its version (``versi.yaml``) and every file carries every column of
  its schema (an optional column left out is added empty).

Every CSV file is written in the canonical form (:func:`lkjip.inputs.dialek.teks_csv`), only when
its cells change or its bytes are not canonical. All or nothing: the upgraded folder is built in a
staging copy, loaded with the rules of ``lkjip periksa``, and swapped into place only when it
loads; otherwise nothing is written and the problems are listed. ``coba=True`` shows the changes
and writes nothing.
"""
from __future__ import annotations

import re
import shutil
import tempfile
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from lkjip.core.exceptions import CsvTidakTerbaca, DataError, Masalah, MigrasiError
from lkjip.inputs.dialek import baris_csv, kanonik, teks_csv
from lkjip.inputs.skema import SKEMA
from lkjip.inputs.versi import BERKAS_VERSI, VERSI_FORMAT, teks_berkas_versi, versi_folder
from lkjip.inputs.yaml_aman import muat_yaml


@dataclass
class _Berkas:
    """One CSV file while it is upgraded: its header and rows as text, and its bytes before."""

    kolom: list[str]
    baris: list[dict[str, str]]
    asli: bytes | None = None

    def tambah_kolom(self, nama: str, isi=lambda row: "") -> int:
        """Add a column (at the end; the final write puts it in schema order); returns rows filled."""
        if nama not in self.kolom:
            self.kolom.append(nama)
        filled = 0
        for row in self.baris:
            row[nama] = str(isi(row))
            filled += bool(row[nama])
        return filled


@dataclass
class HasilMigrasi:
    """What a migration did (or, with ``coba``, would do)."""

    folder: Path
    dari: int
    ke: int
    perubahan: list[str] = field(default_factory=list)
    berkas_berubah: list[str] = field(default_factory=list)
    ditulis: bool = False


def _baca(folder: Path) -> dict[str, _Berkas]:
    files: dict[str, _Berkas] = {}
    for berkas in SKEMA:
        path = folder / berkas
        if not path.is_file():
            continue
        data = path.read_bytes()
        try:
            rows = baris_csv(data)
        except CsvTidakTerbaca as exc:
            raise MigrasiError(f"{path}: {exc}; folder tidak diubah.") from None
        header = [c.strip() for c in rows[0]] if rows else list(SKEMA[berkas].nama_kolom)
        body = [dict(zip(header, [c.strip() for c in r] + [""] * (len(header) - len(r))))
                for r in rows[1:] if any(c.strip() for c in r)]
        files[berkas] = _Berkas(header, body, data)
    return files


def _tahun(text: str) -> int | None:
    match = re.search(r"(?<!\d)(\d{4})(?!\d)", text or "")
    return int(match.group(1)) if match else None


def _tahun_realisasi_terakhir(files: dict[str, _Berkas]) -> int | None:
    years = [_tahun(r.get("tahun", "")) for r in files.get("realisasi.csv", _Berkas([], [])).baris]
    years = [y for y in years if y]
    return max(years) if years else None


def _ke_2(files: dict[str, _Berkas], profil: dict) -> list[str]:
    """Version 1 -> 2: one source document for the folder's printed figures and notes."""
    angka, catatan = files.get("angka_tercetak.csv"), files.get("catatan_sumber.csv")
    rows = (angka.baris if angka else []) + (catatan.baris if catatan else [])
    out = []
    if rows and "dokumen_sumber.csv" not in files:
        years = [_tahun(r.get("tahun", "")) for r in (angka.baris if angka else [])]
        years = [y for y in years if y] or [y for y in (_tahun(r.get("kunci", "")) for r in rows) if y]
        tahun = max(years) if years else _tahun_realisasi_terakhir(files)
        if tahun is None:
            raise MigrasiError("angka_tercetak.csv dan catatan_sumber.csv tidak menyebut tahun apa pun, dan "
                               "realisasi.csv tidak berisi tahun: dokumen sumbernya tidak dapat ditentukan. "
                               "Isi kolom tahun angka_tercetak.csv, lalu ulangi; folder tidak diubah.")
        instansi = str(profil.get("nama") or "").strip() or "(tidak tersedia)"
        kode = f"lkjip-{tahun}"
        files["dokumen_sumber.csv"] = _Berkas(list(SKEMA["dokumen_sumber.csv"].nama_kolom), [{
            "kode": kode, "instansi": instansi, "tahun": str(tahun), "judul": "",
            "keterangan": "dicatat lkjip migrasi: format versi 1 tidak menyebut dokumen sumber"}])
        out.append(f"dokumen_sumber.csv dibuat dengan satu dokumen {kode} ({instansi}, tahun {tahun}): versi 1 "
                   "membandingkan semua angka tercetak folder ini dalam laporan; judul dan tempat tanda tangannya "
                   "dibiarkan kosong (isi dari dokumennya)")
    dokumen = files.get("dokumen_sumber.csv")
    kode_ada = [r["kode"] for r in dokumen.baris] if dokumen else []
    bawaan = kode_ada[-1] if kode_ada else ""
    if angka and "dokumen" not in angka.kolom:
        n = angka.tambah_kolom("dokumen", lambda r: bawaan)
        out.append(f"angka_tercetak.csv: kolom dokumen ditambahkan, diisi {bawaan} pada {n} baris")
    if catatan and "dokumen" not in catatan.kolom:
        n = catatan.tambah_kolom("dokumen", lambda r: bawaan)
        out.append(f"catatan_sumber.csv: kolom dokumen ditambahkan, diisi {bawaan} pada {n} baris")
    if catatan and "jenis" not in catatan.kolom:
        n = catatan.tambah_kolom("jenis", lambda r: "beda_antar_tabel")
        out.append(f"catatan_sumber.csv: kolom jenis ditambahkan, diisi beda_antar_tabel pada {n} baris (versi 1 "
                   "mendaftar setiap catatan sebagai nilai yang tercetak berbeda di dua tempat); ubah menjadi "
                   "transkripsi untuk catatan tentang cara membaca sumber")
    return out


def _ke_3(files: dict[str, _Berkas], profil: dict) -> list[str]:
    """Version 2 -> 3: the year of the SAKIP evaluation each recommendation came from."""
    rekom = files.get("sakip_rekomendasi.csv")
    if rekom is None or "tahun" in rekom.kolom:
        return []
    komponen = files.get("sakip_komponen.csv")
    years = sorted({y for y in (_tahun(r.get("tahun", "")) for r in (komponen.baris if komponen else [])) if y})
    dokumen = files.get("dokumen_sumber.csv")
    doc_years = sorted({y for y in (_tahun(r.get("tahun", "")) for r in (dokumen.baris if dokumen else [])) if y})
    if len(years) == 1:
        tahun, asal = years[0], "satu-satunya tahun di sakip_komponen.csv"
    elif doc_years:
        tahun, asal = doc_years[-1], "tahun dokumen sumber folder ini"
    else:
        tahun, asal = _tahun_realisasi_terakhir(files), "tahun realisasi terakhir"
    if tahun is None and rekom.baris:
        raise MigrasiError("sakip_rekomendasi.csv: tahun evaluasinya tidak dapat ditentukan (sakip_komponen.csv, "
                           "dokumen_sumber.csv dan realisasi.csv tidak berisi tahun). Tambahkan kolom tahun "
                           "sendiri, lalu ulangi; folder tidak diubah.")
    n = rekom.tambah_kolom("tahun", lambda r: tahun or "")
    return [f"sakip_rekomendasi.csv: kolom tahun ditambahkan, diisi {tahun} ({asal}) pada {n} baris; versi 2 "
            "menampilkan rekomendasi di setiap laporan, kini hanya di laporan tahun itu"]


def _ke_4(files: dict[str, _Berkas], profil: dict) -> list[str]:
    """Version 3 -> 4: realisasi as printed, for letter grades."""
    realisasi = files.get("realisasi.csv")
    if realisasi is None or "teks_tercetak" in realisasi.kolom:
        return []
    realisasi.tambah_kolom("teks_tercetak")
    return ["realisasi.csv: kolom teks_tercetak ditambahkan (kosong)"]


def _ke_5(files: dict[str, _Berkas], profil: dict) -> list[str]:
    """Version 4 -> 5: every optional column present (empty when it was left out)."""
    out = []
    for berkas, f in files.items():
        absent = [k for k in SKEMA[berkas].nama_kolom if k not in f.kolom]
        for kolom in absent:
            f.tambah_kolom(kolom)
        if absent:
            out.append(f"{berkas}: kolom {', '.join(absent)} ditambahkan (kosong)")
    out.append(f"{BERKAS_VERSI} dibuat: folder mencatat versi formatnya ({VERSI_FORMAT})")
    return out


LANGKAH = {2: _ke_2, 3: _ke_3, 4: _ke_4, 5: _ke_5}


def _teks(berkas: str, f: _Berkas) -> str:
    """A file in the canonical form, its columns in schema order (unknown ones after, for the
    loader to name)."""
    order = [k for k in SKEMA[berkas].nama_kolom if k in f.kolom] + [k for k in f.kolom if k not in SKEMA[berkas].nama_kolom]
    return teks_csv([order, *([row.get(k, "") for k in order] for row in f.baris)])


def migrasi(data_dir: str | Path, slug: str, coba: bool = False) -> HasilMigrasi:
    """Upgrade ``data_dir/slug`` to the current format version (see the module docstring)."""
    from lkjip.core.berkas import ganti_folder, pulihkan_folder_data
    from lkjip.inputs.muat import muat_dinas
    from lkjip.inputs.params import periksa_dinas

    if problem := periksa_dinas(slug):
        raise MigrasiError(f"nama dinas tidak sah: {problem}.")
    data_dir = Path(data_dir)
    folder = data_dir / slug
    pulihkan_folder_data(folder)
    if not folder.is_dir():
        raise MigrasiError(f"{folder}: folder data dinas tidak ada.")
    versi = versi_folder(folder)
    if versi.nomor > VERSI_FORMAT:
        raise MigrasiError(f"{folder}: {versi.masalah}; perbarui lkjip. Folder tidak diubah.")
    try:
        profil = muat_yaml((folder / "profil.yaml").read_text(encoding="utf-8-sig")) or {}
    except (OSError, yaml.YAMLError, UnicodeDecodeError):
        profil = {}
    files = _baca(folder)
    hasil = HasilMigrasi(folder, versi.nomor, VERSI_FORMAT)
    for ke in range(versi.nomor + 1, VERSI_FORMAT + 1):
        for line in LANGKAH[ke](files, profil if isinstance(profil, dict) else {}):
            hasil.perubahan.append(f"versi {ke - 1} -> {ke}: {line}")
    teks = {b: _teks(b, f) for b, f in files.items()}
    for berkas, text in teks.items():
        asli = files[berkas].asli
        if asli is None:
            hasil.berkas_berubah.append(berkas)
        elif asli != text.encode("utf-8"):
            try:
                same_cells = kanonik(asli) == text
            except CsvTidakTerbaca:
                same_cells = False
            hasil.berkas_berubah.append(berkas)
            if same_cells:
                hasil.perubahan.append(f"{berkas}: ditulis ulang dalam bentuk CSV baku (isi sama, tanda kutip/pemisah berbeda)")
    versi_lama = (folder / BERKAS_VERSI).read_bytes() if (folder / BERKAS_VERSI).is_file() else None
    if versi_lama != teks_berkas_versi().encode("utf-8"):
        hasil.berkas_berubah.append(BERKAS_VERSI)
        if versi.tercatat or versi.nomor == VERSI_FORMAT:
            hasil.perubahan.append(f"{BERKAS_VERSI}: ditulis ulang (versi {VERSI_FORMAT})")

    def susun(tujuan: Path) -> None:
        shutil.copytree(folder, tujuan, dirs_exist_ok=True)
        for berkas, text in teks.items():
            if berkas in hasil.berkas_berubah:
                (tujuan / berkas).write_bytes(text.encode("utf-8"))
        (tujuan / BERKAS_VERSI).write_bytes(teks_berkas_versi().encode("utf-8"))

    with tempfile.TemporaryDirectory(prefix="lkjip-migrasi-") as scratch:
        susun(Path(scratch) / slug)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # the notes were about the old folder
                muat_dinas(scratch, slug)
        except DataError as exc:
            raise MigrasiError(f"{folder}: setelah dinaikkan ke versi {VERSI_FORMAT} data masih ditolak; folder "
                               "tidak diubah. Perbaiki dulu:\n" + "\n".join(
                                   f"  - {_di_folder(m, Path(scratch) / slug, folder)}" for m in exc.masalah)) from None
    if coba or not hasil.berkas_berubah:
        return hasil
    ganti_folder(folder, susun, MigrasiError, "migrasi batal, folder dinas tetap seperti semula")
    hasil.ditulis = True
    return hasil


def _di_folder(m: Masalah, scratch: Path, folder: Path) -> str:
    """A problem of the staging copy told with the folder's own path."""
    return str(m).replace(str(scratch), str(folder))
