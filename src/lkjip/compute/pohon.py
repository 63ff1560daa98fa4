"""The pohon kinerja (performance tree) from the hierarchy the data already holds.

Most LKjIPs draw the cascade tujuan → sasaran → program → kegiatan → sub-kegiatan, each box with
its indicators; it is also the backbone of a SAKIP evaluation. Nothing new is typed for it:
tujuan and sasaran come from ``tujuan_sasaran.csv``, their indicators from ``indikator.csv``,
the budget lines under a sasaran from ``peta_anggaran.csv`` (the lines its indicators are mapped
to, lifted to their program and kept with every level between) and the lines' own indicators
from ``indikator.csv`` (levels program, kegiatan, sub-kegiatan). A budget line no sasaran
indicator is mapped to is left out: the tree shows what supports what.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from lkjip.inputs.muat import DataDinas

#: The levels of the tree, top first (a tujuan may hold indicators of its own, as Malang's do).
TINGKAT = ("tujuan", "sasaran", "urusan", "program", "kegiatan", "subkegiatan")


@dataclass
class Simpul:
    """One box: a tujuan, sasaran or budget line, its indicators and its place in the tree."""

    kode: str
    tingkat: str
    uraian: str
    indikator: list[str] = field(default_factory=list)
    kedalaman: int = 0
    anak: list["Simpul"] = field(default_factory=list)

    def semua(self):
        """This node and its descendants, depth first (the order the tree is drawn)."""
        yield self
        for child in self.anak:
            yield from child.semua()


def _indikator_per_induk(data: DataDinas) -> dict[str, list[str]]:
    ind = data.indikator.assign(_urut=data.indikator["urutan"].fillna(1e9)).sort_values("_urut", kind="stable")
    out: dict[str, list[str]] = {}
    for induk, nama in zip(ind["induk"], ind["nama"]):
        if isinstance(induk, str):
            out.setdefault(induk, []).append(str(nama))
    return out


def pohon_kinerja(data: DataDinas, tahun: int) -> list[Simpul]:
    """The roots of the tree for a report year: every tujuan (with its sasaran), then every
    sasaran without a tujuan; under each sasaran the budget lines of that year that support it."""
    ts = data.tujuan_sasaran
    indikator = _indikator_per_induk(data)
    anggaran = data.anggaran[data.anggaran["tahun"] == tahun]
    anggaran = anggaran.assign(_urut=anggaran["urutan"].fillna(1e9)).sort_values("_urut", kind="stable")
    uraian = dict(zip(anggaran["kode"], anggaran["uraian"]))
    level = dict(zip(anggaran["kode"], anggaran["level"]))
    induk = {k: p for k, p in zip(anggaran["kode"], anggaran["induk"]) if isinstance(p, str) and p in uraian}
    urutan = {k: i for i, k in enumerate(anggaran["kode"])}
    ind = data.indikator
    level_ind = dict(zip(ind["kode"], ind["level"]))
    induk_ind = dict(zip(ind["kode"], ind["induk"]))
    peta = data.peta_anggaran

    def jalur(kode: str) -> list[str]:
        path, seen = [kode], {kode}
        while path[-1] in induk and induk[path[-1]] not in seen:
            path.append(induk[path[-1]])
            seen.add(path[-1])
        return path[::-1]

    def cabang(sasaran: str, depth: int) -> list[Simpul]:
        """The budget lines under a sasaran: each mapped line with the lines above it."""
        kode_ind = [k for k, lvl in level_ind.items() if lvl in ("tujuan", "sasaran") and induk_ind.get(k) == sasaran]
        mapped = [a for i, a in zip(peta["indikator"], peta["anggaran"]) if i in kode_ind and a in uraian]
        nodes: dict[str, Simpul] = {}
        roots: list[Simpul] = []
        for kode in sorted(dict.fromkeys(mapped), key=lambda k: urutan.get(k, 0)):
            parent = None
            for step in jalur(kode):
                if step not in nodes:
                    nodes[step] = Simpul(step, str(level.get(step)), str(uraian[step]), indikator.get(step, []),
                                         depth + len(jalur(step)) - 1)
                    (parent.anak if parent is not None else roots).append(nodes[step])
                parent = nodes[step]
        for node in nodes.values():
            node.anak.sort(key=lambda n: urutan.get(n.kode, 0))
        return sorted(roots, key=lambda n: urutan.get(n.kode, 0))

    def sasaran_node(row, depth: int) -> Simpul:
        node = Simpul(row.kode, "sasaran", str(row.uraian), indikator.get(row.kode, []), depth)
        node.anak = cabang(row.kode, depth + 1)
        return node

    roots = []
    tujuan = ts[ts["level"] == "tujuan"]
    for row in tujuan.itertuples():
        node = Simpul(row.kode, "tujuan", str(row.uraian), indikator.get(row.kode, []), 0)
        node.anak = [sasaran_node(s, 1) for s in ts[(ts["level"] == "sasaran") & (ts["induk"] == row.kode)].itertuples()]
        roots.append(node)
    tanpa_tujuan = ts[(ts["level"] == "sasaran") & ~ts["induk"].isin(set(tujuan["kode"]))]
    roots += [sasaran_node(s, 0) for s in tanpa_tujuan.itertuples()]
    return roots


def bagi_halaman(roots: list[Simpul], maks: float, berat=lambda simpul: 1.0) -> list[list[Simpul]]:
    """The tree split into parts of at most ``maks`` in weight each (``berat`` of a box: 1 by
    default, a drawing passes its height), a root's whole subtree kept in one part where it fits;
    a root too large for a part is split at its children, each part repeating the root box so
    every part reads from its top."""
    def ukur(node: Simpul) -> float:
        return sum(berat(n) for n in node.semua())

    parts: list[list[Simpul]] = []
    current: list[Simpul] = []
    size = 0.0
    for root in roots:
        pieces = [root] if ukur(root) <= maks or not root.anak else _pecah(root, maks, berat, ukur)
        for piece in pieces:
            if current and size + ukur(piece) > maks:
                parts.append(current)
                current, size = [], 0.0
            current.append(piece)
            size += ukur(piece)
    if current:
        parts.append(current)
    return parts


def _pecah(root: Simpul, maks: float, berat, ukur) -> list[Simpul]:
    """Copies of ``root``, each holding a run of its children that fits ``maks`` (a child too large
    is split the same way beneath its own copy)."""
    out: list[Simpul] = []
    batch: list[Simpul] = []
    own = berat(root)
    size = own

    def copy(children):
        return Simpul(root.kode, root.tingkat, root.uraian, root.indikator, root.kedalaman, list(children))

    for child in root.anak:
        pieces = [child] if ukur(child) + own <= maks or not child.anak else _pecah(child, maks - own, berat, ukur)
        for piece in pieces:
            if batch and size + ukur(piece) > maks:
                out.append(copy(batch))
                batch, size = [], own
            batch.append(piece)
            size += ukur(piece)
    if batch:
        out.append(copy(batch))
    return out


def sebagai_tabel(roots: list[Simpul]) -> pd.DataFrame:
    """The tree as rows (depth first): kode, tingkat, uraian, indikator, kedalaman."""
    rows = [{"kode": n.kode, "tingkat": n.tingkat, "uraian": n.uraian, "indikator": "; ".join(n.indikator),
             "kedalaman": n.kedalaman} for root in roots for n in root.semua()]
    return pd.DataFrame(rows, columns=["kode", "tingkat", "uraian", "indikator", "kedalaman"])
