"""The outside programs the tests drive, the fonts LibreOffice sees, and a fresh Python.

`make setup` (scripts/system-deps.sh test, scripts/install-ace.sh) installs every program
named here. On a developer's machine a missing one skips its tests with the reason printed
(`-rs`); under CI (``CI=true``) it fails them: a green run must never hide an install step
that did not happen.

LibreOffice is handed a fontconfig file that includes the machine's configuration and the
project's own ``fonts/``, so the DOCX tests see the faces they expect on a machine with no
CJK fonts at all (a fresh Debian has none; Chinese then came out in DejaVu Sans).
docs/screenshots.py uses the same environment.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from publish.render import fontconfig

ROOT = Path(__file__).resolve().parent.parent
ACE = ROOT / "tools" / "ace" / "node_modules" / ".bin" / "ace-puppeteer"
SETUP = "scripts/system-deps.sh test installs it (make setup)"


def in_ci() -> bool:
    """True when the environment says this is CI (CI=true, as .ci/run is started)."""
    return os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")


def missing(what: str, how: str = SETUP) -> None:
    """A tool the set-up installs is absent: skip here, fail under CI."""
    message = f"{what} is not installed: {how}"
    if in_ci():
        pytest.fail(f"{message} (CI=true: every tool `make setup` installs must be there)",
                    pytrace=False)
    pytest.skip(message)


def require(*names: str, how: str = SETUP) -> str:
    """The path of the first of ``names`` on PATH; skips (fails under CI) when none is."""
    for name in names:
        found = shutil.which(name)
        if found:
            return found
    missing(names[0], how)
    raise AssertionError("unreachable")  # pytest.skip/fail raise


def soffice() -> str:
    return require("soffice", "libreoffice")


def chromium() -> str:
    return require("chromium", "chromium-browser")


def ace() -> Path:
    """Ace by DAISY's command (npm @daisy/ace in tools/ace), with Chromium present."""
    chromium()
    if not ACE.exists():
        missing("Ace by DAISY", "scripts/install-ace.sh installs tools/ace (make setup)")
    return ACE


def office_env() -> dict[str, str]:
    """The environment LibreOffice runs in for the tests: the machine's fonts and the
    project's free faces in fonts/ (Noto Serif/Sans CJK SC, LXGW WenKai)."""
    return fontconfig.machine_and(ROOT / "fonts")


def as_from_a_terminal() -> None:
    """``preexec_fn`` for a child the tests interrupt: Ctrl-C's default action restored.

    A shell without job control starts background commands with SIGINT ignored, and a
    child inherits that (CI or scripts/fresh-machine.sh started from such a shell); a user's
    terminal delivers Ctrl-C to a process whose SIGINT is at its default."""
    import signal
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def python_prints(code: str) -> str:
    """What ``python -c code`` prints in a fresh interpreter, run from the project's root
    (what a new process imports, and only that, is what such tests look at)."""
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=ROOT, check=True).stdout
