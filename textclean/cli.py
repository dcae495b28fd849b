"""The ``textclean`` command: argument parsing over the library, nothing more.

Every library error becomes one line on standard error and an exit code, in one place
(:class:`_Commands`): 2 for usage, configuration and plugin errors, 1 when a document failed,
130 on Ctrl-C.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import click
import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn
from typer.core import TyperGroup

from textclean._version import __version__
from textclean.config import discover_config
from textclean.decode import decode_bytes
from textclean.errors import TextcleanError
from textclean.pipeline import Pipeline
from textclean.report import render_diff, render_plugins, render_summary
from textclean.runner import RunOptions, run_tree

EXIT_FAILED_DOCUMENT = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130


class _Commands(TyperGroup):
    """Maps library errors to one line and an exit code, for every command."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except TextcleanError as exc:
            click.echo(f"textclean: error: {exc}", err=True)
            ctx.exit(EXIT_USAGE)
        except KeyboardInterrupt:
            click.echo("textclean: interrupted", err=True)
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
) -> Pipeline:
    cfg = discover_config(config, input_dir=input_dir).with_flags(
        plugins=plugin or (), disable=disable or (), strict_plugins=strict or None
    )
    pipeline = Pipeline(cfg, only=only, skip=skip)
    for warning in pipeline.warnings:
        click.echo(f"textclean: warning: {warning}", err=True)
    return pipeline


def _wide_console() -> Console:
    """Standard output; 120 columns when it is not a terminal, so piped tables stay readable."""
    console = Console()
    return console if console.is_terminal else Console(width=120)


def _read_input(file: str) -> tuple[str, list[str]]:
    data = sys.stdin.buffer.read() if file == "-" else Path(file).read_bytes()
    decoded = decode_bytes(data)
    if decoded.text is None:
        raise click.UsageError(f"{file}: {decoded.skipped}")
    return decoded.text, list(decoded.warnings)


@app.command()
def run(
    input_dir: Annotated[Path, typer.Argument(help="Folder of articles to clean.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="Folder for cleaned files.")],
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=1, help="Worker processes.")] = 1,
    include: Annotated[
        list[str] | None, typer.Option("--include", help="Glob of files to clean (repeatable).")
    ] = None,
    exclude: Annotated[
        list[str] | None, typer.Option("--exclude", help="Glob of files to leave out.")
    ] = None,
    outlet: Annotated[
        str | None, typer.Option("--outlet", help="The outlet of every document.")
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Redo documents done before.")] = False,
    fail_fast: Annotated[
        bool, typer.Option("--fail-fast", help="Stop at the first failed document.")
    ] = False,
    config: ConfigOpt = None,
    plugin: PluginOpt = None,
    disable: DisableOpt = None,
    only: OnlyOpt = None,
    skip: SkipOpt = None,
    strict_plugins: StrictOpt = False,
) -> None:
    """Clean every article under INPUT_DIR into OUTPUT_DIR, with a manifest.jsonl."""
    pipeline = _pipeline(config, plugin, disable, only, skip, strict_plugins, input_dir)
    options = RunOptions(
        jobs=jobs,
        include=tuple(include or ("**/*.txt",)),
        exclude=tuple(exclude or ()),
        outlet=outlet,
        force=force,
        fail_fast=fail_fast,
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
    render_summary(_wide_console(), summary, output=str(output / "manifest.jsonl"))
    if summary.failed:
        raise typer.Exit(EXIT_FAILED_DOCUMENT)


@app.command()
def clean(
    file: Annotated[str, typer.Argument(help="A file, or - for standard input.")] = "-",
    url: Annotated[str | None, typer.Option("--url", help="The article's URL.")] = None,
    outlet: Annotated[str | None, typer.Option("--outlet", help="The article's outlet.")] = None,
    config: ConfigOpt = None,
    plugin: PluginOpt = None,
    disable: DisableOpt = None,
    only: OnlyOpt = None,
    skip: SkipOpt = None,
    explain: ExplainOpt = False,
) -> None:
    """Clean one file, or standard input, to standard output (with --explain, every edit and
    every choice to leave text alone on standard error)."""
    pipeline = _pipeline(config, plugin, disable, only, skip)
    text, warnings = _read_input(file)
    for warning in warnings:
        click.echo(f"textclean: warning: {warning}", err=True)
    doc = pipeline(text, url=url, outlet=outlet, source=None if file == "-" else file,
                   explain=explain)
    sys.stdout.write(doc.text)
    if explain:
        render_diff(Console(stderr=True, highlight=False), doc)


@app.command()
def diff(
    file: Annotated[str, typer.Argument(help="A file, or - for standard input.")],
    url: Annotated[str | None, typer.Option("--url", help="The article's URL.")] = None,
    outlet: Annotated[str | None, typer.Option("--outlet", help="The article's outlet.")] = None,
    config: ConfigOpt = None,
    plugin: PluginOpt = None,
    disable: DisableOpt = None,
    only: OnlyOpt = None,
    skip: SkipOpt = None,
    explain: ExplainOpt = False,
) -> None:
    """Show what cleaning changes in FILE, each change labelled with its step and rule."""
    pipeline = _pipeline(config, plugin, disable, only, skip)
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
    """List every plugin, with its version, hooks, steps in pipeline order and rule counts."""
    pipeline = _pipeline(config, plugin, disable)
    described = pipeline.describe()
    if as_json:
        typer.echo(json.dumps(
            {"steps": [s.name for s in pipeline.steps], "plugins": described}, indent=2
        ))
    else:
        render_plugins(_wide_console(), described)


@app.command("new-plugin")
def new_plugin(
    name: Annotated[str, typer.Argument(help="The outlet or plugin name, e.g. 'guardian'.")],
    outlet_domain: Annotated[
        list[str] | None,
        typer.Option("--outlet-domain", help="A domain of the outlet (repeatable)."),
    ] = None,
    dest: Annotated[Path, typer.Option("--dest", help="Folder to write the package in.")] = Path(),
) -> None:
    """Write a ready-to-install plugin package textclean-NAME, with rules, tests and README."""
    from textclean.scaffold import new_plugin as scaffold

    folder = scaffold(name, dest, domains=outlet_domain or ())
    typer.echo(f"wrote {folder}: pip install -e {folder} && pytest {folder}/tests")


def main() -> None:
    """Console-script entry point."""
    app()
