"""Publishing a built report: swap the staging folder into place, write files atomically.

Everything is written into a private staging folder and swapped into ``build/<dinas>-<tahun>/``
only when every step succeeded, so a failed run leaves the last good report untouched.
"""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path


def shown(path: Path) -> str:
    """A path as the user typed it: relative to the working folder when inside it."""
    try:
        return str(Path(path).resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def swap_into_place(staging: Path, final: Path) -> None:
    """Replace ``final`` by ``staging`` with two renames, so readers never see half a report."""
    backup = None
    if final.exists():
        backup = Path(tempfile.mkdtemp(prefix=f".old-{final.name}-", dir=final.parent))
        backup.rmdir()
        os.rename(final, backup)
    try:
        os.rename(staging, final)
    except OSError:
        if backup is not None:
            os.rename(backup, final)
        raise
    if backup is not None:
        shutil.rmtree(backup, ignore_errors=True)


def write_atomically(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)

