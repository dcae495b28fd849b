"""textclean-rt keeps its promises: its rules match their examples and spare their
counterexamples, apply to RT's documents only, and a pipeline with the plugin stays
idempotent and accountable."""

from __future__ import annotations

import pytest
import textclean_rt as plugin
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
URL = "https://www.rt.com/news/260797-russia-iraq-weapons-isis/"

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


@pytest.mark.parametrize(("url", "outlet"), [
    ("https://www.rt.com/news/1", "rt"),
    ("https://russian.rt.com/world/1", "rt"),
    ("rt.com/news/2", "rt"),
    ("https://www.rte.ie/news/1", "rte.ie"),
    ("https://www.art.com/gallery/1", "art.com"),
])
def test_outlet_is_named_from_the_url(url, outlet):
    assert REMOVE("Text.\n", url=url).meta.outlet == outlet


@pytest.mark.parametrize(("rule_id", "line"), EXAMPLES)
def test_example_lines_leave_documents_of_the_outlet(rule_id, line):
    doc = REMOVE(f"Before.\n{line}\nAfter.\n", url=URL)
    assert doc.text == "Before.\nAfter.\n"
    [rule] = removed_by(doc)
    # A line the core's generic rules also catch is removed by them: they come first.
    assert rule == rule_id or rule.startswith("generic."), rule


@pytest.mark.parametrize(("rule_id", "line"), EXAMPLES)
@pytest.mark.parametrize("outlet", [None, "bbc.co.uk", "moscowtimes"])
def test_documents_of_other_outlets_keep_the_lines(rule_id, line, outlet):
    doc = REMOVE(f"Before.\n{line}\nAfter.\n", outlet=outlet)
    assert not OWN & set(removed_by(doc))


@pytest.mark.parametrize(("rule_id", "line"), COUNTEREXAMPLES)
def test_counterexamples_stay_in_documents_of_the_outlet(rule_id, line):
    doc = REMOVE(f"Before.\n{line}\nAfter.\n", url=URL)
    assert not OWN & set(removed_by(doc))


def test_an_article_loses_its_boilerplate_lines_and_keeps_its_sentences():
    article = """Russia ready to arm Iraq against Islamic State
Published time: 21 May, 2015 15:11 Edited time: 21 May, 2015 16:04
Get short URL
Trends: Islamic State
Russia is ready to supply weapons to Iraq without preconditions, Sergei Lavrov said.
Russia ready to arm Iraq http://on.rt.com/abc — RT (@RT_com) May 21, 2015
Like this story? Share it with a friend!
"""
    doc = REMOVE(article, url=URL)
    assert doc.text == """Russia ready to arm Iraq against Islamic State
Russia is ready to supply weapons to Iraq without preconditions, Sergei Lavrov said.
"""
    assert removed_by(doc) == [
        "rt.published-time",
        "rt.short-url",
        "rt.trends",
        "rt.tweet-signature",
        "rt.share-prompt",
    ]


LINES = [line for rule in RULES for line in (*rule.examples, *rule.counterexamples)]


@settings(deadline=None)
@given(
    pieces=st.lists(st.one_of(texts(max_pieces=4), st.sampled_from(LINES)), max_size=6),
    outlet=st.sampled_from([plugin.OUTLET, None, "bbc.co.uk"]),
)
def test_a_pipeline_with_the_plugin_stays_idempotent_and_accountable(pieces, outlet):
    meta = Meta(outlet=outlet, outlet_from="explicit" if outlet else None)
    doc = Document("\n".join(pieces), meta)
    assert_idempotent(PIPELINE, doc)
    assert_accountable(PIPELINE, doc)


@settings(deadline=None)
@given(doc=news_documents(PIPELINE))
def test_the_plugin_keeps_the_contracts_on_news(doc):
    assert_idempotent(PIPELINE, doc)
    assert_rerun_agrees(PIPELINE, doc)
    assert_accountable(PIPELINE, doc)
