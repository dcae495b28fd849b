"""What the CLI shows a person: run summaries, plugin listings and labelled diffs, with rich."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from textclean.document import Document
from textclean.runner import Summary

__all__ = ["render_diff", "render_plugins", "render_summary"]


def render_summary(console: Console, summary: Summary, *, output: str) -> None:
    """The closing report of ``textclean run``."""
    table = Table(title="textclean run", show_header=False, title_justify="left")
    table.add_column("what", style="bold")
    table.add_column("value", justify="right")
    table.add_row("files ok", str(summary.ok))
    table.add_row("files skipped", str(summary.skipped))
    table.add_row("files failed", str(summary.failed))
    table.add_row("reused from an earlier run", str(summary.reused))
    table.add_row("MB in / out", f"{summary.bytes_in / 1e6:.3f} / {summary.bytes_out / 1e6:.3f}")
    table.add_row("aliases replaced", str(summary.aliases_replaced))
    table.add_row("URLs extracted", str(summary.urls_extracted))
    table.add_row("elapsed", f"{summary.elapsed:.2f} s")
    table.add_row("throughput", f"{summary.mb_per_second:.2f} MB/s")
    console.print(table)
    if summary.removed_by_rule:
        rules = Table(title="lines removed per rule", title_justify="left")
        rules.add_column("rule")
        rules.add_column("lines", justify="right")
        for rule, count in sorted(summary.removed_by_rule.items(), key=lambda kv: (-kv[1], kv[0])):
            rules.add_row(rule, str(count))
        console.print(rules)
    for path, error in summary.failures[:20]:
        console.print(Text(f"failed: {path}: {error}", style="red"))
    if len(summary.failures) > 20:
        console.print(f"... and {len(summary.failures) - 20} more failures (see the manifest)")
    if summary.temporaries_removed:
        console.print(f"removed {summary.temporaries_removed} temporary files of an earlier run")
    console.print(f"manifest: {output}")


def render_plugins(console: Console, described: Sequence[dict[str, Any]]) -> None:
    """The table of ``textclean plugins``: every plugin, its origin, version, hooks and steps."""
    table = Table(title="textclean plugins", title_justify="left")
    for column in ("plugin", "origin", "version", "hooks", "steps (stage, order)", "rules",
                   "aliases"):
        table.add_column(column)
    for plugin in described:
        steps = ", ".join(f"{s['name']} ({s['stage']}, {s['order']})" for s in plugin["steps"])
        hooks = ", ".join(h.removeprefix("textclean_") for h in plugin["hooks"])
        version = plugin["version"] or "-"
        if plugin["distribution"] and plugin["origin"] != "builtin":
            version = f"{plugin['distribution']} {version}"
        table.add_row(plugin["name"], plugin["origin"], version, hooks, steps or "-",
                      str(plugin["rules"]), str(plugin["aliases"]))
    console.print(table)


def render_diff(console: Console, doc: Document) -> None:
    """Each edit of ``doc`` as a small coloured hunk headed by the step and rule that made it; a
    kept edit (an explained choice to leave text alone) as its note and the text kept."""
    if not doc.edits:
        console.print("no changes")
        return
    for edit in doc.edits:
        where = f" line {edit.line}" if edit.line else ""
        if edit.kept:
            console.print(Text(f"@@ {edit.step}: {edit.rule}{where}: {edit.note}", style="cyan"))
            console.print(Text(f" {_visible(edit.before)}", style="dim"))
            continue
        console.print(Text(f"@@ {edit.step}: {edit.rule}{where}", style="cyan"))
        for line in _visible(edit.before).split("\n") if edit.before else ():
            console.print(Text(f"-{line}", style="red"))
        for line in _visible(edit.after).split("\n") if edit.after else ():
            console.print(Text(f"+{line}", style="green"))
    changed = sum(1 for edit in doc.edits if not edit.kept)
    kept = len(doc.edits) - changed
    console.print(f"{changed} edits" + (f", {kept} kept" if kept else ""))


def _visible(text: str) -> str:
    """Show white-space-only changes instead of printing nothing."""
    if text.strip():
        return text.replace("\r", "\\r")
    return text.replace("\r", "\\r").replace("\n", "\\n").replace(" ", "·").replace("\t", "\\t")
