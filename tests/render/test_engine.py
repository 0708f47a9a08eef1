"""WeasyPrint hooks of a unit's layout: each stream compressed once (the same bytes as
pydyf's), the print CSS parsed once per worker."""
from __future__ import annotations

import uuid
import zlib

import pydyf
import weasyprint.css

from publish import corpus
from publish.options import BuildOptions
from publish.render import engine, units
from publish.render.printhtml import view_for
from publish.render import unitpdf
from publish.render.unitpdf import font_session, lay_out
from tests.paths import BUNDLED
from tests.render.boxes import text_boxes as _boxes


PLAIN = pydyf.Stream.data


def _plain(stream: pydyf.Stream) -> bytes:
    return PLAIN.fget(stream)


def test_a_stream_has_pydyfs_bytes_made_once():
    content = pydyf.Stream([b"BT", b"/F1 12 Tf", b"(x) Tj", b"ET"], compress=True)
    big = pydyf.Stream([bytes(range(256)) * 400], {"N": 4}, compress=True)
    expected = _plain(content), _plain(big)
    with engine.streams_once():
        assert (content.data, big.data) == expected
        assert content.data is content.data                 # asked again: kept
    assert bytes(range(256)) * 400 in engine._shared_streams
    with engine.streams_once():                             # the next unit's profile
        assert pydyf.Stream([bytes(range(256)) * 400], {"N": 4}, compress=True).data \
            == expected[1]
    assert pydyf.Stream.data is PLAIN                         # pydyf's own put back


def test_object_streams_hold_the_same_objects():
    raw = b"1 0 2 5\n<< /A 1 >>\n<< /B 2 >>" * 50
    objects = pydyf.Stream([raw], {"Type": "/ObjStm", "N": 2, "First": 8}, compress=True)
    with engine.streams_once():
        data = objects.data
    body = data.split(b"stream\n", 1)[1].rsplit(b"\nendstream", 1)[0]
    assert zlib.decompress(body) == raw and b"/FlateDecode" in data


def test_the_print_css_is_parsed_once_for_the_units_of_a_session(monkeypatch):
    issue = corpus.load(BUNDLED)
    view = view_for(issue, BuildOptions(edition="official"))
    make = units.Maker(issue, view, "pdf/x-4", str(uuid.uuid4()))
    jobs = [make.cover(), make.blank(), make.cover()]
    made = []
    real = weasyprint.css.CSS

    def counting(*args, **kwargs):
        made.append(kwargs.get("string", "").strip() == jobs[0].css.strip())
        return real(*args, **kwargs)

    monkeypatch.setattr(weasyprint.css, "CSS", counting)
    with font_session():
        first, _, again = [lay_out(job) for job in jobs]
    assert made.count(True) == 1 and len(made) > 3          # the unit sheets still parsed
    assert not unitpdf._parsed_css                           # let go with the fonts
    assert first.pages == again.pages and first.pdf == again.pdf


def test_thelean_user_agent_sheet_lays_out_a_footnoted_page_as_weasyprints():
    assert engine.lean_user_agent_sheet() is not None     # WeasyPrint's sheet as expected
    html = ("<style>p { white-space: pre } .footnote { float: footnote }"
            ".footnote::footnote-call { content: none } .footnote::footnote-marker"
            " { content: none }</style><p>甲乙<span class='footnote'>注文\n二行</span>丙\n丁</p>")
    own = _boxes(html)
    with engine.lean_user_agent():
        lean = _boxes(html)
    assert lean == own and any(text == "注文" for text, _, _, _ in own)


def test_thelean_user_agent_sheet_lacks_only_the_list_marker_and_note_rules():
    from weasyprint.html import UA
    with engine.lean_user_agent():
        import weasyprint
        sheet, = weasyprint.HTML(string="<p>x</p>")._ua_stylesheets()
    dropped = [line for line in UA.split("\n") if line.startswith(engine._UNSHOWN)]
    assert len(dropped) == 4 and sheet is engine.lean_user_agent_sheet()
    margins = [line for line in UA.split("\n") if engine._unnamed_margin_rule(line, frozenset())]
    assert len(margins) == 16
    assert len([line for line in margins if not engine._unnamed_margin_rule(
        line, frozenset({"@bottom-left", "@top-center"}))]) == 2


FOLIO_PAGE = ("<style>@page { size: A6; margin: 20mm; @bottom-left { content: counter(page) }"
              " @top-center { content: '题' } } p { white-space: pre }</style>"
              "<p>甲乙\n丙丁</p><p style='break-before: page'>戊</p>")


def test_page_margin_boxes_are_set_as_weasyprints_without_the_unnamed_boxes_rules():
    css = FOLIO_PAGE.split("</style>")[0]
    own = _boxes(FOLIO_PAGE)
    with engine.lean_user_agent(css):
        lean = _boxes(FOLIO_PAGE)
    assert lean == own and any(text == "题" for text, *_ in own)
    assert engine.lean_user_agent_sheet(css) is not engine.lean_user_agent_sheet()


PRE_PAGE = ("<style>p { white-space: pre; font-size: 16pt; letter-spacing: -0.2pt }"
            " .a { letter-spacing: -4.2pt } .b { letter-spacing: 0 }</style>"
            "<p>现在<span class='a'>，</span>我代表自治区人民政府\n<span class='b'>202</span>3年，"
            "是里程碑\n\n末行 text</p><p>\n一行</p>")


def test_pre_lines_shaped_once_lay_out_and_draw_as_weasyprint():
    import weasyprint
    own_boxes = _boxes(PRE_PAGE)
    own_pdf = weasyprint.HTML(string=PRE_PAGE).write_pdf()
    split, describe = engine.wp_inline.split_first_line, engine.wp_line_break.get_font_description
    with engine.lines_shaped_once():
        assert engine._pre_line("行\n下", _pre_style(), None, None, 0) is not None
        boxes, pdf = _boxes(PRE_PAGE), weasyprint.HTML(string=PRE_PAGE).write_pdf()
    assert boxes == own_boxes and any(text == "我代表自治区人民政府" for text, *_ in boxes)
    assert pdf == own_pdf
    assert engine.wp_inline.split_first_line is split         # WeasyPrint's own put back
    assert engine.wp_line_break.get_font_description is describe


def _pre_style():
    import weasyprint
    from weasyprint.formatting_structure.boxes import TextBox
    page, = weasyprint.HTML(string="<p style='white-space: pre'>甲\n乙</p>").render().pages
    stack = [page._page_box]
    while stack:
        box = stack.pop()
        if isinstance(box, TextBox):
            return box.style
        stack.extend(getattr(box, "children", ()) or ())


def test_a_line_with_another_break_is_left_to_weasyprint():
    style = _pre_style()
    assert engine._pre_line("甲\u2028乙\n丙", style, None, None, 0) is None
    assert engine._pre_line("甲乙\u2029", style, None, None, 0) is None
    last = engine._pre_line("甲乙", style, None, None, 0)                 # the last line
    assert last is not None and last[1] == len("甲乙".encode()) and last[2] is None


def _tree(element):
    return (element.tag, dict(element.attrib), element.text, element.tail,
            [_tree(child) for child in element])


def _html5(text: str):
    import tinyhtml5
    return _tree(tinyhtml5.parse(text, namespace_html_elements=False))


def test_every_units_html_is_read_into_the_tree_html5_builds():
    issue = corpus.load(BUNDLED)
    view = view_for(issue, BuildOptions(edition="official"))
    make = units.Maker(issue, view, "pdf/x-4", str(uuid.uuid4()))
    jobs = [make.cover(), make.toc({a.id: 1 for a in view.articles}), make.blank()]
    jobs += [make.article(a, 1) for a in view.articles]
    for job in jobs:
        fast = engine._xml_tree(job.html)
        assert fast is not None and _tree(fast) == _html5(job.html), job.name
    document = engine.html_document(jobs[-1].html, "/")
    assert _tree(document.etree_element) == _html5(jobs[-1].html)


PAGE = ('<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n<title>题</title>\n'
        '<style>\np { white-space: pre }\n</style>\n</head>\n<body>\n{}\n</body>\n</html>\n')


def test_html_outside_the_templates_form_is_left_to_html5():
    plain = PAGE.replace("{}", '<p class="a">甲<span>乙</span>\n丙</p>')
    assert _tree(engine._xml_tree(plain)) == _html5(plain)
    for body in ('<p>甲<!-- 注 -->乙</p>', '<p>甲&nbsp;乙</p>', '<p>甲<br>乙</p>',
                 '<p>甲<div>乙</div></p>', '<p data-x="甲\n乙">丙</p>',
                 '<table><tr><td>甲</td></tr></table>',
                 '<p>甲<a href="#x">乙<a href="#y">丙</a></a></p>', '<h1>甲<h2>乙</h2></h1>'):
        text = PAGE.replace("{}", body)
        assert engine._xml_tree(text) is None, body
        assert _tree(engine.html_document(text, "/").etree_element) == _html5(text)
    assert engine._xml_tree(PAGE.replace("p { white", "p > b { white").replace("{}", "<p>甲</p>")) \
        is not None
    assert engine._xml_tree(PAGE.replace("p { white", "p::after { content: '&'; white")
                            .replace("{}", "<p>甲</p>")) is None


def _small_pdf(compress: bool) -> bytes:
    import io
    pdf = pydyf.PDF()
    for text in ("甲", "乙"):
        content = pydyf.Stream([b"BT", b"/F1 12 Tf", text.encode(), b"ET"], compress=True)
        pdf.add_object(content)
        page = pydyf.Dictionary({"Type": "/Page", "Parent": pdf.pages.reference,
                                 "MediaBox": pydyf.Array([0, 0, 595, 842]),
                                 "Contents": content.reference})
        pdf.add_page(page)
    pdf.add_object(pydyf.Dictionary({"Refs": pydyf.Array(pdf.page_references)}))
    out = io.BytesIO()
    pdf.write(out, version=b"1.7", identifier=True, compress=compress)
    return out.getvalue()


def test_a_pdf_written_with_each_object_made_once_has_pydyfs_bytes():
    own = _small_pdf(False)                # object streams are made at another zlib level
    write, references = pydyf.PDF.write, pydyf.PDF.page_references
    with engine.streams_once():
        once = _small_pdf(False)
        assert b"/ID" in _small_pdf(True)
    assert once == own and b"/ID" in own
    assert (pydyf.PDF.write, pydyf.PDF.page_references) == (write, references)


BACKGROUND_PAGE = ("<style>p { white-space: pre } .c { background: #fc0 } .r { border-radius: 3pt;"
                   " border: 1pt solid red } .s { box-shadow: 2pt 2pt black } .h { visibility:"
                   " hidden; background: red }</style><body style='background: #eee'>"
                   "<p>甲<span class='c'>乙</span>\n丙</p><p class='r'>丁</p><p class='s'>戊</p>"
                   "<p class='h'>己</p><p>庚</p></body>")


def test_boxes_without_a_background_are_drawn_as_weasyprint_draws_them():
    import weasyprint
    own = weasyprint.HTML(string=BACKGROUND_PAGE).write_pdf()
    plain = []
    real = engine._no_background

    def noting(style):
        plain.append(real(style))
        return plain[-1]

    engine._no_background = noting
    try:
        with engine.backgrounds_once():
            once = weasyprint.HTML(string=BACKGROUND_PAGE).write_pdf()
    finally:
        engine._no_background = real
    assert once == own and True in plain and False in plain


CLASS_PAGE = ("<style>p { white-space: pre }</style>"
              "<style>\n.st0 { letter-spacing:-4.2pt !important }\n"
              ".st1 { margin-top:9.5pt !important; text-indent:0 !important }\n"
              ".st2 { letter-spacing:bogus !important }\n</style>"
              "<p class='st1'>甲<span class='st0'>，</span>乙\n<span class='st2'>丙丁</span></p>")


def test_a_units_class_rules_parsed_rule_by_rule_set_the_page_as_weasyprints(monkeypatch):
    own = _boxes(CLASS_PAGE)
    made = []
    real = engine._class_sheet
    monkeypatch.setattr(engine, "_class_sheet", lambda *args: made.append(1) or real(*args))
    with font_session():
        with engine.stylesheet_once("p { color: red }", unitpdf._shared, {}):
            once = _boxes(CLASS_PAGE)
            again = _boxes(CLASS_PAGE)
    assert once == own == again and ("，", ) in {b[:1] for b in own} and len(made) == 2
    assert engine._class_rules(".a { x:1 }\n.b { y:2 }") == [("a", "x:1"), ("b", "y:2")]
    assert engine._class_rules(".a { x:1 }\np { y:2 }") is None
    assert engine._class_rules(".a { x:1 } .b { y:2 }") is None


def test_pydyfs_bytes_of_every_kind_of_item_are_its_own():
    own = pydyf._to_bytes
    items = [b"BT", "/F1 12 Tf", 12, -3, True, 1.0, 0.125, -2.5e-7, pydyf.Array([1, 2.5]),
             pydyf.Dictionary({"A": 1}), pydyf.String("甲")]
    with engine.streams_once():
        assert pydyf._to_bytes is engine._bytes_of
        assert [engine._bytes_of(item) for item in items] == [own(item) for item in items]
    assert pydyf._to_bytes is own
