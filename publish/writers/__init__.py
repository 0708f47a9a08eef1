"""One module per output format, each with one entry point ``write(issue, out, options)``."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from ..model import Issue, Pagination

ROOT = Path(__file__).resolve().parent.parent.parent
TEMPLATES = ROOT / "templates"
# PUBLISH_FONTS points the writers at another font folder (tests use it for a missing font)
FONTS = Path(os.environ.get("PUBLISH_FONTS") or ROOT / "fonts")


@dataclass(frozen=True)
class BuildOptions:
    embed_fonts: bool = False                 # EPUB: embed a subset of the serif face
    keep_source_pagination: bool = False      # PDF: start each article on its 目录 page
    pagination: Pagination | None = None      # the print layout, once the PDF is made


def build_epoch(issue: Issue) -> int:
    """Timestamp for every output: SOURCE_DATE_EPOCH, else the issue date, never the clock."""
    import datetime as dt
    env = os.environ.get("SOURCE_DATE_EPOCH")
    if env and env.isdigit():
        return int(env)
    if issue.date:
        day = dt.date.fromisoformat(issue.date[:10])
        return int(dt.datetime(day.year, day.month, day.day, tzinfo=dt.timezone.utc).timestamp())
    return 0
