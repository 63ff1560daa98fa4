"""The yearly cycle: next year's report of an agency (`lkjip tahun-baru`) and a new agency
(`lkjip dinas-baru`).

Next year is a matter of data and a params file: `tahun_baru` writes the params, copies the
narrative with every year and figure left to placeholders, and lists, file by file, the data the
new year still lacks. A new agency is a folder of templates: `dinas_baru` writes every data file
with its header, a profil.yaml whose comments say what each key holds, a params file and an empty
narrative folder; `lkjip periksa` on the untouched scaffold then lists what to fill in, in order.
"""
from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from lkjip.core.exceptions import SiklusError
from lkjip.core.proyek import Proyek
from lkjip.inputs.dialek import tulis_csv
from lkjip.inputs.kelengkapan import URUTAN_ISI, Butir, daftar_kekurangan
from lkjip.inputs.muat import muat_dinas
from lkjip.inputs.params import load_params, periksa_dinas
from lkjip.inputs.skema import SKEMA
from lkjip.inputs.versi import BERKAS_VERSI, teks_berkas_versi

PLACEHOLDER = re.compile(r"\{\{.*?\}\}")


# --- tahun-baru -------------------------------------------------------------------------------
@dataclass
class HasilTahunBaru:
    params: Path
    narasi: Path | None
    kekurangan: list[Butir]
    angka_narasi: list[str]


def _tahun_ke_placeholder(text: str, tahun: int) -> str:
    """The report year and the year before, written as digits in last year's narrative, become
    placeholders (outside existing ones), so the copy speaks of the new year: in a 2023 text,
    `2023` -> `{{ tahun }}` and `2022` -> `{{ tahun_lalu }}`."""
    parts = re.split(r"(\{\{.*?\}\})", text)
    names = {str(tahun): "{{ tahun }}", str(tahun - 1): "{{ tahun_lalu }}"}
    for i, part in enumerate(parts):
        if not part.startswith("{{"):
            for literal, placeholder in names.items():
                part = re.sub(rf"(?<!\d){literal}(?!\d)", placeholder, part)
            parts[i] = part
    return "".join(parts)


def _angka_literal(path: Path, relatif: str) -> list[str]:
    """Literal numbers left in a copied narrative file (figures of last year, to check)."""
    found = []
    for nomor, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        bare = PLACEHOLDER.sub("", line)
        bare = re.sub(r"^\s*\d+\.\s", "", bare)  # list numbering
        for match in re.finditer(r"(?<![\w.,])\d[\d.,]*\d(?![\w])|(?<![\w.,])\d{2,}(?![\w])", bare):
            found.append(f"{relatif}:{nomor}: angka tertulis {match.group(0)!r}")
    return found


def tahun_baru(params_path: str | Path, root: str | Path = ".") -> HasilTahunBaru:
    """Prepare next year's report of the agency a params file names (see module docstring)."""
    root = Path(root)
    proyek = Proyek.di(root)
    params_path = proyek.berkas_params(params_path)
    params = load_params(params_path, root)  # the data folder exists (a swap a crash left recovered)
    baru = params.tahun + 1
    target = proyek.params / f"{params.dinas}-{baru}.yml"
    if target.exists():
        raise SiklusError(f"{target}: params tahun {baru} sudah ada; tidak ditimpa. Hapus dulu bila ingin membuat ulang.")
    narasi_lama = root / params.narasi_dir / params.dinas / str(params.tahun)
    narasi_baru = root / params.narasi_dir / params.dinas / str(baru)
    if narasi_baru.exists():
        raise SiklusError(f"{narasi_baru}: narasi tahun {baru} sudah ada; tidak ditimpa.")
    data = muat_dinas(root / params.data_dir, params.dinas)

    lines = [f"# LKjIP {baru} {data.profil.get('nama_singkat') or params.dinas} (dibuat `lkjip tahun-baru` dari {params_path.name})",
             f"dinas: {params.dinas}", f"tahun: {baru}"]
    if params.data_dir != "data":
        lines.append(f"data_dir: {params.data_dir}")
    if params.narasi_dir != "narasi":
        lines.append(f"narasi_dir: {params.narasi_dir}")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")

    angka: list[str] = []
    copied = None
    if narasi_lama.is_dir():
        shutil.copytree(narasi_lama, narasi_baru)
        for path in sorted(narasi_baru.rglob("*.md")):
            path.write_text(_tahun_ke_placeholder(path.read_text(encoding="utf-8"), params.tahun), encoding="utf-8")
            angka += _angka_literal(path, path.relative_to(root).as_posix())
        copied = narasi_baru
    return HasilTahunBaru(target, copied, daftar_kekurangan(data, baru), angka)


# --- dinas-baru -------------------------------------------------------------------------------
PROFIL_TEMPLATE = """\
# Profil {slug}. Isi setiap kunci dari dokumen resmi dinas (lihat data/README.md bagian profil.yaml).
# Kunci bertanda WAJIB harus diisi; kunci lain boleh dibiarkan kosong ("" atau []) bila sumber tidak
# menyebutkannya: laporan mencetaknya "tidak tersedia", tidak pernah mengarang isinya.
nama: ""                # WAJIB: nama lengkap perangkat daerah, mis. Dinas Kesehatan
nama_singkat: ""        # nama singkat, mis. Dinkes (kosong: laporan memakai nama lengkap)
wilayah: ""             # WAJIB: nama daerah tanpa jenisnya, mis. Malang
jenis_wilayah: ""       # WAJIB: kota atau kabupaten
provinsi: ""
kepala:                 # pejabat penandatangan laporan
  nama: ""
  jabatan: ""
  pangkat: ""
  nip: ""
penandatanganan:
  tempat: ""
  tanggal: ""           # YYYY-MM-DD
renstra:                # satu periode, atau daftar periode (- awal: ... ) bila Renstra berganti
  awal: ""              # tahun pertama, mis. 2025
  akhir: ""             # tahun terakhir, mis. 2029
  dokumen: ""           # judul dokumen Renstra
rpjmd:
  jenis: RPJMD          # RPJMD, atau RPD untuk masa transisi
  awal: ""
  akhir: ""
  dokumen: ""
visi: ""
misi: []                # daftar: - nomor: 1 / uraian: ...
misi_didukung: []       # nomor misi yang didukung tujuan dinas
tugas: ""
dasar_tugas: ""         # peraturan yang menetapkan tugas dan fungsi
fungsi: []
unit_organisasi: []     # daftar: - nama: ... / induk: (kosong untuk pimpinan)
isu_strategis: []
landasan_hukum: []
sumber_dokumen: ""
pelaporan:              # fakta di luar halaman laporan, untuk daftar periksa LKE (lkjip periksa --lke)
  tanggal_penyampaian: ""   # YYYY-MM-DD: laporan disampaikan/diunggah
  tanggal_reviu: ""         # YYYY-MM-DD: laporan hasil reviu APIP
  pereviu: ""               # mis. Inspektorat Kabupaten ...
  tanggal_publikasi: ""     # YYYY-MM-DD
  tautan_publikasi: ""      # https://... tempat laporan diterbitkan
  laporan_berkala: ""       # mis. laporan kinerja triwulanan
metode:                 # WAJIB: cara menghitung, lihat data/README.md
  capaian_negatif: 2T-R # 2T-R atau T/R: rumus capaian indikator negatif
  efisiensi: indikator  # indikator atau sasaran
  kelompok_bab3: sasaran  # sasaran atau urusan
"""

NARASI_README = """\
# Narasi {slug} {tahun}

Tulis paragraf pengganti di berkas Markdown di folder ini, dinamai menurut tempatnya di laporan
(daftar tempat dan nama placeholder: docs/narasi.md), mis. `kata_pengantar.md`, `indikator/I01.md`.
Angka ditulis sebagai placeholder (`{{{{ I01.capaian }}}}`, `{{{{ tahun }}}}`), tidak diketik, agar
tahun berikutnya cukup mengganti data. Tanpa berkas narasi laporan memakai uraian bawaan.
"""


@dataclass
class HasilDinasBaru:
    folder: Path
    params: Path
    narasi: Path
    berkas: list[Path]


def dinas_baru(slug: str, root: str | Path = ".", tahun: int | None = None,
               data_dir: str = "data", narasi_dir: str = "narasi") -> HasilDinasBaru:
    """Scaffold a new agency: data templates, commented profil.yaml, params and a narrative folder."""
    import datetime as dt

    root = Path(root)
    if problem := periksa_dinas(slug):
        raise SiklusError(f"nama dinas tidak sah: {problem}.")
    folder = root / data_dir / slug
    if folder.exists():
        raise SiklusError(f"{folder}: folder dinas sudah ada; tidak ditimpa.")
    tahun = tahun or dt.date.today().year - 1
    params = Proyek.di(root).params / f"{slug}-{tahun}.yml"
    if params.exists():
        raise SiklusError(f"{params}: params sudah ada; tidak ditimpa.")
    folder.mkdir(parents=True)
    written = []
    (folder / "profil.yaml").write_text(PROFIL_TEMPLATE.format(slug=slug), encoding="utf-8")
    written.append(folder / "profil.yaml")
    for berkas in URUTAN_ISI[1:] + tuple(b for b in SKEMA if b not in URUTAN_ISI):
        path = folder / berkas
        tulis_csv(path, [SKEMA[berkas].nama_kolom])
        written.append(path)
    (folder / BERKAS_VERSI).write_text(teks_berkas_versi(), encoding="utf-8")
    written.append(folder / BERKAS_VERSI)
    params.parent.mkdir(parents=True, exist_ok=True)
    params.write_text(f"# LKjIP {tahun} {slug} (dibuat `lkjip dinas-baru`)\ndinas: {slug}\ntahun: {tahun}\n",
                      encoding="utf-8")
    narasi = root / narasi_dir / slug / str(tahun)
    narasi.mkdir(parents=True, exist_ok=True)
    (narasi / "BACA.txt").write_text(NARASI_README.format(slug=slug, tahun=tahun), encoding="utf-8")
    return HasilDinasBaru(folder, params, narasi, written)


