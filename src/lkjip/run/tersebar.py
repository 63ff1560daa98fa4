"""Building many reports on several machines: each report is one task for a Dask distributed
scheduler that an IT office already runs (``dask scheduler`` and ``dask worker``, see
docs/performance.md). No scheduler of our own: Dask places the tasks, retries lost workers and
shows its dashboard.

Each worker runs ``build_report`` for one report, its chapters side by side as on one machine.
Workers need the same environment (this package and its dependencies, Quarto if books are
wanted) and the project folder at the same path (shared or synchronised): a task names files
by path, it does not carry them.
"""
from __future__ import annotations

from pathlib import Path

from lkjip.core.exceptions import BuildError, LkjipError
from lkjip.core.proyek import Proyek
from lkjip.inputs.params import params_files
from lkjip.publish.situs import write_build_index
from lkjip.run.bangun import build_report
from lkjip.run.hasil import diam, ringkasan_gagal

#: The pip extra that installs Dask distributed.
EXTRA = "lkjip[dask]"


def _build_on_worker(params_path: str, root: str, options: dict) -> tuple[str, object, list[str]]:
    """Run on a Dask worker: one report. Returns ("ok", BuildResult, progress lines) or
    ("gagal", message, progress lines): an expected failure travels as text, not as an
    exception object the client may not be able to unpickle."""
    lines: list[str] = []
    try:
        result = build_report(params_path, root, progress=lines.append, **options)
    except LkjipError as exc:
        return "gagal", str(exc), lines
    return "ok", result, lines


def build_all_on_dask(scheduler, root: str | Path = ".", *, quarto=None, progress=print, render: bool = True,
                      out_dir: str | Path | None = None, jobs: int | None = None, paksa: bool = False,
                      formats: tuple[str, ...] | None = None) -> list:
    """Send every ``params/*.yml`` of ``root`` to the Dask scheduler at ``scheduler`` (an
    address such as ``tcp://10.0.0.5:8786``), one task per report, and wait for all of them.

    Progress lines of each report are printed when it ends. A failing report does not stop
    the others; a BuildError listing every failure is raised at the end, as without Dask.
    """
    try:
        from distributed import Client
    except ImportError:
        raise BuildError(
            f"--scheduler membutuhkan Dask distributed, yang belum terpasang. Pasang dengan "
            f"pip install '{EXTRA}' (atau conda install dask distributed)."
        ) from None
    say = diam(progress)
    proyek = Proyek.di(root)
    root, out = proyek.root, proyek.keluaran(out_dir)
    files = params_files(root)
    options = {"quarto": quarto, "render": render, "out_dir": str(out), "jobs": jobs, "paksa": paksa} | ({"formats": tuple(formats)} if formats else {})
    try:
        client = Client(scheduler, timeout="20s")
    except OSError as exc:
        raise BuildError(f"Penjadwal Dask di {scheduler} tidak dapat dihubungi ({exc}).") from None
    results, failures = [], []
    with client:
        say(f"Mengirim {len(files)} laporan ke penjadwal Dask {scheduler} ...")
        futures = [client.submit(_build_on_worker, str(path), str(root), options, pure=False,
                                 key=f"lkjip-{path.stem}") for path in files]
        for path, future in zip(files, futures):
            try:
                status, value, lines = future.result()
            except Exception as exc:  # a worker died or could not import lkjip: Dask's own error
                status, value, lines = "gagal", f"tugas Dask gagal: {type(exc).__name__}: {exc}", []
            for line in lines:
                say(line)
            if status == "ok":
                results.append(value)
            else:
                failures.append(f"{path.name}:\n{value}")
                say(f"GAGAL {path.name}")
    write_build_index(out)
    if failures:
        raise BuildError(ringkasan_gagal(failures, len(files)))
    return results
