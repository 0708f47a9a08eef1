"""Keep the machine out of the PDF: fontconfig sees only fonts/, in one fixed language.

WeasyPrint asks fontconfig for every face, and fontconfig's answer depends on the machine:
with ``FC_LANG=zh-cn`` the Kai face came back under another name (other subset tags, other
bytes), and a character missing from our fonts was silently set in whatever system face
had it. Before WeasyPrint loads, fontconfig is pointed at a configuration listing only the
project's font folder, and its language is fixed.
"""
from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path
from xml.sax.saxutils import escape

from ..fsutil import write_text_atomic

LANGUAGE = "en"


def isolate(fonts_dir: Path) -> Path:
    """Write (once) and select the private fontconfig configuration; returns its path."""
    fonts_dir = fonts_dir.resolve()
    tag = hashlib.sha256(str(fonts_dir).encode()).hexdigest()[:12]
    home = Path(tempfile.gettempdir()) / f"publish-fontconfig-{os.getuid()}-{tag}"
    conf = home / "fonts.conf"
    text = ("<?xml version=\"1.0\"?>\n<!DOCTYPE fontconfig SYSTEM \"fonts.dtd\">\n"
            "<fontconfig>\n"
            f"  <dir>{escape(str(fonts_dir))}</dir>\n"
            f"  <cachedir>{escape(str(home / 'cache'))}</cachedir>\n"
            "</fontconfig>\n")
    if not conf.is_file() or conf.read_text(encoding="utf-8") != text:
        home.mkdir(mode=0o700, parents=True, exist_ok=True)
        write_text_atomic(conf, text)
    os.environ["FONTCONFIG_FILE"] = str(conf)
    os.environ["FC_LANG"] = LANGUAGE
    return conf
