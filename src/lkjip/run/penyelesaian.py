"""After every chapter ran: name the first failure, or bring the chapters' outputs together,
assemble and render the book, record ``build.json`` and swap the report into place.

Nothing is published unless every step succeeded; on a failure the previous report is untouched
and the failing chapter's notebook (or Quarto's log) is kept under ``build/failed/<report>/``.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import threading
import time
from pathlib import Path

import yaml

from lkjip.core.berkas import pesan_os, shown, swap_into_place
from lkjip.core.exceptions import BuildError
from lkjip.inputs.berkas_narasi import baca_jejak
from lkjip.publish.buku import (
    SEMUA_FORMAT,
    TEMPLATE_FILE,
    bab_buku,
    berkas_format,
    copy_resources,
    halaman_depan,
    render_with_quarto,
    report_book_config,
    salin_logo,
)
from lkjip.publish.info import tulis_info
from lkjip.publish.situs import write_build_index
from lkjip.run.eksekusi import ChapterOutcome, chapter_failure
from lkjip.run.hasil import BuildResult, ChapterRun, Progress
from lkjip.run.persiapan import WORK_FOLDER, Plan
from lkjip.run.sidik import narrative_state

QUARTO_HELP = (
    "Quarto tidak ditemukan di PATH, jadi dibuat pratinjau HTML per bab (tanpa PDF dan DOCX).\n"
    "Untuk buku lengkap (HTML, PDF lewat Typst, DOCX), pasang Quarto lalu jalankan ulang:\n"
    "  - dengan conda:  conda env create -f environment.yml && conda activate lkjip\n"
    "  - atau pemasang resmi Quarto: https://quarto.org/docs/get-started/"
)
#: build/index.html is rewritten by every build; builds in threads of one process take turns.
_index_lock = threading.Lock()


def _simpan_gagal(plan: Plan, source: Path, name: str) -> Path:
    """Keep one file of a failed run under ``build/failed/<report>/`` for the user to read."""
    shutil.rmtree(plan.failed_dir, ignore_errors=True)
    plan.failed_dir.mkdir(parents=True)
    kept = plan.failed_dir / name
    shutil.copy2(source, kept)
    return kept


def _tolak_kegagalan(plan: Plan, outcomes: list[ChapterOutcome]) -> None:
    """Raise for the first failed chapter in book order, keeping its executed notebook."""
    failures = [outcome for outcome in outcomes if outcome.error is not None]
    if not failures:
        return
    failed = failures[0]
    if isinstance(failed.error, OSError) and not isinstance(failed.error, TimeoutError):
        # a full disk or a read-only folder, not the chapter's code (a cell over its time limit is
        # a TimeoutError, an OSError too: that one is the chapter's)
        raise failed.error
    kept = _simpan_gagal(plan, failed.job.target, failed.job.chapter.file) if failed.job.target.is_file() else None
    raise chapter_failure(failed.job.chapter, failed.error, kept, plan.final) from None


def _kumpulkan(plan: Plan, outcomes: list[ChapterOutcome]) -> list[ChapterRun]:
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
        looked_for = baca_jejak(job.trace, root, Path(job.parameters["narasi_dir"]), root / plan.params.narasi_dir)
        record.narasi = narrative_state(looked_for, root)
    for file, record in plan.reused.items():
        for name in (file, *record.keluaran):
            (staging / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(plan.final / name, staging / name)
    shutil.rmtree(staging / WORK_FOLDER, ignore_errors=True)
    return [ChapterRun(c.file, seconds.get(c.file, plan.previous_seconds.get(c.file, 0.0)), c.file in plan.reused)
            for c in plan.chapters]


def _sumber_format(plan: Plan) -> str:
    """What every format of the book is rendered from: each chapter's inputs and outputs as the
    fingerprint records them, the book assembly and the renderer. Equal hashes, equal output (the
    chapters are deterministic: reusing a chapter already relies on that)."""
    return hashlib.sha256(json.dumps(plan.fingerprint.as_json(), sort_keys=True).encode()).hexdigest()


def _format_disimpan(plan: Plan, downloads_before: list[str]) -> set[str]:
    """The formats whose published output is still current, so they are copied, not rendered: the
    PDF and the DOCX when rendered from the same source; the HTML pages too, and when they are asked
    for only if they offer the same downloads as they will now (a PDF newly rendered beside them is
    linked from them). Without Quarto there is nothing to keep."""
    if plan.quarto_exe is None:
        return set()
    book, current = plan.final / "_book", _sumber_format(plan)
    same = {f for f in SEMUA_FORMAT if plan.previous_formats.get(f) == current
            and ((book / "index.html").is_file() if f == "html" else berkas_format(book, f))}
    downloads = [f for f in ("pdf", "docx") if f in plan.formats or f in same]
    if "html" in same and "html" in plan.formats and downloads != downloads_before:
        same.discard("html")
    return same


def _rakit_buku(plan: Plan, formats: tuple[str, ...] = SEMUA_FORMAT) -> dict:
    """The report's own ``_quarto.yml`` and the files beside the notebooks, in the staging folder."""
    config = report_book_config(plan.template, plan.params, plan.agency, formats)
    (plan.staging / TEMPLATE_FILE).write_text(
        "# Dibuat oleh lkjip build dari _quarto.yml di akar proyek; jangan disunting.\n"
        + yaml.safe_dump(config, allow_unicode=True, sort_keys=False),
        encoding="utf-8",
    )
    copy_resources(plan.chapters, plan.staging)
    salin_logo(plan.agency, plan.staging)
    return config


def _render_reviu(plan: Plan, config: dict) -> None:
    """The Catatan Reviu as its own document beside the book (``_book/...-catatan-reviu.*``)."""
    from lkjip.publish.reviu import LOG, render_reviu

    reviu = next((c for c in plan.chapters if c.reviu), None)
    if reviu is None:
        return
    try:
        render_reviu(plan.quarto_exe, plan.staging, reviu.file, plan.report,
                     f"Catatan Reviu {config['book']['title']}", plan.agency.nama)
    except BuildError as exc:
        kept = _simpan_gagal(plan, plan.staging / LOG, LOG)
        raise BuildError(f"{exc}\nLog lengkap: {shown(kept)}\n"
                         f"Keluaran sebelumnya di {shown(plan.final)} tidak diubah.") from None


def _render(plan: Plan, config: dict, say: Progress, kept: set[str]) -> tuple[str, Path | None]:
    """Render the book with Quarto (the formats asked for; the current ones not asked for copied
    from the published report), or the HTML preview without it, or nothing (benchmarks): returns
    the mode and the entry page."""
    if plan.quarto_exe is not None:
        render = tuple(f for f in plan.formats if f not in kept)
        if render:
            say(f"  {plan.report}: quarto render {', '.join(render)} ({plan.quarto_exe}) ...")
            render_started = time.perf_counter()
            try:
                render_with_quarto(plan.quarto_exe, plan.staging, render)
            except BuildError as exc:
                log = _simpan_gagal(plan, plan.staging / "quarto.log", "quarto.log")
                raise BuildError(f"{exc}\nLog lengkap: {shown(log)}\n"
                                 f"Keluaran sebelumnya di {shown(plan.final)} tidak diubah.") from None
            say(f"  {plan.report}: quarto render {time.perf_counter() - render_started:.1f} dtk")
        book, published = plan.staging / "_book", plan.final / "_book"
        for format_ in kept:
            for path in berkas_format(published, format_):
                target = book / path.relative_to(published)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(path, target)
        if render:
            _render_reviu(plan, config)
        for format_ in SEMUA_FORMAT:
            if format_ in kept:
                say(f"  {plan.report}: {format_} tidak berubah sejak build lalu, dipakai ulang")
            elif format_ not in plan.formats and plan.previous_formats.get(format_):
                say(f"  {plan.report}: {format_} tidak diminta dan yang lama tidak sesuai lagi: tidak diterbitkan")
        return "book", halaman_depan(book)
    if plan.render:
        from lkjip.publish.pratinjau import write_preview  # Pandoc and nbformat: needed here only

        entry = write_preview(plan.staging, bab_buku(plan.chapters, plan.params),
                              f"{config['book']['title']} — {plan.agency.nama}",
                              terpisah=[c for c in plan.chapters if c.reviu and not plan.params.reviu_lampiran])
        if plan.quarto is None:  # looked for on PATH and not found, rather than declined
            say(QUARTO_HELP)
        return "preview", entry
    return "none", None


def _tulis_daftar(plan: Plan, say: Progress) -> None:
    try:
        with _index_lock:
            write_build_index(plan.out_dir)
    except OSError as exc:  # the report is published; only the list of reports is stale
        say(f"  peringatan: {pesan_os(exc, 'Daftar laporan build/index.html tidak diperbarui', plan.out_dir)}")


def selesaikan(plan: Plan, outcomes: list[ChapterOutcome], say: Progress) -> BuildResult:
    """Publish the report when every chapter ran: assemble, render, swap into place. On a
    failure the first failing chapter (in book order) is named and nothing is published."""
    staging, final = plan.staging, plan.final
    try:
        _tolak_kegagalan(plan, outcomes)
        runs = _kumpulkan(plan, outcomes)
        previous_downloads = list(plan.previous_formats.get("unduhan") or [])
        kept = _format_disimpan(plan, previous_downloads)
        present = tuple(f for f in SEMUA_FORMAT if f in plan.formats or f in kept)
        mode, entry = _render(plan, _rakit_buku(plan, present), say, kept)
        formats: dict = {}
        if mode == "book":
            formats = {f: _sumber_format(plan) for f in present}
            # what the HTML pages link to: the downloads of the render that made them
            formats["unduhan"] = (previous_downloads if "html" in kept
                                  else [f for f in ("pdf", "docx") if f in present])
        info = tulis_info(
            staging, report=plan.report, dinas=plan.params.dinas, tahun=plan.params.tahun, nama=plan.agency.nama,
            mode=mode, entry=str(entry.relative_to(staging)) if entry else None,
            chapters=[{"file": r.file, "seconds": round(r.seconds, 2), "reused": r.reused} for r in runs],
            sidik=plan.fingerprint.as_json(), angka_kunci=plan.angka_kunci, snapshot=plan.snapshot_hash,
            formats=formats)
        swap_into_place(staging, final)
    except OSError as exc:
        raise BuildError(pesan_os(exc, f"Membangun {plan.report} gagal", plan.out_dir) +
                         f"\nKeluaran sebelumnya di {shown(final)} tidak diubah.") from None
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)

    shutil.rmtree(plan.failed_dir, ignore_errors=True)
    _tulis_daftar(plan, say)
    entry_final = final / info["entry"] if info["entry"] else None
    seconds = time.perf_counter() - plan.started
    say(f"Selesai {plan.report} dalam {seconds:.1f} dtk: {shown(entry_final or final)}")
    return BuildResult(plan.report, final, mode, entry_final, tuple(runs), seconds)
