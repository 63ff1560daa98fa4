"""Executing chapter notebooks: each in its own fresh kernel (papermill), with this very
interpreter, so a chapter cannot depend on state left behind by another one.

Chapters are independent of each other (each reads the data and writes into its own output
folder), so they run concurrently: a pool of threads, each driving one papermill execution,
bounded by ``--jobs`` (default: the machine's cores). The kernels are separate processes; the
threads mostly wait for them. All reports of ``build --all`` share one pool.
"""
from __future__ import annotations

import importlib.util
import json
import os
import re
import sys
import tempfile
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterator

from lkjip.core.berkas import shown
from lkjip.core.exceptions import BuildError
from lkjip.inputs.berkas_narasi import JEJAK_NARASI_ENV
from lkjip.publish.buku import TEMPLATE_FILE, Chapter

#: Parameters every chapter notebook must declare in its cell tagged ``parameters``.
NOTEBOOK_PARAMETERS = ("dinas", "tahun", "data_dir", "narasi_dir", "output_dir")
#: Name of the kernel the chapters run in; the build points it at its own interpreter.
KERNEL_NAME = "python3"

#: Several builds may run in one process at once (threads of a Dask worker): the environment is
#: set by the first of them and restored by the last.
_environment_users = threading.Condition()
_environment_state: dict = {"count": 0, "saved": {}, "key": None}


@contextmanager
def notebook_environment(root: Path, kernel_dir: Path) -> Iterator[str]:
    """Make the chapters run with this very interpreter; yields the kernel name for papermill.

    A kernel named ``python3`` may be registered elsewhere (user folder, another venv) pointing
    at another Python without our dependencies. The build writes its own ``python3`` kernelspec
    whose command is ``sys.executable`` and puts it first on ``JUPYTER_PATH`` (which Jupyter
    searches before any other kernel folder). ``src/`` goes on ``PYTHONPATH`` so notebooks
    import this tree's ``lkjip``, and ``QUARTO_PYTHON`` makes Quarto use the same interpreter.
    Concurrent builds of the same project share the settings; one of another project waits.
    """
    if importlib.util.find_spec("ipykernel") is None:
        raise BuildError(
            f"ipykernel tidak terpasang untuk {sys.executable}. "
            "Jalankan 'make report' atau 'pip install -e .' di lingkungan ini."
        )
    key = (str(Path(root).resolve()), str(Path(kernel_dir).resolve()))
    with _environment_users:
        while _environment_state["key"] not in (None, key):
            _environment_users.wait()
        if _environment_state["count"] == 0:
            _environment_state["saved"] = _apply_environment(Path(root), Path(kernel_dir))
            _environment_state["key"] = key
        _environment_state["count"] += 1
    try:
        yield KERNEL_NAME
    finally:
        with _environment_users:
            _environment_state["count"] -= 1
            if _environment_state["count"] == 0:
                for name, value in _environment_state["saved"].items():
                    if value is None:
                        os.environ.pop(name, None)
                    else:
                        os.environ[name] = value
                _environment_state["key"] = None
                _environment_users.notify_all()


def _apply_environment(root: Path, kernel_dir: Path) -> dict[str, str | None]:
    """Write the kernelspec and set the variables; returns the previous values to restore."""
    spec_dir = kernel_dir / "kernels" / KERNEL_NAME
    spec_dir.mkdir(parents=True, exist_ok=True)
    spec = {
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Python 3 (lkjip build)",
        "language": "python",
        "metadata": {"debugger": False},
    }
    (spec_dir / "kernel.json").write_text(json.dumps(spec, indent=1), encoding="utf-8")

    def prepend(name: str, value: str) -> str:
        old = os.environ.get(name)
        return value if not old else value + os.pathsep + old

    updates = {
        "JUPYTER_PATH": prepend("JUPYTER_PATH", str(kernel_dir.resolve())),
        "PYTHONPATH": prepend("PYTHONPATH", str((root / "src").resolve())),
        "QUARTO_PYTHON": sys.executable,
        # ipykernel's debugger warns about frozen modules on every start; it is noise here.
        "PYDEVD_DISABLE_FILE_VALIDATION": "1",
    }
    saved = {name: os.environ.get(name) for name in updates}
    os.environ.update(updates)
    return saved


def declared_parameters(path: Path) -> set[str]:
    """The names a chapter's ``parameters`` cell defines: the build passes a chapter the params it
    declares beyond :data:`NOTEBOOK_PARAMETERS` (``reviu_lampiran``), never ones it does not."""
    import nbformat

    nb = nbformat.read(path, as_version=4)
    cells = [c for c in nb.cells if "parameters" in c.get("metadata", {}).get("tags", [])]
    return set(re.findall(r"^\s*([A-Za-z_]\w*)\s*(?::[^=]*)?=", cells[0].source, re.MULTILINE)) if cells else set()


def check_chapter_notebook(path: Path) -> None:
    """Fail early, naming the chapter, when it is missing or lacks its parameters cell."""
    import nbformat  # slow to import; a no-op rebuild never gets here

    if not path.is_file():
        raise BuildError(f"Bab '{path.name}': notebook {path} tidak ditemukan (disebut di {TEMPLATE_FILE}).")
    try:
        nb = nbformat.read(path, as_version=4)
    except Exception as exc:  # nbformat raises several kinds for a broken file
        raise BuildError(f"Bab '{path.name}': {path} bukan notebook yang sah ({exc}).") from None
    cells = [c for c in nb.cells if "parameters" in c.get("metadata", {}).get("tags", [])]
    if not cells:
        raise BuildError(
            f"Bab '{path.name}': tidak ada sel bertanda 'parameters'. Tambahkan sel kode dengan tag "
            f"'parameters' yang mendefinisikan {', '.join(NOTEBOOK_PARAMETERS)}."
        )
    declared = set(re.findall(r"^\s*([A-Za-z_]\w*)\s*(?::[^=]*)?=", cells[0].source, re.MULTILINE))
    missing = [name for name in NOTEBOOK_PARAMETERS if name not in declared]
    if missing:
        raise BuildError(f"Bab '{path.name}': sel 'parameters' tidak mendefinisikan {', '.join(missing)}.")


def _first_line(source: str) -> str:
    """First line of a cell that says something: not blank, not a ``#|`` Quarto option."""
    for line in source.splitlines():
        if line.strip() and not line.lstrip().startswith("#|"):
            return line.strip()
    return source.strip().splitlines()[0] if source.strip() else "(sel kosong)"


def _source_cell_index(source_nb: Path, cell_source: str, executed_index: int) -> int:
    """Index of the failing cell in the chapter's own notebook (papermill adds cells)."""
    import nbformat

    nb = nbformat.read(source_nb, as_version=4)
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "code" and cell.source == cell_source:
            return index
    return executed_index


@lru_cache(maxsize=1)
def _kernel_manager_class() -> type:
    """papermill's kernel manager with a per-kernel environment (``extra_env``): chapters run
    side by side in threads, so a chapter's own variables cannot go through ``os.environ``."""
    from jupyter_client import AsyncKernelManager
    from traitlets import Dict

    class ChapterKernelManager(AsyncKernelManager):
        extra_env = Dict(config=True, help="variables added to this kernel's environment only")

        async def _async_pre_start_kernel(self, **kw):
            kw["env"] = {**kw.get("env", os.environ), **self.extra_env}
            return await super()._async_pre_start_kernel(**kw)

        pre_start_kernel = _async_pre_start_kernel

    return ChapterKernelManager


#: Seconds one cell of a chapter may run before it is stopped with a message (a chapter must never
#: hang a build); ``LKJIP_BATAS_WAKTU`` overrides it, e.g. for a very large agency.
BATAS_WAKTU_SEL = 600


def batas_waktu_sel() -> int:
    value = os.environ.get("LKJIP_BATAS_WAKTU", "")
    return int(value) if value.isdigit() and int(value) > 0 else BATAS_WAKTU_SEL


def run_chapter(source: Path, target: Path, parameters: dict, kernel_name: str,
                env: dict[str, str] | None = None) -> float:
    """Execute one chapter notebook into ``target``; returns the seconds it took.

    ``env`` adds variables to this chapter's kernel only. Raises the papermill or kernel
    exception unchanged; the caller turns it into a BuildError.
    """
    import papermill  # imported here: it is slow to import and the CLI does not always need it
    from traitlets.config import Config

    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="lkjip-ipc-") as sockets:
        # Unix sockets instead of TCP ports where available: nothing listens on the network and
        # ipykernel does not warn about unencrypted TCP on every chapter. Each kernel gets its
        # own short socket folder (a socket path must stay under ~100 bytes): a kernel still
        # exiting deletes its socket files, which must not be the next chapter's.
        if os.name == "posix":
            kernel_config = {"transport": "ipc", "ip": str(Path(sockets) / "kernel")}
        else:
            kernel_config = {"transport": "tcp"}
        manager = _kernel_manager_class()
        papermill.execute_notebook(
            str(source),
            str(target),
            parameters=parameters,
            kernel_name=kernel_name,
            progress_bar=False,
            log_output=False,
            request_save_on_cell_execute=False,
            # the kernel starts in the notebook's folder; not papermill's cwd=, which changes the
            # working folder of this whole process (a race when chapters run side by side)
            resources={"metadata": {"path": str(source.parent)}},
            start_timeout=120,
            execution_timeout=batas_waktu_sel(),
            kernel_manager_class=manager,
            config=Config({manager.__name__: kernel_config | {"extra_env": dict(env or {})}}),
            # the outputs are in hand when the last cell ends: stop the kernel at once rather
            # than interrupt it first (which ipykernel reports as an error) and wait for it
            shutdown_kernel="immediate",
            # one print block per cell however the kernel happened to flush it: the notebook,
            # its fingerprint and what Quarto renders are the same on every run
            coalesce_streams=True,
        )
    return time.perf_counter() - started


def default_jobs() -> int:
    """How many chapters run at once unless ``--jobs`` says otherwise: the cores we may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


@dataclass(frozen=True)
class ChapterJob:
    """One chapter of one report to execute: the notebook into ``target``, writing its tables
    into ``output_dir`` (its own folder, so the build knows which files are whose) and the
    narrative files it looks for into ``trace``."""

    report: str
    chapter: Chapter
    target: Path
    output_dir: Path
    trace: Path
    parameters: dict
    #: Variables for this chapter's kernel only.
    env: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ChapterOutcome:
    """How a chapter ended: its seconds, and the exception when it failed."""

    job: ChapterJob
    seconds: float
    error: BaseException | None = None


class ChapterPool:
    """Runs chapters ``jobs`` at a time; every report of a build submits into the same pool.

    ``say`` receives a line when a chapter starts and one when it ends (from the pool's threads,
    one at a time).
    """

    def __init__(self, jobs: int | None, kernel_name: str, say: Callable[[str], None]):
        self.jobs = jobs or default_jobs()
        if self.jobs < 1:
            raise BuildError(f"--jobs harus 1 atau lebih, bukan {self.jobs}.")
        self._kernel_name = kernel_name
        self._say = say
        self._lock = threading.Lock()
        self._prefix = f"lkjip-bab-{id(self):x}"
        self._executor = ThreadPoolExecutor(max_workers=self.jobs, thread_name_prefix=self._prefix)

    def __enter__(self) -> "ChapterPool":
        return self

    def __exit__(self, *exc) -> None:
        self._executor.shutdown(wait=True, cancel_futures=True)
        # A signal (Ctrl-C, SIGTERM) between a worker's start and its registration in the
        # executor leaves a thread shutdown() does not know; it still writes into the staging
        # folder, so wait for it too before the caller removes that folder.
        for thread in threading.enumerate():
            if thread.name.startswith(self._prefix) and thread is not threading.current_thread():
                thread.join()

    def _tell(self, message: str) -> None:
        with self._lock:
            self._say(message)

    def _run(self, job: ChapterJob, label: str) -> ChapterOutcome:
        started = time.perf_counter()
        self._tell(f"  {label} mulai ...")
        job.output_dir.mkdir(parents=True, exist_ok=True)
        job.trace.parent.mkdir(parents=True, exist_ok=True)
        job.trace.write_text("", encoding="utf-8")
        try:
            run_chapter(job.chapter.source, job.target, job.parameters | {"output_dir": str(job.output_dir)},
                        self._kernel_name, env=job.env | {JEJAK_NARASI_ENV: str(job.trace)})
        except Exception as exc:  # reported by the caller, naming chapter and cell
            seconds = time.perf_counter() - started
            self._tell(f"  {label}: GAGAL setelah {seconds:.1f} dtk")
            return ChapterOutcome(job, seconds, exc)
        seconds = time.perf_counter() - started
        self._tell(f"  {label}: {seconds:.1f} dtk")
        return ChapterOutcome(job, seconds)

    def submit(self, job: ChapterJob, label: str) -> "Future[ChapterOutcome]":
        return self._executor.submit(self._run, job, label)


def wait_for_report(futures: list["Future[ChapterOutcome]"]) -> list[ChapterOutcome]:
    """The outcomes of one report's chapters, in chapter order. At the first failure the
    chapters not yet started are cancelled (running ones finish: a kernel is not killed half
    way) and are missing from the list."""
    from concurrent.futures import FIRST_COMPLETED, wait

    remaining = set(futures)
    while remaining:
        done, remaining = wait(remaining, return_when=FIRST_COMPLETED)
        if any(not f.cancelled() and f.result().error is not None for f in done):
            for future in remaining:
                future.cancel()
    return [future.result() for future in futures if not future.cancelled()]


def chapter_failure(chapter: Chapter, exc: Exception, kept: Path | None, final: Path) -> BuildError:
    """The message a user reads when a chapter fails: where, what, and what was kept."""
    from papermill.exceptions import PapermillExecutionError

    lines = [f"Bab '{chapter.file}' gagal dijalankan."]
    if isinstance(exc, TimeoutError) or type(exc).__name__ == "CellTimeoutError":
        lines.append(f"  Sebuah sel berjalan lebih dari {batas_waktu_sel()} detik (batas waktu per sel) dan "
                     "dihentikan. Periksa data yang sangat besar atau berulang; batasnya dapat diubah "
                     "dengan variabel lingkungan LKJIP_BATAS_WAKTU (detik).")
    elif isinstance(exc, PapermillExecutionError):
        index = _source_cell_index(chapter.source, exc.source, exc.cell_index)
        lines.append(f"  Sel: indeks {index} (baris pertama: {_first_line(exc.source)})")
        lines.append(f"  Galat: {exc.ename}: {exc.evalue}")
    else:
        lines.append(f"  Galat: {type(exc).__name__}: {exc}")
    if kept is not None:
        lines.append(f"  Notebook hasil eksekusi disimpan untuk diperiksa: {shown(kept)}")
    lines.append(f"Keluaran sebelumnya di {shown(final)} tidak diubah; Quarto tidak dijalankan.")
    return BuildError("\n".join(lines))
