"""Each option set is declared once, in publish/options.py, and the CLI offers exactly it."""
from __future__ import annotations

import ast

import click
from click.testing import CliRunner
import pytest
import weasyprint.pdf

from publish import cli, options, writers
from tests.paths import ROOT
from tests.tools import python_prints

PACKAGE = ROOT / "publish"


def _choices(command: click.Command, name: str) -> tuple[str, ...]:
    param = next(p for p in command.params if p.name == name)
    return tuple(param.type.choices)


def test_the_cli_offers_the_declared_choices():
    for name, command in (("build", cli.build), ("watch", cli.watch)):
        assert _choices(command, "edition") == options.EDITIONS
        assert _choices(command, "pdf_variant") == options.PDF_VARIANTS
        assert _choices(command, "docx_fonts") == options.DOCX_FONTS
        shown = CliRunner().invoke(cli.main, [name, "--help"], terminal_width=200).output
        assert f"Comma-separated: {','.join(writers.FORMATS)} (default: all)" in shown


def test_the_cli_starts_without_the_writers_registry():
    """The registry is read for --format's help only when the help is shown."""
    code = ("import sys, publish.cli; "
            "print('publish.writers' in sys.modules, 'publish.model' in sys.modules)")
    out = python_prints(code).split()
    assert out == ["False", "False"]


def test_defaults_are_the_first_choice():
    assert options.DEFAULT_VARIANT == options.PDF_VARIANTS[0]
    default = options.BuildOptions()
    assert (default.pdf_variant, default.docx_fonts) == (options.PDF_VARIANTS[0],
                                                         options.DOCX_FONTS[0])


def test_every_variant_is_one_weasyprint_knows():
    assert set(options.PDF_VARIANTS) <= set(weasyprint.pdf.VARIANTS)


def _declarations(values: set[str], package=PACKAGE) -> list[str]:
    """Where in ``package`` a tuple, list or set literal holds all of ``values``."""
    found = []
    for path in sorted(package.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
                strings = {e.value for e in node.elts
                           if isinstance(e, ast.Constant) and isinstance(e.value, str)}
                if values <= strings:
                    found.append(f"{path.relative_to(package)}:{node.lineno}")
    return found


def test_each_option_set_is_written_once():
    """(The formats are the writers registry's records: writers.FORMATS.)"""
    for values in ({"source", "official"}, {"pdf/x-4", "pdf/a-2u"}, {"office", "free"}):
        assert [w for w in _declarations(values) if not w.startswith("options.py:")] == []
    assert {"source", "official"} == set(options.EDITIONS)


def test_the_scan_above_finds_a_second_declaration(tmp_path):
    (tmp_path / "a.py").write_text('X = ("source", "official")\n', encoding="utf-8")
    (tmp_path / "b.py").write_text('Y = ["official", "source", "other"]\n', encoding="utf-8")
    assert _declarations({"source", "official"}, tmp_path) == ["a.py:1", "b.py:1"]


def test_an_option_that_changes_an_output_changes_the_key():
    default = options.BuildOptions()
    for change, output in ((dict(pdf_variant="pdf/a-2u"), "pdf"),
                           (dict(docx_fonts="free"), "docx"), (dict(embed_fonts=True), "epub"),
                           (dict(edition="official"), options.PAGES)):
        changed = options.BuildOptions(**change)
        assert changed.cache_key() != default.cache_key()
        assert changed.cache_key(output) != default.cache_key(output)


def test_an_option_that_changes_no_output_leaves_the_key():
    default = options.BuildOptions()
    assert options.BuildOptions(jobs=1, proof=False).cache_key() == default.cache_key()
    # and an option for one output leaves the others' keys
    assert options.BuildOptions(docx_fonts="free").cache_key("pdf") == default.cache_key("pdf")
    assert options.BuildOptions(pdf_variant="pdf/ua-1").cache_key(options.PAGES) \
        == default.cache_key(options.PAGES)


def test_a_cache_key_for_an_unknown_output_is_an_error():
    with pytest.raises(ValueError):
        options.BuildOptions().cache_key("odt")
