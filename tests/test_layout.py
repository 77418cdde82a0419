"""The layout is the pipeline: no package reaches into another's private names, and no two
modules import each other, not even through an import inside a function or under
TYPE_CHECKING (which only hide a cycle)."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "scoredsl"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _unit(module: str) -> str:
    """What counts as one package: `scoredsl.lint.*` is `lint`; a top-level module is itself."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else parts[0]


def _base(module: str, node: ast.ImportFrom) -> str:
    if node.level == 0:
        return node.module or ""
    here = module.split(".")
    if MODULES[module].name != "__init__.py":
        here = here[:-1]
    here = here[: len(here) - node.level + 1]
    return ".".join([*here, *([node.module] if node.module else [])])


def _imports(module: str) -> list[tuple[str, str | None, int]]:
    """(module imported, name taken from it or None, line) for every import, at any depth."""
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    found: list[tuple[str, str | None, int]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            base = _base(module, node)
            for alias in node.names:
                submodule = f"{base}.{alias.name}"
                if submodule in MODULES:
                    found.append((submodule, None, node.lineno))
                else:
                    found.append((base, alias.name, node.lineno))
        elif isinstance(node, ast.Import):
            found.extend((alias.name, None, node.lineno) for alias in node.names)
    return [(target, name, line) for target, name, line in found if target in MODULES]


def _module_aliases(module: str) -> dict[str, str]:
    """Local names bound to scoredsl modules (`from . import parse`, `import scoredsl.x as y`)."""
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    bound: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            base = _base(module, node)
            for alias in node.names:
                if f"{base}.{alias.name}" in MODULES:
                    bound[alias.asname or alias.name] = f"{base}.{alias.name}"
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname and alias.name in MODULES:
                    bound[alias.asname] = alias.name
    return bound


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def private_reaches() -> list[str]:
    out = []
    for module in MODULES:
        for target, name, line in _imports(module):
            if name and _private(name) and _unit(target) != _unit(module):
                out.append(f"{MODULES[module].relative_to(ROOT)}:{line}: {target}.{name}")
        aliases = _module_aliases(module)
        tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id in aliases
                and _private(node.attr)
                and _unit(aliases[node.value.id]) != _unit(module)
            ):
                target = aliases[node.value.id]
                out.append(
                    f"{MODULES[module].relative_to(ROOT)}:{node.lineno}: {target}.{node.attr}"
                )
    return out


def import_graph() -> dict[str, set[str]]:
    return {m: {t for t, _, _ in _imports(m)} - {m} for m in MODULES}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan, iteratively)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for start in graph:
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_no_package_imports_another_packages_private_names() -> None:
    assert private_reaches() == []


def test_the_private_name_check_sees_imports_and_attributes() -> None:
    assert _unit("scoredsl.lint.rules.bugs") == _unit("scoredsl.lint.registry") == "lint"
    assert _unit("scoredsl.parse") != _unit("scoredsl.testing.syntax")
    taken = {(target, name) for target, name, _ in _imports("scoredsl.testing.syntax")}
    assert ("scoredsl.parse", "lalr_parser") in taken  # `from ..parse import ...`
    assert _module_aliases("scoredsl.explain")["evaluate"] == "scoredsl.evaluate"


def test_no_import_cycles_even_through_function_level_imports() -> None:
    assert cycles(import_graph()) == []


def test_the_cycle_check_finds_a_cycle() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(graph) == [["a", "b", "c"]]


def test_the_named_pairs_import_one_way_only() -> None:
    graph = import_graph()
    assert "scoredsl.explain" in graph["scoredsl.explain_text"]
    assert "scoredsl.explain_text" not in graph["scoredsl.explain"]
    assert "scoredsl.lint.registry" in graph["scoredsl.lint.rules.bugs"]
    assert not graph["scoredsl.lint.registry"] & {
        m for m in MODULES if m.startswith("scoredsl.lint.rules")
    }
