"""The LKE checklist in words: each verdict of :mod:`lkjip.compute.lke` as Indonesian sentences,
with where the report shows the evidence (chapter page and anchor, for a link in HTML) and what
data or narrative would meet what is missing; printed by ``lkjip periksa --lke``.

What the report shows is gathered here (:func:`bahan_laporan`: the declared tables that have rows,
the narrative written), because which tables the report prints is this stage's knowledge. The
places of tables, figures and sections are declared in ``TABEL_DI``, ``GAMBAR`` and ``BAGIAN``;
a test holds them against the chapter notebooks. Sentences take an escape function, so the same
wording serves the terminal (control characters removed) and a Markdown page (``aman.teks``): the
package's own words hold no markup character, so only the pieces from data need escaping.
"""
from __future__ import annotations

import re
import textwrap
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from lkjip.compute.laporan import Laporan
from lkjip.compute.lke import (BELUM, SEBAGIAN, TERPENUHI, TIDAK_DINILAI, Bahan, Bukti, HasilLke, Kekurangan,
                               Putusan, nilai_lke)
from lkjip.present import format as fmt
from lkjip.present.daftar_tabel import SPEK

#: The chapter page of each notebook, as a reader names it.
HALAMAN = {"index": "Ringkasan", "bab1-pendahuluan": "Bab I", "bab2-perencanaan": "Bab II",
           "bab3-akuntabilitas": "Bab III", "bab4-penutup": "Bab IV", "lampiran": "Lampiran",
           "catatan-reviu": "Catatan Reviu"}
#: The chapter that shows each declared table (``tampil.tabel(lap, "<nama>", ...)`` in its notebook).
TABEL_DI = {
    "ikhtisar": "index", "matriks-renstra": "bab2-perencanaan", "strategi": "bab2-perencanaan", "iku": "bab2-perencanaan",
    "pk-target": "bab2-perencanaan", "pk-anggaran": "bab2-perencanaan", "skala-penilaian": "bab2-perencanaan",
    "capaian": "bab3-akuntabilitas", "seri": "bab3-akuntabilitas", "target-akhir": "bab3-akuntabilitas",
    "spm": "bab3-akuntabilitas", "efisiensi": "bab3-akuntabilitas", "program-kegiatan": "bab3-akuntabilitas",
    "anggaran": "bab3-akuntabilitas", "kemajuan": "bab3-akuntabilitas", "kemajuan-anggaran": "bab3-akuntabilitas",
    "standar": "bab3-akuntabilitas", "sakip-rekomendasi": "bab4-penutup", "lampiran-renstra": "lampiran",
    "lampiran-pk": "lampiran", "penghargaan": "lampiran", "sakip-komponen": "lampiran",
    "temuan": "catatan-reviu", "transkripsi": "catatan-reviu",
}
#: Figures by id (``fig-<id>``): chapter and caption, as the notebook draws them.
GAMBAR = {
    "capaian": ("bab3-akuntabilitas", "Capaian indikator kinerja"),
    "tren": ("bab3-akuntabilitas", "Realisasi terhadap target dari tahun ke tahun"),
    "target-akhir": ("bab3-akuntabilitas", "Kemajuan menuju target akhir Renstra"),
    "pembanding": ("bab3-akuntabilitas", "Posisi daerah di antara kabupaten/kota pembanding"),
    "efisiensi": ("bab3-akuntabilitas", "Capaian kinerja dan serapan anggaran"),
}
#: Sections the judge names: chapter and heading (Quarto's id is made from the heading).
BAGIAN = {
    "kata-pengantar": ("index", "Kata Pengantar"),
    "tugas-fungsi": ("bab1-pendahuluan", "Tugas dan Fungsi"),
    "organisasi": ("bab1-pendahuluan", "Susunan Organisasi"),
    "isu-strategis": ("bab1-pendahuluan", "Isu Strategis"),
    "analisis-penyebab": ("bab3-akuntabilitas", "Analisis penyebab keberhasilan dan kegagalan"),
    "langkah": ("bab4-penutup", "Langkah ke Depan"),
}

TANDA = {TERPENUHI: "[v]", SEBAGIAN: "[~]", BELUM: "[x]", TIDAK_DINILAI: "[?]"}
NAMA_STATUS = {TERPENUHI: "terpenuhi", SEBAGIAN: "sebagian", BELUM: "belum terpenuhi",
               TIDAK_DINILAI: "tidak dapat dinilai dari dokumen"}
#: Parts of the PermenPAN-RB 53/2014 outline (compute.lke.BAGIAN_STANDAR) and what fills each.
BAGIAN_STANDAR = {
    "tugas_fungsi": "Bab I tugas dan fungsi (profil.yaml tugas, fungsi)",
    "struktur_organisasi": "Bab I susunan organisasi (profil.yaml unit_organisasi)",
    "isu_strategis": "Bab I isu strategis (profil.yaml isu_strategis)",
    "renstra": "Bab II Renstra yang berlaku (profil.yaml renstra, target renstra di target.csv)",
    "iku": "Bab II indikator kinerja utama (kolom iku di indikator.csv)",
    "capaian": "Bab III target, realisasi dan capaian (target.csv, realisasi.csv)",
    "anggaran": "Bab III B realisasi anggaran (anggaran.csv)",
}
LEBAR = 100


@dataclass(frozen=True)
class Letak:
    """Where evidence is in the built book: the chapter page, the anchor and a label."""

    halaman: str
    anchor: str
    label: str

    @property
    def tautan(self) -> str:
        """The link from a page of the book: ``bab3-akuntabilitas.html#tbl-capaian``."""
        return f"{self.halaman}.html#{self.anchor}"


def id_bagian(judul: str) -> str:
    """The id Pandoc (and so Quarto) gives a heading of plain words: lower case, spaces to
    hyphens, other punctuation dropped (`Langkah ke Depan` -> `langkah-ke-depan`)."""
    kata = re.sub(r"[^\w\s-]", "", judul.lower())
    return re.sub(r"\s+", "-", kata.strip())


def letak(bukti: Bukti) -> Letak | None:
    """The place of a table, figure or section in the book; None for a profile key or narrative."""
    if bukti.jenis == "tabel" and bukti.nama in TABEL_DI:
        return Letak(TABEL_DI[bukti.nama], f"tbl-{bukti.nama}", f'Tabel "{SPEK[bukti.nama].judul}"')
    if bukti.jenis == "gambar" and bukti.nama in GAMBAR:
        halaman, judul = GAMBAR[bukti.nama]
        return Letak(halaman, f"fig-{bukti.nama}", f'Gambar "{judul}"')
    if bukti.jenis == "bagian" and bukti.nama in BAGIAN:
        halaman, judul = BAGIAN[bukti.nama]
        return Letak(halaman, id_bagian(judul), f'bagian "{judul}"')
    return None


def bahan_laporan(lap: Laporan, narasi: Mapping[str, str]) -> Bahan:
    """What the report shows, for the judge: the declared tables with rows, the narrative written."""
    tabel = frozenset(nama for nama, spek in SPEK.items() if len(spek.data(lap)))
    return Bahan(lap, tabel, dict(narasi))


def nilai_laporan(lap: Laporan, narasi: Mapping[str, str]) -> HasilLke:
    return nilai_lke(bahan_laporan(lap, narasi))


# --- sentences -----------------------------------------------------------------------------------
Escape = Callable[[str], str]


def _kode(kode, t: Escape) -> str:
    return ", ".join(t(str(k)) for k in kode)


def _jumlah(k: Kekurangan, benda: str = "indikator") -> str:
    return f"{len(k.kode)} dari {k.dari} {benda}" if k.dari else f"{len(k.kode)} {benda}"


def _tanggal(iso: str) -> str:
    return fmt.tanggal(iso) if iso else fmt.TIDAK_TERSEDIA


def kalimat_kekurangan(k: Kekurangan, lap: Laporan, t: Escape = str) -> str:
    """What is missing and what would meet it, in one or two sentences."""
    tahun = lap.tahun
    folder = f"narasi/{t(lap.data.slug)}/{tahun}"
    kode = _kode(k.kode, t)
    teks = {
        "tanpa_realisasi": lambda: f"{_jumlah(k)} tanpa realisasi tahun {tahun}: {kode}. Isi realisasi.csv tahun {tahun}.",
        "bukti_luar": lambda: f"Bila faktanya ada, catat di profil.yaml: {kode}.",
        "tanpa_tanda_tangan": lambda: f"Blok tanda tangan belum lengkap: {kode} kosong di profil.yaml.",
        "terlambat": lambda: (f"Tanggal {_tanggal(k.info('tanggal'))} ({kode}) melewati batas {_tanggal(k.info('batas'))} "
                              "(akhir Februari tahun berikutnya menurut aplikasi evaluasi; batas resmi belum diverifikasi)."),
        "tanpa_tanggal_penyampaian": lambda: (
            f"Laporan ditandatangani {_tanggal(k.info('tanggal'))}, sebelum batas {_tanggal(k.info('batas'))}, tetapi "
            f"tanggal penyampaiannya tidak tercatat: isi profil.yaml {kode}."),
        "bagian_kosong": lambda: (f"{_jumlah(k, 'bagian')} sistematika PermenPAN-RB 53/2014 tidak berisi data: "
                                  + "; ".join(BAGIAN_STANDAR.get(b, t(b)) for b in k.kode) + "."),
        "pk_kosong": lambda: (f"Tidak ada Perjanjian Kinerja tahun {tahun}: isi target.csv dengan dokumen pk (dan "
                              "pk_perubahan) untuk indikator sasaran."),
        "pk_tanpa_realisasi": lambda: f"{_jumlah(k)} PK tanpa realisasi tahun {tahun}: {kode}. Isi realisasi.csv.",
        "iku_tidak_tercatat": lambda: (f"Data tidak mencatat indikator mana yang IKU, sehingga keselarasan IKU dengan "
                                       f"PK dan Renstra tidak dapat diperiksa ({_jumlah(k)}: {kode}). Isi kolom iku "
                                       "(ya atau tidak) di indikator.csv sesuai dokumen IKU dinas."),
        "iku_tanpa_pk": lambda: (f"{_jumlah(k)} (IKU sasaran) tidak ada di Perjanjian Kinerja {tahun}: {kode}. Isi "
                                 "target pk di target.csv, atau iku = tidak di indikator.csv bila bukan IKU."),
        "iku_tanpa_renstra": lambda: (f"{_jumlah(k)} (IKU) tanpa target di Renstra yang berlaku: {kode}. "
                                      + ("Isi target renstra di target.csv." if lap.renstra is not None else
                                         f"Tidak ada Renstra yang berlaku pada tahun {tahun} di profil.yaml (renstra).")),
        "target_bukan_pk": lambda: (f"{_jumlah(k)} ada di PK tetapi dinilai terhadap target dokumen lain (nilai PK "
                                    f"kosong): {kode}. Isi nilai target pk di target.csv."),
        "satuan_polaritas_beda": lambda: (f"{_jumlah(k)} dicetak dua kali dengan satuan atau polaritas berbeda: "
                                          + ", ".join(f"{t(a)} (juga {t(b)})" for a, b in k.rincian)
                                          + ". Samakan satuan dan polaritasnya di indikator.csv."),
        "tanpa_target": lambda: f"{_jumlah(k)} tanpa target tahun {tahun}: {kode}. Isi target.csv (pk atau pk_perubahan).",
        "tidak_terhitung": lambda: f"{_jumlah(k)} capaiannya tidak dapat dihitung (lihat Bab III): {kode}.",
        "tanpa_renstra": lambda: (f"Tidak ada Renstra yang berlaku pada tahun {tahun}: isi profil.yaml renstra dan "
                                  "target akhir renstra di target.csv."),
        "tanpa_target_akhir": lambda: (f"{_jumlah(k)} tanpa target akhir Renstra (tahun {k.info('tahun_akhir')}): "
                                       f"{kode}. Isi target.csv dokumen renstra tahun {k.info('tahun_akhir')}."),
        "tanpa_tahun_lalu": lambda: (f"{_jumlah(k)} tanpa realisasi tahun sebelumnya: {kode}. Isi realisasi.csv "
                                     f"tahun {k.info('tahun_lalu')} dan tahun Renstra sebelumnya."),
        "tanpa_pembanding": lambda: (f"Tidak ada pembanding nasional/daerah untuk {_jumlah(k)}: {kode}. Isi "
                                     "standar.csv dengan standar nasional, provinsi atau SPM indikatornya, atau "
                                     "pembanding.csv dengan ukuran yang dinamai seperti indikatornya (kode atau nama), "
                                     "dengan nilai daerah sendiri dan daerah lain, beserta sumbernya."),
        "pembanding_umum": lambda: ("Perbandingan yang ada (tabel SPM atau grafik daerah pembanding) tidak menyebut "
                                    "indikator kinerja laporan, sehingga dihitung sebagian saja."),
        "tanpa_penyebab": lambda: (f"{_jumlah(k)} belum punya analisis penyebab: {kode}. Tulis satu berkas per "
                                   f"indikator di {folder}/indikator/ (mis. {t(k.kode[0]) if k.kode else 'I01'}.md): "
                                   "penyebab keberhasilan atau kegagalan, upaya nyata dan hambatannya."),
        "tanpa_anggaran": lambda: f"Laporan tidak memuat anggaran tahun {tahun}: isi anggaran.csv.",
        "tanpa_peta_anggaran": lambda: (f"{_jumlah(k, k.info('level', 'indikator'))} tanpa efisiensi karena tidak "
                                        f"dipetakan ke anggaran: {kode}. Isi peta_anggaran.csv."),
        "tanpa_efisiensi": lambda: (f"{_jumlah(k, k.info('level', 'indikator'))} efisiensinya tidak dapat dihitung "
                                    f"(capaian atau serapan kosong): {kode}."),
        "langkah_bawaan": lambda: (f"Langkah ke depan masih kalimat bawaan dari angka: tulis {folder}/langkah.md berisi "
                                   "langkah nyata" + (f", terutama untuk indikator di bawah target: {kode}." if kode
                                                      else ".")),
    }
    return teks[k.jenis]() if k.jenis in teks else f"{t(k.jenis)}: {kode}."


def kalimat_bukti(bukti: tuple[Bukti, ...], lap: Laporan, t: Escape = str,
                  tautan: Callable[[Letak], str] | None = None) -> str:
    """The evidence as a list: each table, figure or section with its page and anchor (or the
    ``tautan`` a page makes of it), narrative files grouped, profile keys with their value."""
    bagian, narasi_indikator = [], []
    for b in bukti:
        tempat = letak(b)
        if tempat is not None:
            teks = (tautan(tempat) if tautan else
                    f"{HALAMAN.get(tempat.halaman, tempat.halaman)}, {tempat.label} ({tempat.tautan})")
            bagian.append(teks + (f" untuk {_kode(b.untuk, t)}" if b.untuk else ""))
        elif b.jenis == "narasi" and b.nama.startswith("indikator/"):
            narasi_indikator.append(b.nama.partition("/")[2])
        elif b.jenis == "narasi":
            bagian.append(f"narasi analis {t(b.nama)}.md")
        elif b.jenis == "profil":
            bagian.append(f"profil.yaml {t(b.nama)} ({t(_nilai_profil(lap, b.nama))})")
        else:
            bagian.append(t(b.nama))
    if narasi_indikator:
        bagian.append(f"narasi analis untuk {_kode(narasi_indikator, t)} (folder narasi indikator/)")
    return "; ".join(bagian)


def _nilai_profil(lap: Laporan, kunci: str) -> str:
    nilai = lap.profil
    for bagian in kunci.split("."):
        nilai = nilai.get(bagian) if isinstance(nilai, dict) else None
    if hasattr(nilai, "isoformat"):
        return fmt.tanggal(nilai)
    return str(nilai) if nilai not in (None, "") else fmt.TIDAK_TERSEDIA


# --- the page of the Catatan Reviu ---------------------------------------------------------------
def _tautan_md(tempat: Letak) -> str:
    """Evidence in the review: a link to the book's page in HTML, its name in print (a link to an
    HTML page is dead on paper)."""
    from lkjip.present.aman import teks
    label = teks(f"{HALAMAN.get(tempat.halaman, tempat.halaman)}, {tempat.label}")
    return (f'[[{label}]({tempat.tautan})]{{.content-visible when-format="html"}}'
            f'[{label}]{{.content-hidden when-format="html"}}')


def halaman_markdown(hasil: HasilLke, lap: Laporan) -> str:
    """The checklist as a page of the Catatan Reviu: the estimate said as such, a summary table of
    every criterion, then per sub-component each verdict with its evidence (linked in HTML) and
    what would meet what is missing."""
    from lkjip.present.aman import teks as t
    k = hasil.kriteria
    parts = [f"Daftar periksa ini menilai laporan terhadap kriteria komponen {t(k.kode)} {t(k.nama)} Lembar "
             "Kriteria Evaluasi (LKE) SAKIP menurut Peraturan Menteri PANRB Nomor 88 Tahun 2021. Semua nilai di "
             "bawah adalah **perkiraan** dari data dan narasi laporan, bukan nilai evaluator; huruf tertinggi "
             "yang diperkirakan BB, karena A dan AA menuntut penilaian evaluator."]
    baris = ["| Kode | Kriteria | Putusan | Perkiraan |", "|:--|:--------|:--|:--|"]
    for p in hasil.putusan:
        kriteria = k.cari(p.kriteria)
        baris.append(f"| {t(p.kriteria)} | {t(kriteria.bunyi)} | {NAMA_STATUS[p.status]} | "
                     f"{t(hasil.huruf_kriteria(p) or fmt.KOSONG)} |")
    parts.append("\n".join(baris) + "\n\n: Putusan setiap kriteria (perkiraan) {#tbl-lke-ringkas}")
    for sub, nilai in zip(k.subkomponen, hasil.subkomponen):
        parts.append(f"### {t(sub.kode)} {t(sub.nama)} (bobot {fmt.angka(sub.bobot, 1, tetap=False)})")
        for p in hasil.putusan:
            kriteria = k.cari(p.kriteria)
            if kriteria.subkomponen != sub.kode:
                continue
            huruf = hasil.huruf_kriteria(p)
            item = [f"**{t(p.kriteria)} {t(kriteria.bunyi.rstrip('.'))}**: {NAMA_STATUS[p.status]}"
                    + (f", perkiraan {t(huruf)}." if huruf else ".")]
            if p.bukti:
                item.append("- Bukti: " + kalimat_bukti(p.bukti, lap, t, _tautan_md) + ".")
            if p.status == TIDAK_DINILAI:
                item.append(f"- Bukti ada di luar dokumen ({t(kriteria.bukti_luar or 'bukti pemanfaatan di luar laporan')}).")
            for kurang in p.kekurangan:
                item.append(("- " if p.status == TIDAK_DINILAI else "- Kurang: ") + kalimat_kekurangan(kurang, lap, t))
            if p.tanda:
                item.append("- Tanda di dalam laporan (bukan bukti penuh): " + kalimat_bukti(p.tanda, lap, t, _tautan_md) + ".")
            parts.append(item[0] + ("\n\n" + "\n".join(item[1:]) if len(item) > 1 else ""))
        parts.append(t(_kalimat_sub(sub.kode, sub.bobot, nilai, k.cara_dipilih)))
    parts.append(t(_kalimat_total(hasil)))
    if hasil.evaluasi is not None:
        tahun, nilai, bobot = hasil.evaluasi
        parts.append(t(f"Sebagai pembanding, bukan nilai laporan ini: evaluasi SAKIP tahun {tahun} memberi komponen ini "
                       f"{_angka(nilai)}" + (f" dari {fmt.angka(bobot, 2, tetap=False)}." if bobot is not None else ".")))
    return "\n\n".join(parts)


# --- the terminal checklist ---------------------------------------------------------------------
_KENDALI = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]")


def teks_terminal(nilai: str) -> str:
    """Text from data made safe for a terminal: control characters (escape sequences) removed."""
    return _KENDALI.sub("", str(nilai))


def _bungkus(teks: str, inden: int, gantung: int = 2) -> list[str]:
    """A paragraph wrapped to the terminal's width, its later lines indented ``gantung`` more."""
    awal = " " * inden
    return textwrap.wrap(teks, LEBAR, initial_indent=awal, subsequent_indent=awal + " " * gantung,
                         break_long_words=False, break_on_hyphens=False) or [awal]


def _angka(x: float) -> str:
    return fmt.angka(x, 2)


def _rentang(bawah: str, atas: str) -> str:
    return bawah if bawah == atas else f"{bawah}–{atas}"


def _baris_putusan(p: Putusan, hasil: HasilLke, lap: Laporan) -> list[str]:
    t = teks_terminal
    kriteria = hasil.kriteria.cari(p.kriteria)
    huruf = hasil.huruf_kriteria(p)
    judul = f"{TANDA[p.status]} {p.kriteria} {kriteria.bunyi}"
    judul += f" ({NAMA_STATUS[p.status]}" + (f"; perkiraan {huruf})" if huruf else ")")
    lines = _bungkus(judul, 2)
    if p.bukti:
        lines += _bungkus("Bukti: " + kalimat_bukti(p.bukti, lap, t) + ".", 6)
    if p.status == TIDAK_DINILAI:
        luar = kriteria.bukti_luar or "bukti pemanfaatan di luar laporan"
        lines += _bungkus(f"Bukti ada di luar dokumen ({luar}).", 6)
    for k in p.kekurangan:
        lines += _bungkus(("" if p.status == TIDAK_DINILAI else "Kurang: ") + kalimat_kekurangan(k, lap, t), 6)
    if p.tanda:
        lines += _bungkus("Tanda di dalam laporan (bukan bukti penuh): " + kalimat_bukti(p.tanda, lap, t) + ".", 6)
    return lines


def daftar_periksa(hasil: HasilLke, lap: Laporan) -> str:
    """The checklist as text for a terminal: a block per sub-component, each criterion with its
    verdict, evidence and shortcomings, the estimate of each sub-component and of the component."""
    k = hasil.kriteria
    nama = teks_terminal(f"{lap.nama_singkat} {lap.nama_wilayah}")
    lines = [f"Daftar periksa LKE komponen {k.kode} {k.nama} (PermenPAN-RB 88/2021): {nama}, laporan tahun {lap.tahun}",
             ""]
    lines += _bungkus("Semua nilai di bawah adalah PERKIRAAN lkjip dari data dan narasi laporan, bukan nilai evaluator. "
                      "Kriteria diambil dari aplikasi evaluasi yang menyalin LKE; teks peraturannya belum diperiksa "
                      "(docs/lke.md). Huruf tertinggi yang diperkirakan BB: A dan AA menuntut penilaian evaluator.", 0, 0)
    lines += ["Tanda: [v] terpenuhi  [~] sebagian  [x] belum terpenuhi  [?] tidak dapat dinilai dari dokumen", ""]
    for sub, nilai in zip(k.subkomponen, hasil.subkomponen):
        lines += _bungkus(f"{sub.kode} {sub.dimensi}: {sub.nama} (bobot {fmt.angka(sub.bobot, 1, tetap=False)})", 0)
        for p in hasil.putusan:
            if k.cari(p.kriteria).subkomponen == sub.kode:
                lines += _baris_putusan(p, hasil, lap)
        lines += _bungkus(_kalimat_sub(sub.kode, sub.bobot, nilai, k.cara_dipilih), 2) + [""]
    lines += _bungkus(_kalimat_total(hasil), 0, 0)
    if hasil.evaluasi is not None:
        tahun, nilai, bobot = hasil.evaluasi
        lines += _bungkus(f"Sebagai pembanding, bukan nilai laporan ini: evaluasi SAKIP tahun {tahun} yang tercatat di "
                          f"sakip_komponen.csv memberi komponen ini {_angka(nilai)}"
                          + (f" dari {fmt.angka(bobot, 2, tetap=False)}." if bobot is not None else "."), 0, 0)
    counts = {s: sum(p.status == s for p in hasil.putusan) for s in NAMA_STATUS}
    lines.append("Ringkas: " + ", ".join(f"{n} {NAMA_STATUS[s]}" for s, n in counts.items()) + ".")
    # every line once more: no escape sequence from data reaches the terminal, whatever path it took
    return "\n".join(teks_terminal(line) for line in lines) + "\n"


def _kalimat_sub(kode: str, bobot: float, nilai, cara: str) -> str:
    p = nilai.menurut(cara)
    huruf = f", huruf {_rentang(p.huruf_bawah, p.huruf_atas)}" if p.huruf_bawah else ""
    teks = (f"Perkiraan {kode}: {nilai.dinilai} dari {nilai.jumlah} kriteria dapat dinilai dari dokumen; terpenuhi "
            f"{_rentang(fmt.persen(p.persen_bawah), fmt.persen(p.persen_atas))}{huruf}, nilai "
            f"{_rentang(_angka(p.nilai_bawah), _angka(p.nilai_atas))} dari {fmt.angka(bobot, 1, tetap=False)}.")
    if nilai.dinilai < nilai.jumlah:
        teks += " (Batas bawah: kriteria yang tidak dapat dinilai dihitung tidak terpenuhi; batas atas: terpenuhi.)"
    return teks


#: How each reading of the scoring rule is named in print.
CARA = {"per_subkomponen": "huruf tiap sub-komponen dari persentase kriteria yang terpenuhi",
        "per_kriteria": "rata-rata nilai huruf tiap kriteria"}


def _kalimat_total(hasil: HasilLke) -> str:
    k = hasil.kriteria
    dipilih = k.cara_dipilih
    lain = next(c for c in CARA if c != dipilih)
    (bawah, atas), (lain_bawah, lain_atas) = hasil.total(dipilih), hasil.total(lain)
    return (f"Perkiraan komponen {k.nama}: {_rentang(_angka(bawah), _angka(atas))} dari {fmt.angka(k.bobot, 0)} "
            f"({CARA[dipilih]}). Dengan cara lain, {CARA[lain]}: {_rentang(_angka(lain_bawah), _angka(lain_atas))}.")
