"""Namespaces and small lxml builders for WordprocessingML parts."""
from __future__ import annotations

from docx.oxml.parser import oxml_parser
from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
XML_NS = "http://www.w3.org/XML/1998/namespace"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
W14_NS = "http://schemas.microsoft.com/office/word/2010/wordml"
NSMAP = {"w": W_NS, "r": R_NS}


def w(tag: str) -> str:
    """'rFonts' → Clark name in the w: namespace ('w:rFonts' is accepted too)."""
    return f"{{{W_NS}}}{tag.removeprefix('w:')}"


def el(tag: str, attrs: dict[str, str | int] | None = None, *children, **kw) -> etree._Element:
    """A w: element; attribute names without a prefix are w: attributes.

    Made by python-docx's parser, so python-docx sees its own element classes when the
    element is inserted into a document it opened.
    """
    node = oxml_parser.makeelement(w(tag), nsmap=kw.get("nsmap"))
    for key, value in (attrs or {}).items():
        node.set(_attr(key), str(value))
    for child in children:
        if child is not None:
            node.append(child)
    return node


def word2010_only(*children: etree._Element) -> etree._Element:
    """``children`` for Word 2010 and later (and LibreOffice, WPS), nothing for a reader that
    takes a markup-compatibility block's fallback (pandoc, calibre): an
    ``mc:AlternateContent`` whose choice requires ``w14`` and whose fallback is empty. Its
    namespaces are declared on it, so it needs nothing of the document's root (a reference
    re-saved by Word declares its own set there)."""
    block = oxml_parser.makeelement(f"{{{MC_NS}}}AlternateContent",
                                    nsmap={"mc": MC_NS, "w14": W14_NS})
    choice = etree.SubElement(block, f"{{{MC_NS}}}Choice", {"Requires": "w14"})
    choice.extend(children)
    etree.SubElement(block, f"{{{MC_NS}}}Fallback")
    return block


def declare_compatibility_on_root(root: etree._Element) -> None:
    """Declare ``mc`` and ``w14`` on the part's root, as Word itself writes them, when a
    :func:`word2010_only` block is in it: valid where they are too, but some consumers of
    markup compatibility resolve a Choice's ``Requires`` only against the root's
    declarations (docx4j pre-declares them there for Word's sake)."""
    if root.find(f".//{{{MC_NS}}}AlternateContent") is not None:
        etree.cleanup_namespaces(root, top_nsmap={"mc": MC_NS, "w14": W14_NS},
                                 keep_ns_prefixes=["mc", "w14"])


def sub(parent: etree._Element, tag: str, attrs: dict[str, str | int] | None = None,
        ) -> etree._Element:
    node = etree.SubElement(parent, w(tag))
    for key, value in (attrs or {}).items():
        node.set(_attr(key), str(value))
    return node


def _attr(key: str) -> str:
    if key.startswith("{"):
        return key
    if key.startswith("r:"):
        return f"{{{R_NS}}}{key[2:]}"
    if key.startswith("xml:"):
        return f"{{{XML_NS}}}{key[4:]}"
    return w(key)


def to_bytes(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def insert_ordered(parent: etree._Element, child: etree._Element, order: tuple[str, ...]
                   ) -> etree._Element:
    """Insert ``child`` where the schema's sequence ``order`` (local names) wants it.

    Replaces an existing element of the same name. Word refuses some out-of-order parts.
    """
    name = etree.QName(child).localname
    for old in parent.findall(w(name)):
        parent.remove(old)
    rank = order.index(name) if name in order else len(order)
    for i, sibling in enumerate(parent):
        if not isinstance(sibling.tag, str):
            continue
        local = etree.QName(sibling).localname
        if local in order and order.index(local) > rank:
            parent.insert(i, child)
            return child
    parent.append(child)
    return child


# Sequences from the WordprocessingML schema (ECMA-376 Part 1), for insert_ordered.
RPR_ORDER = ("rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike",
             "dstrike", "outline", "shadow", "emboss", "imprint", "noProof", "snapToGrid",
             "vanish", "webHidden", "color", "spacing", "w", "kern", "position", "sz", "szCs",
             "highlight", "u", "effect", "bdr", "shd", "fitText", "vertAlign", "rtl", "cs", "em",
             "lang", "eastAsianLayout", "specVanish", "oMath")
PPR_ORDER = ("pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl",
             "numPr", "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens",
             "kinsoku", "wordWrap", "overflowPunct", "topLinePunct", "autoSpaceDE",
             "autoSpaceDN", "bidi", "adjustRightInd", "snapToGrid", "spacing", "ind",
             "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc", "textDirection",
             "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr",
             "sectPr", "pPrChange")
SECTPR_ORDER = ("headerReference", "footerReference", "footnotePr", "endnotePr", "type",
                "pgSz", "pgMar", "paperSrc", "pgBorders", "lnNumType", "pgNumType", "cols",
                "formProt", "vAlign", "noEndnote", "titlePg", "textDirection", "bidi",
                "rtlGutter", "docGrid", "printerSettings", "sectPrChange")
SETTINGS_ORDER = (
    "writeProtection", "view", "zoom", "removePersonalInformation", "removeDateAndTime",
    "doNotDisplayPageBoundaries", "displayBackgroundShape", "printPostScriptOverText",
    "printFractionalCharacterWidth", "printFormsData", "embedTrueTypeFonts",
    "embedSystemFonts", "saveSubsetFonts", "saveFormsData", "mirrorMargins",
    "alignBordersAndEdges", "bordersDoNotSurroundHeader", "bordersDoNotSurroundFooter",
    "gutterAtTop", "hideSpellingErrors", "hideGrammaticalErrors", "activeWritingStyle",
    "proofState", "formsDesign", "attachedTemplate", "linkStyles", "stylePaneFormatFilter",
    "stylePaneSortMethod", "documentType", "mailMerge", "revisionView", "trackRevisions",
    "doNotTrackMoves", "doNotTrackFormatting", "documentProtection", "autoFormatOverride",
    "styleLockTheme", "styleLockQFSet", "defaultTabStop", "autoHyphenation",
    "consecutiveHyphenLimit", "hyphenationZone", "doNotHyphenateCaps", "showEnvelope",
    "summaryLength", "clickAndTypeStyle", "defaultTableStyle", "evenAndOddHeaders",
    "bookFoldRevPrinting", "bookFoldPrinting", "bookFoldPrintingSheets",
    "drawingGridHorizontalSpacing", "drawingGridVerticalSpacing",
    "displayHorizontalDrawingGridEvery", "displayVerticalDrawingGridEvery",
    "doNotUseMarginsForDrawingGridOrigin", "drawingGridHorizontalOrigin",
    "drawingGridVerticalOrigin", "doNotShadeFormData", "noPunctuationKerning",
    "characterSpacingControl", "printTwoOnOne", "strictFirstAndLastChars",
    "noLineBreaksAfter", "noLineBreaksBefore", "savePreviewPicture",
    "doNotValidateAgainstSchema", "saveInvalidXml", "ignoreMixedContent",
    "alwaysShowPlaceholderText", "doNotDemarcateInvalidXml", "saveXmlDataOnly",
    "useXSLTWhenSaving", "saveThroughXslt", "showXMLTags", "alwaysMergeEmptyNamespace",
    "updateFields", "hdrShapeDefaults", "footnotePr", "endnotePr", "compat", "docVars",
    "rsids", "mathPr", "attachedSchema", "themeFontLang", "clrSchemeMapping",
    "doNotIncludeSubdocsInStats", "doNotAutoCompressPictures", "forceUpgrade", "captions",
    "readModeInkLockDown", "smartTagType", "schemaLibrary", "shapeDefaults",
    "doNotEmbedSmartTags", "decimalSymbol", "listSeparator")
COMPAT_ORDER = (
    "useSingleBorderforContiguousCells", "wpJustification", "noTabHangInd", "noLeading",
    "spaceForUL", "noColumnBalance", "balanceSingleByteDoubleByteWidth", "noExtraLineSpacing",
    "doNotLeaveBackslashAlone", "ulTrailSpace", "doNotExpandShiftReturn", "spacingInWholePoints",
    "lineWrapLikeWord6", "printBodyTextBeforeHeader", "printColBlack", "wpSpaceWidth",
    "showBreaksInFrames", "subFontBySize", "suppressBottomSpacing", "suppressTopSpacing",
    "suppressSpacingAtTopOfPage", "suppressTopSpacingWP", "suppressSpBfAfterPgBrk",
    "swapBordersFacingPages", "convMailMergeEsc", "truncateFontHeightsLikeWP6",
    "mwSmallCaps", "usePrinterMetrics", "doNotSuppressParagraphBorders", "wrapTrailSpaces",
    "footnoteLayoutLikeWW8", "shapeLayoutLikeWW8", "alignTablesRowByRow", "forgetLastTabAlignment",
    "adjustLineHeightInTable", "autoSpaceLikeWord95", "noSpaceRaiseLower",
    "doNotUseHTMLParagraphAutoSpacing", "layoutRawTableWidth", "layoutTableRowsApart",
    "useWord97LineBreakRules", "doNotBreakWrappedTables", "doNotSnapToGridInCell",
    "selectFldWithFirstOrLastChar", "applyBreakingRules", "doNotWrapTextWithPunct",
    "doNotUseEastAsianBreakRules", "useWord2002TableStyleRules", "growAutofit",
    "useFELayout", "useNormalStyleForList", "doNotUseIndentAsNumberingTabStop",
    "useAltKinsokuLineBreakRules", "allowSpaceOfSameStyleInTable", "doNotSuppressIndentation",
    "doNotAutofitConstrainedTables", "autofitToFirstFixedWidthCell",
    "underlineTabInNumList", "displayHangulFixedWidth", "splitPgBreakAndParaMark",
    "doNotVertAlignCellWithSp", "doNotBreakConstrainedForcedTable",
    "doNotVertAlignInTxbx", "useAnsiKerningPairs", "cachedColBlankForExactPageLayout",
    "compatSetting")
