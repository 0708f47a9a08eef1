"""The package's layers (docs/architecture.md) hold in the code: imports run downward only.

Every import statement in publish/ counts: top level, inside functions (lazy imports) and
under ``if TYPE_CHECKING``. The layer map is read from docs/architecture.md, so the map a
newcomer reads is the one the code is held to; every module must appear in it exactly once.
Pure ``ast``: nothing in publish/ is imported.
"""
from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path


from tests.paths import ROOT

PACKAGE = ROOT / "publish"
ARCHITECTURE = ROOT / "docs" / "architecture.md"
#: the only package allowed to import WeasyPrint
RENDER = "publish.render"
WRITERS = "publish.writers"

_LAYER = re.compile(r"^###\s+(\d+)\.\s+(.+?)\s*$")
_ROW = re.compile(r"^\|\s*`([\w/]+(?:\.py|/))`\s*\|")


@dataclass(frozen=True)
class Import:
    module: str          # the importing module
    target: str          # what it imports: a publish module, or an outside top-level name
    line: int

    def where(self) -> str:
        return f"{path_of(self.module)}:{self.line}"


# ----------------------------------------------------------------------------- reading

def module_files(package: Path = PACKAGE) -> dict[str, Path]:
    """Every module of the package (directories without __init__.py are data, not code)."""
    out = {}
    for path in sorted(package.rglob("*.py")):
        rel = path.relative_to(package.parent)
        if not all((package.parent / parent / "__init__.py").is_file()
                   for parent in rel.parents if parent != Path(".")):
            continue
        parts = list(rel.with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


def path_of(module: str) -> str:
    path = MODULES.get(module)
    return str(path.relative_to(ROOT)) if path else module


def parse(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), str(path))


def imports_of(module: str, path: Path, known: set[str], tree: ast.Module | None = None
               ) -> list[Import]:
    """Every import statement of ``module``, resolved to module names."""
    is_package = path.name == "__init__.py"
    out = []
    for node in ast.walk(tree or parse(path)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.split(".") if is_package else module.split(".")[:-1]
                base = base[:len(base) - (node.level - 1)]
                prefix = ".".join(base + ([node.module] if node.module else []))
            else:
                prefix = node.module or ""
            # ``from pkg import name``: the submodule pkg.name when there is one
            names = [f"{prefix}.{a.name}" if f"{prefix}.{a.name}" in known else prefix
                     for a in node.names]
        else:
            continue
        for name in names:
            if name != "publish" and not name.startswith("publish."):
                out.append(Import(module, name.split(".")[0], node.lineno))
                continue
            out.append(Import(module, name, node.lineno))
            # importing a.b.c runs a/__init__ and a/b/__init__ first (seen from outside them)
            parts = name.split(".")
            for i in range(2, len(parts)):
                parent = ".".join(parts[:i])
                if module != parent and not module.startswith(parent + "."):
                    out.append(Import(module, parent, node.lineno))
    return out


def layer_map(text: str) -> tuple[dict[str, int], dict[int, str], list[str]]:
    """docs/architecture.md's layer tables → module → layer number, the layer names, and
    the problems found reading them (a module listed twice, a row outside a layer)."""
    layers: dict[str, int] = {}
    names: dict[int, str] = {}
    problems = []
    current = None
    for number, line in enumerate(text.splitlines(), 1):
        if line.startswith("## "):
            current = None
        m = _LAYER.match(line)
        if m:
            current = int(m.group(1))
            names[current] = m.group(2)
            continue
        m = _ROW.match(line)
        if not m:
            continue
        rel = m.group(1)
        module = ".".join(["publish", *rel.removesuffix(".py").removesuffix("/").split("/")])
        module = module.removesuffix(".__init__")
        if current is None:
            problems.append(f"architecture.md:{number}: {rel} is outside any layer")
        elif module in layers:
            problems.append(f"architecture.md:{number}: {rel} is listed twice")
        else:
            layers[module] = current
    return layers, names, problems


MODULES = module_files()
TREES = {module: parse(path) for module, path in MODULES.items()}
IMPORTS = [imp for module, path in MODULES.items()
           for imp in imports_of(module, path, set(MODULES), TREES[module])]
LAYERS, LAYER_NAMES, MAP_PROBLEMS = layer_map(ARCHITECTURE.read_text(encoding="utf-8"))


def graph() -> dict[str, set[str]]:
    edges: dict[str, set[str]] = {m: set() for m in MODULES}
    for imp in IMPORTS:
        if imp.target in MODULES:
            edges[imp.module].add(imp.target)
    return edges


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """One cycle (a → … → a) per strongly connected component that has one (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(edges[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = set()
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.add(w)
                if w == v:
                    break
            if len(component) > 1 or v in edges[v]:
                components.append(component)

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return [_cycle_in(c, edges) for c in components]


def _cycle_in(component: set[str], edges: dict[str, set[str]]) -> list[str]:
    """A shortest path from the component's first module back to itself."""
    start = min(component)
    paths = {start: [start]}
    queue = [start]
    while queue:
        v = queue.pop(0)
        for w in sorted(edges[v] & component):
            if w == start:
                return paths[v] + [start]
            if w not in paths:
                paths[w] = paths[v] + [w]
                queue.append(w)
    raise AssertionError(f"no cycle through {start}")       # cannot happen in an SCC


# ----------------------------------------------------------------------------- the rules

def test_the_layer_map_lists_every_module_once():
    assert not MAP_PROBLEMS, "\n".join(MAP_PROBLEMS)
    assert len(LAYER_NAMES) >= 5, "docs/architecture.md: no layer tables found"
    missing = sorted(set(MODULES) - set(LAYERS))
    gone = sorted(set(LAYERS) - set(MODULES))
    assert not missing, ("modules with no line in docs/architecture.md (add one under their "
                         "layer): " + ", ".join(path_of(m) for m in missing))
    assert not gone, "docs/architecture.md lists modules that do not exist: " + ", ".join(gone)


def test_no_import_cycle():
    found = cycles(graph())
    assert not found, "import cycles:\n" + "\n".join(" → ".join(c) for c in found)


def upward(imports: list[Import], layers: dict[str, int], names: dict[int, str]) -> list[str]:
    """The imports of a module in a higher layer than the importer's."""
    out = []
    for imp in imports:
        if imp.module not in layers or imp.target not in layers:
            continue
        own, theirs = layers[imp.module], layers[imp.target]
        if theirs > own:
            out.append(f"{imp.where()}: {imp.module} ({own}. {names[own]}) imports "
                       f"{imp.target} ({theirs}. {names[theirs]})")
    return out


def test_no_module_imports_a_layer_above_its_own():
    found = upward(IMPORTS, LAYERS, LAYER_NAMES)
    assert not found, "imports against the layers:\n" + "\n".join(found)


def test_every_publish_import_names_a_module_that_exists():
    """A stale lazy import fails only when its branch runs; here it fails at once."""
    stale = [f"{imp.where()}: {imp.target}" for imp in IMPORTS
             if imp.target.startswith("publish") and imp.target not in MODULES]
    assert not stale, "imports of modules that do not exist:\n" + "\n".join(stale)


def test_only_the_render_stage_imports_weasyprint():
    outside = [imp.where() for imp in IMPORTS if imp.target == "weasyprint"
               and imp.module != RENDER and not imp.module.startswith(RENDER + ".")]
    assert not outside, "WeasyPrint imported outside publish/render/: " + ", ".join(outside)


def test_no_writer_imports_another_writer_or_the_registry():
    crossing = [f"{imp.where()}: {imp.target}" for imp in IMPORTS
                if imp.module.startswith(WRITERS + ".")
                and (imp.target == WRITERS or imp.target.startswith(WRITERS + "."))
                and imp.target != imp.module]
    assert not crossing, "writers importing writers:\n" + "\n".join(crossing)


def test_no_dynamic_imports():
    """importlib / __import__ would hide an edge from every rule above."""
    found = []
    for module, tree in TREES.items():
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                name = node.func.attr if isinstance(node.func, ast.Attribute) else \
                    getattr(node.func, "id", "")
                if name in ("import_module", "__import__"):
                    found.append(f"{path_of(module)}:{node.lineno}")
    assert not found, "dynamic imports: " + ", ".join(found)


# ------------------------------------------------------------------- the checker itself

def _write(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root / "publish"


def test_the_checker_sees_lazy_relative_and_parent_imports(tmp_path):
    package = _write(tmp_path, {
        "publish/__init__.py": "",
        "publish/a.py": "def f():\n    from .sub import b\n",
        "publish/sub/__init__.py": "from .. import a\n",
        "publish/sub/b.py": "from . import c\nimport weasyprint.css\n",
        "publish/sub/c.py": "",
        "publish/templates/x.py": "import publish.a\n",          # data folder: not a module
    })
    modules = module_files(package)
    assert set(modules) == {"publish", "publish.a", "publish.sub", "publish.sub.b",
                            "publish.sub.c"}
    edges = {m: set() for m in modules}
    targets = []
    for module, path in modules.items():
        for imp in imports_of(module, path, set(modules)):
            targets.append((module, imp.target))
            if imp.target in modules:
                edges[module].add(imp.target)
    assert ("publish.a", "publish.sub.b") in targets          # lazy, relative
    assert ("publish.a", "publish.sub") in targets            # its package runs first
    assert ("publish.sub.b", "publish.sub.c") in targets
    assert ("publish.sub.b", "weasyprint") in targets
    assert ("publish.sub.b", "publish.sub") not in targets    # its own package: no edge
    assert cycles(edges) == [["publish.a", "publish.sub", "publish.a"]]


def test_the_layer_map_reader():
    text = ("## Layers\n\n### 1. Base\n\n| module | owns |\n|---|---|\n"
            "| `errors.py` | errors |\n| `render/` | the package |\n\n"
            "### 2. Top\n\n| `cli.py` | the command |\n| `errors.py` | again |\n\n"
            "## Data flow\n\n| `model.py` | not in a layer |\n")
    layers, names, problems = layer_map(text)
    assert layers == {"publish.errors": 1, "publish.render": 1, "publish.cli": 2}
    assert names == {1: "Base", 2: "Top"}
    assert len(problems) == 2 and "twice" in problems[0] and "outside" in problems[1]
    down, up = Import("publish.cli", "publish.errors", 3), Import("publish.errors", "publish.cli", 7)
    assert upward([down], layers, names) == []
    assert upward([down, up], layers, names) == [
        "publish/errors.py:7: publish.errors (1. Base) imports publish.cli (2. Top)"]

