"""The contract every plugin keeps, as one pytest test class: :func:`plugin_suite`.

A plugin package's tests are then one line, plus whatever is its own::

    from textclean.testing import plugin_suite

    TestRt = plugin_suite("textclean_rt")

The class holds only the tests the plugin has cases for (a plugin without rules gets no rule
tests, rather than skipped ones), each parametrised over the plugin's own data: its rules'
examples and counterexamples, its alias groups', its outlet's domains and examples, its whole
documents, its steps.
"""

from __future__ import annotations

import functools
import pickle
import types
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from textclean.aliases import AliasGroup, check_examples
from textclean.config import Config
from textclean.document import Document, Meta
from textclean.pipeline import Pipeline
from textclean.plugindata import PluginData, plugin_data
from textclean.plugins import PluginInfo
from textclean.rules import Rule
from textclean.step import Step
from textclean.testing import (
    assert_accountable,
    assert_idempotent,
    assert_rerun_agrees,
    check_rules,
    news_documents,
)

__all__ = ["plugin_suite"]

#: An outlet no plugin names, for documents of "another outlet".
OTHER_OUTLET = "another-outlet.invalid"


@dataclass(frozen=True)
class PluginUnderTest:
    """A plugin as a user gets it: in a pipeline with the built-ins and installed plugins."""

    module: str
    info: PluginInfo
    pipeline: Pipeline
    remove: Pipeline  # only the outlet and boilerplate steps: what rules do, and nothing else
    data: PluginData | None
    rules: tuple[Rule, ...]
    groups: tuple[AliasGroup, ...]
    steps: tuple[Step, ...]

    @property
    def name(self) -> str:
        return self.info.name

    @property
    def outlet(self) -> str | None:
        return None if self.data is None or self.data.outlet is None else self.data.outlet.name

    def removed_by(self, doc: Document) -> list[str]:
        return [edit.rule for edit in doc.edits if edit.step == "boilerplate"]

    def own(self, doc: Document) -> set[str]:
        return {rule.id for rule in self.rules} & set(self.removed_by(doc))


@functools.lru_cache(maxsize=16)
def _load(module: str, config: Config | None) -> PluginUnderTest:
    pipeline = Pipeline(config, plugins=[module])
    infos = [info for info in pipeline.plugins
             if info.module.split(":", 1)[0] == module or info.source == module]
    if not infos:
        raise AssertionError(f"{module} is not a textclean plugin: nothing registered it")
    info = infos[0]
    layered = pipeline.layered
    return PluginUnderTest(
        module=module,
        info=info,
        pipeline=pipeline,
        remove=Pipeline(config, plugins=[module], only=["outlet", "boilerplate"]),
        data=plugin_data(module) if info.data_file else None,
        rules=tuple(c.item for c in layered.rules if c.plugin == info.name),
        groups=tuple(c.item for c in layered.aliases if c.plugin == info.name),
        steps=tuple(s for s in pipeline.steps if pipeline.plugin_of(s.name) == info.name),
    )


def plugin_suite(module: str | types.ModuleType, *, config: Config | None = None) -> type:
    """A pytest test class that checks the plugin ``module`` (a module name or module) keeps
    textclean's contract, in a pipeline with the built-ins and the installed plugins (and
    ``config``):

    - the pipeline builds with it, lists it, and pickles into a copy that cleans alike;
    - every rule's examples match and counterexamples do not, in linear time; an example line
      leaves a document of the rule's outlet and stays in documents of other outlets; a
      counterexample stays everywhere; an outlet plugin's rules are named for and limited to it;
    - every alias group's examples and counterexamples hold in the pipeline's whole table;
    - the outlet is named for a URL on each of its domains and for each outlet example, never
      for a counterexample, and each ``[[documents]]`` entry cleans to what it says;
    - the pipeline, and each of the plugin's steps on its own, stay idempotent and accountable
      on news composed from the plugin's own rules and groups (hypothesis).

    Assign it to a name starting with ``Test`` in a test module so pytest collects it.
    """
    name = module if isinstance(module, str) else module.__name__
    plugin = _load(name, config)
    tests: dict[str, Any] = {"__doc__": f"{name} keeps the contract of a textclean plugin."}

    def add(test: Callable[..., None], argnames: str | None = None,
            cases: Sequence[Any] = ()) -> None:
        if argnames is not None:
            if not cases:
                return  # nothing to check: no test rather than a skipped one
            test = pytest.mark.parametrize(argnames, cases)(test)
        tests[test.__name__] = test

    add(_builds(plugin))
    _rule_tests(plugin, add)
    if plugin.groups:
        add(_groups(plugin))
    _outlet_tests(plugin, add)
    add(_contracts_on_news(plugin))
    add(_step_contracts(plugin), "step_name", [s.name for s in plugin.steps])
    return type(f"Test{name.title().replace('_', '')}", (), tests)


def _builds(plugin: PluginUnderTest) -> Callable[..., None]:
    def test_the_pipeline_builds_with_the_plugin_and_pickles(self: Any) -> None:
        pipeline = plugin.pipeline
        assert plugin.info.hooks, f"plugin '{plugin.name}' implements no hook"
        assert not [w for w in pipeline.warnings if f"'{plugin.name}'" in w]
        assert any(row["name"] == plugin.name for row in pipeline.describe())
        copy = pickle.loads(pickle.dumps(pipeline))
        assert copy.fingerprint == pipeline.fingerprint
        lines = [line for rule in plugin.rules for line in (*rule.examples, *rule.counterexamples)]
        text = "\n".join(["A first sentence of the article.", *lines, "The last sentence."])
        for outlet in (plugin.outlet, None):
            assert copy(text, outlet=outlet) == pipeline(text, outlet=outlet)

    return test_the_pipeline_builds_with_the_plugin_and_pickles


def _rule_tests(plugin: PluginUnderTest, add: Callable[..., None]) -> None:
    rules = plugin.rules
    if not rules:
        return
    examples = [pytest.param(rule.id, rule.outlets[0] if rule.outlets else None, line,
                             id=f"{rule.id}-{index}")
                for rule in rules for index, line in enumerate(rule.examples)]
    scoped = [p for p in examples if p.values[1] is not None]
    counterexamples = [pytest.param(rule.id, outlet, line, id=f"{rule.id}-{index}-{outlet}")
                       for rule in rules for outlet in (rule.outlets or (None,))
                       for index, line in enumerate(rule.counterexamples)]

    def test_rules_keep_their_promises_and_run_in_linear_time(self: Any) -> None:
        check_rules(rules)
        for rule in rules:
            assert rule.description and rule.examples and rule.counterexamples, rule.id
            if plugin.outlet is not None and rule.outlets is not None:
                assert rule.outlets == (plugin.outlet,), rule.id
                assert rule.id.startswith(f"{plugin.outlet}."), rule.id

    def test_an_example_line_leaves_a_document_of_its_outlet(
        self: Any, rule_id: str, outlet: str | None, line: str
    ) -> None:
        doc = plugin.remove(f"Before.\n{line}\nAfter.\n", outlet=outlet)
        assert doc.text == "Before.\nAfter.\n"
        [rule] = plugin.removed_by(doc)
        # A rule met first in the rule book (a generic one) may remove the line instead.
        assert rule == rule_id or plugin.remove.context.rules.plugin_of[rule] != plugin.name

    def test_an_example_line_stays_in_documents_of_other_outlets(
        self: Any, rule_id: str, outlet: str, line: str
    ) -> None:
        for other in (None, OTHER_OUTLET):
            doc = plugin.remove(f"Before.\n{line}\nAfter.\n", outlet=other)
            assert rule_id not in plugin.removed_by(doc), other

    def test_a_counterexample_stays(
        self: Any, rule_id: str, outlet: str | None, line: str
    ) -> None:
        doc = plugin.remove(f"Before.\n{line}\nAfter.\n", outlet=outlet)
        assert not plugin.own(doc), doc.text

    add(test_rules_keep_their_promises_and_run_in_linear_time)
    add(test_an_example_line_leaves_a_document_of_its_outlet, "rule_id,outlet,line", examples)
    add(test_an_example_line_stays_in_documents_of_other_outlets, "rule_id,outlet,line", scoped)
    add(test_a_counterexample_stays, "rule_id,outlet,line", counterexamples)


def _groups(plugin: PluginUnderTest) -> Callable[..., None]:
    def test_alias_groups_keep_their_examples_in_the_whole_table(self: Any) -> None:
        for group in plugin.groups:
            assert group.examples or group.counterexamples, group.rule_id
        assert check_examples(plugin.groups, plugin.pipeline.context.aliases) == []

    return test_alias_groups_keep_their_examples_in_the_whole_table


def _is_url(value: str) -> bool:
    return "://" in value


def _outlet_doc(value: str) -> dict[str, str]:
    return {"url": value} if _is_url(value) else {"source": value}


def _outlet_tests(plugin: PluginUnderTest, add: Callable[..., None]) -> None:
    data = plugin.data
    if data is None:
        return
    outlet = data.outlet
    if outlet is not None:
        named = [f"https://www.{domain}/news/1" for domain in outlet.domains]
        named += [f"https://{domain}/a?b=c" for domain in outlet.domains]
        named += list(outlet.examples)

        def test_the_outlet_is_named(self: Any, where: str) -> None:
            doc = plugin.remove("Text.\n", **_outlet_doc(where))
            assert (doc.meta.outlet, doc.meta.outlet_from) == (outlet.name,
                                                               f"plugin:{plugin.name}")

        def test_other_outlets_are_not_named(self: Any, where: str) -> None:
            assert plugin.remove("Text.\n", **_outlet_doc(where)).meta.outlet != outlet.name

        add(test_the_outlet_is_named, "where", named)
        add(test_other_outlets_are_not_named, "where", list(outlet.counterexamples))
    documents = [pytest.param(doc, id=f"document-{index}")
                 for index, doc in enumerate(data.documents)]

    def test_a_document_cleans_to_what_the_plugin_says(self: Any, document: Any) -> None:
        doc = plugin.remove(document.text, url=document.url, outlet=document.outlet,
                            source=document.source)
        assert doc.text == document.cleaned
        if document.rules is not None:
            assert plugin.removed_by(doc) == list(document.rules)

    add(test_a_document_cleans_to_what_the_plugin_says, "document", documents)


def _news(plugin: PluginUnderTest) -> st.SearchStrategy[Document]:
    """News from what the pipeline knows; as often as not, on one of the plugin's domains."""
    news = news_documents(plugin.pipeline)
    domains = plugin.data.outlet.domains if plugin.data and plugin.data.outlet else ()
    if not domains:
        return news
    urls = st.sampled_from([f"https://www.{d}/news/1" for d in domains])

    def on_domain(doc: Document, url: str | None) -> Document:
        if url is None or doc.meta.outlet:
            return doc
        return Document(doc.text, Meta(url=url))

    return st.builds(on_domain, news, st.none() | urls)


def _contracts_on_news(plugin: PluginUnderTest) -> Callable[..., None]:
    @settings(deadline=None)
    @given(doc=_news(plugin))
    def test_the_pipeline_keeps_its_contracts_on_news(self: Any, doc: Document) -> None:
        assert_idempotent(plugin.pipeline, doc)
        assert_rerun_agrees(plugin.pipeline, doc)
        assert_accountable(plugin.pipeline, doc)

    return test_the_pipeline_keeps_its_contracts_on_news


def _step_contracts(plugin: PluginUnderTest) -> Callable[..., None]:
    steps = {step.name: step for step in plugin.steps}

    @settings(deadline=None)
    @given(doc=_news(plugin))
    def test_each_step_keeps_its_contracts_on_its_own(
        self: Any, step_name: str, doc: Document
    ) -> None:
        ctx = plugin.pipeline.context
        assert_idempotent(steps[step_name], doc, ctx)
        assert_accountable(steps[step_name], doc, ctx)

    return test_each_step_keeps_its_contracts_on_its_own
