"""Params files: one YAML file per report (agency and year), passed to every chapter notebook.

A params file is configuration, kept apart from the logic: the same notebooks build any agency
and year by pointing at another params file.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path

import yaml

from lkjip.core.exceptions import ParamsError
from lkjip.core.proyek import Proyek
from lkjip.inputs.yaml_aman import YamlTidakAman, muat_yaml

#: Every key a params file may hold, with its meaning (the README and a test read this).
PARAMS_KEYS: dict[str, str] = {
    "dinas": "slug of the agency: the folder name under data/ (e.g. kota-malang-dinsos-p3ap2kb)",
    "tahun": "reporting year (e.g. 2023)",
    "data_dir": "folder holding the agency folders, relative to the project root (default data)",
    "narasi_dir": "folder holding the narrative files, relative to the project root (default narasi)",
    "cetak": "how the PDF book is printed: satu-sisi (default: single-sided, read on screen or printed on one "
             "side) or bolak-balik (double-sided: chapters open on a right-hand page, margins mirrored)",
    "reviu_lampiran": ("true: the book also carries the Catatan Reviu as its last appendix (default false: the "
                       "review is only its own document beside the book)"),
    "alamat_unduh": ("web address where the HTML book and its tables' CSV files are published; the PDF and DOCX "
                     "name it in the one sentence that says where the tables can be downloaded (default: none)"),
}

#: The values of ``cetak``.
CETAK = ("satu-sisi", "bolak-balik")

REQUIRED = ("dinas", "tahun")

#: A slug: lowercase letters and digits in words joined by single hyphens (a folder name that
#: cannot climb out of data/, hide itself or surprise a shell), at most SLUG_MAX characters.
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
SLUG_MAX = 80
#: Plausible report years: SAKIP reporting began with Inpres 7/1999; a plan reaches a few years ahead.
TAHUN_AWAL = 1999
TAHUN_DEPAN = 10


@dataclass(frozen=True)
class Params:
    dinas: str
    tahun: int
    data_dir: str = "data"
    narasi_dir: str = "narasi"
    cetak: str = "satu-sisi"
    reviu_lampiran: bool = False
    alamat_unduh: str | None = None

    @property
    def nama_laporan(self) -> str:
        """Name of the report's build folder: `<dinas>-<tahun>`."""
        return f"{self.dinas}-{self.tahun}"

    def as_notebook_parameters(self, root: Path) -> dict:
        """Parameters for papermill, with folders made absolute against the project root."""
        values = asdict(self)
        del values["cetak"]  # a layout choice of the book, not a parameter of the chapters
        values["data_dir"] = str((root / self.data_dir).resolve())
        values["narasi_dir"] = str((root / self.narasi_dir).resolve())
        return values


def periksa_dinas(dinas) -> str | None:
    """Why ``dinas`` is not a usable agency slug, or None when it is (params, `--dinas` options)."""
    if not isinstance(dinas, str):
        return (f"'dinas' harus teks slug seperti kota-malang-dinsos, ditemukan {dinas!r}; "
                "tulis nama folder data dinas (huruf kecil, angka, tanda hubung)")
    if not dinas:
        return "'dinas' kosong; tulis nama folder data dinas, mis. kota-malang-dinsos"
    if len(dinas) > SLUG_MAX:
        return f"'dinas' terlalu panjang ({len(dinas)} karakter, paling banyak {SLUG_MAX}); pakai singkatan"
    if not SLUG.fullmatch(dinas):
        return (f"'dinas' bukan slug (slug): {dinas!r}; pakai hanya huruf kecil a-z, angka dan tanda hubung "
                "di antara kata, tanpa garis miring, titik atau spasi, mis. kota-malang-dinsos")
    return None


def _periksa_tahun(tahun) -> tuple[int | None, str | None]:
    akhir = date.today().year + TAHUN_DEPAN
    if isinstance(tahun, str) and re.fullmatch(r"[0-9]{4}", tahun.strip()):
        tahun = int(tahun)
    if isinstance(tahun, bool) or not isinstance(tahun, int):
        return None, f"'tahun' harus bilangan tahun empat angka seperti 2023, ditemukan {tahun!r}"
    if not TAHUN_AWAL <= tahun <= akhir:
        return None, f"'tahun' {tahun} tidak masuk akal; diharapkan tahun antara {TAHUN_AWAL} dan {akhir}"
    return tahun, None


def _periksa_folder(key: str, value) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return f"'{key}' harus teks nama folder relatif terhadap akar proyek, ditemukan {value!r}"
    path = Path(value)
    if path.is_absolute() or ".." in path.parts:
        return (f"'{key}' harus folder di dalam proyek (relatif, tanpa '..'), ditemukan {value!r}; "
                f"hapus kunci ini untuk memakai bawaan")
    return None


def _periksa_alamat(value) -> str | None:
    """A web address the PDF prints: http(s), no spaces or markup characters."""
    if value is None:
        return None
    if not isinstance(value, str) or not re.fullmatch(r"https?://[^\s<>\[\]()`\\\"']+", value.strip()):
        return (f"'alamat_unduh' harus alamat web lengkap seperti https://sakip.malangkota.go.id/lkjip/, "
                f"ditemukan {value!r}")
    return None


def load_params(path: str | Path, root: str | Path | None = None) -> Params:
    """Read and check a params file against its schema; every problem ends in a ParamsError
    naming the file and the key. With ``root`` (the project root) the agency's data folder
    must also exist there."""
    path = Path(path)
    if not path.is_file():
        raise ParamsError(f"{path}: berkas params tidak ditemukan. Buat berkas YAML dengan kunci {', '.join(REQUIRED)}.")
    try:
        raw = muat_yaml(path.read_text(encoding="utf-8")) or {}
    except YamlTidakAman as exc:
        raise ParamsError(f"{path}: {exc}.") from None
    except yaml.YAMLError as exc:
        raise ParamsError(f"{path}: bukan YAML yang sah ({exc}).") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ParamsError(f"{path}: berkas params tidak dapat dibaca ({exc}); simpan sebagai teks UTF-8.") from None
    if not isinstance(raw, dict):
        raise ParamsError(f"{path}: isi berkas harus berupa pasangan kunci: nilai.")
    problems = []
    for key in sorted(map(str, set(raw) - set(PARAMS_KEYS))):
        near = difflib.get_close_matches(key, list(PARAMS_KEYS), n=1)
        hint = f" (maksudnya '{near[0]}'?)" if near else ""
        problems.append(f"kunci tidak dikenal (unknown key) '{key}'{hint}; kunci yang sah: {', '.join(PARAMS_KEYS)}")
    missing = [k for k in REQUIRED if k not in raw]
    if missing:
        problems.append(f"kunci wajib tidak ada: {', '.join(missing)}")
    if "dinas" in raw and (problem := periksa_dinas(raw["dinas"])):
        problems.append(problem)
    tahun = None
    if "tahun" in raw:
        tahun, problem = _periksa_tahun(raw["tahun"])
        if problem:
            problems.append(problem)
    for key in ("data_dir", "narasi_dir"):
        if key in raw and (problem := _periksa_folder(key, raw[key])):
            problems.append(problem)
    if "cetak" in raw and raw["cetak"] not in CETAK:
        problems.append(f"'cetak' harus salah satu dari {', '.join(CETAK)}, ditemukan {raw['cetak']!r}")
    if "reviu_lampiran" in raw and not isinstance(raw["reviu_lampiran"], bool):
        problems.append(f"'reviu_lampiran' harus true atau false, ditemukan {raw['reviu_lampiran']!r}")
    if "alamat_unduh" in raw and (problem := _periksa_alamat(raw["alamat_unduh"])):
        problems.append(problem)
    if problems:
        raise ParamsError(f"{path}: " + "; ".join(problems) + ".")
    params = Params(**{k: raw[k] for k in raw} | {"tahun": tahun})
    if root is not None:
        periksa_folder_data(params, root, path)
    return params


def periksa_folder_data(params: Params, root: str | Path, sumber: str | Path = "params") -> None:
    """The agency's data folder exists under the project root (after recovering a swap of it that
    a crash interrupted)."""
    from lkjip.core.berkas import pulihkan_folder_data

    data = Path(root) / params.data_dir
    folder = data / params.dinas
    pulihkan_folder_data(folder)
    if not folder.is_dir():
        known = sorted(p.name for p in data.iterdir() if p.is_dir()) if data.is_dir() else []
        near = difflib.get_close_matches(params.dinas, known, n=1)
        hint = (f" Mungkin maksudnya '{near[0]}'." if near else
                f" Dinas yang ada: {', '.join(known)}." if known else "")
        raise ParamsError(f"{sumber}: 'dinas' {params.dinas!r} tidak punya folder data {folder}.{hint} "
                          "Buat foldernya atau perbaiki nama dinas.")


def params_files(root: str | Path) -> list[Path]:
    """Every report's params file: ``params/*.yml`` under the project root, sorted."""
    folder = Proyek.di(root).params
    files = sorted(folder.glob("*.yml"))
    if not files:
        raise ParamsError(f"{folder}: tidak ada berkas params *.yml.")
    return files
