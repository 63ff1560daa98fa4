"""What a build returns and how failures across reports are summed up."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

#: One line of progress for the user (``print`` on the command line; None for silence).
Progress = Callable[[str], None]


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


def diam(progress: Progress | None) -> Progress:
    """``progress`` itself, or a function that says nothing."""
    return progress or (lambda message: None)


def ringkasan_gagal(failures: list[str], total: int) -> str:
    """The message of a BuildError after several reports: how many failed, then each failure
    (``<params file>:\\n<its message>``). Local and Dask builds say it alike."""
    return f"{len(failures)} dari {total} laporan gagal.\n\n" + "\n\n".join(failures)
