"""Process pools whose workers never outlive the command that started them.

Two shapes: :func:`pool`, long-lived workers that take job after job (the units of one
issue's layout), and :func:`each_in_own_process`, a process forked for each job and gone with
it (the issues of a volume: what one issue's layout leaves behind in a process, such as the
caches of its fonts and the heap it grew, never adds to the next one's).

A worker asks the kernel to kill it when its parent dies (``PR_SET_PDEATHSIG``, so a
``kill -9`` of the build takes its workers with it) and checks that its parent is still the
process that started it (the parent may have died before that request). Workers ignore
Ctrl-C: the parent handles it, kills its workers and goes; so does any other failure in
the ``with`` block of :func:`pool`.
"""
from __future__ import annotations

import ctypes
import gc
import multiprocessing
import os
import shutil
import signal
import sys
import tempfile
import threading
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from multiprocessing.connection import wait
from typing import Any, Callable, Iterator, Sequence

PR_SET_PDEATHSIG = 1                # <linux/prctl.h>
_in_worker = False
_system_tempdir: str | None = None  # the temporary folder before a pool's scratch replaced it


def in_worker() -> bool:
    """Is this process a worker of a :func:`pool`? (What it leaves in the temporary folder
    goes with the pool's own folder.)"""
    return _in_worker


def spare_core() -> bool:
    """Is there a core for a helper beside this process? Not in a pool's worker (a volume's
    issues already take the cores), nor on one core."""
    return (os.cpu_count() or 1) > 1 and not _in_worker


def system_tempdir() -> str:
    """The system's temporary folder, also inside a worker (whose ``tempfile.gettempdir()``
    is its pool's scratch folder, gone with the pool): for what outlives a command on
    purpose, such as a dictionary index every later process reads."""
    return _system_tempdir or tempfile.gettempdir()


def die_with_parent() -> None:
    """Ask the kernel to kill this process when its parent dies (Linux; elsewhere nothing).
    Also a ``preexec_fn`` for a helper program the build runs (it survives ``exec``)."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):   # not Linux: the parent's own clean-up remains
        pass


def release_memory() -> None:
    """Give what this process freed back to the kernel: the reference cycles a layout
    leaves (WeasyPrint's boxes) are collected, then glibc returns its free heap
    (``malloc_trim``; elsewhere nothing). A long-lived process, such as a worker building
    one issue of a volume after another, so stays near its first issue's size."""
    gc.collect()
    trim_heap()


def trim_heap() -> None:
    """Only glibc's free heap back to the kernel (``malloc_trim``; elsewhere nothing): after
    work that leaves no reference cycles, such as the assembly's qpdf objects, a collection
    finds nothing and costs time."""
    try:
        ctypes.CDLL(None).malloc_trim(0)
    except (OSError, AttributeError):   # not glibc
        pass


def become_worker(parent: int) -> None:
    """What a process forked on its own (layout/apart.py) does first, as a pool's workers
    do: die with ``parent`` (at once if it is gone already), leave Ctrl-C to it, and count as
    a worker (``in_worker``: it starts no helper of its own beside its siblings)."""
    _die_with(parent)


def _die_with(parent: int, tempdir: str | None = None) -> None:
    """Pool initializer: die with ``parent``; leave Ctrl-C to it; make temporary files in
    ``tempdir`` (a worker ends with ``os._exit``: what it did not delete, such as the font
    folders WeasyPrint removes only when a document is collected, stays behind)."""
    global _in_worker, _system_tempdir
    die_with_parent()
    if os.getppid() != parent:          # the parent died before the request took effect
        os._exit(1)
    _in_worker = True
    if tempdir is not None:
        _system_tempdir = system_tempdir()
        tempfile.tempdir = tempdir
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGHUP, signal.SIG_DFL)


@contextmanager
def pool(workers: int) -> Iterator[ProcessPoolExecutor]:
    """A process pool of ``workers``; on any exception (Ctrl-C, SIGTERM turned into
    SystemExit, an error) its workers are killed before the exception goes on. The workers'
    temporary files go to a folder of the pool's own, removed with it."""
    with tempfile.TemporaryDirectory(prefix="publish-pool-") as scratch:
        executor = ProcessPoolExecutor(max_workers=workers, initializer=_die_with,
                                       initargs=(os.getpid(), scratch))
        done = threading.Event()
        threading.Thread(target=_watch, args=(executor, done), daemon=True,
                         name="publish-pool-watch").start()
        try:
            yield executor
        except BaseException:
            done.set()
            kill(executor)
            raise
        done.set()
        executor.shutdown(wait=True)


def _watch(executor: ProcessPoolExecutor, done: threading.Event) -> None:
    """Beside a pool in use: a worker that died (killed, out of memory) breaks the pool.
    The pool notices that by itself, unless it was reading that worker's result when it
    died: then it waits for the rest forever, and so does whoever waits for a result. Here
    the pool is killed instead, and every future it had fails."""
    while not done.wait(0.5):
        processes = list((getattr(executor, "_processes", None) or {}).values())
        if any(process.exitcode is not None for process in processes):
            if not done.is_set():
                kill(executor)
            return


def kill(executor: ProcessPoolExecutor) -> None:
    """Kill the pool's workers now and drop what was queued; the pool's own threads end
    too (the interpreter waits for them when it exits)."""
    processes = list((getattr(executor, "_processes", None) or {}).values())
    manager = getattr(executor, "_executor_manager_thread", None)
    results = getattr(executor, "_result_queue", None)
    # The queue feeding the workers may be blocked writing to a pipe no worker reads any
    # more; without this, the executor's thread waits for it forever and the process never
    # exits (seen with Debian's Python 3.11.2 on SIGTERM and Ctrl-C of a build)
    queue = getattr(executor, "_call_queue", None)
    if queue is not None:
        queue.cancel_join_thread()
    for process in processes:
        if process.is_alive():
            process.kill()
    executor.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        process.join(5)
    # A worker killed halfway through sending its result leaves the manager thread reading
    # the rest of that message forever: this process holds the pipe's writing end itself.
    # Closing it (the workers, who hold it too, are gone) ends that read, and the thread
    # ends the pool as broken
    if results is not None and manager is not None and manager.is_alive():
        results._writer.close()
        manager.join(5)


@contextmanager
def terminate_on_signals() -> Iterator[None]:
    """Inside the block SIGTERM and SIGHUP end this process the way Ctrl-C does: as an
    exception, so temporary files and pools are cleaned up on the way out (exit status
    128 + signal). A signal the process ignores stays ignored; the old handlers come back."""
    def leave(signum, frame):
        raise SystemExit(128 + signum)
    old = {}
    main = threading.current_thread() is threading.main_thread()   # only it may set them
    for sig in (signal.SIGTERM, signal.SIGHUP) if main else ():
        if signal.getsignal(sig) is signal.SIG_DFL:
            old[sig] = signal.signal(sig, leave)
    try:
        yield
    finally:
        for sig, handler in old.items():
            signal.signal(sig, handler)


class ProcessDied(Exception):
    """The process of a job ended without answering (killed, out of memory, ``os._exit``)."""

    def __init__(self, exitcode: int | None):
        super().__init__(f"the process ended with status {exitcode} before it answered")
        self.exitcode = exitcode


def each_in_own_process(fn: Callable[[Any], Any], tasks: Sequence, workers: int,
                        done: Callable[[int, Any], None]) -> None:
    """``fn(task)`` for every task, each in a process forked for it alone, at most ``workers``
    at once, started in the order given; ``done(index, outcome)`` is called here as each
    ends, with what ``fn`` returned, the exception it raised, or :class:`ProcessDied`.

    A forked process starts with this one's state (a test's patch included) and, ending,
    gives back all it grew. Each dies with this process (as :func:`pool`'s workers) and makes
    its temporary files in a folder of its own, removed when it ends; on any exception here
    (Ctrl-C, SIGTERM turned into SystemExit, an error in ``done``) the running ones are
    killed."""
    try:
        context = multiprocessing.get_context("fork")
    except ValueError:                  # no fork (not POSIX): the platform's own start
        context = multiprocessing.get_context()
    todo = list(enumerate(tasks))[::-1]
    running: dict[Any, tuple] = {}      # the answer's pipe -> (index, process, its folder)
    with tempfile.TemporaryDirectory(prefix="publish-pool-") as scratch:
        try:
            while todo or running:
                while todo and len(running) < max(1, workers):
                    index, task = todo.pop()
                    answer, send = context.Pipe(duplex=False)
                    own = tempfile.mkdtemp(dir=scratch)     # removed when the job ends
                    process = context.Process(target=_one_job, daemon=True,
                                              args=(fn, task, send, os.getpid(), own))
                    process.start()
                    send.close()                # the pipe's end is the child's alone now
                    running[answer] = (index, process, own)
                for answer in wait(list(running)):
                    index, process, own = running.pop(answer)
                    try:
                        outcome = answer.recv()
                    except (EOFError, OSError):    # it died without a word
                        process.join()
                        outcome = ProcessDied(process.exitcode)
                    answer.close()
                    process.join()
                    shutil.rmtree(own, ignore_errors=True)  # its font copies: 50 MB each
                    done(index, outcome)
        finally:
            for answer, (_, process, _own) in running.items():
                if process.is_alive():
                    process.kill()
                process.join(5)
                answer.close()


def _one_job(fn, task, send, parent: int, scratch: str) -> None:
    """In the forked process: die with ``parent``, run the job, send what came of it, go."""
    _die_with(parent, scratch)
    try:
        outcome = fn(task)
    except BaseException as exc:       # noqa: BLE001 - it goes to the parent, as an answer
        outcome = exc
    try:
        send.send(outcome)
    except Exception as exc:            # noqa: BLE001 - an answer that cannot be pickled
        send.send(RuntimeError(f"{type(exc).__name__}: {exc}"))
    send.close()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError, AttributeError):
            pass
    os._exit(0)                         # no clean-up of a heap that is about to go anyway
