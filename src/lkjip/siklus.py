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

import yaml

from .exceptions import LkjipError
from .params import load_params
from .rencana import baca_rencana, rencana_berlaku
from .skema import SKEMA

#: A slug: lowercase letters, digits and hyphens (the data folder's name).
SLUG = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?$")
PLACEHOLDER = re.compile(r"\{\{.*?\}\}")

#: The order an analyst fills a new agency's files in: each refers only to files above it.
URUTAN_ISI = (
    "profil.yaml", "skala_penilaian.csv", "tujuan_sasaran.csv", "strategi.csv", "anggaran.csv",
    "indikator.csv", "target.csv", "realisasi.csv", "peta_anggaran.csv", "pk_anggaran.csv",
    "data_dasar.csv", "perhitungan.csv", "spm.csv", "pembanding.csv", "penghargaan.csv",
    "sakip_komponen.csv", "sakip_rekomendasi.csv", "dokumen_sumber.csv", "angka_tercetak.csv",
    "catatan_sumber.csv",
)


class SiklusError(LkjipError):
    """A new year or a new agency cannot be prepared (it exists already, a bad name)."""


@dataclass(frozen=True)
class Butir:
    """One line of a checklist: a file (or profile key), what is missing, whether the report needs it."""

    berkas: str
    pesan: str
    wajib: bool = True

    def __str__(self) -> str:
        return f"[{'wajib' if self.wajib else 'pilihan'}] {self.berkas}: {self.pesan}"


def _berkas_wajib() -> set[str]:
    """Data files a report cannot do without rows in: periksa's per-chapter declarations when
    present, else the files every chapter reads (the others may stay empty: parts marked absent)."""
    try:
        from .kebutuhan import KEBUTUHAN  # periksa's declarations (issue 9)
        return {f"{nama}.csv" for k in KEBUTUHAN.values() for nama in k.wajib}
    except ImportError:
        return {"skala_penilaian.csv", "tujuan_sasaran.csv", "indikator.csv", "target.csv", "realisasi.csv"}


def _per_tahun_wajib() -> set[str]:
    """Yearly files a report cannot do without rows of its year (periksa's declaration when present);
    a year without budget or awards still builds, those parts marked absent."""
    try:
        from .kebutuhan import PER_TAHUN
        return set(PER_TAHUN)
    except ImportError:
        return {"target", "realisasi"}


def daftar_kekurangan(data, tahun: int) -> list[Butir]:
    """What the data of an agency still lacks for a report year, file by file in filling order."""
    wajib = _berkas_wajib()
    butir: list[Butir] = []
    renstra = baca_rencana(data.profil, "renstra")
    if rencana_berlaku(data.profil, "renstra", tahun) is None:
        lalu = [p for p in renstra if p.akhir < tahun]
        pesan = (f"tidak ada Renstra yang berlaku untuk {tahun}"
                 + (f" (Renstra {lalu[-1].periode} berakhir {lalu[-1].akhir})" if lalu else "")
                 + "; tambahkan periode baru (misalnya Renstra transisi) di `renstra`, atau biarkan: "
                 "laporan akan menyatakan tidak ada target akhir")
        butir.append(Butir("profil.yaml", pesan, wajib=False))
    if rencana_berlaku(data.profil, "rpjmd", tahun) is None and data.profil.get("rpjmd"):
        butir.append(Butir("profil.yaml", f"tidak ada RPJMD/RPD yang berlaku untuk {tahun}; tambahkan "
                           "periodenya (jenis RPD untuk masa transisi) di `rpjmd`", wajib=False))
    for berkas in URUTAN_ISI:
        skema = SKEMA.get(berkas)
        if skema is None or "tahun" not in skema.nama_kolom or berkas in ("dokumen_sumber.csv", "angka_tercetak.csv"):
            continue  # documents and their printed figures are not rows of a year to roll forward
        frame = data.tabel.get(berkas[:-4])
        if frame is None:
            continue
        ada = int((frame["tahun"] == tahun).sum())
        lalu = int((frame["tahun"] == tahun - 1).sum())
        if berkas == "target.csv":
            butir += _kurang_per_indikator(data, tahun, frame, "target PK", berkas, dokumen=("pk", "pk_perubahan"))
        elif berkas == "realisasi.csv":
            butir += _kurang_per_indikator(data, tahun, frame, "realisasi", berkas)
        elif ada == 0 and (lalu or berkas in wajib):
            perlu = berkas in wajib and berkas[:-4] in _per_tahun_wajib()
            butir.append(Butir(berkas, f"belum ada baris tahun {tahun}"
                               + (f" (tahun {tahun - 1}: {lalu} baris)" if lalu else "")
                               + ("" if perlu else "; tanpa baris ini bagiannya ditandai tidak tersedia"), perlu))
    dokumen = data.tabel.get("dokumen_sumber")
    if dokumen is not None and len(dokumen) and not (dokumen["tahun"] == tahun).any():
        butir.append(Butir("dokumen_sumber.csv", f"tidak ada dokumen sumber tahun {tahun}: lampiran kualitas "
                           "data hanya memeriksa data (isi bila laporan tercetak tahun ini ingin dicocokkan)",
                           wajib=False))
    return butir


def _kurang_per_indikator(data, tahun, frame, apa, berkas, dokumen=None) -> list[Butir]:
    ind = data.tabel["indikator"]
    rows = frame[frame["tahun"] == tahun]
    if dokumen:
        rows = rows[rows["dokumen"].isin(dokumen)]
    rows = rows[rows["nilai"].notna()]
    kurang = [k for k in ind["kode"] if k not in set(rows["indikator"])]
    if not kurang:
        return []
    contoh = ", ".join(kurang[:8]) + (f" dan {len(kurang) - 8} lainnya" if len(kurang) > 8 else "")
    return [Butir(berkas, f"{apa} tahun {tahun} belum ada untuk {len(kurang)} dari {len(ind)} indikator ({contoh})",
                  berkas in _berkas_wajib())]


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
    from .muat import muat_dinas

    root = Path(root)
    params_path = Path(params_path)
    params = load_params(params_path if params_path.exists() else root / params_path)
    baru = params.tahun + 1
    target = root / "params" / f"{params.dinas}-{baru}.yml"
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
nama_singkat: ""        # WAJIB: nama singkat, mis. Dinkes
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
    if not SLUG.match(slug or ""):
        raise SiklusError(f"nama dinas {slug!r} tidak sah: pakai huruf kecil, angka dan tanda hubung, "
                          "mis. kab-contoh-dinkes.")
    folder = root / data_dir / slug
    if folder.exists():
        raise SiklusError(f"{folder}: folder dinas sudah ada; tidak ditimpa.")
    tahun = tahun or dt.date.today().year - 1
    params = root / "params" / f"{slug}-{tahun}.yml"
    if params.exists():
        raise SiklusError(f"{params}: params sudah ada; tidak ditimpa.")
    folder.mkdir(parents=True)
    written = []
    (folder / "profil.yaml").write_text(PROFIL_TEMPLATE.format(slug=slug), encoding="utf-8")
    written.append(folder / "profil.yaml")
    for berkas in URUTAN_ISI[1:] + tuple(b for b in SKEMA if b not in URUTAN_ISI):
        path = folder / berkas
        path.write_text(",".join(SKEMA[berkas].nama_kolom) + "\n", encoding="utf-8")
        written.append(path)
    params.parent.mkdir(parents=True, exist_ok=True)
    params.write_text(f"# LKjIP {tahun} {slug} (dibuat `lkjip dinas-baru`)\ndinas: {slug}\ntahun: {tahun}\n",
                      encoding="utf-8")
    narasi = root / narasi_dir / slug / str(tahun)
    narasi.mkdir(parents=True, exist_ok=True)
    (narasi / "BACA.txt").write_text(NARASI_README.format(slug=slug, tahun=tahun), encoding="utf-8")
    return HasilDinasBaru(folder, params, narasi, written)


def daftar_isian(data_dir: str | Path, slug: str, tahun: int) -> list[Butir]:
    """For a new agency's folder: what to fill in, in order (profile keys first, then the files
    that are still empty), so `periksa` on an untouched scaffold is a to-do list."""
    folder = Path(data_dir) / slug
    butir: list[Butir] = []
    wajib = _berkas_wajib()
    try:
        profil = yaml.safe_load((folder / "profil.yaml").read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError):
        profil = {}
    from .skema import PROFIL_KUNCI
    for kunci, (perlu, _) in PROFIL_KUNCI.items():
        if perlu and profil.get(kunci) in (None, "", [], {}):
            butir.append(Butir("profil.yaml", f"isi `{kunci}`"))
    for berkas in URUTAN_ISI[1:]:
        path = folder / berkas
        if not path.is_file():
            continue
        lines = [line for line in path.read_text(encoding="utf-8-sig").splitlines() if line.strip()]
        if len(lines) <= 1:
            per_tahun = " (baris tahun " + str(tahun) + ")" if "tahun" in SKEMA[berkas].nama_kolom else ""
            butir.append(Butir(berkas, "masih kosong: isi" + per_tahun + " menurut data/README.md"
                               + ("" if berkas in wajib else "; boleh dibiarkan kosong, bagiannya ditandai tidak tersedia"),
                               berkas in wajib))
    return butir


def periksa_kelengkapan(data_dir: str | Path, slug: str, tahun: int, data=None) -> None:
    """Refuse, with the checklist, a report that has nothing to report: a scaffold whose required
    profile keys or files are still empty, or a year with neither targets nor realisasi. A year that
    lacks only some parts (no budget, no awards) builds, with those parts marked absent.

    ``data``: the agency's data when the caller has already loaded and validated it (the build
    does), so it is not read a second time."""
    from .muat import muat_dinas

    isian = daftar_isian(data_dir, slug, tahun)
    wajib = [b for b in isian if b.wajib]
    # a (nearly) untouched scaffold gets the ordered to-do list; one empty file of an agency that is
    # otherwise filled gets periksa's own message about that file
    if any(b.berkas == "profil.yaml" for b in wajib) or len(wajib) >= 2:
        raise SiklusError(f"Data {slug} belum lengkap untuk laporan {tahun}. Isi berurutan "
                          "(lihat data/README.md):\n" + "\n".join(f"  {i}. {b}" for i, b in enumerate(isian, 1)))
    if wajib:
        return  # periksa names the one empty file
    import warnings
    from .exceptions import DataError
    if data is None:
        try:
            with warnings.catch_warnings():  # periksa's own load reports the CSV dialect notes, once
                warnings.simplefilter("ignore")
                data = muat_dinas(data_dir, slug)
        except DataError:
            return  # periksa's own load names every problem
    kosong = [b for b in ("target", "realisasi") if not (data.tabel[b]["tahun"] == tahun).any()]
    if len(kosong) == 2:
        kurang = daftar_kekurangan(data, tahun)
        raise SiklusError(f"Data {slug} belum berisi tahun {tahun}: target.csv dan realisasi.csv tidak punya "
                          f"baris tahun {tahun}. Yang masih kurang:\n"
                          + "\n".join(f"  {i}. {b}" for i, b in enumerate(kurang, 1)))
