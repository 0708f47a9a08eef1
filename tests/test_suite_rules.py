"""The suite cannot hide a failure: a missing tool fails under CI, every skip says why, and
no test skips because the project's own code would not import. And the suite stays laid out
as tests/conftest.py says: its folders mirror publish/'s packages, and no test module imports
another."""
from __future__ import annotations

import ast
import tomllib
from pathlib import Path

import pytest

from tests import clirun, tools
from tests.paths import ROOT

TESTS = ROOT / "tests"


def test_a_missing_tool_skips_on_a_desk_and_fails_in_ci(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="no-such-tool-here is not installed"):
        tools.require("no-such-tool-here")
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI=true"):
        tools.require("no-such-tool-here")
    assert tools.require("python3", "no-such-tool-here")       # present: its path


def test_skip_reasons_are_printed():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    report = next(o for o in config["tool"]["pytest"]["ini_options"]["addopts"].split()
                  if o.startswith("-r"))
    assert {"s", "f", "E"} <= set(report[2:])      # skips with reasons, failures, errors


def _calls(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            yield name, node


def test_no_test_skips_on_an_import_of_the_project_or_a_test_extra():
    """importorskip of publish (or of a package `make setup` installs) would turn a broken
    module into a skip; tools found with shutil.which go through tests/tools.py."""
    bad = []
    for path in sorted(TESTS.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for name, node in _calls(tree):
            where = f"{path.relative_to(ROOT)}:{node.lineno}"
            if name == "importorskip":
                bad.append(f"{where} importorskip")
            if name == "which" and path.name != "tools.py":
                bad.append(f"{where} shutil.which outside tests/tools.py")
            if name == "skipif":
                bad.append(f"{where} skipif")
    assert bad == []


def test_the_rule_above_can_fail(tmp_path):
    tree = ast.parse('import pytest\npytest.importorskip("publish.check")\n')
    assert [name for name, _ in _calls(tree)] == ["importorskip"]


# ------------------------------------------------------------------ the suite's layout

PACKAGE = ROOT / "publish"
CROSS_CUTTING = {"reliability"}          # end-to-end promises of every command and writer
ELSEWHERE = {"bench"}                    # tests of the repository's bench/, not of publish/
# rules over the whole package or the suite (test_catch_alls.py comes with issue 24's merge)
SUITE_WIDE = {"test_layers.py", "test_install.py", "test_suite_rules.py", "test_catch_alls.py"}


def misplaced_folders(tests: Path, package: Path) -> list[str]:
    """Folders under ``tests`` (at any depth) holding Python files that name no package of
    ``package`` at the same place: tests/<pkg>/ must mirror publish/<pkg>/."""
    bad = []
    for folder in sorted(p for p in tests.rglob("*") if p.is_dir()):
        rel = folder.relative_to(tests)
        if "__pycache__" in rel.parts or not any(folder.glob("*.py")):
            continue                                            # case files, caches
        if rel.parts[0] in CROSS_CUTTING | ELSEWHERE:
            continue
        if not (package / rel / "__init__.py").is_file():
            bad.append(f"tests/{rel.as_posix()}/ names no package publish/{rel.as_posix()}/")
    return bad


def misplaced_root_tests(tests: Path, package: Path) -> list[str]:
    """Test files at tests/'s root that test no loose module at ``package``'s root (and are
    not one of the suite-wide rules): tests/test_<module>.py mirrors publish/<module>.py."""
    return [f"tests/{path.name} tests no module publish/{path.name[len('test_'):]}"
            for path in sorted(tests.glob("test_*.py"))
            if path.name not in SUITE_WIDE and not (package / path.name[len("test_"):]).is_file()]


def _imported_modules(path: Path, tests: Path) -> set[str]:
    """The dotted names a file imports, relative imports resolved against its folder."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    here = ("tests",) + path.parent.relative_to(tests).parts
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = here[:len(here) - node.level + 1] if node.level else ()
            module = ".".join(base + ((node.module,) if node.module else ()))
            names.add(module)
            names.update(f"{module}.{alias.name}" for alias in node.names)
    return names


def modules_importing_test_modules(tests: Path) -> list[str]:
    """Every import of a test module (tests/**/test_*.py) by any file under ``tests``: what
    tests share lives in helper modules or fixtures, never in another test module."""
    bad = []
    for path in sorted(tests.rglob("*.py")):
        found = set()
        for name in _imported_modules(path, tests):
            parts = name.split(".")
            first = next((i for i, part in enumerate(parts) if part.startswith("test_")), None)
            if parts[0] == "tests" and first is not None:
                found.add(".".join(parts[:first + 1]))
        bad += [f"{path.relative_to(tests.parent).as_posix()} imports {name}"
                for name in sorted(found)]
    return bad


def test_test_folders_mirror_the_package():
    assert misplaced_folders(TESTS, PACKAGE) == []
    assert misplaced_root_tests(TESTS, PACKAGE) == []


def test_no_test_module_imports_another():
    assert modules_importing_test_modules(TESTS) == []


def test_the_layout_rules_can_fail(tmp_path):
    package = tmp_path / "publish"
    (package / "render").mkdir(parents=True)
    (package / "render" / "__init__.py").write_text("")
    (package / "cli.py").write_text("")
    tests = tmp_path / "tests"
    for folder in ("render", "importer", "reliability", "render/cases"):
        (tests / folder).mkdir(parents=True, exist_ok=True)
    (tests / "__init__.py").write_text("")
    (tests / "render" / "test_units.py").write_text("from .test_stage import helper\n")
    (tests / "render" / "cases" / "one.txt").write_text("a case file, not code\n")
    (tests / "importer" / "test_raw.py").write_text(
        "import tests.render.test_units\nfrom tests.render import test_units\n"
        "from tests.render.helpers import x\n")
    (tests / "reliability" / "test_e2e.py").write_text("from tests import tools\n")
    for name in ("test_cli.py", "test_importer.py", "test_layers.py"):
        (tests / name).write_text("")
    assert misplaced_folders(tests, package) == ["tests/importer/ names no package "
                                                 "publish/importer/"]
    assert misplaced_root_tests(tests, package) == ["tests/test_importer.py tests no module "
                                                    "publish/importer.py"]
    assert modules_importing_test_modules(tests) == [
        "tests/importer/test_raw.py imports tests.render.test_units",
        "tests/render/test_units.py imports tests.render.test_stage"]


def test_an_in_process_run_shows_what_a_real_process_would(monkeypatch, tmp_path):
    """clirun.publish runs the command in this process: an exception that escapes it reads
    as the traceback a real interpreter prints, so `"Traceback" not in r.stderr` holds the
    same promise in process as in a subprocess; a clean exit 0 or 2 shows none."""
    from publish import corpus

    def broken(*args, **kwargs):
        raise ValueError("a bug, not bad input")

    assert clirun.publish("--version").stderr == ""
    clirun.assert_user_error(clirun.publish("dump", tmp_path / "missing"), "missing")
    monkeypatch.setattr(corpus, "load", broken)
    r = clirun.publish("dump", tmp_path / "missing")
    assert r.returncode == 1
    assert "Traceback" in r.stderr and "ValueError: a bug, not bad input" in r.stderr
