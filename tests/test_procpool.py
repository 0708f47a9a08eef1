"""publish/procpool.py: a pool's workers leave no temporary files behind (they end with
os._exit, so whatever they did not delete themselves used to stay: WeasyPrint's font folders,
50 MB for each document still alive in a worker)."""
from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

import pytest

from publish import procpool


def _leave_a_folder(_: int) -> str:
    folder = Path(tempfile.mkdtemp(prefix="left-behind-"))
    (folder / "font").write_bytes(b"x" * 1024)
    return str(folder)


def test_what_workers_leave_in_their_temporary_folder_goes_with_the_pool():
    with procpool.pool(2) as pool:
        left = list(pool.map(_leave_a_folder, range(4)))
        assert all(Path(p).is_dir() for p in left)
        assert all(Path(p).parent != Path(tempfile.gettempdir()) for p in left)
    assert not any(Path(p).exists() for p in left)


def test_a_worker_knows_it_is_one():
    assert not procpool.in_worker()
    with procpool.pool(1) as executor:
        assert executor.submit(procpool.in_worker).result() is True
    assert not procpool.in_worker()


def test_release_memory_collects_reference_cycles():
    import gc
    import weakref

    class Node:
        pass

    a, b = Node(), Node()
    a.other, b.other = b, a
    gone = weakref.ref(a)
    del a, b
    gc.disable()
    try:
        procpool.release_memory()
    finally:
        gc.enable()
    assert gone() is None


def _tempdirs(_: int) -> tuple[str, str]:
    return procpool.system_tempdir(), tempfile.gettempdir()


def test_a_worker_knows_the_system_temporary_folder():
    with procpool.pool(1) as pool:
        system, own = pool.submit(_tempdirs, 0).result()
    assert system == tempfile.gettempdir() and own != system
    assert Path(own).name.startswith("publish-pool-")


_STATE = {"patched": False}


def _job(n: int):
    """0: fails; 1: the process dies; 2: leaves a folder; else its pid and what it saw."""
    if n == 0:
        raise ValueError("no zero")
    if n == 1:
        os._exit(9)
    if n == 2:
        return _leave_a_folder(n)
    return os.getpid(), os.getppid(), _STATE["patched"], procpool.in_worker()


def test_each_job_in_a_process_of_its_own():
    _STATE["patched"] = True           # set after import: only a fork sees it
    try:
        seen: dict[int, object] = {}
        procpool.each_in_own_process(_job, [5, 0, 1, 2, 6, 7], 2,
                                     lambda i, out: seen.setdefault(i, out))
    finally:
        _STATE["patched"] = False
    assert sorted(seen) == list(range(6))
    assert isinstance(seen[1], ValueError) and str(seen[1]) == "no zero"
    assert isinstance(seen[2], procpool.ProcessDied) and seen[2].exitcode == 9
    left = Path(seen[3])
    assert left.parent.parent.name.startswith("publish-pool-") and not left.exists()
    pids = {seen[i][0] for i in (0, 4, 5)}
    assert len(pids) == 3 and os.getpid() not in pids         # one fresh process each
    assert all(seen[i][1:] == (os.getpid(), True, True) for i in (0, 4, 5))
    assert not procpool.in_worker()


def test_an_error_in_the_callback_kills_the_running_jobs():
    running: list[int] = []

    def done(i, out):
        running.extend(_children_of(os.getpid()))
        raise KeyboardInterrupt

    start = time.monotonic()
    with pytest.raises(KeyboardInterrupt):
        procpool.each_in_own_process(_sleep_then_pid, [0, 60, 60], 2, done)
    assert time.monotonic() - start < 30 and running
    assert not [pid for pid in running if Path(f"/proc/{pid}").exists()]


def _sleep_then_pid(seconds: int):
    time.sleep(seconds)
    return os.getpid(), seconds


def _children_of(pid: int) -> list[int]:
    try:
        return [int(x) for x in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


_half_answer_writer = None      # the pool's result pipe, seen by a forked worker


def _die_halfway_through_an_answer(_: int) -> None:
    """A worker killed while it writes its answer: the pool's reader waits for the rest."""
    import signal
    import struct
    os.write(_half_answer_writer.fileno(), struct.pack("!i", 1 << 20) + b"x" * 100)
    os.kill(os.getpid(), signal.SIGKILL)


def test_a_pool_killed_while_a_worker_was_answering_leaves_no_thread_waiting():
    """A build killed (SIGTERM) while a worker was halfway through sending its result hung
    at exit: the pool's manager thread waited for the rest of that message forever (the
    parent itself holds the pipe's other end), and the interpreter waits for that thread."""
    import threading
    global _half_answer_writer
    before = set(threading.enumerate())
    with pytest.raises(KeyboardInterrupt):
        with procpool.pool(1) as executor:
            _half_answer_writer = executor._result_queue._writer
            executor.submit(_die_halfway_through_an_answer, 0)
            time.sleep(1.0)         # the worker has written half an answer and died
            raise KeyboardInterrupt
    end = time.monotonic() + 10
    while time.monotonic() < end and set(threading.enumerate()) - before:
        time.sleep(0.05)
    assert not set(threading.enumerate()) - before, "a thread of the killed pool still waits"


def _sleep(seconds: float) -> float:
    time.sleep(seconds)
    return seconds


def test_a_worker_that_dies_halfway_through_its_answer_breaks_the_pool():
    """Not only at exit: whoever waits for a result of a pool whose worker died mid-answer
    (out of memory, killed) is told the pool broke, instead of waiting forever."""
    from concurrent.futures.process import BrokenProcessPool
    global _half_answer_writer
    with pytest.raises(BrokenProcessPool):
        with procpool.pool(2) as executor:
            _half_answer_writer = executor._result_queue._writer
            executor.submit(_sleep, 30)     # a live sibling holds the pipe's end too
            dying = executor.submit(_die_halfway_through_an_answer, 0)
            dying.result(timeout=20)
