"""``build.json``: the record every published report folder carries, read and written only here.

The build writes it last, into the staging folder, just before the swap: agency, year, build time,
what was rendered and its entry page, each chapter's run time, the fingerprints of the inputs
(``sidik``, compared by the next build), the year's key figures and the snapshot's hash. The site
index reads it back, so listing the reports needs no notebook and no data.
"""
from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Iterator

#: The file's name inside a report folder.
BUILD_INFO = "build.json"


def tulis_info(folder: Path, *, report: str, dinas: str, tahun: int, nama: str, mode: str, entry: str | None,
               chapters: list[dict], sidik: dict, angka_kunci: dict, snapshot: str,
               formats: dict[str, str] | None = None) -> dict:
    """Write ``folder/build.json`` and return what was written; ``built_at`` is now. ``formats``:
    each format of the book the folder holds (html, pdf, docx) and the hash of what it was rendered
    from, so a later build that does not render it knows whether it is still current."""
    info = {
        "report": report,
        "dinas": dinas,
        "tahun": tahun,
        "nama": nama,
        "built_at": datetime.now().astimezone().isoformat(timespec="seconds"),
        "mode": mode,
        "entry": entry,
        "chapters": chapters,
        "sidik": sidik,
        "angka_kunci": angka_kunci,
        "snapshot": snapshot,
        "format": dict(formats or {}),
    }
    (Path(folder) / BUILD_INFO).write_text(json.dumps(info, indent=2, ensure_ascii=False), encoding="utf-8")
    return info


def baca_info(folder: Path) -> dict:
    """The report folder's ``build.json``; an empty dict when it is absent or unreadable (a report
    built by an older version, or a folder that is not a report)."""
    try:
        info = json.loads((Path(folder) / BUILD_INFO).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return info if isinstance(info, dict) else {}


def laporan_terbangun(out_dir: Path) -> Iterator[tuple[Path, dict]]:
    """Every report folder directly under ``out_dir`` with a readable ``build.json``, by name."""
    for info_file in sorted(Path(out_dir).glob(f"*/{BUILD_INFO}")):
        info = baca_info(info_file.parent)
        if info:
            yield info_file.parent, info
