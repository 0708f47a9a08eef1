"""Rebuild the committed fonts in fonts/ from the Debian font packages, byte for byte.

Why subset at all: one face taken out of a Noto CJK collection still carries the glyphs of
all five CJK locales (65,535 glyphs, ~25 MB). Keeping what simplified Chinese text uses
(all CJK Unified Ideographs + Extension A, CJK and full-width punctuation, Latin, Greek,
Cyrillic, digits, general punctuation and symbols) and dropping kana, hangul and the other
locales' glyph variants brings each face to about a third of that.

LXGW WenKai is copied unmodified: its licence reserves the names "LXGW" and "霞鹜", which a
modified (subset) version may not carry, and the whole face fits the 60 MB budget anyway.

Reproducible: no timestamps are recalculated, and the output only depends on the source
font files and the fontTools version, both recorded in MANIFEST.json. Run via regenerate.sh.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from fontTools import subset
from fontTools import version as fonttools_version
from fontTools.ttLib import TTCollection, TTFont

HERE = Path(__file__).resolve().parent
NOTO = Path("/usr/share/fonts/opentype/noto")
WENKAI = Path("/usr/share/fonts/truetype/lxgw-wenkai")

# (output file, source file, family of the face to take from a collection or None, role)
FACES = (
    ("NotoSerifCJKsc-Regular.otf", NOTO / "NotoSerifCJK-Regular.ttc", "Noto Serif CJK SC",
     "serif", "fonts-noto-cjk"),
    ("NotoSerifCJKsc-Bold.otf", NOTO / "NotoSerifCJK-Bold.ttc", "Noto Serif CJK SC",
     "serif bold", "fonts-noto-cjk"),
    ("NotoSansCJKsc-Bold.otf", NOTO / "NotoSansCJK-Bold.ttc", "Noto Sans CJK SC",
     "sans bold", "fonts-noto-cjk"),
    ("LXGWWenKai-Regular.ttf", WENKAI / "LXGWWenKai-Regular.ttf", None,
     "kai", "fonts-lxgw-wenkai"),
)

# Code points kept in the Noto subsets (only those the face maps are kept, of course).
KEEP_RANGES = (
    (0x0020, 0x007E),   # Basic Latin
    (0x00A0, 0x024F),   # Latin-1 Supplement, Latin Extended-A/B (pinyin tone marks)
    (0x02B0, 0x02FF),   # spacing modifier letters (ˇ ˉ ˊ ˋ)
    (0x0300, 0x036F),   # combining diacritics (pinyin written with combining marks)
    (0x0391, 0x03C9),   # Greek (GB 2312 set)
    (0x0401, 0x0451),   # Cyrillic (GB 2312 set)
    (0x2000, 0x206F),   # General Punctuation (— … “ ” ‘ ’ ‰ ※ and spaces, joiners)
    (0x2070, 0x209F),   # super- and subscripts
    (0x20A0, 0x20CF),   # currency signs
    (0x2100, 0x214F),   # letterlike symbols (℃ № ℉)
    (0x2150, 0x218F),   # number forms (Ⅰ Ⅱ ⅰ ⅱ)
    (0x2190, 0x21FF),   # arrows
    (0x2200, 0x22FF),   # mathematical operators
    (0x2300, 0x23FF),   # miscellaneous technical
    (0x2460, 0x24FF),   # enclosed alphanumerics (① ⑴ ⒈)
    (0x2500, 0x25FF),   # box drawing, block elements, geometric shapes (■ □ ▲ ○ ●)
    (0x2600, 0x27BF),   # miscellaneous symbols, dingbats (★ ☆ ❶)
    (0x2E80, 0x2EFF),   # CJK radicals supplement
    (0x2F00, 0x2FDF),   # Kangxi radicals
    (0x3000, 0x303F),   # CJK Symbols and Punctuation (、。〈〉《》「」『』【】〔〕〇)
    (0x30FB, 0x30FB),   # katakana middle dot, used in transliterated names
    (0x3200, 0x33FF),   # enclosed CJK letters (㈠ ㊀), CJK compatibility (㎡ ㎏)
    (0x3400, 0x4DBF),   # CJK Unified Ideographs Extension A
    (0x4E00, 0x9FFF),   # CJK Unified Ideographs
    (0xF900, 0xFAFF),   # CJK Compatibility Ideographs
    (0xFE10, 0xFE1F),   # vertical forms
    (0xFE30, 0xFE6F),   # CJK compatibility forms, small form variants
    (0xFF00, 0xFFEF),   # halfwidth and fullwidth forms
    (0xFFFD, 0xFFFD),   # replacement character
    (0x20000, 0x2FA1F),  # supplementary ideographs the SC face happens to map
)

# OpenType features kept: kerning and mark positioning for Latin, the CJK punctuation
# widths (halt/palt and their vertical forms) the print layout uses, vertical forms.
# `locl` is dropped on purpose: it only maps to the other locales' glyphs.
KEEP_FEATURES = ["kern", "mark", "mkmk", "ccmp", "liga", "halt", "palt", "vert", "vrt2",
                 "vhal", "vpal", "vkrn"]


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def package_version(package: str) -> str:
    out = subprocess.run(["dpkg-query", "-W", "-f=${Version}", package],
                         capture_output=True, text=True, check=True)
    return out.stdout.strip()


def pick_face(source: Path, family: str) -> TTFont:
    """The face of a TTC whose family name is ``family`` (e.g. the SC face of Noto CJK)."""
    collection = TTCollection(str(source))
    for font in collection.fonts:
        if font["name"].getDebugName(1) == family:
            return font
    raise SystemExit(f"{source}: no face named {family!r}")


def subset_face(font: TTFont) -> TTFont:
    options = subset.Options()
    options.layout_features = KEEP_FEATURES
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.name_legacy = True
    options.notdef_outline = True
    options.recalc_timestamp = False
    options.recalc_bounds = True
    options.prune_unicode_ranges = True
    options.glyph_names = False
    # Keep every glyph at its original index. WeasyPrint writes glyph IDs as CIDs
    # (Identity-H); the collection's faces have GID == CID, and a compacted subset would
    # renumber the glyphs but keep their CIDs, so strict engines (Ghostscript, MuPDF, most
    # RIPs) would look up the wrong glyphs. Dropped glyphs become empty slots (~0.5 MB).
    options.retain_gids = True
    cmap = font.getBestCmap()
    wanted = [cp for lo, hi in KEEP_RANGES for cp in range(lo, hi + 1) if cp in cmap]
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=wanted)
    subsetter.subset(font)
    return font


def licence_text(package: str) -> str:
    """The OFL text as Debian's copyright file carries it (DEP-5 paragraph, unfolded)."""
    copyright_file = Path("/usr/share/doc") / package / "copyright"
    text = copyright_file.read_text(encoding="utf-8")
    m = re.search(r"^License: (?:OFL-1\.1|SIL-1\.1)\n((?: .*\n?)+)", text, re.MULTILINE)
    if not m:
        raise SystemExit(f"{copyright_file}: no OFL licence paragraph")
    lines = []
    for line in m.group(1).splitlines():
        line = line[1:]
        lines.append("" if line == "." else line)
    return "\n".join(lines).rstrip() + "\n"


def copyright_notice(font: TTFont) -> str:
    return font["name"].getDebugName(0) or ""


def build(out_dir: Path) -> dict:
    out_dir.mkdir(parents=True, exist_ok=True)
    entries = []
    licences: dict[str, str] = {}
    notices: dict[str, list[str]] = {}
    for filename, source, family, role, package in FACES:
        target = out_dir / filename
        part = target.with_name(f".{target.name}.part")    # replaced atomically: a build
        if family is None:                                  # running meanwhile never sees
            shutil.copyfile(source, part)                   # half a font
            os.replace(part, target)
            font = TTFont(str(target), lazy=True)
            action = "copied unmodified (OFL Reserved Font Names: LXGW, 霞鹜)"
        else:
            font = subset_face(pick_face(source, family))
            font.recalcTimestamp = False     # keep head.modified: reproducible bytes
            font.save(str(part), reorderTables=True)
            os.replace(part, target)
            font = TTFont(str(target), lazy=True)
            action = (f"face {family!r} extracted from the collection and subset to "
                      "simplified-Chinese text (see build_fonts.py KEEP_RANGES)")
        name = font["name"]
        lic_file = f"OFL-{package}.txt"
        licences[lic_file] = licence_text(package)
        notice = copyright_notice(font)
        if notice and notice not in notices.setdefault(lic_file, []):
            notices[lic_file].append(notice)
        entries.append({
            "file": filename,
            "role": role,
            "family": name.getDebugName(16) or name.getDebugName(1),
            "style": name.getDebugName(17) or name.getDebugName(2),
            "postscript_name": name.getDebugName(6),
            "version": name.getDebugName(5),
            "copyright": copyright_notice(font),
            "source_package": package,
            "source_package_version": package_version(package),
            "source_file": str(source),
            "source_sha256": sha256(source),
            "action": action,
            "glyphs": font["maxp"].numGlyphs,
            "licence": "OFL-1.1",
            "licence_file": lic_file,
            "bytes": target.stat().st_size,
            "sha256": sha256(target),
        })
        font.close()
    for lic_file, text in licences.items():
        head = "\n".join(notices.get(lic_file, []))
        (out_dir / lic_file).write_text(f"{head}\n\n{text}" if head else text, encoding="utf-8")
    manifest = {
        "comment": "Generated by fonts/regenerate.sh (build_fonts.py); do not edit by hand.",
        "fonttools_version": fonttools_version,
        "total_bytes": sum(e["bytes"] for e in entries),
        "fonts": entries,
    }
    (out_dir / "MANIFEST.json").write_text(
        json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return manifest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE)
    args = parser.parse_args(argv)
    manifest = build(args.out)
    total = manifest["total_bytes"]
    for e in manifest["fonts"]:
        print(f"{e['file']:32} {e['bytes'] / 1e6:6.1f} MB  {e['glyphs']:6} glyphs  {e['sha256'][:16]}")
    print(f"total {total / 1e6:.1f} MB (fontTools {fonttools_version})")
    if total > 60_000_000:
        print("error: fonts exceed the 60 MB budget", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
