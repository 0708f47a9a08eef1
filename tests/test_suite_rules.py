"""The suite cannot hide a failure: a missing tool fails under CI, every skip says why, and
no test skips because the project's own code would not import."""
from __future__ import annotations

import ast
import tomllib
from pathlib import Path

import pytest

from tests import tools
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
