"""The `publish` command: import, dump, lint, build, watch, check, import-docx.

Exit status: 0 fine; 1 findings or mismatches; 2 bad input or usage (one line, no traceback).
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from .errors import UserError
from .options import DEFAULT_VARIANT, DOCX_FONTS, EDITIONS, OFFICIAL, PDF_VARIANTS, SOURCE


class _Group(click.Group):
    """Turns every UserError into one line on stderr and exit status 2."""

    def invoke(self, ctx: click.Context):
        from .options import source_date_epoch
        from .procpool import terminate_on_signals
        try:
            source_date_epoch()             # checked before any library reads it
            with terminate_on_signals():    # SIGTERM/SIGHUP clean up like Ctrl-C
                return super().invoke(ctx)
        except UserError as err:
            click.echo(f"publish: error: {err}", err=True)
            sys.exit(2)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="publish")
def main() -> None:
    """Chinese article corpus → print PDF, DOCX and EPUB; TOC checks."""


@main.command("import")
@click.argument("raw", type=click.Path(path_type=Path))
@click.option("--out", "out", required=True, type=click.Path(path_type=Path),
              help="Corpus directory to write, e.g. corpus/2024-02.")
@click.option("--id", "issue_id", default=None, help="Issue id (default: the --out folder name).")
@click.option("--encoding", default=None,
              help="Encoding of RAW (default: UTF-8, else a BOM's UTF-16, else GB18030).")
@click.option("--force", is_flag=True,
              help="Import over an existing corpus (it is moved aside, never deleted).")
def import_cmd(raw: Path, out: Path, issue_id: str | None, encoding: str | None,
               force: bool) -> None:
    """Import extracted raw text into a corpus directory."""
    from .commands.import_raw import run
    run(raw, out, issue_id or out.resolve().name, force=force, encoding=encoding)


@main.command()
@click.argument("directory", type=click.Path(path_type=Path))
def dump(directory: Path) -> None:
    """Print the corpus model as JSON."""
    from . import corpus, model
    issue = corpus.load(directory)
    click.echo(json.dumps(model.dump(issue), ensure_ascii=False, indent=1))


@main.command()
@click.argument("directory", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Machine-readable findings.")
def lint(directory: Path, as_json: bool) -> None:
    """Report slips and problems in a corpus; exit 1 on errors."""
    from .commands.lint import run
    sys.exit(run(directory, as_json))


class _FormatsOption(click.Option):
    """``--format``: its help names the writers registry's formats, read when the help is
    shown, so that ``publish`` starts without importing the registry."""

    def get_help_record(self, ctx: click.Context):
        from .writers import FORMATS
        self.help = f"Comma-separated: {','.join(FORMATS)} (default: all)."
        return super().get_help_record(ctx)


def _build_options(command):
    """The output options `build` and `watch` share."""
    for option in reversed((
        click.option("--format", "formats", default=None, cls=_FormatsOption),
        click.option("--out", "out", default=Path("out"), type=click.Path(path_type=Path),
                     show_default=True, help="Outputs go to OUT/<issue-id>/<issue-id>.<ext>."),
        click.option("--embed-fonts", is_flag=True,
                     help="EPUB: embed a subset of the serif face."),
        click.option("--edition", type=click.Choice(EDITIONS), default=None,
                     help="source: the printed issue's pages (default when the corpus has a "
                          "source page list); official: the GB/T 9704 house style."),
        click.option("--docx-fonts", type=click.Choice(DOCX_FONTS), default=DOCX_FONTS[0],
                     show_default=True,
                     help="DOCX: the office faces (仿宋_GB2312…) or the free faces of fonts/."),
        click.option("--pdf-variant", default=DEFAULT_VARIANT, show_default=True,
                     type=click.Choice(PDF_VARIANTS),
                     help="PDF: print (pdf/x-4), archive (pdf/a-2u) or screen (pdf/ua-1)."),
        click.option("--no-proof", is_flag=True,
                     help="Do not write the proof report OUT/<issue-id>/<issue-id>-proof.html."),
    )):
        command = option(command)
    return command


@main.command()
@click.argument("directories", nargs=-1, required=True, type=click.Path(path_type=Path))
@_build_options
@click.option("--keep-source-pagination", is_flag=True, hidden=True,
              help="Deprecated: the same as --edition source.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Parallel builds (default: cores).")
@click.option("--debug", is_flag=True, help="Print the traceback of an issue that failed.")
def build(directories: tuple[Path, ...], formats: str | None, out: Path, embed_fonts: bool,
          edition: str | None, keep_source_pagination: bool, docx_fonts: str,
          pdf_variant: str, no_proof: bool, jobs: int | None, debug: bool) -> None:
    """Build one or more issues."""
    from .commands.build import run
    if keep_source_pagination:
        click.echo("publish: warning: --keep-source-pagination is deprecated; "
                   "use --edition source", err=True)
        if edition == OFFICIAL:
            raise UserError("--keep-source-pagination contradicts --edition official")
        edition = SOURCE
    sys.exit(run(directories, formats, out, embed_fonts=embed_fonts, edition=edition,
                 docx_fonts=docx_fonts, pdf_variant=pdf_variant, proof=not no_proof,
                 jobs=jobs, debug=debug))


@main.command()
@click.argument("directory", type=click.Path(path_type=Path))
@_build_options
@click.option("--poll", type=click.FloatRange(min=0.01), default=0.5, hidden=True,
              help="Seconds between looks at the files when watchfiles polls "
                   "(WATCHFILES_FORCE_POLLING=1), and at most between looks at --max-builds.")
@click.option("--max-builds", type=click.IntRange(min=1), default=None, hidden=True,
              help="Stop after this many builds (for tests).")
@click.option("--serve", "serve", type=click.IntRange(0, 65535), is_flag=False,
              flag_value=8000, default=None, metavar="[PORT]",
              help="Serve the output folder and the proof report on 127.0.0.1:PORT "
                   "(default 8000; 0 picks a free port); the page reloads after every build.")
def watch(directory: Path, formats: str | None, out: Path, embed_fonts: bool,
          edition: str | None, docx_fonts: str, pdf_variant: str, no_proof: bool,
          poll: float, max_builds: int | None, serve: int | None) -> None:
    """Rebuild an issue on every save; print what was written, the check and new lint."""
    from .commands.watch import run
    from .options import BuildOptions
    options = BuildOptions(embed_fonts=embed_fonts, edition=edition, docx_fonts=docx_fonts,
                           pdf_variant=pdf_variant, proof=not no_proof)
    sys.exit(run(directory, formats, out, options, poll=poll, max_builds=max_builds,
                 serve=serve))


@main.command()
@click.argument("directory", type=click.Path(path_type=Path))
@click.argument("pdf", required=False, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Machine-readable report.")
@click.option("--editions", "editions", default=None, type=click.Path(path_type=Path),
              help="An output folder OUT/<id>/: its PDF, EPUB and DOCX against the source "
                   "page list, article by article.")
def check(directory: Path, pdf: Path | None, as_json: bool, editions: Path | None) -> None:
    """Check the 目录 (titles, order, start pages in PDF) against the source page list."""
    from .commands.check import run
    sys.exit(run(directory, pdf, as_json, editions))


@main.command("import-docx")
@click.argument("docx", type=click.Path(path_type=Path))
@click.option("--into", "into", required=True, type=click.Path(path_type=Path),
              help="Corpus directory to update.")
def import_docx(docx: Path, into: Path) -> None:
    """Read an edited DOCX back into the corpus; print the diff of every file written."""
    from .commands.import_docx import run
    sys.exit(run(docx, into))


if __name__ == "__main__":  # pragma: no cover
    main()
