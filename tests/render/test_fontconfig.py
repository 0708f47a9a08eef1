"""render/fontconfig.py: the private configuration names every face of fonts/ by the family
the print CSS asks for (no @font-face rule, so WeasyPrint copies no face into a process),
and its cache is a new one whenever those names or the faces change."""
from __future__ import annotations

import os
import shutil
from pathlib import Path


from publish import procpool
from publish.layout.fonts import ROLES
from publish.paths import FONTS
from publish.render import fontconfig
from publish.render.printhtml import render_css


def _faces(folder: Path) -> Path:
    folder.mkdir()
    for name in {r.file for r in ROLES.values()}:
        os.symlink(FONTS / name, folder / name)
    return folder


def test_every_face_is_named_by_its_print_family(tmp_path):
    text = fontconfig.config_file(_faces(tmp_path / "fonts")).read_text(encoding="utf-8")
    for role in ROLES.values():
        assert (f"<string>{(tmp_path / 'fonts').resolve() / role.file}</string></test>"
                f"<edit name=\"family\" mode=\"prepend\"><string>{role.family}</string>"
                in text)


def test_the_machine_configuration_keeps_the_faces_own_names(tmp_path):
    text = fontconfig.config_file(_faces(tmp_path / "fonts"), machine=True).read_text(
        encoding="utf-8")
    assert "prepend" not in text and "/etc/fonts/fonts.conf" in text


def test_another_face_gets_another_cache(tmp_path):
    fonts = _faces(tmp_path / "fonts")
    first = fontconfig.config_file(fonts)
    assert fontconfig.config_file(fonts) == first
    kai = next(r.file for r in ROLES.values() if r.name == "kai")
    (fonts / kai).unlink()
    shutil.copyfile(FONTS / kai, fonts / kai)          # the same name, another file
    assert fontconfig.config_file(fonts) != first


def _config_folder(_: int) -> str:
    return str(fontconfig.config_file(FONTS).parent.parent)


def test_a_workers_configuration_outlives_its_pool():
    """Its cache (what fontconfig found scanning fonts/) is not scanned again per build."""
    with procpool.pool(1) as pool:
        assert pool.submit(_config_folder, 0).result() == procpool.system_tempdir()


def test_the_print_css_has_no_font_face_and_the_html_output_has_them():
    assert "@font-face" not in render_css()
    assert render_css(fonts_relative="fonts").count("@font-face") == len(
        {(r.family, r.weight) for r in ROLES.values()})


def test_weasyprint_finds_each_print_family_in_fonts():
    """What the workers see: each family and weight of the print CSS set in its own file."""
    import io

    import pikepdf

    from publish.render.fontmerge import postscript_name
    from publish.render.unitpdf import import_weasyprint
    import_weasyprint()
    import weasyprint
    from weasyprint.text.fonts import FontConfiguration
    for role in ROLES.values():
        html = (f'<p style="font-family: \'{role.family}\'; font-weight: {role.weight}">'
                "中文标题</p>")
        with fontconfig.isolated(FONTS):
            data = weasyprint.HTML(string=html).write_pdf(font_config=FontConfiguration())
        with pikepdf.open(io.BytesIO(data)) as pdf:
            fonts = [postscript_name(next(
                d[k] for k in ("/FontFile3", "/FontFile2") if k in d).read_bytes())
                for f in pdf.pages[0].Resources.Font.values()
                for d in [f.DescendantFonts[0].FontDescriptor]]
        assert fonts == [postscript_name((FONTS / role.file).read_bytes())], role
