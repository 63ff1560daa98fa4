"""Narrative files: prose the analyst edits, numbers the data fills.

A narrative file is plain Markdown at `narasi/<dinas>/<tahun>/<tempat>.md`. Numbers are written as
placeholders, `{{ I01.capaian }}`, which name a value of the data and render it the Indonesian way.
Rendering is a lookup in a table of precomputed, formatted values and nothing else: no expression
is evaluated, so a narrative file cannot run code, reach Python objects, read files or the
environment. A file may start with front matter `mode: tambah` to come after the generated prose
instead of replacing it. Reading the files is :mod:`lkjip.inputs.berkas_narasi`'s; the check for
typed numbers that no longer follow the data is :mod:`lkjip.present.basi`'s.
"""
from __future__ import annotations

import difflib
import re
from collections.abc import Mapping

import pandas as pd

from lkjip.core.exceptions import NarasiError
from lkjip.inputs.snapshot import baca_narasi
from lkjip.present import aman
from lkjip.present import format as fmt

PLACEHOLDER = re.compile(r"\{\{(.*?)\}\}")
NAMA_SAH = re.compile(r"^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z0-9_]+)*$")
TERLARANG = re.compile(r"\{%|%\}|\{#|\$\{|`\{python|```\{")

#: What each kind of name means (the generated documentation reads this).
KETERANGAN_NAMA = {
    "tahun": "the report year", "tahun_lalu": "the year before",
    "dinas.nama": "agency's full name", "dinas.nama_singkat": "agency's short name",
    "wilayah": "region with its kind (Kota Malang)", "kepala.nama": "head of agency",
    "renstra.awal": "first year of the Renstra in force", "renstra.akhir": "last year of the Renstra in force",
    "renstra.dokumen": "title of the Renstra in force", "renstra.jenis": "kind of plan (Renstra)",
    "rpjmd.awal": "first year of the RPJMD/RPD in force", "rpjmd.akhir": "its last year",
    "rpjmd.dokumen": "its title", "rpjmd.jenis": "RPJMD or RPD",
    "<indikator>.nama": "indicator name", "<indikator>.target": "target of the year",
    "<indikator>.realisasi": "realisasi of the year", "<indikator>.capaian": "capaian (%)",
    "<indikator>.kategori": "rating category", "<indikator>.realisasi_lalu": "realisasi of the year before",
    "<indikator>.capaian_lalu": "capaian of the year before", "<indikator>.target_akhir": "Renstra end target",
    "<indikator>.persen_target_akhir": "realisasi against the Renstra end target (%)",
    "<indikator>.serapan": "absorption of its budget lines (%)", "<indikator>.efisiensi": "efficiency (%)",
    "<sasaran/tujuan>.uraian": "statement", "<sasaran/tujuan>.rata_capaian": "mean capaian (%)",
    "<sasaran/tujuan>.kategori": "category of the mean",
    "<anggaran>.uraian": "budget line name", "<anggaran>.pagu": "budget (Rp)",
    "<anggaran>.realisasi": "spending (Rp)", "<anggaran>.serapan": "absorption (%)",
    "<anggaran>.sisa": "unspent budget (Rp)",
    "total.pagu": "total budget", "total.realisasi": "total spending", "total.serapan": "total absorption",
    "total.sisa": "total unspent", "rata.capaian": "mean capaian of all indicators",
    "rata.kategori": "its category", "rata.serapan_kegiatan": "mean absorption over kegiatan",
    "rata.serapan_subkegiatan": "mean absorption over sub-kegiatan",
    "jumlah.indikator": "number of tujuan/sasaran indicators", "jumlah.program": "number of programs",
}


class NamaLaporan(Mapping):
    """Every placeholder name of a report with its formatted value (what `daftar_nama` returns).

    The budget's names (``<kode>.pagu``, ``.realisasi``, ``.serapan``, ``.sisa``, ``.uraian``) are
    formatted when a narrative asks for one, not all in advance: a budget of 20.000 sub-kegiatan
    has 100.000 of them, and formatting them all cost every chapter and `periksa` seconds.
    Lookup order is that of the names' definition: report totals, then budget lines, then the rest.
    """

    _ANGGARAN = {
        "uraian": lambda row: row["uraian"], "pagu": lambda row: fmt.rupiah_tepat(row["pagu"]),
        "realisasi": lambda row: fmt.rupiah_tepat(row["realisasi"]),
        "serapan": lambda row: fmt.persen(row["serapan"]), "sisa": lambda row: fmt.rupiah_tepat(row["sisa"]),
    }

    def __init__(self, awal: dict[str, str], anggaran: dict[str, dict], akhir: dict[str, str]):
        self._awal, self._anggaran, self._akhir = awal, anggaran, akhir

    def __getitem__(self, name: str) -> str:
        if name in self._akhir:
            return self._akhir[name]
        kode, _, bagian = name.rpartition(".")
        if bagian in self._ANGGARAN and kode in self._anggaran:
            return self._ANGGARAN[bagian](self._anggaran[kode])
        return self._awal[name]

    def __contains__(self, name) -> bool:
        if name in self._akhir or name in self._awal:
            return True
        kode, _, bagian = str(name).rpartition(".")
        return bagian in self._ANGGARAN and kode in self._anggaran

    def __iter__(self):
        seen = set()
        for name in self._nama_urut():
            if name not in seen:
                seen.add(name)
                yield name

    def _nama_urut(self):
        yield from self._awal
        for kode in self._anggaran:
            for bagian in self._ANGGARAN:
                yield f"{kode}.{bagian}"
        yield from self._akhir

    def __len__(self) -> int:
        return sum(1 for _ in self)


def daftar_nama(lap) -> NamaLaporan:
    """Every placeholder name of a report with its formatted value (a read-only mapping)."""
    from lkjip.compute.capaian import kategori

    p = lap.profil
    names = {
        "tahun": str(lap.tahun), "tahun_lalu": str(lap.tahun - 1),
        "dinas.nama": p["nama"], "dinas.nama_singkat": lap.nama_singkat, "wilayah": lap.nama_wilayah,
        "kepala.nama": (p.get("kepala") or {}).get("nama") or fmt.TIDAK_TERSEDIA,
    }
    for kunci, plan in (("renstra", lap.renstra), ("rpjmd", lap.rpjmd)):
        if plan is not None:  # no plan in force: the name is unknown, so a narrative using it is stopped
            names.update({f"{kunci}.awal": str(plan.awal), f"{kunci}.akhir": str(plan.akhir),
                          f"{kunci}.dokumen": plan.dokumen or fmt.TIDAK_TERSEDIA, f"{kunci}.jenis": plan.jenis})
    lalu = lap.kinerja_tahun(lap.tahun - 1).set_index("kode")
    akhir = lap.target_akhir.set_index("kode")
    eff = lap.efisiensi.set_index("kunci") if len(lap.efisiensi) else pd.DataFrame()
    for row in pd.concat([lap.kinerja, lap.kinerja_program]).itertuples():
        v = lambda x, huruf=None: fmt.nilai_indikator(x, row.jenis, row.satuan or "", huruf)
        names.update({f"{row.kode}.nama": row.nama, f"{row.kode}.target": v(row.target, row.target_huruf),
                      f"{row.kode}.realisasi": v(row.realisasi, row.realisasi_huruf), f"{row.kode}.capaian": fmt.persen(row.capaian),
                      f"{row.kode}.kategori": row.kategori or fmt.KOSONG})
        if row.kode in lalu.index:
            names[f"{row.kode}.realisasi_lalu"] = v(lalu.loc[row.kode, "realisasi"])
            names[f"{row.kode}.capaian_lalu"] = fmt.persen(lalu.loc[row.kode, "capaian"])
        if row.kode in akhir.index:
            names[f"{row.kode}.target_akhir"] = v(akhir.loc[row.kode, "target_akhir"])
            names[f"{row.kode}.persen_target_akhir"] = fmt.persen(akhir.loc[row.kode, "persen_target_akhir"])
        if row.kode in eff.index:
            names[f"{row.kode}.serapan"] = fmt.persen(eff.loc[row.kode, "serapan"])
            names[f"{row.kode}.efisiensi"] = fmt.persen(eff.loc[row.kode, "efisiensi"])
    skala = lap.data.skala_penilaian
    for menurut in ("sasaran", "tujuan"):
        for kode, rata in lap.rata_capaian(menurut).items():
            names[f"{kode}.rata_capaian"] = fmt.persen(rata)
            names[f"{kode}.kategori"] = kategori(rata, skala) or fmt.KOSONG
    for kode, uraian in lap.uraian.items():
        names[f"{kode}.uraian"] = uraian
    for kode in eff.index:
        if kode in lap.uraian:
            names[f"{kode}.serapan"] = fmt.persen(eff.loc[kode, "serapan"])
            names[f"{kode}.efisiensi"] = fmt.persen(eff.loc[kode, "efisiensi"])
    anggaran: dict[str, dict] = {}
    for row in lap.anggaran[["kode", "uraian", "pagu", "realisasi", "serapan", "sisa"]].to_dict("records"):
        anggaran[row["kode"]] = row  # a later row of the same code wins, as it did in one dict
    total = lap.total_anggaran
    rata = lap.rata_capaian("semua")["semua"]
    names, awal = {}, names
    names.update({"total.pagu": fmt.rupiah_tepat(total["pagu"]), "total.realisasi": fmt.rupiah_tepat(total["realisasi"]),
                  "total.serapan": fmt.persen(total["serapan"]), "total.sisa": fmt.rupiah_tepat(total["sisa"]),
                  "rata.capaian": fmt.persen(rata), "rata.kategori": kategori(rata, skala) or fmt.KOSONG,
                  "rata.serapan_kegiatan": fmt.persen(lap.rata_serapan("kegiatan")),
                  "rata.serapan_subkegiatan": fmt.persen(lap.rata_serapan("subkegiatan")),
                  "jumlah.indikator": str(len(lap.kinerja)), "jumlah.program": str(len(lap.program))})
    return NamaLaporan(awal, anggaran, names)


def render(teks: str, names: Mapping[str, str], berkas: str = "<teks>") -> str:
    """Replace every placeholder by its value; unknown or unsafe content stops with file and line."""
    lines = teks.split("\n")
    for nomor, line in enumerate(lines, start=1):
        if TERLARANG.search(line):
            raise NarasiError(f"{berkas}, baris {nomor}: narasi tidak boleh memuat perintah atau kode "
                              f"({TERLARANG.search(line).group(0)!r}). Pakai hanya {{{{ nama }}}} untuk angka.")

        def ganti(match, nomor=nomor):
            name = match.group(1).strip()
            if not NAMA_SAH.match(name) or "__" in name:
                raise NarasiError(f"{berkas}, baris {nomor}: {{{{{match.group(1)}}}}} bukan nama yang sah; "
                                  "tulis nama seperti {{ I01.capaian }} (huruf, angka, titik, garis bawah).")
            if name not in names:
                near = difflib.get_close_matches(name, list(names), n=3, cutoff=0.6)
                hint = f" Mungkin maksudnya: {', '.join(near)}." if near else " Lihat docs/narasi.md untuk daftar nama."
                raise NarasiError(f"{berkas}, baris {nomor}: nama '{name}' tidak dikenal.{hint}")
            return aman.teks(names[name])

        lines[nomor - 1] = PLACEHOLDER.sub(ganti, line)
        sisa = PLACEHOLDER.sub("", line)
        if "{{" in sisa or "}}" in sisa:
            raise NarasiError(f"{berkas}, baris {nomor}: placeholder tidak lengkap ({sisa.strip()[:60]!r}); "
                              "tulis {{ nama }} dengan dua kurung kurawal pembuka dan dua penutup.")
    return "\n".join(lines)


def nama_tempat_sah(tempat: str, lap, tempat_lain: set[str] = frozenset()) -> str | None:
    """None when a narrative file name is a place of the report (``TEMPAT``, or one the chapters
    ask for in ``tempat_lain``); else why it is not: a misnamed file would otherwise be ignored
    without a word."""
    if tempat in TEMPAT or tempat in tempat_lain:
        return None
    jenis, _, kode = tempat.partition("/")
    if jenis == "indikator" and kode:
        known = list(lap.kinerja["kode"])
        what = "indikator tujuan/sasaran"
    elif jenis == "program" and kode:
        known = list(lap.program["kode"])
        what = f"program anggaran tahun {lap.tahun}"
    else:
        near = difflib.get_close_matches(tempat, [t for t in TEMPAT if "<" not in t], n=3, cutoff=0.6)
        hint = f" Mungkin maksudnya: {', '.join(n + '.md' for n in near)}." if near else ""
        return (f"nama berkas narasi '{tempat}.md' bukan tempat di laporan.{hint} "
                "Daftar tempat: lkjip narasi-doc (docs/narasi.md).")
    if kode in known:
        return None
    near = difflib.get_close_matches(kode, known, n=3, cutoff=0.5)
    hint = f" Mungkin maksudnya: {', '.join(near)}." if near else ""
    return f"'{kode}' bukan kode {what}, jadi berkas '{tempat}.md' tidak akan tampil.{hint}"


#: What every narrative place's mark starts with (a DOCX bookmark, an HTML id).
AWALAN_PENANDA = "narasi_"


def penanda(tempat: str) -> str:
    """The id that marks a place's narrative in the book: ``narasi_`` and the place with ``/`` as
    ``__`` (``indikator/I02`` -> ``narasi_indikator__I02``), any other character outside letters,
    digits and ``_`` as ``_<hex>_``. It is also the name of the Word bookmark pandoc writes around
    the paragraphs, so it keeps to what Word accepts in a bookmark name: letters, digits and
    ``_``, at most 40 characters (a longer one ends in a hash of the place)."""
    import hashlib

    kode = re.sub(r"[^A-Za-z0-9_]", lambda m: "__" if m.group(0) == "/" else f"_{ord(m.group(0)):x}_", tempat)
    nama = AWALAN_PENANDA + kode
    if len(nama) > 40:
        nama = nama[:31] + "_" + hashlib.sha1(tempat.encode("utf-8")).hexdigest()[:8]
    return nama


class Penulis:
    """Renders the prose of one place: the analyst's file, the generated default, or both."""

    def __init__(self, lap, narasi_dir):
        """``narasi_dir``: the narrative folder, or a build's snapshot (object or folder)."""
        self.lap = lap
        self.narasi_dir = narasi_dir
        self._names = None

    @property
    def names(self) -> "NamaLaporan":
        if self._names is None:
            self._names = daftar_nama(self.lap)
        return self._names

    def teks(self, tempat: str, bawaan: str = "") -> str:
        narasi = baca_narasi(self.narasi_dir, self.lap.data.slug, self.lap.tahun, tempat)
        if narasi is None:
            return bawaan
        rendered = render(narasi.teks, self.names, str(narasi.berkas)).strip()
        return f"{bawaan}\n\n{rendered}".strip() if narasi.mode == "tambah" else rendered

    def ditulis(self, folder: str) -> set[str]:
        """The codes of a per-code place (``indikator``, ``program``) the analyst wrote text for
        (a file with text besides front matter)."""
        codes = set(self.lap.kinerja["kode"]) if folder == "indikator" else set(self.lap.program["kode"])
        out = set()
        for kode in codes:
            narasi = baca_narasi(self.narasi_dir, self.lap.data.slug, self.lap.tahun, f"{folder}/{kode}")
            if narasi is not None and narasi.teks.strip():
                out.add(kode)
        return out
    def tertulis(self) -> dict[str, str]:
        """Every place of the report the analyst wrote, as {place: text}: the places of `TEMPAT`,
        per indicator and per budget line, looked up as the chapters look them up (so a build's
        trace records each, and a new file re-runs the chapter that asks). The LKE checklist reads it."""
        tempat = []
        for nama in TEMPAT:
            if nama.startswith("indikator/"):
                tempat += [f"indikator/{k}" for k in self.lap.kinerja["kode"]]
            elif nama.startswith("program/"):
                tempat += [f"program/{k}" for k in self.lap.program["kode"]] if len(self.lap.program) else []
            else:
                tempat.append(nama)
        found = {}
        for nama in tempat:
            narasi = baca_narasi(self.narasi_dir, self.lap.data.slug, self.lap.tahun, nama)
            if narasi is not None and narasi.teks.strip():
                found[nama] = narasi.teks
        return found

    def tampil(self, tempat: str, bawaan: str = ""):
        """Show the prose as a Markdown output of the notebook (what Quarto renders), sanitised.

        The part that comes from a narrative file is wrapped in a div whose id names its place
        (`penanda`): the DOCX carries it as a bookmark around those paragraphs, so `lkjip narasi
        impor` finds them again after the office edited the document in Word."""
        from IPython.display import Markdown, display
        narasi = baca_narasi(self.narasi_dir, self.lap.data.slug, self.lap.tahun, tempat)
        if narasi is None:
            teks = aman.narasi(bawaan)
        else:
            rendered = aman.narasi(render(narasi.teks, self.names, str(narasi.berkas)).strip())
            marked = f"::: {{#{penanda(tempat)}}}\n{rendered}\n:::" if rendered else ""
            awal = aman.narasi(bawaan) if narasi.mode == "tambah" else ""
            teks = "\n\n".join(part for part in (awal, marked) if part)
        if teks:
            display(Markdown(teks))


#: Places of the report that carry prose, with the chapter that shows them.
TEMPAT = {
    "kata_pengantar": "Ringkasan: kata pengantar",
    "ikhtisar": "Ringkasan: ikhtisar eksekutif",
    "latar_belakang": "Bab I: latar belakang",
    "perjanjian_kinerja": "Bab II: perubahan Perjanjian Kinerja",
    "akuntabilitas": "Bab III: pengantar bab (sebelum capaian kinerja organisasi)",
    "capaian": "Bab III A.1: ringkasan capaian per kategori",
    "indikator/<kode>": "Bab III A.5: analisis penyebab keberhasilan/kegagalan satu indikator (mis. indikator/I01)",
    "efisiensi": "Bab III A.6: analisis efisiensi",
    "anggaran": "Bab III B: pengantar realisasi anggaran",
    "program/<kode>": "Bab III B: uraian satu program (mis. program/P01)",
    "kesimpulan": "Bab IV: simpulan",
    "langkah": "Bab IV: langkah ke depan",
    "kualitas_data": "Catatan Reviu: pengantar angka yang dihitung ulang",
}


def dokumentasi_nama() -> str:
    """The reference of places and placeholder names, generated from the code (docs/narasi.md)."""
    lines = ["## Tempat narasi", "", "| berkas (`narasi/<dinas>/<tahun>/…md`) | tempat di laporan |", "| --- | --- |"]
    lines += [f"| `{k}.md` | {v} |" for k, v in TEMPAT.items()]
    lines += ["", "## Nama yang tersedia", "",
              "`<indikator>` is an indicator kode (`I01`, `IP03`), `<sasaran/tujuan>` a kode of "
              "`tujuan_sasaran.csv` (`S1`, `T2`), `<anggaran>` a budget kode (`P01`, `P01.K02`).", "",
              "| nama | isi |", "| --- | --- |"]
    lines += [f"| `{{{{ {k} }}}}` | {v} |" for k, v in KETERANGAN_NAMA.items()]
    return "\n".join(lines) + "\n"
