"""Where the project's data lives: the templates and the fonts.

The lowest layer: templating, wording, fonts, the caches and the writers all read these, so
no lower module has to reach up into ``publish.writers`` for them.

In the checkout they are the top-level ``templates/`` and ``fonts/`` folders. An installed
package (``pip install .``) carries them as ``publish/templates`` and ``publish/fonts``
(pyproject.toml maps them there), which are used whenever they exist. An editable install
(``pip install -e .``) has no such folders and reads the checkout's.
"""
from __future__ import annotations

import os
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
# the folder holding the package: the checkout, or site-packages when installed; cache keys
# name files relative to it, so they do not depend on where the checkout is
ROOT = PACKAGE.parent


def _data(name: str) -> Path:
    installed = PACKAGE / name
    return installed if installed.is_dir() else ROOT / name


TEMPLATES = _data("templates")
# PUBLISH_FONTS points the writers at another font folder (tests use it for a missing font)
FONTS = Path(os.environ.get("PUBLISH_FONTS") or _data("fonts"))
