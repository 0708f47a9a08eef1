"""publish/procpool.py: a pool's workers leave no temporary files behind (they end with
os._exit, so whatever they did not delete themselves used to stay: WeasyPrint's font folders,
50 MB for each document still alive in a worker)."""
from __future__ import annotations

import tempfile
from pathlib import Path

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
