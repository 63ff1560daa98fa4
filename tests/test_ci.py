""".ci/run, the CI entry point: it puts the machine's Quarto rig on PATH when there is one (the
project does not need it), runs `make test`, and ends with pytest's own exit status, which make
alone would turn into 2 for every failure."""
from __future__ import annotations

import os
import shutil
import stat
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.skipif(shutil.which("make") is None or shutil.which("bash") is None,
                                reason="make and bash run .ci/run")


def _script(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("#!/usr/bin/env bash\n" + text, encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)


def _project(tmp_path: Path, recipe: str, rig: str | None) -> Path:
    """A repository with the real .ci/run, a Makefile whose `test` runs `recipe`, and beside it
    (../shared/tools/quarto) a fake rig whose setup runs `rig` (no rig when None)."""
    repo = tmp_path / "work" / "repo"
    (repo / ".ci").mkdir(parents=True)
    shutil.copy2(ROOT / ".ci" / "run", repo / ".ci" / "run")
    (repo / "Makefile").write_text(f"test:\n\t@{recipe}\n", encoding="utf-8")
    if rig is not None:
        tools = tmp_path / "work" / "shared" / "tools" / "quarto"
        _script(tools / "setup", rig)
        _script(tools / "bin" / "quarto", "echo 1.11.0\n")
    return repo


def _run(repo: Path) -> subprocess.CompletedProcess:
    """Run the copied .ci/run with this environment, less any rig that CI itself put on PATH."""
    path = [p for p in os.environ.get("PATH", "").split(os.pathsep) if not p.endswith("tools/quarto/bin")]
    env = {**os.environ, "PATH": os.pathsep.join(path)}
    env.pop("LKJIP_QUARTO_RIG", None)
    return subprocess.run([str(repo / ".ci" / "run")], cwd=repo, env=env, capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize("status", [0, 1, 5])
def test_ends_with_pytest_status_not_makes(tmp_path, status):
    repo = _project(tmp_path, f'echo {status} > "$(PYTEST_STATUS)"; exit {status}', rig=None)
    assert _run(repo).returncode == status


def test_make_failing_before_pytest_is_a_failure(tmp_path):
    repo = _project(tmp_path, "exit 7", rig=None)
    result = _run(repo)
    assert result.returncode == 2 and "before pytest ran" in result.stderr


def test_rig_is_set_up_and_put_first_on_path(tmp_path):
    repo = _project(tmp_path, 'echo "$$PATH" > path.txt; echo 0 > "$(PYTEST_STATUS)"', rig="exit 0\n")
    assert _run(repo).returncode == 0
    first = (repo / "path.txt").read_text().split(os.pathsep)[0]
    assert Path(first) == (tmp_path / "work" / "shared" / "tools" / "quarto" / "bin").resolve()


def test_failed_rig_setup_runs_the_tests_without_it(tmp_path):
    repo = _project(tmp_path, 'echo "$$PATH" > path.txt; echo 0 > "$(PYTEST_STATUS)"', rig="exit 1\n")
    result = _run(repo)
    assert result.returncode == 0 and "setup failed" in result.stderr
    fake_rig = (tmp_path / "work" / "shared" / "tools" / "quarto" / "bin").resolve()
    assert str(fake_rig) not in (repo / "path.txt").read_text()
