"""Work done in a forked child: its result comes back, its failure is the caller's to see,
and a cancelled child is ended, not left waiting."""
from __future__ import annotations

import os

import pytest

from publish import procpool
from publish.layout import apart as apartlib
from publish.layout.apart import apart


def test_the_childs_result_comes_back_and_it_ran_elsewhere():
    here = os.getpid()
    child = apart(lambda: (os.getpid(), [1, "二", {"x": 3.5}]))
    assert (child is not None) == apartlib.can_fork()         # forks on Linux, two cores
    if child is None:
        return
    pid, value = child()
    assert pid != here and value == [1, "二", {"x": 3.5}]


def test_a_child_that_fails_gives_none():
    def fail():
        raise RuntimeError("in the child")
    child = apart(fail)
    assert child is None or child() is None


def test_a_cancelled_child_is_ended():
    child = apart(lambda: __import__("time").sleep(60))
    if child is None:
        assert not apartlib.can_fork()
        return
    child.cancel()
    with pytest.raises(ChildProcessError):
        os.waitpid(child.pid, os.WNOHANG)          # reaped: no such child any more


def test_no_child_with_another_thread_running(monkeypatch):
    monkeypatch.setattr(apartlib.threading, "active_count", lambda: 2)
    assert apart(lambda: 1) is None


def test_no_child_for_work_alone_in_a_worker(monkeypatch):
    monkeypatch.setattr(procpool, "in_worker", lambda: True)
    assert apart(lambda: 1, alone=True) is None


def test_no_child_on_a_single_core(monkeypatch):
    monkeypatch.setattr(apartlib.os, "sched_getaffinity", lambda pid: {0}, raising=False)
    assert apart(lambda: 1) is None


def test_a_child_inheriting_a_sibling_never_ends_it():
    first = apart(lambda: __import__("time").sleep(0.5) or "first")
    if first is None:
        assert not apartlib.can_fork()
        return
    second = apart(lambda: first.cancel() or "second")     # runs in the second child
    assert second() == "second"
    assert first() == "first"                              # still alive: it answers
