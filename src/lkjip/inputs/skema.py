"""Declared schemas of every data file: columns, kinds, allowed values, keys and references.

The declarations are data about data: `data/README.md` documents the same columns, and a test
checks that every column declared here is documented there and the other way round.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Kolom:
    nama: str
    jenis: str = "teks"  # teks | angka | rupiah | tahun
    wajib: bool = False
    pilihan: tuple[str, ...] = ()


@dataclass(frozen=True)
class Rujukan:
    """Values of `kolom` must exist in `berkas`.`kolom_tujuan` (empty cells are not checked)."""

    kolom: str
    berkas: str
    kolom_tujuan: str = "kode"
    bila: tuple[str, tuple[str, ...]] | None = None  # only rows whose column has one of these values


@dataclass(frozen=True)
class Skema:
    berkas: str
    kolom: tuple[Kolom, ...]
    kunci: tuple[str, ...] = ()
    rujukan: tuple[Rujukan, ...] = ()
    wajib_ada: bool = True

    @property
    def nama_kolom(self) -> list[str]:
        return [k.nama for k in self.kolom]


YA_TIDAK = ("ya", "tidak")
LEVEL_INDIKATOR = ("tujuan", "sasaran", "program", "kegiatan", "subkegiatan")
LEVEL_ANGGARAN = ("urusan", "program", "kegiatan", "subkegiatan")
DOKUMEN_TARGET = ("renstra", "pk", "pk_perubahan", "kondisi_awal")
JENIS_TERCETAK = (
    "capaian", "kategori", "rata_capaian", "efisiensi", "serapan_efisiensi", "pagu_efisiensi",
    "realisasi_efisiensi", "pagu", "realisasi", "serapan", "rata_serapan_kegiatan",
    "rata_serapan_subkegiatan", "persen_target_akhir", "hasil_perhitungan", "pk_total",
    "predikat_kegiatan", "predikat_subkegiatan", "perubahan_realisasi", "perubahan_capaian",
    "selisih_target_akhir", "sisa", "persen_sisa", "sakip_total", "proporsi_data_dasar",
    "jumlah_data_dasar", "permil_data_dasar",
)
#: `beda_antar_tabel`: the source prints one value differently in two places (a finding of the
#: report of that document's year); `transkripsi`: a note on how a value was read (unreadable digits,
#: "-" read as 0, wording), listed apart and never counted as a finding.
JENIS_CATATAN = ("beda_antar_tabel", "transkripsi")
METODE_PERHITUNGAN = ("penurunan", "proporsi", "tfr", "lpp_eksponensial", "rasio")
#: Periods of a realisation within the year: quarters (triwulan) or months.
TRIWULAN = ("tw1", "tw2", "tw3", "tw4")
BULAN = ("jan", "feb", "mar", "apr", "mei", "jun", "jul", "agu", "sep", "okt", "nov", "des")
PERIODE = TRIWULAN + BULAN
#: Whose standard an indicator is compared with (Bab III, analysis 4).
TINGKAT_STANDAR = ("nasional", "provinsi", "spm", "lainnya")

SKEMA: dict[str, Skema] = {s.berkas: s for s in [
    Skema("skala_penilaian.csv", (
        Kolom("urutan", "angka", True), Kolom("kategori", wajib=True),
        Kolom("batas_bawah", "angka"), Kolom("bawah_inklusif", pilihan=YA_TIDAK),
        Kolom("batas_atas", "angka"), Kolom("atas_inklusif", pilihan=YA_TIDAK),
        Kolom("teks_tercetak"),
    ), kunci=("kategori",), wajib_ada=False),
    Skema("skala_huruf.csv", (
        Kolom("huruf", wajib=True), Kolom("nilai", "angka", True), Kolom("keterangan"),
    ), kunci=("huruf",), wajib_ada=False),
    Skema("tujuan_sasaran.csv", (
        Kolom("kode", wajib=True), Kolom("level", wajib=True, pilihan=("tujuan", "sasaran")),
        Kolom("induk"), Kolom("uraian", wajib=True), Kolom("urusan"), Kolom("misi"),
    ), kunci=("kode",), rujukan=(Rujukan("induk", "tujuan_sasaran.csv"),)),
    Skema("strategi.csv", (
        Kolom("sasaran", wajib=True), Kolom("strategi", wajib=True), Kolom("arah_kebijakan"),
    ), rujukan=(Rujukan("sasaran", "tujuan_sasaran.csv"),)),
    Skema("indikator.csv", (
        Kolom("kode", wajib=True), Kolom("level", wajib=True, pilihan=LEVEL_INDIKATOR),
        Kolom("induk", wajib=True), Kolom("nama", wajib=True), Kolom("satuan"),
        Kolom("polaritas", wajib=True, pilihan=("positif", "negatif")),
        Kolom("jenis", wajib=True, pilihan=("persen", "indeks", "rasio", "jumlah", "skor", "huruf")),
        Kolom("rumus"), Kolom("penanggung_jawab"), Kolom("iku", pilihan=YA_TIDAK),
        Kolom("urutan", "angka"),
    ), kunci=("kode",), rujukan=(
        Rujukan("induk", "tujuan_sasaran.csv", bila=("level", ("tujuan", "sasaran"))),
        Rujukan("induk", "anggaran.csv", bila=("level", ("program", "kegiatan", "subkegiatan"))),
    )),
    Skema("target.csv", (
        Kolom("indikator", wajib=True), Kolom("tahun", "tahun", True),
        Kolom("dokumen", wajib=True, pilihan=DOKUMEN_TARGET), Kolom("nilai", "angka"),
        Kolom("teks_tercetak"),
    ), kunci=("indikator", "tahun", "dokumen"), rujukan=(Rujukan("indikator", "indikator.csv"),)),
    Skema("realisasi.csv", (
        Kolom("indikator", wajib=True), Kolom("tahun", "tahun", True), Kolom("nilai", "angka"),
        Kolom("rencana_tindak_lanjut"), Kolom("teks_tercetak"),
    ), kunci=("indikator", "tahun"), rujukan=(Rujukan("indikator", "indikator.csv"),)),
    Skema("realisasi_periode.csv", (
        Kolom("indikator", wajib=True), Kolom("tahun", "tahun", True),
        Kolom("periode", wajib=True, pilihan=PERIODE), Kolom("target", "angka"), Kolom("nilai", "angka"),
        Kolom("kumulatif", pilihan=YA_TIDAK), Kolom("teks_tercetak"),
    ), kunci=("indikator", "tahun", "periode"), rujukan=(Rujukan("indikator", "indikator.csv"),), wajib_ada=False),
    Skema("anggaran.csv", (
        Kolom("kode", wajib=True), Kolom("level", wajib=True, pilihan=LEVEL_ANGGARAN),
        Kolom("induk"), Kolom("uraian", wajib=True), Kolom("tahun", "tahun", True),
        Kolom("pagu", "rupiah", True), Kolom("realisasi", "rupiah"), Kolom("urutan", "angka"),
    ), kunci=("kode", "tahun"), rujukan=(Rujukan("induk", "anggaran.csv"),)),
    Skema("anggaran_periode.csv", (
        Kolom("anggaran", wajib=True), Kolom("tahun", "tahun", True),
        Kolom("periode", wajib=True, pilihan=PERIODE), Kolom("realisasi", "rupiah"),
        Kolom("kumulatif", pilihan=YA_TIDAK),
    ), kunci=("anggaran", "tahun", "periode"), rujukan=(Rujukan("anggaran", "anggaran.csv"),), wajib_ada=False),
    Skema("pk_anggaran.csv", (
        Kolom("program", wajib=True), Kolom("tahun", "tahun", True),
        Kolom("dokumen", wajib=True, pilihan=("pk", "pk_perubahan")),
        Kolom("anggaran", "rupiah", True), Kolom("sumber_dana"),
    ), kunci=("program", "tahun", "dokumen"), rujukan=(Rujukan("program", "anggaran.csv"),)),
    Skema("peta_anggaran.csv", (
        Kolom("indikator", wajib=True), Kolom("anggaran", wajib=True),
    ), kunci=("indikator", "anggaran"), rujukan=(
        Rujukan("indikator", "indikator.csv"), Rujukan("anggaran", "anggaran.csv"),
    )),
    Skema("dokumen_sumber.csv", (
        Kolom("kode", wajib=True), Kolom("instansi", wajib=True), Kolom("tahun", "tahun", True),
        Kolom("judul"), Kolom("keterangan"),
    ), kunci=("kode",), wajib_ada=False),
    Skema("angka_tercetak.csv", (
        Kolom("jenis", wajib=True, pilihan=JENIS_TERCETAK), Kolom("kunci", wajib=True),
        Kolom("tahun", "tahun", True), Kolom("nilai", wajib=True), Kolom("lokasi"),
        Kolom("dokumen", wajib=True),
    ), rujukan=(Rujukan("dokumen", "dokumen_sumber.csv"),), wajib_ada=False),
    Skema("catatan_sumber.csv", (
        Kolom("berkas", wajib=True), Kolom("kunci", wajib=True), Kolom("kolom"),
        Kolom("nilai_dipilih"), Kolom("lokasi_dipilih"), Kolom("nilai_lain"),
        Kolom("lokasi_lain"), Kolom("catatan"), Kolom("dokumen", wajib=True),
        Kolom("jenis", wajib=True, pilihan=JENIS_CATATAN),
    ), rujukan=(Rujukan("dokumen", "dokumen_sumber.csv"),), wajib_ada=False),
    Skema("data_dasar.csv", (
        Kolom("tabel", wajib=True), Kolom("kategori", wajib=True), Kolom("tahun", "tahun", True),
        Kolom("nilai", "angka", True), Kolom("satuan"), Kolom("lokasi"),
    ), kunci=("tabel", "kategori", "tahun"), wajib_ada=False),
    Skema("perhitungan.csv", (
        Kolom("indikator", wajib=True), Kolom("metode", wajib=True, pilihan=METODE_PERHITUNGAN),
        Kolom("pembilang", wajib=True), Kolom("penyebut"), Kolom("rentang_tahun", "angka"),
        Kolom("judul"),
    ), kunci=("indikator",), rujukan=(
        Rujukan("indikator", "indikator.csv"),
        Rujukan("pembilang", "data_dasar.csv", "tabel"), Rujukan("penyebut", "data_dasar.csv", "tabel"),
    ), wajib_ada=False),
    Skema("spm.csv", (
        Kolom("no"), Kolom("layanan", wajib=True), Kolom("indikator"), Kolom("tahun", "tahun", True),
        Kolom("realisasi", "angka"), Kolom("target_standar", "angka"), Kolom("realisasi_standar", "angka"),
    ), wajib_ada=False),
    Skema("pembanding.csv", (
        Kolom("ukuran", wajib=True), Kolom("wilayah", wajib=True), Kolom("tahun", "tahun", True),
        Kolom("nilai", "angka", True), Kolom("sumber"),
    ), kunci=("ukuran", "wilayah", "tahun"), wajib_ada=False),
    Skema("standar.csv", (
        Kolom("indikator", wajib=True), Kolom("tahun", "tahun", True),
        Kolom("tingkat", wajib=True, pilihan=TINGKAT_STANDAR), Kolom("nilai", "angka", True),
        Kolom("teks_tercetak"), Kolom("sumber", wajib=True), Kolom("lokasi"),
    ), kunci=("indikator", "tahun", "tingkat"), rujukan=(Rujukan("indikator", "indikator.csv"),), wajib_ada=False),
    Skema("penghargaan.csv", (
        Kolom("tahun", "tahun", True), Kolom("penghargaan", wajib=True), Kolom("pemberi"),
        Kolom("keterangan"),
    ), wajib_ada=False),
    Skema("sakip_komponen.csv", (
        Kolom("tahun", "tahun", True), Kolom("komponen", wajib=True), Kolom("bobot", "angka"),
        Kolom("nilai", "angka"),
    ), wajib_ada=False),
    Skema("sakip_rekomendasi.csv", (
        Kolom("tahun", "tahun", True), Kolom("no"), Kolom("rekomendasi", wajib=True), Kolom("tindak_lanjut"),
    ), wajib_ada=False),
]}

#: Keys of profil.yaml: name -> (required, kind). Kinds: teks, daftar, peta, rencana (one period
#: mapping or a list of them, see rencana.py). An optional key left empty (`""`, `[]`, `null`) or
#: absent is printed as "tidak tersedia", never made up.
PROFIL_KUNCI: dict[str, tuple[bool, str]] = {
    "nama": (True, "teks"), "nama_singkat": (False, "teks"), "wilayah": (True, "teks"),
    "jenis_wilayah": (True, "teks"), "provinsi": (False, "teks"), "logo": (False, "teks"), "kepala": (False, "peta"),
    "penandatanganan": (False, "peta"), "renstra": (False, "rencana"), "rpjmd": (False, "rencana"),
    "visi": (False, "teks"), "misi": (False, "daftar"), "misi_didukung": (False, "daftar"),
    "tugas": (False, "teks"), "dasar_tugas": (False, "teks"), "fungsi": (False, "daftar"),
    "unit_organisasi": (False, "daftar"), "isu_strategis": (False, "daftar"),
    "landasan_hukum": (False, "daftar"), "sumber_dokumen": (False, "teks"),
    "pelaporan": (False, "peta"), "perjanjian_kinerja": (False, "peta"), "metode": (True, "peta"),
}
#: Keys of ``perjanjian_kinerja`` in profil.yaml: the statement page of the Perjanjian Kinerja the
#: report measures against (PermenPAN-RB 53/2014 Lampiran I), printed before the PK table.
PK_KUNCI: dict[str, str] = {
    "dokumen": "pk atau pk_perubahan", "tempat": "teks", "tanggal": "tanggal",
    "pihak_pertama": "pihak", "pihak_kedua": "pihak",
}
#: Fields of a party of the Perjanjian Kinerja (``pihak_pertama``, ``pihak_kedua``).
PIHAK_KUNCI = ("nama", "jabatan", "pangkat", "nip")
#: Keys of ``pelaporan`` in profil.yaml: facts about the report itself that lie outside its pages
#: (when it was submitted, reviewed, published; its periodic reports), read by the LKE checklist
#: (``lkjip periksa --lke``). Kinds: tanggal (YYYY-MM-DD), teks, tautan (an http(s) address).
PELAPORAN_KUNCI: dict[str, str] = {
    "tanggal_penyampaian": "tanggal", "tanggal_reviu": "tanggal", "pereviu": "teks",
    "tanggal_publikasi": "tanggal", "tautan_publikasi": "tautan", "laporan_berkala": "teks",
}
METODE_PILIHAN = {
    "capaian_negatif": ("2T-R", "T/R"),
    "efisiensi": ("indikator", "sasaran"),
    "kelompok_bab3": ("sasaran", "urusan"),
}
#: Optional keys of `metode` with a closed set of values; left out, the first value holds.
#: `skala_penilaian: tidak_dicetak` says the source prints no rating scale: indicators are not
#: rated, and skala_penilaian.csv stays absent or empty (never a placeholder band).
METODE_PILIHAN_OPSIONAL = {
    "skala_penilaian": ("ada", "tidak_dicetak"),
}


def tanpa_skala(profil: dict) -> bool:
    """Whether the agency's source prints no rating scale (``metode.skala_penilaian: tidak_dicetak``)."""
    metode = profil.get("metode") if isinstance(profil, dict) else None
    return isinstance(metode, dict) and metode.get("skala_penilaian") == "tidak_dicetak"
