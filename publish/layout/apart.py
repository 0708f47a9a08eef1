"""Work done in a forked child while the caller goes on with its own (the second core).

``apart(fn)`` forks a child that runs ``fn()`` and sends back what it returned (pickled,
through a pipe); the caller meanwhile does its own share, then calls the ``Apart`` returned
for the child's result (None: the child failed), or cancels it. No child is started (None)
where the system does not fork, when another thread runs (a fork would copy it in an
unknown state), on a single core, or, ``alone``, when this process is already one of
several the build runs at once (a child counts as one: it forks nothing alone itself).
Without a result the caller does that work itself, where any error it raises is seen. The
child dies with the caller, as every process the build starts (``procpool.become_worker``),
and never returns into the caller's code; a caller interrupted while it waits ends it.
"""
from __future__ import annotations

import os
import pickle
import signal
import sys
import threading
from collections.abc import Callable
from typing import Any

from .. import procpool


def can_fork() -> bool:
    """May this process fork a helper now (Linux, no other thread), and is there a core
    for it (on one, a child only adds the fork's own cost)?"""
    return (hasattr(os, "fork") and sys.platform == "linux" and threading.active_count() == 1
            and len(os.sched_getaffinity(0)) > 1)


class Apart:
    """A child at work: call it for its result (None: it failed), or ``cancel`` it."""

    def __init__(self, pid: int, read: int):
        self.pid, self.read = pid, read
        self.done = False
        self.parent = os.getpid()       # a later child inherits this object: not its own

    def __call__(self) -> Any | None:
        try:
            with os.fdopen(self.read, "rb", closefd=False) as inp:
                data = inp.read()
            _, status = os.waitpid(self.pid, 0)
        except BaseException:           # interrupted (SIGTERM made SystemExit): ended too
            self.cancel()
            raise
        self.done = True
        os.close(self.read)
        if status != 0 or not data:
            return None
        try:
            return pickle.loads(data)
        except (pickle.UnpicklingError, EOFError, ValueError):  # the caller does it itself
            return None

    def cancel(self) -> None:
        """The caller will not ask (it failed itself): the child is ended, not left waiting."""
        if self.done or os.getpid() != self.parent:
            return
        self.done = True
        try:
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass
        os.close(self.read)

    def __del__(self):              # dropped unasked (an error on the way): not left behind
        self.cancel()


def apart(fn: Callable[[], Any], *, alone: bool = False) -> Apart | None:
    """``fn()`` started in a forked child (None when no child was started: see the module's
    docstring). ``alone``: not in a worker of a pool or of ``procpool.each_in_own_process``,
    whose siblings have the other cores. (Not judged by the load average: a build's own
    processes raise it, and a fork costs milliseconds where the other core is taken.)"""
    if not can_fork() or (alone and procpool.in_worker()):
        return None
    read, write = os.pipe()
    parent = os.getpid()
    pid = os.fork()
    if pid == 0:                                  # the child: work, send, and go
        status = 1
        try:
            procpool.become_worker(parent)        # dies with it; forks nothing alone itself
            os.close(read)
            with os.fdopen(write, "wb") as out:
                out.write(pickle.dumps(fn(), protocol=pickle.HIGHEST_PROTOCOL))
            status = 0
        finally:
            os._exit(status)          # never back into the caller's code, whatever happened
    os.close(write)
    return Apart(pid, read)
