"""Loading an agency's data folder into typed frames, checked against the declared schemas.

Every problem of one run is collected and reported at once (file, row, column, what was found,
what was expected, how to fix it), because an analyst fixing a spreadsheet wants the whole list,
not one error per run.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import yaml

from lkjip.core.exceptions import DataError, Masalah
from lkjip.inputs.angka import AngkaTidakSah, angka_bukan_ascii, parse_angka
from lkjip.inputs.dialek import CsvTidakTerbaca, baca_csv
from lkjip.inputs.huruf import isi_nilai_huruf
from lkjip.inputs.rencana import KUNCI_RENCANA, baca_rencana
from lkjip.inputs.skema import (METODE_PILIHAN, METODE_PILIHAN_OPSIONAL, PELAPORAN_KUNCI, PROFIL_KUNCI, SKEMA,
                                 Skema, tanpa_skala)
from lkjip.inputs.versi import BERKAS_VERSI, VERSI_FORMAT, CatatanFormat, VersiFolder, kolom_sejak, versi_folder
from lkjip.inputs.yaml_aman import YamlTidakAman, muat_yaml

INDUK_ANGGARAN = {"urusan": (), "program": ("urusan",), "kegiatan": ("program",), "subkegiatan": ("kegiatan",)}


@dataclass
class DataDinas:
    """All data of one agency: the profile and one frame per CSV file (named without `.csv`)."""

    slug: str
    folder: Path
    profil: dict
    tabel: dict[str, pd.DataFrame] = field(default_factory=dict)

    def __getattr__(self, name: str) -> pd.DataFrame:
        tabel = self.__dict__.get("tabel", {})
        if name in tabel:
            return tabel[name]
        raise AttributeError(name)


def _baris(index) -> int:
    """The CSV line of a frame row: the header is line 1."""
    return int(index) + 2


def _pandera_schema(skema: Skema) -> "pa.DataFrameSchema":
    import pandera.pandas as pa  # only validation needs it: chapters reading validated data never do

    columns = {}
    for kolom in skema.kolom:
        dtype = {"angka": float, "rupiah": float, "tahun": "Int64"}.get(kolom.jenis)
        checks = [pa.Check.isin(list(kolom.pilihan))] if kolom.pilihan else []
        columns[kolom.nama] = pa.Column(dtype, checks=checks, nullable=not kolom.wajib, coerce=False)
    return pa.DataFrameSchema(columns, strict=False)


def _diketik(mentah: pd.DataFrame | None, index, kolom: str | None) -> str | None:
    """A cell exactly as the user typed it (None when empty or unknown): messages quote this,
    never a parsed value such as ``nan`` or ``2020.0``."""
    if mentah is None or kolom not in mentah.columns or index not in mentah.index:
        return None
    value = mentah.at[index, kolom]
    return None if value is None or (isinstance(value, float) and value != value) else str(value)


def _pandera_masalah(skema: Skema, frame: pd.DataFrame, mentah: pd.DataFrame | None = None) -> list[Masalah]:
    import pandera.errors

    masalah = _kunci_ganda(skema, frame, mentah)
    try:
        _pandera_schema(skema).validate(frame, lazy=True)
        return masalah
    except pandera.errors.SchemaErrors as err:
        cases = err.failure_cases
    pilihan = {k.nama: k.pilihan for k in skema.kolom}
    for case in cases.itertuples(index=False):
        check = str(case.check)
        column = case.column if isinstance(case.column, str) else None
        index = case.index if pd.notna(case.index) else None
        row = _baris(index) if index is not None else None
        typed = _diketik(mentah, index, column)
        if check.startswith("isin"):
            masalah.append(Masalah(skema.berkas, row, column, repr(typed if typed is not None else case.failure_case),
                                   "salah satu dari: " + ", ".join(pilihan.get(column, ())),
                                   "Perbaiki ejaannya (huruf kecil)."))
        elif "not_nullable" in check:
            if typed is not None:
                continue  # typed but unreadable: already named by the number or year reader
            masalah.append(Masalah(skema.berkas, row, column, "sel kosong", "isian wajib",
                                   "Isi sel ini atau hapus barisnya."))
        else:
            masalah.append(Masalah(skema.berkas, row, column, repr(typed) if typed is not None else "isian tidak sah",
                                   check))
    return list(dict.fromkeys(masalah))


def _kunci_ganda(skema: Skema, frame: pd.DataFrame, mentah: pd.DataFrame | None) -> list[Masalah]:
    """One problem per repeated key, naming the row it repeats (values as typed)."""
    if not skema.kunci or not len(frame):
        return []
    keys = frame[list(skema.kunci)].astype(object).where(frame[list(skema.kunci)].notna(), None)
    first: dict[tuple, int] = {}
    masalah = []
    for index, values in zip(keys.index, keys.itertuples(index=False, name=None)):
        if values in first:
            typed = ", ".join(f"{k}={_diketik(mentah, index, k) or '(kosong)'}" for k in skema.kunci)
            masalah.append(Masalah(skema.berkas, _baris(index), ", ".join(skema.kunci), f"kunci ganda ({typed})",
                                   f"kunci yang unik per baris (sama dengan baris {_baris(first[values])})",
                                   "Gabungkan baris ganda atau bedakan kodenya."))
        else:
            first[values] = index
    return masalah


def _baca_csv(path: Path, skema: Skema, masalah: list[Masalah],
              mentah: dict[str, pd.DataFrame] | None = None,
              absen: list[tuple[str, str]] | None = None) -> pd.DataFrame | None:
    """One file read and typed; a missing optional column (its cells may be empty) is read as empty
    and recorded in ``absen``, a missing required column is a problem."""
    dtypes = {"angka": float, "rupiah": float, "tahun": "Int64"}
    kosong = pd.DataFrame({k.nama: pd.Series(dtype=dtypes.get(k.jenis, object)) for k in skema.kolom})
    if not path.is_file():
        if skema.wajib_ada:
            masalah.append(Masalah(skema.berkas, None, None, "berkas tidak ada", "berkas CSV dengan kolom "
                                   + ", ".join(skema.nama_kolom), "Lihat data/README.md untuk isinya."))
            return None
        return kosong
    try:
        frame = baca_csv(path, skema.nama_kolom, [k.nama for k in skema.kolom if k.jenis in ("angka", "rupiah")],
                         berkas=skema.berkas).frame
    except CsvTidakTerbaca as exc:
        masalah.extend(exc.masalah)
        return None
    wajib = {k.nama for k in skema.kolom if k.wajib}
    header = list(frame.columns)
    missing = [c for c in skema.nama_kolom if c not in header and c in wajib]
    unknown = [c for c in frame.columns if c not in skema.nama_kolom]
    for c in skema.nama_kolom:
        if c not in frame.columns and c not in wajib:
            frame[c] = ""  # an optional column left out reads as empty cells
            if absen is not None:
                absen.append((skema.berkas, c))
    for c in missing:
        masalah.append(Masalah(skema.berkas, 1, c, "kolom tidak ada", f"kolom wajib '{c}'",
                               "Tambahkan kolom ini di baris judul dan isi setiap barisnya."))
    for c in unknown:
        near = _terdekat(c, {k for k in skema.nama_kolom if k not in header})
        masalah.append(Masalah(skema.berkas, 1, c, "kolom tidak dikenal",
                               "hanya kolom: " + ", ".join(skema.nama_kolom),
                               f"Mungkin maksudnya: {near}." if near else "Periksa ejaan nama kolom atau hapus kolom ini."))
    if missing:
        return None
    frame = frame[skema.nama_kolom].apply(lambda s: s.str.strip()).astype(object)
    frame = frame.where(frame != "", None)
    if mentah is not None:
        mentah[skema.berkas] = frame.copy()  # the cells as typed, for messages
    for kolom in skema.kolom:
        if kolom.jenis in ("angka", "rupiah"):
            frame[kolom.nama] = _kolom_angka(frame[kolom.nama], skema.berkas, kolom.nama, masalah,
                                             rupiah=kolom.jenis == "rupiah")
        elif kolom.jenis == "tahun":
            frame[kolom.nama] = _kolom_tahun(frame[kolom.nama], skema.berkas, kolom.nama, masalah)
    return frame


def _kolom_angka(series: pd.Series, berkas: str, kolom: str, masalah: list[Masalah],
                 rupiah: bool = False) -> pd.Series:
    values = []
    for index, text in series.items():
        try:
            values.append(parse_angka(text, rupiah=rupiah))
        except AngkaTidakSah as exc:
            masalah.append(Masalah(berkas, _baris(index), kolom, repr(text), f"angka ({exc.alasan})", exc.saran + "."))
            values.append(None)
            continue
        if rupiah and values[-1] is not None and values[-1] < 0:
            masalah.append(Masalah(berkas, _baris(index), kolom, repr(text), "rupiah tidak negatif",
                                   "Tulis jumlahnya tanpa tanda minus; pengembalian atau koreksi dicatat di "
                                   "catatan_sumber.csv, bukan sebagai pagu/realisasi negatif."))
    return pd.Series(values, index=series.index, dtype=float)


def _kolom_tahun(series: pd.Series, berkas: str, kolom: str, masalah: list[Masalah]) -> pd.Series:
    values = []
    for index, text in series.items():
        if text is None:
            values.append(pd.NA)
        elif re.fullmatch(r"[0-9]{4}", str(text)):
            values.append(int(text))
        elif angka_bukan_ascii(text):
            masalah.append(Masalah(berkas, _baris(index), kolom, repr(text), "tahun dengan angka 0-9 seperti 2023",
                                   "Tahun ini memakai angka selain 0-9 (angka Arab, lebar penuh...); ketik ulang."))
            values.append(pd.NA)
        else:
            masalah.append(Masalah(berkas, _baris(index), kolom, repr(text), "tahun empat angka seperti 2023",
                                   "Tulis tahunnya saja."))
            values.append(pd.NA)
    return pd.Series(values, index=series.index, dtype="Int64")


def _cek_rujukan(tabel: dict[str, pd.DataFrame], masalah: list[Masalah]) -> None:
    for skema in SKEMA.values():
        frame = tabel.get(skema.berkas[:-4])
        if frame is None:
            continue
        for ruj in skema.rujukan:
            target = tabel.get(ruj.berkas[:-4])
            if target is None:
                continue
            valid = set(target[ruj.kolom_tujuan].dropna())
            rows = frame
            if ruj.bila:
                rows = frame[frame[ruj.bila[0]].isin(ruj.bila[1])]
            for index, value in rows[ruj.kolom].items():
                if value is not None and pd.notna(value) and value not in valid:
                    near = _terdekat(str(value), valid)
                    masalah.append(Masalah(skema.berkas, _baris(index), ruj.kolom, repr(value),
                                           f"{ruj.kolom_tujuan} yang ada di {ruj.berkas}",
                                           f"Mungkin maksudnya: {near}." if near else f"Tambahkan dulu di {ruj.berkas}."))


def _terdekat(value: str, valid: set[str]) -> str:
    import difflib
    return ", ".join(difflib.get_close_matches(value, sorted(map(str, valid)), n=3, cutoff=0.5))


def _cek_hierarki(tabel: dict[str, pd.DataFrame], masalah: list[Masalah]) -> None:
    ts = tabel.get("tujuan_sasaran")
    if ts is not None:
        level = dict(zip(ts["kode"], ts["level"]))
        for index, row in ts.iterrows():
            # a sasaran may sit directly under a misi (or under nothing the source prints): induk empty
            ada_tujuan = "tujuan" in level.values()
            tanpa_induk_sah = not ada_tujuan or pd.notna(row["misi"])
            if row["level"] == "sasaran" and (pd.notna(row["induk"]) or not tanpa_induk_sah) \
                    and level.get(row["induk"]) != "tujuan":
                masalah.append(Masalah("tujuan_sasaran.csv", _baris(index), "induk",
                                       "sel kosong" if pd.isna(row["induk"]) else repr(row["induk"]),
                                       "kode sebuah tujuan, atau kosong bila sasaran langsung di bawah misi",
                                       "Isi kode tujuannya, atau kosongkan induk dan isi kolom misi."))
            if row["level"] == "tujuan" and pd.notna(row["induk"]):
                masalah.append(Masalah("tujuan_sasaran.csv", _baris(index), "induk", repr(row["induk"]),
                                       "kosong untuk tujuan", "Kosongkan induk sebuah tujuan."))
    ang = tabel.get("anggaran")
    if ang is not None:
        level = dict(zip(ang["kode"], ang["level"]))
        # plain tuples, not iterrows: a budget can have tens of thousands of lines
        for index, row_level, parent, tahun in zip(ang.index, ang["level"], ang["induk"], ang["tahun"]):
            allowed = INDUK_ANGGARAN.get(row_level, ())
            if pd.isna(parent):
                # a budget may start at urusan, program or below (a unit that reports only its
                # kegiatan), but a line under the year's top level without a parent is a forgotten induk
                top = _level_teratas(ang, tahun)
                if top is not None and row_level in INDUK_ANGGARAN and row_level != top:
                    masalah.append(Masalah("anggaran.csv", _baris(index), "induk", "kosong",
                                           f"kode {'/'.join(INDUK_ANGGARAN[row_level])} induknya",
                                           f"Anggaran tahun ini dimulai dari level {top}: isi induk baris ini."))
            elif parent in level and level[parent] not in allowed:
                masalah.append(Masalah("anggaran.csv", _baris(index), "induk",
                                       f"{parent!r} ({level[parent]})", f"induk ber-level {'/'.join(allowed) or '-'}",
                                       "Urutan: urusan > program > kegiatan > subkegiatan."))


def _level_teratas(anggaran: pd.DataFrame, tahun) -> str | None:
    """The highest budget level present in a year (`urusan` > `program` > `kegiatan` > `subkegiatan`)."""
    present = set(anggaran.loc[anggaran["tahun"] == tahun, "level"]) if pd.notna(tahun) else set(anggaran["level"])
    return next((lvl for lvl in INDUK_ANGGARAN if lvl in present), None)


def _siklus(induk: dict) -> list[list]:
    """Every cycle of a child -> parent mapping, each once, in walking order (PX -> PY -> PX)."""
    found, done = [], set()
    for start in induk:
        path, seen = [], {}
        node = start
        while node is not None and node in induk and node not in done and node not in seen:
            seen[node] = len(path)
            path.append(node)
            node = induk.get(node)
        if node in seen:
            found.append(path[seen[node]:] + [node])
        done.update(path)
    return found


def _cek_sasaran_berindikator(tabel: dict[str, pd.DataFrame], masalah: list[Masalah]) -> None:
    """A sasaran without an indicator is measured nowhere: it would vanish from Bab II-IV without
    a word, so it is named."""
    ts, ind = tabel.get("tujuan_sasaran"), tabel.get("indikator")
    if ts is None or ind is None:
        return
    diukur = set(ind.loc[ind["level"].isin(["tujuan", "sasaran"]), "induk"].dropna())
    for index, kode, level in zip(ts.index, ts["kode"], ts["level"]):
        if level == "sasaran" and kode is not None and kode not in diukur:
            masalah.append(Masalah("tujuan_sasaran.csv", _baris(index), "kode", f"sasaran {kode!r} tanpa indikator",
                                   f"sedikitnya satu baris indikator.csv dengan induk {kode}",
                                   f"Tambahkan indikator sasaran ini di indikator.csv (level sasaran, induk {kode}), "
                                   "atau hapus baris sasaran ini bila sumber tidak mengukurnya."))


def _cek_periode(tabel: dict[str, pd.DataFrame], masalah: list[Masalah]) -> None:
    """An indicator's or budget line's periods of one year are all triwulan or all months: a mix
    has no order to add up in."""
    from lkjip.inputs.skema import TRIWULAN
    for nama, kunci in (("realisasi_periode", "indikator"), ("anggaran_periode", "anggaran")):
        frame = tabel.get(nama)
        if frame is None or not len(frame):
            continue
        for (kode, tahun), group in frame.groupby([kunci, "tahun"], dropna=True, sort=False):
            kinds = {"triwulan" if p in TRIWULAN else "bulan" for p in group["periode"].dropna()}
            if len(kinds) > 1:
                masalah.append(Masalah(f"{nama}.csv", _baris(group.index[0]), "periode",
                                       f"{kode} tahun {int(tahun)}: triwulan dan bulan bercampur",
                                       "satu jenis periode per baris induk dan tahun (tw1..tw4, atau jan..des)",
                                       "Pakai satu jenis: catat triwulan saja atau bulan saja seperti dicetak sumber."))


def _cek_siklus(tabel: dict[str, pd.DataFrame], masalah: list[Masalah]) -> None:
    """A parent cycle (PX's parent PY, PY's parent PX) would make every roll-up walk forever:
    name it instead."""
    specs = [("tujuan_sasaran", None), ("anggaran", "tahun")]
    for nama, per in specs:
        frame = tabel.get(nama)
        if frame is None or not len(frame):
            continue
        groups = frame.groupby(per, dropna=False) if per else [(None, frame)]
        for year, group in groups:
            induk = {k: p for k, p in zip(group["kode"], group["induk"]) if k is not None and pd.notna(p)}
            baris = dict(zip(group["kode"], group.index))
            for cycle in _siklus(induk):
                when = f" (tahun {int(year)})" if per and pd.notna(year) else ""
                masalah.append(Masalah(f"{nama}.csv", _baris(baris[cycle[0]]), "induk", " -> ".join(map(str, cycle)) + when,
                                       "hierarki tanpa putaran (siklus)",
                                       f"Perbaiki kolom induk salah satu baris {', '.join(map(str, cycle[:-1]))}."))


def _cek_induk_setahun(tabel: dict[str, pd.DataFrame], masalah: list[Masalah]) -> None:
    """A budget line's parent must be a line of the same year: otherwise its roll-up and the
    year's total silently miss it."""
    ang = tabel.get("anggaran")
    if ang is None or not len(ang):
        return
    kode_tahun = set(zip(ang["kode"], ang["tahun"]))
    semua = set(ang["kode"])
    for index, parent, year in zip(ang.index, ang["induk"], ang["tahun"]):
        if parent is None or pd.isna(parent) or pd.isna(year) or parent not in semua:
            continue  # an unknown parent is named by the reference check
        if (parent, year) not in kode_tahun:
            lain = ang[ang["kode"] == parent]
            ada = ", ".join(f"{int(t)} (baris {_baris(i)})" for i, t in lain["tahun"].items() if pd.notna(t))
            masalah.append(Masalah("anggaran.csv", _baris(index), "induk",
                                   f"{parent!r} (tahun {int(year)}; {parent} hanya ada untuk tahun {ada})",
                                   f"baris {parent} untuk tahun {int(year)}",
                                   f"Periksa salah ketik tahun pada baris {parent}, atau tambahkan baris {parent} "
                                   f"tahun {int(year)}."))


def _leluhur(ang: pd.DataFrame) -> dict[str, set[str]]:
    induk = {k: p for k, p in zip(ang["kode"], ang["induk"]) if pd.notna(p)}
    out = {}
    for kode in set(ang["kode"]):
        seen, node = set(), induk.get(kode)
        while node is not None and node not in seen:
            seen.add(node)
            node = induk.get(node)
        out[kode] = seen
    return out


def _cek_peta_ganda(tabel: dict[str, pd.DataFrame], masalah: list[Masalah]) -> None:
    """An indicator mapped both to a budget line and to a line below it would count the lower
    line's budget twice in its efficiency."""
    peta, ang = tabel.get("peta_anggaran"), tabel.get("anggaran")
    if peta is None or ang is None or not len(peta):
        return
    leluhur = _leluhur(ang)
    for indikator, group in peta.groupby("indikator", sort=False):
        kode = dict(zip(group["anggaran"], group.index))
        for child, index in kode.items():
            for parent in sorted(leluhur.get(child, set()) & set(kode)):
                masalah.append(Masalah("peta_anggaran.csv", _baris(index), "anggaran",
                                       f"{child!r} di bawah {parent!r} (baris {_baris(kode[parent])})",
                                       f"setiap anggaran dihitung sekali untuk indikator {indikator}",
                                       f"Hapus salah satu: {parent} sudah mencakup {child}."))


def _cek_skala(tabel: dict[str, pd.DataFrame], masalah: list[Masalah], tanpa: bool = False) -> None:
    """The bands of the rating scale must follow each other without gap or overlap and cover
    every capaian from 0 up (the top band open-ended), or an indicator ends without a category.
    A source that prints no scale says so (``metode.skala_penilaian: tidak_dicetak``): then the
    file stays absent or empty, never a placeholder band that would rate every indicator."""
    skala = tabel.get("skala_penilaian")
    berkas = "skala_penilaian.csv"
    if skala is None:
        return
    if tanpa:
        if len(skala):
            masalah.append(Masalah(berkas, 2, "kategori", f"{len(skala)} baris skala",
                                   "berkas kosong, karena profil.yaml menyatakan metode.skala_penilaian: tidak_dicetak",
                                   "Hapus baris skalanya bila sumber memang tidak mencetak skala, atau hapus "
                                   "metode.skala_penilaian dari profil.yaml bila skala ini dari sumber."))
        return
    if not len(skala):
        masalah.append(Masalah(berkas, None, None, "skala kosong atau tidak ada",
                               "sedikitnya satu kategori yang mencakup capaian 0% ke atas",
                               "Salin skala penilaian dari dokumen sumber (mis. Permendagri 86/2017); bila sumber "
                               "tidak mencetak skala, tulis `skala_penilaian: tidak_dicetak` di bawah `metode:` "
                               "di profil.yaml (indikator tidak dikategorikan)."))
        return
    inf = float("inf")
    bands = []
    for index, row in skala.iterrows():
        low = -inf if pd.isna(row["batas_bawah"]) else float(row["batas_bawah"])
        high = inf if pd.isna(row["batas_atas"]) else float(row["batas_atas"])
        bands.append((low, row["bawah_inklusif"] == "ya" or low == -inf, high,
                      row["atas_inklusif"] == "ya" or high == inf, index))
        if low > high or (low == high and not (bands[-1][1] and bands[-1][3])):
            masalah.append(Masalah(berkas, _baris(index), "batas_bawah", f"{_angka_teks(low)} > {_angka_teks(high)}",
                                   "batas bawah di bawah batas atas", "Tukar kedua batasnya."))
    bands.sort(key=lambda b: (b[0], not b[1]))
    if bands[0][0] > 0 or (bands[0][0] == 0 and not bands[0][1]):
        masalah.append(Masalah(berkas, _baris(bands[0][4]), "batas_bawah", _angka_teks(bands[0][0]),
                               "kategori terendah mulai dari 0 (atau kosong = tanpa batas bawah)",
                               "Kosongkan batas_bawah kategori terendah."))
    if max(b[2] for b in bands) != inf:
        top = max(bands, key=lambda b: b[2])
        masalah.append(Masalah(berkas, _baris(top[4]), "batas_atas", _angka_teks(top[2]),
                               "kategori tertinggi tanpa batas atas (capaian di atas 100% juga dinilai)",
                               "Kosongkan batas_atas kategori tertinggi."))
    for (l1, li1, h1, hi1, i1), (l2, li2, h2, hi2, i2) in zip(bands, bands[1:]):
        if h1 < l2 or (h1 == l2 and not hi1 and not li2):
            masalah.append(Masalah(berkas, _baris(i2), "batas_bawah",
                                   f"{_angka_teks(l2)} (baris {_baris(i1)} berakhir di {_angka_teks(h1)})",
                                   "kategori yang bersambung tanpa celah",
                                   f"Capaian antara {_angka_teks(h1)} dan {_angka_teks(l2)} tidak berkategori; samakan "
                                   "batasnya dan atur inklusif ya/tidak."))
        elif h1 > l2 or (h1 == l2 and hi1 and li2):
            masalah.append(Masalah(berkas, _baris(i2), "batas_bawah",
                                   f"{_angka_teks(l2)} (baris {_baris(i1)} sampai {_angka_teks(h1)})",
                                   "kategori yang tidak tumpang tindih",
                                   "Satu batas milik satu kategori saja: atur inklusif ya pada satu sisi, tidak pada sisi lain."))


def _angka_teks(x: float) -> str:
    """A bound as a reader writes it: 90, 90,5, tanpa batas."""
    if x in (float("inf"), float("-inf")):
        return "tanpa batas"
    return str(int(x)) if float(x).is_integer() else str(x).replace(".", ",")


def _cek_perhitungan(tabel: dict[str, pd.DataFrame], masalah: list[Masalah]) -> None:
    """Methods that divide need their denominator table."""
    hit = tabel.get("perhitungan")
    if hit is None:
        return
    for index, row in hit.iterrows():
        if row["metode"] in ("proporsi", "rasio", "tfr") and (row["penyebut"] is None or pd.isna(row["penyebut"])):
            masalah.append(Masalah("perhitungan.csv", _baris(index), "penyebut", "sel kosong",
                                   f"tabel penyebut di data_dasar.csv (metode {row['metode']} membagi)",
                                   "Isi nama tabel penyebut, mis. penduduk."))


def _cek_profil(path: Path, masalah: list[Masalah]) -> dict:
    berkas = "profil.yaml"
    if not path.is_file():
        masalah.append(Masalah(berkas, None, None, "berkas tidak ada", "profil.yaml", "Lihat data/README.md."))
        return {}
    try:
        profil = muat_yaml(path.read_text(encoding="utf-8-sig")) or {}
    except YamlTidakAman as exc:
        masalah.append(Masalah(berkas, exc.baris, None, exc.pesan.split(": ", 1)[-1], "YAML tanpa alias, "
                               "bersarang wajar", "Tulis nilainya langsung (lihat data/README.md)."))
        return {}
    except UnicodeDecodeError as exc:
        masalah.append(Masalah(berkas, path.read_bytes()[:exc.start].count(b"\n") + 1, None,
                               "pengodean (encoding) bukan UTF-8", "berkas UTF-8",
                               "Simpan ulang sebagai UTF-8 (di Notepad: Save As > Encoding: UTF-8)."))
        return {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        masalah.append(Masalah(berkas, mark.line + 1 if mark else None, None, "YAML tidak sah",
                               "YAML yang sah", "Periksa tanda kutip dan indentasi."))
        return {}
    if not isinstance(profil, dict):
        masalah.append(Masalah(berkas, None, None, type(profil).__name__, "pasangan kunci: nilai"))
        return {}
    for key, (required, kind) in PROFIL_KUNCI.items():
        value = profil.get(key)
        if value in (None, "", [], {}):
            if required:
                masalah.append(Masalah(berkas, None, key, "kunci kosong atau tidak ada", f"isian ({kind})",
                                       "Lihat data/README.md bagian profil.yaml."))
            continue
        expected = {"teks": (str,), "daftar": (list,), "peta": (dict,), "rencana": (dict, list)}[kind]
        if not isinstance(value, expected):
            masalah.append(Masalah(berkas, None, key, type(value).__name__, kind))
    for key in sorted(set(profil) - set(PROFIL_KUNCI)):
        masalah.append(Masalah(berkas, None, key, "kunci tidak dikenal", "kunci: " + ", ".join(PROFIL_KUNCI),
                               "Periksa ejaan atau hapus."))
    for key in KUNCI_RENCANA:
        baca_rencana(profil, key, masalah)
    metode = profil.get("metode") if isinstance(profil.get("metode"), dict) else {}
    for key, choices in METODE_PILIHAN.items():
        if metode.get(key) not in choices:
            masalah.append(Masalah(berkas, None, f"metode.{key}", repr(metode.get(key)),
                                   "salah satu dari: " + ", ".join(choices)))
    for key, choices in METODE_PILIHAN_OPSIONAL.items():
        if metode.get(key) not in (None, "", *choices):
            masalah.append(Masalah(berkas, None, f"metode.{key}", repr(metode.get(key)),
                                   "salah satu dari: " + ", ".join(choices) + " (atau dihapus)"))
    batas = metode.get("batas_capaian")
    if batas not in (None, "") and (isinstance(batas, bool) or not isinstance(batas, (int, float)) or batas <= 0):
        masalah.append(Masalah(berkas, None, "metode.batas_capaian", repr(batas), "angka di atas 0, mis. 100",
                               "Kosongkan bila capaian tidak dibatasi."))
    ttd = profil.get("penandatanganan") if isinstance(profil.get("penandatanganan"), dict) else {}
    tanggal = ttd.get("tanggal")
    if isinstance(tanggal, str) and tanggal.strip():
        try:
            ttd["tanggal"] = dt.date.fromisoformat(tanggal)
        except ValueError:
            masalah.append(Masalah(berkas, None, "penandatanganan.tanggal", repr(tanggal), "tanggal YYYY-MM-DD"))
    elif tanggal not in (None, "") and not isinstance(tanggal, dt.date):
        masalah.append(Masalah(berkas, None, "penandatanganan.tanggal", repr(tanggal), "tanggal YYYY-MM-DD"))
    _cek_pelaporan(profil, masalah)
    _cek_perjanjian_kinerja(profil, masalah)
    return profil


def _cek_perjanjian_kinerja(profil: dict, masalah: list[Masalah]) -> None:
    """``perjanjian_kinerja``: known keys only, ``dokumen`` pk or pk_perubahan, the date an ISO
    date (read into a date), each party a mapping of its known fields."""
    from lkjip.inputs.skema import PIHAK_KUNCI, PK_KUNCI
    berkas = "profil.yaml"
    pk = profil.get("perjanjian_kinerja")
    if pk in (None, ""):
        return
    if not isinstance(pk, dict):
        masalah.append(Masalah(berkas, None, "perjanjian_kinerja", repr(pk),
                               "peta berisi " + ", ".join(PK_KUNCI)))
        return
    for key in sorted(set(map(str, pk)) - set(PK_KUNCI)):
        masalah.append(Masalah(berkas, None, f"perjanjian_kinerja.{key}", "kunci tidak dikenal",
                               "salah satu dari: " + ", ".join(PK_KUNCI)))
    if pk.get("dokumen") not in (None, "", "pk", "pk_perubahan"):
        masalah.append(Masalah(berkas, None, "perjanjian_kinerja.dokumen", repr(pk.get("dokumen")),
                               "pk atau pk_perubahan"))
    tanggal = pk.get("tanggal")
    if isinstance(tanggal, str) and tanggal.strip():
        try:
            pk["tanggal"] = dt.date.fromisoformat(tanggal)
        except ValueError:
            masalah.append(Masalah(berkas, None, "perjanjian_kinerja.tanggal", repr(tanggal), "tanggal YYYY-MM-DD"))
    elif tanggal not in (None, "") and not isinstance(tanggal, dt.date):
        masalah.append(Masalah(berkas, None, "perjanjian_kinerja.tanggal", repr(tanggal), "tanggal YYYY-MM-DD"))
    for pihak in ("pihak_pertama", "pihak_kedua"):
        nilai = pk.get(pihak)
        if nilai in (None, ""):
            continue
        if not isinstance(nilai, dict):
            masalah.append(Masalah(berkas, None, f"perjanjian_kinerja.{pihak}", repr(nilai),
                                   "peta berisi " + ", ".join(PIHAK_KUNCI)))
            continue
        for key in sorted(set(map(str, nilai)) - set(PIHAK_KUNCI)):
            masalah.append(Masalah(berkas, None, f"perjanjian_kinerja.{pihak}.{key}", "kunci tidak dikenal",
                                   "salah satu dari: " + ", ".join(PIHAK_KUNCI)))


def _cek_pelaporan(profil: dict, masalah: list[Masalah]) -> None:
    """``pelaporan``: known keys only (a misspelt key would silently judge a criterion unmet),
    dates as ISO dates (read into dates), addresses http(s) only."""
    berkas = "profil.yaml"
    pelaporan = profil.get("pelaporan")
    if not isinstance(pelaporan, dict):
        return
    for key in sorted(set(pelaporan) - set(PELAPORAN_KUNCI), key=str):
        masalah.append(Masalah(berkas, None, f"pelaporan.{key}", "kunci tidak dikenal",
                               "kunci: " + ", ".join(PELAPORAN_KUNCI), "Periksa ejaan atau hapus."))
    for key, kind in PELAPORAN_KUNCI.items():
        value = pelaporan.get(key)
        if value in (None, ""):
            continue
        if kind == "tanggal":
            if isinstance(value, str):
                try:
                    pelaporan[key] = dt.date.fromisoformat(value.strip())
                    continue
                except ValueError:
                    pass
            if not isinstance(pelaporan[key], dt.date) or isinstance(pelaporan[key], dt.datetime):
                masalah.append(Masalah(berkas, None, f"pelaporan.{key}", repr(value), "tanggal YYYY-MM-DD"))
        elif not isinstance(value, str):
            masalah.append(Masalah(berkas, None, f"pelaporan.{key}", type(value).__name__, "teks"))
        elif kind == "tautan" and not value.strip().lower().startswith(("http://", "https://")):
            masalah.append(Masalah(berkas, None, f"pelaporan.{key}", repr(value), "alamat http:// atau https://",
                                   "Tulis alamat lengkap laman tempat laporan diterbitkan."))


def _masalah_versi(folder: Path, slug: str, versi: VersiFolder, masalah: list[Masalah]) -> list[Masalah]:
    """An old folder refused for columns a later version added gets one message naming its version
    and the command that upgrades it, in place of one "kolom tidak ada" per column; an unreadable
    or too new versi.yaml is a problem of its own."""
    if versi.masalah:
        saran = ("Perbarui lkjip." if versi.nomor > VERSI_FORMAT
                 else f"Tulis `versi: <angka>`, atau hapus berkasnya dan jalankan `lkjip migrasi {slug}`.")
        return [Masalah(BERKAS_VERSI, None, "versi", versi.masalah, f"versi 1 sampai {VERSI_FORMAT}", saran), *masalah]
    if not versi.lama:
        return masalah
    baru = [m for m in masalah if m.ditemukan == "kolom tidak ada" and m.kolom
            and kolom_sejak(m.berkas, m.kolom) > versi.nomor]
    if not baru:
        return masalah
    kolom = ", ".join(f"{m.berkas} ({m.kolom})" for m in baru)
    lain = [m for m in masalah if m not in baru]
    return [Masalah("", None, None,
                    f"data berformat versi {versi.nomor}{'' if versi.tercatat else ' (menurut kolomnya)'}: "
                    f"belum punya kolom {kolom}",
                    f"format data versi {VERSI_FORMAT}",
                    f"Jalankan `lkjip migrasi {slug}`: folder dinaikkan ke versi {VERSI_FORMAT} dengan semua "
                    "perubahannya ditampilkan (`--coba` menampilkannya tanpa menulis)."), *lain]


def _catat_format(folder: Path, slug: str, versi: VersiFolder, absen: list[tuple[str, str]], gagal: bool) -> None:
    """Said once per load: the optional columns a folder leaves out (read as empty) and, for a
    folder of an earlier version that loads, that `lkjip migrasi` upgrades it."""
    import warnings

    parts = []
    if gagal:
        return  # the problems say what matters; the notes would only add to the list
    if versi.lama:
        parts.append(f"berformat versi {versi.nomor}{'' if versi.tercatat else ' (menurut kolomnya)'}; "
                     f"`lkjip migrasi {slug}` menaikkannya ke versi {VERSI_FORMAT}")
    if absen:
        per_berkas: dict[str, list[str]] = {}
        for berkas, kolom in absen:
            per_berkas.setdefault(berkas, []).append(kolom)
        parts.append("kolom pilihan yang tidak ada dibaca kosong: "
                     + "; ".join(f"{b} ({', '.join(k)})" for b, k in per_berkas.items()))
    if parts:
        warnings.warn(CatatanFormat(f"{folder}: " + "; ".join(parts)), stacklevel=3)


def muat_dinas(data_dir: str | Path, slug: str) -> DataDinas:
    """Load and validate the folder `data_dir/slug`; raise DataError listing every problem."""
    folder = Path(data_dir) / slug
    if not folder.is_dir():
        known = sorted(p.name for p in Path(data_dir).iterdir() if p.is_dir()) if Path(data_dir).is_dir() else []
        raise DataError([Masalah(str(folder), None, None, "folder tidak ada", "folder data dinas",
                                 "Dinas yang ada: " + (", ".join(known) or "(belum ada)"))])
    from lkjip.core.berkas import keluar_dari

    keluar = keluar_dari(folder, data_dir)  # a symlink out of the data folder is never read
    if keluar:
        raise DataError([Masalah(str(p), None, None, f"tautan simbolik (symlink) ke {p.resolve()}",
                                 f"berkas di dalam folder {data_dir}",
                                 "Salin berkas itu ke dalam folder (bukan tautan), atau hapus tautannya: "
                                 "lkjip tidak membaca berkas di luar folder proyek.") for p in keluar])
    masalah: list[Masalah] = []
    versi = versi_folder(folder)
    profil = _cek_profil(folder / "profil.yaml", masalah)
    tabel: dict[str, pd.DataFrame] = {}
    mentah: dict[str, pd.DataFrame] = {}
    absen: list[tuple[str, str]] = []
    for skema in SKEMA.values():
        found: list[Masalah] = []
        frame = _baca_csv(folder / skema.berkas, skema, found, mentah, absen)
        if frame is not None:
            found += _pandera_masalah(skema, frame, mentah.get(skema.berkas))
            tabel[skema.berkas[:-4]] = frame
        masalah += found
    _cek_rujukan(tabel, masalah)
    _cek_hierarki(tabel, masalah)
    _cek_sasaran_berindikator(tabel, masalah)
    _cek_periode(tabel, masalah)
    _cek_siklus(tabel, masalah)
    _cek_induk_setahun(tabel, masalah)
    _cek_peta_ganda(tabel, masalah)
    _cek_skala(tabel, masalah, tanpa_skala(profil))
    _cek_perhitungan(tabel, masalah)
    isi_nilai_huruf(tabel, masalah)
    masalah = _masalah_versi(folder, slug, versi, masalah)
    _catat_format(folder, slug, versi, absen, bool(masalah))
    if masalah:
        for m in masalah:
            object.__setattr__(m, "berkas", str(folder / m.berkas) if not m.berkas.startswith("/") else m.berkas)
            # (an empty berkas names the folder itself: Path / "" is the folder)
        raise DataError(masalah)
    return DataDinas(slug=slug, folder=folder, profil=profil, tabel=tabel)
