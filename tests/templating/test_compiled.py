"""Templates compiled once, kept in publish's cache (templating.CompiledTemplates)."""
from __future__ import annotations

import jinja2

from publish import cache
from publish.templating import CompiledTemplates


def _environment(folder) -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.FileSystemLoader(str(folder)),
                              bytecode_cache=CompiledTemplates())


def _compiles(env: jinja2.Environment, name: str, monkeypatch) -> int:
    made = []
    compile_ = env.compile
    monkeypatch.setattr(env, "compile", lambda *a, **k: made.append(1) or compile_(*a, **k))
    env.get_template(name)
    return len(made)


def test_a_template_is_compiled_once_for_every_process(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    (tmp_path / "t.html").write_text("{{ a }}!", encoding="utf-8")
    assert _compiles(_environment(tmp_path), "t.html", monkeypatch) == 1
    later = _environment(tmp_path)                  # another process's environment
    assert _compiles(later, "t.html", monkeypatch) == 0
    assert later.get_template("t.html").render(a="甲") == "甲!"


def test_a_changed_template_is_compiled_again(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    (tmp_path / "t.html").write_text("{{ a }}!", encoding="utf-8")
    _environment(tmp_path).get_template("t.html")
    (tmp_path / "t.html").write_text("{{ a }}?", encoding="utf-8")
    later = _environment(tmp_path)
    assert _compiles(later, "t.html", monkeypatch) == 1
    assert later.get_template("t.html").render(a="甲") == "甲?"


def test_with_the_cache_off_nothing_is_kept(tmp_path, monkeypatch):
    monkeypatch.setenv("PUBLISH_CACHE", "off")
    (tmp_path / "t.html").write_text("{{ a }}", encoding="utf-8")
    assert _compiles(_environment(tmp_path), "t.html", monkeypatch) == 1
    assert _compiles(_environment(tmp_path), "t.html", monkeypatch) == 1
    assert cache.folder() is None
