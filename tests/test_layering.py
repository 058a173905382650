"""Imports point one way: the layering rule of docs/ARCHITECTURE.md §9, read from the source.

Every module of portal/ and indexer/ is parsed with ``ast``; every import
counts, also one inside a function (a function-local import hides a cycle, it
does not remove it). Two rules: no import from a lower layer to a higher one,
and no cycle between top-level packages (``portal.recalls``,
``portal.state``, ``indexer.build``...). No import breaks them today, so both
lists of exceptions below are empty. Should one ever have to be listed, it
goes with the change that is to remove it, and a listed import that is gone
fails test_listed_exceptions_still_exist until it is struck off.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("portal", "indexer")

# docs/ARCHITECTURE.md §9, lowest rank first; web and indexer share a rank.
BASE = {"portal.config", "portal.instance", "portal.private_files", "portal.versions", "portal.recall_ids",
        "portal.slugs", "portal.localise", "portal.markdown", "portal.reason_text", "portal.build_memo",
        "portal.limits_arith", "portal.vocab", "portal.urls", "portal.yaml_text"}
WEB = {"portal.templating", "portal.errors", "portal.headers", "portal.redirects", "portal.fragments",
       "portal.i18n", "portal.params", "portal.api_params", "portal.browse_args", "portal.json_input",
       "portal.extensions", "portal.page_memo", "portal.vehicles.page_cache"}
APP = {"portal", "portal.wsgi", "portal.serve", "portal.cli", "portal.prune", "portal.rollback"}
RANK = {"base": 0, "services": 1, "web": 2, "indexer": 2, "app": 3}

# Imports that run up a layer: none. Each one listed here would be one to remove.
KNOWN_UPWARD: set[tuple[str, str]] = set()

# Imports that close a cycle between top-level packages: none. Each one listed here would be one to remove.
KNOWN_CYCLES: set[tuple[str, str]] = set()


def layer(module: str) -> str:
    if module in APP or module.startswith("portal.serving"):
        return "app"
    if module.startswith("indexer"):
        return "indexer"
    if module in BASE or module.startswith(("portal.db", "portal.migrations")):
        return "base"
    if module in WEB or module.startswith("portal.api") or module.rsplit(".", 1)[-1] in {"routes", "api", "forms"}:
        return "web"
    return "services"


def package(module: str) -> str:
    """The top-level package a module belongs to: ``portal.vehicles.status`` -> ``portal.vehicles``."""
    return ".".join(module.split(".")[:2])


def modules(root: Path = ROOT) -> dict[str, Path]:
    found = {}
    for top in PACKAGES:
        for path in sorted((root / top).rglob("*.py")):
            parts = path.relative_to(root).with_suffix("").parts
            found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def imports_of(name: str, path: Path, known: dict[str, Path]) -> set[str]:
    """The project modules ``name`` imports, relative imports resolved, ``from pkg import module`` as the module."""
    package_name = name if path.name == "__init__.py" else name.rpartition(".")[0]

    def resolve(target: str) -> str | None:
        while target and target not in known:
            target = target.rpartition(".")[0]
        return target or None

    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            found.update(resolve(alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package_name.split(".")[: len(package_name.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            found.update(f"{base}.{a.name}" if f"{base}.{a.name}" in known else resolve(base) for a in node.names)
    return {target for target in found if target and target != name}


def import_graph(root: Path = ROOT) -> dict[str, set[str]]:
    known = modules(root)
    return {name: imports_of(name, path, known) for name, path in known.items()}


def upward_imports(graph: dict[str, set[str]]) -> set[tuple[str, str]]:
    return {(a, b) for a, targets in graph.items() for b in targets
            if layer(a) != layer(b) and RANK[layer(b)] >= RANK[layer(a)]}


def package_cycles(graph: dict[str, set[str]], allowed: set[tuple[str, str]]) -> list[list[str]]:
    """Groups of top-level packages that import each other, round a circle (Tarjan's strongly connected components)."""
    edges: dict[str, set[str]] = {}
    for a, targets in graph.items():
        edges.setdefault(package(a), set()).update(
            package(b) for b in targets if package(b) != package(a) and (a, b) not in allowed)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in sorted(edges.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while not group or group[-1] != node:
                group.append(stack.pop())
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def _edges_within(graph, group):
    return sorted((a, b) for a, targets in graph.items() for b in targets
                  if package(a) in group and package(b) in group and package(a) != package(b))


@pytest.fixture(scope="module")
def graph() -> dict[str, set[str]]:
    return import_graph()


def test_no_import_runs_up_a_layer(graph):
    new = sorted(upward_imports(graph) - KNOWN_UPWARD)
    assert not new, "imports from a lower layer to a higher one (docs/ARCHITECTURE.md §9):\n" + "\n".join(
        f"  {a} ({layer(a)}) imports {b} ({layer(b)})" for a, b in new)


def test_no_cycle_between_top_level_packages(graph):
    cycles = package_cycles(graph, KNOWN_UPWARD | KNOWN_CYCLES)
    assert not cycles, "top-level packages that import each other:\n" + "\n".join(
        f"  {' <-> '.join(group)}: " + ", ".join(f"{a} -> {b}" for a, b in _edges_within(graph, group))
        for group in cycles)


def test_listed_exceptions_still_exist(graph):
    """A removed exception is struck off the lists, so it cannot come back unnoticed."""
    present = {(a, b) for a, targets in graph.items() for b in targets}
    assert sorted((KNOWN_UPWARD | KNOWN_CYCLES) - present) == []
    assert sorted(KNOWN_UPWARD - upward_imports(graph)) == []


def test_the_rules_catch_an_upward_import_and_a_cycle():
    graph = {"portal.db.engine": {"portal.recalls.routes"}, "portal.recalls.routes": {"portal.db.engine"},
             "portal.recalls.service": {"portal.vehicles.status"}, "portal.vehicles.status": {"portal.recalls.service"},
             "indexer.build": {"portal.vehicles.routes"}, "portal.vehicles.routes": set()}
    assert upward_imports(graph) == {("portal.db.engine", "portal.recalls.routes"),
                                     ("indexer.build", "portal.vehicles.routes")}
    assert package_cycles(graph, set()) == [["portal.db", "portal.recalls", "portal.vehicles"]]
    assert package_cycles(graph, {("portal.db.engine", "portal.recalls.routes")}) == [
        ["portal.recalls", "portal.vehicles"]]


def test_relative_imports_resolve_to_project_modules(tmp_path):
    (tmp_path / "portal" / "vehicles").mkdir(parents=True)
    for name in ("portal/__init__.py", "portal/versions.py", "portal/vehicles/__init__.py",
                 "portal/vehicles/status.py"):
        (tmp_path / name).write_text("")
    (tmp_path / "portal" / "vehicles" / "service.py").write_text(
        "from . import status\nfrom ..versions import parse\n\ndef f():\n    import portal.versions\n")
    (tmp_path / "indexer").mkdir()
    assert import_graph(tmp_path)["portal.vehicles.service"] == {"portal.vehicles.status", "portal.versions"}
