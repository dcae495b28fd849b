"""pluggy as pluggy: hooks are called through the hook caller, with pluggy's order (tryfirst,
last registered first, trylast), its hook wrappers and firstresult from the spec; what each
plugin contributed is known from pluggy's own get_hookimpls()."""

from __future__ import annotations

import multiprocessing
import pickle
import textwrap
from pathlib import Path

import pytest

from textclean import Document, Pipeline, PluginError, hookspecs
from textclean.plugins import collect, plugin_manager


def plugin_file(tmp_path: Path, name: str, body: str) -> str:
    path = tmp_path / f"{name}.py"
    path.write_text("from textclean import Rule, hookimpl\n" + textwrap.dedent(body),
                    encoding="utf-8")
    return str(path)


def footer_rule(tmp_path: Path, name: str, marker: str = "@hookimpl") -> str:
    return plugin_file(tmp_path, name, f"""
        {marker}
        def textclean_rules():
            return [Rule("{name}.footer", r"Shared footer")]
        """)


def test_the_collecting_hooks_are_called_once_each_through_the_hook_caller():
    loaded = plugin_manager(entry_points=False)
    calls = []
    loaded.manager.add_hookcall_monitoring(
        lambda hook, impls, kwargs: calls.append((hook, [i.plugin_name for i in impls])),
        lambda outcome, hook, impls, kwargs: None,
    )
    found = collect(loaded.manager)
    assert [hook for hook, _ in calls] == ["textclean_steps", "textclean_rules",
                                           "textclean_aliases"]
    # What each contributed is read from the implementations pluggy called.
    rules_impls = dict(calls)["textclean_rules"]
    assert {plugin for _, plugin in found.rules} <= set(rules_impls)
    assert {plugin for _, plugin in found.rules} == {"boilerplate"}


def test_firstresult_comes_from_the_spec():
    pm = plugin_manager(entry_points=False).manager
    assert pm.hook.textclean_outlet.spec.opts["firstresult"] is True
    assert not pm.hook.textclean_rules.spec.opts["firstresult"]
    assert hookspecs.textclean_outlet.textclean_spec["firstresult"] is True


def test_later_registered_plugins_are_asked_first_unless_one_is_tryfirst(tmp_path):
    first = footer_rule(tmp_path, "first")
    second = footer_rule(tmp_path, "second")
    text = "Body.\nShared footer\n"
    # pluggy asks the last registered first: its rule is met first in the rule book.
    assert [e.rule for e in Pipeline(plugins=[first, second], only=["boilerplate"])(text).edits] \
        == ["second.footer"]
    eager = footer_rule(tmp_path, "eager", "@hookimpl(tryfirst=True)")
    assert [e.rule for e in Pipeline(plugins=[eager, second], only=["boilerplate"])(text).edits] \
        == ["eager.footer"]


def test_tryfirst_and_trylast_order_the_outlet_hook(tmp_path):
    body = """
        @hookimpl{options}
        def textclean_outlet(doc):
            return "{answer}"
        """
    eager = plugin_file(tmp_path, "eager", body.format(options="(tryfirst=True)", answer="eager"))
    plain = plugin_file(tmp_path, "plain", body.format(options="", answer="plain"))
    guess = plugin_file(tmp_path, "guess", body.format(options="(trylast=True)", answer="guess"))
    doc = Pipeline(plugins=[eager, plain, guess])("x", url="https://www.bbc.co.uk/news/1")
    assert (doc.meta.outlet, doc.meta.outlet_from) == ("eager", "plugin:eager")
    doc = Pipeline(plugins=[guess, plain])("x", url="https://www.bbc.co.uk/news/1")
    assert (doc.meta.outlet, doc.meta.outlet_from) == ("plain", "plugin:plain")
    # trylast implementations are asked last, the first registered first among them: the
    # built-in domain lookup before a plugin's trylast guess, which answers only without a URL.
    doc = Pipeline(plugins=[guess])("x", url="https://www.bbc.co.uk/news/1")
    assert (doc.meta.outlet, doc.meta.outlet_from) == ("bbc.co.uk", "url")
    doc = Pipeline(plugins=[guess])("x")
    assert (doc.meta.outlet, doc.meta.outlet_from) == ("guess", "plugin:guess")


def test_a_hook_wrapper_sees_and_changes_what_the_plugins_return(tmp_path):
    wrapper = plugin_file(tmp_path, "no_share_rules", """
        @hookimpl(wrapper=True)
        def textclean_rules():
            results = yield
            return [[r for r in rules if not r.id.startswith("generic.share")]
                    for rules in results]
        """)
    plain = Pipeline(only=["boilerplate"])
    wrapped = Pipeline(plugins=[wrapper], only=["boilerplate"])
    assert any(r.id.startswith("generic.share") for r in plain.context.rules.rules)
    assert not any(r.id.startswith("generic.share") for r in wrapped.context.rules.rules)
    assert wrapped("Text.\nShare this article\n").text == "Text.\nShare this article\n"
    # What is left is still known by the plugin that gave it.
    assert wrapped.context.rules.plugin_of["generic.read-more"] == "boilerplate"


def test_a_hook_wrapper_of_the_outlet_hook_runs_per_document(tmp_path):
    wrapper = plugin_file(tmp_path, "outlet_groups", """
        @hookimpl(wrapper=True)
        def textclean_outlet(doc):
            answer = yield
            return "rt-group" if answer == "rt" else answer
        """)
    pipeline = Pipeline(plugins=[wrapper])
    doc = pipeline("x", url="https://www.rt.com/news/1")
    assert (doc.meta.outlet, doc.meta.outlet_from) == ("rt-group", "plugin")
    doc = pipeline("x", url="https://www.bbc.co.uk/news/1")
    assert (doc.meta.outlet, doc.meta.outlet_from) == ("bbc.co.uk", "url")
    copy = pickle.loads(pickle.dumps(pipeline))
    assert copy("x", url="https://www.rt.com/news/1").meta.outlet == "rt-group"


def test_a_wrapper_that_drops_a_result_is_an_error_naming_it(tmp_path):
    wrapper = plugin_file(tmp_path, "greedy", """
        @hookimpl(wrapper=True)
        def textclean_rules():
            results = yield
            return results[:1]
        """)
    extra = footer_rule(tmp_path, "extra")
    with pytest.raises(PluginError, match="textclean_rules: a hook wrapper .plugin 'greedy'. gave "
                                          "1 results for [0-9]+ implementations"):
        Pipeline(plugins=[extra, wrapper])


def test_an_implementation_returning_none_contributes_nothing(tmp_path):
    nothing = plugin_file(tmp_path, "nothing", """
        @hookimpl
        def textclean_rules():
            return None
        """)
    extra = footer_rule(tmp_path, "extra")
    pipeline = Pipeline(plugins=[extra, nothing])
    assert pipeline.context.rules.plugin_of["extra.footer"] == "extra"
    assert not [row for row in pipeline.describe() if row["name"] == "nothing" and row["rules"]]


def test_an_implementation_that_raises_is_named(tmp_path):
    broken = plugin_file(tmp_path, "broken_rules", """
        @hookimpl
        def textclean_rules():
            raise KeyError("x")
        """)
    with pytest.raises(PluginError, match="plugin 'broken_rules': textclean_rules raised "
                                          "KeyError: 'x'"):
        Pipeline(plugins=[broken])


def _outlet_of(pipeline: Pipeline, url: str) -> tuple[str | None, str | None]:
    doc = pipeline(Document("x"), url=url)
    return doc.meta.outlet, doc.meta.outlet_from


def test_a_pipeline_in_a_fresh_process_calls_the_outlet_hook_through_its_own_manager(tmp_path):
    detector = plugin_file(tmp_path, "detector", """
        @hookimpl(tryfirst=True)
        def textclean_outlet(doc):
            return "found" if doc.meta.url and "example.org" in doc.meta.url else None
        """)
    pipeline = Pipeline(plugins=[detector])
    urls = ["https://example.org/a", "https://www.rt.com/news/1", "https://www.bbc.co.uk/x"]
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        answers = pool.starmap(_outlet_of, [(pipeline, url) for url in urls])
    assert answers == [("found", "plugin:detector"), ("rt", "plugin:rt"), ("bbc.co.uk", "url")]
    assert answers == [_outlet_of(pipeline, url) for url in urls]
