"""A volume build survives one bad issue: the others build, the one is named, exit 2."""
from __future__ import annotations

import os
import re
import shutil

import pytest

from publish.commands import build
from tests.clirun import publish_process as publish      # a real process: the volume's pool
from tests.paths import BUNDLED


def _volume(tmp_path, n=10):
    dirs = []
    for i in range(n):
        d = tmp_path / f"2024-02-{i:02d}"
        shutil.copytree(BUNDLED, d)
        meta = d / "issue.yaml"
        meta.write_text(re.sub(r"^id: .*$", f"id: {d.name}", meta.read_text(encoding="utf-8"),
                               count=1, flags=re.M), encoding="utf-8")
        dirs.append(d)
    return dirs


def test_ten_date_like_ids_all_build(tmp_path):
    dirs = _volume(tmp_path)
    r = publish("build", *dirs, "--format", "html", "--out", tmp_path / "out", "-j", "2")
    assert r.returncode == 0, r.stderr
    assert "Traceback" not in r.stderr
    assert sorted(p.name for p in (tmp_path / "out").glob("*/*.html")) == \
        [f"2024-02-{i:02d}.html" for i in range(10)]
    assert "built 10 of 10 issues" in r.stderr


def test_poisoned_volume_builds_the_others(tmp_path):
    dirs = _volume(tmp_path, 5)
    meta = dirs[1] / "issue.yaml"
    meta.write_text(re.sub(r"^date: .*$", "date: 2024-02-30", meta.read_text(encoding="utf-8"),
                           count=1, flags=re.M), encoding="utf-8")
    art = sorted((dirs[3] / "articles").glob("*.md"))[2]
    art.write_bytes(b"---\nid: x\n\xff\xfe garbage\x00")
    r = publish("build", *dirs, "--format", "html", "--out", tmp_path / "out", "-j", "2")
    assert r.returncode == 2
    assert "Traceback" not in r.stdout + r.stderr
    errors = [line for line in r.stderr.splitlines() if line.startswith("publish: error:")]
    assert len(errors) == 2
    assert "2024-02-01/issue.yaml:" in errors[0] and "ISO date" in errors[0]
    assert f"2024-02-03/articles/{art.name}" in errors[1]
    built = sorted(p.parent.name for p in (tmp_path / "out").glob("*/*.html"))
    assert built == ["2024-02-00", "2024-02-02", "2024-02-04"]
    assert "built 3 of 5 issues" in r.stderr
    assert not list((tmp_path / "out").rglob("*.part"))


@pytest.fixture
def boom(monkeypatch):
    """Make one issue fail inside its process (forked for it: it inherits the patch)."""
    real = build.build_issue

    def patched(directory, formats, out, options):
        if directory.name == "2024-02-01":
            raise ValueError("day is out of range for month")
        if directory.name == "2024-02-02" and os.environ.get("HV_CRASH"):
            os._exit(9)                      # the worker process dies
        return real(directory, formats, out, options)

    monkeypatch.setattr(build, "build_issue", patched)


def test_unexpected_error_is_one_line(tmp_path, boom, capsys):
    dirs = _volume(tmp_path, 3)
    status = build.run(dirs, "html", tmp_path / "out", jobs=2)
    err = capsys.readouterr().err
    assert status == 2
    assert f"publish: error: {dirs[1]}: unexpected ValueError: day is out of range" in err
    assert "Traceback" not in err and "--debug" in err
    assert "built 2 of 3 issues" in err and "100%" in err
    status = build.run(dirs[1:2] * 1 + dirs[:1], "html", tmp_path / "out", jobs=2, debug=True)
    assert status == 2 and "Traceback" in capsys.readouterr().err


def test_a_dead_worker_names_its_issue(tmp_path, boom, capsys, monkeypatch):
    monkeypatch.setenv("HV_CRASH", "1")
    dirs = _volume(tmp_path, 4)
    status = build.run(dirs, "html", tmp_path / "out", jobs=2)
    err = capsys.readouterr().err
    assert status == 2
    assert f"{dirs[2]}: the build process died" in err
    assert "built 2 of 4 issues" in err and "Traceback" not in err
    assert (tmp_path / "out" / "2024-02-03" / "2024-02-03.html").exists()


def test_an_issue_whose_process_was_killed_once_is_built_alone(tmp_path, capsys, monkeypatch):
    """Killed once (say, out of memory beside another issue), it is tried again alone."""
    real, marker = build.build_issue, tmp_path / "killed-once"

    def killed_once(directory, formats, out, options):
        if directory.name == "2024-02-01" and not marker.exists():
            marker.write_text("x")
            os._exit(9)
        return real(directory, formats, out, options)

    monkeypatch.setattr(build, "build_issue", killed_once)
    dirs = _volume(tmp_path, 3)
    status = build.run(dirs, "html", tmp_path / "out", jobs=2)
    err = capsys.readouterr().err
    assert marker.exists() and status == 0, err
    assert "built 3 of 3 issues" in err and "died" not in err
    assert (tmp_path / "out" / "2024-02-01" / "2024-02-01.html").exists()
