"""The report against the SAKIP evaluation's "Pelaporan Kinerja" criteria (LKE, PermenPAN-RB 88/2021):
for each criterion a verdict (met, partly, not met, or not judgeable from the document), the
evidence the report shows for it and what is missing, per indicator where the criterion is; and
from the verdicts an estimate of each sub-component's letter and score.

The judge reads what the report shows, handed to it by the presentation stage (:class:`Bahan`):
the report (its data and computed tables), the declared tables that have rows, and the narrative
places the analyst wrote. It returns facts (codes, counts, table and figure names), never prose;
:mod:`lkjip.present.lke` words them. One function per criterion in ``PENILAI``; the per-indicator
evidence of the benchmark and cause criteria comes from the source lists ``SUMBER_PEMBANDING`` (the
standards of standar.csv and the ranks among regions of pembanding.csv, as Bab III's analyses state
them) and ``SUMBER_PENYEBAB``, so a new kind of evidence (structured causes) is one entry there. The
per-indicator criteria of earlier years, benchmarks and causes read the same analyses the chapter
prints (:mod:`lkjip.compute.analisis`). IKU are the indicators indikator.csv marks ``iku`` = ``ya``,
never guessed. A criterion without a function is not judgeable from the document.

Choices (docs/lke.md says why): a Perjanjian Kinerja holds sasaran indicators (the PermenPAN-RB
53/2014 form: sasaran strategis, indikator, target), so tujuan-level indicators are checked against
the Renstra only; the PK is judged once, under 3.b.2, not again as a part of the outline (3.b.1);
a comparison with a standard or with other regions that names no indicator of the report counts
as a quarter of 3.b.6; generated prose counts as narrative for the comparisons it states
(3.b.3-3.b.5) but not as an analysis of causes (3.b.7) or as the next steps (3.b.9), which only
the analyst can write.
"""
from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import pandas as pd

from lkjip.compute.analisis import analisis_indikator
from lkjip.compute.kinerja import LEVEL_ORGANISASI
from lkjip.compute.laporan import Laporan
from lkjip.inputs.berkas_narasi import urai
from lkjip.inputs.lke import KriteriaLke, kriteria_pelaporan

TERPENUHI, SEBAGIAN, BELUM, TIDAK_DINILAI = "terpenuhi", "sebagian", "belum", "tidak_dinilai"
STATUS = (TERPENUHI, SEBAGIAN, BELUM, TIDAK_DINILAI)
#: Share of 3.b.6 a comparison with a standard or other regions earns when it names no indicator.
SKOR_PEMBANDING_UMUM = 0.25
#: Share of a criterion met in part when it is not counted per indicator (auditsys_ref: half).
SKOR_SEBAGIAN = 0.5


@dataclass(frozen=True)
class Bukti:
    """Where the report shows something: a declared table (``tabel``, its `SPEK` name), a figure
    (``gambar``, its id without ``fig-``), a section (``bagian``), a narrative place (``narasi``,
    e.g. ``indikator/I02``) or a profile key (``profil``, e.g. ``pelaporan.tanggal_reviu``);
    ``untuk``: the indicators it is evidence for, when it covers only some."""

    jenis: str
    nama: str
    untuk: tuple[str, ...] = ()


@dataclass(frozen=True)
class Kekurangan:
    """One thing missing or wrong, as a kind (``tanpa_tahun_lalu``) and its subjects: the indicator
    (or sasaran, or part) codes that lack it out of ``dari``, and facts to name (``rincian``)."""

    jenis: str
    kode: tuple[str, ...] = ()
    dari: int | None = None
    rincian: tuple[tuple[str, str], ...] = ()

    def info(self, kunci: str, default: str = "") -> str:
        return dict(self.rincian).get(kunci, default)


@dataclass(frozen=True)
class Putusan:
    """The verdict on one criterion. ``skor``: the share met, 0 to 1 (None when not judgeable);
    ``tanda``: signs inside the report for a criterion whose evidence lies outside it."""

    kriteria: str
    status: str
    skor: float | None
    bukti: tuple[Bukti, ...] = ()
    kekurangan: tuple[Kekurangan, ...] = ()
    tanda: tuple[Bukti, ...] = ()


@dataclass(frozen=True)
class Bahan:
    """What the report shows: the report itself, the declared tables that have rows (by `SPEK`
    name) and the narrative places with their text (``indikator/I02`` -> text, front matter
    included or not)."""

    lap: Laporan
    tabel: frozenset[str] = frozenset()
    narasi: Mapping[str, str] = field(default_factory=dict)

    def ada_tabel(self, nama: str) -> bool:
        return nama in self.tabel

    def ditulis(self, tempat: str) -> bool:
        """Whether the analyst wrote prose for a place (a file with text besides front matter)."""
        teks = self.narasi.get(tempat)
        return bool(teks and urai(teks, tempat).teks.strip())


@dataclass(frozen=True)
class Perkiraan:
    """The estimate for a sub-component under one reading of the scoring rule, as a range: the
    criteria not judgeable from the document counted unmet (``bawah``) and met (``atas``).
    ``huruf_*``: the sub-component's letter, where the reading gives one."""

    persen_bawah: float
    persen_atas: float
    nilai_bawah: float
    nilai_atas: float
    huruf_bawah: str | None = None
    huruf_atas: str | None = None


@dataclass(frozen=True)
class NilaiSubkomponen:
    kode: str
    bobot: float
    jumlah: int
    dinilai: int
    #: The share of criteria met picks the sub-component's letter.
    per_subkomponen: Perkiraan
    #: A letter per criterion, their values averaged.
    per_kriteria: Perkiraan

    def menurut(self, cara: str) -> Perkiraan:
        """The estimate by one reading of the rule (``per_subkomponen`` or ``per_kriteria``)."""
        return getattr(self, cara)


@dataclass(frozen=True)
class HasilLke:
    kriteria: KriteriaLke
    putusan: tuple[Putusan, ...]
    subkomponen: tuple[NilaiSubkomponen, ...]
    #: The component's score in the SAKIP evaluation of the report year as the data records it
    #: (sakip_komponen.csv): (year, score, weight), for comparison; None when not recorded.
    evaluasi: tuple[int, float, float | None] | None = None

    def untuk(self, kode: str) -> Putusan:
        return next(p for p in self.putusan if p.kriteria == kode)

    def total(self, cara: str | None = None) -> tuple[float, float]:
        """The component's estimate (lower, upper) by a reading of the rule, by default the one the
        criteria file chooses."""
        cara = cara or self.kriteria.cara_dipilih
        return (sum(s.menurut(cara).nilai_bawah for s in self.subkomponen),
                sum(s.menurut(cara).nilai_atas for s in self.subkomponen))

    def huruf_kriteria(self, putusan: Putusan) -> str | None:
        """The letter a criterion's share earns on the scale (at most BB), None when not judged."""
        return None if putusan.skor is None else self.kriteria.huruf_untuk(putusan.skor * 100).huruf


# --- helpers ----------------------------------------------------------------------------------
def _putusan(kode: str, skor: float, bukti=(), kekurangan=(), status: str | None = None) -> Putusan:
    """A verdict from its share: 1 met, 0 not met, anything between partly."""
    if status is None:
        status = TERPENUHI if skor >= 1 - 1e-9 else (BELUM if skor <= 1e-9 else SEBAGIAN)
    return Putusan(kode, status, float(skor), tuple(bukti), tuple(k for k in kekurangan if k is not None))


def _dengan_rincian(putusan: Putusan, rincian: tuple[tuple[str, str], ...], jenis: str | None = None) -> Putusan:
    """The verdict with ``rincian`` on its shortcomings (of one kind, or all)."""
    kekurangan = tuple(dataclasses.replace(k, rincian=rincian) if jenis in (None, k.jenis) else k
                       for k in putusan.kekurangan)
    return dataclasses.replace(putusan, kekurangan=kekurangan)


def _per_indikator(kode: str, semua: list[str], kurang: dict[str, list[str]], bukti, ekstra=()) -> Putusan:
    """A per-indicator criterion: the share of ``semua`` that no entry of ``kurang`` (kind ->
    codes lacking) names."""
    gagal = {k for codes in kurang.values() for k in codes}
    skor = (len(semua) - len(gagal & set(semua))) / len(semua) if semua else 0.0
    kekurangan = [Kekurangan(jenis, tuple(codes), len(semua)) for jenis, codes in kurang.items() if codes]
    return _putusan(kode, skor, bukti if skor > 0 else (), [*kekurangan, *ekstra])


def _kode_laporan(lap: Laporan) -> list[str]:
    """The tujuan and sasaran indicators the report's Bab III shows, in display order."""
    return list(lap.kinerja["kode"])


def _ada(nilai) -> bool:
    return nilai not in (None, "", [], {}) and not (isinstance(nilai, float) and pd.isna(nilai))


def _normal(teks) -> str:
    return re.sub(r"[\s_]+", " ", str(teks)).strip().lower()


def indikator_iku(lap: Laporan) -> list[str]:
    """The reported indicators the data marks as IKU (indikator.csv ``iku`` = ``ya``), never
    guessed: a report that marks none has no IKU to align (``iku_tidak_tercatat``)."""
    ind = lap.data.indikator.set_index("kode")
    return [k for k in _kode_laporan(lap) if k in ind.index and str(ind.loc[k, "iku"]).strip().lower() == "ya"]


def iku_tercatat(lap: Laporan) -> bool:
    """Whether the data records for any reported indicator whether it is an IKU (``ya`` or ``tidak``)."""
    ind = lap.data.indikator.set_index("kode")
    return any(k in ind.index and str(ind.loc[k, "iku"]).strip().lower() in ("ya", "tidak") for k in _kode_laporan(lap))


def _analisis(bahan: "Bahan") -> dict:
    """The seven analyses of every indicator as Bab III gives them (:mod:`lkjip.compute.analisis`),
    the analyst's paragraphs counted as the causes."""
    return analisis_indikator(bahan.lap, {k for k in _kode_laporan(bahan.lap) if bahan.ditulis(f"indikator/{k}")})


def _dokumen_target(lap: Laporan, dokumen: tuple[str, ...]) -> pd.DataFrame:
    target = lap.data.target
    return target[target["dokumen"].isin(dokumen)]


# --- 3.a Keberadaan ----------------------------------------------------------------------------
def _disusun(bahan: Bahan) -> Putusan:
    """A report exists for the year: it has targets and realisations of the year (validation
    refuses a year without) and every chapter, so the book itself is the evidence."""
    lap = bahan.lap
    diukur = lap.kinerja["realisasi"].notna().any()
    return _putusan("3.a.1", 1.0 if diukur else 0.0, [Bukti("bagian", "kata-pengantar"), Bukti("tabel", "capaian")],
                    [] if diukur else [Kekurangan("tanpa_realisasi", tuple(_kode_laporan(lap)), len(lap.kinerja))])


def _pelaporan(lap: Laporan) -> dict:
    value = lap.profil.get("pelaporan")
    return value if isinstance(value, dict) else {}


def _dari_profil(kode: str, kunci: tuple[str, ...]):
    """A criterion met when a key of profil.yaml ``pelaporan`` records the fact; otherwise its
    evidence lies outside the document."""
    def nilai(bahan: Bahan) -> Putusan:
        pelaporan = _pelaporan(bahan.lap)
        ada = [k for k in kunci if _ada(pelaporan.get(k))]
        if ada:
            return _putusan(kode, 1.0, [Bukti("profil", f"pelaporan.{k}") for k in ada])
        return Putusan(kode, TIDAK_DINILAI, None,
                       kekurangan=(Kekurangan("bukti_luar", tuple(f"pelaporan.{k}" for k in kunci)),))
    return nilai


def _diformalkan(bahan: Bahan) -> Putusan:
    """Signed: the signature block names a date and the head (place is part of the block)."""
    profil = bahan.lap.profil
    ttd = profil.get("penandatanganan") or {}
    kepala = profil.get("kepala") or {}
    bagian = {"penandatanganan.tanggal": ttd.get("tanggal"), "kepala.nama": kepala.get("nama"),
              "penandatanganan.tempat": ttd.get("tempat")}
    kosong = tuple(k for k, v in bagian.items() if not _ada(v))
    skor = (len(bagian) - len(kosong)) / len(bagian)
    status = TERPENUHI if not kosong else (BELUM if len(kosong) == len(bagian) else SEBAGIAN)
    return _putusan("3.a.3", skor, [Bukti("bagian", "kata-pengantar")] if skor else [],
                    [Kekurangan("tanpa_tanda_tangan", kosong, len(bagian))] if kosong else [], status)


def _tepat_waktu(bahan: Bahan) -> Putusan:
    """Submitted by the deadline of the criteria file (end of February of the next year, from the
    apps, not verified). Only the signature date known: signed in time is half of it."""
    lap = bahan.lap
    batas = kriteria_pelaporan().batas_waktu(lap.tahun)
    disampaikan = _pelaporan(lap).get("tanggal_penyampaian")
    ditandatangani = (lap.profil.get("penandatanganan") or {}).get("tanggal")
    rincian = (("batas", batas.isoformat()),)
    if _ada(disampaikan):
        if disampaikan <= batas:
            return _putusan("3.a.6", 1.0, [Bukti("profil", "pelaporan.tanggal_penyampaian")])
        return _putusan("3.a.6", 0.0, [], [Kekurangan("terlambat", ("pelaporan.tanggal_penyampaian",), None,
                                                      rincian + (("tanggal", disampaikan.isoformat()),))])
    if _ada(ditandatangani):
        if ditandatangani <= batas:
            return _putusan("3.a.6", SKOR_SEBAGIAN, [Bukti("profil", "penandatanganan.tanggal")],
                            [Kekurangan("tanpa_tanggal_penyampaian", ("pelaporan.tanggal_penyampaian",), None,
                                        rincian + (("tanggal", ditandatangani.isoformat()),))], SEBAGIAN)
        return _putusan("3.a.6", 0.0, [], [Kekurangan("terlambat", ("penandatanganan.tanggal",), None,
                                                      rincian + (("tanggal", ditandatangani.isoformat()),))])
    return Putusan("3.a.6", TIDAK_DINILAI, None, kekurangan=(
        Kekurangan("bukti_luar", ("pelaporan.tanggal_penyampaian", "penandatanganan.tanggal"), None, rincian),))


# --- 3.b Kualitas ------------------------------------------------------------------------------
#: The parts of the PermenPAN-RB 53/2014 outline that can be absent from a built report, with the
#: test of each (the Perjanjian Kinerja is judged under 3.b.2, and chapters that are always
#: generated, such as Bab IV's conclusions, are not counted).
BAGIAN_STANDAR: dict[str, Callable[[Bahan], bool]] = {
    "tugas_fungsi": lambda b: _ada(b.lap.profil.get("tugas")) and _ada(b.lap.profil.get("fungsi")),
    "struktur_organisasi": lambda b: _ada(b.lap.profil.get("unit_organisasi")),
    "isu_strategis": lambda b: _ada(b.lap.profil.get("isu_strategis")),
    "renstra": lambda b: b.lap.renstra is not None and b.ada_tabel("matriks-renstra"),
    "iku": lambda b: b.ada_tabel("iku") and iku_tercatat(b.lap),
    "capaian": lambda b: b.ada_tabel("capaian"),
    "anggaran": lambda b: b.ada_tabel("anggaran"),
}
#: Where each part is shown, for the evidence.
BUKTI_STANDAR = {"tugas_fungsi": Bukti("bagian", "tugas-fungsi"), "struktur_organisasi": Bukti("bagian", "organisasi"),
                 "isu_strategis": Bukti("bagian", "isu-strategis"), "renstra": Bukti("tabel", "matriks-renstra"),
                 "iku": Bukti("tabel", "iku"), "capaian": Bukti("tabel", "capaian"), "anggaran": Bukti("tabel", "anggaran")}


def _standar(bahan: Bahan) -> Putusan:
    ada = [nama for nama, uji in BAGIAN_STANDAR.items() if uji(bahan)]
    kosong = tuple(nama for nama in BAGIAN_STANDAR if nama not in ada)
    return _putusan("3.b.1", len(ada) / len(BAGIAN_STANDAR), [BUKTI_STANDAR[n] for n in ada],
                    [Kekurangan("bagian_kosong", kosong, len(BAGIAN_STANDAR))] if kosong else [])


def _sama_beda(lap: Laporan) -> dict[str, str]:
    """Indicators printed twice under one name with a different unit or polarity (a sasaran
    indicator and a program indicator of the same name): code -> the other code."""
    ind = lap.data.indikator
    laporan = set(_kode_laporan(lap))
    beda = {}
    for _, group in ind.groupby(ind["nama"].map(_normal), sort=False):
        if len(group) < 2:
            continue
        ciri = {(str(r.satuan).strip().lower(), r.polaritas) for r in group.itertuples()}
        if len(ciri) < 2:
            continue
        for row in group.itertuples():
            if row.kode in laporan:
                beda[row.kode] = ", ".join(k for k in group["kode"] if k != row.kode)
    return beda


def keselarasan(lap: Laporan) -> dict[str, list[str]]:
    """The alignment checks an evaluator applies, kind -> indicator codes that fail it: every PK
    indicator reported with a realisation; every reported sasaran IKU in the PK and every reported
    IKU in the Renstra in force; the target rated against is the PK's where the PK has the
    indicator; one unit and polarity per indicator however often it is printed."""
    tahun = lap.tahun
    kinerja = lap.kinerja.set_index("kode")
    pk = _dokumen_target(lap, ("pk", "pk_perubahan"))
    pk = pk[pk["tahun"] == tahun]
    level = lap.data.indikator.set_index("kode")["level"]
    kode_pk = [k for k in dict.fromkeys(pk["indikator"]) if level.get(k) in LEVEL_ORGANISASI]
    renstra = _dokumen_target(lap, ("renstra",))
    plan = lap.renstra
    if plan is not None:
        renstra = renstra[renstra["tahun"].between(plan.awal, plan.akhir)]
    kode_renstra = set(renstra.loc[renstra["nilai"].notna(), "indikator"]) if plan is not None else set()
    iku = indikator_iku(lap)
    hasil = {
        "iku_tidak_tercatat": [] if iku_tercatat(lap) else _kode_laporan(lap),
        "pk_tanpa_realisasi": [k for k in kode_pk if k not in kinerja.index or pd.isna(kinerja.loc[k, "realisasi"])],
        "iku_tanpa_pk": [k for k in iku if level.get(k) == "sasaran" and k not in kode_pk],
        "iku_tanpa_renstra": [k for k in iku if k not in kode_renstra],
        "target_bukan_pk": [k for k in kode_pk if k in kinerja.index
                            and kinerja.loc[k, "dokumen_target"] not in ("pk", "pk_perubahan")],
        "satuan_polaritas_beda": list(_sama_beda(lap)),
    }
    return hasil


def _seluruh_informasi(bahan: Bahan) -> Putusan:
    """Everything of the PK reported, and the report aligned with the PK and the Renstra. When the
    data marks no indicator as IKU or not, the IKU half of the alignment cannot be checked: the
    share the PK checks give is halved (``SKOR_SEBAGIAN``) and the gap named, nothing guessed."""
    lap = bahan.lap
    cek = keselarasan(lap)
    tidak_tercatat = cek.pop("iku_tidak_tercatat")
    pk = lap.pk_target()
    semua = list(dict.fromkeys([*pk["kode"], *indikator_iku(lap)]))
    beda = _sama_beda(lap)
    ekstra = [Kekurangan("pk_kosong", (), None)] if not len(pk) else []
    if tidak_tercatat:
        ekstra.append(Kekurangan("iku_tidak_tercatat", tuple(tidak_tercatat), len(_kode_laporan(lap))))
    putusan = _per_indikator("3.b.2", semua, cek, [Bukti("tabel", "pk-target"), Bukti("tabel", "capaian")], ekstra)
    if tidak_tercatat:
        putusan = _putusan("3.b.2", putusan.skor * SKOR_SEBAGIAN, putusan.bukti, putusan.kekurangan)
    # name the other printing of each indicator printed twice
    return _dengan_rincian(putusan, tuple(beda.items()), "satuan_polaritas_beda")


def _target_tahunan(bahan: Bahan) -> Putusan:
    lap = bahan.lap
    kinerja = lap.kinerja
    tanpa = kinerja[kinerja["capaian"].isna()]
    kurang = {"tanpa_target": list(tanpa.loc[tanpa["target"].isna(), "kode"]),
              "tanpa_realisasi": list(tanpa.loc[tanpa["target"].notna() & tanpa["realisasi"].isna(), "kode"]),
              "tidak_terhitung": list(tanpa.loc[tanpa["target"].notna() & tanpa["realisasi"].notna(), "kode"])}
    return _per_indikator("3.b.3", _kode_laporan(lap), kurang,
                          [Bukti("tabel", "capaian"), Bukti("gambar", "capaian"), Bukti("bagian", "analisis-penyebab")])


def _target_jangka_menengah(bahan: Bahan) -> Putusan:
    lap = bahan.lap
    if lap.renstra is None:
        return _putusan("3.b.4", 0.0, [], [Kekurangan("tanpa_renstra", (), len(lap.kinerja))])
    akhir = lap.target_akhir
    tanpa = akhir[akhir["persen_target_akhir"].isna()]
    kurang = {"tanpa_target_akhir": list(tanpa.loc[tanpa["target_akhir"].isna(), "kode"]),
              "tanpa_realisasi": list(tanpa.loc[tanpa["target_akhir"].notna(), "kode"])}
    putusan = _per_indikator("3.b.4", _kode_laporan(lap), kurang,
                             [Bukti("tabel", "target-akhir"), Bukti("gambar", "target-akhir")])
    return _dengan_rincian(putusan, (("tahun_akhir", str(lap.renstra.akhir)),))


def _tahun_sebelumnya(bahan: Bahan) -> Putusan:
    lap = bahan.lap
    seri = lap.seri
    lalu = seri[(seri["tahun"] < lap.tahun) & seri["realisasi"].notna()]
    kode = _kode_laporan(lap)
    tanpa = [k for k, b in _analisis(bahan).items() if not b["tahun_lalu"].ada]
    tahun_ada = sorted(int(t) for t in lalu["tahun"].unique())
    putusan = _per_indikator("3.b.5", kode, {"tanpa_tahun_lalu": tanpa},
                             [Bukti("tabel", "seri"), Bukti("gambar", "tren"), Bukti("bagian", "analisis-penyebab")])
    rincian = (("tahun_lalu", str(lap.tahun - 1)),) + ((("tahun_ada", f"{tahun_ada[0]}-{tahun_ada[-1]}"),)
                                                       if tahun_ada else ())
    return _dengan_rincian(putusan, rincian)


# Evidence sources of 3.b.6: each maps the report to {indicator code: evidence} for the indicators
# it compares with a standard, a national or provincial figure or other regions, shown in the report.
def _standar_csv(bahan: Bahan) -> dict[str, Bukti]:
    """standar.csv: a national, provincial or SPM standard of the indicator for the year, in the
    table of standards and the indicator's paragraph of Bab III."""
    return {k: Bukti("tabel", "standar") for k, b in _analisis(bahan).items()
            if b["pembanding"].ada and b["pembanding"].fakta.get("standar")}


def _pembanding_csv(bahan: Bahan) -> dict[str, Bukti]:
    """pembanding.csv: a measure named like an indicator (its code or its name, `IPG`) with the
    agency's own region among other regions: the peer chart when it is the charted measure,
    otherwise the indicator's paragraph of Bab III, which states the rank."""
    tampil = bahan.lap.ukuran_pembanding()
    out = {}
    for k, b in _analisis(bahan).items():
        rank = b["pembanding"].fakta.get("peringkat") if b["pembanding"].ada else None
        if rank:
            digambar = tampil is not None and (rank["ukuran"], rank["tahun"]) == tuple(tampil)
            out[k] = Bukti("gambar", "pembanding") if digambar else Bukti("bagian", "analisis-penyebab")
    return out


SUMBER_PEMBANDING: list[Callable[[Bahan], dict[str, Bukti]]] = [_standar_csv, _pembanding_csv]


def _pembanding_umum(bahan: Bahan) -> list[Bukti]:
    """Comparisons the report shows that name no indicator of Bab III's analyses: the SPM table, a
    standard of a program or kegiatan indicator only, a peer chart of a measure that is no
    indicator of the report."""
    lap = bahan.lap
    bukti = [Bukti("tabel", "spm")] if bahan.ada_tabel("spm") else []
    kode = set(_kode_laporan(lap))
    if bahan.ada_tabel("standar") and not set(lap.standar["kode"]) & kode:
        bukti.append(Bukti("tabel", "standar"))
    tampil = lap.ukuran_pembanding()
    if tampil is not None and not any(_normal(tampil[0]) in (_normal(r.kode), _normal(r.nama))
                                      for r in lap.kinerja.itertuples()):
        bukti.append(Bukti("gambar", "pembanding"))
    return bukti


def _benchmark(bahan: Bahan) -> Putusan:
    lap = bahan.lap
    kode = _kode_laporan(lap)
    per_indikator: dict[str, Bukti] = {}
    for sumber in SUMBER_PEMBANDING:
        for k, b in sumber(bahan).items():
            per_indikator.setdefault(k, b)
    umum = _pembanding_umum(bahan)
    tanpa = [k for k in kode if k not in per_indikator]
    skor = (len(kode) - len(tanpa)) / len(kode) if kode else 0.0
    if umum:
        skor = max(skor, SKOR_PEMBANDING_UMUM)
    kekurangan = []
    if tanpa:
        kekurangan.append(Kekurangan("tanpa_pembanding", tuple(tanpa), len(kode)))
    if umum and len(tanpa) == len(kode):
        kekurangan.append(Kekurangan("pembanding_umum", tuple(b.nama for b in umum)))
    untuk: dict[Bukti, list[str]] = {}
    for k, b in per_indikator.items():
        untuk.setdefault(b, []).append(k)
    bukti = [dataclasses.replace(b, untuk=tuple(codes)) for b, codes in untuk.items()]
    bukti += [b for b in umum if b not in untuk]
    return _putusan("3.b.6", skor, bukti, kekurangan)


def _narasi_indikator(bahan: Bahan) -> dict[str, Bukti]:
    """The analyst's paragraph on an indicator (``narasi/.../indikator/<kode>.md``), which Bab III's
    analysis 5 prints (:mod:`lkjip.compute.analisis`)."""
    return {k: Bukti("narasi", f"indikator/{k}") for k, b in _analisis(bahan).items() if b["penyebab"].ada}


#: Evidence sources of 3.b.7: {indicator code: evidence} of the causes, efforts and obstacles.
SUMBER_PENYEBAB: list[Callable[[Bahan], dict[str, Bukti]]] = [_narasi_indikator]


def _penyebab(bahan: Bahan) -> Putusan:
    kode = _kode_laporan(bahan.lap)
    ada: dict[str, Bukti] = {}
    for sumber in SUMBER_PENYEBAB:
        for k, b in sumber(bahan).items():
            ada.setdefault(k, b)
    bukti = [Bukti("bagian", "analisis-penyebab"), *ada.values()]
    return _per_indikator("3.b.7", kode, {"tanpa_penyebab": [k for k in kode if k not in ada]}, bukti)


def _efisiensi(bahan: Bahan) -> Putusan:
    """A measured efficiency (capaian against absorption) for every indicator, or every sasaran
    when the agency computes it per sasaran."""
    lap = bahan.lap
    if not lap.ada_anggaran:
        return _putusan("3.b.8", 0.0, [], [Kekurangan("tanpa_anggaran", (), None)])
    per_sasaran = lap.metode["efisiensi"] == "sasaran"
    eff = lap.efisiensi
    level = "sasaran" if per_sasaran else "indikator"
    terukur = set(eff.loc[(eff["level"] == level) & eff["efisiensi"].notna(), "kunci"])
    if per_sasaran:
        semua = list(dict.fromkeys(s for s in lap.kinerja["sasaran"] if isinstance(s, str)))
    else:
        semua = _kode_laporan(lap)
    dipetakan = set(eff.loc[eff["level"] == level, "kunci"])
    kurang = {"tanpa_peta_anggaran": [k for k in semua if k not in dipetakan],
              "tanpa_efisiensi": [k for k in semua if k in dipetakan and k not in terukur]}
    putusan = _per_indikator("3.b.8", semua, kurang, [Bukti("tabel", "efisiensi"), Bukti("gambar", "efisiensi")])
    return _dengan_rincian(putusan, (("level", level),))


def _rekomendasi(bahan: Bahan) -> Putusan:
    """Next steps the analyst wrote (``langkah.md``); the generated ones list the indicators
    below target and are half of it."""
    lap = bahan.lap
    bawah = tuple(lap.kinerja.loc[lap.kinerja["capaian"] < 100, "kode"])
    if bahan.ditulis("langkah"):
        return _putusan("3.b.9", 1.0, [Bukti("bagian", "langkah"), Bukti("narasi", "langkah")])
    return _putusan("3.b.9", SKOR_SEBAGIAN, [Bukti("bagian", "langkah")],
                    [Kekurangan("langkah_bawaan", bawah, len(lap.kinerja))], SEBAGIAN)


# --- 3.c Pemanfaatan: the evidence lies outside the report; signs inside it are named ----------
def _tanda(kode: str, tanda: Callable[[Bahan], list[Bukti]]):
    def nilai(bahan: Bahan) -> Putusan:
        return Putusan(kode, TIDAK_DINILAI, None, tanda=tuple(tanda(bahan)))
    return nilai


def _tanda_pk_perubahan(bahan: Bahan) -> list[Bukti]:
    pk = bahan.lap.pk_target()
    return [Bukti("tabel", "pk-target")] if len(pk) and pk["perubahan"].notna().any() else []


def _tanda_anggaran_perubahan(bahan: Bahan) -> list[Bukti]:
    pka = bahan.lap.pk_anggaran
    return [Bukti("tabel", "pk-anggaran")] if len(pka) and pka["perubahan"].fillna(0).ne(0).any() else []


def _tanda_rekomendasi(bahan: Bahan) -> list[Bukti]:
    return [Bukti("tabel", "sakip-rekomendasi")] if bahan.ada_tabel("sakip-rekomendasi") else []


#: The judge of each criterion the report can evidence (a criterion not here is not judgeable).
PENILAI: dict[str, Callable[[Bahan], Putusan]] = {
    "3.a.1": _disusun,
    "3.a.2": _dari_profil("3.a.2", ("laporan_berkala",)),
    "3.a.3": _diformalkan,
    "3.a.4": _dari_profil("3.a.4", ("tanggal_reviu",)),
    "3.a.5": _dari_profil("3.a.5", ("tautan_publikasi", "tanggal_publikasi")),
    "3.a.6": _tepat_waktu,
    "3.b.1": _standar,
    "3.b.2": _seluruh_informasi,
    "3.b.3": _target_tahunan,
    "3.b.4": _target_jangka_menengah,
    "3.b.5": _tahun_sebelumnya,
    "3.b.6": _benchmark,
    "3.b.7": _penyebab,
    "3.b.8": _efisiensi,
    "3.b.9": _rekomendasi,
    "3.c.3": _tanda("3.c.3", _tanda_pk_perubahan),
    "3.c.4": _tanda("3.c.4", _tanda_anggaran_perubahan),
    "3.c.6": _tanda("3.c.6", _tanda_rekomendasi),
}


# --- the estimate ----------------------------------------------------------------------------
def _perkiraan(kriteria: KriteriaLke, bobot: float, skor: list[float | None], per_kriteria: bool) -> Perkiraan:
    """The range of a sub-component's estimate, criteria without a score counted 0 and 1. The
    chosen reading: the share met picks the sub-component's letter, its value x weight / 100. The
    other: each criterion's letter from its share, the mean of their values x weight / 100."""
    ujung = []
    for isi in (0.0, 1.0):
        shares = [s if s is not None else isi for s in skor] or [0.0]
        persen = sum(shares) / len(shares) * 100
        if per_kriteria:
            nilai = sum(kriteria.huruf_untuk(s * 100).nilai for s in shares) / len(shares)
            ujung.append((persen, nilai / 100 * bobot, None))
        else:
            huruf = kriteria.huruf_untuk(persen)
            ujung.append((persen, huruf.nilai / 100 * bobot, huruf.huruf))
    (pb, nb, hb), (pa, na, ha) = ujung
    return Perkiraan(pb, pa, nb, na, hb, ha)


def nilai_lke(bahan: Bahan, kriteria: KriteriaLke | None = None) -> HasilLke:
    """Judge the report against every criterion and estimate each sub-component."""
    kriteria = kriteria or kriteria_pelaporan()
    putusan = []
    for k in kriteria.kriteria:
        penilai = PENILAI.get(k.kode)
        putusan.append(penilai(bahan) if penilai else Putusan(k.kode, TIDAK_DINILAI, None))
    subs = []
    for sub in kriteria.subkomponen:
        skor = [p.skor for p in putusan if kriteria.cari(p.kriteria).subkomponen == sub.kode]
        subs.append(NilaiSubkomponen(sub.kode, sub.bobot, len(skor), sum(s is not None for s in skor),
                                     _perkiraan(kriteria, sub.bobot, skor, per_kriteria=False),
                                     _perkiraan(kriteria, sub.bobot, skor, per_kriteria=True)))
    return HasilLke(kriteria, tuple(putusan), tuple(subs), nilai_evaluasi(bahan.lap, kriteria))


def nilai_evaluasi(lap: Laporan, kriteria: KriteriaLke) -> tuple[int, float, float | None] | None:
    """The recorded score of this component in the year's SAKIP evaluation (a component named
    like it in sakip_komponen.csv), or None."""
    for row in lap.sakip_komponen.itertuples():
        if _normal(row.komponen) == _normal(kriteria.nama) and pd.notna(row.nilai):
            return int(row.tahun), float(row.nilai), None if pd.isna(row.bobot) else float(row.bobot)
    return None


def belum_terpenuhi(hasil: HasilLke) -> list[Putusan]:
    """The judged criteria not fully met (what ``--ketat`` refuses)."""
    return [p for p in hasil.putusan if p.status in (SEBAGIAN, BELUM)]
