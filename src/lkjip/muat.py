"""Loading an agency's data folder into typed frames, checked against the declared schemas.

Every problem of one run is collected and reported at once (file, row, column, what was found,
what was expected, how to fix it), because an analyst fixing a spreadsheet wants the whole list,
not one error per run.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pandera.pandas as pa
import yaml

from .angka import AngkaTidakSah, parse_angka
from .dialek import CsvTidakTerbaca, baca_csv
from .exceptions import DataError, Masalah
from .rencana import KUNCI_RENCANA, baca_rencana
from .skema import METODE_PILIHAN, PROFIL_KUNCI, SKEMA, Skema

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


def _pandera_schema(skema: Skema) -> pa.DataFrameSchema:
    columns = {}
    for kolom in skema.kolom:
        dtype = {"angka": float, "rupiah": float, "tahun": "Int64"}.get(kolom.jenis)
        checks = [pa.Check.isin(list(kolom.pilihan))] if kolom.pilihan else []
        columns[kolom.nama] = pa.Column(dtype, checks=checks, nullable=not kolom.wajib, coerce=False)
    return pa.DataFrameSchema(columns, unique=list(skema.kunci) or None, strict=False)


def _pandera_masalah(skema: Skema, frame: pd.DataFrame) -> list[Masalah]:
    try:
        _pandera_schema(skema).validate(frame, lazy=True)
        return []
    except pa.errors.SchemaErrors as err:
        cases = err.failure_cases
    masalah = []
    pilihan = {k.nama: k.pilihan for k in skema.kolom}
    for case in cases.itertuples(index=False):
        check = str(case.check)
        column = case.column if isinstance(case.column, str) else None
        index = case.index if pd.notna(case.index) else None
        row = _baris(index) if index is not None else None
        if check.startswith("isin"):
            masalah.append(Masalah(skema.berkas, row, column, repr(case.failure_case),
                                   "salah satu dari: " + ", ".join(pilihan.get(column, ())),
                                   "Perbaiki ejaannya (huruf kecil)."))
        elif "not_nullable" in check:
            masalah.append(Masalah(skema.berkas, row, column, "sel kosong", "isian wajib",
                                   "Isi sel ini atau hapus barisnya."))
        elif "unique" in check or "duplicate" in check:
            masalah.append(Masalah(skema.berkas, row, ", ".join(skema.kunci), f"kunci ganda {case.failure_case!r}",
                                   "kunci yang unik per baris",
                                   "Gabungkan baris ganda atau bedakan kodenya."))
        else:
            masalah.append(Masalah(skema.berkas, row, column, str(case.failure_case), check))
    # pandera reports a duplicated key once per key column: keep one problem per row and kind
    unique, seen = [], set()
    for m in masalah:
        key = (m.baris, "ganda") if "kunci ganda" in m.ditemukan else (m.baris, m.kolom, m.ditemukan)
        if key not in seen:
            seen.add(key)
            unique.append(m)
    return unique


def _baca_csv(path: Path, skema: Skema, masalah: list[Masalah]) -> pd.DataFrame | None:
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
    missing = [c for c in skema.nama_kolom if c not in frame.columns]
    unknown = [c for c in frame.columns if c not in skema.nama_kolom]
    for c in missing:
        masalah.append(Masalah(skema.berkas, 1, c, "kolom tidak ada", f"kolom '{c}'",
                               "Tambahkan kolom ini di baris judul (boleh kosong isinya)."))
    for c in unknown:
        masalah.append(Masalah(skema.berkas, 1, c, "kolom tidak dikenal",
                               "hanya kolom: " + ", ".join(skema.nama_kolom),
                               "Periksa ejaan nama kolom atau hapus kolom ini."))
    if missing:
        return None
    frame = frame[skema.nama_kolom].apply(lambda s: s.str.strip()).astype(object)
    frame = frame.where(frame != "", None)
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
    return pd.Series(values, index=series.index, dtype=float)


def _kolom_tahun(series: pd.Series, berkas: str, kolom: str, masalah: list[Masalah]) -> pd.Series:
    values = []
    for index, text in series.items():
        if text is None:
            values.append(pd.NA)
        elif str(text).isdigit() and len(str(text)) == 4:
            values.append(int(text))
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
                masalah.append(Masalah("tujuan_sasaran.csv", _baris(index), "induk", repr(row["induk"]),
                                       "kode sebuah tujuan, atau kosong bila sasaran langsung di bawah misi",
                                       "Isi kode tujuannya, atau kosongkan induk dan isi kolom misi."))
            if row["level"] == "tujuan" and pd.notna(row["induk"]):
                masalah.append(Masalah("tujuan_sasaran.csv", _baris(index), "induk", repr(row["induk"]),
                                       "kosong untuk tujuan", "Kosongkan induk sebuah tujuan."))
    ang = tabel.get("anggaran")
    if ang is not None:
        level = dict(zip(ang["kode"], ang["level"]))
        for index, row in ang.iterrows():
            allowed = INDUK_ANGGARAN.get(row["level"], ())
            parent = row["induk"]
            if pd.isna(parent):
                # a budget may start at urusan, program or below (a unit that reports only its
                # kegiatan), but a line under the year's top level without a parent is a forgotten induk
                top = _level_teratas(ang, row["tahun"])
                if top is not None and row["level"] != top:
                    masalah.append(Masalah("anggaran.csv", _baris(index), "induk", "kosong",
                                           f"kode {'/'.join(INDUK_ANGGARAN[row['level']])} induknya",
                                           f"Anggaran tahun ini dimulai dari level {top}: isi induk baris ini."))
            elif parent in level and level[parent] not in allowed:
                masalah.append(Masalah("anggaran.csv", _baris(index), "induk",
                                       f"{parent!r} ({level[parent]})", f"induk ber-level {'/'.join(allowed) or '-'}",
                                       "Urutan: urusan > program > kegiatan > subkegiatan."))


def _level_teratas(anggaran: pd.DataFrame, tahun) -> str | None:
    """The highest budget level present in a year (`urusan` > `program` > `kegiatan` > `subkegiatan`)."""
    present = set(anggaran.loc[anggaran["tahun"] == tahun, "level"]) if pd.notna(tahun) else set(anggaran["level"])
    return next((lvl for lvl in INDUK_ANGGARAN if lvl in present), None)


def _cek_profil(path: Path, masalah: list[Masalah]) -> dict:
    berkas = "profil.yaml"
    if not path.is_file():
        masalah.append(Masalah(berkas, None, None, "berkas tidak ada", "profil.yaml", "Lihat data/README.md."))
        return {}
    try:
        profil = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
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
    ttd = profil.get("penandatanganan") if isinstance(profil.get("penandatanganan"), dict) else {}
    tanggal = ttd.get("tanggal")
    if isinstance(tanggal, str) and tanggal.strip():
        try:
            ttd["tanggal"] = dt.date.fromisoformat(tanggal)
        except ValueError:
            masalah.append(Masalah(berkas, None, "penandatanganan.tanggal", repr(tanggal), "tanggal YYYY-MM-DD"))
    elif tanggal not in (None, "") and not isinstance(tanggal, dt.date):
        masalah.append(Masalah(berkas, None, "penandatanganan.tanggal", repr(tanggal), "tanggal YYYY-MM-DD"))
    return profil


def muat_dinas(data_dir: str | Path, slug: str) -> DataDinas:
    """Load and validate the folder `data_dir/slug`; raise DataError listing every problem."""
    folder = Path(data_dir) / slug
    if not folder.is_dir():
        known = sorted(p.name for p in Path(data_dir).iterdir() if p.is_dir()) if Path(data_dir).is_dir() else []
        raise DataError([Masalah(str(folder), None, None, "folder tidak ada", "folder data dinas",
                                 "Dinas yang ada: " + (", ".join(known) or "(belum ada)"))])
    masalah: list[Masalah] = []
    profil = _cek_profil(folder / "profil.yaml", masalah)
    tabel: dict[str, pd.DataFrame] = {}
    for skema in SKEMA.values():
        found: list[Masalah] = []
        frame = _baca_csv(folder / skema.berkas, skema, found)
        if frame is not None:
            found += _pandera_masalah(skema, frame)
            tabel[skema.berkas[:-4]] = frame
        masalah += found
    _cek_rujukan(tabel, masalah)
    _cek_hierarki(tabel, masalah)
    if masalah:
        for m in masalah:
            object.__setattr__(m, "berkas", str(folder / m.berkas) if not m.berkas.startswith("/") else m.berkas)
        raise DataError(masalah)
    return DataDinas(slug=slug, folder=folder, profil=profil, tabel=tabel)
