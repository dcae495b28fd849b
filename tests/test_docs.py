"""The docs cover what users touch: every hook, command, step, option and rule."""

from __future__ import annotations

import dataclasses
import inspect
from pathlib import Path

import pytest

from textclean import hookspecs
from textclean.cli import app
from textclean.config import Config
from textclean.docgen import MARKER, expand
from textclean.layers import gather
from textclean.plugins import plugin_manager

DOCS = Path(__file__).resolve().parent.parent / "docs"
BUILTINS = gather(Config(), plugin_manager(entry_points=False))
HOOKS = [name for name, fn in vars(hookspecs).items()
         if name.startswith("textclean_") and callable(fn)]


@pytest.mark.parametrize("hook", HOOKS)
def test_every_hook_has_a_section_headed_by_its_exact_signature(hook):
    # The module uses postponed annotations; the docs write them unquoted.
    signature = str(inspect.signature(getattr(hookspecs, hook))).replace("'", "")
    heading = f"## `{hook}{signature}`"
    assert heading in (DOCS / "plugins" / "hooks.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("hook", HOOKS)
def test_every_hookspec_says_when_it_is_called_and_how_results_combine(hook):
    doc = getattr(hookspecs, hook).__doc__ or ""
    assert "Called" in doc and len(doc.splitlines()) >= 6


COMMANDS = [c.name or c.callback.__name__ for c in app.registered_commands]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_is_in_the_cli_reference(command):
    assert f"`textclean {command}" in (DOCS / "cli.md").read_text(encoding="utf-8")


SUBCOMMANDS = [
    f"{group.name} {command.name or command.callback.__name__}"
    for group in app.registered_groups
    for command in group.typer_instance.registered_commands
]


@pytest.mark.parametrize("command", SUBCOMMANDS)
def test_every_subcommand_is_in_the_cli_reference(command):
    assert f"`textclean {command}" in (DOCS / "cli.md").read_text(encoding="utf-8")


def test_the_steps_page_has_an_options_table_for_every_builtin_step():
    page = (DOCS / "steps.md").read_text(encoding="utf-8")
    markers = {m["arg"] for m in MARKER.finditer(page) if m["kind"] == "options"}
    assert markers == set(BUILTINS.steps)


def test_the_generated_steps_page_names_every_rule_option_and_alias():
    page = expand((DOCS / "steps.md").read_text(encoding="utf-8"))
    assert not MARKER.search(page)
    for rule in BUILTINS.rules:
        assert f"`{rule.key}`" in page, rule.plugin
    for step in BUILTINS.steps.values():
        for field in dataclasses.fields(step.item):
            assert f"`{field.name}`" in page
    for group in BUILTINS.aliases:
        assert group.item.canonical in page


def test_an_unknown_marker_is_an_error():
    with pytest.raises(ValueError, match="unknown docs marker"):
        expand("<!-- textclean:options nosuchstep -->")
