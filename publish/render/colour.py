"""The print colours and the CMYK output intent.

PDF/X-4 needs an output intent with an ICC profile of the printing condition. We do not
commit one: Debian's libgs-common ships Ghostscript's default CMYK profile (a SWOP-like
coated-paper characterisation), installed by scripts/system-deps.sh with the other
runtime packages. PUBLISH_CMYK_PROFILE points at another profile (a print shop's own).
"""
from __future__ import annotations

import os
from pathlib import Path

from ..errors import UserError

DEFAULT_PROFILE = Path("/usr/share/color/icc/ghostscript/default_cmyk.icc")

# CSS colours of the print edition: text and rules K-only, the masthead red one CMYK mix.
BLACK = "device-cmyk(0 0 0 1)"
RED = "device-cmyk(0 1 1 0.2)"


def profile_path() -> Path:
    path = Path(os.environ.get("PUBLISH_CMYK_PROFILE") or DEFAULT_PROFILE)
    if not path.is_file():
        raise UserError("CMYK output profile missing (Debian package libgs-common; "
                        "or set PUBLISH_CMYK_PROFILE)", path)
    return path
