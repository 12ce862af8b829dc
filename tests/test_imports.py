"""The package's imports, read from its sources: no circle, and nothing imports upward.

Every import counts, at the top of a module or inside a function, and type-only ones too
(`if TYPE_CHECKING:`): a reader follows them all. Start-up stays lazy through the module
paths the lesson descriptions name (`importlib`), which are not imports.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "relu_tui"


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    return {_module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def _imports(name: str, path: Path, known: set[str]) -> dict[str, int]:
    """The package modules `name` imports, each with the first line that does."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: dict[str, int] = {}

    def add(target: str, line: int) -> None:
        while target and target not in known:
            target = target.rpartition(".")[0]
        if target and target != name and target != "relu_tui":
            found.setdefault(target, line)

    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                add(alias.name, node.lineno)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                up = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*up, base] if base else up)
            for alias in node.names:
                full = f"{base}.{alias.name}"
                add(full if full in known else base, node.lineno)
    return found


def _graph() -> dict[str, dict[str, int]]:
    modules = _modules()
    known = set(modules)
    return {name: _imports(name, path, known) for name, path in modules.items()}


def _circle(graph: dict[str, dict[str, int]]) -> list[str] | None:
    """One import circle as a list of modules (first repeated at the end), or None."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for target in graph.get(node, {}):
            if state.get(target) == 1:
                return [*stack[stack.index(target) :], target]
            if target not in state and (found := visit(target)) is not None:
                return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)) is not None:
            return found
    return None


def _floor(module: str) -> int:
    """The layer a module sits on (STYLE.md section 1); a module imports only lower or
    equal floors."""
    parts = module.split(".")[1:]
    top = parts[0] if parts else ""
    if top == "base":
        return 1
    if top in ("nn", "plotting"):
        return 2
    if top == "lessons":
        return 4 if parts[-1] == "screen" else 3
    if top == "ui":
        return 4
    if top == "exercises":
        return 5
    if top in ("cli", "__main__"):
        return 6
    return 0


def test_no_import_circle() -> None:
    """No module reaches itself through the modules it imports."""
    graph = _graph()
    circle = _circle(graph)
    if circle is not None:
        steps = [
            f"{a} line {graph[a][b]} imports {b}" for a, b in zip(circle, circle[1:], strict=False)
        ]
        raise AssertionError("import circle:\n  " + "\n  ".join(steps))


def test_nothing_imports_upward() -> None:
    """base < nn, plotting < lessons (state, figures, printout, descriptions) < ui and lesson
    screens < exercises < cli: no module imports one on a higher floor."""
    upward = [
        f"{module} line {line} imports {target}"
        for module, targets in _graph().items()
        for target, line in targets.items()
        if _floor(target) > _floor(module)
    ]
    assert upward == []


def test_the_checker_sees_imports_inside_functions_and_type_only_ones() -> None:
    """The graph holds an import made inside a function and one under TYPE_CHECKING."""
    graph = _graph()
    assert "relu_tui.lessons.catalog" in graph["relu_tui.cli.main"]
    assert _circle({"a": {"b": 1}, "b": {"c": 1}, "c": {"a": 1}}) == ["a", "b", "c", "a"]
