"""What several import-docx tests do to a DOCX: find an article's body paragraphs, and have
LibreOffice re-save it as an editor without Word would."""
from __future__ import annotations

import subprocess
from pathlib import Path

from tests import tools


def body_paragraphs(doc, index: int):
    """The Body paragraphs of article ``index`` (0-based, counted by Article Title)."""
    out, seen = [], -1
    for p in doc.paragraphs:
        if p.style.style_id == "ArticleTitle":
            seen += 1
        elif seen == index and p.style.name == "Body":
            out.append(p)
        elif seen > index:
            break
    return out


def resave_with_libreoffice(docx: Path, tmp_path: Path) -> Path:
    """``docx`` opened and saved again by LibreOffice; the path of the re-saved file."""
    out = tmp_path / "resaved"
    proc = subprocess.run(
        [tools.soffice(), f"-env:UserInstallation={(tmp_path / 'lo-profile').as_uri()}",
         "--headless", "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(out), str(docx)],
        capture_output=True, text=True, timeout=600, check=False,
        env=tools.office_env())
    assert proc.returncode == 0, proc.stderr
    return out / docx.name
