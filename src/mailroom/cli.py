"""The `mailroom` command. Thin: it parses arguments and calls the core.

The environment (variables, whether the streams are terminals) is read once, here,
into an Environment (environment.py) and passed to the core as plain arguments.
Each command imports what it needs when it runs, so `mailroom --help` and
`mailroom check` start fast.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, NoReturn

import click

from mailroom import __version__
from mailroom.clibase import FORMAT, MailroomGroup, echo
from mailroom.errors import ExitCode

if TYPE_CHECKING:
    from mailroom.environment import Environment

def _env() -> Environment:
    return click.get_current_context().find_root().obj["env"]  # type: ignore[no-any-return]


@click.group(cls=MailroomGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="mailroom")
@click.option("--debug", is_flag=True, help="Show the full traceback when something fails.")
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    """Scope software integrations: who is the mailbox, who is the mail person,
    and what everyone agreed to.

    \b
    Typical use:
      mailroom interview -o integration.yaml    ask the questions, write the spec
      mailroom check integration.yaml           findings and open questions
      mailroom compare dana.yaml lee.yaml       where stakeholders disagree
      mailroom render integration.yaml -o out/  the document (md, html, pdf) and stub
      mailroom interview --questionnaire sales-brief -o prospect.yaml
                                                a prospect asks "Do you integrate with X?"
      mailroom brief prospect.yaml -o out/      the answer on one page: how we integrate
      mailroom simulate integration.yaml        run the flows against mock mailboxes
      mailroom catalog show salesforce          what a vendor documents
      mailroom schema > spec.schema.json        JSON Schema for editors
      mailroom export integration.yaml --to all  AsyncAPI, OpenAPI, Backstage, LikeC4
    """
    from mailroom.environment import Environment

    ctx.obj = {"debug": debug, "env": Environment.from_os()}


@main.command()
@click.argument("specs", nargs=-1, required=True, type=click.Path(path_type=str))
@FORMAT
@click.option("--catalog", "catalog_dir", type=click.Path(file_okay=False, path_type=str),
              envvar="MAILROOM_CATALOG", help="A folder of your own catalog entries.")
@click.option("--secrets-only", is_flag=True,
              help="Only look for secrets (in any YAML, valid spec or not); refuse a file "
              "holding one.")
def check(specs: tuple[str, ...], output: str, catalog_dir: str | None,
          secrets_only: bool) -> NoReturn:
    """Check specs: errors, risks and the open questions still to ask.

    Several files, or folders (the specs directly inside), are reported one
    after the other, each under its name. Exit 0 when there is no error
    finding, 1 when there is one, 2 when a file cannot be read, is not a
    valid spec or holds a secret: the worst of them all.
    """
    from mailroom.checks.files import Printed, check_paths

    def show(printed: Printed) -> None:
        echo(printed.stdout, nl=False)
        for line in printed.stderr:
            echo(f"Error: {line}", err=True)

    worst = check_paths(list(specs), show, output, catalog_dir, _env().cache,
                        secrets_only=secrets_only)
    sys.exit(int(worst))


@main.command()
@click.argument("specs", nargs=-1, required=True, type=click.Path(path_type=str))
@FORMAT
def compare(specs: tuple[str, ...], output: str) -> NoReturn:
    """Compare several stakeholders' specs of the same integration.

    Reports every answer on which they disagree, flow by flow, and reads each
    side's flow back as a sentence. Exit 0 when they agree, 1 when they don't.
    """
    from mailroom.checks.compare import compare_files

    text, agree = compare_files(list(specs), output, _env().cache)
    echo(text, nl=False)
    sys.exit(int(ExitCode.OK if agree else ExitCode.FINDINGS))


CATALOG = click.option(
    "--catalog", "catalog_dir", type=click.Path(file_okay=False, path_type=str),
    envvar="MAILROOM_CATALOG", help="A folder of your own catalog entries, added to the built-in "
    "ones (also MAILROOM_CATALOG).",
)


@main.group(invoke_without_command=True)
@CATALOG
@FORMAT
@click.pass_context
def catalog(ctx: click.Context, catalog_dir: str | None, output: str) -> None:
    """The catalog of known systems: what each vendor documents, with sources.

    \b
      mailroom catalog                     list the known systems
      mailroom catalog show salesforce     its API, events, auth and limits
      mailroom catalog validate DIR        check a folder of your own entries
    """
    ctx.obj = {**(ctx.obj or {}), "catalog_dir": catalog_dir}
    if ctx.invoked_subcommand is None:
        from mailroom.catalog import view as catalog_view
        from mailroom.catalog.loading import load_catalog

        loaded = load_catalog(catalog_dir, cache=_env().cache)
        view = catalog_view.list_json if output == "json" else catalog_view.list_text
        text = view(loaded)
        echo(text, nl=False)


@catalog.command("show")
@click.argument("system_id")
@FORMAT
@click.pass_context
def catalog_show(ctx: click.Context, system_id: str, output: str) -> None:
    """Show what the catalog knows about one system, with the source of each fact."""
    from mailroom.catalog import view as catalog_view
    from mailroom.catalog.loading import load_catalog

    loaded = load_catalog(ctx.obj.get("catalog_dir"), cache=_env().cache)
    entry = catalog_view.entry_of(loaded, system_id)
    if output == "json":
        echo(catalog_view.show_json(entry), nl=False)
    else:
        echo(catalog_view.show_text(entry, loaded.origin[entry.id]), nl=False)


@catalog.command("validate")
@click.argument("folder", type=click.Path(path_type=str))
def catalog_validate(folder: str) -> NoReturn:
    """Check a folder of your own catalog entries (one YAML file per system).

    Exit 0 when every entry is valid, 2 otherwise.
    """
    from mailroom.catalog.loading import validate_folder

    problems = validate_folder(folder)
    for line in problems:
        echo(f"Error: {line}", err=True)
    if not problems:
        echo(f"{folder}: every entry is valid.")
    sys.exit(int(ExitCode.BAD_INPUT if problems else ExitCode.OK))


@main.command()
def schema() -> None:
    """Print the JSON Schema of the spec file (for editors' YAML language servers)."""
    import json

    from mailroom.spec.model import json_schema

    echo(json.dumps(json_schema(), indent=2))


@main.command()
@click.argument("specs", nargs=-1, required=True, type=click.Path(path_type=str))
@click.option("-o", "--output", "outdir", required=True,
              type=click.Path(file_okay=False, path_type=str),
              help="Folder to write into; created if missing.")
@click.option("--format", "formats", default="md,html,pdf", show_default=True,
              help="Comma list of the formats to write: md, html, pdf.")
@click.option("--templates", type=click.Path(exists=True, file_okay=False, path_type=str),
              help="Your own templates (document.md.j2, document.html.j2, print.css); "
              "what the folder lacks comes from mailroom's. Run in Jinja's sandbox.")
@click.option("--date", help="The document's date, YYYY-MM-DD. Default: SOURCE_DATE_EPOCH, "
              "else today.")
@click.option("-j", "--jobs", type=click.IntRange(min=1),
              help="How many specs to render at once. Default: one per CPU.")
@click.option("--no-stub", is_flag=True,
              help="Do not write the runnable OpenFn stub into OUTDIR/stub.")
def render(specs: tuple[str, ...], outdir: str, formats: str, templates: str | None,
           date: str | None, jobs: int | None, no_stub: bool) -> NoReturn:
    """Write the integration requirements document of each SPEC into OUTDIR.

    Markdown, HTML and PDF, with the diagrams as SVG files, and the runnable
    OpenFn stub in OUTDIR/stub (see mailroom stub). A folder stands for the
    specs in it. With several specs, each goes into OUTDIR/<file stem>/.
    Exit 0 when every document was written, 2 when a spec could not be read.
    """
    from pathlib import Path

    from mailroom.document import render as core
    from mailroom.document.output import Options

    env = _env()
    options = Options(core.parse_formats(formats), Path(templates) if templates else None,
                      core.document_date(date, env.source_date_epoch), stub=not no_stub,
                      catalog=env.catalog, cache=env.cache)
    paths = core.find_specs(list(specs))
    show_bar = len(paths) > 1 and env.progress
    with click.progressbar(length=len(paths), label="Rendering", file=sys.stderr,
                           hidden=not show_bar) as bar:
        results = core.render(paths, outdir, options, jobs=jobs,
                              progress=lambda _: bar.update(1))
    for warning in dict.fromkeys(w for r in results for w in r.warnings):
        echo(f"Warning: {warning}", err=True)
    for result in results:
        if result.error:
            for line in result.error.splitlines():
                echo(f"Error: {line}", err=True)
        else:
            documents = [str(f) + ("/" if f.is_dir() else "") for f in result.files
                         if f.suffix != ".svg"]
            diagrams = sum(f.suffix == ".svg" for f in result.files)
            echo(f"{result.spec}: wrote {', '.join(documents) or 'no document'}"
                       f" and {diagrams} diagram{'' if diagrams == 1 else 's'}")
    failed = any(r.error for r in results)
    sys.exit(int(ExitCode.BAD_INPUT if failed else ExitCode.OK))


@main.command()
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=str),
              help="The spec to write, answer by answer. Default: integration.yaml.")
@click.option("--questionnaire", metavar="NAME",
              help="A packaged questionnaire (default: scoping; sales-brief for the "
              "one-page sales brief) or the path of a YAML file.")
@click.option("--as", "person", metavar='"NAME (ROLE)"',
              help="Who is answering, recorded in the spec for mailroom compare.")
@click.option("--answers", type=click.Path(dir_okay=False, path_type=str), metavar="FILE",
              help="A spec (YAML or JSON, complete or partial) whose answers are taken; "
              "only what it leaves out is asked.")
@click.option("--resume", type=click.Path(dir_okay=False, path_type=str), metavar="SPEC",
              help="Continue an interview at its first unanswered question.")
def interview(output: str | None, questionnaire: str | None, person: str | None,
              answers: str | None, resume: str | None) -> NoReturn:
    """Interview one person, in plain words, and write the integration spec.

    Every answer is saved the moment it is given; Ctrl-C stops at any question
    and `--resume SPEC` continues. "?" answers "don't know yet" (an open
    question), "<" goes back. Without a terminal, `--answers FILE` must answer
    every question. Exit 0 when the spec has no error finding, 1 when it has,
    2 when something is missing or unreadable, 130 when stopped.
    """
    from mailroom.interview.run import InterviewStopped, run_interview

    env = _env()
    try:
        result = run_interview(output, questionnaire=questionnaire, person=person,
                               answers=answers, resume=resume, interactive=env.interactive,
                               catalog_dir=env.catalog, cache=env.cache)
    except InterviewStopped as stopped:
        echo(str(stopped), err=True)
        sys.exit(int(stopped.exit_code))
    sys.exit(int(ExitCode.FINDINGS if result.has_errors else ExitCode.OK))


@main.command()
@click.argument("spec", type=click.Path(dir_okay=True, path_type=str))
@click.option("-o", "--output", "outdir", required=True, metavar="OUTDIR",
              type=click.Path(file_okay=False, path_type=str),
              help="The folder to write the stub into (created when missing).")
@click.option("--force", is_flag=True, help="Overwrite files changed since mailroom wrote them.")
def stub(spec: str, outdir: str, force: bool) -> None:
    """Generate a runnable OpenFn stub of a spec.

    project.yaml for the OpenFn platform (one workflow per mail person's job),
    workflow.json and compiled job files for the OpenFn runtime, and a README
    on running it and on every TODO left in it. Credentials are named, never
    filled in. Files changed since mailroom wrote them are kept unless --force.
    """
    from mailroom.stub import stub_file

    text, warnings = stub_file(spec, outdir, force=force, cache=_env().cache)
    for warning in warnings:
        echo(f"Warning: {warning}", err=True)
    echo(text, nl=False)


@main.command()
@click.argument("spec", type=click.Path(dir_okay=True, path_type=str))
@click.option("--engine", type=click.Choice(["python", "openfn"]), default="python",
              show_default=True,
              help="python: run each mail person in Python (nothing to install); openfn: run "
              "the generated job files on the OpenFn runtime (Node.js; installed on first use).")
@click.option("--timeout", type=click.FloatRange(1, 600), default=60.0, show_default=True,
              metavar="SECONDS", help="Stop every mock and run after this long.")
def simulate(spec: str, engine: str, timeout: float) -> NoReturn:
    """Run each flow's mail person against mock mailboxes on this machine.

    Mock mailboxes shaped by the spec start on 127.0.0.1; events, polls and
    requests run against them with injected 429s, 500s and a permanent
    failure; the transcript says who called whom, with what, and what came
    back. Ends with "N passed, N failed". Exit 0 when every simulated flow
    behaved, 1 when one did not, 2 when the spec cannot be read.
    """
    from mailroom.simulate import simulate_file

    env = _env()
    text, ok = simulate_file(spec, engine=engine, timeout=timeout, openfn=env.openfn,
                             cache=env.cache)
    echo(text, nl=False)
    sys.exit(int(ExitCode.OK if ok else ExitCode.FINDINGS))


@main.command()
@click.argument("specs", nargs=-1, required=True, type=click.Path(path_type=str))
@click.option("-o", "--output", "outdir", required=True, metavar="OUTDIR",
              type=click.Path(file_okay=False, path_type=str),
              help="Folder to write into; created if missing.")
@click.option("--format", "formats", default="md,html,pdf", show_default=True,
              help="Comma list of the formats to write: md, html, pdf.")
@click.option("--templates", type=click.Path(exists=True, file_okay=False, path_type=str),
              help="Your own brief.md.j2, brief.html.j2 or brief.css; what the folder lacks "
              "comes from mailroom's. Run in Jinja's sandbox.")
@click.option("--date", help="The brief's date, YYYY-MM-DD. Default: SOURCE_DATE_EPOCH, "
              "else today.")
def brief(specs: tuple[str, ...], outdir: str, formats: str, templates: str | None,
          date: str | None) -> NoReturn:
    """Write the one-page sales brief of each SPEC into OUTDIR.

    "How <our product> integrates with <their system>": the integration as
    sentences whose subject is the system that starts each exchange, the
    pattern and what it means, what starts it, what the prospect provides,
    what is not included, and what to settle before a commitment. Our product
    is the spec's our_system, else its first system. Written as
    <stem>-brief.md, .html and .pdf (one A4 page). A folder stands for the
    specs in it. Exit 0 when every brief was written, 2 when a spec could not
    be read.
    """
    from pathlib import Path

    from mailroom.document import render as core
    from mailroom.document.output import Options

    env = _env()
    options = Options(core.parse_formats(formats), Path(templates) if templates else None,
                      core.document_date(date, env.source_date_epoch), stub=False,
                      catalog=env.catalog, cache=env.cache)
    results = core.render_briefs(core.find_specs(list(specs)), outdir, options)
    for result in results:
        if result.error:
            for line in result.error.splitlines():
                echo(f"Error: {line}", err=True)
        else:
            echo(f"{result.spec}: wrote {', '.join(str(f) for f in result.files)}")
    sys.exit(int(ExitCode.BAD_INPUT if any(r.error for r in results) else ExitCode.OK))


@main.command("export")
@click.argument("specs", nargs=-1, required=True, type=click.Path(path_type=str))
@click.option("--to", "targets", required=True, metavar="FORMAT[,FORMAT…]",
              help="Comma list: asyncapi, openapi, backstage, likec4 (or c4); all for every one.")
@click.option("-o", "--output", "outdir", metavar="OUT",
              type=click.Path(file_okay=False, path_type=str),
              help="Folder to write into (created if missing). Default: <spec>-export/ beside "
              "each spec; with several specs, OUT/<stem>/ each.")
def export(specs: tuple[str, ...], targets: str, outdir: str | None) -> NoReturn:
    """Export a spec into the tools teams already use: AsyncAPI, OpenAPI, Backstage, LikeC4.

    AsyncAPI 3 for each receiver of event-driven flows and webhooks, OpenAPI 3.1
    skeletons of the REST APIs the flows use (and the webhooks a REST API calls),
    Backstage catalog entities (catalog-info.yaml) and a C4 model as a LikeC4
    workspace. Nothing is guessed: what the spec leaves open is left out, or,
    where a format requires a value, a placeholder marked "not-decided", listed
    in open-questions.md. A folder stands for the specs in it. Exit 0 when
    every export was written, 2 when a spec could not be read.
    """
    from mailroom.export import export_specs, parse_targets

    env = _env()
    results = export_specs(list(specs), parse_targets(targets), outdir, cache=env.cache,
                           catalog_dir=env.catalog)
    for result in results:
        if result.error:
            for line in result.error.splitlines():
                echo(f"Error: {line}", err=True)
            continue
        echo(f"{result.spec}: wrote {len(result.files)} files into {result.outdir}/")
        for note in result.notes:
            echo(f"  ({note})")
        for path in result.files:
            echo(f"  {path}")
        echo(f"  How to take each into its tool: {result.outdir}/README.md")
        if result.openings:
            echo(f"  {len(result.openings)} open question"
                 f"{'' if len(result.openings) == 1 else 's'} (also in "
                 f"{result.outdir}/open-questions.md):")
            for opening in result.openings:
                stands = f" [stands in: {opening.placeholder}]" if opening.placeholder else ""
                echo(f"  - {opening.file}, {opening.where}: {opening.question}{stands}")
    sys.exit(int(ExitCode.BAD_INPUT if any(r.error for r in results) else ExitCode.OK))
