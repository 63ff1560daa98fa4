"""Charts in one style, readable in print at A4 width: wrapped labels, Indonesian decimal comma,
colours by the agency's own rating categories.
"""
from __future__ import annotations

import textwrap

import pandas as pd

from lkjip.compute.kinerja import AGREGAT
from lkjip.present import deskripsi as desk
from lkjip.present import format as fmt

LEBAR = 6.3  # inches: the text width of an A4 page with 2.5 cm margins
WARNA_KATEGORI = ["#1a9850", "#4575b4", "#fdae61", "#d73027", "#7f0000"]
WARNA_UTAMA, WARNA_TARGET, WARNA_SOROT = "#4575b4", "#999999", "#d73027"


def gaya():
    """The house style, set on matplotlib.pyplot, which it returns.

    pyplot is imported here, on the first chart, not with this module: every chapter imports
    `grafik`, most draw nothing, and pyplot costs each of their kernels ~0,3 s."""
    import matplotlib.pyplot as plt

    plt.rcParams.update({
        "figure.dpi": 110, "savefig.dpi": 200, "font.size": 9, "axes.titlesize": 10,
        "axes.spines.top": False, "axes.spines.right": False, "axes.grid": True, "grid.alpha": 0.3,
        "figure.constrained_layout.use": True,
        # Labels come from data: "$...$" in a name is text, not mathtext (which a stray "\\frac" crashes).
        "text.parse_math": False,
    })
    return plt


def _formatter(function):
    from matplotlib.ticker import FuncFormatter
    return FuncFormatter(function)


def _label(text, width=45):
    return "\n".join(textwrap.wrap(str(text), width)) or str(text)


def _sumbu_persen(ax, axis="x"):
    formatter = _formatter(lambda v, _: fmt.angka(v, 0) + "%")
    (ax.xaxis if axis == "x" else ax.yaxis).set_major_formatter(formatter)


def _tinggi(n):
    return max(2.2, 0.45 * n + 0.8)


def _baris_label(labels, lebar: int = 45) -> tuple[list[str], list[float], float]:
    """Wrapped bar labels, the bars' centres and the axis height in bar units. A bar gets the
    room its label needs (one unit for up to two lines, 1,35 for three), so long names never
    touch their neighbours; and each bar has its own position, so two indicators of the same
    name are two bars, not one category drawn twice."""
    wrapped = [_label(n, lebar) for n in labels]
    centres, top = [], 0.0
    for text in wrapped:
        room = max(1.0, 0.3 + 0.35 * (text.count("\n") + 1))
        centres.append(top + room / 2)
        top += room
    return wrapped, centres, top


def _batang(ax, labels, values, lebar: int = 45, **bar) -> list[float]:
    """Horizontal bars at `_baris_label` positions, labelled; returns the bars' centres."""
    wrapped, centres, top = _baris_label(labels, lebar)
    ax.barh(centres, values, height=0.8, **bar)
    ax.set_yticks(centres, wrapped)
    ax.set_ylim(0, top)
    ax.grid(False, axis="y")
    return centres


def _batang_persen(ax, labels, values, colors, xlabel):
    """Horizontal percent bars with their values printed and the 100% line."""
    centres = _batang(ax, labels, values, color=colors)
    ax.axvline(100, color="black", lw=0.8, ls="--")
    for y, v in zip(centres, values):  # on white, so the 100% line never runs through a value
        ax.text(v, y, " " + fmt.persen(v), va="center", fontsize=8, zorder=3,
                bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.6, "alpha": 0.9})
    ax.set_xlim(0, max(120, values.max() * 1.18) if len(values) else 120)
    _sumbu_persen(ax)
    ax.set_xlabel(xlabel)


def palet_kategori(n: int) -> list[str]:
    """A colour per rating category, best first: the house colours for up to five categories,
    otherwise n steps from green to dark red (Polewali Mandar's scale has seven; three of them
    shared the last colour)."""
    if n <= len(WARNA_KATEGORI):
        return WARNA_KATEGORI[:n]
    from matplotlib import colormaps
    from matplotlib.colors import to_hex
    return [to_hex(colormaps["RdYlGn"](0.95 - 0.9 * i / (n - 1))) for i in range(n)]


def warna_kategori(kategori: pd.Series, skala: pd.DataFrame) -> list[str]:
    order = list(skala.sort_values("urutan")["kategori"])
    palet = palet_kategori(len(order))
    return [palet[order.index(k)] if k in order else WARNA_TARGET for k in kategori]


def capaian_batang(kinerja: pd.DataFrame, skala: pd.DataFrame):
    """Capaian per indicator, coloured by category, with the 100% line. Each chart returns None
    when it has nothing to draw (the notebook then prints a sentence, not an empty chart)."""
    data = kinerja.dropna(subset=["capaian"]).iloc[::-1]
    if not len(data):
        return None
    plt = gaya()
    units = _baris_label(data["nama"])[2]  # wrapped names need their height; the legend its own
    if not len(skala):  # the source prints no scale: one colour, no legend of categories
        fig, ax = plt.subplots(figsize=(LEBAR, _tinggi(units)))
        _batang_persen(ax, data["nama"], data["capaian"], WARNA_UTAMA, "Capaian")
        return desk.lekatkan(fig, desk.batang_persen(data.iloc[::-1], "nama", "capaian", "capaian indikator kinerja"))
    fig, ax = plt.subplots(figsize=(LEBAR, _tinggi(units) + 0.4))
    _batang_persen(ax, data["nama"], data["capaian"], warna_kategori(data["kategori"], skala), "Capaian")
    order = list(skala.sort_values("urutan")["kategori"])
    handles = [plt.Rectangle((0, 0), 1, 1, color=warna) for warna in palet_kategori(len(order))]
    # as many categories a row as fit the page: a wider legend is cut off or squeezes the bars
    longest = max((len(str(k)) for k in order), default=1)
    fig.legend(handles, order, fontsize=7, loc="outside upper center",
               ncol=max(1, min(len(order), 4, 84 // longest)), frameon=False)
    return desk.lekatkan(fig, desk.batang_persen(data.iloc[::-1], "nama", "capaian", "capaian indikator kinerja"))


def tren(seri: pd.DataFrame, kolom_baris: int = 2):
    """Realisasi against target over the years, one small panel per indicator."""
    if not len(seri):
        return None
    plt = gaya()
    if seri["tahun"].nunique() < 2:
        return None  # one year is no series: the table above shows it, the notebook says why
    kode = list(dict.fromkeys(seri["kode"]))
    if not kode:  # no realisasi in any year: say so instead of a grid of zero rows (a crash)
        fig, ax = plt.subplots(figsize=(LEBAR, 1))
        ax.axis("off")
        ax.text(0.5, 0.5, f"Realisasi indikator {fmt.TIDAK_TERSEDIA}.", ha="center", va="center")
        return fig
    rows = (len(kode) + kolom_baris - 1) // kolom_baris
    fig, axes = plt.subplots(rows, kolom_baris, figsize=(LEBAR, 2.1 * rows), squeeze=False)
    for ax, k in zip(axes.flat, kode):
        d = seri[seri["kode"] == k]
        ax.plot(d["tahun"], d["target"], color=WARNA_TARGET, ls="--", marker="o", ms=3, label="Target")
        ax.plot(d["tahun"], d["realisasi"], color=WARNA_UTAMA, marker="o", ms=3, label="Realisasi")
        ax.set_title(_label(d["nama"].iloc[0], 42), fontsize=8)
        tahun = [int(t) for t in d["tahun"]]  # the years as labels: two years got "-1, 0, +2.02e3"
        ax.set_xticks(tahun, [str(t) for t in tahun])
        ax.tick_params(labelsize=7)
        ax.yaxis.set_major_formatter(_formatter(lambda v, _: fmt.angka(v, 2, tetap=False)))
        nilai = pd.concat([d["target"], d["realisasi"]]).dropna()
        if len(nilai) and (nilai == nilai.round()).all():  # counts: no "2,2 dokumen" on the axis
            from matplotlib.ticker import MaxNLocator
            ax.yaxis.set_major_locator(MaxNLocator(integer=True))
            if nilai.min() >= 0:
                ax.set_ylim(bottom=0)  # a count from zero, so its rise and fall keep their size
    for ax in list(axes.flat)[len(kode):]:
        ax.set_visible(False)
    axes.flat[0].legend(fontsize=7)
    return desk.lekatkan(fig, desk.tren(seri))


def progres(target_akhir: pd.DataFrame):
    """Realisasi of the year as a share of the Renstra end target."""
    data = target_akhir.dropna(subset=["persen_target_akhir"]).iloc[::-1] if len(target_akhir) else target_akhir
    if not len(data):
        return None
    plt = gaya()
    fig, ax = plt.subplots(figsize=(LEBAR, _tinggi(_baris_label(data["nama"])[2])))
    colors = [WARNA_KATEGORI[0] if v >= 100 else WARNA_KATEGORI[2] for v in data["persen_target_akhir"]]
    _batang_persen(ax, data["nama"], data["persen_target_akhir"], colors, "Realisasi terhadap target akhir Renstra")
    handles = [plt.Rectangle((0, 0), 1, 1, color=WARNA_KATEGORI[i]) for i in (0, 2)]
    fig.legend(handles, ["Target akhir sudah tercapai", "Belum mencapai target akhir"], fontsize=7,
               loc="outside upper center", ncol=2, frameon=False)
    return desk.lekatkan(fig, desk.batang_persen(data.iloc[::-1], "nama", "persen_target_akhir",
                                                 "realisasi terhadap target akhir Renstra"))


def peringkat(data: pd.DataFrame, sorot: str, judul: str):
    """Regions ranked by a measure: the agency's own region (the `sorot` name) highlighted,
    province and national rows in grey (left out when they are totals of a count, over three
    times the largest district)."""
    plt = gaya()
    data = data.sort_values("nilai")
    daerah = data[~data["wilayah"].astype(str).str.lower().isin(AGREGAT)]
    if len(daerah) and data["nilai"].max() > 3 * daerah["nilai"].max():
        # a province or national total of a count dwarfs every district into a sliver: the
        # districts are what the chart compares
        data = daerah
    fig, ax = plt.subplots(figsize=(LEBAR, max(3, 0.16 * len(data) + 1)))
    colors = [WARNA_SOROT if str(w) == sorot else WARNA_TARGET if str(w).lower() in AGREGAT else WARNA_UTAMA
              for w in data["wilayah"]]
    ax.barh(data["wilayah"], data["nilai"], color=colors)
    ax.tick_params(axis="y", labelsize=6 if len(data) > 20 else 8)
    ax.xaxis.set_major_formatter(_formatter(lambda v, _: fmt.angka(v, 1, tetap=False)))
    ax.set_xlabel(judul)
    lo = min(0.0, data["nilai"].min())  # bars start at zero: a cut axis makes small gaps look large
    ax.set_xlim(lo * 0.95 if lo > 0 else lo, data["nilai"].max() * 1.02)
    return desk.lekatkan(fig, desk.peringkat(data, sorot, judul))


def efisiensi_sebar(efisiensi: pd.DataFrame):
    """Capaian against budget absorption: above the diagonal is efficient. Sasaran (where the
    method has them) are drawn as larger diamonds over their indicators."""
    data = efisiensi.dropna(subset=["serapan", "capaian"]) if len(efisiensi) else efisiensi
    if not len(data):
        return None
    plt = gaya()
    fig, ax = plt.subplots(figsize=(LEBAR, 4))
    sasaran = data["level"] == "sasaran" if "level" in data else pd.Series(False, index=data.index)
    ax.scatter(data.loc[~sasaran, "serapan"], data.loc[~sasaran, "capaian"], color=WARNA_UTAMA, zorder=3, label="indikator")
    if sasaran.any():
        ax.scatter(data.loc[sasaran, "serapan"], data.loc[sasaran, "capaian"], color=WARNA_SOROT, marker="D", s=60,
                   zorder=4, label="sasaran")
    values = pd.concat([data["serapan"], data["capaian"]]) if len(data) else pd.Series([0, 100])
    lo, hi = max(0, values.min() - 10), values.max() + 10
    # a point's code beside it; a point near ones already labelled gets the next free corner, so
    # two close codes (Trenggalek's I01 and I07) do not print over each other
    dekat, sudut = [], [(4, 3), (4, -10), (-20, 3), (-20, -10)]
    for row in data.sort_values(["serapan", "capaian"]).itertuples():
        n = sum(abs(x - row.serapan) < 0.05 * (hi - lo) and abs(y - row.capaian) < 0.05 * (hi - lo) for x, y in dekat)
        ax.annotate(row.kunci, (row.serapan, row.capaian), fontsize=7, xytext=sudut[n % len(sudut)],
                    textcoords="offset points")
        dekat.append((row.serapan, row.capaian))
    ax.plot([lo, hi], [lo, hi], color=WARNA_TARGET, ls="--", lw=0.8, label="capaian = serapan")
    ax.set_xlim(lo, hi)
    ax.set_ylim(lo, hi)
    _sumbu_persen(ax, "x")
    _sumbu_persen(ax, "y")
    ax.set_xlabel("Serapan anggaran")
    ax.set_ylabel("Capaian kinerja")
    ax.legend(fontsize=7, loc="lower right")
    return desk.lekatkan(fig, desk.efisiensi(data))


def serapan_program(program: pd.DataFrame):
    """Absorption by program."""
    if not len(program):
        return None
    plt = gaya()
    data = program.iloc[::-1]
    fig, ax = plt.subplots(figsize=(LEBAR, _tinggi(_baris_label(data["uraian"], 50)[2])))
    serapan = pd.to_numeric(data["serapan"], errors="coerce")
    centres = _batang(ax, data["uraian"], serapan.fillna(0).clip(upper=115), 50, color=WARNA_UTAMA)
    for y, v in zip(centres, serapan):  # no absorption (pagu 0, realisasi not given): "–" at 0
        # the label says the true figure; it sits inside the axis even for an absurd absorption
        # (realisasi far above pagu), which would otherwise overflow the renderer
        ax.text(0 if pd.isna(v) else min(v, 115), y, " " + fmt.persen(v), va="center", fontsize=7)
    ax.set_xlim(0, 115)
    ax.tick_params(axis="y", labelsize=7)
    _sumbu_persen(ax)
    ax.set_xlabel("Serapan anggaran")
    return desk.lekatkan(fig, desk.batang_persen(data.assign(serapan=serapan).iloc[::-1], "uraian", "serapan", "serapan anggaran"))


def _kotak(ax, x, y, teks, lebar, tinggi, warna="#ffffff", tebal=False):
    from matplotlib.patches import Rectangle
    ax.add_patch(Rectangle((x - lebar / 2, y - tinggi / 2), lebar, tinggi, facecolor=warna,
                               edgecolor="#333333", lw=0.8))
    ax.text(x, y, teks, ha="center", va="center", fontsize=6.5, fontweight="bold" if tebal else "normal",
            linespacing=1.15)


def struktur_organisasi(profil: dict):
    """The organisation chart from `profil.yaml`: the head on top, the units under it in a row,
    each unit's own sub-units listed below it. A unit's head is printed when the data names one
    (`kepala`), otherwise as absent; names are never made up. Returns None without units."""
    units = [u if isinstance(u, dict) else {"nama": str(u)} for u in profil.get("unit_organisasi") or []]
    if not units:
        return None
    plt = gaya()
    plt.rcParams["figure.constrained_layout.use"] = False
    roots = [u for u in units if not u.get("induk")]
    kepala = profil.get("kepala") or {}
    if len(roots) == 1 and any(u.get("induk") == roots[0]["nama"] for u in units):
        puncak, anak = roots[0], [u for u in units if u.get("induk") == roots[0]["nama"]]
        judul_puncak = puncak["nama"]
    else:
        puncak, anak = None, roots
        # the head's own title when the profile gives a short one (a sub-bidang is not a dinas)
        jabatan = str(kepala.get("jabatan") or "").strip()
        judul_puncak = jabatan if jabatan and len(jabatan) <= 60 else "Kepala Dinas"
    nama_kepala = (puncak or {}).get("kepala") or kepala.get("nama")
    teks_puncak = _label(judul_puncak, 40) + "\n" + (_label(nama_kepala, 40) if nama_kepala else "(pejabat tidak tercantum)")

    n = len(anak)
    cucu = {u["nama"]: [c for c in units if c.get("induk") == u["nama"]] for u in anak}
    depth = max([len(v) for v in cucu.values()] + [0])
    lebar_kolom = 1.0
    fig_h = 1.6 + 0.95 + 0.55 * depth
    fig, ax = plt.subplots(figsize=(LEBAR, fig_h))
    ax.set_xlim(-0.05, n * lebar_kolom + 0.05)
    ax.set_ylim(-(0.55 * depth + 0.2), 2.2)
    ax.axis("off")
    x_mid = n * lebar_kolom / 2
    _kotak(ax, x_mid, 1.85, teks_puncak, min(3.2, n * lebar_kolom), 0.55, "#dde8f5", tebal=True)
    ax.plot([x_mid, x_mid], [1.575, 1.3], color="#333333", lw=0.8)
    xs = [lebar_kolom * (i + 0.5) for i in range(n)]
    if n > 1:
        ax.plot([xs[0], xs[-1]], [1.3, 1.3], color="#333333", lw=0.8)
    wrap = max(10, int(LEBAR / n * 17))  # characters of 6.5 pt text that fit a box
    for x, unit in zip(xs, anak):
        ax.plot([x, x], [1.3, 1.15], color="#333333", lw=0.8)
        head = unit.get("kepala")
        teks = _label(unit["nama"], wrap) + "\n" + _label(f"— {head}" if head else "(pejabat tidak tercantum)", wrap)
        _kotak(ax, x, 0.72, teks, lebar_kolom * 0.94, 0.86)
        for j, sub in enumerate(cucu[unit["nama"]]):
            y = -0.05 - 0.55 * j
            ax.plot([x, x], [0.29 if j == 0 else y + 0.5, y + 0.22], color="#333333", lw=0.6)
            _kotak(ax, x, y, _label(sub["nama"], wrap - 2) + (f"\n— {sub['kepala']}" if sub.get("kepala") else ""),
                   lebar_kolom * 0.86, 0.44, "#f4f4f4")
    fig.subplots_adjust(left=0.01, right=0.99, top=0.99, bottom=0.01)
    return desk.lekatkan(fig, desk.struktur(judul_puncak, anak, cucu))


#: Box colours of the pohon kinerja, by level (the tujuan darkest).
WARNA_POHON = {"tujuan": "#c6dbef", "sasaran": "#deebf7", "urusan": "#eeeeee", "program": "#e5f5e0",
               "kegiatan": "#f2f9ee", "subkegiatan": "#fafafa"}
NAMA_TINGKAT = {"tujuan": "Tujuan", "sasaran": "Sasaran", "urusan": "Urusan", "program": "Program",
                "kegiatan": "Kegiatan", "subkegiatan": "Sub-kegiatan"}
#: Inches: the indent of a level, a text line of the tree, a box's padding, the height of one figure.
_INDEN, _BARIS, _PAD, _TINGGI_MAKS = 0.32, 0.122, 0.08, 8.6


def _teks_simpul(simpul, lebar_in: float) -> tuple[str, str]:
    """A box's title and its indicator lines, wrapped to the box's width (bold 7 pt text: ~14
    characters an inch, the indicators' 6,5 pt a little more)."""
    chars = max(20, int((lebar_in - 0.25) * 14))  # bold 7 pt
    judul = _label(f"{NAMA_TINGKAT.get(simpul.tingkat, simpul.tingkat)}: {simpul.uraian}", chars)
    indikator = "\n".join(_label(f"• {i}", int(chars * 1.12)) for i in simpul.indikator)
    return judul, indikator


def _tinggi_simpul(simpul) -> float:
    judul, indikator = _teks_simpul(simpul, LEBAR - _INDEN * simpul.kedalaman - 0.1)
    lines = judul.count("\n") + 1 + (indikator.count("\n") + 1 if indikator else 0)
    return lines * _BARIS + 2 * _PAD + 0.08


def pohon_kinerja(roots) -> list:
    """The pohon kinerja as figures: an indented tree, one box per tujuan, sasaran and supporting
    budget line with its indicators, connectors from each box to its children. Readable at any
    size because a box takes the full width left of its indent and the height its text needs;
    a tree taller than a page is split into several figures (each part starts from its root
    boxes). Returns [] when there is no tujuan or sasaran."""
    from lkjip.compute.pohon import bagi_halaman
    if not roots:
        return []
    plt = gaya()
    figures = []
    for part in bagi_halaman(roots, _TINGGI_MAKS, _tinggi_simpul):
        nodes = [n for root in part for n in root.semua()]
        heights = [_tinggi_simpul(n) for n in nodes]
        total = sum(heights) + 0.1
        fig, ax = plt.subplots(figsize=(LEBAR, total), layout="none")
        fig.subplots_adjust(left=0, right=1, top=1, bottom=0)
        ax.set_xlim(0, LEBAR)
        ax.set_ylim(total, 0)
        ax.axis("off")
        tops: dict[int, tuple[float, float]] = {}
        y = 0.05
        for node, h in zip(nodes, heights):
            x = _INDEN * node.kedalaman
            judul, indikator = _teks_simpul(node, LEBAR - x - 0.1)
            ax.add_patch(plt.Rectangle((x + 0.02, y + 0.03), LEBAR - x - 0.06, h - 0.06, facecolor=WARNA_POHON.get(node.tingkat, "#ffffff"),
                                       edgecolor="#555555", lw=0.6))
            ax.text(x + 0.08, y + _PAD, judul, va="top", ha="left", fontsize=7, fontweight="bold")
            if indikator:
                ax.text(x + 0.16, y + _PAD + (judul.count("\n") + 1) * _BARIS, indikator, va="top", ha="left",
                        fontsize=6.5, color="#222222")
            tops[id(node)] = (x, y + h / 2)
            y += h
        for node in nodes:  # elbow connectors from a parent's left edge down to each child's box
            px, py = tops[id(node)]
            for child in node.anak:
                if id(child) not in tops:
                    continue
                cx, cy = tops[id(child)]
                ax.plot([px + 0.12, px + 0.12, cx + 0.02], [py, cy, cy], color="#555555", lw=0.6, zorder=0)
        figures.append(desk.lekatkan(fig, desk.pohon(nodes)))
    return figures


def kemajuan(indikator: pd.DataFrame, anggaran: pd.DataFrame | None = None):
    """Progress through the year: each indicator's capaian to date (% of the year's target) and, on
    the same axis, the absorption to date of the budget lines given by period (their sum over
    the top lines' pagu), period by period. None without periodic data."""
    from lkjip.compute.periode import LABEL_PERIODE, URUT
    anggaran = anggaran if anggaran is not None else pd.DataFrame()
    if not len(indikator) and not len(anggaran):
        return None
    periods = sorted(set(indikator.get("periode", [])) | set(anggaran.get("periode", [])), key=URUT.get)
    x = {p: i for i, p in enumerate(periods)}
    plt = gaya()
    fig, ax = plt.subplots(figsize=(LEBAR, 3.6))
    serapan = None
    for kode, group in indikator.groupby("kode", sort=False):
        group = group.dropna(subset=["capaian_sampai"])
        if len(group):
            ax.plot([x[p] for p in group["periode"]], group["capaian_sampai"], marker="o", lw=1.4,
                    label=_label(f"{kode} {group['nama'].iloc[0]}", 60))
    if len(anggaran):
        top = anggaran[anggaran["kedalaman"] == anggaran["kedalaman"].min()]
        pagu = top.drop_duplicates("kode")["pagu"].sum()
        total = top.pivot_table(index="periode", columns="kode", values="sampai", aggfunc="first").ffill()
        total = total.reindex(sorted(total.index, key=URUT.get))
        if pagu and total.notna().all(axis=1).any():
            serapan = total.sum(axis=1, min_count=len(total.columns)) / pagu * 100
            serapan = serapan.dropna()
            ax.plot([x[p] for p in serapan.index], serapan.values, color=WARNA_TARGET, ls="--", marker="s", lw=1.4,
                    label="Serapan anggaran s.d. periode")
    ax.axhline(100, color="black", lw=0.8, ls=":")
    ax.set_xticks(range(len(periods)), [LABEL_PERIODE[p] for p in periods])
    ax.set_ylim(0, max(120, (ax.get_ylim()[1])))
    _sumbu_persen(ax, "y")
    ax.set_ylabel("s.d. periode (% dari target / pagu tahunan)")
    ax.legend(fontsize=7, loc="upper left", frameon=False)
    return desk.lekatkan(fig, desk.kemajuan(indikator, serapan, LABEL_PERIODE))
