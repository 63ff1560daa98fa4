#!/usr/bin/env python3
"""How long do report builds take, against the least any build of this shape can take?

Times, each REPEAT times (median printed):
  * one report: `build_report` with papermill only (no Quarto, no preview);
  * all reports: `build_all`, the same way;
  * the floor: one bare papermill run of an empty parameterised notebook per chapter, in the
    same kind of kernel - what starting a fresh kernel per chapter costs by itself.
The ratios say how much of a build is the chapters' own work. Outputs go to a temporary
folder, so build/ is left alone. Not a test: run it by hand.

    .venv/bin/python scripts/benchmark.py [--params params/x.yml] [--repeat 3]
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import nbformat  # noqa: E402

from lkjip.build import book_chapters, build_all, build_report, params_files  # noqa: E402
from lkjip.eksekusi import NOTEBOOK_PARAMETERS, notebook_environment, run_chapter  # noqa: E402
from lkjip.params import load_params  # noqa: E402


def timed(action) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def floor_run(root: Path, params_path: Path, work: Path) -> None:
    """Papermill on an empty notebook holding only the parameters cell, once per chapter."""
    cell = nbformat.v4.new_code_cell("\n".join(f"{name} = None" for name in NOTEBOOK_PARAMETERS))
    cell.metadata["tags"] = ["parameters"]
    empty = work / "kosong.ipynb"
    nb = nbformat.v4.new_notebook(cells=[cell])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, empty)
    parameters = load_params(params_path).as_notebook_parameters(root) | {"output_dir": str(work)}
    with notebook_environment(root, work / ".kernel") as kernel_name:
        for chapter in book_chapters(root):
            run_chapter(empty, work / chapter.file, parameters, kernel_name)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", type=Path, default=ROOT)
    parser.add_argument("--params", type=Path, default=Path("params/kota-malang-dinsos-p3ap2kb-2023.yml"))
    parser.add_argument("--repeat", "-n", type=int, default=3)
    args = parser.parse_args(argv)
    root = args.root.resolve()
    params_path = args.params if args.params.is_absolute() else root / args.params
    reports = len(params_files(root))
    chapters = len(book_chapters(root))

    times: dict[str, list[float]] = {"one report": [], "all reports": [], "floor": []}
    with tempfile.TemporaryDirectory(prefix="lkjip-benchmark-") as tmp:
        out = Path(tmp)
        for round_ in range(1, args.repeat + 1):
            times["one report"].append(timed(lambda: build_report(
                params_path, root, render=False, progress=None, out_dir=out / "one")))
            times["all reports"].append(timed(lambda: build_all(
                root, render=False, progress=None, out_dir=out / "all")))
            work = out / f"floor-{round_}"
            work.mkdir()
            times["floor"].append(timed(lambda: floor_run(root, params_path, work)))
            print(f"round {round_}/{args.repeat}: " + ", ".join(f"{k} {v[-1]:.1f} s" for k, v in times.items()),
                  file=sys.stderr)

    median = {name: statistics.median(values) for name, values in times.items()}
    print(f"{chapters} chapters, {reports} reports, median of {args.repeat} runs (papermill only, no Quarto)")
    print(f"  one report   {median['one report']:7.1f} s")
    print(f"  all reports  {median['all reports']:7.1f} s")
    print(f"  floor        {median['floor']:7.1f} s  (empty parameterised notebook, once per chapter)")
    print(f"  one report / floor            {median['one report'] / median['floor']:5.2f}")
    print(f"  all reports / (floor x {reports})    {median['all reports'] / (median['floor'] * reports):5.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
