"""Helpers for the bench scripts: run a command in a fresh process and measure it; describe
the machine; turn the corpus into one Markdown file for pandoc; edit bench/RESULTS.md.

Peak memory is `getrusage(RUSAGE_CHILDREN).ru_maxrss` read inside a throw-away wrapper
process (``python bench/_lib.py probe …``) whose only child is the measured command, so the
figure belongs to that command alone: the largest resident set of the command or of any
process it started and waited for (a process pool's workers included), not their sum.
"""
from __future__ import annotations

import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


# ----------------------------------------------------------------------------- measuring

@dataclass(frozen=True)
class Run:
    """One run of one command."""
    seconds: float
    peak_mb: float
    returncode: int
    stdout: str
    stderr: str
    sum_mb: float = 0.0          # the largest resident set of the command and its processes
                                 # summed at one moment (sampled every SAMPLE_S)


@dataclass
class Series:
    """Every run of one benchmark, or why it was skipped."""
    key: str
    label: str
    command: str = ""
    runs: list[Run] = field(default_factory=list)
    skipped: str | None = None       # a note: writer missing, tool missing, failed …

    @property
    def ok(self) -> bool:
        return self.skipped is None and bool(self.runs)

    @property
    def median(self) -> float | None:
        return statistics.median(r.seconds for r in self.runs) if self.ok else None

    @property
    def peak_mb(self) -> float | None:
        return max(r.peak_mb for r in self.runs) if self.ok else None

    @property
    def sum_mb(self) -> float | None:
        return max(r.sum_mb for r in self.runs) if self.ok else None

    @property
    def spread(self) -> tuple[float, float] | None:
        if not self.ok:
            return None
        secs = [r.seconds for r in self.runs]
        return min(secs), max(secs)


def measure(cmd: Sequence[str | os.PathLike], *, cwd: Path | None = None,
            env: dict[str, str] | None = None, timeout: float | None = None) -> Run:
    """Run ``cmd`` once inside a fresh wrapper process; wall time and peak RSS of ``cmd`` only."""
    with tempfile.TemporaryDirectory(prefix="bench-probe-") as tmp:
        out, err = Path(tmp) / "stdout", Path(tmp) / "stderr"
        probe = [sys.executable, str(HERE / "_lib.py"), "probe", str(out), str(err), "--",
                 *map(str, cmd)]
        res = subprocess.run(probe, cwd=cwd, env=env, capture_output=True, text=True,
                             timeout=timeout)
        if res.returncode != 0:
            raise RuntimeError(f"probe failed ({res.returncode}): {res.stderr.strip()}")
        data = json.loads(res.stdout)
        return Run(seconds=data["seconds"], peak_mb=data["maxrss_kb"] / 1024,
                   returncode=data["returncode"], sum_mb=data.get("sum_kb", 0) / 1024,
                   stdout=out.read_text(encoding="utf-8", errors="replace"),
                   stderr=err.read_text(encoding="utf-8", errors="replace"))


#: How often the probe sums the resident sets of the command's processes.
SAMPLE_S = 0.05


def _children(pid: int) -> list[int]:
    """The children of ``pid`` (its threads' ``children`` files; no /proc scan)."""
    out: list[int] = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return out
    for tid in tasks:
        try:
            out += map(int, Path(f"/proc/{pid}/task/{tid}/children").read_text().split())
        except (OSError, ValueError):
            continue
    return out


def tree_rss_kb(root: int) -> int:
    """The resident sets of ``root`` and every process under it, summed (KiB; Linux /proc)."""
    page_kb = os.sysconf("SC_PAGE_SIZE") // 1024
    total, seen, todo = 0, set(), [root]
    while todo:
        pid = todo.pop()
        if pid in seen:
            continue
        seen.add(pid)
        try:
            total += int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * page_kb
        except (OSError, ValueError, IndexError):
            continue
        todo += _children(pid)
    return total


def _probe(argv: list[str]) -> int:
    """Inside the wrapper: run the command, print its wall time, RUSAGE_CHILDREN peak and the
    largest sum of its processes' resident sets (sampled)."""
    import resource
    out, err, sep, *cmd = argv
    assert sep == "--" and cmd, "usage: _lib.py probe STDOUT STDERR -- CMD…"
    summed = 0
    with open(out, "wb") as fo, open(err, "wb") as fe:
        start = time.perf_counter()
        try:
            proc = subprocess.Popen(cmd, stdout=fo, stderr=fe, stdin=subprocess.DEVNULL)
            while True:
                try:
                    rc = proc.wait(timeout=SAMPLE_S)
                    break
                except subprocess.TimeoutExpired:
                    summed = max(summed, tree_rss_kb(proc.pid))
        except OSError as exc:            # command not found: report, don't crash the bench
            fe.write(f"{exc}\n".encode())
            rc = 127
        seconds = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(json.dumps({"seconds": seconds, "maxrss_kb": usage.ru_maxrss, "returncode": rc,
                      "sum_kb": max(summed, usage.ru_maxrss)}))
    return 0


def last_line(text: str) -> str:
    lines = [ln.strip() for ln in text.strip().splitlines() if ln.strip()]
    return lines[-1] if lines else ""


# ------------------------------------------------------------------------------ machine

def machine() -> dict[str, str]:
    """What the figures were measured on: cores, CPU model, memory, OS, load."""
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        m = re.search(r"MemTotal:\s+(\d+) kB", Path("/proc/meminfo").read_text())
        mem = f"{int(m.group(1)) / 1024 / 1024:.1f} GiB" if m else ""
    except OSError:
        pass
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:
        usable = os.cpu_count() or 1
    return {
        "nproc": str(usable),
        "cpu": cpu or platform.processor() or "unknown",
        "memory": mem or "unknown",
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
    }


def load_average() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "n/a"


def versions(publish: Path, pandoc: str | None) -> dict[str, str]:
    """Versions of everything measured, read from the venv that runs `publish`."""
    found: dict[str, str] = {}
    py = publish.parent / "python"
    code = ("import importlib.metadata as m, json\n"
            "out = {}\n"
            "for d in ('publish', 'weasyprint', 'python-docx', 'ebooklib', 'pydyf', 'rich'):\n"
            "    try: out[d] = m.version(d)\n"
            "    except m.PackageNotFoundError: pass\n"
            "print(json.dumps(out))")
    try:
        res = subprocess.run([str(py if py.exists() else sys.executable), "-c", code],
                             capture_output=True, text=True, timeout=60)
        found.update(json.loads(res.stdout))
    except (OSError, ValueError, subprocess.SubprocessError):
        pass
    if pandoc:
        try:
            res = subprocess.run([pandoc, "--version"], capture_output=True, text=True,
                                 timeout=60)
            found["pandoc"] = res.stdout.split("\n", 1)[0].split()[-1]
        except (OSError, subprocess.SubprocessError, IndexError):
            pass
    try:
        rev = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
                             capture_output=True, text=True, timeout=30).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain"],
                               capture_output=True, text=True, timeout=30).stdout.strip()
        if rev:
            found["commit"] = rev + (" (+ uncommitted changes)" if dirty else "")
    except (OSError, subprocess.SubprocessError):
        pass
    return found


# --------------------------------------------------------------------- corpus → Markdown

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~^$@])")


def _md_escape(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", text)


def corpus_markdown(issue: dict) -> str:
    """The issue's text (``publish dump`` JSON) as one pandoc Markdown file.

    The same words the writers set: article titles become ``#`` headings, body headings move
    one level down, bold stays bold, list items keep their printed labels; deck, bylines,
    source and dateline become plain paragraphs.
    """
    title = " ".join(x for x in (issue.get("title"), issue.get("number")) if x)
    out = ["---", f"title: {json.dumps(title, ensure_ascii=False)}",
           f"lang: {issue.get('language') or 'zh-CN'}", "---", ""]
    for art in issue.get("articles", ()):
        out += [f"# {_md_escape(art['title'])}", ""]
        source = art.get("source") and f"来源：{art['source']}"
        for line in (*art.get("deck", ()), *art.get("bylines", ()), source, art.get("dateline")):
            if line:
                out += [_md_escape(line), ""]
        for blk in art.get("blocks", ()):
            body = "".join(
                f"**{_md_escape(s['text'])}**" if s.get("style") == "bold" and s["text"].strip()
                else _md_escape(s["text"]) for s in blk.get("spans", ()))
            if blk["type"] == "heading":
                out.append("#" * min(6, (blk.get("level") or 1) + 1) + " " + body)
            elif blk["type"] == "list_item" and blk.get("label"):
                out.append(f"{blk['label']} {body}")
            else:
                out.append(body)
            out.append("")
    return "\n".join(out)


# ------------------------------------------------------------------ corpus → plain HTML

#: The print faces, should ``publish.layout.fonts`` not be importable (family, weight, file).
FALLBACK_FACES = (("Publish Serif", 400, "NotoSerifCJKsc-Regular.otf"),
                  ("Publish Serif", 700, "NotoSerifCJKsc-Bold.otf"),
                  ("Publish Sans", 700, "NotoSansCJKsc-Bold.otf"),
                  ("Publish Kai", 400, "LXGWWenKai-Regular.ttf"))


def print_faces() -> list[dict]:
    """The @font-face rules of the print edition: family, weight and a file URL (fonts/)."""
    try:
        from publish.layout.fonts import font_faces
        return [{"family": f["family"], "weight": f["weight"], "url": f["url"]}
                for f in font_faces()]
    except Exception:           # noqa: BLE001 - moved or renamed: the same files by name
        return [{"family": fam, "weight": w, "url": (ROOT / "fonts" / name).resolve().as_uri()}
                for fam, w, name in FALLBACK_FACES]


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _notes(spans) -> list[str]:
    """The text of every footnote called in these spans (notes inside notes included)."""
    found = []
    for sp in spans or ():
        if sp.get("style") == "footnote" and sp.get("note"):
            found.append("".join(n.get("text", "") for n in sp["note"]))
            found += _notes(sp["note"])
    return found


#: The print edition's type area in mm (publish.layout.style.HouseStyle): top, right,
#: bottom, left; one-sided, as plain HTML and the Typst reference are set.
TYPE_AREA_MM = (37.0, 26.0, 35.0, 28.0)


def type_area_mm() -> tuple[float, float, float, float]:
    try:
        from publish.layout.style import HouseStyle
        h = HouseStyle()
        return (h.margin_top_mm, h.margin_outer_mm, h.margin_bottom_mm, h.margin_inner_mm)
    except Exception:           # noqa: BLE001 - moved or renamed: the numbers it had
        return TYPE_AREA_MM


def plain_lines(issue: dict):
    """The issue's text in reading order as (tag, text): ``h1`` per article title, ``p`` per
    title-block line (deck, bylines, 来源, dateline), block (list labels kept) and footnote."""
    for art in issue.get("articles", ()):
        yield "h1", art["title"]
        source = art.get("source") and f"来源：{art['source']}"
        for line in (*art.get("deck", ()), *art.get("bylines", ()), source, art.get("dateline")):
            if line:
                yield "p", line
        notes: list[str] = []
        for blk in art.get("blocks", ()):
            text = blk.get("text") or "".join(s.get("text", "") for s in blk.get("spans", ()))
            if blk.get("label"):
                text = f"{blk['label']} {text}"
            yield "p", text
            notes += _notes(blk.get("spans"))
        for n in notes:
            yield "p", n


def plain_html(issue: dict, faces: list[dict]) -> str:
    """The issue's text as the plain semantic HTML a user would hand WeasyPrint instead of
    us: an ``<h1>`` per article title (each on a new page), a ``<p>`` per title-block line,
    paragraph, heading or list item (its printed label kept) and footnote; the print faces
    by @font-face; A4 with the print type area, 16 pt, justified. No cover, 目录, line
    composition or page numbers."""
    rules = [f'@font-face {{ font-family: "{f["family"]}"; font-weight: {f["weight"]}; '
             f'src: url("{f["url"]}"); }}' for f in faces]
    serif = next((f["family"] for f in faces if "Serif" in f["family"]), faces[0]["family"]
                 if faces else "serif")
    margin = " ".join(f"{x:g}mm" for x in type_area_mm())
    css = "\n".join(rules + [
        f"@page {{ size: A4; margin: {margin}; }}",
        f'body {{ font-family: "{serif}"; font-size: 16pt; text-align: justify; }}',
        "h1 { font-size: 22pt; font-weight: 700; text-align: center; break-before: page; }",
        "h1:first-child { break-before: auto; }",
    ])
    lang = issue.get("language") or "zh-CN"
    title = " ".join(x for x in (issue.get("title"), issue.get("number")) if x)
    out = ["<!DOCTYPE html>", f'<html lang="{_esc(lang)}">', "<head>", '<meta charset="utf-8">',
           f"<title>{_esc(title)}</title>", f"<style>\n{css}\n</style>", "</head>", "<body>"]
    out += [f"<{tag}>{_esc(text)}</{tag}>" for tag, text in plain_lines(issue)]
    out += ["</body>", "</html>", ""]
    return "\n".join(out)


#: The font files' own family names (what Typst matches), by the print roles' files.
TYPST_SERIF = "Noto Serif CJK SC"


def _typst_str(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def typst_source(issue: dict, serif: str = TYPST_SERIF) -> str:
    """The same text as ``plain_html`` for Typst: the same page (A4, the print type area),
    face, size and justification; each article title a centred bold heading on a new page.
    Every text goes in as a string literal, so nothing in it is read as Typst markup."""
    top, right, bottom, left = type_area_mm()
    lang = (issue.get("language") or "zh-CN").lower()
    out = [f'#set page(paper: "a4", margin: (top: {top:g}mm, right: {right:g}mm, '
           f'bottom: {bottom:g}mm, left: {left:g}mm))',
           f'#set text(font: {_typst_str(serif)}, size: 16pt, lang: "{lang[:2]}"'
           + (', region: "cn"' if lang.startswith("zh") else "") + ")",
           "#set par(justify: true)",
           "#show heading: it => { pagebreak(weak: true); align(center, text(size: 22pt, "
           "weight: 700, it.body)) }", ""]
    for tag, text in plain_lines(issue):
        out.append(f"#heading({_typst_str(text)})" if tag == "h1" else f"#{_typst_str(text)}")
        out.append("")
    return "\n".join(out)


def typst_command(python: str, source: Path, out: Path, fonts: Path) -> list[str]:
    """Compile ``source`` with the PyPI ``typst`` binding, seeing only the fonts in ``fonts``."""
    code = ("import sys, typst; typst.compile(sys.argv[1], output=sys.argv[2], "
            "font_paths=[sys.argv[3]], ignore_system_fonts=True)")
    return [python, "-c", code, str(source), str(out), str(fonts)]


# ------------------------------------------------------------------ corpus copies

_FRONT = re.compile(r"\A---\n(.*?\n)---\n", re.S)


def copy_corpus(src: Path, dst: Path, issue_id: str | None = None) -> Path:
    """A copy of the corpus at ``dst``; with ``issue_id``, its id changed to that."""
    shutil.copytree(src, dst)
    if issue_id:
        meta = dst / "issue.yaml"
        text, count = re.subn(r"(?m)^id:.*$", f"id: {issue_id}",
                              meta.read_text(encoding="utf-8"), count=1)
        meta.write_text(text if count else f"id: {issue_id}\n" + text, encoding="utf-8")
    return dst


def _planned_last_page(corpus: Path) -> int | None:
    """The last page the source edition plans for ``corpus`` (None if it cannot say)."""
    try:
        from publish import corpus as corpus_io, source_edition
        pages = source_edition.plan(corpus_io.load(corpus)).pagination.pages
        return max(p.number for p in pages) if pages else None
    except Exception:           # noqa: BLE001 - no plan (official edition, old code): the breaks
        return None


def double_corpus(src: Path, dst: Path) -> int:
    """A copy of the corpus twice as long: every article again after the last, with a new id
    (``<id>-x2``), a new file and a 目录 entry whose page follows the last source page.
    Returns the number of articles added. The copy stays a valid corpus."""
    from ruamel.yaml import YAML
    copy_corpus(src, dst)
    yaml = YAML()                     # round trip: the copy keeps its quoting and order
    yaml.preserve_quotes = True
    meta_path = dst / "issue.yaml"
    meta = yaml.load(meta_path.read_text(encoding="utf-8"))
    names = list(meta["articles"])
    ends, starts = [], []
    for name in names:
        fm = _FRONT.match((dst / "articles" / name).read_text(encoding="utf-8"))
        head = fm.group(1) if fm else ""
        page = re.search(r"(?m)^page: *'?(\d+)", head)
        breaks = len(re.findall(r"(?m)^- - ", head))
        if page:
            starts.append(int(page.group(1)))
            ends.append(int(page.group(1)) + breaks)
    last = _planned_last_page(src)      # the text may run on past its last recorded end
    shift = (max([*ends, last or 0]) - min(starts) + 1) if starts else 0
    toc = meta.get("toc") or []
    added = []
    for i, name in enumerate(names, start=len(names) + 1):
        text = (dst / "articles" / name).read_text(encoding="utf-8")
        fm = _FRONT.match(text)
        head, body = (fm.group(1), text[fm.end():]) if fm else ("", text)
        head = re.sub(r"(?m)^id: *(['\"]?)(.+?)\1 *$", lambda m: f"id: {m.group(2)}-x2", head,
                      count=1)
        head = re.sub(r"(?m)^page: *'?(\d+)'?", lambda m: f"page: {int(m.group(1)) + shift}",
                      head, count=1)
        new = f"{i:02d}-x2-" + re.sub(r"^\d+-", "", name)
        (dst / "articles" / new).write_text(f"---\n{head}---\n{body}", encoding="utf-8")
        added.append(new)
    for entry in list(toc):
        extra = dict(entry)
        if "page" in extra and extra["page"] is not None:
            extra["page"] = int(extra["page"]) + shift
        toc.append(extra)
    meta["articles"] = names + added
    with meta_path.open("w", encoding="utf-8") as fh:
        yaml.dump(meta, fh)
    return len(added)


#: Written into one paragraph by the rebuild benchmark; found again in the rebuilt PDF.
EDIT_MARK = "谨此校订"


def edit_one_paragraph(corpus: Path, mark: str = EDIT_MARK) -> Path:
    """Put ``mark`` into the first plain body paragraph of the middle article (a few
    characters; front matter and Markdown untouched). Returns the file edited."""
    meta = (corpus / "issue.yaml").read_text(encoding="utf-8")
    names = re.findall(r"(?m)^- (\S+\.md) *$", meta) or sorted(
        p.name for p in (corpus / "articles").glob("*.md"))
    for name in names[len(names) // 2:] + names[:len(names) // 2]:
        path = corpus / "articles" / name
        text = path.read_text(encoding="utf-8")
        fm = _FRONT.match(text)
        start = fm.end() if fm else 0
        for m in re.finditer(r"(?m)^(?![#{\[*\d\s-]).{20,}$", text[start:]):
            para = m.group()
            if mark in para:
                continue
            at = start + m.start() + len(para) // 2
            path.write_text(text[:at] + mark + text[at:], encoding="utf-8")
            return path
    raise ValueError(f"no plain paragraph to edit in {corpus}")


def pdf_text(pdf: Path) -> str:
    """The PDF's text without white space (pdftotext, else pypdf): lines and justification
    put spaces and breaks between CJK characters."""
    try:
        res = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True,
                             timeout=120)
        text = res.stdout.decode("utf-8", "replace") if res.returncode == 0 else None
    except (OSError, subprocess.SubprocessError):
        text = None
    if text is None:
        from pypdf import PdfReader
        text = "".join(page.extract_text() or "" for page in PdfReader(str(pdf)).pages)
    return re.sub(r"\s+", "", text)


# -------------------------------------------------------------------------- verdicts

def verdict(value: float, limit: float, ok: bool = True) -> str:
    """pass when ``value`` is within ``limit`` (and ``ok``), else FAIL."""
    return "pass" if ok and value <= limit else "FAIL"


def ratio_figure(num: float, den: float, percent: bool = False) -> str:
    """``1.23× (4.56 s / 3.71 s)`` or, as a share, ``12% (0.45 s / 3.71 s)``."""
    q = num / den
    head = f"{q * 100:.0f}%" if percent else f"{q:.2f}×"
    return f"{head} ({_secs(num)} s / {_secs(den)} s)"


def _secs(x: float) -> str:
    return f"{x:.2f}" if x < 100 else f"{x:.0f}"


# --------------------------------------------------------------------------- RESULTS.md

def replace_section(results: Path, body: str, name: str = "run.py") -> None:
    """Put ``body`` between the markers of script ``name`` in RESULTS.md; leave every other
    part (each bench script owns one section)."""
    begin, end = f"<!-- {name}:begin -->", f"<!-- {name}:end -->"
    block = f"{begin}\n{body.rstrip()}\n{end}"
    text = results.read_text(encoding="utf-8") if results.exists() else (
        "# Benchmark results\n\nWritten by the scripts in `bench/` (see `bench/README.md`); "
        "each script replaces only its own section.\n\n")
    if begin in text and end in text and text.index(begin) < text.index(end):
        head, rest = text.split(begin, 1)
        text = head + block + rest.split(end, 1)[1]
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    tmp = results.with_name(f".{results.name}.part")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, results)


def find_publish() -> Path | None:
    """The project's own venv `publish`, else the one on PATH."""
    local = ROOT / ".venv" / "bin" / "publish"
    if local.exists():
        return local
    found = shutil.which("publish")
    return Path(found) if found else None


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "probe":
        sys.exit(_probe(sys.argv[2:]))
    sys.exit("usage: python bench/_lib.py probe STDOUT STDERR -- CMD…")
