"""Executing chapter notebooks: each in its own fresh kernel (papermill), with this very
interpreter, so a chapter cannot depend on state left behind by another one."""
from __future__ import annotations

import importlib.util
import json
import os
import re
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import nbformat

from .buku import TEMPLATE_FILE, Chapter
from .exceptions import BuildError
from .terbit import shown

#: Parameters every chapter notebook must declare in its cell tagged ``parameters``.
NOTEBOOK_PARAMETERS = ("dinas", "tahun", "data_dir", "narasi_dir", "output_dir")
#: Name of the kernel the chapters run in; the build points it at its own interpreter.
KERNEL_NAME = "python3"


@contextmanager
def notebook_environment(root: Path, kernel_dir: Path) -> Iterator[str]:
    """Make the chapters run with this very interpreter; yields the kernel name for papermill.

    A kernel named ``python3`` may be registered elsewhere (user folder, another venv) pointing
    at another Python without our dependencies. The build writes its own ``python3`` kernelspec
    whose command is ``sys.executable`` and puts it first on ``JUPYTER_PATH`` (which Jupyter
    searches before any other kernel folder). ``src/`` goes on ``PYTHONPATH`` so notebooks
    import this tree's ``lkjip``, and ``QUARTO_PYTHON`` makes Quarto use the same interpreter.
    """
    if importlib.util.find_spec("ipykernel") is None:
        raise BuildError(
            f"ipykernel tidak terpasang untuk {sys.executable}. "
            "Jalankan 'make report' atau 'pip install -e .' di lingkungan ini."
        )
    spec_dir = Path(kernel_dir) / "kernels" / KERNEL_NAME
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
        "JUPYTER_PATH": prepend("JUPYTER_PATH", str(Path(kernel_dir).resolve())),
        "PYTHONPATH": prepend("PYTHONPATH", str((Path(root) / "src").resolve())),
        "QUARTO_PYTHON": sys.executable,
        # ipykernel's debugger warns about frozen modules on every start; it is noise here.
        "PYDEVD_DISABLE_FILE_VALIDATION": "1",
    }
    saved = {name: os.environ.get(name) for name in updates}
    os.environ.update(updates)
    try:
        yield KERNEL_NAME
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def check_chapter_notebook(path: Path) -> None:
    """Fail early, naming the chapter, when it is missing or lacks its parameters cell."""
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
    nb = nbformat.read(source_nb, as_version=4)
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "code" and cell.source == cell_source:
            return index
    return executed_index


def run_chapter(source: Path, target: Path, parameters: dict, kernel_name: str) -> float:
    """Execute one chapter notebook into ``target``; returns the seconds it took.

    Raises the papermill or kernel exception unchanged; the caller turns it into a BuildError.
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
        papermill.execute_notebook(
            str(source),
            str(target),
            parameters=parameters,
            kernel_name=kernel_name,
            progress_bar=False,
            log_output=False,
            request_save_on_cell_execute=False,
            cwd=str(source.parent),
            start_timeout=120,
            config=Config({"KernelManager": kernel_config}),
            # the outputs are in hand when the last cell ends: stop the kernel at once rather
            # than interrupt it first (which ipykernel reports as an error) and wait for it
            shutdown_kernel="immediate",
        )
    return time.perf_counter() - started


def _chapter_failure(chapter: Chapter, exc: Exception, kept: Path | None, final: Path) -> BuildError:
    """The message a user reads when a chapter fails: where, what, and what was kept."""
    from papermill.exceptions import PapermillExecutionError

    lines = [f"Bab '{chapter.file}' gagal dijalankan."]
    if isinstance(exc, PapermillExecutionError):
        index = _source_cell_index(chapter.source, exc.source, exc.cell_index)
        lines.append(f"  Sel: indeks {index} (baris pertama: {_first_line(exc.source)})")
        lines.append(f"  Galat: {exc.ename}: {exc.evalue}")
    else:
        lines.append(f"  Galat: {type(exc).__name__}: {exc}")
    if kept is not None:
        lines.append(f"  Notebook hasil eksekusi disimpan untuk diperiksa: {shown(kept)}")
    lines.append(f"Keluaran sebelumnya di {shown(final)} tidak diubah; Quarto tidak dijalankan.")
    return BuildError("\n".join(lines))


# --------------------------------------------------------------------------------------------
