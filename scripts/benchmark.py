#!/usr/bin/env python3
"""How fast are report builds, against the least any build of this shape can take?

In one run (medians of --repeat runs where it says so; papermill only, no Quarto):
  * the floor F(n): papermill executing n trivial notebooks (one cell importing pandas and
    matplotlib), one after another and with as many at once as there are cores;
  * one report and all reports (every chapter run: --paksa), with as many chapters at once as cores;
  * the no-op rebuild, in the process and as the `lkjip build` command a user types;
  * peak memory of the whole process tree while one report builds with two chapters at once:
    the sum of PSS (shared pages split between the processes sharing them) and the largest process;
  * a report whose budget has 20.000 rows, against the normal one;
  * scale: `build --all` over many synthetic reports (the example agencies copied under new names,
    each for 2023 and a rolled-forward 2024, realisation values perturbed: 80 reports are 40
    agencies x 2 years), time per report against the all-reports run.
With Quarto on PATH (``--quarto``, the default when it is there) also what a user waits for:
  * the Quarto floor: a trivial book of the same chapters (a heading and a sentence each), derived
    project and all three formats, in one ``quarto render``; against a full build of the largest
    report (Kota Malang 2023: every chapter run and every format rendered), with the ratio;
  * the live preview's edit loop (``lkjip pratinjau``, run in process: the debounce of the watcher
    and the browser's reload are not in it): a saved narrative edit and a data edit, medians.
``--cepat`` measures only these Quarto parts. It prints the ratios of the targets in docs/performance.md. Everything happens in a copy of the
project in a temporary folder; build/ is left alone. Not a test: run it by hand.

    .venv/bin/python scripts/benchmark.py [--repeat 3] [--scale 80] [--jobs N] [--cepat] [--tanpa-quarto]
"""
from __future__ import annotations

import argparse
import csv
import io
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import nbformat  # noqa: E402
import psutil  # noqa: E402

from lkjip import build_all, build_report  # noqa: E402
from lkjip.run.eksekusi import NOTEBOOK_PARAMETERS, default_jobs, notebook_environment, run_chapter  # noqa: E402
from lkjip.inputs.params import params_files  # noqa: E402
from lkjip.publish.buku import book_chapters  # noqa: E402

#: What a copy of the project needs to build; with src/ the kernels run this very source (the
#: build puts the project's src/ first on PYTHONPATH), even if the working tree changes meanwhile.
PROJECT_PARTS = ("_quarto.yml", "src", "notebooks", "data", "narasi", "params")
#: The agencies copied for the scale mode and the 20.000-row budget.
EXAMPLES = ("kota-malang-dinsos-p3ap2kb", "kab-trenggalek-dinsos-p3a")
BUDGET_ROWS = 20_000


def timed(action) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def copy_project(target: Path, params: list[str] | None = None) -> Path:
    """The project's notebooks, data, narrative and template; only the named params files."""
    target.mkdir(parents=True)
    for part in PROJECT_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, target / part, ignore=shutil.ignore_patterns("__pycache__"))
        elif source.is_file():
            shutil.copy2(source, target / part)
    if params is not None:
        for path in (target / "params").glob("*.yml"):
            if path.name not in params:
                path.unlink()
    return target


# --- the floor ------------------------------------------------------------------------------------

def trivial_notebook(folder: Path) -> Path:
    """A parameters cell and one cell importing pandas and matplotlib: what every chapter pays."""
    parameters = nbformat.v4.new_code_cell("\n".join(f"{name} = None" for name in NOTEBOOK_PARAMETERS))
    parameters.metadata["tags"] = ["parameters"]
    work = nbformat.v4.new_code_cell("import pandas as pd\nimport matplotlib.pyplot as plt")
    nb = nbformat.v4.new_notebook(cells=[parameters, work])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    path = folder / "trivial.ipynb"
    nbformat.write(nb, path)
    return path


def floor(n: int, at_once: int, work: Path) -> float:
    """F(n): wall time for papermill to execute n trivial notebooks, ``at_once`` at a time."""
    work.mkdir(parents=True, exist_ok=True)
    source = trivial_notebook(work)
    parameters = dict.fromkeys(NOTEBOOK_PARAMETERS, "") | {"tahun": 0}
    with notebook_environment(work, work / ".kernel") as kernel:
        def one(i: int) -> None:
            run_chapter(source, work / f"out-{i}.ipynb", parameters, kernel)
        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=at_once) as pool:
            list(pool.map(one, range(n)))
        return time.perf_counter() - started


# --- memory ---------------------------------------------------------------------------------------

class TreeMemory:
    """Samples the PSS of this process and all its descendants every 0,2 s while active."""

    def __init__(self):
        self.peak_total = 0
        self.peak_single = 0
        self.peak_single_name = ""
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        me = psutil.Process()
        while not self._stop.is_set():
            total = 0
            for process in [me, *me.children(recursive=True)]:
                try:
                    pss = process.memory_full_info().pss
                    name = " ".join(process.cmdline()[1:3])[:60]
                except (psutil.NoSuchProcess, psutil.AccessDenied):
                    continue
                total += pss
                if pss > self.peak_single:
                    self.peak_single, self.peak_single_name = pss, name
            self.peak_total = max(self.peak_total, total)
            self._stop.wait(0.2)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()


# --- synthetic data -------------------------------------------------------------------------------

def _rows(path: Path) -> list[dict]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


def _write_rows(path: Path, rows: list[dict], fields: list[str]) -> None:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def _moved(text: str, rng: random.Random) -> str:
    """A number moved by up to ±5 %, in the cell's own decimal style; other text unchanged."""
    comma = "," in text
    try:
        value = float(text.replace(".", "").replace(",", ".") if comma else text)
    except ValueError:
        return text
    plain = text.replace(",", ".")
    decimals = len(plain.split(".")[1]) if "." in plain else 0
    new = f"{value * rng.uniform(0.95, 1.05):.{decimals}f}"
    return new.replace(".", ",") if comma else new


def perturb_realisation(agency: Path, rng: random.Random, tahun: int | None = None) -> None:
    """Realisation values (of one year, or all) moved by up to ±5 %."""
    path = agency / "realisasi.csv"
    rows = _rows(path)
    if not rows:
        return
    for row in rows:
        if tahun is None or row.get("tahun") == str(tahun):
            row["nilai"] = _moved(row.get("nilai", ""), rng)
    _write_rows(path, rows, list(rows[0]))


def roll_forward(agency: Path, tahun: int) -> None:
    """A next year for a synthetic agency: every row of `tahun` in each yearly file copied to
    `tahun + 1` (the source documents' own list stays as it is), as an analyst starting next
    year from this year's spreadsheets would; its realisation is then moved like any copy's."""
    from lkjip.inputs.skema import SKEMA

    for berkas, skema in SKEMA.items():
        path = agency / berkas
        if "tahun" not in skema.nama_kolom or berkas == "dokumen_sumber.csv" or not path.is_file():
            continue
        rows = _rows(path)
        if rows:
            _write_rows(path, rows + [{**row, "tahun": str(tahun + 1)} for row in rows if row["tahun"] == str(tahun)],
                        list(rows[0]))


def scale_project(target: Path, reports: int, years: int = 2) -> Path:
    """``reports`` synthetic reports: the example agencies copied under new names with their
    realisation perturbed, each with ``years`` years (2023, then rolled forward), as a provincial
    office builds every agency for several years. 80 reports: 40 agencies x 2 years."""
    copy_project(target, params=[])
    rng = random.Random(13)
    agencies = -(-reports // years)
    made = 0
    for number in range(agencies):
        example = EXAMPLES[number % len(EXAMPLES)]
        slug = f"sintetis-{number + 1:03d}-{example}"
        shutil.copytree(ROOT / "data" / example, target / "data" / slug)
        perturb_realisation(target / "data" / slug, rng)
        for offset in range(1, years):
            roll_forward(target / "data" / slug, 2023 + offset - 1)
            perturb_realisation(target / "data" / slug, rng, 2023 + offset)
        if (ROOT / "narasi" / example).is_dir():
            shutil.copytree(ROOT / "narasi" / example, target / "narasi" / slug)
        for tahun in range(2023, 2023 + years):
            if made < reports:
                (target / "params" / f"{slug}-{tahun}.yml").write_text(f"dinas: {slug}\ntahun: {tahun}\n",
                                                                       encoding="utf-8")
                made += 1
    return target


def big_budget_project(target: Path) -> Path:
    """The first example agency with its budget grown to 20.000 rows: extra sub-activities of
    zero pagu and realisation under its first activity, so every total stays as printed."""
    copy_project(target, params=[f"{EXAMPLES[0]}-2023.yml"])
    path = target / "data" / EXAMPLES[0] / "anggaran.csv"
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    activity = next(row for row in rows if row["level"] == "kegiatan")
    year = activity["tahun"]
    order = max(int(row["urutan"]) for row in rows)
    for number in range(BUDGET_ROWS - len(rows)):
        order += 1
        rows.append({**{key: "" for key in rows[0]}, "kode": f"{activity['kode']}.X{number:05d}",
                     "level": "subkegiatan", "induk": activity["kode"],
                     "uraian": f"Sub kegiatan sintetis {number + 1}", "tahun": year,
                     "pagu": "0", "realisasi": "0", "urutan": str(order)})
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    return target


# --- what a user waits for: Quarto, the preview ---------------------------------------------------

LARGEST = "kota-malang-dinsos-p3ap2kb-2023"


def trivial_book(built: Path, target: Path) -> Path:
    """The derived project of a built report with every chapter replaced by its heading and one
    sentence: what Quarto costs for a book of these chapters in these formats, before our content."""
    shutil.copytree(built, target, ignore=shutil.ignore_patterns("_book", ".quarto", "*.ipynb", "build.json",
                                                                 "quarto.log", ".snapshot", "tabel"))
    for notebook in built.glob("*.ipynb"):
        nb = nbformat.read(notebook, as_version=4)
        title = next((c.source.splitlines()[0] for c in nb.cells
                      if c.cell_type == "markdown" and c.source.startswith("#")), "# Bab")
        new = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(title + "\n\nSatu kalimat.")])
        new.metadata = nb.metadata
        nbformat.write(new, target / notebook.name)
    return target


def quarto_parts(project: Path, tmp: Path, repeat: int, jobs: int, say) -> dict[str, list[float]]:
    from lkjip.publish.buku import render_with_quarto
    from lkjip.run.pratinjau_langsung import Pratinjau

    quarto = Path(shutil.which("quarto"))
    params = project / "params" / f"{LARGEST}.yml"
    times: dict[str, list[float]] = {}

    def measure(name: str, action) -> None:
        times.setdefault(name, []).append(timed(action))
        say(f"  {name}: {times[name][-1]:.2f} s")

    out = tmp / "quarto-build"
    measure("full build with Quarto, largest report", lambda: build_report(
        params, project, progress=None, jobs=jobs, paksa=True, out_dir=out))
    with notebook_environment(project, tmp / ".kernel"):
        for round_ in range(repeat):
            floor_book = trivial_book(out / LARGEST, tmp / f"trivial-{round_}")
            measure("Quarto floor: trivial book, all formats", lambda: render_with_quarto(quarto, floor_book))

    preview = Pratinjau(params, project, say=lambda line: None)
    preview.bangun(pertama=True)
    narrative = project / "narasi" / "kota-malang-dinsos-p3ap2kb" / "2023" / "kata_pengantar.md"
    profil = project / "data" / "kota-malang-dinsos-p3ap2kb" / "profil.yaml"
    for round_ in range(repeat):
        narrative.write_text(narrative.read_text(encoding="utf-8") + f"\nKalimat uji {round_}.\n", encoding="utf-8")
        measure("preview: narrative edit shown", preview.bangun)
    for round_ in range(max(1, repeat - 1)):  # every chapter runs again: the longest part
        profil.write_text(profil.read_text(encoding="utf-8") + "\n", encoding="utf-8")
        measure("preview: data edit shown", preview.bangun)
    return times


# --- the run --------------------------------------------------------------------------------------

def machine() -> str:
    cpu = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = psutil.virtual_memory().total / 2**30
    return f"{os.cpu_count()} cores ({cpu}), {memory:.1f} GiB RAM, Python {platform.python_version()}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", "-n", type=int, default=3, help="runs of each small measurement")
    parser.add_argument("--scale", type=int, default=80, help="synthetic reports in the scale mode (0: skip)")
    parser.add_argument("--jobs", type=int, default=default_jobs(), help="chapters at once (default: cores)")
    parser.add_argument("--cepat", action="store_true", help="only the Quarto floor, the full build and the preview")
    parser.add_argument("--tanpa-quarto", action="store_true", help="leave out the Quarto parts")
    args = parser.parse_args(argv)
    jobs = args.jobs
    with_quarto = not args.tanpa_quarto and shutil.which("quarto") is not None
    if args.cepat:
        if not with_quarto:
            parser.error("--cepat measures the Quarto parts: put quarto on PATH")
        return quarto_report(args.repeat, jobs)
    say = lambda message: print(message, file=sys.stderr, flush=True)  # noqa: E731

    with tempfile.TemporaryDirectory(prefix="lkjip-benchmark-") as tmp:
        tmp = Path(tmp)
        project = copy_project(tmp / "proyek")
        reports = len(params_files(project))
        chapters = len(book_chapters(project))
        one_params = project / "params" / f"{EXAMPLES[0]}-2023.yml"
        times: dict[str, list[float]] = {}

        def measure(name: str, action) -> None:
            times.setdefault(name, []).append(timed(action))
            say(f"  {name}: {times[name][-1]:.2f} s")

        for round_ in range(1, args.repeat + 1):
            say(f"round {round_}/{args.repeat}")
            work = tmp / f"floor-{round_}"
            measure("F(chapters) one after another", lambda: floor(chapters, 1, work / "a"))
            measure("F(chapters) on all cores", lambda: floor(chapters, jobs, work / "b"))
            measure("F(reports x chapters) on all cores", lambda: floor(reports * chapters, jobs, work / "c"))
            measure("one report", lambda: build_report(one_params, project, render=False, progress=None,
                                                       jobs=jobs, paksa=True, out_dir=tmp / "one"))
            measure("one report, one chapter at a time", lambda: build_report(
                one_params, project, render=False, progress=None, jobs=1, paksa=True, out_dir=tmp / "seq"))
            measure("all reports", lambda: build_all(project, render=False, progress=None, jobs=jobs,
                                                     paksa=True, out_dir=tmp / "all"))
            measure("no-op rebuild (in process)", lambda: build_report(
                one_params, project, render=False, progress=None, out_dir=tmp / "one"))

        # the no-op as the user meets it: the command, a new Python process, a published preview
        build_report(one_params, project, quarto=False, progress=None, jobs=jobs)
        command = [sys.executable, "-m", "lkjip.commands.cli", "build", str(one_params), "--root", str(project), "--no-quarto"]
        for _ in range(args.repeat):
            started = time.perf_counter()
            done = subprocess.run(command, capture_output=True, text=True, check=True,
                                  env=os.environ | {"PYTHONPATH": str(project / "src")})
            times.setdefault("no-op rebuild (lkjip build command)", []).append(time.perf_counter() - started)
        assert "tidak berubah" in done.stdout, done.stdout

        say("memory: one report, two chapters at once")
        with TreeMemory() as memory:
            build_report(one_params, project, render=False, progress=None, jobs=2, paksa=True, out_dir=tmp / "mem")
        say(f"  peak PSS {memory.peak_total / 2**20:.0f} MB, largest process {memory.peak_single / 2**20:.0f} MB")

        say(f"{BUDGET_ROWS} budget rows")
        big = big_budget_project(tmp / "besar")
        for _ in range(args.repeat):
            times.setdefault("one report, 20.000 budget rows", []).append(timed(lambda: build_report(
                big / "params" / one_params.name, big, render=False, progress=None, jobs=jobs, paksa=True)))
            say(f"  one report, 20.000 budget rows: {times['one report, 20.000 budget rows'][-1]:.2f} s")
        with TreeMemory() as big_memory:
            build_report(big / "params" / one_params.name, big, render=False, progress=None, jobs=2, paksa=True)

        if args.scale:
            say(f"scale: {args.scale} synthetic reports")
            many = scale_project(tmp / "banyak", args.scale)
            times["scale: all synthetic reports"] = [timed(lambda: build_all(
                many, render=False, progress=None, jobs=jobs, paksa=True))]
            say(f"  scale: {times['scale: all synthetic reports'][0]:.1f} s")

    median = {name: statistics.median(values) for name, values in times.items()}
    F = median["F(chapters) on all cores"]
    F_all = median["F(reports x chapters) on all cores"]
    print(f"Machine: {machine()}")
    print(f"{chapters} chapters, {reports} reports, {jobs} at once; medians of {args.repeat} runs "
          "(papermill only, no Quarto)")
    for name, value in median.items():
        print(f"  {name:<42} {value:8.2f} s")
    print(f"  peak PSS of the process tree (2 at once)   {memory.peak_total / 2**20:8.0f} MB")
    print(f"  largest single process (PSS)               {memory.peak_single / 2**20:8.0f} MB  ({memory.peak_single_name})")
    print(f"  the same with 20.000 budget rows           {big_memory.peak_total / 2**20:8.0f} MB total, "
          f"{big_memory.peak_single / 2**20:.0f} MB largest")
    print("Targets (docs/performance.md):")
    rows = [
        ("one report / F(chapters)", median["one report"] / F, "<= 1,5"),
        ("all reports / F(reports x chapters)", median["all reports"] / F_all, "<= 1,5"),
        ("no-op rebuild, command (s)", median["no-op rebuild (lkjip build command)"], "< 1"),
        ("largest process (MB)", memory.peak_single / 2**20, "<= 250"),
        ("process tree PSS, 2 chapters at once (MB)", memory.peak_total / 2**20, "<= 500"),
        ("20.000 budget rows / normal report", median["one report, 20.000 budget rows"] / median["one report"], "<= 1,5"),
    ]
    if args.scale:
        per_report_scale = median["scale: all synthetic reports"] / args.scale
        per_report_two = median["all reports"] / reports
        rows.append((f"per report, {args.scale} reports / {reports} reports",
                     per_report_scale / per_report_two, "<= 1,2"))
    for name, value, target in rows:
        print(f"  {name:<46} {value:7.2f}   target {target}")
    print(f"  (floor F(chapters) one after another: {median['F(chapters) one after another']:.2f} s; "
          f"one report one chapter at a time: {median['one report, one chapter at a time']:.2f} s)")
    if with_quarto:
        return quarto_report(args.repeat, jobs)
    return 0


def quarto_report(repeat: int, jobs: int) -> int:
    say = lambda message: print(message, file=sys.stderr, flush=True)  # noqa: E731
    with tempfile.TemporaryDirectory(prefix="lkjip-benchmark-quarto-") as tmp:
        tmp = Path(tmp)
        project = copy_project(tmp / "proyek", [f"{LARGEST}.yml"])
        times = quarto_parts(project, tmp, repeat, jobs, say)
    median = {name: statistics.median(values) for name, values in times.items()}
    print(f"Machine: {machine()}; load average {' '.join(f'{x:.1f}' for x in os.getloadavg())} at the end")
    print(f"Quarto ({shutil.which('quarto')}), {LARGEST}, {jobs} chapters at once; medians of the runs")
    for name, values in times.items():
        print(f"  {name:<46} {median[name]:8.2f} s  ({len(values)} runs)")
    ratio = median["full build with Quarto, largest report"] / median["Quarto floor: trivial book, all formats"]
    print("Targets (docs/performance.md):")
    print(f"  {'full build / Quarto floor':<46} {ratio:7.2f}   target <= 2")
    print(f"  {'preview, narrative edit (s)':<46} {median['preview: narrative edit shown']:7.2f}   target <= 3")
    print(f"  {'preview, data edit (s)':<46} {median['preview: data edit shown']:7.2f}   target <= 6")
    return 0


if __name__ == "__main__":
    sys.exit(main())
