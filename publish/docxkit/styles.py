"""styles.xml and fontTable.xml from the config, and the repairs that keep Chinese right.

python-docx's own template points every style at theme fonts and tags the document ja-JP,
so Word and LibreOffice set Chinese in Japanese faces. Here every style names its East
Asian face explicitly, the defaults carry zh-CN, and no theme attribute can override a name.
"""
from __future__ import annotations

from lxml import etree

from . import config
from .config import FACES, LATIN, StyleSpec
from .xml import COMPAT_ORDER, NSMAP, RPR_ORDER, SETTINGS_ORDER, el, insert_ordered, sub, w

THEME_ATTRS = ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme")


def rfonts(east_asian: str, latin: str = LATIN.name) -> etree._Element:
    return el("rFonts", {"ascii": latin, "eastAsia": east_asian, "hAnsi": latin, "cs": latin})


def lang(east_asian: str = config.EAST_ASIAN_LANG) -> etree._Element:
    attrs = {"val": config.LATIN_LANG} if config.LATIN_LANG else {}
    return el("lang", {**attrs, "eastAsia": east_asian, "bidi": "ar-SA"})


def half_points(size: float) -> str:
    return str(round(size * 2))


def style_element(spec: StyleSpec) -> etree._Element:
    node = el("style", {"type": "paragraph", "styleId": spec.id})
    if spec.id == "Normal":
        node.set(w("default"), "1")
    sub(node, "name", {"val": spec.name})
    if spec.alias and spec.alias != spec.name:
        sub(node, "aliases", {"val": spec.alias})
    if spec.based_on:
        sub(node, "basedOn", {"val": spec.based_on})
    if spec.next:
        sub(node, "next", {"val": spec.next})
    builtin = spec.name.startswith("heading ")
    sub(node, "uiPriority", {"val": 1 if spec.role else 9 if builtin else 99})
    sub(node, "qFormat")
    node.append(paragraph_properties(spec))
    node.append(run_properties(spec))
    return node


def paragraph_properties(spec: StyleSpec) -> etree._Element:
    ppr = el("pPr")
    if spec.keep_next:
        sub(ppr, "keepNext")
    if spec.page_break_before:
        sub(ppr, "pageBreakBefore")
    if spec.rule_below:
        bdr = sub(ppr, "pBdr")
        sub(bdr, "bottom", {"val": "single", "sz": 12, "space": 22,
                            "color": spec.color or "auto"})
    if spec.tab_right_dots:
        tabs = sub(ppr, "tabs")
        sub(tabs, "tab", {"val": "right", "leader": "dot", "pos": config.TEXT_WIDTH})
    if spec.size > config.BODY_SIZE:
        # LibreOffice snaps a line taller than the grid pitch to two grid lines; Word
        # keeps the exact height anyway. Off the grid, a title line is one line.
        sub(ppr, "snapToGrid", {"val": 0})
    spacing = {"before": spec.before, "after": spec.after}
    if spec.line:
        spacing.update(line=spec.line, lineRule="exact")
    else:
        spacing.update(line=240, lineRule="auto")
    sub(ppr, "spacing", spacing)
    char = round(spec.size * 20)          # one character of this style, in twips
    ind = {"left": spec.left_chars * char, "leftChars": spec.left_chars * 100,
           "right": spec.right_chars * char, "rightChars": spec.right_chars * 100}
    if spec.hanging_chars:
        ind.update(hanging=spec.hanging_chars * char, hangingChars=spec.hanging_chars * 100)
    else:
        ind.update(firstLine=spec.indent_chars * char, firstLineChars=spec.indent_chars * 100)
    sub(ppr, "ind", ind)
    sub(ppr, "jc", {"val": spec.align})
    if spec.outline:
        sub(ppr, "outlineLvl", {"val": spec.outline - 1})
    return ppr


def foot_frame() -> etree._Element:
    """A paragraph frame at the foot of the type area (LibreOffice reads frames only from
    the paragraph itself, not from its style)."""
    return el("framePr", {"w": config.TEXT_WIDTH, "wrap": "around", "vAnchor": "margin",
                          "hAnchor": "margin", "xAlign": "center", "yAlign": "bottom"})


def run_properties(spec: StyleSpec) -> etree._Element:
    rpr = el("rPr")
    latin = FACES[spec.latin].name if spec.latin else LATIN.name
    rpr.append(rfonts(FACES[spec.face].name, latin))
    if spec.bold:
        sub(rpr, "b")
        sub(rpr, "bCs")
    if spec.color:
        sub(rpr, "color", {"val": spec.color})
    if spec.char_spacing:
        sub(rpr, "spacing", {"val": spec.char_spacing})
    sub(rpr, "sz", {"val": half_points(spec.size)})
    sub(rpr, "szCs", {"val": half_points(spec.size)})
    rpr.append(lang())
    return rpr


def char_style_element(spec: config.CharStyleSpec) -> etree._Element:
    node = el("style", {"type": "character", "styleId": spec.id})
    sub(node, "name", {"val": spec.name})
    sub(node, "aliases", {"val": spec.alias})
    sub(node, "basedOn", {"val": "DefaultParagraphFont"})
    sub(node, "uiPriority", {"val": 1})
    sub(node, "qFormat")
    rpr = sub(node, "rPr")
    rpr.append(rfonts(FACES[spec.face].name))
    return node


def add_missing_char_styles(styles: etree._Element) -> list[str]:
    """The run-in heading styles a reference document made before them lacks, added in
    place (an editor's own styles are kept); returns their names."""
    have = style_ids(styles)
    added = []
    for spec in config.RUN_IN_STYLES.values():
        if spec.id not in have:
            styles.append(char_style_element(spec))
            added.append(spec.name)
    return added


def styles_xml() -> etree._Element:
    root = el("styles", nsmap=NSMAP)
    defaults = sub(root, "docDefaults")
    rpr = sub(sub(defaults, "rPrDefault"), "rPr")
    rpr.append(rfonts(FACES[config.BODY_FACE].name))
    sub(rpr, "kern", {"val": 2})
    sub(rpr, "sz", {"val": half_points(config.BODY_SIZE)})
    sub(rpr, "szCs", {"val": half_points(config.BODY_SIZE)})
    rpr.append(lang())
    sub(sub(defaults, "pPrDefault"), "pPr")
    for spec in config.STYLES:
        root.append(style_element(spec))
    char = sub(root, "style", {"type": "character", "default": "1",
                               "styleId": "DefaultParagraphFont"})
    sub(char, "name", {"val": "Default Paragraph Font"})
    sub(char, "uiPriority", {"val": 1})
    sub(char, "semiHidden")
    sub(char, "unhideWhenUsed")
    for run_in in config.RUN_IN_STYLES.values():
        root.append(char_style_element(run_in))
    table = sub(root, "style", {"type": "table", "default": "1", "styleId": "TableNormal"})
    sub(table, "name", {"val": "Normal Table"})
    sub(table, "uiPriority", {"val": 99})
    sub(table, "semiHidden")
    sub(table, "unhideWhenUsed")
    tblpr = sub(table, "tblPr")
    sub(tblpr, "tblInd", {"w": 0, "type": "dxa"})
    mar = sub(tblpr, "tblCellMar")
    for side, width in (("top", 0), ("left", 108), ("bottom", 0), ("right", 108)):
        sub(mar, side, {"w": width, "type": "dxa"})
    numbering = sub(root, "style", {"type": "numbering", "default": "1", "styleId": "NoList"})
    sub(numbering, "name", {"val": "No List"})
    sub(numbering, "uiPriority", {"val": 99})
    sub(numbering, "semiHidden")
    sub(numbering, "unhideWhenUsed")
    return root


def font_table_xml() -> etree._Element:
    """Every face with its stand-in (w:altName) and GB2312 charset, so Word substitutes
    a Chinese face (仿宋 for 仿宋_GB2312) when the office face is missing."""
    root = el("fonts", nsmap=NSMAP)
    for face in (*FACES.values(), LATIN):
        node = sub(root, "font", {"name": face.name})
        if face.alt:
            sub(node, "altName", {"val": face.alt})
        sub(node, "charset", {"val": face.charset})
        sub(node, "family", {"val": face.family})
        sub(node, "pitch", {"val": face.pitch})
    return root


def use_free_faces(styles: etree._Element) -> None:
    """Rename every office face to its free stand-in (config.FREE_FACES), in place; a
    style set in the heavy title face becomes bold, as its free stand-in is not heavy."""
    rename = {FACES[key].name: face.name for key, face in config.FREE_FACES.items()}
    heavy = {FACES[key].name for key in config.FREE_BOLD}
    for fonts in styles.iter(w("rFonts")):
        rpr = fonts.getparent()
        if fonts.get(w("eastAsia")) in heavy and rpr.getparent().tag == w("style") \
                and rpr.find(w("b")) is None:
            insert_ordered(rpr, el("b"), RPR_ORDER)
            insert_ordered(rpr, el("bCs"), RPR_ORDER)
        for attr in ("ascii", "hAnsi", "eastAsia", "cs"):
            name = fonts.get(w(attr))
            if name in rename:
                fonts.set(w(attr), rename[name])


def add_free_faces(font_table: etree._Element) -> None:
    """fontTable.xml entries for the free faces (kept: the office entries)."""
    have = {node.get(w("name")) for node in font_table.findall(w("font"))}
    for face in dict.fromkeys(config.FREE_FACES.values()):
        if face.name in have:
            continue
        have.add(face.name)
        node = sub(font_table, "font", {"name": face.name})
        sub(node, "charset", {"val": face.charset})
        sub(node, "family", {"val": face.family})
        sub(node, "pitch", {"val": face.pitch})


# ------------------------------------------------------------------------- repairs

def make_chinese_safe(styles: etree._Element, east_asian: str = config.EAST_ASIAN_LANG
                      ) -> list[str]:
    """Repair a (possibly Word-resaved) styles part in place; returns what was repaired.

    Theme font attributes are dropped (they override explicit names), the document defaults
    get an East Asian face and ``east_asian`` (the issue's Chinese, zh-CN by default) when
    missing, and every other East Asian language tag (a Japanese or Korean one, the
    reference's zh-CN in a zh-TW issue) becomes ``east_asian``.
    """
    repairs: list[str] = []
    for fonts in styles.iter(w("rFonts")):
        for attr in THEME_ATTRS:
            if fonts.get(w(attr)) is not None:
                del fonts.attrib[w(attr)]
                repairs.append(f"dropped w:{attr}")
    defaults = styles.find(w("docDefaults"))
    if defaults is None:
        defaults = el("docDefaults")
        styles.insert(0, defaults)
    rpr_default = defaults.find(w("rPrDefault"))
    if rpr_default is None:
        rpr_default = el("rPrDefault")
        defaults.insert(0, rpr_default)
    rpr = rpr_default.find(w("rPr"))
    if rpr is None:
        rpr = sub(rpr_default, "rPr")
    fonts = rpr.find(w("rFonts"))
    if fonts is None:
        fonts = insert_ordered(rpr, el("rFonts"), RPR_ORDER)
    if not fonts.get(w("eastAsia")):
        fonts.set(w("eastAsia"), FACES[config.BODY_FACE].name)
        repairs.append("set the default East Asian face")
    for attr in ("ascii", "hAnsi", "cs"):
        if not fonts.get(w(attr)):
            fonts.set(w(attr), LATIN.name)
    if rpr.find(w("lang")) is None:
        insert_ordered(rpr, lang(east_asian), RPR_ORDER)
        repairs.append("set the default language")
    for tag in styles.iter(w("lang")):
        if tag.get(w("eastAsia")) != east_asian:
            tag.set(w("eastAsia"), east_asian)
            repairs.append("East Asian language set to " + east_asian)
        if tag.get(w("val")) not in (None, config.LATIN_LANG):   # calibre tags with it
            if config.LATIN_LANG:
                tag.set(w("val"), config.LATIN_LANG)
            else:
                del tag.attrib[w("val")]
            repairs.append(f"Latin language {config.LATIN_LANG or 'left to the reader'}")
    return repairs


def make_settings_chinese(settings: etree._Element,
                          east_asian: str = config.EAST_ASIAN_LANG) -> None:
    """The issue's Chinese as theme language (zh-CN by default, never ja-JP), odd/even footers, no ``w:updateFields`` (the TOC
    and PAGEREF results are pre-filled right, so Word need not ask at every open), and
    ``w:doNotExpandShiftReturn``: the line before a manual break (a wrapped 目录 entry, a
    title's print line) is not spread across the measure, in Word and LibreOffice."""
    insert_ordered(settings, el("themeFontLang", {"val": config.THEME_LATIN_LANG,
                                                  "eastAsia": east_asian}),
                   SETTINGS_ORDER)
    compat = settings.find(w("compat"))
    if compat is None:
        compat = insert_ordered(settings, el("compat"), SETTINGS_ORDER)
    if compat.find(w("doNotExpandShiftReturn")) is None:
        insert_ordered(compat, el("doNotExpandShiftReturn"), COMPAT_ORDER)
    for node in settings.findall(w("updateFields")):
        settings.remove(node)
    insert_ordered(settings, el("evenAndOddHeaders"), SETTINGS_ORDER)


def style_ids(styles: etree._Element) -> dict[str, etree._Element]:
    return {s.get(w("styleId")): s for s in styles.findall(w("style"))}


def resolve_east_asian(styles: etree._Element, style_id: str) -> str | None:
    """The East Asian face a paragraph style resolves to (its basedOn chain, then defaults)."""
    by_id = style_ids(styles)
    seen = set()
    current = by_id.get(style_id)
    while current is not None and style_id not in seen:
        seen.add(style_id)
        fonts = current.find(f"{w('rPr')}/{w('rFonts')}")
        if fonts is not None and fonts.get(w("eastAsia")):
            return fonts.get(w("eastAsia"))
        based = current.find(w("basedOn"))
        style_id = based.get(w("val")) if based is not None else None
        current = by_id.get(style_id) if style_id else None
    fonts = styles.find(f"{w('docDefaults')}/{w('rPrDefault')}/{w('rPr')}/{w('rFonts')}")
    return fonts.get(w("eastAsia")) if fonts is not None else None

