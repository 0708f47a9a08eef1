"""The writers' registry names every writer module, and each has its one entry point."""
from __future__ import annotations

from pathlib import Path

import pytest

from publish import writers
from publish.commands.build import parse_formats
from publish.errors import UserError

WRITERS_DIR = Path(writers.__file__).parent


def test_every_writer_module_is_registered():
    modules = sorted(p.stem for p in WRITERS_DIR.glob("*.py") if p.stem != "__init__")
    assert sorted(writers.FORMATS) == modules


@pytest.mark.parametrize("fmt", writers.FORMATS)
def test_each_format_has_its_write(fmt):
    module = writers.writer(fmt)
    assert module.__name__ == f"publish.writers.{fmt}"
    assert callable(module.write)


def test_unknown_format():
    with pytest.raises(KeyError):
        writers.writer("odt")
    with pytest.raises(UserError, match="unknown format 'odt'"):
        parse_formats("pdf,odt")


def test_formats_come_in_build_order():
    assert parse_formats(None) == list(writers.FORMATS)
    assert parse_formats("epub, PDF") == ["pdf", "epub"]
    assert writers.FORMATS[0] == "pdf"       # its layout feeds the DOCX and the EPUB
