"""One report = one agency's data + one year: the object every chapter notebook starts from.

It loads and validates the data once and offers each computed table by name, so notebooks stay
thin (parameters, load, compute, show) and every chapter computes the same figure the same way.
"""
from __future__ import annotations

from functools import cached_property
from pathlib import Path

import pandas as pd

from . import aman
from . import anggaran as _anggaran
from . import efisiensi as _efisiensi
from . import kinerja as _kinerja
from . import turunan as _turunan
from . import format as fmt
from .exceptions import DataError, Masalah
from .muat import DataDinas, muat_dinas
from .rencana import Rencana, rencana_berlaku, rencana_terakhir_sebelum


class Laporan:
    """The computed content of one LKjIP (agency, year)."""

    def __init__(self, data: DataDinas, tahun: int):
        self.data = data
        self.tahun = int(tahun)

    @classmethod
    def buka(cls, data_dir: str | Path, dinas: str, tahun: int) -> "Laporan":
        """The report of ``data_dir/dinas``; when ``data_dir`` is a build's snapshot folder, the
        data validated at the start of the build (never the data folder again)."""
        from .snapshot import ada_snapshot, baca_snapshot
        if ada_snapshot(data_dir):
            snap = baca_snapshot(data_dir)
            if (snap.dinas, snap.tahun) != (dinas, int(tahun)):
                raise DataError([Masalah(str(data_dir), None, None, f"snapshot {snap.dinas} {snap.tahun}",
                                         f"snapshot {dinas} {tahun}", "Bangun ulang laporannya (lkjip build).")])
            # the report the build computed while validating: its tables are not computed again
            return snap.laporan if isinstance(snap.laporan, cls) else cls(snap.data, tahun)
        return cls(muat_dinas(data_dir, dinas), tahun)

    # --- profile -----------------------------------------------------------------------------
    @property
    def profil(self) -> dict:
        return self.data.profil

    @property
    def metode(self) -> dict:
        return self.data.profil["metode"]

    @property
    def nama_wilayah(self) -> str:
        """`Kota Malang`, `Kabupaten Trenggalek`."""
        kind = {"kota": "Kota", "kabupaten": "Kabupaten"}.get(self.profil["jenis_wilayah"], self.profil["jenis_wilayah"])
        return f"{kind} {self.profil['wilayah']}"

    @property
    def renstra(self) -> Rencana | None:
        """The Renstra in force in the report year (None when no recorded period covers it)."""
        return rencana_berlaku(self.profil, "renstra", self.tahun)

    @property
    def rpjmd(self) -> Rencana | None:
        """The RPJMD or RPD in force in the report year."""
        return rencana_berlaku(self.profil, "rpjmd", self.tahun)

    @property
    def renstra_lalu(self) -> Rencana | None:
        """The last Renstra that ended before the report year (to say it has lapsed)."""
        return rencana_terakhir_sebelum(self.profil, "renstra", self.tahun)

    @cached_property
    def uraian(self) -> dict[str, str]:
        """Statement of every tujuan/sasaran by kode."""
        return dict(zip(self.data.tujuan_sasaran["kode"], self.data.tujuan_sasaran["uraian"]))

    # --- performance ------------------------------------------------------------------------
    @cached_property
    def kinerja(self) -> pd.DataFrame:
        """Tujuan and sasaran indicators of the year with target, realisasi, capaian, kategori."""
        return _kinerja.tabel_kinerja(self.data, self.tahun)

    @cached_property
    def kinerja_program(self) -> pd.DataFrame:
        """Program and kegiatan indicators of the year."""
        return _kinerja.tabel_kinerja(self.data, self.tahun, _kinerja.LEVEL_PROGRAM)

    def kinerja_tahun(self, tahun: int) -> pd.DataFrame:
        return _kinerja.tabel_kinerja(self.data, tahun)

    def rata_capaian(self, menurut: str = "semua") -> pd.Series:
        return _kinerja.rata_capaian(self.kinerja, menurut)

    @cached_property
    def seri(self) -> pd.DataFrame:
        """Every year from the Renstra's first year to the report year."""
        tahun_ada = self.data.realisasi["tahun"].dropna()
        awal = self.renstra.awal if self.renstra else (int(tahun_ada.min()) if len(tahun_ada) else self.tahun)
        awal = min(awal, int(tahun_ada.min())) if len(tahun_ada) else awal
        return _kinerja.seri_kinerja(self.data, awal, self.tahun)

    @cached_property
    def target_akhir(self) -> pd.DataFrame:
        return _kinerja.terhadap_target_akhir(self.data, self.tahun)

    # --- budget -----------------------------------------------------------------------------
    @cached_property
    def anggaran(self) -> pd.DataFrame:
        return _anggaran.rekap_anggaran(self.data, self.tahun)

    @property
    def ada_anggaran(self) -> bool:
        """Whether the report has a budget part (budget lines for the report year)."""
        return bool(len(self.anggaran))

    @cached_property
    def total_anggaran(self) -> dict:
        return _anggaran.total_anggaran(self.anggaran)

    @cached_property
    def program(self) -> pd.DataFrame:
        return _anggaran.rekap_program(self.anggaran)

    @cached_property
    def level_program(self) -> str:
        """What the budget's top lines are: `program`, or the level a unit's budget starts at
        (`kegiatan`), so the prose counts "1 kegiatan", not "1 program"."""
        levels = self.anggaran.loc[self.anggaran["kode"].isin(self.program["kode"]), "level"]
        return str(levels.iloc[0]) if len(levels) else "program"

    def rata_serapan(self, level: str, program: str | None = None) -> float | None:
        return _anggaran.rata_serapan(self.anggaran, level, program)

    @cached_property
    def pk_anggaran(self) -> pd.DataFrame:
        return _anggaran.pk_anggaran(self.data, self.tahun)

    @cached_property
    def efisiensi(self) -> pd.DataFrame:
        return _efisiensi.tabel_efisiensi(self.metode["efisiensi"], self.kinerja, self.anggaran,
                                          self.data.peta_anggaran, self.uraian)

    # --- things of one year: awards, SAKIP evaluation, peers ------------------------------------
    def _tahun_ini(self, frame: pd.DataFrame) -> pd.DataFrame:
        return frame[frame["tahun"] == self.tahun].reset_index(drop=True)

    @cached_property
    def penghargaan(self) -> pd.DataFrame:
        """Awards received in the report year (last year's awards are last year's report's)."""
        return self._tahun_ini(self.data.penghargaan)

    @cached_property
    def sakip_komponen(self) -> pd.DataFrame:
        """Components of the SAKIP evaluation of the report year."""
        return self._tahun_ini(self.data.sakip_komponen)

    @cached_property
    def sakip_rekomendasi(self) -> pd.DataFrame:
        """Recommendations of the SAKIP evaluation of the report year and their follow-up."""
        return self._tahun_ini(self.data.sakip_rekomendasi)

    @cached_property
    def pembanding(self) -> pd.DataFrame:
        """Peer data up to the report year (each row keeps its own year, shown with it)."""
        data = self.data.pembanding
        return data[data["tahun"] <= self.tahun].reset_index(drop=True)

    # --- calculation sheets -------------------------------------------------------------------
    @cached_property
    def judul_perhitungan(self) -> dict[str, str]:
        """Title of each calculation sheet with the report year added (`... TAHUN 2024`)."""
        titles = {}
        for row in self.data.perhitungan.itertuples():
            if isinstance(row.judul, str) and row.judul.strip():
                kata = "TAHUN" if row.judul.isupper() else "tahun"
                titles[row.indikator] = f"{row.judul.strip()} {kata} {self.tahun}"
        return titles

    @cached_property
    def perhitungan(self) -> list[_turunan.HasilPerhitungan]:
        return _turunan.semua_perhitungan(self.data.perhitungan, self.data.data_dasar, self.tahun)

    # --- views the chapters show -------------------------------------------------------------------
    def pk_target(self) -> pd.DataFrame:
        """PK targets of the year, induk beside perubahan, with what changed."""
        target = self.data.target[self.data.target["tahun"] == self.tahun]
        rows = []
        for row in self.kinerja.itertuples():
            def teks(dokumen):
                t = target[(target["indikator"] == row.kode) & (target["dokumen"] == dokumen)]
                if not len(t):
                    return fmt.KOSONG, None
                printed = t["teks_tercetak"].iloc[0]
                return (printed if isinstance(printed, str) else fmt.nilai_indikator(t["nilai"].iloc[0], row.jenis)), t["nilai"].iloc[0]
            (pk, v1), (pkp, v2) = teks("pk"), teks("pk_perubahan")
            if v1 is None and v2 is None:
                continue
            keterangan = "" if v1 is None or v2 is None or v1 == v2 else f"berubah {fmt.angka(v2 - v1, 2, tetap=False)}"
            rows.append({"kode": row.kode, "sasaran_uraian": self.uraian.get(row.sasaran or row.tujuan, ""),
                         "nama": row.nama, "pk": pk, "pk_perubahan": pkp, "keterangan": keterangan})
        return pd.DataFrame(rows, columns=["kode", "sasaran_uraian", "nama", "pk", "pk_perubahan", "keterangan"])

    def wilayah_sendiri(self, nama: pd.Series) -> str | None:
        """How a peer table names the agency's own region: `Kota Malang` (never the regency of the
        same name), or for a regency `Kabupaten X`, `Kab. X` or plain `X`."""
        wilayah = str(self.profil["wilayah"]).lower()
        if self.profil["jenis_wilayah"] == "kota":
            accepted = {f"kota {wilayah}"}
        else:
            accepted = {wilayah, f"kabupaten {wilayah}", f"kab. {wilayah}", f"kab {wilayah}"}
        for value in nama.dropna().unique():
            if str(value).strip().lower() in accepted:
                return value
        return None

    def peringkat(self, ukuran: str, tahun: int) -> dict | None:
        """Rank of the agency's region among the kabupaten/kota of a peer table (highest first);
        province and national rows are left out of the count."""
        from .grafik import AGREGAT
        data = self.pembanding.query("ukuran == @ukuran and tahun == @tahun")
        data = data[~data["wilayah"].str.lower().isin(AGREGAT)].sort_values("nilai", ascending=False).reset_index(drop=True)
        sendiri = self.wilayah_sendiri(data["wilayah"])
        if sendiri is None:
            return None
        index = int(data.index[data["wilayah"] == sendiri][0])
        return {"wilayah": sendiri, "nilai": float(data.loc[index, "nilai"]), "urutan": index + 1, "jumlah": len(data)}

    def ukuran_pembanding(self) -> tuple[str, int] | None:
        """The peer measure (and its latest year) in which the agency's own region appears."""
        data = self.pembanding
        sendiri = self.wilayah_sendiri(data["wilayah"])
        own = data[data["wilayah"] == sendiri]
        if not len(own):
            return None
        counts = data.groupby(["ukuran", "tahun"]).size()
        candidates = [(u, int(t)) for u, t in own[["ukuran", "tahun"]].drop_duplicates().itertuples(index=False)]
        return max(candidates, key=lambda c: (counts.get(c, 0) > 2, c[1], counts.get(c, 0)))

    def simpulan(self) -> str:
        """Conclusions per tujuan and sasaran, from the means."""
        from .capaian import kategori
        skala = self.data.skala_penilaian
        parts = []
        ts = self.data.tujuan_sasaran
        for tujuan in ts[ts["level"] == "tujuan"].itertuples():
            rata_t = self.rata_capaian("tujuan").get(tujuan.kode)
            text = f"{aman.tebal(f'Tujuan: {tujuan.uraian}.')} "
            text += (f"Rata-rata capaian indikatornya {fmt.persen(rata_t)} ({aman.teks(kategori(rata_t, skala))})."
                     if rata_t is not None and pd.notna(rata_t) else "Belum ada indikator yang dapat diukur.")
            for sasaran in ts[(ts["level"] == "sasaran") & (ts["induk"] == tujuan.kode)].itertuples():
                group = self.kinerja[self.kinerja["sasaran"] == sasaran.kode]
                if not len(group):
                    continue
                rata_s = group["capaian"].mean()
                terendah = group.sort_values("capaian").iloc[0]
                text += (f"\n\n- Sasaran {aman.miring(sasaran.uraian)}: rata-rata capaian {fmt.persen(rata_s)} "
                         f"({aman.teks(kategori(rata_s, skala))}), dari {len(group)} indikator; capaian terendah pada "
                         f"{aman.teks(terendah['nama'])} ({fmt.persen(terendah['capaian'])}).")
            parts.append(text)
        total = self.total_anggaran
        parts.append(f"Secara keseluruhan, rata-rata capaian {len(self.kinerja)} indikator adalah "
                     f"{fmt.persen(self.rata_capaian('semua')['semua'])}, dengan serapan anggaran {fmt.persen(total['serapan'])}.")
        return "\n\n".join(parts)

    def langkah_bawaan(self) -> str:
        """Default next steps: the indicators below their target, and the programs with low absorption."""
        below = self.kinerja[self.kinerja["capaian"] < 100]
        items = [f"Meningkatkan capaian {aman.miring(r.nama)} yang baru mencapai {fmt.persen(r.capaian)} dari targetnya."
                 for r in below.itertuples()]
        low = self.program[self.program["serapan"] < 80]
        items += [f"Mempercepat serapan {aman.miring(r.uraian)} yang baru {fmt.persen(r.serapan)}." for r in low.itertuples()]
        missing = self.kinerja[self.kinerja["capaian"].isna()]
        items += [f"Melengkapi data {aman.miring(r.nama)} ({aman.teks(r.alasan)})." for r in missing.itertuples()]
        if not items:
            return "Seluruh indikator mencapai target; langkah ke depan adalah mempertahankan capaian tersebut."
        return "\n".join(f"{i}. {t}" for i, t in enumerate(items, start=1))

    # --- reconciliation -----------------------------------------------------------------------
    @cached_property
    def dokumen_sumber(self) -> pd.DataFrame:
        """The published documents of the report year whose printed figures this report reconciles;
        a document of another year (last year's LKjIP) never judges this year's numbers."""
        dokumen = self.data.dokumen_sumber
        return dokumen[dokumen["tahun"] == self.tahun]

    def _dari_dokumen_tahun_ini(self, frame: pd.DataFrame) -> pd.DataFrame:
        return frame[frame["dokumen"].isin(set(self.dokumen_sumber["kode"]))]

    @cached_property
    def angka_tercetak(self) -> pd.DataFrame:
        """Printed computed figures of this year's source documents."""
        return self._dari_dokumen_tahun_ini(self.data.angka_tercetak)

    @cached_property
    def catatan_sumber(self) -> pd.DataFrame:
        """Notes on this year's source documents: conflicting values and transcription notes."""
        return self._dari_dokumen_tahun_ini(self.data.catatan_sumber)

    @cached_property
    def catatan_transkripsi(self) -> pd.DataFrame:
        """How values of this year's documents were read (not findings about the data)."""
        return self.catatan_sumber[self.catatan_sumber["jenis"] == "transkripsi"]

    @cached_property
    def temuan(self) -> pd.DataFrame:
        from .rekonsiliasi import semua_temuan
        return semua_temuan(self)


def buka_laporan(data_dir: str | Path, dinas: str, tahun: int) -> Laporan:
    """Load and validate an agency's data and return its report for a year.

    Inside a build, ``data_dir`` is the build's snapshot and a chapter gets the report the build
    validated and computed before any chapter ran (loading and computing it again in every
    chapter cost seconds per chapter)."""
    return Laporan.buka(data_dir, dinas, tahun)
