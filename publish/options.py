"""What the user asked a build for (never what a build computed: the print layout's page
starts go to the writers as their own argument): the options every stage reads.

Below the layout, the render stage and the writers, so each of them can take the options
without importing a layer above it.
"""
from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass

from .errors import UserError
from .model import Issue


@dataclass(frozen=True)
class BuildOptions:
    embed_fonts: bool = False                 # EPUB: embed a subset of the serif face
    edition: str | None = None                # "source" / "official"; None: the issue's
    docx_fonts: str = "office"                # DOCX: office faces, or "free" (fonts/' faces)
    pdf_variant: str = "pdf/x-4"              # PDF: WeasyPrint variant (pdf/a-2u, pdf/ua-1 …)
    jobs: int | None = None                   # PDF: layout processes (None: one per core)
    proof: bool = True                        # write OUT/<id>/<id>-proof.html (publish/proof)


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
