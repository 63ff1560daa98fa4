"""What a chart says in words, for readers who cannot see it: its alternative text and its long
description, computed from the chart's own data, in Indonesian.

A chart of :mod:`lkjip.present.grafik` carries a :class:`Deskripsi` (attribute
``lkjip_deskripsi`` of the figure, set by :func:`lekatkan`). :mod:`lkjip.present.tampil` writes
the short text as the figure's ``fig-alt`` (Quarto's alternative text: ``alt`` in HTML, the
picture's description in DOCX) and the long one, every data point of the chart, as a list after
the figure that only a screen reader reads in the HTML book (``visually-hidden``).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from lkjip.present import format as fmt


@dataclass(frozen=True)
class Deskripsi:
    """`alt`: one or two sentences (what the chart shows, how many, its extremes); `rincian`:
    one line per data point, the long description of a chart too rich for its alt text."""
    alt: str
    rincian: tuple[str, ...] = field(default_factory=tuple)


def lekatkan(fig, deskripsi: Deskripsi | None):
    """The figure with its description attached (None passes through: no chart)."""
    if fig is not None and deskripsi is not None:
        fig.lkjip_deskripsi = deskripsi
    return fig


def dari(fig) -> Deskripsi | None:
    return getattr(fig, "lkjip_deskripsi", None)


def _nama(teks, panjang: int = 80) -> str:
    teks = " ".join(str(teks).split())
    return teks if len(teks) <= panjang else teks[: panjang - 1].rstrip() + "…"


def _ekstrem(data: pd.DataFrame, nilai: str, label: str, satuan=fmt.persen) -> str:
    """"tertinggi <label> (<value>), terendah <label> (<value>)" of a column."""
    data = data.dropna(subset=[nilai])
    if not len(data):
        return ""
    hi = data.loc[data[nilai].idxmax()]
    lo = data.loc[data[nilai].idxmin()]
    if len(data) == 1:
        return f"{_nama(hi[label])}: {satuan(hi[nilai])}"
    return (f"tertinggi {_nama(hi[label])} ({satuan(hi[nilai])}), "
            f"terendah {_nama(lo[label])} ({satuan(lo[nilai])})")


def batang_persen(data: pd.DataFrame, label: str, nilai: str, apa: str, garis: float | None = 100) -> Deskripsi:
    """Horizontal bars of a percentage per item: count, extremes, how many reach the line."""
    data = data.dropna(subset=[nilai])
    kalimat = f"Diagram batang {apa} untuk {len(data)} butir: {_ekstrem(data, nilai, label)}."
    if garis is not None and len(data) > 1:
        kalimat += f" {int((data[nilai] >= garis).sum())} dari {len(data)} mencapai {fmt.persen(garis, 0)}."
    return Deskripsi(kalimat, tuple(f"{_nama(r[label], 200)}: {fmt.persen(r[nilai])}" for _, r in data.iterrows()))


def tren(seri: pd.DataFrame) -> Deskripsi:
    """Target and realisasi per indicator over the years."""
    tahun = sorted(seri["tahun"].dropna().unique())
    kode = list(dict.fromkeys(seri["kode"]))
    alt = (f"Grafik garis realisasi dan target {len(kode)} indikator, tahun {tahun[0]} sampai {tahun[-1]}; "
           "rincian per indikator dan tahun menyusul gambar.") if tahun else "Grafik garis realisasi dan target."
    rincian = []
    for k in kode:
        d = seri[seri["kode"] == k]
        titik = "; ".join(f"{int(r.tahun)}: target {fmt.angka(r.target, 2, tetap=False)}, "
                          f"realisasi {fmt.angka(r.realisasi, 2, tetap=False)}" for r in d.itertuples())
        rincian.append(f"{_nama(d['nama'].iloc[0], 200)} — {titik}")
    return Deskripsi(alt, tuple(rincian))


def peringkat(data: pd.DataFrame, sorot: str, judul: str) -> Deskripsi:
    """Regions ranked by a measure, the agency's own region named with its rank."""
    data = data.dropna(subset=["nilai"]).sort_values("nilai", ascending=False).reset_index(drop=True)
    angka = lambda v: fmt.angka(v, 2, tetap=False)  # noqa: E731
    alt = f"Diagram batang {judul} untuk {len(data)} wilayah: {_ekstrem(data, 'nilai', 'wilayah', angka)}."
    sendiri = data.index[data["wilayah"].astype(str) == str(sorot)]
    if len(sendiri):
        i = int(sendiri[0])
        alt += f" {sorot} di urutan ke-{i + 1} ({angka(data.loc[i, 'nilai'])})."
    return Deskripsi(alt, tuple(f"{i + 1}. {r.wilayah}: {angka(r.nilai)}" for i, r in data.iterrows()))


def efisiensi(data: pd.DataFrame) -> Deskripsi:
    """Capaian against absorption: how many points lie above the diagonal (efficient)."""
    di_atas = int((data["capaian"] >= data["serapan"]).sum())
    alt = (f"Diagram sebar capaian kinerja terhadap serapan anggaran untuk {len(data)} titik; "
           f"{di_atas} di atas atau pada garis capaian sama dengan serapan (efisien). "
           f"Capaian {_ekstrem(data, 'capaian', 'kunci')}.")
    return Deskripsi(alt, tuple(f"{r.kunci}: serapan {fmt.persen(r.serapan)}, capaian {fmt.persen(r.capaian)}"
                                for r in data.itertuples()))


def struktur(judul_puncak: str, anak: list[dict], cucu: dict[str, list[dict]]) -> Deskripsi:
    """The organisation chart: the head and the units under it."""
    alt = f"Bagan struktur organisasi: {_nama(judul_puncak)} membawahkan {len(anak)} unit; rincian menyusul gambar."
    rincian = []
    for unit in anak:
        sub = ", ".join(str(c["nama"]) for c in cucu.get(unit["nama"], []))
        rincian.append(str(unit["nama"]) + (f" (membawahkan {sub})" if sub else ""))
    return Deskripsi(alt, tuple(rincian))


def pohon(nodes) -> Deskripsi:
    """The pohon kinerja part: its boxes by level, each line indented by depth."""
    hitung: dict[str, int] = {}
    for n in nodes:
        hitung[n.tingkat] = hitung.get(n.tingkat, 0) + 1
    isi = ", ".join(f"{v} {k}" for k, v in hitung.items())
    rincian = tuple("— " * n.kedalaman + f"{n.tingkat}: {n.uraian}"
                    + (f" (indikator: {'; '.join(map(str, n.indikator))})" if n.indikator else "") for n in nodes)
    return Deskripsi(f"Bagan pohon kinerja: {isi}; rincian menyusul gambar.", rincian)


def kemajuan(indikator: pd.DataFrame, serapan: pd.Series | None, label_periode: dict) -> Deskripsi:
    """Progress to date per period: each indicator's last value and the budget line."""
    rincian = []
    ada = indikator.dropna(subset=["capaian_sampai"]) if "capaian_sampai" in indikator else indikator.iloc[:0]
    for kode, d in ada.groupby("kode", sort=False):
        titik = "; ".join(f"{label_periode.get(r.periode, r.periode)}: {fmt.persen(r.capaian_sampai)}" for r in d.itertuples())
        rincian.append(f"{kode} {_nama(d['nama'].iloc[0], 160)} — {titik}")
    if serapan is not None and len(serapan):
        rincian.append("Serapan anggaran — " + "; ".join(f"{label_periode.get(p, p)}: {fmt.persen(v)}" for p, v in serapan.items()))
    alt = (f"Grafik garis capaian sampai dengan setiap periode untuk {len(rincian)} deret"
           " (indikator dan serapan anggaran); rincian menyusul gambar.")
    return Deskripsi(alt, tuple(rincian))


def nilai_atribut(teks: str) -> str:
    """Text safe inside a double-quoted Pandoc attribute (`fig-alt="..."`): one line, no quote or
    backslash that could end the attribute, no braces."""
    teks = " ".join(str(teks).split())
    return teks.replace("\\", "/").replace('"', "”").replace("{", "(").replace("}", ")")


def markdown_rincian(d: Deskripsi, judul: str) -> str:
    """The long description after a figure: a list of every data point, in the HTML book only and
    there only for screen readers (Bootstrap's `visually-hidden`); empty without `rincian`."""
    from lkjip.present.aman import teks
    if not d.rincian:
        return ""
    items = "\n".join(f"- {teks(line)}" for line in d.rincian)
    return ('::: {.content-visible when-format="html"}\n::: {.visually-hidden}\n'
            f"Rincian data grafik {teks(judul)}:\n\n{items}\n:::\n:::")
