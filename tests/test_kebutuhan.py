"""The chapters' declared needs (`lkjip.inputs.kebutuhan`) hold their actual reads, and optional inputs
are optional: every chapter is run in this process on the sample agency, recording each data file
and profile key it touches, once with every file and once with every optional file emptied."""
from __future__ import annotations

import re

import nbformat
import pytest
import yaml

from _bantu import salin_dinas
from conftest import ROOT
from lkjip.compute import laporan
from lkjip.inputs import kebutuhan, muat
from lkjip.inputs.kebutuhan import KEBUTUHAN
from lkjip.present.narasi import TEMPAT

SLUG = "kab-contoh-dinsos"
#: Optional files emptied together; anggaran.csv is left whole, because program indicators refer to
#: its lines (a year without budget lines is built in test_kontrak: Malang 2022).
OPSIONAL = sorted({b for k in KEBUTUHAN.values() for b in k.pilihan} - {b for k in KEBUTUHAN.values() for b in k.wajib}
                  - {"anggaran"})


class _Catat(dict):
    """A dict that records which keys were read."""

    def __init__(self, values, log):
        super().__init__(values)
        self.log = log

    def __getitem__(self, key):
        self.log.add(key)
        return super().__getitem__(key)

    def get(self, key, default=None):
        self.log.add(key)
        return super().get(key, default)


def _jalankan(notebook, data_dir, narasi_dir, output_dir, monkeypatch) -> tuple[set, set, str]:
    """Execute a chapter's code cells here; return the files and profile keys it read, and the
    Markdown it displayed (tables, figures with their captions, prose), one item a paragraph."""
    tables, keys, shown = set(), set(), []
    load = muat.muat_dinas

    def display(*objects, **kwargs):
        shown.extend(o.data if isinstance(getattr(o, "data", None), str) else f"<{type(o).__name__}>"
                     for o in objects)

    def recording(folder, slug):
        data = load(folder, slug)
        data.tabel = _Catat(data.tabel, tables)
        data.profil = _Catat(data.profil, keys)
        return data

    monkeypatch.setattr(laporan, "muat_dinas", recording)
    monkeypatch.setattr("IPython.display.display", display)
    namespace: dict = {}
    for cell in nbformat.read(notebook, as_version=4).cells:
        if cell.cell_type != "code":
            continue
        source = cell.source
        if "parameters" in cell.metadata.get("tags", []):
            source += (f"\ndinas = {SLUG!r}\ntahun = 2023\ndata_dir = {str(data_dir)!r}\n"
                      f"narasi_dir = {str(narasi_dir)!r}\noutput_dir = {str(output_dir)!r}\n")
        exec(compile(source, f"{notebook.name}", "exec"), namespace)  # noqa: S102 - our own notebooks
    return tables, keys, "\n\n".join(shown)


def _bagian(markdown: str) -> set[str]:
    """The captioned tables and figures (`tbl-...`, `fig-...`) a chapter displayed."""
    return set(re.findall(r"\{#((?:tbl|fig)-[\w-]+)[ }]", markdown))


DINAS = "Dinsos Contoh Kabupaten Contoh"


def _absen(bagian: str) -> str:
    return f"Data {bagian} tidak tersedia untuk {DINAS} tahun 2023."


#: With every optional file emptied: the captioned parts each chapter no longer shows, and what it
#: prints instead. A chapter not named here shows every part it showed with all files.
TANPA_OPSIONAL = {
    # the emptied scale is the explicit "no scale printed": said once, in the scale's place
    "bab2-perencanaan": ({"tbl-strategi", "tbl-pk-anggaran", "tbl-skala-penilaian"},
                         [_absen("strategi dan arah kebijakan"), _absen("anggaran Perjanjian Kinerja"),
                          "Dokumen sumber tidak mencetak skala penilaian capaian kinerja"]),
    # analysis 4 with nothing to compare says so once, not once per table
    "bab3-akuntabilitas": ({"tbl-spm", "fig-pembanding", "tbl-efisiensi", "fig-efisiensi", "tbl-standar",
                            "tbl-kemajuan", "tbl-kemajuan-anggaran", "fig-kemajuan"},
                           ["Standar pembanding (nasional, provinsi atau SPM) dan data pembanding antardaerah tahun 2023 "
                            "tidak tersedia dalam data.", _absen("efisiensi"),
                            "Realisasi per triwulan atau per bulan tahun 2023 tidak tersedia dalam data."]),
    "bab4-penutup": ({"tbl-sakip-rekomendasi"}, [_absen("rekomendasi evaluasi SAKIP")]),
    "lampiran": ({"tbl-perhitungan-i02", "tbl-perhitungan-i03", "tbl-penghargaan", "tbl-sakip-komponen"},
                 [_absen("perhitungan indikator dari data dasar"), _absen("penghargaan"),
                  _absen("komponen evaluasi SAKIP")]),
    "catatan-reviu": ({"tbl-temuan"}, ["tidak ada dokumen sumber tercetak yang angkanya dibandingkan"]),
}


@pytest.fixture(scope="module")
def agensi(tmp_path_factory):
    """The sample agency with a narrative file for every place, so that the names every chapter
    may render (and the data behind them) are computed too."""
    root = tmp_path_factory.mktemp("kebutuhan")
    salin_dinas(root / "data")
    folder = root / "narasi" / SLUG / "2023"
    for tempat in TEMPAT:
        path = folder / f"{tempat.replace('<kode>', 'I01' if 'indikator' in tempat else 'P01')}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("---\nmode: tambah\n---\nCapaian {{ I01.capaian }}, serapan {{ total.serapan }}.\n",
                        encoding="utf-8")
    kosong = root / "kosong"
    salin_dinas(kosong / "data", sumber=root / "data")
    for name in OPSIONAL:
        path = kosong / "data" / SLUG / f"{name}.csv"
        path.write_text(path.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    # an empty rating scale is the source's explicit "no scale printed", never an oversight
    profil_path = kosong / "data" / SLUG / "profil.yaml"
    profil = yaml.safe_load(profil_path.read_text(encoding="utf-8"))
    profil["metode"]["skala_penilaian"] = "tidak_dicetak"
    profil_path.write_text(yaml.safe_dump(profil, allow_unicode=True), encoding="utf-8")
    return root, kosong


def test_every_chapter_notebook_is_declared():
    assert {p.stem for p in (ROOT / "notebooks").glob("*.ipynb")} == set(KEBUTUHAN)


@pytest.mark.parametrize("bab", sorted(KEBUTUHAN))
def test_a_chapter_reads_only_what_it_declares(bab, agensi, tmp_path, monkeypatch):
    root, _ = agensi
    tables, keys, _ = _jalankan(ROOT / "notebooks" / f"{bab}.ipynb", root / "data", root / "narasi", tmp_path,
                                monkeypatch)
    need = KEBUTUHAN[bab]
    assert tables <= set(need.wajib) | set(need.pilihan), f"{bab} reads undeclared files: {tables - set(need.wajib) - set(need.pilihan)}"
    assert set(need.wajib) <= tables, f"{bab} declares files it does not read: {set(need.wajib) - tables}"
    declared_keys = {k.split(".")[0] for k in need.profil + need.profil_pilihan}
    assert keys <= declared_keys, f"{bab} reads undeclared profile keys: {keys - declared_keys}"


@pytest.mark.parametrize("bab", sorted(KEBUTUHAN))
def test_a_chapter_runs_without_its_optional_files(bab, agensi, tmp_path, monkeypatch):
    """Every optional file header-only: periksa accepts the folder and every chapter still runs
    (saying the part is absent) instead of crashing. Each part the chapter showed from those files
    is gone, and where it stood the chapter prints that it is not available (TANPA_OPSIONAL)."""
    from lkjip.inputs.kebutuhan import periksa_kebutuhan
    root, kosong = agensi
    periksa_kebutuhan(muat.muat_dinas(kosong / "data", SLUG), 2023)
    notebook = ROOT / "notebooks" / f"{bab}.ipynb"
    *_, penuh = _jalankan(notebook, root / "data", root / "narasi", tmp_path / "penuh", monkeypatch)
    *_, tanpa = _jalankan(notebook, kosong / "data", kosong / "narasi", tmp_path / "kosong", monkeypatch)
    hilang, kalimat = TANPA_OPSIONAL.get(bab, (set(), []))
    assert _bagian(penuh) - _bagian(tanpa) == hilang
    for sentence in kalimat:
        assert sentence in tanpa and sentence not in penuh, sentence


def test_required_and_optional_are_told_apart():
    assert kebutuhan.wajib("realisasi") and not kebutuhan.wajib("spm")
    assert "Bab III Akuntabilitas Kinerja" in kebutuhan.bab_memakai("spm")
