"""Fingerprints (sidik jari) of what a report is built from, so an unchanged report is not built again.

Why: an analyst who edits one sentence of narrative should wait for one chapter, not the whole
report, and a rebuild with nothing changed should take well under a second. A chapter's executed
notebook and its ``tabel/*.csv`` depend only on

* what every chapter shares: the agency's data, the params, the ``lkjip`` package (its
  source) and the Python that runs the kernels (``bersama``);
* its own notebook;
* the narrative files it looked for while it ran (recorded in a trace file named by the build,
  see :mod:`lkjip.inputs.berkas_narasi`, absent files included, so creating one counts as a change).

The book assembly additionally depends on the template ``_quarto.yml``, the files beside the
notebooks, the chapter list and how it is rendered. All of this is written into ``build.json`` of
the published report and compared at the next build, before any validation or kernel starts.
Everything here is hashing of files: nothing imports pandas, papermill or Jupyter.
"""
from __future__ import annotations

import hashlib
import json
import sys
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable

from lkjip.publish.info import baca_info

#: Bump when the layout of the fingerprint in build.json changes: older reports are rebuilt.
VERSI_SIDIK = 1


def _hash_file(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def hash_folder(folder: Path, skip: Iterable[str] = ("__pycache__",)) -> str:
    """Names (relative) and contents of every file under ``folder``; a missing folder hashes too."""
    digest = hashlib.sha256()
    skipped = set(skip)
    if folder.is_dir():
        for path in sorted(folder.rglob("*")):
            relative = path.relative_to(folder)
            if path.is_file() and not skipped.intersection(relative.parts):
                digest.update(str(relative.as_posix()).encode() + b"\0" + path.read_bytes() + b"\0")
    else:
        digest.update(b"<tidak ada>")
    return digest.hexdigest()


@lru_cache(maxsize=1)
def package_fingerprint() -> str:
    """Every source file of ``lkjip`` (modules, templates, styles): a code change rebuilds
    everything. The source, not the version number: an editable install keeps its version while
    its code changes, and a new release changes its source anyway (and reading the installed
    version through importlib.metadata would cost a no-op rebuild a sixth of its second)."""
    return hash_folder(Path(__file__).resolve().parents[1])


def shared_fingerprint(data_folder: Path, params: dict, snapshot_hash: str | None = None) -> str:
    """What every chapter of a report reads: data (the validated snapshot's hash when there is one,
    else the agency's data folder), params, the package and the interpreter running the kernels."""
    parts = {
        "data": snapshot_hash or hash_folder(data_folder),
        "params": params,
        "paket": package_fingerprint(),
        "python": [sys.executable, sys.version],
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()


def narrative_state(paths: Iterable[str], root: Path) -> dict[str, str | None]:
    """Content hash of each narrative file (relative to ``root`` when inside it), None when absent."""
    state: dict[str, str | None] = {}
    for name in paths:
        path = Path(name) if Path(name).is_absolute() else root / name
        state[name] = _hash_file(path) if path.is_file() else None
    return state


@dataclass
class ChapterPrint:
    """What one executed chapter depended on and what it wrote (paths relative to the report)."""

    notebook: str
    narasi: dict[str, str | None] = field(default_factory=dict)
    keluaran: list[str] = field(default_factory=list)


@dataclass
class ReportPrint:
    """The fingerprint of one report build, as stored in ``build.json`` under ``sidik``."""

    bersama: str
    buku: str
    bab: dict[str, ChapterPrint] = field(default_factory=dict)
    versi: int = VERSI_SIDIK

    def as_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_build_info(cls, info: dict) -> "ReportPrint | None":
        raw = info.get("sidik")
        if not isinstance(raw, dict) or raw.get("versi") != VERSI_SIDIK:
            return None
        try:
            return cls(raw["bersama"], raw["buku"], {name: ChapterPrint(**c) for name, c in raw["bab"].items()})
        except (KeyError, TypeError):
            return None


def book_fingerprint(template_file: Path, chapters: list, render: str) -> str:
    """The book assembly: template, chapter list and places, files beside the notebooks, renderer."""
    digest = hashlib.sha256()
    digest.update(template_file.read_bytes() if template_file.is_file() else b"")
    digest.update(render.encode())
    for folder in sorted({chapter.source.parent for chapter in chapters}):
        for path in sorted(folder.iterdir()):
            if path.is_file() and path.suffix != ".ipynb":
                digest.update(path.name.encode() + b"\0" + path.read_bytes())
    for chapter in chapters:
        digest.update(f"{chapter.source.name}:{chapter.appendix}\0".encode())
    return digest.hexdigest()


def notebook_fingerprint(path: Path) -> str:
    return _hash_file(path)


def reusable_chapter(previous: ReportPrint | None, current_shared: str, chapter_file: str,
                     notebook_hash: str, published: Path, root: Path) -> ChapterPrint | None:
    """The previous build's record of a chapter when nothing it depended on changed and its
    executed notebook and outputs are still there; None when it must run again."""
    if previous is None or previous.bersama != current_shared:
        return None
    before = previous.bab.get(chapter_file)
    if before is None or before.notebook != notebook_hash:
        return None
    if narrative_state(before.narasi, root) != before.narasi:
        return None
    files = [chapter_file, *before.keluaran]
    if not all((published / name).is_file() for name in files):
        return None
    return before


def read_previous(published: Path) -> tuple[dict, ReportPrint | None]:
    """The published report's build.json and its fingerprint (None when absent or older)."""
    info = baca_info(published)
    return info, ReportPrint.from_build_info(info)
