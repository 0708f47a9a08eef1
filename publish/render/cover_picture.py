"""The EPUB's cover picture: templates/epub/cover-image.html drawn by WeasyPrint as a PNG.

Here, not in the EPUB writer, because the render stage is the only code that imports
WeasyPrint. The picture is cached under everything it depends on (the cover's fields, the
template, this code, the cover faces), so a rebuild of the same cover costs nothing.
"""
from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
from pathlib import Path

from .. import cache
from ..typefaces import subsets
from ..templating import wording
from ..errors import UserError
from ..model import Issue
from ..paths import TEMPLATES
from ..procpool import die_with_parent
from ..templating import environment

TEMPLATE = "epub/cover-image.html"
KIND = "cover"


def cover_png(issue: Issue) -> bytes:
    """The cover picture, from the cache when the same cover was drawn before."""
    fields = [issue.institution, issue.institution_en, issue.title, issue.number,
              issue.publisher, issue.id]
    key = cache.fingerprint(fields, [TEMPLATES / TEMPLATE, Path(__file__),
                                     *subsets.cover_font_files()])
    png = cache.load(KIND, key)
    if png is None:
        png = _draw_cover_png(issue)
        cache.store(KIND, key, png)
    return png


def _draw_cover_png(issue: Issue) -> bytes:
    """WeasyPrint renders cover-image.html, pdftoppm rasterises.

    The faces come from fonts/ when it has them (same pixels on every machine); the PNG is
    re-encoded by Pillow with no timestamps, so the same issue always gives the same bytes.
    """
    faces = []
    for bold, weight in ((False, 400), (True, 700)):
        try:
            face = subsets.serif_regular(bold=bold)
        except UserError:
            continue
        if face.path.suffix.lower() in (".otf", ".ttf"):
            faces.append({"family": "CoverSerif", "weight": weight, "url": face.path.as_uri()})
    html = environment().get_template(TEMPLATE).render(
        issue=issue, faces=faces, **wording.TEMPLATE_FUNCTIONS)
    pdftoppm = shutil.which("pdftoppm")
    if not pdftoppm:
        raise UserError("pdftoppm not found: install poppler-utils to make the EPUB cover")
    import weasyprint
    pdf = weasyprint.HTML(string=html, base_url=str(TEMPLATES / "epub")).write_pdf()
    with tempfile.TemporaryDirectory(prefix="publish-cover-") as tmp:
        src = Path(tmp) / "cover.pdf"
        src.write_bytes(pdf)
        proc = subprocess.run([pdftoppm, "-png", "-r", "216", "-singlefile", "-f", "1", "-l", "1",
                               str(src), str(Path(tmp) / "cover")], capture_output=True,
                              check=False, preexec_fn=die_with_parent)
        png = Path(tmp) / "cover.png"
        if proc.returncode or not png.exists():
            raise UserError(f"pdftoppm failed on the cover: {proc.stderr.decode(errors='replace').strip()}")
        from PIL import Image
        with Image.open(png) as image:
            image = image.convert("RGB").quantize(colors=64, method=Image.Quantize.MEDIANCUT,
                                                  dither=Image.Dither.NONE)
            out = io.BytesIO()
            image.save(out, format="PNG", optimize=True)
    return out.getvalue()
