"""A line letter-spaced open reads back without spaces: poppler (pdftotext, most copy-paste)
takes a gap of a tenth of an em between glyphs for a word space, and a face change on the
line (a bold lead-in, then 。 in the body face) widens its gap a little: the bundled
issue's ——保障…显著增强 。煤炭产量 was set 0.09 em open."""
from __future__ import annotations

import subprocess
import uuid

import pytest

from publish.paths import FONTS
from publish.render import engine
from tests import tools

PAGE = """<style>
@font-face {{ font-family: S; src: url(NotoSerifCJKsc-Regular.otf) }}
@font-face {{ font-family: S; font-weight: 700; src: url(NotoSerifCJKsc-Bold.otf) }}
p {{ font: 16pt S; white-space: pre; margin: 0 }}
</style><p><span style="letter-spacing:{ls}pt">——</span><b style="letter-spacing:{ls}pt">保障能力显著增强</b><span style="letter-spacing:{ls}pt">。煤炭产量</span>
<span style="letter-spacing:{ls}pt">全年造林种草</span>
第三行</p>"""


def _read_back(spacing: float) -> list[str]:
    from weasyprint import HTML
    with engine.print_hooks(uuid.UUID(int=1)):
        pdf = HTML(string=PAGE.format(ls=spacing), base_url=f"{FONTS}/").write_pdf()
    return subprocess.run([tools.require("pdftotext"), "-", "-"], input=pdf, capture_output=True,
                          check=True).stdout.decode().splitlines()


@pytest.mark.parametrize("spacing", [-0.2, 0.4, 1.59, 2.5])
def test_a_line_set_open_reads_back_without_spaces(spacing):
    """On the grid (-0.2 pt), a little open, and open past poppler's word gap, with a face
    change and without."""
    assert _read_back(spacing)[:3] == ["——保障能力显著增强。煤炭产量", "全年造林种草", "第三行"]
