"""The checker's findings: one row per 目录 line (plus articles the 目录 forgot), a rich
table for people, JSON for machines, and the exit status (0 agree, 1 any difference)."""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field

# Problem codes a row can carry.
TITLE = "title"              # the 目录 title differs from the article's title
NO_ARTICLE = "no_article"    # no article has this title
NOT_IN_TOC = "not_in_toc"    # the article has no 目录 line
ORDER = "order"              # the 目录 lists the article out of the corpus order
PAGE = "page"                # the PDF starts the article on another page than the 目录 says
NOT_IN_PDF = "not_in_pdf"    # the article's start was not found in the PDF
NO_NUMBER = "no_number"      # the start page carries no readable printed number
PDF_TOC = "pdf_toc"          # the PDF's printed 目录 gives another page than the real start
PAGE_CONFLICT = "page_conflict"   # issue.yaml's 目录 page ≠ the article's own ``page``

DESCRIBE = {
    TITLE: "title differs",
    NO_ARTICLE: "no such article",
    NOT_IN_TOC: "article missing from the 目录",
    ORDER: "out of order",
    PAGE: "starts on another page",
    NOT_IN_PDF: "not found in the PDF",
    NO_NUMBER: "start page has no printed number",
    PDF_TOC: "PDF's 目录 gives another page",
    PAGE_CONFLICT: "目录 page ≠ article's page",
}


SHORT = {
    TITLE: "title", NO_ARTICLE: "no article", NOT_IN_TOC: "not in 目录", ORDER: "order",
    PAGE: "page", NOT_IN_PDF: "not in PDF", NO_NUMBER: "no number", PDF_TOC: "PDF 目录",
    PAGE_CONFLICT: "page≠article",
}


@dataclass(frozen=True)
class Entry:
    index: int | None              # 1-based 目录 position; None for an article not in it
    title: str | None              # the 目录 title as printed
    page: int | None               # the source page (目录)
    article: str | None            # article id
    article_title: str | None
    title_ok: bool
    diff: str | None               # e.g. "+现代"
    pdf_page: int | None = None    # printed number of the page the article starts on
    page_ok: bool | None = None    # None without a PDF
    found_by: str | None = None    # destination / outline / text
    pdf_toc_page: int | None = None   # what the PDF's own printed 目录 says
    problems: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass(frozen=True)
class Report:
    issue: str
    entries: tuple[Entry, ...]
    pdf: str | None = None
    pdf_toc_found: bool | None = None          # None without a PDF
    pdf_toc_extra: tuple[str, ...] = ()        # printed 目录 lines naming no article
    notes: tuple[str, ...] = field(default_factory=tuple)
    page_ends_total: int = 0                   # recorded source page ends (with a PDF)
    page_ends_missed: tuple[str, ...] = ()     # those not on their source page, named
    source_toc: bool = True                    # False: no source page list (toc: [])
    text_unread: str | None = None             # why the PDF's text is not the issue's

    @property
    def page_ends_ok(self) -> int | None:
        if self.pdf is None:
            return None
        return self.page_ends_total - len(self.page_ends_missed)

    def page_ends_line(self) -> str | None:
        """``recorded page ends found on their source pages, N of M`` (with a PDF)."""
        if self.pdf is None or not self.page_ends_total:
            return None
        return (f"recorded page ends found on their source pages, {self.page_ends_ok} of "
                f"{self.page_ends_total}")

    def _starts_off(self) -> tuple[int, int]:
        """(articles found in the PDF, of them those off their 目录 page)."""
        found = [e for e in self.entries if e.pdf_page is not None]
        return len(found), sum(1 for e in found if PAGE in e.problems)

    @property
    def another_edition(self) -> bool:
        """The PDF keeps page numbers of its own: most articles start off their 目录 pages,
        yet its own printed 目录 gives every article found its real start. That is another
        edition (the house style's), not a source edition with its pages wrong, and saying
        so once beats a screen of page-end misses."""
        if not self.pdf_toc_found:
            return False
        found, off = self._starts_off()
        return (found >= 2 and off * 2 > found and all(
            e.pdf_toc_page == e.pdf_page for e in self.entries if e.pdf_page is not None))

    def edition_line(self) -> str | None:
        """What ``another_edition`` means for the reader of the check, or None."""
        if not self.another_edition:
            return None
        found, off = self._starts_off()
        return (f"this PDF has page numbers of its own: {off} of {found} articles start "
                "off their 目录 pages, yet its own printed 目录 gives each its real start "
                "page. It is another edition (as `publish build --edition official` makes), "
                "not the source edition this check proves; check a source-edition PDF, or "
                "every output against the source page list with `publish check DIR "
                "--editions OUT/<id>/`.")

    # ---- figures
    @property
    def titles_ok(self) -> int:
        return sum(1 for e in self.entries if e.title_ok)

    @property
    def pages_ok(self) -> int | None:
        if self.pdf is None:
            return None
        return sum(1 for e in self.entries if e.page_ok)

    @property
    def pdf_toc_ok(self) -> int | None:
        if not self.pdf_toc_found:
            return None
        return sum(1 for e in self.entries
                   if e.pdf_toc_page is not None and e.pdf_toc_page == e.pdf_page)

    @property
    def problems(self) -> int:
        return sum(1 for e in self.entries if e.problems) + len(self.pdf_toc_extra)

    def exit_code(self) -> int:
        """1 on any difference: a 目录 row, or a recorded page end not on its page."""
        return 1 if self.problems or self.page_ends_missed else 0

    def summary_line(self) -> str:
        """One line, e.g. ``titles 23/24, start pages 24/24, PDF 目录 24/24: 1 differs``."""
        total = len(self.entries)
        parts = [f"titles {self.titles_ok}/{total}" if self.source_toc else
                 f"no source page list, {total} article{'' if total == 1 else 's'}"]
        order = sum(1 for e in self.entries if ORDER in e.problems)
        if order:
            parts.append(f"{order} out of order")
        if self.pdf is not None:
            found = sum(1 for e in self.entries if e.pdf_page is not None)
            parts.append(f"start pages {self.pages_ok}/{total}" if self.source_toc else
                         f"found in the PDF {found}/{total}")
            parts.append(f"PDF 目录 {self.pdf_toc_ok}/{total}" if self.pdf_toc_found
                         else "no PDF 目录")
        n = self.problems
        verdict = "all agree" if not n else f"{n} differ" if n > 1 else "1 differs"
        return ", ".join(parts) + f": {verdict}"

    # ---- output
    def as_dict(self) -> dict:
        entries = []
        for e in self.entries:
            d = asdict(e)
            d["problems"] = list(e.problems)
            entries.append(d)
        return {
            "issue": self.issue,
            "pdf": self.pdf,
            "entries": entries,
            "summary": {
                "titles_ok": self.titles_ok,
                "pages_ok": self.pages_ok,
                "total": len(self.entries),
                "pdf_toc_ok": self.pdf_toc_ok,
                "problems": self.problems,
                "page_ends_ok": self.page_ends_ok,
                "page_ends_total": self.page_ends_total,
                "another_edition": self.another_edition,
                "source_toc": self.source_toc,
                "text_unread": self.text_unread,
            },
            "page_ends_missed": list(self.page_ends_missed),
            "pdf_toc_found": self.pdf_toc_found,
            "pdf_toc_extra": list(self.pdf_toc_extra),
            "notes": list(self.notes),
        }

    def to_json(self) -> str:
        return json.dumps(self.as_dict(), ensure_ascii=False, indent=1)

    def table(self, width: int = 100):
        """A rich Table: one row per entry, differences in red; the 目录 titles are cut so
        the table fits ``width`` columns."""
        from rich.cells import cell_len
        from rich.table import Table
        from rich.text import Text
        heads = ["#", "目录 title", "page", "title"]
        if self.pdf is not None:
            heads += ["PDF", "PDF 目录"]
        heads.append("finding")
        rows = []
        for e in self.entries:
            shown = e.title if e.title is not None else f"({e.article_title})"
            row = [Text(str(e.index) if e.index is not None else "–"), Text(shown),
                   Text(str(e.page) if e.page is not None else "–"),
                   Text("ok", style="green") if e.title_ok else Text(e.diff or "—", style="red")]
            if self.pdf is not None:
                pdf_page = "–" if e.pdf_page is None else str(e.pdf_page)
                row.append(Text(pdf_page, style="green" if e.page_ok else "red"))
                toc = "–" if e.pdf_toc_page is None else str(e.pdf_toc_page)
                row.append(Text(toc, style="red" if PDF_TOC in e.problems else ""))
            finding = ", ".join(SHORT[p] for p in e.problems) or "ok"
            row.append(Text(finding, style="red" if e.problems else "green"))
            rows.append(row)
        need = [max([cell_len(h)] + [cell_len(r[k].plain) for r in rows])
                for k, h in enumerate(heads)]
        others = sum(need) - need[1] + 3 * len(heads) + 1
        table = Table(title=f"目录 check: {self.issue}" + (f" × {self.pdf}" if self.pdf else ""),
                      title_justify="left")
        for k, head in enumerate(heads):
            if k == 1:
                table.add_column(head, no_wrap=True, overflow="ellipsis",
                                 max_width=max(8, min(need[1], width - others)))
            else:
                table.add_column(head, no_wrap=True, min_width=need[k],
                                 justify="right" if head in ("#", "page", "PDF", "PDF 目录")
                                 else "left")
        for row in rows:
            table.add_row(*row)
        return table

    def render(self, console) -> None:
        console.print(self.table(console.width))
        seen = [p for p in DESCRIBE if any(p in e.problems for e in self.entries)]
        if seen:
            console.print("  ".join(f"{SHORT[p]}: {DESCRIBE[p]}" for p in seen),
                          markup=False, highlight=False)
        for line in self.pdf_toc_extra:
            console.print(f"PDF 目录 line names no article: {line}", markup=False,
                          highlight=False)
        for note in self.notes:
            console.print(note, markup=False, highlight=False)
        # off the page, as expected; or nowhere to be read: one line each says why
        quiet = (self.another_edition or self.text_unread) and self.page_ends_missed
        for missed in () if quiet else self.page_ends_missed:
            console.print(f"page end not on its source page: {missed}", markup=False,
                          highlight=False)
        if self.page_ends_line():
            console.print(self.page_ends_line() + (" (--json names the others)" if quiet else ""),
                          markup=False, highlight=False)
        if self.edition_line():
            console.print(self.edition_line(), markup=False, highlight=False)
        if self.text_unread:
            console.print(self.text_unread, markup=False, highlight=False)
        console.print(self.summary_line(), markup=False, highlight=False)
