"""The ``textclean`` command: argument parsing over the library, nothing more.

Every library error becomes one line on standard error and an exit code, in one place
(:class:`_Commands`): 2 for usage, configuration, plugin and file-system errors, 1 when a
document failed, 130 on Ctrl-C. What reaches the terminal goes through :func:`visible`.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperGroup

from textclean._version import __version__
from textclean.errors import TextcleanError

# The library is imported by the commands that use it, not here: `textclean --version` and
# `--help` start in the time typer takes.
if TYPE_CHECKING:
    from rich.console import Console

    from textclean.config import Config
    from textclean.pipeline import Pipeline

EXIT_FAILED_DOCUMENT = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130


def _say(kind: str, message: str) -> None:
    from textclean.report import visible

    typer.echo(f"textclean: {kind}{visible(message, newlines=False)}", err=True)


class _Commands(TyperGroup):
    """Maps library errors to one line and an exit code, for every command."""

    def invoke(self, ctx: typer.Context) -> Any:  # type: ignore[override]
        try:
            return super().invoke(ctx)
        except TextcleanError as exc:
            _say("error: ", str(exc))
            ctx.exit(EXIT_USAGE)
        except OSError as exc:
            where = f"{exc.filename}: " if exc.filename else ""
            _say("error: ", f"{where}{exc.strerror or exc}")
            ctx.exit(EXIT_USAGE)
        except KeyboardInterrupt:
            _say("", "interrupted")
            ctx.exit(EXIT_INTERRUPTED)


app = typer.Typer(
    cls=_Commands,
    help="Clean and normalise scraped news text.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"textclean {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    """Clean and normalise scraped news text."""


ConfigOpt = Annotated[
    Path | None, typer.Option("--config", "-c", help="A textclean.toml or pyproject.toml.")
]
PluginOpt = Annotated[
    list[str] | None,
    typer.Option("--plugin", help="A plugin module or .py file to load (repeatable)."),
]
DisableOpt = Annotated[
    list[str] | None,
    typer.Option("--disable", help="A plugin, step or rule to switch off (repeatable)."),
]
OnlyOpt = Annotated[str | None, typer.Option("--only", help="Run only these steps: a,b,c.")]
SkipOpt = Annotated[str | None, typer.Option("--skip", help="Leave out these steps: a,b,c.")]
StrictOpt = Annotated[
    bool, typer.Option("--strict-plugins", help="A plugin that fails to load is an error.")
]
RulesOpt = Annotated[
    list[Path] | None,
    typer.Option("--rules", help="A rules file to apply too, e.g. a learned profile (repeatable)."),
]
IncludeOpt = Annotated[
    list[str] | None, typer.Option("--include", help="Glob of files to read (repeatable).")
]
ExcludeOpt = Annotated[
    list[str] | None, typer.Option("--exclude", help="Glob of files to leave out.")
]
CorpusOutletOpt = Annotated[
    str | None, typer.Option("--outlet", help="The outlet of every document.")
]
ArticleOutletOpt = Annotated[
    str | None, typer.Option("--outlet", help="The article's outlet.")
]
ExplainOpt = Annotated[
    bool, typer.Option("--explain", help="Also show what steps deliberately left alone, and why.")
]


def _pipeline(
    config: Path | None,
    plugin: list[str] | None,
    disable: list[str] | None,
    only: str | None = None,
    skip: str | None = None,
    strict: bool = False,
    input_dir: Path | None = None,
    rules: list[Path] | None = None,
) -> Pipeline:
    from textclean.config import discover_config
    from textclean.learn import with_rules
    from textclean.pipeline import Pipeline

    cfg = discover_config(config, input_dir=input_dir)
    if input_dir is not None:  # a run says first which configuration, if any, is in force
        _say("", f"config: {_config_name(cfg)}")
    cfg = cfg.with_flags(plugins=plugin or (), disable=disable or (), strict_plugins=strict or None)
    if rules:
        cfg = with_rules(cfg, rules)
    pipeline = Pipeline(cfg, only=only, skip=skip)
    for warning in pipeline.warnings:
        _say("warning: ", warning)
    return pipeline


def _config_name(cfg: Config) -> str:
    if cfg.path is None:
        return ("none (built-in defaults: no textclean.toml or [tool.textclean] from the "
                "working directory upward)")
    return cfg.path


def _wide_console() -> Console:
    """Standard output; 120 columns when it is not a terminal, so piped tables stay readable."""
    from rich.console import Console

    console = Console()
    return console if console.is_terminal else Console(width=120)


def _read_input(file: str) -> tuple[str, list[str]]:
    from textclean.io import read_text_input

    decoded = read_text_input(file)
    return decoded.text or "", list(decoded.warnings)


@app.command()
def run(
    input_dir: Annotated[
        Path, typer.Argument(help="Folder of articles or shards to clean, or one file.")
    ],
    output: Annotated[Path, typer.Option("--output", "-o", help="Folder for cleaned files.")],
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=1, help="Worker processes.")] = 1,
    include: IncludeOpt = None,
    exclude: ExcludeOpt = None,
    outlet: CorpusOutletOpt = None,
    force: Annotated[bool, typer.Option("--force", help="Redo documents done before.")] = False,
    fail_fast: Annotated[
        bool, typer.Option("--fail-fast", help="Stop at the first failed document.")
    ] = False,
    edits: Annotated[
        str, typer.Option("--edits", help="Manifest edits: 'counts' per rule, or 'full' to "
                          "also write every edit to edits.jsonl.")
    ] = "counts",
    delete_stale: Annotated[
        bool, typer.Option("--delete-stale", help="Remove outputs whose input is gone.")
    ] = False,
    config: ConfigOpt = None,
    plugin: PluginOpt = None,
    disable: DisableOpt = None,
    only: OnlyOpt = None,
    skip: SkipOpt = None,
    strict_plugins: StrictOpt = False,
    rules: RulesOpt = None,
    learn: Annotated[
        bool,
        typer.Option("--learn", help="First learn each outlet's repeated lines into "
                     "OUTPUT_DIR/learned.toml, then apply them too."),
    ] = False,
    text_field: Annotated[
        str, typer.Option("--text-field", help="The field of a record holding its text.")
    ] = "text",
    id_field: Annotated[
        str | None, typer.Option("--id-field", help="A record's id field (its source).")
    ] = None,
    url_field: Annotated[
        str | None, typer.Option("--url-field", help="A record's URL field.")
    ] = None,
    outlet_field: Annotated[
        str | None, typer.Option("--outlet-field", help="A record's outlet field.")
    ] = None,
    html_field: Annotated[
        str | None, typer.Option("--html-field", help="A record's HTML field: its article, "
                                 "extracted, becomes --text-field (the html extra).")
    ] = None,
    meta_field: Annotated[
        str, typer.Option("--meta-field", help="The field for textclean's metadata.")
    ] = "textclean",
    compression: Annotated[
        str, typer.Option("--compression", help="Outputs: keep each input's compression, "
                          "none, gz, bz2, xz or zst.")
    ] = "keep",
    engine: Annotated[
        str, typer.Option("--engine", help="local worker processes, or dask (the dask extra).")
    ] = "local",
    scheduler: Annotated[
        str | None, typer.Option("--scheduler", help="With --engine dask: the address of a "
                                 "running scheduler (default: a local cluster of --jobs).")
    ] = None,
    profile: Annotated[
        bool, typer.Option("--profile", help="Add each step's time and MB/s to the summary.")
    ] = False,
) -> None:
    """Clean every article and shard under INPUT_DIR (or one file) into OUTPUT_DIR, with a
    manifest.jsonl."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    from textclean.config import discover_config
    from textclean.formats import DEFAULT_INCLUDE, text_globs
    from textclean.learn import learn_into_output
    from textclean.records import RecordFields
    from textclean.report import render_summary
    from textclean.runner import EDITS_MODES, RunOptions, run_tree

    if learn:
        rules = [*(rules or ()), learn_into_output(
            discover_config(config, input_dir=input_dir).with_flags(
                plugins=plugin or (), disable=disable or ()),
            input_dir, output, include=text_globs(include), exclude=exclude, outlet=outlet)]
    pipeline = _pipeline(config, plugin, disable, only, skip, strict_plugins, input_dir, rules)
    if edits not in EDITS_MODES:
        raise typer.BadParameter(f"'{edits}' is not one of {', '.join(EDITS_MODES)}",
                                 param_hint="'--edits'")
    options = RunOptions(
        jobs=jobs,
        include=tuple(include or DEFAULT_INCLUDE),
        exclude=tuple(exclude or ()),
        outlet=outlet,
        force=force,
        fail_fast=fail_fast,
        edits="full" if edits == "full" else "counts",
        delete_stale=delete_stale,
        fields=RecordFields(text_field, id_field, url_field, outlet_field, html_field,
                            meta_field),
        compression=compression,
        engine=engine,
        scheduler=scheduler,
        profile=profile,
    )
    console = Console(stderr=True)
    with Progress(
        "[progress.description]{task.description}", BarColumn(), MofNCompleteColumn(),
        TimeRemainingColumn(), console=console, disable=not console.is_terminal, transient=True,
    ) as progress:
        task = progress.add_task("cleaning", total=None)
        summary = run_tree(
            pipeline, input_dir, output, options,
            on_start=lambda total: progress.update(task, total=total),
            on_record=lambda _: progress.advance(task),
        )
    for warning in summary.warnings:
        _say("warning: ", warning)
    render_summary(_wide_console(), summary, output=str(output / "manifest.jsonl"))
    if summary.failed or summary.records_failed:
        raise typer.Exit(EXIT_FAILED_DOCUMENT)


@app.command()
def clean(
    file: Annotated[str, typer.Argument(help="A file, or - for standard input.")] = "-",
    url: Annotated[str | None, typer.Option("--url", help="The article's URL.")] = None,
    outlet: ArticleOutletOpt = None,
    config: ConfigOpt = None,
    plugin: PluginOpt = None,
    disable: DisableOpt = None,
    only: OnlyOpt = None,
    skip: SkipOpt = None,
    rules: RulesOpt = None,
    explain: ExplainOpt = False,
) -> None:
    """Clean one file, or standard input, to standard output (with --explain, every edit and
    every choice to leave text alone on standard error)."""
    from rich.console import Console

    from textclean.report import render_diff, visible
    from textclean.runner import check_outlet

    pipeline = _pipeline(config, plugin, disable, only, skip, rules=rules)
    check_outlet(pipeline, outlet)
    text, warnings = _read_input(file)
    for warning in warnings:
        _say("warning: ", warning)
    doc = pipeline(text, url=url, outlet=outlet, source=None if file == "-" else file,
                   explain=explain)
    # Like ls with names: bytes as they are into a pipe or file, made visible on a terminal.
    sys.stdout.write(visible(doc.text) if sys.stdout.isatty() else doc.text)
    if explain:
        render_diff(Console(stderr=True, highlight=False), doc)


@app.command()
def diff(
    file: Annotated[str, typer.Argument(help="A file, or - for standard input.")],
    url: Annotated[str | None, typer.Option("--url", help="The article's URL.")] = None,
    outlet: ArticleOutletOpt = None,
    config: ConfigOpt = None,
    plugin: PluginOpt = None,
    disable: DisableOpt = None,
    only: OnlyOpt = None,
    skip: SkipOpt = None,
    explain: ExplainOpt = False,
) -> None:
    """Show what cleaning changes in FILE, each change labelled with its step and rule."""
    from rich.console import Console

    from textclean.report import render_diff
    from textclean.runner import check_outlet

    pipeline = _pipeline(config, plugin, disable, only, skip)
    check_outlet(pipeline, outlet)
    text, _ = _read_input(file)
    render_diff(Console(highlight=False),
                pipeline(text, url=url, outlet=outlet, explain=explain))


@app.command()
def plugins(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")] = False,
    config: ConfigOpt = None,
    plugin: PluginOpt = None,
    disable: DisableOpt = None,
) -> None:
    """List every plugin, with its layer, version, hooks, steps in pipeline order, rule counts
    and what it overrides; and any conflict between two plugins."""
    from textclean.listing import plugin_listing
    from textclean.report import render_plugins

    listing = plugin_listing(_config(config, plugin, disable))
    for warning in listing["warnings"]:
        _say("warning: ", warning)
    if as_json:
        typer.echo(json.dumps(listing, indent=2))
    else:
        render_plugins(_wide_console(), listing)


@app.command("new-plugin")
def new_plugin(
    name: Annotated[str, typer.Argument(help="The outlet or plugin name, e.g. 'guardian'.")],
    outlet_domain: Annotated[
        list[str] | None,
        typer.Option("--outlet-domain", help="A domain of the outlet (repeatable)."),
    ] = None,
    with_step: Annotated[
        bool, typer.Option("--with-step", help="Add a Python step to the data plugin.")
    ] = False,
    dest: Annotated[Path, typer.Option("--dest", help="Folder to write the package in.")] = Path(),
) -> None:
    """Write a ready-to-install plugin package textclean-NAME: plugin.toml, tests and README."""
    from textclean.report import visible
    from textclean.scaffold import new_plugin as scaffold

    folder = scaffold(name, dest, domains=outlet_domain or (), with_step=with_step)
    typer.echo(visible(f"wrote {folder}: pip install -e {folder} && pytest {folder}/tests"))


@app.command()
def learn(
    input_dir: Annotated[Path, typer.Argument(help="Folder of one or more outlets' articles.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="The rules file to write.")],
    min_docs: Annotated[
        int, typer.Option("--min-docs", min=2, help="Learn lines seen in at least N documents ...")
    ] = 5,
    min_share: Annotated[
        float, typer.Option("--min-share", min=0.0, max=1.0,
                            help="... and at least this share of their outlet's documents.")
    ] = 0.2,
    include: IncludeOpt = None,
    exclude: ExcludeOpt = None,
    outlet: CorpusOutletOpt = None,
    config: ConfigOpt = None,
    plugin: PluginOpt = None,
    disable: DisableOpt = None,
) -> None:
    """Learn each outlet's repeated lines (menus, footers, promos) into a rules file."""
    from textclean.config import discover_config
    from textclean.learn import learn_profile

    cfg = discover_config(config, input_dir=input_dir).with_flags(
        plugins=plugin or (), disable=disable or ())
    summary = learn_profile(cfg, input_dir, output, include=include, exclude=exclude,
                            outlet=outlet, min_docs=min_docs, min_share=min_share)
    typer.echo(summary)


def main() -> None:
    """Console-script entry point."""
    app()


# -- textclean aliases: discover, check and list alias tables ----------------------------------

aliases_app = typer.Typer(
    help="Discover, check and list alias tables.", no_args_is_help=True, add_completion=False
)
app.add_typer(aliases_app, name="aliases")


def _config(config: Path | None, plugin: list[str] | None, disable: list[str] | None) -> Any:
    from textclean.config import discover_config

    return discover_config(config).with_flags(plugins=plugin or (), disable=disable or ())


@aliases_app.command("discover")
def aliases_discover(
    inputs: Annotated[
        list[Path] | None, typer.Argument(help="Files or folders of articles, as run reads.")
    ] = None,
    output: Annotated[
        Path, typer.Option("--output", "-o", help="The proposed alias file (TOML).")
    ] = Path("proposed.toml"),
    names: Annotated[
        Path | None, typer.Option("--names", help="A file of names, one per line.")
    ] = None,
    prefer: Annotated[
        Path | None,
        typer.Option("--prefer", help="Spellings to make canonical, one per line."),
    ] = None,
    include: IncludeOpt = None,
    exclude: ExcludeOpt = None,
    min_count: Annotated[
        int, typer.Option("--min-count", min=1, help="Leave out spellings seen fewer times.")
    ] = 1,
    min_confidence: Annotated[
        float, typer.Option("--min-confidence", min=0.0, max=1.0,
                            help="Leave out groups below this confidence.")
    ] = 0.0,
    keep_known: Annotated[
        bool, typer.Option("--keep-known", help="Keep groups the tables in force already have.")
    ] = False,
    config: ConfigOpt = None,
    plugin: PluginOpt = None,
    disable: DisableOpt = None,
) -> None:
    """Propose alias groups of name variants found in INPUTS (and --names) into --output."""
    from textclean.discover import proposals_to_toml, propose, read_names
    from textclean.io import atomic_write
    from textclean.pipeline import Pipeline

    in_force = None
    if not keep_known:
        in_force = Pipeline(_config(config, plugin, disable)).context.aliases
    found = propose(
        inputs or (), names, include=include or ("**/*.txt",), exclude=exclude or (),
        prefer=read_names(prefer) if prefer else (), min_count=min_count,
        min_confidence=min_confidence, in_force=in_force,
        on_skip=lambda path, why: typer.echo(f"textclean: skipped {path}: {why}", err=True),
    )
    header = [
        f"Alias groups proposed by `textclean aliases discover` from {found.texts} texts"
        f"{' and a list of names' if names else ''}: {len(found.groups)} groups.",
        "Review each group, delete what is wrong, then check and use the file:",
        f"  textclean aliases check {output.name}",
        f'  aliases = ["{output.name}"]   (in textclean.toml or [tool.textclean])',
        "Counts and example sentences are comments; the loader ignores them.",
    ]
    atomic_write(output, proposals_to_toml(found.groups, header).encode("utf-8"))
    for note in found.notes:
        typer.echo(f"textclean: {note}", err=True)
    typer.echo(f"wrote {output}: {len(found.groups)} groups from {found.texts} texts and "
               f"{found.spellings} spellings")


@aliases_app.command("check")
def aliases_check(
    file: Annotated[Path, typer.Argument(help="An alias file (TOML).")],
    alone: Annotated[
        bool, typer.Option("--alone", help="Check the file alone, not beside the tables in force.")
    ] = False,
    config: ConfigOpt = None,
    plugin: PluginOpt = None,
    disable: DisableOpt = None,
) -> None:
    """Check an alias file with the rules applied at load, and its examples."""
    from textclean.aliastables import check_alias_file
    from textclean.pipeline import Pipeline

    in_force = None if alone else Pipeline(_config(config, plugin, disable)).layered
    result = check_alias_file(file, in_force)
    for line in result.overrides:
        typer.echo(f"{file}: {line}")
    for problem in result.problems:
        typer.echo(f"textclean: {file}: {problem}", err=True)
    if result.problems:
        raise typer.Exit(EXIT_FAILED_DOCUMENT)
    typer.echo(f"{file}: {result.groups} groups, {result.variants} variants: ok")


@aliases_app.command("show")
def aliases_show(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")] = False,
    config: ConfigOpt = None,
    plugin: PluginOpt = None,
    disable: DisableOpt = None,
) -> None:
    """List the alias groups in force, each with the plugin or file it comes from, its layer and
    the groups of earlier layers it replaces."""
    from textclean.aliastables import groups_in_force, render_groups
    from textclean.pipeline import Pipeline

    found = groups_in_force(Pipeline(_config(config, plugin, disable)))
    if as_json:
        typer.echo(json.dumps([
            {"canonical": s.group.canonical, "variants": list(s.group.variants),
             "source": s.source, "layer": s.layer, "replaces": list(s.replaces)} for s in found
        ], indent=2, ensure_ascii=False))
    else:
        render_groups(_wide_console(), found)
