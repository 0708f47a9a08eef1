"""`pip install .` gives a working `publish`: templates and fonts ship inside the package.

The slow test installs a clean copy of the checkout (no .git, .venv, build/ or outputs) into
a fresh venv, deletes the copy, and builds the bundled issue from another folder: the
installed package can only have used its own templates and fonts.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from tests.paths import BUNDLED, ROOT

# checkout files that are build scripts, not run-time data (they need not ship)
BUILD_SCRIPTS = {"templates/docx/make_reference.py", "fonts/regenerate.sh", "fonts/build_fonts.py"}
# what a clean clone does not have (or does not need to install)
NOT_SOURCE = shutil.ignore_patterns(".git", ".venv", "build", "out", "*.egg-info", "__pycache__",
                                    "node_modules", ".hypothesis", ".pytest_cache", "_work")


def _setuptools() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]


def test_every_python_package_is_listed():
    """pyproject.toml lists packages by hand (the data folders need it): none may be forgotten."""
    found = {".".join(p.parent.relative_to(ROOT).parts)
             for p in (ROOT / "publish").rglob("__init__.py") if "__pycache__" not in p.parts}
    listed = set(_setuptools()["packages"])
    assert found <= listed, f"add to [tool.setuptools] packages: {sorted(found - listed)}"
    mapped = set(_setuptools()["package-dir"])
    assert listed - found == mapped == {"publish.templates", "publish.fonts"}


def _data_files() -> dict[str, Path]:
    """Checkout data the package reads at run time: 'templates/…' and 'fonts/…' → file."""
    files = {}
    for folder in ("templates", "fonts"):
        for path in (ROOT / folder).rglob("*"):
            rel = path.relative_to(ROOT).as_posix()
            if path.is_file() and "__pycache__" not in path.parts and rel not in BUILD_SCRIPTS:
                files[rel] = path
    return files


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _run(cmd: list, cwd: Path, env: dict, timeout: int) -> subprocess.CompletedProcess:
    proc = subprocess.run([str(c) for c in cmd], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=timeout)
    assert proc.returncode == 0, f"{cmd[:3]} exited {proc.returncode}:\n{proc.stdout}\n{proc.stderr}"
    return proc


@pytest.mark.slow
def test_pip_install_then_build_elsewhere(tmp_path: Path):
    env = {k: v for k, v in os.environ.items()
           if k not in ("PUBLISH_FONTS", "PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}
    # pip may reuse its wheel cache (the session moved XDG_CACHE_HOME to a scratch folder)
    env.setdefault("PIP_CACHE_DIR", str(Path.home() / ".cache" / "pip"))
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()

    src = tmp_path / "src"
    shutil.copytree(ROOT, src, ignore=NOT_SOURCE, symlinks=True)
    venv = tmp_path / "venv"
    _run([sys.executable, "-m", "venv", venv], elsewhere, env, 120)
    _run([venv / "bin" / "python", "-m", "pip", "install", "-q", src], elsewhere, env, 1500)
    shutil.rmtree(src)                           # the build cannot read the checkout's copy

    probe = ("import json, publish, publish.paths as p; print(json.dumps({'package': publish.__file__,"
             " 'templates': str(p.TEMPLATES), 'fonts': str(p.FONTS)}))")
    where = json.loads(_run([venv / "bin" / "python", "-c", probe], elsewhere, env, 60).stdout)
    package = Path(where["package"]).parent
    assert package.parent.name == "site-packages" and package.is_relative_to(venv)
    assert Path(where["templates"]) == package / "templates"
    assert Path(where["fonts"]) == package / "fonts"

    # every run-time file of templates/ and fonts/ ships, byte for byte; the build scripts do not
    for rel, path in _data_files().items():
        shipped = package / rel
        assert shipped.is_file(), f"{rel} does not ship"
        assert _sha(shipped) == _sha(path), f"{rel} ships changed"
    assert not (package / "templates" / "docx" / "make_reference.py").exists()
    assert not (package / "fonts" / "regenerate.sh").exists()

    out = tmp_path / "out"
    build_env = {**env, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    _run([venv / "bin" / "publish", "build", BUNDLED, "--out", out, "--format", "pdf,html,docx,epub"],
         elsewhere, build_env, 900)
    issue = out / BUNDLED.name
    for ext in ("pdf", "html", "docx", "epub"):
        made = issue / f"{BUNDLED.name}.{ext}"
        assert made.is_file() and made.stat().st_size > 10_000, f"{made.name} missing or tiny"
    assert (issue / f"{BUNDLED.name}.pdf").read_bytes().startswith(b"%PDF-")
    # the HTML edition carries the fonts it was set in: the installed ones
    html_fonts = [p for p in issue.rglob("*") if p.suffix in (".otf", ".ttf")]
    assert html_fonts
    for font in html_fonts:
        assert _sha(font) == _sha(package / "fonts" / font.name)
    assert not any(elsewhere.iterdir()), "the build wrote into the working folder"
