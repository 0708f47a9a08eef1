"""What the user asked a build for (never what a build computed: the print layout's page
starts go to the writers as their own argument): the options every stage reads, and the
one declaration of each option's choices (the CLI, the corpus reader, the editions and the
render stage import them from here).

Below the layout, the render stage and the writers, so each of them can take the options
without importing a layer above it. Imports nothing heavy: the CLI reads the choices at
start-up.
"""
from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING

from .errors import UserError

if TYPE_CHECKING:
    from .model import Issue

SOURCE = "source"            # the printed issue's pages: page N holds what its page N held
OFFICIAL = "official"        # the GB/T 9704 house style with its own page numbers
EDITIONS = (SOURCE, OFFICIAL)
#: the PDF variants a build offers, the default first: WeasyPrint's own names (its
#: ``pdf.VARIANTS``), the ones the print shop, the archive and the screen ask for
PDF_VARIANTS = ("pdf/x-4", "pdf/a-2u", "pdf/a-2b", "pdf/a-3u", "pdf/ua-1")
DEFAULT_VARIANT = PDF_VARIANTS[0]
#: the DOCX's face sets, the default first: the office faces (仿宋_GB2312…) or fonts/' faces
DOCX_FONTS = ("office", "free")
#: what a cached result can be: an output format, or the print edition's page starts
PAGES = "pages"
EVERY = (PAGES, "pdf", "html", "docx", "epub")


def _changes(default, *outputs: str):
    """A field that changes ``outputs`` (the part of the options in their cache keys)."""
    return field(default=default, metadata={"changes": outputs})


@dataclass(frozen=True)
class BuildOptions:
    embed_fonts: bool = _changes(False, "epub")               # EPUB: embed the serif's subset
    edition: str | None = _changes(None, *EVERY)              # EDITIONS; None: the issue's
    docx_fonts: str = _changes(DOCX_FONTS[0], "docx")         # DOCX: one of DOCX_FONTS
    pdf_variant: str = _changes(DEFAULT_VARIANT, "pdf")       # PDF: one of PDF_VARIANTS
    # how a build runs, never what it writes: in no cache key
    jobs: int | None = None                   # PDF: layout processes (None: one per core)
    proof: bool = True                        # write OUT/<id>/<id>-proof.html (publish/proof)

    def cache_key(self, output: str | None = None) -> str:
        """The options' part of a cache key (as black's ``Mode.get_cache_key``): every option
        that changes ``output`` (one of EVERY; None: any output), by name and value. Where
        the outputs go (``--out``), ``jobs`` and ``proof`` change none and are in no key; a
        caller resolves ``edition`` first, so the default and the edition it stands for
        share their entries."""
        if output is not None and output not in EVERY:
            raise ValueError(f"no output {output!r} (one of {', '.join(EVERY)})")
        return ";".join(f"{f.name}={getattr(self, f.name)!r}" for f in fields(self)
                        if f.metadata.get("changes")
                        and (output is None or output in f.metadata["changes"]))


#: the last second a ZIP (DOCX, EPUB) timestamp can hold: 2107-12-31T23:59:59Z
MAX_EPOCH = 4354819199


def source_date_epoch() -> int | None:
    """SOURCE_DATE_EPOCH, checked: the CLI reads it before anything else, because libraries
    read it too (numpy's f2py, imported by scipy, dies on one past time_t)."""
    env = os.environ.get("SOURCE_DATE_EPOCH")
    if env is None or not env.strip():
        return None
    if not (env.strip().isascii() and env.strip().isdigit()) or int(env) > MAX_EPOCH:
        raise UserError(f"SOURCE_DATE_EPOCH must be whole seconds since 1970, at most "
                        f"{MAX_EPOCH} (2107, the last year a ZIP can stamp); got {env[:40]!r}")
    return int(env)


def build_epoch(issue: Issue) -> int:
    """Timestamp for every output: SOURCE_DATE_EPOCH, else the issue date, never the clock."""
    env = source_date_epoch()
    if env is not None:
        return env
    if issue.date:
        day = dt.date.fromisoformat(issue.date[:10])
        epoch = int(dt.datetime(day.year, day.month, day.day, tzinfo=dt.timezone.utc).timestamp())
        if not 0 <= epoch <= MAX_EPOCH:
            raise UserError(f"the issue date {issue.date} must lie between 1970 and 2107 "
                            "(it stamps every output, and ZIP cannot hold later years)")
        return epoch
    return 0
