"""Helpers shared by the test files: `from _bantu import assert_snapshot, salin_dinas, ...`.

Plain functions, not fixtures, so that module-scoped fixtures, Hypothesis tests and other
helpers can call them too; the fixtures themselves live in conftest.py.
"""
from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURE_DATA = Path(__file__).parent / "fixtures" / "data"
SNAPSHOTS = Path(__file__).parent / "snapshots"
#: The small invented agency of fixtures/data/, which exercises every file kind.
CONTOH = "kab-contoh-dinsos"

T = TypeVar("T")


def assert_snapshot(name: str, text: str) -> None:
    """`text` is exactly the content of tests/snapshots/<name>.

    With LKJIP_UPDATE_SNAPSHOTS=1 the snapshot is rewritten (review the diff). A missing snapshot
    is written and the test fails, so that a new snapshot is always looked at once."""
    path = SNAPSHOTS / name
    update = bool(os.environ.get("LKJIP_UPDATE_SNAPSHOTS"))
    if update or not path.exists():
        path.write_text(text, encoding="utf-8")
        if not update:
            pytest.fail(f"snapshot {path.name} was missing and has been written; review it and rerun")
    assert text == path.read_text(encoding="utf-8")


def salin_dinas(ke: Path, slug: str = CONTOH, *, sumber: Path | None = None, sebagai: str | None = None) -> Path:
    """Copy an agency's data folder into the data folder `ke` (created when needed), for a test to
    modify; returns the copy, `ke/<sebagai or slug>`.

    `sumber` is the data folder to copy from; by default tests/fixtures/data for the sample agency
    and the repository's data/ for the real agencies. `sebagai` names the copy differently."""
    if sumber is None:
        sumber = FIXTURE_DATA if slug == CONTOH else ROOT / "data"
    salinan = Path(ke) / (sebagai or slug)
    shutil.copytree(Path(sumber) / slug, salinan)
    return salinan


def chromium() -> str | None:
    """The Chromium executable, or None when it is not installed."""
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None


def wait_until(predicate: Callable[[], T], timeout: float, what: str = "the condition", interval: float = 0.05) -> T:
    """Poll `predicate` until it returns something true and return that; fail naming `what` when
    `timeout` seconds pass first. A wait on a condition, never a fixed sleep."""
    deadline = time.monotonic() + timeout
    while True:
        result = predicate()
        if result:
            return result
        if time.monotonic() >= deadline:
            pytest.fail(f"waited {timeout:g} s for {what}")
        time.sleep(interval)
