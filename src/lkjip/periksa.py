"""Checks an analyst runs before building: the data against its schema, the findings of the
reconciliation, and the narrative (names that exist, numbers that are not stale)."""
from __future__ import annotations

from pathlib import Path

from .exceptions import NarasiError
from .laporan import Laporan, buka_laporan
from .narasi import Penulis
from .params import Params


def buka_dari_params(params: Params, root: Path) -> Laporan:
    """Load and validate the report a params file names (DataError lists every problem)."""
    return buka_laporan(Path(root) / params.data_dir, params.dinas, params.tahun)


def periksa_narasi(lap: Laporan, narasi_dir: str | Path) -> None:
    """Render every narrative file of the report once, so an unknown name stops the build before
    any chapter runs, with the file and line."""
    folder = Path(narasi_dir) / lap.data.slug / str(lap.tahun)
    if not folder.is_dir():
        return
    penulis = Penulis(lap, narasi_dir)
    problems = []
    for path in sorted(folder.rglob("*.md")):
        try:
            penulis.teks(path.relative_to(folder).with_suffix("").as_posix())
        except NarasiError as exc:
            problems.append(str(exc))
    if problems:
        raise NarasiError("\n".join(problems))


def ringkasan_temuan(lap: Laporan) -> str:
    counts = lap.temuan["jenis"].value_counts()
    if not len(lap.dokumen_sumber):
        lines = [f"Tidak ada dokumen sumber tahun {lap.tahun}: hanya data yang diperiksa; {len(lap.temuan)} catatan:"]
    else:
        lines = [f"{len(lap.angka_tercetak)} angka tercetak dokumen tahun {lap.tahun} dihitung ulang; "
                 f"{len(lap.temuan)} catatan:"]
    lines += [f"  {jenis}: {n}" for jenis, n in counts.items()]
    return "\n".join(lines)
