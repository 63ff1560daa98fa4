"""Build a report: run every chapter notebook for one agency and year, then assemble the book.

Why it works this way:

* Each chapter runs in its own fresh kernel (papermill), so a chapter cannot depend on state
  left behind by another one; the first failure stops the build before anything is published.
* Everything is written into a private staging folder and swapped into ``build/<dinas>-<tahun>/``
  only when every step succeeded, so a failed run leaves the last good report untouched.
* Quarto renders the book from the *executed* notebooks with execution disabled: the numbers are
  computed exactly once, by papermill, with the interpreter that runs the build.
* Without Quarto a plain HTML preview is written instead, so the figures can still be checked.
"""
from __future__ import annotations

import json
import shutil
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Callable

import yaml

from .buku import (TEMPLATE_FILE, book_chapters, copy_resources, read_agency,
                   read_book_template, render_with_quarto, report_book_config)
from .eksekusi import _chapter_failure, check_chapter_notebook, notebook_environment, run_chapter
from .exceptions import BuildError, DataError, ParamsError
from .params import Params, load_params
from .pratinjau import write_preview
from .situs import BUILD_INFO, write_build_index
from .terbit import shown, swap_into_place

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
    """One executed chapter: its notebook file name and how long papermill took."""

    file: str
    seconds: float


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


def _check_inputs(params: Params, root: Path, say: Progress) -> None:
    """Validate the data and the narrative before any chapter runs: a DataError or NarasiError
    here names file, row and column, where a failure inside a notebook could only name a cell.
    Stale numbers in the narrative are warnings, not failures: the analyst decides."""
    from .narasi import cek_basi
    from .periksa import buka_dari_params, periksa_narasi

    lap = buka_dari_params(params, root)
    periksa_narasi(lap, root / params.narasi_dir)
    for item in cek_basi(lap, root / params.narasi_dir):
        say(f"  peringatan: {item}")


def build_report(
    params_path: str | Path,
    root: str | Path = ".",
    *,
    quarto: str | Path | bool | None = None,
    progress: Progress | None = print,
    render: bool = True,
    out_dir: str | Path | None = None,
) -> BuildResult:
    """Build one report into ``<out_dir>/<dinas>-<tahun>/`` (``out_dir`` defaults to root/build).

    ``quarto``: None looks for ``quarto`` on PATH, a path uses that executable, False never uses
    Quarto (HTML preview instead). ``render=False`` only executes the notebooks (benchmarks).
    ``progress`` receives one line per step; pass None for silence.
    Raises BuildError (or ParamsError/DataError) with a message meant for the user; on any
    failure the previous report folder is left exactly as it was.
    """
    say = progress or (lambda message: None)
    started = time.perf_counter()
    root = Path(root).resolve()
    params_path = Path(params_path)
    if not params_path.is_absolute() and not params_path.exists() and (root / params_path).exists():
        params_path = root / params_path
    params = load_params(params_path)
    template = read_book_template(root)
    chapters = book_chapters(root, template)
    for chapter in chapters:
        check_chapter_notebook(chapter.source)
    agency = read_agency(params, root)
    _check_inputs(params, root, say)
    quarto_exe = _find_quarto(quarto) if render else None

    out_dir = Path(out_dir).resolve() if out_dir is not None else root / "build"
    out_dir.mkdir(parents=True, exist_ok=True)
    report = params.nama_laporan
    final = out_dir / report
    failed_dir = out_dir / "failed" / report
    staging = Path(tempfile.mkdtemp(prefix=f".staging-{report}-", dir=out_dir))
    parameters = params.as_notebook_parameters(root) | {"output_dir": str(staging)}

    say(f"Membangun {report} ({len(chapters)} bab) ...")
    runs: list[ChapterRun] = []
    try:
        with notebook_environment(root, out_dir / ".kernel") as kernel_name:
            for number, chapter in enumerate(chapters, start=1):
                target = staging / chapter.file
                chapter_started = time.perf_counter()
                try:
                    seconds = run_chapter(chapter.source, target, parameters, kernel_name)
                except Exception as exc:  # any failure of a chapter ends the build here
                    seconds = time.perf_counter() - chapter_started
                    say(f"  [{number}/{len(chapters)}] {chapter.file}: GAGAL setelah {seconds:.1f} dtk")
                    kept = None
                    if target.is_file():
                        shutil.rmtree(failed_dir, ignore_errors=True)
                        failed_dir.mkdir(parents=True)
                        kept = failed_dir / chapter.file
                        shutil.copy2(target, kept)
                    raise _chapter_failure(chapter, exc, kept, final) from None
                runs.append(ChapterRun(chapter.file, seconds))
                say(f"  [{number}/{len(chapters)}] {chapter.file}: {seconds:.1f} dtk")

            # Every chapter ran: only now is the book assembled.
            config = report_book_config(template, params, agency)
            (staging / TEMPLATE_FILE).write_text(
                "# Dibuat oleh lkjip build dari _quarto.yml di akar proyek; jangan disunting.\n"
                + yaml.safe_dump(config, allow_unicode=True, sort_keys=False),
                encoding="utf-8",
            )
            copy_resources(chapters, staging)
            mode, entry = "none", None
            if quarto_exe is not None:
                say(f"  quarto render ({quarto_exe}) ...")
                render_started = time.perf_counter()
                try:
                    entry = render_with_quarto(quarto_exe, staging)
                except BuildError as exc:
                    shutil.rmtree(failed_dir, ignore_errors=True)
                    failed_dir.mkdir(parents=True)
                    shutil.copy2(staging / "quarto.log", failed_dir / "quarto.log")
                    raise BuildError(
                        f"{exc}\nLog lengkap: {shown(failed_dir / 'quarto.log')}\n"
                        f"Keluaran sebelumnya di {shown(final)} tidak diubah."
                    ) from None
                mode = "book"
                say(f"  quarto render: {time.perf_counter() - render_started:.1f} dtk")
            elif render:
                entry = write_preview(staging, chapters, f"{config['book']['title']} — {agency.nama}")
                mode = "preview"
                if quarto is None:  # looked for on PATH and not found, rather than declined
                    say(QUARTO_HELP)

        info = {
            "report": report,
            "dinas": params.dinas,
            "tahun": params.tahun,
            "nama": agency.nama,
            "built_at": datetime.now().astimezone().isoformat(timespec="seconds"),
            "mode": mode,
            "entry": str(entry.relative_to(staging)) if entry else None,
            "chapters": [{"file": r.file, "seconds": round(r.seconds, 2)} for r in runs],
        }
        (staging / BUILD_INFO).write_text(json.dumps(info, indent=2, ensure_ascii=False), encoding="utf-8")
        swap_into_place(staging, final)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)

    shutil.rmtree(failed_dir, ignore_errors=True)
    write_build_index(out_dir)
    entry_final = final / info["entry"] if info["entry"] else None
    seconds = time.perf_counter() - started
    say(f"Selesai {report} dalam {seconds:.1f} dtk: {shown(entry_final or final)}")
    return BuildResult(report, final, mode, entry_final, tuple(runs), seconds)


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
) -> list[BuildResult]:
    """Build every ``params/*.yml``. A failing report does not stop the others (each keeps its
    previous output); a BuildError listing every failure is raised at the end."""
    results, failures = [], []
    for path in params_files(root):
        try:
            results.append(build_report(path, root, quarto=quarto, progress=progress,
                                        render=render, out_dir=out_dir))
        except (BuildError, DataError, ParamsError) as exc:
            failures.append(f"{path.name}:\n{exc}")
            if progress:
                progress(f"GAGAL {path.name}")
    if failures:
        raise BuildError(f"{len(failures)} dari {len(failures) + len(results)} laporan gagal.\n\n"
                         + "\n\n".join(failures))
    return results
