"""Where the project's data lives: templates/ and fonts/ beside the package.

The lowest layer: templating, wording, fonts, the caches and the writers all read these, so
no lower module has to reach up into ``publish.writers`` for them.
"""
from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "templates"
# PUBLISH_FONTS points the writers at another font folder (tests use it for a missing font)
FONTS = Path(os.environ.get("PUBLISH_FONTS") or ROOT / "fonts")
