"""environment.yml (conda users, with Quarto) and pyproject.toml (pip users) must not drift:
a package added to one and forgotten in the other breaks a build for half of the users."""
from __future__ import annotations

from pathlib import Path

import tomllib
import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]

#: Conda-only entries: the interpreter, Quarto (not on PyPI), pip itself, and pandoc (on PyPI
#: it comes inside pypandoc-binary).
CONDA_ONLY = {"python", "quarto", "pip", "pandoc"}
#: Packages named differently on conda-forge than on PyPI (conda name -> PyPI name).
CONDA_TO_PYPI: dict[str, str] = {"pypandoc": "pypandoc-binary"}


def _pyproject() -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    requirements = list(project["dependencies"])
    for extra in project.get("optional-dependencies", {}).values():
        requirements += extra
    return {canonicalize_name(r.name): str(r.specifier) for r in map(Requirement, requirements)}


def _environment() -> tuple[dict[str, str], list]:
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    conda, pip = {}, []
    for dep in env["dependencies"]:
        if isinstance(dep, dict):
            pip += dep.get("pip", [])
            continue
        name = dep.split("=")[0].split(">")[0].split("<")[0].strip()
        if name in CONDA_ONLY:
            continue
        requirement = Requirement(dep.replace(name, CONDA_TO_PYPI.get(name, name), 1))
        conda[canonicalize_name(requirement.name)] = str(requirement.specifier)
    return conda, pip


def test_environment_uses_conda_forge_and_python_311_with_quarto():
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    assert env["channels"] == ["conda-forge"]
    names = [d for d in env["dependencies"] if isinstance(d, str)]
    assert "python=3.11" in names
    assert any(d.startswith("quarto") for d in names)


def test_environment_and_pyproject_name_the_same_dependencies():
    conda, _ = _environment()
    pypi = _pyproject()
    assert sorted(set(conda) - set(pypi)) == [], "in environment.yml only"
    assert sorted(set(pypi) - set(conda)) == [], "in pyproject.toml only"


def test_environment_and_pyproject_ask_for_the_same_versions():
    conda, _ = _environment()
    pypi = _pyproject()
    different = {name: (conda[name], pypi[name]) for name in conda if conda[name] != pypi.get(name)}
    assert different == {}


def test_environment_installs_this_package():
    _, pip = _environment()
    assert "-e ." in pip
