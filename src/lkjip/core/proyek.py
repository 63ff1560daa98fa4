"""The project's folders, named once: where params, notebooks and builds live under its root.

Every command and the build take a project root (``--root``, default the working folder) and
find everything else from it; nothing else in the package spells ``root / "build"``. The folders
a params file may move (``data_dir``, ``narasi_dir``) are the params file's, not this object's.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Proyek:
    """One project root and the folders under it."""

    root: Path

    @classmethod
    def di(cls, root: str | Path = ".") -> "Proyek":
        """The project at ``root``, resolved (so messages and containment checks agree)."""
        return cls(Path(root).resolve())

    @property
    def params(self) -> Path:
        """``params/``: one YAML file per report."""
        return self.root / "params"

    @property
    def notebooks(self) -> Path:
        """``notebooks/``: the chapter notebooks."""
        return self.root / "notebooks"

    @property
    def build(self) -> Path:
        """``build/``: every built report, the site index and the command outputs below."""
        return self.root / "build"

    def keluaran(self, out_dir: str | Path | None = None) -> Path:
        """Where reports are built: ``out_dir`` when given (tests, benchmarks), else ``build/``."""
        return Path(out_dir).resolve() if out_dir is not None else self.build

    @property
    def periksa(self) -> Path:
        """``build/periksa/``: the findings ``lkjip periksa`` writes (never inside a built report)."""
        return self.build / "periksa"

    @property
    def excel(self) -> Path:
        """``build/excel/``: workbooks ``lkjip excel ekspor`` writes by default."""
        return self.build / "excel"

    def berkas_params(self, path: str | Path) -> Path:
        """A params file named on the command line: as typed when it exists (relative to the working
        folder), else relative to the root when it exists there, else as typed (so the message
        about the missing file names what the user typed)."""
        path = Path(path)
        if not path.exists() and not path.is_absolute() and (self.root / path).exists():
            return self.root / path
        return path
