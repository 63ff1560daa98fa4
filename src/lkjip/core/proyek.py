"""The project's folders, named once: where params, notebooks and builds live under its root.

Every command and the build take a project root (``--root``, default the working folder) and
find everything else from it; nothing else in the package spells ``root / "build"``. The folders
a params file may move (``data_dir``, ``narasi_dir``) are the params file's, not this object's.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


#: Each folder of a project, relative to its root.
FOLDER = {
    "params": "params",                # one YAML file per report
    "notebooks": "notebooks",          # the chapter notebooks
    "build": "build",                  # every built report, the site index, the command outputs below
    "periksa": "build/periksa",        # the findings `lkjip periksa` writes (never inside a built report)
    "excel": "build/excel",            # workbooks `lkjip excel ekspor` writes by default
}


@dataclass(frozen=True)
class Proyek:
    """One project root and the folders under it (``FOLDER``), as attributes: ``Proyek.di(".").build``."""

    root: Path
    params: Path = field(init=False)
    notebooks: Path = field(init=False)
    build: Path = field(init=False)
    periksa: Path = field(init=False)
    excel: Path = field(init=False)

    def __post_init__(self) -> None:
        for name, relative in FOLDER.items():
            object.__setattr__(self, name, self.root / relative)

    @classmethod
    def di(cls, root: str | Path = ".") -> "Proyek":
        """The project at ``root``, resolved (so messages and containment checks agree)."""
        return cls(Path(root).resolve())

    def keluaran(self, out_dir: str | Path | None = None) -> Path:
        """Where reports are built: ``out_dir`` when given (tests, benchmarks), else ``build/``."""
        return Path(out_dir).resolve() if out_dir is not None else self.build

    def berkas_params(self, path: str | Path) -> Path:
        """A params file named on the command line: as typed when it exists (relative to the working
        folder), else relative to the root when it exists there, else as typed (so the message
        about the missing file names what the user typed)."""
        path = Path(path)
        if not path.exists() and not path.is_absolute() and (self.root / path).exists():
            return self.root / path
        return path
