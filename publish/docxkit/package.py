"""The reference package (templates/docx/reference.docx) and byte-reproducible zips.

The reference is built from nothing but the config: no theme, no Japanese defaults, no
thumbnail, no random ids. It holds every role style (with a sample paragraph each, so an
editor restyling it in Word sees them), the house page setup and the two page-number
footers. The writer fills a copy of it.
"""
from __future__ import annotations

import copy
import datetime as dt
import io
import zipfile

from lxml import etree

from ..fsutil import reproducible_zip
from . import config, fields, styles
from .xml import NSMAP, el, sub, to_bytes

CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
OD_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
WML_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml"

# (part name, content type, relationship type from the main document)
_PARTS = (
    ("word/styles.xml", f"{WML_CT}.styles+xml", f"{OD_REL}/styles"),
    ("word/settings.xml", f"{WML_CT}.settings+xml", f"{OD_REL}/settings"),
    ("word/fontTable.xml", f"{WML_CT}.fontTable+xml", f"{OD_REL}/fontTable"),
    ("word/footer1.xml", f"{WML_CT}.footer+xml", f"{OD_REL}/footer"),
    ("word/footer2.xml", f"{WML_CT}.footer+xml", f"{OD_REL}/footer"),
)
CORE_REL = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
REFERENCE_EPOCH = 1704067200     # 2024-01-01: the reference's own fixed timestamps


def w3cdtf(epoch: int) -> str:
    return dt.datetime.fromtimestamp(epoch, dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def content_types() -> bytes:
    root = etree.Element(f"{{{CT_NS}}}Types", nsmap={None: CT_NS})
    for ext, ctype in (("rels", "application/vnd.openxmlformats-package.relationships+xml"),
                       ("xml", "application/xml")):
        etree.SubElement(root, f"{{{CT_NS}}}Default", Extension=ext, ContentType=ctype)
    overrides = [("word/document.xml", f"{WML_CT}.document.main+xml")]
    overrides += [(name, ctype) for name, ctype, _ in _PARTS]
    overrides += [("docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml"),
                  ("docProps/app.xml",
                   "application/vnd.openxmlformats-officedocument.extended-properties+xml")]
    for name, ctype in overrides:
        etree.SubElement(root, f"{{{CT_NS}}}Override", PartName=f"/{name}", ContentType=ctype)
    return to_bytes(root)


def relationships(rels: list[tuple[str, str, str]]) -> bytes:
    root = etree.Element(f"{{{REL_NS}}}Relationships", nsmap={None: REL_NS})
    for rid, rtype, target in rels:
        etree.SubElement(root, f"{{{REL_NS}}}Relationship", Id=rid, Type=rtype, Target=target)
    return to_bytes(root)


def section_properties(footer_ids: tuple[str, str] | None) -> etree._Element:
    """The house page setup: A4, GB/T 9704 margins, a 22-line grid of 28.95 pt."""
    sect = el("sectPr")
    if footer_ids:
        odd, even = footer_ids
        sub(sect, "footerReference", {"type": "even", "r:id": even})
        sub(sect, "footerReference", {"type": "default", "r:id": odd})
    sub(sect, "pgSz", {"w": config.PAGE_WIDTH, "h": config.PAGE_HEIGHT})
    sub(sect, "pgMar", {"top": config.MARGIN_TOP, "right": config.MARGIN_RIGHT,
                        "bottom": config.MARGIN_BOTTOM, "left": config.MARGIN_LEFT,
                        "header": config.HEADER_DISTANCE, "footer": config.FOOTER_DISTANCE,
                        "gutter": 0})
    if footer_ids:
        sub(sect, "pgNumType", {"fmt": "decimal", "start": 1})
    sub(sect, "cols", {"space": 425})
    sub(sect, "docGrid", {"type": "lines", "linePitch": config.LINE_PITCH})
    return sect


def settings_xml() -> etree._Element:
    root = el("settings", nsmap=NSMAP)
    sub(root, "zoom", {"percent": 100})
    sub(root, "defaultTabStop", {"val": config.BODY_SIZE * 20 * config.INDENT_CHARS})
    sub(root, "evenAndOddHeaders")
    # 只压缩标点符号: Chinese Word's own default
    sub(root, "characterSpacingControl", {"val": "compressPunctuation"})
    compat = sub(root, "compat")
    sub(compat, "doNotExpandShiftReturn")     # schema order: before useFELayout
    sub(compat, "useFELayout")
    sub(compat, "compatSetting", {"name": "compatibilityMode",
                                  "uri": "http://schemas.microsoft.com/office/word",
                                  "val": 15})
    sub(root, "themeFontLang", {"val": config.THEME_LATIN_LANG, "eastAsia": config.EAST_ASIAN_LANG})
    sub(root, "decimalSymbol", {"val": "."})
    sub(root, "listSeparator", {"val": ","})
    return root


_SAMPLES = {
    "Normal": "正文（Normal）：所有样式的基础。",
    "ArticleTitle": "文章标题（Article Title）：大纲 1 级，另起一页，进入目录",
    "SourceLine": "（2024年1月10日　来源：来源行 Source Line）",
    "HeadlineGroup": "标题组（Headline Group）：引题、主题、副题",
    "Byline": "作者署名（Byline）",
    "Dateline": "（题注 Dateline：2024年1月10日通过）",
    "Body": "正文段落（Body）：仿宋三号，首行缩进两字，固定行距 28.95 磅，每页 22 行、每行 28 字。",
    "SectionHeading1": "一",
    "SectionHeading2": "一、一级标题（heading 2）",
    "SectionHeading3": "（一）二级标题（heading 3）",
    "ListItem": "1. 列表项（List Item）",
    "Note": "※注释（Note）",
    "Attribution": "（讲话出处 Attribution）",
    "Salutation": "称呼（Salutation）：",
    "Signature": "落款（Signature）",
    "Date": "2024年1月10日",
    "Attachment": "附件 1",
    "AttachmentTitle": "附件标题（Attachment Title）",
    "Cover": "封面（Cover）",
    "CoverInstitution": "封面单位",
    "CoverInstitutionEn": "INSTITUTION (English)",
    "CoverTitle": "封面刊名",
    "CoverNumber": "（2024年第1期）",
    "CoverPublisher": "封面编印单位",
    "TOCHeading": "目　录",
    "TOC1": "目录 1（toc 1）\t1",
}


def document_xml() -> etree._Element:
    root = el("document", nsmap=NSMAP)
    body = sub(root, "body")
    for spec in config.STYLES:
        sample = _SAMPLES.get(spec.id)
        if sample:
            body.append(fields.paragraph(spec.id, fields.run(sample)))
    body.append(section_properties(("rId4", "rId5")))
    return root


def core_xml(title: str, epoch: int) -> bytes:
    ns = {"cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
          "dc": "http://purl.org/dc/elements/1.1/", "dcterms": "http://purl.org/dc/terms/",
          "xsi": "http://www.w3.org/2001/XMLSchema-instance"}
    root = etree.Element(f"{{{ns['cp']}}}coreProperties", nsmap=ns)
    etree.SubElement(root, f"{{{ns['dc']}}}title").text = title
    etree.SubElement(root, f"{{{ns['dc']}}}creator").text = "publish"
    etree.SubElement(root, f"{{{ns['dc']}}}language").text = config.EAST_ASIAN_LANG
    for tag in ("created", "modified"):
        node = etree.SubElement(root, f"{{{ns['dcterms']}}}{tag}")
        node.set(f"{{{ns['xsi']}}}type", "dcterms:W3CDTF")
        node.text = w3cdtf(epoch)
    return to_bytes(root)


APP_NS = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"


def app_xml() -> bytes:
    ns = APP_NS
    root = etree.Element(f"{{{ns}}}Properties", nsmap={None: ns})
    etree.SubElement(root, f"{{{ns}}}Application").text = "publish"
    return to_bytes(root)


def reference_parts() -> dict[str, bytes]:
    doc_rels = [(f"rId{i}", rtype, name.removeprefix("word/"))
                for i, (name, _, rtype) in enumerate(_PARTS, 1)]
    return {
        "[Content_Types].xml": content_types(),
        "_rels/.rels": relationships([
            ("rId1", f"{OD_REL}/officeDocument", "word/document.xml"),
            ("rId2", CORE_REL, "docProps/core.xml"),
            ("rId3", f"{OD_REL}/extended-properties", "docProps/app.xml")]),
        "docProps/core.xml": core_xml("publish reference document", REFERENCE_EPOCH),
        "docProps/app.xml": app_xml(),
        "word/document.xml": to_bytes(document_xml()),
        "word/_rels/document.xml.rels": relationships(doc_rels),
        "word/styles.xml": to_bytes(styles.styles_xml()),
        "word/settings.xml": to_bytes(settings_xml()),
        "word/fontTable.xml": to_bytes(styles.font_table_xml()),
        "word/footer1.xml": to_bytes(fields.footer_xml(odd=True)),
        "word/footer2.xml": to_bytes(fields.footer_xml(odd=False)),
    }


def build_reference() -> bytes:
    """The reference document's bytes (the same on every run)."""
    return zip_parts(reference_parts(), REFERENCE_EPOCH)


# ------------------------------------------------------------------ reproducible zips

_FIRST = ("[Content_Types].xml", "_rels/.rels")


def zip_parts(parts: dict[str, bytes], epoch: int) -> bytes:
    """A zip whose bytes depend only on ``parts`` and ``epoch``: fixed order and times."""
    names = [n for n in _FIRST if n in parts] + sorted(n for n in parts if n not in _FIRST)
    return reproducible_zip(((n, parts[n]) for n in names), epoch, level=6)


def read_parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {info.filename: zf.read(info) for info in zf.infolist()}


def front_section(body_sect: etree._Element) -> etree._Element:
    """The cover/目录 section: the body's page setup without footers or page numbering."""
    sect = copy.deepcopy(body_sect)
    for child in list(sect):
        if etree.QName(child).localname in ("headerReference", "footerReference", "pgNumType",
                                            "titlePg"):
            sect.remove(child)
    return sect

