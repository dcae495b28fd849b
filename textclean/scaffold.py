"""Writing a new plugin package, ready to install and test: what ``textclean new-plugin`` does.

The package has the layout of ``plugins/textclean-example``: a ``pyproject.toml`` with the entry
point, a module with the ``textclean_rules`` and ``textclean_outlet`` hooks, a rules file with one
rule (with examples and counterexamples), tests that use :mod:`textclean.testing`, and a README.
It installs and passes its own tests unchanged, so an author starts from green and edits.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path
from string import Template

from textclean.errors import InputError
from textclean.outlets import registrable_domain

__all__ = ["NAME", "new_plugin", "render"]

#: A plugin name: lowercase letters and digits in words joined by single hyphens.
NAME = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def new_plugin(
    name: str, dest: str | os.PathLike[str], *, domains: Sequence[str] = ()
) -> Path:
    """Write the package ``textclean-<name>`` into the folder ``dest`` and return its path.

    ``name`` is also the outlet name and the entry-point name, and becomes the Python package
    ``textclean_<name>`` (hyphens as underscores). ``domains`` are the outlet's registrable
    domains ("theguardian.com"), which the generated ``textclean_outlet`` hook recognises in a
    document's URL. An invalid name or domain, or a package folder that already exists, is an
    :class:`~textclean.errors.InputError`; the package appears whole or not at all.
    """
    if not isinstance(name, str) or not NAME.fullmatch(name):
        raise InputError(
            f"plugin name {name!r} must be lowercase letters and digits, words joined by single "
            "hyphens (for example 'guardian' or 'le-monde')"
        )
    checked = tuple(dict.fromkeys(_domain(domain) for domain in domains))
    parent = Path(dest)
    folder = parent / f"textclean-{name}"
    if folder.exists() or folder.is_symlink():
        raise InputError(f"{folder} already exists: remove it or choose another destination")
    try:
        parent.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix=f".textclean-{name}-", dir=parent))
    except OSError as exc:
        raise InputError(f"{parent}: cannot write there: {exc.strerror or exc}") from None
    try:
        for relative, text in render(name, checked).items():
            path = work / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        if folder.exists():  # appeared while writing
            raise InputError(f"{folder} already exists: remove it or choose another destination")
        work.rename(folder)
    except OSError as exc:
        raise InputError(f"{folder}: cannot write the plugin: {exc.strerror or exc}") from None
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return folder


def _domain(value: str) -> str:
    """A registrable domain, lowercased; anything else is an error that suggests one."""
    domain = str(value).strip().lower().rstrip(".")
    found = registrable_domain(domain)
    if found != domain:
        hint = f" (did you mean '{found}'?)" if found else ""
        raise InputError(
            f"outlet domain {value!r} is not a registrable domain such as 'example.co.uk'{hint}"
        )
    return domain


def render(name: str, domains: Sequence[str] = ()) -> dict[str, str]:
    """The files of the package ``textclean-<name>``, by path relative to its folder."""
    module = "textclean_" + name.replace("-", "_")
    words = name.split("-")
    display = " ".join(word.capitalize() for word in words)
    if domains:
        domain_set = "frozenset({" + ", ".join(f'"{d}"' for d in domains) + "})"
        domain_text = ", ".join(f"`{d}`" for d in domains)
    else:
        domain_set = "frozenset()  # add the outlet's domains here, e.g. {\"example.com\"}"
        domain_text = "the domains listed in `DOMAINS` (none yet: add them)"
    values = {
        "name": name,
        "module": module,
        "suffix": module.removeprefix("textclean_"),
        "display": display,
        "display_pattern": r" \s{1,3} ".join(words),
        "domain_set": domain_set,
        "domain_text": domain_text,
    }
    return {
        "pyproject.toml": Template(_PYPROJECT).substitute(values),
        "README.md": Template(_README).substitute(values),
        f"{module}/__init__.py": Template(_MODULE).substitute(values),
        f"{module}/rules.toml": Template(_RULES).substitute(values),
        f"tests/test_{values['suffix']}.py": Template(_TEST).substitute(values),
    }


_PYPROJECT = '''\
[build-system]
requires = ["setuptools>=61"]
build-backend = "setuptools.build_meta"

[project]
name = "textclean-$name"
version = "0.1.0"
description = "textclean rules for $display."
readme = "README.md"
requires-python = ">=3.11"
dependencies = ["textclean>=0.1"]

[project.optional-dependencies]
test = ["textclean[testing]>=0.1"]

# textclean loads every module named in the "textclean" entry-point group.
[project.entry-points.textclean]
$name = "$module"

[tool.setuptools]
packages = ["$module"]

[tool.setuptools.package-data]
$module = ["rules.toml"]
'''

_MODULE = '''\
"""textclean-$name: boilerplate rules for $display.

The rules are data in ``rules.toml`` beside this module and apply only to documents whose outlet
is ``"$name"``, which :func:`textclean_outlet` names for every URL on the outlet's domains.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from importlib import resources

import textclean
from textclean import Document, Rule
from textclean.outlets import registrable_domain
from textclean.rules import load_rules

__all__ = ["DOMAINS", "OUTLET", "rules", "textclean_outlet", "textclean_rules"]

#: The outlet name: every rule in rules.toml has ``outlets = ["$name"]``.
OUTLET = "$name"
#: Registrable domains of the outlet ("https://www.example.com/a" has "example.com").
DOMAINS: frozenset[str] = $domain_set


@functools.cache
def rules() -> tuple[Rule, ...]:
    """The rules of ``rules.toml``, read once, wherever the package is installed."""
    with resources.as_file(resources.files(__name__).joinpath("rules.toml")) as path:
        return load_rules(path)


@textclean.hookimpl
def textclean_rules() -> Sequence[Rule]:
    # Called once when a pipeline is built, never per document.
    return rules()


@textclean.hookimpl
def textclean_outlet(doc: Document) -> str | None:
    # Called per document whose outlet is not known yet, before the boilerplate step.
    # None leaves the document to other plugins and to the built-in domain lookup.
    return OUTLET if registrable_domain(doc.meta.url) in DOMAINS else None
'''

_RULES = """\
# The rules of textclean-$name: one `[[rules]]` table per rule.
#
# textclean matches `pattern` with `regex.fullmatch` against a whole line, stripped of surrounding
# white space: a rule removes a line that is nothing but boilerplate, never part of a line. Keys:
#
#   id               "$name.<kebab-case-name>"; users switch a rule off with `disable = [id]`.
#   description      what the rule removes and why it cannot remove a real sentence.
#   outlets          the outlets the rule applies to: keep ["$name"].
#   pattern          a `regex` pattern. Verbose mode `(?x)` lets you space it out and comment it
#                    (a literal space is then `\\s`); `(?i)` ignores case. Bound every repetition
#                    (`\\s{1,3}`, `.{0,200}`, never `.*`) so no line makes it backtrack for long.
#   examples         lines the rule must match: copy them from real pages of the outlet.
#   counterexamples  real-looking article sentences it must not match, the closer the better.
#
# The rule below is a placeholder to replace with the outlet's own lines.

[[rules]]
id = "$name.support-appeal"
description = \"\"\"An appeal for money printed under every article: "Support $display", \\
"Support $display today!", "Please support independent journalism." A sentence that goes on \\
after the appeal is kept.\"\"\"
outlets = ["$name"]
pattern = '''
(?xi)
(?: please \\s{1,3} )?
support \\s{1,3} (?: $display_pattern | independent \\s{1,3} journalism )
(?: \\s{1,3} (?: today | now ) )?
\\s{0,3} [.!]{0,3}
'''
examples = [
    "Support $display",
    "Support $display today!",
    "Please support independent journalism.",
]
counterexamples = [
    "Support for the ruling party fell to 30% in May.",
    "Support $display, the editor wrote, was the only way to keep the paper alive.",
    "Please support independent journalism by voting for the press freedom bill, the union said.",
]
"""

_TEST = '''\
"""textclean-$name keeps its promises: its rules match their examples and spare their
counterexamples, apply to the outlet's documents only, and a pipeline with the plugin stays
idempotent and accountable."""

from __future__ import annotations

import pytest
import $module as plugin
from hypothesis import given, settings
from hypothesis import strategies as st

from textclean import Document, Meta
from textclean.testing import (
    assert_accountable,
    assert_idempotent,
    assert_rerun_agrees,
    check_rules,
    news_documents,
    pipeline_with,
    texts,
)

PIPELINE = pipeline_with(plugin)
# Only the step that settles the outlet and the one that applies rules, so no other step
# changes the text under test.
REMOVE = pipeline_with(plugin, only=["outlet", "boilerplate"])
RULES = plugin.rules()
OWN = {rule.id for rule in RULES}

EXAMPLES = [
    pytest.param(rule.id, line, id=f"{rule.id}-{index}")
    for rule in RULES for index, line in enumerate(rule.examples)
]
COUNTEREXAMPLES = [
    pytest.param(rule.id, line, id=f"{rule.id}-{index}")
    for rule in RULES for index, line in enumerate(rule.counterexamples)
]


def removed_by(doc: Document) -> list[str]:
    """The rule ids of the lines the boilerplate step removed."""
    return [edit.rule for edit in doc.edits if edit.step == "boilerplate"]


def test_rules_keep_their_examples_and_run_in_linear_time():
    check_rules(RULES)


def test_every_rule_is_named_for_and_limited_to_the_outlet():
    assert RULES
    for rule in RULES:
        assert rule.id.startswith(f"{plugin.OUTLET}."), rule.id
        assert rule.outlets == (plugin.OUTLET,), rule.id
        assert rule.description and rule.examples and rule.counterexamples, rule.id


@pytest.mark.parametrize("domain", sorted(plugin.DOMAINS))
def test_documents_on_the_outlet_domains_get_the_outlet(domain):
    assert REMOVE("Text.\\n", url=f"https://www.{domain}/news/1").meta.outlet == plugin.OUTLET


def test_documents_on_other_domains_are_left_to_other_plugins():
    doc = Document("Text.\\n", Meta(url="https://elsewhere.invalid/news/1"))
    assert plugin.textclean_outlet(doc) is None


@pytest.mark.parametrize(("rule_id", "line"), EXAMPLES)
def test_example_lines_leave_documents_of_the_outlet(rule_id, line):
    doc = REMOVE(f"Before.\\n{line}\\nAfter.\\n", outlet=plugin.OUTLET)
    assert doc.text == "Before.\\nAfter.\\n"
    [rule] = removed_by(doc)
    # A line the core's generic rules also catch is removed by them: they come first.
    assert rule == rule_id or rule.startswith("generic."), rule


@pytest.mark.parametrize(("rule_id", "line"), EXAMPLES)
@pytest.mark.parametrize("outlet", [None, "another-outlet"])
def test_documents_of_other_outlets_keep_the_lines(rule_id, line, outlet):
    doc = REMOVE(f"Before.\\n{line}\\nAfter.\\n", outlet=outlet)
    assert not OWN & set(removed_by(doc))


@pytest.mark.parametrize(("rule_id", "line"), COUNTEREXAMPLES)
def test_counterexamples_stay_in_documents_of_the_outlet(rule_id, line):
    doc = REMOVE(f"Before.\\n{line}\\nAfter.\\n", outlet=plugin.OUTLET)
    assert not OWN & set(removed_by(doc))


def test_an_article_loses_its_boilerplate_lines_and_keeps_its_sentences():
    kept = (
        "Council approves new bus lanes\\n"
        "The city council voted 7 to 2 on Tuesday to add bus lanes on Main Street.\\n"
    )
    doc = REMOVE(kept + "Support $display today!\\n", outlet=plugin.OUTLET)
    assert doc.text == kept
    assert removed_by(doc) == ["$name.support-appeal"]


LINES = [line for rule in RULES for line in (*rule.examples, *rule.counterexamples)]


@settings(deadline=None)
@given(
    pieces=st.lists(st.one_of(texts(max_pieces=4), st.sampled_from(LINES)), max_size=6),
    outlet=st.sampled_from([plugin.OUTLET, None, "another-outlet"]),
)
def test_a_pipeline_with_the_plugin_stays_idempotent_and_accountable(pieces, outlet):
    meta = Meta(outlet=outlet, outlet_from="explicit" if outlet else None)
    doc = Document("\\n".join(pieces), meta)
    assert_idempotent(PIPELINE, doc)
    assert_accountable(PIPELINE, doc)


@settings(deadline=None)
@given(doc=news_documents(PIPELINE))
def test_the_plugin_keeps_the_contracts_on_news(doc):
    assert_idempotent(PIPELINE, doc)
    assert_rerun_agrees(PIPELINE, doc)
    assert_accountable(PIPELINE, doc)
'''

_README = '''\
# textclean-$name

textclean rules for $display, written by `textclean new-plugin`. It installs and passes its
tests as it is; then make it yours.

## The files

```text
textclean-$name/
  pyproject.toml
  README.md
  $module/
    __init__.py
    rules.toml
  tests/
    test_$suffix.py
```

- `pyproject.toml`: the package and its dependency on textclean. The entry point
  `$name = "$module"` in the group `textclean` is how textclean finds the plugin once it is
  installed; `rules.toml` ships as package data.
- `$module/__init__.py`: the hooks. `textclean_rules()` returns the rules of `rules.toml`;
  `textclean_outlet(doc)` returns `"$name"` for a document whose URL is on $domain_text.
- `$module/rules.toml`: the rules, as data, with one placeholder rule to replace. Each rule
  removes whole lines that match its pattern, in documents of the outlet `$name` only; the
  comments at the top explain every key.
- `tests/test_$suffix.py`: tests that use `textclean.testing`. They check every rule's
  examples and counterexamples, that the rules apply to the outlet's documents only, and that a
  pipeline with the plugin stays idempotent and accountable.

## Install and test

```console
pip install -e 'textclean-$name[test]'
pytest textclean-$name/tests
textclean plugins          # lists "$name"
```

## Next steps

1. Put the outlet's registrable domains in `DOMAINS` in `$module/__init__.py`.
2. Replace the placeholder rule with lines copied from the outlet's pages: share prompts, author
   bios, newsletter boxes, caption credits, footers. Give each rule examples from real pages and
   counterexamples that are real sentences as close to the rule as you can find.
3. Run the tests, then `textclean diff article.txt --outlet $name` on real articles to see
   every line the rules remove.
'''
