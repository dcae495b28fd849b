"""What the CLI shows a person: run summaries, plugin listings and labelled diffs, with rich.

Text from documents, file names and plugin metadata is data, never terminal commands or rich
markup: everything shown goes through :func:`visible` (control characters, lone surrogates and
bidirectional overrides become escapes such as ``\\x1b``) and into :class:`rich.text.Text`,
which rich never reads as markup.
"""

from __future__ import annotations

import re
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from textclean.document import Document
from textclean.runner import Summary

__all__ = ["render_diff", "render_plugins", "render_summary", "visible"]

# C0 and C1 controls (tab and, on request, line feed aside), DEL, lone surrogates, and the
# bidirectional embeddings, overrides and isolates that reorder what a terminal shows.
_HIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069]")
_HIDDEN_OR_NEWLINE = re.compile(f"{_HIDDEN.pattern}|\n")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str, *, newlines: bool = True) -> str:
    """``text`` safe for a terminal: characters that would act instead of showing (ESC starts
    escape sequences that can set the clipboard or rewrite the screen) are written as escapes.
    ``newlines=False`` escapes line feeds too, for what must stay on one line."""
    pattern = _HIDDEN if newlines else _HIDDEN_OR_NEWLINE
    return pattern.sub(_escape, text)


def _cell(value: object) -> Text:
    return Text(visible(str(value), newlines=False))


def render_summary(console: Console, summary: Summary, *, output: str) -> None:
    """The closing report of ``textclean run``."""
    table = Table(title="textclean run", show_header=False, title_justify="left")
    table.add_column("what", style="bold")
    table.add_column("value", justify="right")
    table.add_row("config", _cell(summary.config or "none (defaults)"))
    table.add_row("files ok", str(summary.ok))
    table.add_row("files skipped", str(summary.skipped))
    table.add_row("files failed", str(summary.failed))
    if summary.records:
        table.add_row("records ok", str(summary.records - summary.records_failed))
        table.add_row("records failed", str(summary.records_failed))
    table.add_row("reused from an earlier run", str(summary.reused))
    table.add_row("MB in / out", f"{summary.bytes_in / 1e6:.3f} / {summary.bytes_out / 1e6:.3f}")
    table.add_row("aliases replaced", str(summary.aliases_replaced))
    table.add_row("URLs extracted", str(summary.urls_extracted))
    table.add_row("elapsed", f"{summary.elapsed:.2f} s")
    table.add_row("throughput", f"{summary.mb_per_second:.2f} MB/s")
    console.print(table)
    if summary.step_seconds:
        render_profile(console, summary)
    if summary.edits_by_rule:
        rules = Table(title="edits per rule", title_justify="left")
        rules.add_column("rule")
        rules.add_column("edits", justify="right")
        for rule, count in sorted(summary.edits_by_rule.items(), key=lambda kv: (-kv[1], kv[0])):
            rules.add_row(_cell(rule), str(count))
        console.print(rules)
    for path, error in summary.failures[:_LISTED]:
        console.print(_line(f"failed: {path}: {error}", style="red"))
    if len(summary.failures) > _LISTED:
        console.print(f"... and {len(summary.failures) - _LISTED} more failures (see the manifest)")
    for where, error in summary.record_failures[:_LISTED]:
        console.print(_line(f"failed: {where}: {error}", style="red"))
    if summary.records_failed > _LISTED:
        console.print(f"... and {summary.records_failed - _LISTED} more failed records (see the "
                      "manifest; the output flags each one)")
    if summary.stale_removed:
        console.print(f"removed {summary.stale_removed} output"
                      f"{'s' if summary.stale_removed > 1 else ''} whose input is gone")
    if summary.stale:
        count = len(summary.stale)
        console.print(_line(f"{count} output{'s' if count > 1 else ''} whose input is no longer "
                            "in the run (deleted, or left out by --include/--exclude); "
                            "--delete-stale removes them:", style="yellow"))
        for path in summary.stale[:_LISTED]:
            console.print(_line(f"stale: {path}", style="yellow"))
        if len(summary.stale) > _LISTED:
            console.print(f"... and {len(summary.stale) - _LISTED} more (see the manifest)")
    if summary.temporaries_removed:
        console.print(f"removed {summary.temporaries_removed} temporary files of an earlier run")
    console.print(_line(f"manifest: {output}"))


_LISTED = 20


def render_profile(console: Console, summary: Summary) -> None:
    """Where a run's time went (``--profile``): each step's seconds, summed over the worker
    processes, its share, and the MB/s of input it ran at."""
    total = sum(summary.step_seconds.values())
    table = Table(title="profile: seconds per step (summed over workers)", title_justify="left")
    for column, justify in (("step", "left"), ("seconds", "right"), ("share", "right"),
                            ("MB/s", "right")):
        table.add_column(column, justify=justify)  # type: ignore[arg-type]
    for name, seconds, speed in summary.profile():
        share = seconds / total if total > 0 else 0.0
        table.add_row(_cell(name), f"{seconds:.3f}", f"{share:.1%}", f"{speed:,.1f}")
    console.print(table)


def _line(text: str, *, style: str = "") -> Text:
    return Text(visible(text, newlines=False), style=style)


def render_plugins(console: Console, listing: dict[str, Any]) -> None:
    """The table of ``textclean plugins``: every plugin, its origin, layer, version, hooks,
    steps and counts; then what each later layer overrides, and the conflicts."""
    table = Table(title="textclean plugins", title_justify="left")
    for column in ("plugin", "origin", "form", "version", "hooks", "steps (stage, order)",
                   "rules", "aliases", "overrides"):
        table.add_column(column)
    for plugin in listing["plugins"]:
        steps = ", ".join(f"{s['name']} ({s['stage']}, {s['order']})" for s in plugin["steps"])
        hooks = ", ".join(h.removeprefix("textclean_") for h in plugin["hooks"])
        version = plugin["version"] or "-"
        if plugin["distribution"] and plugin["origin"] != "builtin":
            version = f"{plugin['distribution']} {version}"
        overrides = ", ".join(f"{o['replaces']} ({o['of']})" for o in plugin["overrides"])
        table.add_row(*(_cell(value) for value in (
            plugin["name"], plugin["origin"], plugin["form"], version, hooks, steps or "-",
            plugin["rules"], plugin["aliases"], overrides or "-",
        )))
    console.print(table)
    for line in listing["overrides"]:
        console.print(_line(f"override: {line}"))
    for line in listing["conflicts"]:
        console.print(_line(f"conflict: {line}", style="red"))


def render_diff(console: Console, doc: Document) -> None:
    """Each edit of ``doc`` as a small coloured hunk headed by the step and rule that made it; a
    kept edit (an explained choice to leave text alone) as its note and the text kept."""
    if not doc.edits:
        console.print("no changes")
        return
    for edit in doc.edits:
        where = f" line {edit.line}" if edit.line else ""
        if edit.kept:
            console.print(_line(f"@@ {edit.step}: {edit.rule}{where}: {edit.note}", style="cyan"))
            console.print(Text(f" {_visible(edit.before)}", style="dim"))
            continue
        console.print(_line(f"@@ {edit.step}: {edit.rule}{where}", style="cyan"))
        for line in _visible(edit.before).split("\n") if edit.before else ():
            console.print(Text(f"-{line}", style="red"))
        for line in _visible(edit.after).split("\n") if edit.after else ():
            console.print(Text(f"+{line}", style="green"))
    changed = sum(1 for edit in doc.edits if not edit.kept)
    kept = len(doc.edits) - changed
    console.print(f"{changed} edits" + (f", {kept} kept" if kept else ""))


def _visible(text: str) -> str:
    """What an edit's text looks like on a terminal; white-space-only changes are shown instead
    of printing nothing."""
    if text.strip():
        return visible(text.replace("\r", "\\r"))
    return visible(
        text.replace("\r", "\\r").replace("\n", "\\n").replace(" ", "·").replace("\t", "\\t")
    )
