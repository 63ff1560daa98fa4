"""Build a report: run every chapter notebook for one agency and year, then assemble the book.

Why it works this way:

* Each chapter runs in its own fresh kernel (papermill), so a chapter cannot depend on state
  left behind by another one. Chapters run side by side (``jobs`` at a time, one pool for every
  report of ``build_all``); the first failure stops the build before anything is published.
* A chapter whose inputs did not change since the published build is reused, and a report with
  nothing changed is not built at all (``sidik``: fingerprints in ``build.json``).
* Everything is written into a private staging folder and swapped into ``build/<dinas>-<tahun>/``
  only when every step succeeded, so a failed run leaves the last good report untouched.
* Quarto renders the book from the *executed* notebooks with execution disabled: the numbers are
  computed exactly once, by papermill, with the interpreter that runs the build.
* Without Quarto a plain HTML preview is written instead, so the figures can still be checked.

The steps live in their own modules: :mod:`~lkjip.run.persiapan` (before any kernel starts),
:mod:`~lkjip.run.eksekusi` (the kernels), :mod:`~lkjip.run.penyelesaian` (after the last one).
Building on a Dask cluster instead is :mod:`~lkjip.run.tersebar`'s; the command line chooses.
"""
from __future__ import annotations

import time
from pathlib import Path

from lkjip.core.exceptions import BuildError, LkjipError
from lkjip.core.proyek import Proyek
from lkjip.inputs.params import params_files
from lkjip.publish.buku import SEMUA_FORMAT
from lkjip.run.eksekusi import ChapterPool, notebook_environment, wait_for_report
from lkjip.run.hasil import BuildResult, ChapterRun, Progress, diam, ringkasan_gagal
from lkjip.run.penyelesaian import selesaikan
from lkjip.run.persiapan import Plan, siapkan

__all__ = ["BuildResult", "ChapterRun", "build_all", "build_report"]


def _submit(plan: Plan, pool: ChapterPool, say: Progress, prefix: str = "") -> list:
    """Queue the chapters that must run; say which ones are reused."""
    say(f"Membangun {plan.report} ({len(plan.chapters)} bab, {len(plan.jobs)} dijalankan, "
        f"{len(plan.reused)} dipakai ulang, {pool.jobs} sekaligus) ...")
    numbers = {chapter.file: number for number, chapter in enumerate(plan.chapters, start=1)}
    total = len(plan.chapters)
    for file in plan.reused:
        say(f"  [{numbers[file]}/{total}] {prefix}{file}: tidak berubah, dipakai ulang")
    return [pool.submit(job, f"[{numbers[job.chapter.file]}/{total}] {prefix}{job.chapter.file}")
            for job in plan.jobs]


def build_report(
    params_path: str | Path,
    root: str | Path = ".",
    *,
    quarto: str | Path | bool | None = None,
    progress: Progress | None = print,
    render: bool = True,
    out_dir: str | Path | None = None,
    jobs: int | None = None,
    paksa: bool = False,
    formats: tuple[str, ...] = SEMUA_FORMAT,
) -> BuildResult:
    """Build one report into ``<out_dir>/<dinas>-<tahun>/`` (``out_dir`` defaults to root/build).

    ``quarto``: None looks for ``quarto`` on PATH, a path uses that executable, False never uses
    Quarto (HTML preview instead). ``render=False`` only executes the notebooks (benchmarks).
    ``jobs``: chapters run at once (default: the machine's cores). ``paksa=True`` builds every
    chapter even when nothing changed; otherwise unchanged chapters are reused and an unchanged
    report is left as it is (``BuildResult.unchanged``). ``formats``: the book's formats to render
    with Quarto (html, pdf, docx; default all); one not asked for is kept from the published
    report while it is current, and left out otherwise.
    ``progress`` receives one line per step; pass None for silence.
    Raises BuildError (or ParamsError/DataError) with a message meant for the user; on any
    failure the previous report folder is left exactly as it was.
    """
    say = diam(progress)
    started = time.perf_counter()
    proyek = Proyek.di(root)
    out = proyek.keluaran(out_dir)
    plans: list[Plan] = []
    try:  # from the moment siapkan registers the plan, a signal anywhere leads to Plan.buang
        plan = siapkan(params_path, proyek, out, quarto=quarto, render=render, paksa=paksa, say=say,
                       started=started, terdaftar=plans, formats=formats)
        if isinstance(plan, BuildResult):
            return plan
        with notebook_environment(proyek.root, out / ".kernel") as kernel_name:  # Quarto needs it too
            with ChapterPool(jobs, kernel_name, say) as pool:
                outcomes = wait_for_report(_submit(plan, pool, say))
            return selesaikan(plan, outcomes, say)
    finally:
        for plan in plans:
            plan.buang()


def build_all(
    root: str | Path = ".",
    *,
    quarto: str | Path | bool | None = None,
    progress: Progress | None = print,
    render: bool = True,
    out_dir: str | Path | None = None,
    jobs: int | None = None,
    paksa: bool = False,
    formats: tuple[str, ...] = SEMUA_FORMAT,
) -> list[BuildResult]:
    """Build every ``params/*.yml``, all chapters of all reports in one pool of ``jobs``.

    A failing report does not stop the others (each keeps its previous output); a BuildError
    listing every failure is raised at the end. Each report is validated and queued while the
    pool runs the ones before it; a report whose chapters are all done is published at once,
    not after the last one.
    """
    say = diam(progress)
    proyek = Proyek.di(root)
    out = proyek.keluaran(out_dir)
    results: list[BuildResult] = []
    failures: list[str] = []
    files = params_files(proyek.root)
    queued: list[tuple[Plan, list]] = []
    plans: list[Plan] = []  # every plan made, published or not: each is discarded on the way out

    def finish(plan: Plan, futures: list) -> None:
        try:
            results.append(selesaikan(plan, wait_for_report(futures), say))
        except LkjipError as exc:
            failures.append(f"{plan.params_file.name}:\n{exc}")
            say(f"GAGAL {plan.report}")
        finally:
            plan.buang()
            plans.remove(plan)

    try:
        with notebook_environment(proyek.root, out / ".kernel") as kernel_name, \
                ChapterPool(jobs, kernel_name, say) as pool:
            for path in files:
                try:
                    plan = siapkan(path, proyek, out, quarto=quarto, render=render, paksa=paksa, say=say,
                                   started=time.perf_counter(), terdaftar=plans, formats=formats)
                except LkjipError as exc:
                    failures.append(f"{path.name}:\n{exc}")
                    say(f"GAGAL {path.name}")
                    continue
                if isinstance(plan, BuildResult):
                    results.append(plan)
                    continue
                queued.append((plan, _submit(plan, pool, say, prefix=f"{plan.report} ")))
                while queued and all(future.done() for future in queued[0][1]):
                    finish(*queued.pop(0))
            while queued:
                finish(*queued.pop(0))
    finally:
        for plan in plans:
            plan.buang()
    if render:  # the public site of every book now built (docs/situs.md)
        from lkjip.publish.situs_publik import tulis_situs
        try:
            say(f"Situs publik ditulis: {tulis_situs(out)}")
        except OSError as exc:
            say(f"  peringatan: situs publik tidak ditulis: {exc}")
    if failures:
        raise BuildError(ringkasan_gagal(failures, len(files)))
    return results
