"""Data of an earlier lkjip keeps working: every released format version is a fixture
(`tests/fixtures/format/v<N>/`, taken from git history at the commit before the next version
changed the format; `v1/kota-malang-dinsos-p3ap2kb` is Malang's folder as transcribed then), is
recognised as its version, is told apart from a broken folder, upgrades with `lkjip migrasi`
(showing what changes, all or nothing) and builds."""
from __future__ import annotations

import shutil
import warnings

import pytest
import yaml

from _bantu import ROOT, salin_dinas
from lkjip.commands.cli import main
from lkjip.core.exceptions import DataError, MigrasiError
from lkjip.inputs.migrasi import migrasi
from lkjip.inputs.muat import muat_dinas
from lkjip.inputs.versi import BERKAS_VERSI, RIWAYAT, VERSI_FORMAT, CatatanFormat, versi_folder

FORMAT = ROOT / "tests" / "fixtures" / "format"
CONTOH = "kab-contoh-dinsos"
MALANG = "kota-malang-dinsos-p3ap2kb"
#: (version, agency) of every fixture of an earlier format.
LAMA = [(int(p.parent.name[1:]), p.name) for p in sorted(FORMAT.glob("v*/*")) if p.is_dir()]


def _isi(folder):
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.fixture
def salin(tmp_path):
    def copy(versi: int, slug: str = CONTOH):
        salin_dinas(tmp_path / "data", slug, sumber=FORMAT / f"v{versi}")
        return tmp_path / "data", slug
    return copy


def test_every_released_version_has_a_fixture():
    assert {v for v, _ in LAMA} == {v.nomor for v in RIWAYAT if v.nomor < VERSI_FORMAT}
    assert (1, MALANG) in LAMA


@pytest.mark.parametrize("versi, slug", LAMA)
def test_an_old_folder_is_recognised_as_its_version(versi, slug):
    found = versi_folder(FORMAT / f"v{versi}" / slug)
    assert (found.nomor, found.tercatat) == (versi, False)


@pytest.mark.parametrize("versi", [1, 2])
def test_periksa_on_a_folder_missing_later_required_columns_names_its_version_and_migrasi(salin, versi):
    """Before: five "kolom tidak ada ... (boleh kosong isinya)" messages for columns that were not
    all optional, and no way out. Now one message: the version and the command."""
    data, slug = salin(versi)
    with pytest.raises(DataError) as err:
        muat_dinas(data, slug)
    text = str(err.value)
    assert len(err.value.masalah) == 1, text
    assert f"berformat versi {versi}" in text and f"lkjip migrasi {slug}" in text
    assert "kolom tidak ada" not in text and "boleh kosong" not in text


@pytest.mark.parametrize("versi", [3, 4])
def test_an_old_folder_that_still_loads_is_read_with_one_note(salin, versi):
    data, slug = salin(versi)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        muat_dinas(data, slug)
    notes = [str(w.message) for w in caught if issubclass(w.category, CatatanFormat)]
    assert len(notes) == 1 and f"versi {versi}" in notes[0] and f"lkjip migrasi {slug}" in notes[0]
    if versi == 3:  # realisasi.csv without teks_tercetak: an optional column, read as empty
        assert "realisasi.csv (teks_tercetak)" in notes[0]


def test_an_optional_column_left_out_is_empty_and_a_required_one_is_named(tmp_path):
    salin_dinas(tmp_path)
    path = tmp_path / CONTOH / "indikator.csv"
    rows = [line.split(",") for line in path.read_text(encoding="utf-8").splitlines()]
    drop = rows[0].index("rumus")
    path.write_text("\n".join(",".join(r[:drop] + r[drop + 1:]) for r in rows) + "\n", encoding="utf-8")
    with pytest.warns(CatatanFormat, match=r"indikator\.csv \(rumus\)"):
        data = muat_dinas(tmp_path, CONTOH)
    assert data.indikator["rumus"].isna().all()
    drop = rows[0].index("polaritas")
    path.write_text("\n".join(",".join(r[:drop] + r[drop + 1:]) for r in rows) + "\n", encoding="utf-8")
    with pytest.raises(DataError, match="kolom wajib 'polaritas'"):
        muat_dinas(tmp_path, CONTOH)


def test_a_version_newer_than_this_lkjip_is_refused(tmp_path):
    salin_dinas(tmp_path)
    (tmp_path / CONTOH / BERKAS_VERSI).write_text(f"versi: {VERSI_FORMAT + 1}\n", encoding="utf-8")
    with pytest.raises(DataError, match="lebih baru dari lkjip ini"):
        muat_dinas(tmp_path, CONTOH)
    with pytest.raises(MigrasiError, match="perbarui lkjip"):
        migrasi(tmp_path, CONTOH)


def test_coba_shows_every_change_and_writes_nothing(salin, capsys):
    data, slug = salin(1, MALANG)
    before = _isi(data / slug)
    assert main(["migrasi", slug, "--data", str(data), "--coba"]) == 0
    out = capsys.readouterr().out
    assert _isi(data / slug) == before
    for step in ("versi 1 -> 2: dokumen_sumber.csv dibuat", "angka_tercetak.csv: kolom dokumen ditambahkan, diisi lkjip-2023",
                 "kolom jenis ditambahkan, diisi beda_antar_tabel", "versi 2 -> 3: sakip_rekomendasi.csv: kolom tahun",
                 "versi 3 -> 4: realisasi.csv: kolom teks_tercetak", f"versi 4 -> {VERSI_FORMAT}: {BERKAS_VERSI} dibuat"):
        assert step in out, out
    assert "tidak ada yang ditulis" in out


@pytest.mark.parametrize("versi, slug", LAMA)
def test_migrasi_upgrades_in_place_once(salin, versi, slug):
    data, slug = salin(versi, slug)
    hasil = migrasi(data, slug)
    assert (hasil.dari, hasil.ke, hasil.ditulis) == (versi, VERSI_FORMAT, True)
    assert versi_folder(data / slug).nomor == VERSI_FORMAT and versi_folder(data / slug).tercatat
    with warnings.catch_warnings():
        warnings.simplefilter("error", CatatanFormat)  # nothing left to say about the format
        muat_dinas(data, slug)
    again = migrasi(data, slug)
    assert not again.berkas_berubah and not again.perubahan


def test_version_1_notes_and_figures_keep_their_meaning(salin):
    """Version 1 compared every printed figure in the report and listed every note as a finding:
    after the upgrade they belong to one document of the folder's year and stay findings."""
    data, slug = salin(1, MALANG)
    migrasi(data, slug)
    folder = muat_dinas(data, slug)
    assert list(folder.dokumen_sumber["kode"]) == ["lkjip-2023"]
    assert set(folder.angka_tercetak["dokumen"]) == {"lkjip-2023"}
    assert set(folder.catatan_sumber["jenis"]) == {"beda_antar_tabel"}
    assert set(folder.sakip_rekomendasi["tahun"]) == {2023}


def test_migrasi_is_all_or_nothing(salin, capsys):
    data, slug = salin(1)
    path = data / slug / "realisasi.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("\n", "\nI99,2023,5\n", 1), encoding="utf-8")
    before = _isi(data / slug)
    assert main(["migrasi", slug, "--data", str(data)]) == 1
    err = capsys.readouterr().err
    assert "folder tidak diubah" in err and "I99" in err and "Traceback" not in err
    assert str(data / slug / "realisasi.csv") in err  # the folder's own path, not the scratch copy
    assert _isi(data / slug) == before


def test_every_shipped_folder_is_at_the_current_version():
    for folder in [p for p in (ROOT / "data").iterdir() if p.is_dir()] + [ROOT / "tests" / "fixtures" / "data" / CONTOH]:
        found = versi_folder(folder)
        assert (found.nomor, found.tercatat) == (VERSI_FORMAT, True), folder


def _proyek(tmp_path, data, slug, tahun=2023):
    """A project around a migrated folder: the real chapters, no narrative."""
    root = tmp_path / "proyek"
    shutil.copytree(ROOT / "notebooks", root / "notebooks")
    shutil.copy(ROOT / "_quarto.yml", root / "_quarto.yml")
    shutil.copytree(data / slug, root / "data" / slug)
    (root / "narasi").mkdir()
    (root / "params").mkdir()
    (root / "params" / f"{slug}-{tahun}.yml").write_text(yaml.safe_dump({"dinas": slug, "tahun": tahun}), encoding="utf-8")
    return root


@pytest.mark.parametrize("versi, slug", LAMA)
def test_every_old_format_builds_after_migrasi(salin, tmp_path, versi, slug):
    """The issue's own case is v1 Malang: refused before, built now (every chapter, no error cell)."""
    from lkjip import build_report
    data, slug = salin(versi, slug)
    migrasi(data, slug)
    root = _proyek(tmp_path, data, slug)
    result = build_report(root / "params" / f"{slug}-2023.yml", root, quarto=False, progress=None)
    assert result.mode == "preview" and len(result.chapters) == 7  # a failed chapter raises BuildError
