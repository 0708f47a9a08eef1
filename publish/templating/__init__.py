"""The one Jinja environment the PDF (print HTML) and EPUB writers share, with its filters.

Text from the corpus is data: autoescape is on, and spans are escaped before markup is
added, so ``<script>``, ``&`` or ``{{ }}`` in an article print literally.
"""
from __future__ import annotations

import datetime as dt
from functools import lru_cache

import jinja2
from jinja2 import (BytecodeCache, Environment, FileSystemLoader, StrictUndefined,
                    select_autoescape)
from jinja2.bccache import Bucket
from markupsafe import Markup, escape

from .. import cache
from ..model import BOLD, Block
from ..text.chars import NUMBER_UNIT_SPACE, strip_controls
from ..paths import TEMPLATES


def inline(block_or_spans) -> Markup:
    """Spans as HTML: escaped text, bold as <b>; a number kept with its unit."""
    spans = block_or_spans.spans if isinstance(block_or_spans, Block) else block_or_spans
    out = []
    for span in spans:
        text = escape(NUMBER_UNIT_SPACE.sub("\u00a0", strip_controls(span.text)))
        out.append(Markup(f"<b>{text}</b>") if span.style == BOLD else text)
    return Markup("").join(out)


def text(value: str | None) -> str:
    """Plain corpus text for a template (controls XML forbids dropped)."""
    return strip_controls(value or "")


def keep_units(value: str) -> str:
    """A number kept with its unit (2024 年, 4 期): the space between them made no-break,
    as ``inline`` does for the body."""
    return NUMBER_UNIT_SPACE.sub("\u00a0", value)


def zh_date(iso: str | None) -> str:
    """2024-01-10 → 2024年1月10日."""
    if not iso:
        return ""
    day = dt.date.fromisoformat(iso[:10])
    return f"{day.year}年{day.month}月{day.day}日"


def css_class(block: Block) -> str:
    """The class a block gets in HTML: its type, plus the level for headings."""
    name = block.type.replace("_", "-")
    return f"{name} h{block.level}" if block.level else name


class CompiledTemplates(BytecodeCache):
    """Each template compiled once, not in every process that renders it (about 10 ms a
    template: a rebuild renders six): Jinja's compiled code kept in publish's cache (kind
    ``template``, off with it). The key is the template's name and file, Jinja's version
    and this module's code (the environment's options); Jinja itself drops what it kept
    when the template's source or the Python version differs."""

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        return cache.fingerprint([jinja2.__version__, cache.code_key(__name__),
                                  super().get_cache_key(name, filename)], [])

    def load_bytecode(self, bucket: Bucket) -> None:
        data = cache.load("template", bucket.key)
        if data is not None:
            bucket.bytecode_from_string(data)

    def dump_bytecode(self, bucket: Bucket) -> None:
        cache.store("template", bucket.key, bucket.bytecode_to_string())


@lru_cache(maxsize=None)
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        bytecode_cache=CompiledTemplates(),
        autoescape=select_autoescape(["html", "xhtml", "xml", "htm"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(inline=inline, text=text, keep_units=keep_units, zh_date=zh_date,
                       css_class=css_class)
    return env
