"""The site: ``build/index.html`` lists every built report."""
from __future__ import annotations

import html
import json
from pathlib import Path

from .pratinjau import _preview_page
from .terbit import write_atomically

#: Marker file written into every built report folder (read back by the build index).
BUILD_INFO = "build.json"


def write_build_index(out_dir: Path) -> Path:
    """``build/index.html``: every built report with a link, its agency, year and build time."""
    out_dir = Path(out_dir)
    rows = []
    for info_file in sorted(out_dir.glob(f"*/{BUILD_INFO}")):
        try:
            info = json.loads(info_file.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError):
            continue
        folder = info_file.parent.name
        entry = info.get("entry")
        target = f"{folder}/{entry}" if entry else f"{folder}/"
        kind = {"book": "Buku (HTML, PDF, DOCX)", "preview": "Pratinjau HTML"}.get(info.get("mode"), "Notebook")
        rows.append((info.get("nama", folder), info.get("tahun", ""), (
            f'<tr><td><a href="{html.escape(target)}">{html.escape(folder)}</a></td>'
            f'<td>{html.escape(str(info.get("nama", "")))}</td>'
            f'<td>{html.escape(str(info.get("tahun", "")))}</td>'
            f'<td>{html.escape(str(info.get("built_at", "")))}</td>'
            f"<td>{kind}</td></tr>"
        )))
    rows.sort(key=lambda row: (str(row[0]), str(row[1])))
    table = (
        "<table>\n<tr><th>Laporan</th><th>Instansi</th><th>Tahun</th><th>Dibangun</th><th>Bentuk</th></tr>\n"
        + "\n".join(row[2] for row in rows) + "\n</table>"
        if rows else "<p>Belum ada laporan yang dibangun.</p>"
    )
    index = out_dir / "index.html"
    write_atomically(index, _preview_page("Laporan LKjIP", f"<h1>Laporan LKjIP</h1>\n{table}"))
    return index


# --------------------------------------------------------------------------------------------
# Entry points
# --------------------------------------------------------------------------------------------
