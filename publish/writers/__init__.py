"""One module per output format, each with one entry point ``write(issue, out, options)``."""
from __future__ import annotations

from ..options import MAX_EPOCH, BuildOptions, build_epoch  # noqa: F401  (re-exported)
from ..paths import FONTS, ROOT, TEMPLATES  # noqa: F401  (re-exported for writers and tests)
