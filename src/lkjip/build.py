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
"""
from __future__ import annotations

import dataclasses
import json
import os
import shutil
import threading
import time
from contextlib import ExitStack
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Callable

import yaml

from .buku import (TEMPLATE_FILE, Agency, Chapter, book_chapters, copy_resources, read_agency,
                   read_book_template, render_with_quarto, report_book_config)
from .eksekusi import (ChapterJob, ChapterOutcome, ChapterPool, _chapter_failure, check_chapter_notebook,
                       notebook_environment, wait_for_report)
from .exceptions import BuildError, LkjipError, ParamsError
from .params import Params, load_params
from .sidik import (ChapterPrint, ReportPrint, book_fingerprint, narrative_state, notebook_fingerprint,
                    read_previous, read_trace, reusable_chapter, shared_fingerprint)
from .situs import BUILD_INFO, key_figures, write_build_index
from .snapshot import SNAPSHOT_FOLDER
from .terbit import (buat_staging, bersihkan_sisa, kunci_laporan, pastikan_di_dalam, pesan_os, pulihkan,
                     shown, swap_into_place)

__all__ = ["BuildResult", "ChapterRun", "build_all", "build_report", "params_files"]

Progress = Callable[[str], None]

QUARTO_HELP = (
    "Quarto tidak ditemukan di PATH, jadi dibuat pratinjau HTML per bab (tanpa PDF dan DOCX).\n"
    "Untuk buku lengkap (HTML, PDF lewat Typst, DOCX), pasang Quarto lalu jalankan ulang:\n"
    "  - dengan conda:  conda env create -f environment.yml && conda activate lkjip\n"
    "  - atau pemasang resmi Quarto: https://quarto.org/docs/get-started/"
)


@dataclass(frozen=True)
class ChapterRun:
    """One chapter of a build: its notebook file name, how long papermill took (when it last
    ran, for a reused chapter), and whether the previous build's executed notebook was reused
    (its inputs had not changed)."""

    file: str
    seconds: float
    reused: bool = False


@dataclass(frozen=True)
class BuildResult:
    """What a successful build produced."""

    report: str
    folder: Path
    #: ``"book"`` (rendered by Quarto), ``"preview"`` (nbconvert HTML) or ``"none"`` (not rendered).
    mode: str
    #: The page to open, or None when nothing was rendered.
    entry: Path | None
    chapters: tuple[ChapterRun, ...]
    seconds: float
    #: True when nothing had changed and the published report was left as it was.
    unchanged: bool = False


def _find_quarto(quarto: str | Path | bool | None) -> Path | None:
    if quarto is False:
        return None
    if quarto is None or quarto is True:
        found = shutil.which("quarto")
        return Path(found) if found else None
    path = Path(quarto)
    if not path.is_file():
        raise BuildError(f"Quarto tidak ditemukan di {path}.")
    return path


def _check_inputs(params: Params, root: Path, say: Progress):
    """Read and validate the data and the narrative once, before any chapter runs: a DataError or
    NarasiError here names file, row and column, where a failure inside a notebook could only name
    a cell. Returns the snapshot every chapter will read (so all read the same numbers) and its
    report. Stale numbers in the narrative are warnings, not failures: the analyst decides."""
    from .narasi import cek_basi
    from .periksa import periksa_laporan

    snap, lap = periksa_laporan(params, root)
    for item in cek_basi(lap, root / params.narasi_dir):
        say(f"  peringatan: {item}")
    return snap, lap


#: Hidden folder inside the staging folder: each chapter's own outputs and narrative trace.
WORK_FOLDER = ".kerja"
#: build/index.html is rewritten by every build; builds in threads of one process take turns.
_index_lock = threading.Lock()


@dataclass
class _Plan:
    """A report about to be built: everything decided before any kernel starts."""

    params_file: Path
    params: Params
    root: Path
    out_dir: Path
    template: dict
    chapters: list[Chapter]
    agency: Agency
    quarto: str | Path | bool | None
    quarto_exe: Path | None
    render: bool
    staging: Path
    fingerprint: ReportPrint
    reused: dict[str, ChapterPrint]
    started: float
    #: Seconds each chapter took when it last ran (from build.json), to start the longest first.
    previous_seconds: dict[str, float] = field(default_factory=dict)
    jobs: list[ChapterJob] = field(default_factory=list)
    #: The year's key figures for the site index (situs.key_figures).
    angka_kunci: dict = field(default_factory=dict)
    #: ``Snapshot.hash`` of the validated inputs every chapter reads.
    snapshot_hash: str = ""
    #: Holds the report's lock (``terbit.kunci_laporan``) from staging until the plan is discarded.
    kunci: ExitStack = field(default_factory=ExitStack)

    @property
    def report(self) -> str:
        return self.params.nama_laporan

    @property
    def final(self) -> Path:
        return self.out_dir / self.report

    @property
    def failed_dir(self) -> Path:
        return self.out_dir / "failed" / self.report


def _render_kind(render: bool, quarto_exe: Path | None) -> str:
    return f"book:{quarto_exe}" if quarto_exe else ("preview" if render else "none")


def _prepare(params_path: str | Path, root: Path, out_dir: Path, *, quarto, render: bool, paksa: bool,
             say: Progress, started: float) -> _Plan | BuildResult:
    """Read params and template, compare fingerprints with the published report, and either
    return the published report (nothing changed) or validate the inputs and plan the chapters."""
    params_path = Path(params_path)
    if not params_path.is_absolute() and not params_path.exists() and (root / params_path).exists():
        params_path = root / params_path
    params = load_params(params_path, root)
    template = read_book_template(root)
    chapters = book_chapters(root, template)
    quarto_exe = _find_quarto(quarto) if render else None
    report = params.nama_laporan
    final = pastikan_di_dalam(out_dir / report, out_dir)
    pastikan_di_dalam(out_dir / "failed" / report, out_dir)

    fingerprint = ReportPrint(
        bersama=shared_fingerprint(root / params.data_dir / params.dinas, asdict(params)),
        buku=book_fingerprint(root / TEMPLATE_FILE, chapters, _render_kind(render, quarto_exe)),
    )
    notebooks = {c.file: notebook_fingerprint(c.source) if c.source.is_file() else "" for c in chapters}
    previous_info, previous = read_previous(final, BUILD_INFO)
    if paksa:
        previous = None
    reused = {}
    for chapter in chapters:
        record = reusable_chapter(previous, fingerprint.bersama, chapter.file, notebooks[chapter.file], final, root)
        if record is not None:
            reused[chapter.file] = record
    entry = final / previous_info["entry"] if previous_info.get("entry") else None
    if (previous is not None and len(reused) == len(chapters) and previous.buku == fingerprint.buku
            and list(previous.bab) == list(notebooks) and (entry is None or entry.is_file())):
        seconds = time.perf_counter() - started
        say(f"{report} tidak berubah (data, narasi, params, notebook dan paket sama): "
            f"{shown(entry or final)} ({seconds:.2f} dtk)")
        runs = tuple(ChapterRun(c["file"], c.get("seconds", 0.0), True) for c in previous_info.get("chapters", []))
        return BuildResult(report, final, previous_info.get("mode", "none"), entry, runs, seconds, unchanged=True)

    for chapter in chapters:
        check_chapter_notebook(chapter.source)
    agency = read_agency(params, root)
    snapshot, lap = _check_inputs(params, root, say)
    figures = key_figures(lap)

    # One build per report at a time; a swap a dead run left half done is finished or undone first.
    kunci, staging = ExitStack(), None
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        kunci.enter_context(kunci_laporan(out_dir, report, say))
        pulihkan(final, say)
        bersihkan_sisa(out_dir, report, say)
        staging = buat_staging(out_dir, report)
        # chapters read this snapshot, with the report validation computed, never data/ again
        dataclasses.replace(snapshot, laporan=lap).simpan(staging / SNAPSHOT_FOLDER)
        previous_seconds = {c["file"]: float(c.get("seconds") or 0) for c in previous_info.get("chapters", [])}
        plan = _Plan(params_path, params, root, out_dir, template, chapters, agency, quarto, quarto_exe, render,
                     staging, fingerprint, reused, started, previous_seconds, angka_kunci=figures, kunci=kunci,
                     snapshot_hash=snapshot.hash)
        # every chapter reads the snapshot, never data/ or narasi/ again
        snapshot_dir = str(staging / SNAPSHOT_FOLDER)
        parameters = params.as_notebook_parameters(root) | {"data_dir": snapshot_dir, "narasi_dir": snapshot_dir}
        for chapter in chapters:
            fingerprint.bab[chapter.file] = reused.get(chapter.file) or ChapterPrint(notebooks[chapter.file])
            if chapter.file not in reused:
                work = staging / WORK_FOLDER / chapter.source.stem
                plan.jobs.append(ChapterJob(report, chapter, staging / chapter.file, work / "keluaran",
                                            work / "narasi.txt", parameters))
        # Longest first (as the last build measured them; new chapters before all): the report
        # ends when its slowest chapter does, so that one must not start last.
        plan.jobs.sort(key=lambda job: -previous_seconds.get(job.chapter.file, float("inf")))
    except BaseException as exc:  # an OS error, or Ctrl-C/SIGTERM while the staging folder is set up
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
        kunci.close()
        if isinstance(exc, OSError):
            raise BuildError(pesan_os(exc, f"Tidak dapat menyiapkan folder build untuk {report}", out_dir)
                             + f"\nKeluaran sebelumnya di {shown(final)} tidak diubah.") from None
        raise
    return plan


def _submit(plan: _Plan, pool: ChapterPool, say: Progress, prefix: str = "") -> list:
    """Queue the chapters that must run; say which ones are reused."""
    say(f"Membangun {plan.report} ({len(plan.chapters)} bab, {len(plan.jobs)} dijalankan, "
        f"{len(plan.reused)} dipakai ulang, {pool.jobs} sekaligus) ...")
    numbers = {chapter.file: number for number, chapter in enumerate(plan.chapters, start=1)}
    total = len(plan.chapters)
    for file in plan.reused:
        say(f"  [{numbers[file]}/{total}] {prefix}{file}: tidak berubah, dipakai ulang")
    return [pool.submit(job, f"[{numbers[job.chapter.file]}/{total}] {prefix}{job.chapter.file}")
            for job in plan.jobs]


def _collect_outputs(plan: _Plan, outcomes: list[ChapterOutcome]) -> list[ChapterRun]:
    """Bring every chapter's outputs into the staging folder: the executed chapters' from their
    own folders (recording what each wrote and which narrative files it looked for), the reused
    chapters' from the published report."""
    staging, root = plan.staging, plan.root
    seconds = {outcome.job.chapter.file: outcome.seconds for outcome in outcomes}
    for outcome in outcomes:
        job = outcome.job
        written = []
        for path in sorted(p for p in job.output_dir.rglob("*") if p.is_file()):
            relative = path.relative_to(job.output_dir)
            (staging / relative).parent.mkdir(parents=True, exist_ok=True)
            os.replace(path, staging / relative)
            written.append(relative.as_posix())
        record = plan.fingerprint.bab[job.chapter.file]
        record.keluaran = written
        looked_for = read_trace(job.trace, root, Path(job.parameters["narasi_dir"]),
                                root / plan.params.narasi_dir)
        record.narasi = narrative_state(looked_for, root)
    for file, record in plan.reused.items():
        for name in (file, *record.keluaran):
            (staging / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(plan.final / name, staging / name)
    shutil.rmtree(staging / WORK_FOLDER, ignore_errors=True)
    return [ChapterRun(c.file, seconds.get(c.file, plan.previous_seconds.get(c.file, 0.0)), c.file in plan.reused)
            for c in plan.chapters]


def _finish(plan: _Plan, outcomes: list[ChapterOutcome], say: Progress) -> BuildResult:
    """Publish the report when every chapter ran: assemble, render, swap into place. On a
    failure the first failing chapter (in book order) is named and nothing is published."""
    staging, final, failed_dir = plan.staging, plan.final, plan.failed_dir
    try:
        failures = [outcome for outcome in outcomes if outcome.error is not None]
        if failures:
            failed = failures[0]
            if isinstance(failed.error, OSError) and not isinstance(failed.error, TimeoutError):
                # a full disk or a read-only folder, not the chapter's code (a cell over its time
                # limit is a TimeoutError, an OSError too: that one is the chapter's)
                raise failed.error
            kept = None
            if failed.job.target.is_file():
                shutil.rmtree(failed_dir, ignore_errors=True)
                failed_dir.mkdir(parents=True)
                kept = failed_dir / failed.job.chapter.file
                shutil.copy2(failed.job.target, kept)
            raise _chapter_failure(failed.job.chapter, failed.error, kept, final) from None
        runs = _collect_outputs(plan, outcomes)

        # Every chapter ran: only now is the book assembled.
        config = report_book_config(plan.template, plan.params, plan.agency)
        (staging / TEMPLATE_FILE).write_text(
            "# Dibuat oleh lkjip build dari _quarto.yml di akar proyek; jangan disunting.\n"
            + yaml.safe_dump(config, allow_unicode=True, sort_keys=False),
            encoding="utf-8",
        )
        copy_resources(plan.chapters, staging)
        mode, entry = "none", None
        if plan.quarto_exe is not None:
            say(f"  {plan.report}: quarto render ({plan.quarto_exe}) ...")
            render_started = time.perf_counter()
            try:
                entry = render_with_quarto(plan.quarto_exe, staging)
            except BuildError as exc:
                shutil.rmtree(failed_dir, ignore_errors=True)
                failed_dir.mkdir(parents=True)
                shutil.copy2(staging / "quarto.log", failed_dir / "quarto.log")
                raise BuildError(
                    f"{exc}\nLog lengkap: {shown(failed_dir / 'quarto.log')}\n"
                    f"Keluaran sebelumnya di {shown(final)} tidak diubah."
                ) from None
            mode = "book"
            say(f"  {plan.report}: quarto render {time.perf_counter() - render_started:.1f} dtk")
        elif plan.render:
            from .pratinjau import write_preview  # Pandoc and nbformat: needed here only

            entry = write_preview(staging, plan.chapters, f"{config['book']['title']} — {plan.agency.nama}")
            mode = "preview"
            if plan.quarto is None:  # looked for on PATH and not found, rather than declined
                say(QUARTO_HELP)

        info = {
            "report": plan.report,
            "dinas": plan.params.dinas,
            "tahun": plan.params.tahun,
            "nama": plan.agency.nama,
            "built_at": datetime.now().astimezone().isoformat(timespec="seconds"),
            "mode": mode,
            "entry": str(entry.relative_to(staging)) if entry else None,
            "chapters": [{"file": r.file, "seconds": round(r.seconds, 2), "reused": r.reused} for r in runs],
            "sidik": plan.fingerprint.as_json(),
            "angka_kunci": plan.angka_kunci,
            "snapshot": plan.snapshot_hash,
        }
        (staging / BUILD_INFO).write_text(json.dumps(info, indent=2, ensure_ascii=False), encoding="utf-8")
        swap_into_place(staging, final)
    except OSError as exc:
        raise BuildError(pesan_os(exc, f"Membangun {plan.report} gagal", plan.out_dir) +
                         f"\nKeluaran sebelumnya di {shown(final)} tidak diubah.") from None
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)

    shutil.rmtree(failed_dir, ignore_errors=True)
    try:
        with _index_lock:
            write_build_index(plan.out_dir)
    except OSError as exc:  # the report is published; only the list of reports is stale
        say(f"  peringatan: {pesan_os(exc, 'Daftar laporan build/index.html tidak diperbarui', plan.out_dir)}")
    entry_final = final / info["entry"] if info["entry"] else None
    seconds = time.perf_counter() - plan.started
    say(f"Selesai {plan.report} dalam {seconds:.1f} dtk: {shown(entry_final or final)}")
    return BuildResult(plan.report, final, mode, entry_final, tuple(runs), seconds)


def _discard(plan: _Plan) -> None:
    try:
        shutil.rmtree(plan.staging, ignore_errors=True)
    finally:
        plan.kunci.close()


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
) -> BuildResult:
    """Build one report into ``<out_dir>/<dinas>-<tahun>/`` (``out_dir`` defaults to root/build).

    ``quarto``: None looks for ``quarto`` on PATH, a path uses that executable, False never uses
    Quarto (HTML preview instead). ``render=False`` only executes the notebooks (benchmarks).
    ``jobs``: chapters run at once (default: the machine's cores). ``paksa=True`` builds every
    chapter even when nothing changed; otherwise unchanged chapters are reused and an unchanged
    report is left as it is (``BuildResult.unchanged``).
    ``progress`` receives one line per step; pass None for silence.
    Raises BuildError (or ParamsError/DataError) with a message meant for the user; on any
    failure the previous report folder is left exactly as it was.
    """
    say = progress or (lambda message: None)
    started = time.perf_counter()
    root = Path(root).resolve()
    out_dir = Path(out_dir).resolve() if out_dir is not None else root / "build"
    plan = None
    try:  # from the moment _prepare made a staging folder, a signal anywhere leads to _discard
        plan = _prepare(params_path, root, out_dir, quarto=quarto, render=render, paksa=paksa, say=say,
                        started=started)
        if isinstance(plan, BuildResult):
            return plan
        with notebook_environment(root, out_dir / ".kernel") as kernel_name:  # Quarto needs it too
            with ChapterPool(jobs, kernel_name, say) as pool:
                outcomes = wait_for_report(_submit(plan, pool, say))
            return _finish(plan, outcomes, say)
    finally:
        if isinstance(plan, _Plan):
            _discard(plan)


def params_files(root: str | Path) -> list[Path]:
    """Every report's params file: ``params/*.yml`` under the root, sorted."""
    files = sorted((Path(root) / "params").glob("*.yml"))
    if not files:
        raise ParamsError(f"{Path(root) / 'params'}: tidak ada berkas params *.yml.")
    return files


def build_all(
    root: str | Path = ".",
    *,
    quarto: str | Path | bool | None = None,
    progress: Progress | None = print,
    render: bool = True,
    out_dir: str | Path | None = None,
    jobs: int | None = None,
    paksa: bool = False,
    scheduler: str | None = None,
) -> list[BuildResult]:
    """Build every ``params/*.yml``, all chapters of all reports in one pool of ``jobs``.

    A failing report does not stop the others (each keeps its previous output); a BuildError
    listing every failure is raised at the end. ``scheduler``: the address of a running Dask
    distributed scheduler (``tcp://host:8786``) to which each report is sent as one task
    instead (see docs/performance.md).
    """
    if scheduler:
        from .tersebar import build_all_on_dask
        return build_all_on_dask(scheduler, root, quarto=quarto, progress=progress, render=render,
                                 out_dir=out_dir, jobs=jobs, paksa=paksa)
    say = progress or (lambda message: None)
    root = Path(root).resolve()
    out_dir = Path(out_dir).resolve() if out_dir is not None else root / "build"
    results: list[BuildResult] = []
    failures: list[str] = []
    files = params_files(root)
    queued: list[tuple[_Plan, list]] = []

    def finish(plan: _Plan, futures: list) -> None:
        try:
            results.append(_finish(plan, wait_for_report(futures), say))
        except LkjipError as exc:
            failures.append(f"{plan.params_file.name}:\n{exc}")
            say(f"GAGAL {plan.report}")

    try:
        with notebook_environment(root, out_dir / ".kernel") as kernel_name, \
                ChapterPool(jobs, kernel_name, say) as pool:
            # Each report is validated and queued while the pool runs the ones before it; a
            # report whose chapters are all done is published at once, not after the last one.
            for path in files:
                try:
                    plan = _prepare(path, root, out_dir, quarto=quarto, render=render, paksa=paksa, say=say,
                                    started=time.perf_counter())
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
        for plan, _ in queued:
            _discard(plan)
    if failures:
        raise BuildError(f"{len(failures)} dari {len(files)} laporan gagal.\n\n" + "\n\n".join(failures))
    return results
