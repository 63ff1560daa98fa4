"""Before any kernel starts: read the params and the book template, compare fingerprints with the
published report, validate the inputs once, and set up the staging folder the chapters write into.

The result is a :class:`Plan` (everything decided about one report's build) or, when nothing the
report depends on changed, the published report as it is.
"""
from __future__ import annotations

import shutil
import time
from contextlib import ExitStack
from dataclasses import asdict, dataclass, field
from pathlib import Path

from lkjip.core.berkas import pastikan_di_dalam, pesan_os, pulihkan, shown
from lkjip.core.exceptions import BuildError
from lkjip.core.proyek import Proyek
from lkjip.inputs.params import Params, load_params
from lkjip.inputs.snapshot import SNAPSHOT_FOLDER
from lkjip.present.basi import cek_basi
from lkjip.publish.buku import SEMUA_FORMAT, TEMPLATE_FILE, Agency, Chapter, agency_from_profile, book_chapters, read_book_template
from lkjip.publish.situs import key_figures
from lkjip.run.eksekusi import NOTEBOOK_PARAMETERS, ChapterJob, check_chapter_notebook, declared_parameters
from lkjip.run.hasil import BuildResult, ChapterRun, Progress
from lkjip.run.periksa import periksa_laporan
from lkjip.run.sidik import (
    ChapterPrint,
    ReportPrint,
    book_fingerprint,
    notebook_fingerprint,
    read_previous,
    reusable_chapter,
    shared_fingerprint,
)
from lkjip.run.terbit import bersihkan_sisa, buat_staging, kunci_laporan, nama_staging

#: Hidden folder inside the staging folder: each chapter's own outputs and narrative trace.
WORK_FOLDER = ".kerja"


@dataclass
class Plan:
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
    fingerprint: ReportPrint
    reused: dict[str, ChapterPrint]
    started: float
    #: The run's private staging folder (``terbit.buat_staging``); None until it is made.
    staging: Path | None = None
    #: Seconds each chapter took when it last ran (from build.json), to start the longest first.
    previous_seconds: dict[str, float] = field(default_factory=dict)
    jobs: list[ChapterJob] = field(default_factory=list)
    #: The year's key figures for the site index (situs.key_figures).
    angka_kunci: dict = field(default_factory=dict)
    #: ``Snapshot.hash`` of the validated inputs every chapter reads.
    snapshot_hash: str = ""
    #: The book's formats to render (``lkjip build --format``): html, pdf, docx.
    formats: tuple[str, ...] = SEMUA_FORMAT
    #: The published report's formats and the hash of what each was rendered from (build.json).
    previous_formats: dict[str, str] = field(default_factory=dict)
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

    def buang(self) -> None:
        """Remove the staging folder and release the lock (the build failed or was stopped)."""
        try:
            if self.staging is not None:
                shutil.rmtree(self.staging, ignore_errors=True)
        finally:
            self.kunci.close()


@dataclass
class _Perbandingan:
    """The fingerprints of this build beside the published report's."""

    fingerprint: ReportPrint
    notebooks: dict[str, str]
    previous_info: dict
    reused: dict[str, ChapterPrint]
    unchanged: bool


def find_quarto(quarto: str | Path | bool | None) -> Path | None:
    """The Quarto to render with: None looks on PATH, a path is that executable, False is none."""
    if quarto is False:
        return None
    if quarto is None or quarto is True:
        found = shutil.which("quarto")
        return Path(found) if found else None
    path = Path(quarto)
    if not path.is_file():
        raise BuildError(f"Quarto tidak ditemukan di {path}.")
    return path


def _render_kind(render: bool, quarto_exe: Path | None) -> str:
    return f"book:{quarto_exe}" if quarto_exe else ("preview" if render else "none")


def _bandingkan(params: Params, root: Path, final: Path, chapters: list[Chapter], render_kind: str,
                paksa: bool, formats: tuple[str, ...] = SEMUA_FORMAT) -> _Perbandingan:
    """This build's fingerprints, the chapters whose published outputs can be reused, and whether
    the whole report is unchanged (then nothing is validated or run)."""
    fingerprint = ReportPrint(
        bersama=shared_fingerprint(root / params.data_dir / params.dinas, asdict(params)),
        buku=book_fingerprint(root / TEMPLATE_FILE, chapters, render_kind),
    )
    notebooks = {c.file: notebook_fingerprint(c.source) if c.source.is_file() else "" for c in chapters}
    previous_info, previous = read_previous(final)
    if paksa:
        previous = None
    reused = {}
    for chapter in chapters:
        record = reusable_chapter(previous, fingerprint.bersama, chapter.file, notebooks[chapter.file], final, root)
        if record is not None:
            reused[chapter.file] = record
    entry = final / previous_info["entry"] if previous_info.get("entry") else None
    unchanged = (previous is not None and len(reused) == len(chapters) and previous.buku == fingerprint.buku
                 and list(previous.bab) == list(notebooks) and (entry is None or entry.is_file())
                 and (not render_kind.startswith("book:") or set(formats) <= set(previous_info.get("format") or {})))
    return _Perbandingan(fingerprint, notebooks, previous_info, reused, unchanged)


def _tidak_berubah(report: str, final: Path, info: dict, say: Progress, started: float) -> BuildResult:
    entry = final / info["entry"] if info.get("entry") else None
    seconds = time.perf_counter() - started
    say(f"{report} tidak berubah (data, narasi, params, notebook dan paket sama): "
        f"{shown(entry or final)} ({seconds:.2f} dtk)")
    runs = tuple(ChapterRun(c["file"], c.get("seconds", 0.0), True) for c in info.get("chapters", []))
    return BuildResult(report, final, info.get("mode", "none"), entry, runs, seconds, unchanged=True)


def _periksa_masukan(params: Params, root: Path, say: Progress):
    """Read and validate the data and the narrative once, before any chapter runs: a DataError or
    NarasiError here names file, row and column, where a failure inside a notebook could only name
    a cell. Returns the snapshot every chapter will read (so all read the same numbers) and its
    report. Stale numbers in the narrative are warnings, not failures: the analyst decides."""
    snap, lap = periksa_laporan(params, root)
    for item in cek_basi(lap, root / params.narasi_dir):
        say(f"  peringatan: {item}")
    return snap, lap


def siapkan(params_path: str | Path, proyek: Proyek, out_dir: Path, *, quarto, render: bool, paksa: bool,
            say: Progress, started: float, terdaftar: list[Plan] | None = None,
            formats: tuple[str, ...] = SEMUA_FORMAT) -> Plan | BuildResult:
    """Read params and template, compare fingerprints with the published report, and either
    return the published report (nothing changed) or validate the inputs and plan the chapters.

    ``terdaftar``: the caller's list of plans to discard on the way out; the plan is put there
    before its lock or staging folder exist, so a signal at any instant leaves nothing behind."""
    root = proyek.root
    params_path = proyek.berkas_params(params_path)
    params = load_params(params_path, root)
    template = read_book_template(root)
    chapters = book_chapters(root, template)
    quarto_exe = find_quarto(quarto) if render else None
    report = params.nama_laporan
    final = pastikan_di_dalam(out_dir / report, out_dir)
    pastikan_di_dalam(out_dir / "failed" / report, out_dir)
    formats = tuple(f for f in SEMUA_FORMAT if f in formats)  # book order, each once
    banding = _bandingkan(params, root, final, chapters, _render_kind(render, quarto_exe), paksa, formats)
    if banding.unchanged:
        return _tidak_berubah(report, final, banding.previous_info, say, started)

    for chapter in chapters:
        check_chapter_notebook(chapter.source)
    snapshot, lap = _periksa_masukan(params, root, say)
    plan = Plan(params_path, params, root, out_dir, template, chapters,
                agency_from_profile(snapshot.data.profil, params.dinas, root / params.data_dir / params.dinas), quarto, quarto_exe, render,
                banding.fingerprint, banding.reused, started,
                previous_seconds={c["file"]: float(c.get("seconds") or 0)
                                  for c in banding.previous_info.get("chapters", [])},
                angka_kunci=key_figures(lap), snapshot_hash=snapshot.hash, formats=formats,
                previous_formats=dict(banding.previous_info.get("format") or {}) if not paksa else {})
    if terdaftar is not None:
        terdaftar.append(plan)
    _siapkan_staging(plan, snapshot, lap, banding.notebooks, say)
    return plan


def _siapkan_staging(plan: Plan, snapshot, lap, notebooks: dict[str, str], say: Progress) -> None:
    """Take the report's lock, recover a swap a dead run left half done, remove dead runs' staging
    folders, make this run's, write the snapshot into it and queue the chapters that must run."""
    report, out_dir = plan.report, plan.out_dir
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        plan.kunci.enter_context(kunci_laporan(out_dir, report, say))
        pulihkan(plan.final, say)
        bersihkan_sisa(out_dir, report, say)
        plan.staging = nama_staging(out_dir, report)  # known before it exists: buang() finds it
        buat_staging(plan.staging)
        # chapters read this snapshot, and the tables validation computed, never data/ again
        snapshot_dir = plan.staging / SNAPSHOT_FOLDER
        snapshot.simpan(snapshot_dir)
        lap.simpan(snapshot_dir, snapshot.hash)
        parameters = plan.params.as_notebook_parameters(plan.root) | {"data_dir": str(snapshot_dir),
                                                                      "narasi_dir": str(snapshot_dir)}
        for chapter in plan.chapters:
            plan.fingerprint.bab[chapter.file] = plan.reused.get(chapter.file) or ChapterPrint(notebooks[chapter.file])
            if chapter.file not in plan.reused:
                work = plan.staging / WORK_FOLDER / chapter.source.stem
                own = declared_parameters(chapter.source)
                plan.jobs.append(ChapterJob(report, chapter, plan.staging / chapter.file, work / "keluaran",
                                            work / "narasi.txt",
                                            {k: v for k, v in parameters.items() if k in NOTEBOOK_PARAMETERS or k in own}))
        # Longest first (as the last build measured them; new chapters before all): the report
        # ends when its slowest chapter does, so that one must not start last.
        plan.jobs.sort(key=lambda job: -plan.previous_seconds.get(job.chapter.file, float("inf")))
    except BaseException as exc:  # an OS error, or Ctrl-C/SIGTERM while the staging folder is set up
        plan.buang()
        if isinstance(exc, OSError):
            raise BuildError(pesan_os(exc, f"Tidak dapat menyiapkan folder build untuk {report}", out_dir)
                             + f"\nKeluaran sebelumnya di {shown(plan.final)} tidak diubah.") from None
        raise
