"""Property tests (hypothesis) of the validation contract.

* Every loader, fed any bytes or any cell value, either accepts or raises the project's own error
  (`LkjipError`): never a pandas, YAML or Unicode traceback.
* Every dataset `periksa` accepts runs every chapter without an error, and its budget totals equal
  the sums computed independently from the CSV text.

Profiles: `ci` (default, derandomized: a few hundred loader examples, a few chapter runs) and
`fuzz` (`make fuzz`, `HYPOTHESIS_PROFILE=fuzz`: random and larger).
"""
from __future__ import annotations

import csv
import io
import os
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from _bantu import salin_dinas
from conftest import FIXTURE_DATA, ROOT
from lkjip import LkjipError
from lkjip.inputs.kebutuhan import KEBUTUHAN
from lkjip.inputs.skema import SKEMA
from lkjip.inputs.snapshot import ambil_snapshot

settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("fuzz", deadline=None, print_blob=True, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
FUZZ = os.environ.get("HYPOTHESIS_PROFILE") == "fuzz"

AGENCIES = {"kab-contoh-dinsos": FIXTURE_DATA / "kab-contoh-dinsos"}
if FUZZ:  # the two real agencies too: slower to load, so only in the larger profile
    AGENCIES |= {slug: ROOT / "data" / slug for slug in ("kab-trenggalek-dinsos-p3a", "kota-malang-dinsos-p3ap2kb")}
TAHUN = {"kab-contoh-dinsos": 2023, "kab-trenggalek-dinsos-p3a": 2023, "kota-malang-dinsos-p3ap2kb": 2023}
FILES = sorted(SKEMA) + ["profil.yaml"]

#: Values people type into a cell: numbers both ways, signs, typos, other scripts, formulas.
NASTY = st.sampled_from([
    "", " ", "nan", "NaN", "None", "-", "–", "0", "-1", "1.234", "1,234", "1.234,5", "1,234.5", "12,5%",
    "Rp 1.000", "2032", "2O23", "２０２３", "٢٠٢٣", "²⁰²³", "1e309", "inf", "=SUM(A1:A3)", '"', "a,b", "x;y",
    "\u200b", "ya", "tidak", "Ya", "program", "P01", "I01", "S1", "T1", "{{ x }}", "<script>", "9" * 40,
])
CELL = NASTY | st.text(max_size=12)


def _salin(slug: str) -> Path:
    root = Path(tempfile.mkdtemp(prefix="lkjip-sifat-"))
    salin_dinas(root / "data", slug)
    return root


def _muat(root: Path, slug: str):
    return ambil_snapshot(root / "data", slug, TAHUN[slug], root / "narasi")


@settings(max_examples=200 if FUZZ else 40)
@given(slug=st.sampled_from(sorted(AGENCIES)), berkas=st.sampled_from(FILES),
       isi=st.binary(max_size=300) | st.text(max_size=300).map(str.encode))
def test_any_bytes_in_any_file_give_a_message_or_data(slug, berkas, isi):
    root = _salin(slug)
    try:
        (root / "data" / slug / berkas).write_bytes(isi)
        try:
            _muat(root, slug)
        except LkjipError as err:
            assert str(err)
    finally:
        shutil.rmtree(root, ignore_errors=True)


@settings(max_examples=600 if FUZZ else 100)
@given(slug=st.sampled_from(sorted(AGENCIES)), berkas=st.sampled_from(sorted(SKEMA)), data=st.data())
def test_any_cell_value_gives_a_message_or_data(slug, berkas, data):
    root = _salin(slug)
    try:
        path = root / "data" / slug / berkas
        if not path.is_file():
            return
        rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
        if len(rows) < 2:
            return
        for _ in range(data.draw(st.integers(1, 3))):
            row = data.draw(st.integers(1, len(rows) - 1))
            column = data.draw(st.integers(0, len(rows[0]) - 1))
            while len(rows[row]) <= column:
                rows[row].append("")
            rows[row][column] = data.draw(CELL)
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerows(rows)
        path.write_text(out.getvalue(), encoding="utf-8")
        try:
            _muat(root, slug)
        except LkjipError as err:
            message = str(err)
            assert "Traceback" not in message and " nan" not in message.replace("'nan'", "").replace("'NaN'", "")
    finally:
        shutil.rmtree(root, ignore_errors=True)


# --- accepted datasets build right ------------------------------------------------------------------

def _ubah(path: Path, change) -> None:
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    fields = list(rows[0].keys()) if rows else path.read_text(encoding="utf-8").splitlines()[0].split(",")
    rows = change(rows)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


RUPIAH = st.integers(0, 5_000_000_000)


@st.composite
def dinas_sah(draw):
    """The sample agency with its realisasi, budget amounts and optional tables redrawn."""
    root = _salin("kab-contoh-dinsos")
    folder = root / "data" / "kab-contoh-dinsos"

    def realisasi(rows):
        for row in rows:
            row["nilai"] = draw(st.one_of(st.just(""), st.floats(0, 10_000, allow_nan=False).map(lambda x: f"{x:.2f}")))
        return rows

    def anggaran(rows):
        for row in rows:
            row["pagu"] = str(draw(RUPIAH))
            row["realisasi"] = draw(st.one_of(st.just(""), RUPIAH.map(str)))
        return rows

    _ubah(folder / "realisasi.csv", realisasi)
    _ubah(folder / "anggaran.csv", anggaran)
    for name in ("spm", "pembanding", "penghargaan", "sakip_komponen", "sakip_rekomendasi", "strategi", "pk_anggaran"):
        keep = draw(st.booleans())
        _ubah(folder / f"{name}.csv", lambda rows, keep=keep: rows if keep else [])
    return root


def _jumlah_csv(path: Path, tahun: int) -> tuple[float, float | None]:
    """Top-level pagu and realisasi of a year, from the CSV text alone (no lkjip code)."""
    pagu, realisasi, kosong = 0.0, 0.0, False
    for row in csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))):
        if row["tahun"] == str(tahun) and not row["induk"].strip():
            pagu += float(row["pagu"])
            if row["realisasi"].strip():
                realisasi += float(row["realisasi"])
            else:
                kosong = True
    return pagu, None if kosong else realisasi


@settings(max_examples=40 if FUZZ else 12)
@given(root=dinas_sah())
def test_what_periksa_accepts_runs_every_chapter_with_the_right_totals(root):
    from test_kebutuhan import _jalankan

    slug = "kab-contoh-dinsos"
    try:
        try:
            snap = _muat(root, slug)
        except LkjipError:
            return  # refused: the contract only speaks of accepted data
        from lkjip.compute.laporan import Laporan
        total = Laporan(snap.data, 2023).total_anggaran
        pagu, realisasi = _jumlah_csv(root / "data" / slug / "anggaran.csv", 2023)
        assert total["pagu"] == pytest.approx(pagu)
        if realisasi is None:
            assert total["realisasi"] != total["realisasi"]  # NaN: "no data", never summed as 0
        else:
            assert total["realisasi"] == pytest.approx(realisasi)
        with pytest.MonkeyPatch.context() as monkeypatch:
            for bab in KEBUTUHAN:
                _jalankan(ROOT / "notebooks" / f"{bab}.ipynb", root / "data", root / "narasi", root / "keluaran",
                          monkeypatch)
    finally:
        shutil.rmtree(root, ignore_errors=True)
