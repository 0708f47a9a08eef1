"""Test helper: the text boxes WeasyPrint lays out, to compare two forms of one page."""
from __future__ import annotations


def text_boxes(html: str):
    """Every laid-out text box: its text, position and width (WeasyPrint)."""
    import weasyprint
    from weasyprint.formatting_structure.boxes import TextBox
    out = []
    for page in weasyprint.HTML(string=html).render().pages:
        stack = [page._page_box]
        while stack:
            box = stack.pop()
            if isinstance(box, TextBox):
                out.append((box.text, round(box.position_x, 3), round(box.position_y, 3),
                            round(box.width, 3)))
            stack.extend(getattr(box, "children", ()) or ())
    return sorted(out, key=lambda b: (b[2], b[1]))
