"""Keep the machine out of the PDF: fontconfig sees only fonts/, in one fixed language.

WeasyPrint asks fontconfig for every face, and fontconfig's answer depends on the machine:
with ``FC_LANG=zh-cn`` the Kai face came back under another name (other subset tags, other
bytes), and a character missing from our fonts was silently set in whatever system face
had it. Before WeasyPrint loads, fontconfig is pointed at a configuration listing only the
project's font folder, and its language is fixed — for the duration of the layout only:
the environment is restored afterwards, so a program started later from the same process
(LibreOffice in the tests) still sees the machine's fonts.
"""
from __future__ import annotations

import contextlib
import os
from pathlib import Path
from xml.sax.saxutils import escape

from .. import cache, procpool
from ..fsutil import write_text_atomic
from ..layout.fonts import ROLES
from ..typefaces.coverage import font_files

LANGUAGE = "en"


def config_file(fonts_dir: Path, *, machine: bool = False) -> Path:
    """Write (once) a private fontconfig configuration for ``fonts_dir``; its path.

    ``machine=True`` adds the machine's own configuration: what another program (LibreOffice
    opening our DOCX in the tests and docs/screenshots.py) sees on a desk that has our free
    faces, even on a machine with no CJK fonts installed."""
    fonts_dir = fonts_dir.resolve()
    include = ("  <include ignore_missing=\"yes\">/etc/fonts/fonts.conf</include>\n"
               if machine else "")
    families = "" if machine else _families(fonts_dir)
    # the rules and the files are part of the folder's name: fontconfig keeps what a scan
    # found (the families above included) in its cache, whatever the configuration says
    # later, and trusts it while the folder's time stays (a face rewritten in place)
    tag = cache.fingerprint([str(fonts_dir), str(machine), families],
                            font_files(fonts_dir))[:12]
    # the system's temporary folder, also in a pool's worker: the cache outlives the build
    home = Path(procpool.system_tempdir()) / f"publish-fontconfig-{os.getuid()}-{tag}"
    conf = home / "fonts.conf"
    text = ("<?xml version=\"1.0\"?>\n<!DOCTYPE fontconfig SYSTEM \"fonts.dtd\">\n"
            "<fontconfig>\n"
            f"{include}"
            f"  <dir>{escape(str(fonts_dir))}</dir>\n"
            f"{families}"
            f"  <cachedir>{escape(str(home / 'cache'))}</cachedir>\n"
            "</fontconfig>\n")
    if not conf.is_file() or conf.read_text(encoding="utf-8") != text:
        home.mkdir(mode=0o700, parents=True, exist_ok=True)
        write_text_atomic(conf, text)
    return conf


def _families(fonts_dir: Path) -> str:
    """Each face of fonts/ under the family the print CSS names it by (as an @font-face rule
    would register it, without WeasyPrint copying 50 MB of faces into every process)."""
    rules = []
    for file, family in sorted({(r.file, r.family) for r in ROLES.values()}):
        rules.append(
            "  <match target=\"scan\"><test name=\"file\" compare=\"eq\"><string>"
            f"{escape(str(fonts_dir / file))}</string></test>"
            "<edit name=\"family\" mode=\"prepend\"><string>"
            f"{escape(family)}</string></edit></match>\n")
    return "".join(rules)


def machine_and(fonts_dir: Path) -> dict[str, str]:
    """The environment for a program that should see the machine's fonts and ours."""
    env = {k: v for k, v in os.environ.items() if k not in ("FONTCONFIG_FILE", "FC_LANG")}
    env["FONTCONFIG_FILE"] = str(config_file(fonts_dir, machine=True))
    return env


@contextlib.contextmanager
def isolated(fonts_dir: Path):
    """fontconfig sees only ``fonts_dir``, in a fixed language, inside this block."""
    wanted = {"FONTCONFIG_FILE": str(config_file(fonts_dir)), "FC_LANG": LANGUAGE}
    saved = {key: os.environ.get(key) for key in wanted}
    os.environ.update(wanted)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
