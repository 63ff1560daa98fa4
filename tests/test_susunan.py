"""The package's layout holds: stages import only downward, nothing imports in a circle, and every
module and folder is where ``src/lkjip/README.md`` says it is.

The stages, lowest first: ``core`` < ``inputs`` < ``compute`` < ``present`` < ``publish`` <
``run`` < ``commands``. A module may import from its own stage and the stages below it, never
from one above; imports inside functions count too (a lazy import is still a dependency).
``lkjip/__init__.py`` and ``__main__.py`` are the package's face and may name any stage.
"""
from __future__ import annotations

import ast
import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "lkjip"
STAGES = ("core", "inputs", "compute", "present", "publish", "run", "commands")


def _modules(package: Path) -> dict[str, Path]:
    found = {}
    for path in sorted(package.rglob("*.py")):
        relative = path.relative_to(package.parent).with_suffix("")
        parts = relative.parts[:-1] if relative.name == "__init__" else relative.parts
        found[".".join(parts)] = path
    return found


def _stage(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in STAGES else None


def _imports(module: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """Every lkjip module ``module`` imports, at the top or inside a function."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                package = module.split(".")[:len(module.split(".")) - node.level + (path.name == "__init__.py")]
                base = ".".join(package + ([base] if base else []))
            if not base.startswith("lkjip"):
                continue
            for alias in node.names:
                candidate = f"{base}.{alias.name}"
                found.add(candidate if candidate in modules else base)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name.startswith("lkjip"))
    return {name for name in found if name in modules and name != module}


def import_graph(package: Path) -> dict[str, set[str]]:
    modules = _modules(package)
    return {module: _imports(module, path, modules) for module, path in modules.items()}


FACE = {"lkjip", "lkjip.__main__"}


def upward_imports(graph: dict[str, set[str]]) -> list[str]:
    """``importer (stage) -> imported (stage)`` for every import from a later stage."""
    found = []
    for module, targets in sorted(graph.items()):
        if module in FACE or _stage(module) is None:
            continue
        for target in sorted(targets - FACE):
            if _stage(target) and STAGES.index(_stage(target)) > STAGES.index(_stage(module)):
                found.append(f"{module} ({_stage(module)}) -> {target} ({_stage(target)})")
    return found


def import_cycles(graph: dict[str, set[str]]) -> list[str]:
    state: dict[str, int] = {}
    cycles = []

    def visit(node, trail):
        state[node] = 1
        for target in sorted(graph[node]):
            if state.get(target) == 1:
                cycles.append(" -> ".join(trail[trail.index(target):] + [target]))
            elif target not in state:
                visit(target, trail + [target])
        state[node] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    return cycles


GRAPH = import_graph(PACKAGE)


def test_every_module_lives_in_a_stage():
    loose = [m for m in GRAPH if m not in FACE and _stage(m) is None]
    assert not loose, f"modules outside every stage folder: {loose}"


def test_imports_run_down_the_stages():
    assert upward_imports(GRAPH) == []


def test_nothing_imports_the_package_face_from_inside():
    inside = sorted(m for m in GRAPH if m not in FACE and GRAPH[m] & FACE)
    assert not inside, f"modules importing lkjip/__init__ (import the module itself): {inside}"


def test_no_import_cycles():
    assert import_cycles(GRAPH) == []


def test_the_package_readme_lists_every_module_of_every_stage():
    readme = (PACKAGE / "README.md").read_text(encoding="utf-8")
    named = set(re.findall(r"^\| [a-z]+ \| `([a-z_]+/[a-z_]+\.py)` \|", readme, re.M))
    actual = {f"{path.parent.name}/{path.name}" for module, path in _modules(PACKAGE).items()
              if _stage(module) and path.name != "__init__.py"}
    assert actual - named == set(), f"modules missing from src/lkjip/README.md: {sorted(actual - named)}"
    assert named - actual == set(), f"README names modules that do not exist: {sorted(named - actual)}"


def test_an_upward_import_and_a_cycle_in_a_broken_copy_are_caught(tmp_path):
    """The checks can fail: a package where inputs imports run (lazily) and two modules of one
    stage import each other is reported on both counts."""
    package = tmp_path / "lkjip"
    for stage in ("inputs", "run"):
        (package / stage).mkdir(parents=True)
        (package / stage / "__init__.py").write_text("")
    (package / "__init__.py").write_text("")
    (package / "inputs" / "params.py").write_text("def f():\n    from lkjip.run.bangun import g\n")
    (package / "run" / "bangun.py").write_text("from lkjip.run import sidik\n")
    (package / "run" / "sidik.py").write_text("from lkjip.run.bangun import g\n")
    graph = import_graph(package)
    assert upward_imports(graph) == ["lkjip.inputs.params (inputs) -> lkjip.run.bangun (run)"]
    assert import_cycles(graph) == ["lkjip.run.bangun -> lkjip.run.sidik -> lkjip.run.bangun"]
