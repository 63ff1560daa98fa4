"""Fast builds: chapters side by side, reuse of what did not change, Dask for many reports.

The project is test_build's fixture project (three small chapters over the sample agency), with
one change: bab1 also shows a narrative file, so a narrative edit has a chapter to rebuild.
Speed itself is measured by scripts/benchmark.py, never here.
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import nbformat
import pytest

from lkjip import build_all, build_report
from lkjip.run import eksekusi
from lkjip.run.tersebar import build_all_on_dask
from lkjip.commands.cli import main
from lkjip.core.exceptions import BuildError, DataError
from test_build import REPORT, leftovers, make_project, path_without_quarto, snapshot

NARRATIVE = Path("narasi") / "kota-uji-build" / "2023" / "uji-pendahuluan.md"
PARAMS = Path("params") / f"{REPORT}.yml"


def project_with_narrative(root: Path) -> Path:
    """The fixture project; bab1 ends with a cell showing narasi/<dinas>/<tahun>/uji-pendahuluan.md."""
    make_project(root)
    notebook = root / "notebooks" / "bab1.ipynb"
    nb = nbformat.read(notebook, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(
        "from lkjip.present.narasi import baca_narasi\n"
        'narasi = baca_narasi(narasi_dir, dinas, tahun, "uji-pendahuluan")\n'
        'print(narasi.teks if narasi else "tanpa narasi", flush=True)\n'
        "import os, time\n"
        "time.sleep(0.3)  # the kernel sends the first line on its own\n"
        'print("folder kerja:", os.getcwd())'))
    nbformat.write(nb, notebook)
    (root / NARRATIVE).parent.mkdir(parents=True)
    (root / NARRATIVE).write_text("Kalimat pertama.\n", encoding="utf-8")
    return root


def printed(notebook: Path) -> list[str]:
    """Everything the cells of an executed notebook printed or displayed as text."""
    nb = nbformat.read(notebook, as_version=4)
    texts = []
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            texts.append(output.get("text") or output.get("data", {}).get("text/plain", "")
                         or output.get("data", {}).get("text/markdown", ""))
    return texts


def forbid_kernels(monkeypatch) -> None:
    def refuse(*args, **kwargs):
        raise AssertionError("a chapter was executed although nothing changed")
    monkeypatch.setattr(eksekusi, "run_chapter", refuse)


@pytest.fixture(scope="module")
def parallel(tmp_path_factory):
    """One build with every chapter at once (jobs=3), shared by the tests that only read it."""
    root = project_with_narrative(tmp_path_factory.mktemp("cepat") / "proyek")
    messages: list[str] = []
    working_folder = Path.cwd()
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("PATH", path_without_quarto())
        result = build_report(root / PARAMS, root, progress=messages.append, jobs=3)
    assert Path.cwd() == working_folder  # chapters side by side must not move the build's working folder
    return root, result, messages


@pytest.fixture
def copy_of_parallel(parallel, tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("PATH", path_without_quarto())
    root = tmp_path / "proyek"
    shutil.copytree(parallel[0], root, symlinks=True)
    return root


def test_parallel_build_names_each_chapter_and_records_what_each_read_and_wrote(parallel):
    root, result, messages = parallel
    text = "\n".join(messages)
    assert "3 sekaligus" in text
    for chapter in ("index.ipynb", "bab1.ipynb", "lampiran.ipynb"):
        assert f"{chapter} mulai" in text
    info = json.loads((root / "build" / REPORT / "build.json").read_text())
    chapters = info["sidik"]["bab"]
    assert chapters["bab1.ipynb"]["keluaran"] == ["tabel/tbl-angka.csv"]
    assert list(chapters["bab1.ipynb"]["narasi"]) == [NARRATIVE.as_posix()]
    assert chapters["index.ipynb"]["narasi"] == {} and chapters["index.ipynb"]["keluaran"] == []
    assert not any(p.name == ".kerja" for p in (root / "build" / REPORT).rglob("*"))
    outputs = printed(root / "build" / REPORT / "bab1.ipynb")
    assert any("Kalimat pertama." in text for text in outputs)
    assert any(f"folder kerja: {root / 'notebooks'}" in text for text in outputs)  # kernel starts beside its notebook


def last_cell_streams(notebook: Path) -> list:
    """The stream outputs of an executed notebook's last cell."""
    last_cell = nbformat.read(notebook, as_version=4).cells[-1]
    return [output for output in last_cell.outputs if output.output_type == "stream"]


def test_what_one_cell_prints_is_one_block_however_the_kernel_flushed_it(parallel, tmp_path, monkeypatch):
    """bab1's last cell prints a line, flushes, waits and prints another, so the kernel sends two
    stream messages. First shown: that cell alone, run as a chapter is run but without coalescing,
    gives two stream outputs (if this kernel flushed once, the test could prove nothing: skipped).
    Then the same cell with the project's options, and bab1 of the build, give one block."""
    import papermill

    root = parallel[0]
    source = nbformat.read(root / "notebooks" / "bab1.ipynb", as_version=4)
    cell = nbformat.v4.new_notebook(metadata=source.metadata, cells=[
        nbformat.v4.new_code_cell("narasi_dir = dinas = tahun = None", metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell(source.cells[-1].source)])
    nbformat.write(cell, tmp_path / "sel.ipynb")
    parameters = {"narasi_dir": str(root / "narasi"), "dinas": "kota-uji-build", "tahun": 2023}

    execute = papermill.execute_notebook
    with eksekusi.notebook_environment(root, tmp_path / ".kernel") as kernel_name:
        with monkeypatch.context() as uncoalesced:
            uncoalesced.setattr(papermill, "execute_notebook",
                                lambda *args, **kwargs: execute(*args, **kwargs | {"coalesce_streams": False}))
            eksekusi.run_chapter(tmp_path / "sel.ipynb", tmp_path / "terpisah.ipynb", parameters, kernel_name)
        separate = last_cell_streams(tmp_path / "terpisah.ipynb")
        if len(separate) != 2:
            pytest.skip(f"the kernel flushed the two prints as {len(separate)} stream output(s) even without "
                        "coalescing, so this run cannot show that coalescing joins them")
        assert separate[0].text.startswith("Kalimat pertama.") and separate[1].text.startswith("folder kerja:")
        eksekusi.run_chapter(tmp_path / "sel.ipynb", tmp_path / "satu.ipynb", parameters, kernel_name)

    for notebook in (tmp_path / "satu.ipynb", root / "build" / REPORT / "bab1.ipynb"):
        streams = last_cell_streams(notebook)
        assert len(streams) == 1, f"{notebook.name}: {[s.text for s in streams]}"
        assert streams[0].text.startswith("Kalimat pertama.") and "folder kerja:" in streams[0].text


def test_parallel_build_produces_what_a_sequential_build_produces(parallel, copy_of_parallel):
    root = copy_of_parallel
    build_report(root / PARAMS, root, progress=None, jobs=1, paksa=True, out_dir=root / "urut")
    together, one_by_one = root / "build" / REPORT, root / "urut" / REPORT
    files = sorted(p.relative_to(together).as_posix() for p in together.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(one_by_one).as_posix() for p in one_by_one.rglob("*") if p.is_file())
    assert (together / "tabel" / "tbl-angka.csv").read_bytes() == (one_by_one / "tabel" / "tbl-angka.csv").read_bytes()
    def anywhere(texts: list[str]) -> list[str]:  # the copy lives elsewhere than the original
        return [text.replace(str(parallel[0]), "<proyek>").replace(str(root), "<proyek>") for text in texts]
    for notebook in ("index.ipynb", "bab1.ipynb", "lampiran.ipynb"):
        assert anywhere(printed(together / notebook)) == anywhere(printed(one_by_one / notebook))


def test_rebuild_with_nothing_changed_says_tidak_berubah_and_runs_nothing(parallel, copy_of_parallel, monkeypatch):
    root = copy_of_parallel
    before = snapshot(root / "build" / REPORT)
    forbid_kernels(monkeypatch)
    messages: list[str] = []
    result = build_report(root / PARAMS, root, progress=messages.append)
    assert result.unchanged and all(run.reused for run in result.chapters)
    assert any("tidak berubah" in m for m in messages)
    assert result.entry == root / "build" / REPORT / "preview" / "index.html"
    assert snapshot(root / "build" / REPORT) == before
    assert leftovers(root / "build") == []


def test_cli_rebuild_with_nothing_changed(parallel, copy_of_parallel, capsys, monkeypatch):
    root = copy_of_parallel
    forbid_kernels(monkeypatch)
    assert main(["build", str(root / PARAMS), "--root", str(root)]) == 0
    assert "tidak berubah" in capsys.readouterr().out


def test_changed_narrative_reruns_only_the_chapter_that_read_it(parallel, copy_of_parallel):
    root = copy_of_parallel
    (root / NARRATIVE).write_text("Kalimat kedua.\n", encoding="utf-8")
    result = build_report(root / PARAMS, root, progress=None)
    assert {run.file: run.reused for run in result.chapters} == {
        "index.ipynb": True, "bab1.ipynb": False, "lampiran.ipynb": True}
    folder = root / "build" / REPORT
    assert any("Kalimat kedua." in text for text in printed(folder / "bab1.ipynb"))
    assert (folder / "tabel" / "tbl-angka.csv").is_file() and (folder / "preview" / "index.html").is_file()
    assert (folder / "index.ipynb").read_bytes() == (parallel[0] / "build" / REPORT / "index.ipynb").read_bytes()


@pytest.mark.parametrize("change", ["data", "notebook", "params"])
def test_what_every_chapter_reads_reruns_every_chapter_and_a_notebook_only_its_own(copy_of_parallel, change):
    root = copy_of_parallel
    if change == "data":
        with (root / "data" / "kota-uji-build" / "angka.csv").open("a") as handle:
            handle.write("Tambahan,7\n")
        expected = {"index.ipynb": False, "bab1.ipynb": False, "lampiran.ipynb": False}
    elif change == "notebook":
        nb = nbformat.read(root / "notebooks" / "lampiran.ipynb", as_version=4)
        nb.cells.append(nbformat.v4.new_markdown_cell("Catatan baru."))
        nbformat.write(nb, root / "notebooks" / "lampiran.ipynb")
        expected = {"index.ipynb": True, "bab1.ipynb": True, "lampiran.ipynb": False}
    else:
        shutil.copytree(root / "narasi", root / "narasi-lain")
        (root / PARAMS).write_text((root / PARAMS).read_text() + "narasi_dir: narasi-lain\n")
        expected = {"index.ipynb": False, "bab1.ipynb": False, "lampiran.ipynb": False}
    result = build_report(root / PARAMS, root, progress=None)
    assert {run.file: run.reused for run in result.chapters} == expected


def test_paksa_runs_every_chapter_even_when_nothing_changed(copy_of_parallel):
    root = copy_of_parallel
    result = build_report(root / PARAMS, root, progress=None, paksa=True)
    assert not result.unchanged and not any(run.reused for run in result.chapters)


def test_failing_chapter_among_parallel_ones_is_named_and_the_old_report_kept(copy_of_parallel):
    root = copy_of_parallel
    before = snapshot(root / "build" / REPORT)
    (root / "data" / "kota-uji-build" / "angka.csv").write_text("uraian,jumlah\nA,1\n")
    with pytest.raises(BuildError) as raised:
        build_report(root / PARAMS, root, progress=None, jobs=3)
    message = str(raised.value)
    assert "Bab 'bab1.ipynb' gagal" in message and "indeks 4" in message
    assert 'tabel = angka[["uraian", "nilai"]]' in message and "KeyError" in message
    assert (root / "build" / "failed" / REPORT / "bab1.ipynb").is_file()
    assert snapshot(root / "build" / REPORT) == before
    assert leftovers(root / "build") == []


def test_cli_refuses_scheduler_without_all_and_jobs_below_one(capsys):
    with pytest.raises(SystemExit):
        main(["build", "params/x.yml", "--scheduler", "tcp://127.0.0.1:8786"])
    with pytest.raises(SystemExit):
        main(["build", "--all", "--jobs", "0"])
    assert "--scheduler hanya bersama --all" in capsys.readouterr().err


def test_build_all_on_a_dask_cluster_builds_every_report(tmp_path, monkeypatch):
    distributed = pytest.importorskip("distributed", reason="Dask distributed is a dev dependency (pip install -e '.[dev]')")
    monkeypatch.setenv("PATH", path_without_quarto())
    root = make_project(tmp_path / "proyek", chapters=["notebooks/index.ipynb"], appendices=["notebooks/lampiran.ipynb"])
    messages: list[str] = []
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=False,
                                  dashboard_address=None) as cluster:
        results = build_all_on_dask(cluster.scheduler_address, root, progress=messages.append, render=False,
                                    jobs=1)
    assert sorted(r.report for r in results) == ["kab-uji-build-2023", "kota-uji-build-2023"]
    for report in ("kab-uji-build-2023", "kota-uji-build-2023"):
        assert (root / "build" / report / "lampiran.ipynb").is_file()
    assert any("penjadwal Dask" in m for m in messages)
    index = (root / "build" / "index.html").read_text()
    assert "Dinas Sosial Uji Kota Uji" in index and "Dinas Sosial Kabupaten Contoh" in index
    assert leftovers(root / "build") == []


def test_build_all_shares_one_pool_and_then_has_nothing_to_do(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", path_without_quarto())
    root = make_project(tmp_path / "proyek", chapters=["notebooks/index.ipynb"], appendices=["notebooks/lampiran.ipynb"])
    messages: list[str] = []
    first = build_all(root, progress=messages.append, render=False, jobs=2)
    assert sorted(r.report for r in first) == ["kab-uji-build-2023", "kota-uji-build-2023"]
    assert sum("2 sekaligus" in m for m in messages) == 2  # both reports queued into the same pool
    forbid_kernels(monkeypatch)
    again = build_all(root, progress=None, render=False, jobs=2)
    assert all(result.unchanged for result in again) and len(again) == 2


def test_chapter_kernels_start_from_the_report_the_build_computed(parallel, tmp_path):
    """Beside the snapshot a chapter opens lies the report validation computed, its tables included."""
    from lkjip.run.periksa import periksa_laporan
    from lkjip.compute.laporan import buka_laporan
    from lkjip.inputs.params import load_params

    root = parallel[0]
    snap, lap = periksa_laporan(load_params(root / PARAMS, root), root)
    lap.kinerja  # computed once, by the build, before any chapter
    snap.simpan(tmp_path)
    lap.simpan(tmp_path, snap.hash)
    shared = buka_laporan(tmp_path, snap.dinas, snap.tahun)
    assert "kinerja" in vars(shared) and shared.data.slug == snap.dinas
    with pytest.raises(DataError):  # a snapshot of another year is refused, never used for it
        buka_laporan(tmp_path, snap.dinas, snap.tahun - 1)
