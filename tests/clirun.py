"""Running `publish` in tests: in process with click's CliRunner (exit status, output, files
written), or in a real interpreter where the test is about the process itself (signals,
process pools, Ctrl-C, the environment, no traceback from a real `python -m publish.cli`).

Both give the same three fields, ``returncode``, ``stdout`` and ``stderr``, so a test reads
one result whichever way the command ran.
"""
from __future__ import annotations

import contextlib
import os
import queue
import subprocess
import sys
import threading
import time
import traceback
from dataclasses import dataclass
from pathlib import Path

from click.testing import CliRunner

from tests import tools


@dataclass(frozen=True)
class Ran:
    """What an in-process run left: the exit status and the two streams, apart."""
    returncode: int
    stdout: str
    stderr: str


def publish(*args, cwd: Path | None = None) -> Ran:
    """`publish ARGS…` in this process. An exception the command let escape (other than
    SystemExit) is written into ``stderr`` as the traceback a real process would print, so
    ``"Traceback" not in r.stderr`` means the same here as in a subprocess."""
    from publish.cli import main
    with contextlib.chdir(cwd) if cwd is not None else contextlib.nullcontext():
        result = CliRunner().invoke(main, [str(a) for a in args])
    stderr = result.stderr
    if result.exc_info is not None and not isinstance(result.exc_info[1], SystemExit):
        stderr += "".join(traceback.format_exception(*result.exc_info))
    return Ran(result.exit_code, result.stdout, stderr)


def publish_process(*args, cwd: Path | None = None, env: dict | None = None,
                    timeout: float | None = 600) -> subprocess.CompletedProcess:
    """`python -m publish.cli ARGS…` in its own interpreter (``env`` added to this one's)."""
    full = {**os.environ, **env} if env is not None else None
    return subprocess.run([sys.executable, "-m", "publish.cli", *map(str, args)],
                          capture_output=True, text=True, cwd=cwd, env=full, timeout=timeout)


def assert_user_error(result, *needles: str) -> None:
    """Exit status 2, no traceback, and every needle in stderr (a Ran or a process)."""
    out = result.stdout + result.stderr
    assert result.returncode == 2, out
    assert "Traceback" not in out
    for needle in needles:
        assert needle in result.stderr, result.stderr


WAIT = 180          # seconds for one build on a loaded 2-core machine


class Watch:
    """`publish watch` in a subprocess; its stdout read line by line on a thread."""

    def __init__(self, corpus: Path, out: Path, *extra: str):
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "publish.cli", "watch", str(corpus), "--format", "html",
             "--out", str(out), "--poll", "0.1", *extra],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1"}, preexec_fn=tools.as_from_a_terminal)
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.proc.stdout:
            self.lines.put(line.rstrip("\n"))

    def until(self, needle: str, timeout: float = WAIT) -> list[str]:
        """Lines read up to and including the first one containing ``needle``."""
        got: list[str] = []
        end = time.monotonic() + timeout
        while True:
            try:
                line = self.lines.get(timeout=max(0.1, end - time.monotonic()))
            except queue.Empty:
                raise AssertionError(f"no {needle!r} within {timeout} s; got {self.seen}")
            got.append(line)
            self.seen.append(line)
            if needle in line:
                return got

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait(30)
