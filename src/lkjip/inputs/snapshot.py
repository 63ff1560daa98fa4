"""One validated snapshot per build: the data and narrative of one moment.

The build reads an agency's data folder and the report's narrative folder once, validates them
by the code path of ``lkjip periksa`` and writes the result (the loaded ``DataDinas`` and the
narrative texts) into one file of its staging folder; the report computed from them is written
beside it by :mod:`lkjip.compute.laporan`. Every chapter opens that file, never ``data/`` again, so a file saved while the build runs cannot give two chapters two different
numbers. ``Snapshot.hash`` is a content hash of exactly the bytes that were read; incremental
builds compare it to know whether the inputs changed.

The snapshot is a pickle: it is written and read only by this package inside a build folder the
build owns, never taken from a user.
"""
from __future__ import annotations

import dataclasses
import hashlib
import pickle
import tempfile
import warnings
from dataclasses import dataclass
from pathlib import Path

from lkjip.core.berkas import keluar_dari
from lkjip.core.exceptions import DataError, Masalah, NarasiError
from lkjip.inputs.berkas_narasi import Narasi, baca_berkas, catat_jejak, dekode, jalur, urai
from lkjip.inputs.muat import DataDinas, muat_dinas

#: File name of a snapshot inside the folder the build passes as ``data_dir``/``narasi_dir``.
SNAPSHOT_FILE = "snapshot.pkl"
#: Folder of the snapshot inside a build's staging folder (hidden: Quarto does not render it).
SNAPSHOT_FOLDER = ".snapshot"
#: Changes whenever the pickled layout changes, so an old snapshot is never mistaken for current.
FORMAT = 3


@dataclass(frozen=True)
class TeksNarasi:
    """One narrative file as read: where it came from (for messages) and its text."""

    berkas: str
    teks: str


@dataclass(frozen=True)
class Snapshot:
    """The validated inputs of one report (agency and year) at one moment."""

    data: DataDinas
    tahun: int
    #: Narrative files by place name (``kata_pengantar``, ``indikator/I01``).
    narasi: dict[str, TeksNarasi]
    #: SHA-256 of the report's identity and every byte of every data and narrative file read.
    hash: str
    #: The user's narrative folder of the report (``narasi/<dinas>/<tahun>``), for messages and traces.
    narasi_folder: str = ""
    #: Every file of the agency's data folder as read (relative path -> bytes): written beside the
    #: pickle, so a chapter reading a raw file from ``data_dir`` reads the same moment.
    berkas: dict[str, bytes] = dataclasses.field(default_factory=dict)
    format: int = FORMAT

    @property
    def dinas(self) -> str:
        return self.data.slug

    def simpan(self, folder: str | Path) -> Path:
        """Write the snapshot into ``folder`` (created): ``snapshot.pkl`` and the data files as
        read under ``<dinas>/``; returns the pickle's path."""
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        for relative, isi in self.berkas.items():
            target = folder / self.dinas / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(isi)
        path = folder / SNAPSHOT_FILE
        tmp = path.with_suffix(".tmp")
        with tmp.open("wb") as handle:
            pickle.dump(self, handle, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(path)
        return path


_CACHE: dict[tuple[str, float], Snapshot] = {}


def ada_snapshot(folder: str | Path) -> bool:
    """Whether ``folder`` holds a snapshot (the build passes its folder instead of data/)."""
    return (Path(folder) / SNAPSHOT_FILE).is_file()


def baca_snapshot(folder: str | Path) -> Snapshot:
    """The snapshot in ``folder`` (read once per process and kept)."""
    path = Path(folder).resolve() / SNAPSHOT_FILE
    key = (str(path), path.stat().st_mtime)
    if key not in _CACHE:
        with path.open("rb") as handle:
            snap = pickle.load(handle)
        if not isinstance(snap, Snapshot) or snap.format != FORMAT:
            raise DataError([Masalah(str(path), None, None, "snapshot format lama", f"format {FORMAT}",
                                     "Bangun ulang laporannya (lkjip build).")])
        _CACHE[key] = snap
    return _CACHE[key]


def _di_dalam(sumber: Path, dasar: Path) -> None:
    """Refuse every file of ``sumber`` that is a symlink leaving ``dasar`` (the data or narrative
    folder): a build reads only what lies in the project, and publishes nothing from elsewhere."""
    keluar = keluar_dari(sumber, dasar)
    if keluar:
        raise DataError([Masalah(str(p), None, None, f"tautan simbolik (symlink) ke {p.resolve()}",
                                 f"berkas di dalam folder {dasar}",
                                 "Salin berkas itu ke dalam folder (bukan tautan), atau hapus tautannya: "
                                 "lkjip tidak membaca berkas di luar folder proyek.") for p in keluar])


def _salin(sumber: Path, tujuan: Path, digest, label: str, dasar: Path | None = None) -> dict[Path, bytes]:
    """Copy every file under ``sumber`` to ``tujuan`` reading each once, feeding the hash."""
    copied = {}
    if not sumber.is_dir():
        return copied
    _di_dalam(sumber, dasar if dasar is not None else sumber)
    for path in sorted(p for p in sumber.rglob("*") if p.is_file()):
        relative = path.relative_to(sumber)
        isi = path.read_bytes()
        for part in (label, relative.as_posix(), str(len(isi))):
            digest.update(part.encode("utf-8") + b"\0")
        digest.update(isi)
        target = tujuan / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(isi)
        copied[relative] = isi
    return copied


def _ganti_berkas(err: DataError, salinan: Path, asli: Path) -> DataError:
    """The same problems, naming the user's files instead of the private copy."""
    def asal(berkas: str) -> str:
        return berkas.replace(str(salinan), str(asli)) if berkas.startswith(str(salinan)) else berkas
    return DataError([dataclasses.replace(m, berkas=asal(m.berkas)) for m in err.masalah])


def ambil_snapshot(data_dir: str | Path, dinas: str, tahun: int, narasi_dir: str | Path) -> Snapshot:
    """Read the agency's data and the report's narrative once, validate them, and return the
    snapshot. Every file is read once, into a private copy that is then parsed, so the hash and
    the numbers come from the same bytes. Raises DataError (every problem of the data and of the
    chapters' needs) or NarasiError.
    """
    from lkjip.inputs.kebutuhan import periksa_kebutuhan

    data_dir, narasi_dir = Path(data_dir), Path(narasi_dir)
    asli = data_dir / dinas
    narasi_asli = narasi_dir / dinas / str(tahun)
    digest = hashlib.sha256(f"lkjip-snapshot {FORMAT}\0{dinas}\0{tahun}\0".encode("utf-8"))
    with tempfile.TemporaryDirectory(prefix="lkjip-snapshot-") as tmp:
        kerja = Path(tmp) / "data"
        salinan = kerja / dinas
        salinan.mkdir(parents=True)
        berkas = {}
        if asli.is_dir():
            berkas = {p.as_posix(): isi for p, isi in _salin(asli, salinan, digest, "data", data_dir).items()}
            folder_data = kerja
        else:
            folder_data = data_dir  # muat_dinas names the missing folder and the agencies there are
        narasi = {}
        for relative, isi in _salin(narasi_asli, Path(tmp) / "narasi", digest, "narasi", narasi_dir).items():
            if relative.suffix == ".md":
                shown = str(narasi_asli / relative)
                narasi[relative.with_suffix("").as_posix()] = TeksNarasi(shown, dekode(isi, shown))
        try:
            with warnings.catch_warnings(record=True) as notes:
                warnings.simplefilter("always")
                data = muat_dinas(folder_data, dinas)
        except DataError as err:
            raise _ganti_berkas(err, salinan, asli) from None
        finally:
            for note in locals().get("notes") or []:  # notes (a CSV's dialect) name the user's file
                warnings.warn(note.category(str(note.message).replace(str(salinan), str(asli))), stacklevel=2)
    data = dataclasses.replace(data, folder=asli)
    periksa_kebutuhan(data, tahun)
    return Snapshot(data=data, tahun=int(tahun), narasi=narasi, hash=digest.hexdigest(),
                    narasi_folder=str(narasi_asli.resolve()), berkas=berkas)


def baca_narasi(narasi_dir, dinas: str, tahun: int, tempat: str) -> Narasi | None:
    """The analyst's file for a place of the report, or None when there is none.

    ``narasi_dir`` is the narrative folder, or a build's snapshot (the object or its folder):
    chapters of a build read the texts the build validated, never the folder again. Either way
    the look-up is recorded in the build's trace under the user's file name."""
    if not isinstance(narasi_dir, Snapshot) and ada_snapshot(narasi_dir):
        narasi_dir = baca_snapshot(narasi_dir)
    if isinstance(narasi_dir, Snapshot):
        catat_jejak(Path(narasi_dir.narasi_folder) / f"{tempat}.md")
        found = narasi_dir.narasi.get(tempat)
        return urai(found.teks, found.berkas) if found is not None else None
    path = jalur(narasi_dir, dinas, tahun, tempat)
    if keluar := keluar_dari(path, narasi_dir):
        raise NarasiError(f"{keluar[0]}: tautan simbolik (symlink) ke {keluar[0].resolve()}, di luar folder narasi "
                          f"{narasi_dir}; tidak dibaca. Salin isinya ke dalam folder narasi, atau hapus tautannya.")
    return baca_berkas(path)
