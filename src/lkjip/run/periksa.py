"""Checks an analyst runs before building: the data against its schema and the chapters'
declared needs, the findings of the reconciliation, and the narrative (names that exist, places
that exist, placeholders that render). The build runs the very same code and keeps its result as
the snapshot every chapter reads (see :mod:`lkjip.inputs.snapshot`)."""
from __future__ import annotations

import json
import re
from pathlib import Path

from lkjip.compute.laporan import Laporan
from lkjip.compute.lke import HasilLke
from lkjip.core.exceptions import LkjipError, NarasiError
from lkjip.core.proyek import Proyek
from lkjip.inputs.kelengkapan import periksa_kelengkapan
from lkjip.inputs.params import Params
from lkjip.inputs.snapshot import Snapshot, ambil_snapshot
from lkjip.present.lke import nilai_laporan
from lkjip.present.narasi import Penulis, nama_tempat_sah


def ambil_dari_params(params: Params, root: Path) -> Snapshot:
    """Read and validate the report a params file names, once (DataError lists every problem)."""
    root = Path(root)
    return ambil_snapshot(root / params.data_dir, params.dinas, params.tahun, root / params.narasi_dir)


def buka_dari_params(params: Params, root: Path) -> Laporan:
    """Load and validate the report a params file names (DataError lists every problem)."""
    snap = ambil_dari_params(params, root)
    return Laporan(snap.data, snap.tahun)


def periksa_narasi(lap: Laporan, snap: Snapshot, tempat_lain: set[str] = frozenset()) -> None:
    """Render every narrative file of the report once, so an unknown file or name, or a broken
    placeholder, stops the build before any chapter runs, with the file and line. ``tempat_lain``:
    places the project's chapters ask for beyond the standard ones."""
    penulis = Penulis(lap, snap)
    problems = []
    for tempat, narasi in sorted(snap.narasi.items()):
        alasan = nama_tempat_sah(tempat, lap, tempat_lain)
        if alasan:
            problems.append(f"{narasi.berkas}: {alasan}")
            continue
        try:
            penulis.teks(tempat)
        except NarasiError as exc:
            problems.append(str(exc))
    if problems:
        raise NarasiError("\n".join(problems))


_PANGGILAN_TEMPAT = (re.compile(r"""\b(?:tampil|teks)\(\s*["']([^"'{}]+)["']"""),
                     re.compile(r"""\bbaca_narasi\([^()]*?["']([^"'{}]+)["']\s*\)"""))


def _tempat_di_notebook(notebooks) -> set[str]:
    """Place names the given chapter notebooks ask for by a literal name (``penulis.tampil("x")``):
    a project's own chapters may add places beside those of ``TEMPAT``."""
    found: set[str] = set()
    for path in notebooks:
        try:
            cells = json.loads(Path(path).read_text(encoding="utf-8")).get("cells", [])
        except (OSError, ValueError):
            continue  # the build names a broken notebook itself
        for cell in cells:
            source = "".join(cell.get("source", [])) if isinstance(cell.get("source"), list) else str(cell.get("source", ""))
            for pattern in _PANGGILAN_TEMPAT:
                found.update(pattern.findall(source))
    return found


def periksa_laporan(params: Params, root: Path) -> tuple[Snapshot, Laporan]:
    """Everything ``lkjip periksa`` and the build check before any chapter runs; returns the
    snapshot (the build writes it into its staging folder) and its report. An unfilled new agency
    or a year without targets and realisasi is refused first, with the ordered checklist."""
    data_dir = Path(root) / params.data_dir
    try:
        snap = ambil_dari_params(params, root)
    except LkjipError:
        # a scaffold or a year with nothing in it fails validation everywhere; the checklist
        # of what to fill in says more than the list of every empty cell
        periksa_kelengkapan(data_dir, params.dinas, params.tahun)
        raise
    # (data that validated has rows of the report year in its required files: nothing left to list)
    lap = Laporan(snap.data, snap.tahun)
    periksa_narasi(lap, snap, _tempat_di_notebook(sorted(Proyek.di(root).notebooks.glob("*.ipynb"))))
    return snap, lap


def ringkasan_temuan(lap: Laporan) -> str:
    """What ``lkjip periksa`` prints after "sah": how many printed figures were recomputed and the
    findings by kind."""
    counts = lap.temuan["jenis"].value_counts()
    if not len(lap.dokumen_sumber):
        lines = [f"Tidak ada dokumen sumber tahun {lap.tahun}: hanya data yang diperiksa; {len(lap.temuan)} catatan:"]
    else:
        lines = [f"{len(lap.angka_tercetak)} angka tercetak dokumen tahun {lap.tahun} dihitung ulang; "
                 f"{len(lap.temuan)} catatan:"]
    lines += [f"  {jenis}: {n}" for jenis, n in counts.items()]
    return "\n".join(lines)


def periksa_lke(params: Params, root: Path) -> tuple[HasilLke, Laporan]:
    """The checks of :func:`periksa_laporan`, then the report against the SAKIP evaluation's
    "Pelaporan Kinerja" criteria (``lkjip periksa --lke``), from the data and narrative validated."""
    snap, lap = periksa_laporan(params, root)
    return nilai_laporan(lap, {tempat: narasi.teks for tempat, narasi in snap.narasi.items()}), lap
