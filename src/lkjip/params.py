"""Params files: one YAML file per report (agency and year), passed to every chapter notebook.

A params file is configuration, kept apart from the logic: the same notebooks build any agency
and year by pointing at another params file.
"""
from __future__ import annotations

from dataclasses import dataclass, asdict
from pathlib import Path

import yaml

from .exceptions import ParamsError

#: Every key a params file may hold, with its meaning (the README and a test read this).
PARAMS_KEYS: dict[str, str] = {
    "dinas": "slug of the agency: the folder name under data/ (e.g. kota-malang-dinsos-p3ap2kb)",
    "tahun": "reporting year (e.g. 2023)",
    "data_dir": "folder holding the agency folders, relative to the project root (default data)",
    "narasi_dir": "folder holding the narrative files, relative to the project root (default narasi)",
}

REQUIRED = ("dinas", "tahun")


@dataclass(frozen=True)
class Params:
    dinas: str
    tahun: int
    data_dir: str = "data"
    narasi_dir: str = "narasi"

    @property
    def nama_laporan(self) -> str:
        """Name of the report's build folder: `<dinas>-<tahun>`."""
        return f"{self.dinas}-{self.tahun}"

    def as_notebook_parameters(self, root: Path) -> dict:
        """Parameters for papermill, with folders made absolute against the project root."""
        values = asdict(self)
        values["data_dir"] = str((root / self.data_dir).resolve())
        values["narasi_dir"] = str((root / self.narasi_dir).resolve())
        return values


def load_params(path: str | Path) -> Params:
    """Read and check a params file; every problem ends in a ParamsError naming the file."""
    path = Path(path)
    if not path.is_file():
        raise ParamsError(f"{path}: berkas params tidak ditemukan. Buat berkas YAML dengan kunci {', '.join(REQUIRED)}.")
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise ParamsError(f"{path}: bukan YAML yang sah ({exc}).") from None
    if not isinstance(raw, dict):
        raise ParamsError(f"{path}: isi berkas harus berupa pasangan kunci: nilai.")
    unknown = sorted(set(raw) - set(PARAMS_KEYS))
    missing = [k for k in REQUIRED if k not in raw]
    problems = []
    if unknown:
        problems.append(f"kunci tidak dikenal: {', '.join(unknown)} (kunci yang sah: {', '.join(PARAMS_KEYS)})")
    if missing:
        problems.append(f"kunci wajib tidak ada: {', '.join(missing)}")
    tahun = raw.get("tahun")
    if "tahun" in raw and not (isinstance(tahun, int) and 1900 < tahun < 2200):
        problems.append(f"'tahun' harus bilangan tahun seperti 2023, ditemukan {tahun!r}")
    if problems:
        raise ParamsError(f"{path}: " + "; ".join(problems) + ".")
    return Params(**{k: raw[k] for k in raw})
