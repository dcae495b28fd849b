"""textclean-militarytimes keeps its promises: its rules match their examples and spare their
counterexamples, apply to Military Times's documents only, and a pipeline with the plugin stays
idempotent and accountable."""

from __future__ import annotations

import pytest
import textclean_militarytimes as plugin
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
URL = "https://www.marinecorpstimes.com/news/your-marine-corps/2017/12/28/russia-iraq/"

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
    ("https://www.militarytimes.com/news/1", "militarytimes"),
    ("https://www.marinecorpstimes.com/news/1", "militarytimes"),
    ("https://www.armytimes.com/news/1", "militarytimes"),
    ("https://www.navytimes.com/news/1", "militarytimes"),
    ("https://www.airforcetimes.com/news/1", "militarytimes"),
    ("https://www.defensenews.com/news/1", "militarytimes"),
    ("https://www.c4isrnet.com/news/1", "militarytimes"),
    ("https://www.federaltimes.com/news/1", "militarytimes"),
    ("https://www.military.com/daily-news/1", "military.com"),
    ("https://www.defenseone.com/threats/1", "defenseone.com"),
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
@pytest.mark.parametrize("outlet", [None, "bbc.co.uk", "rt"])
def test_documents_of_other_outlets_keep_the_lines(rule_id, line, outlet):
    doc = REMOVE(f"Before.\n{line}\nAfter.\n", outlet=outlet)
    assert not OWN & set(removed_by(doc))


@pytest.mark.parametrize(("rule_id", "line"), COUNTEREXAMPLES)
def test_counterexamples_stay_in_documents_of_the_outlet(rule_id, line):
    doc = REMOVE(f"Before.\n{line}\nAfter.\n", url=URL)
    assert not OWN & set(removed_by(doc))


def test_an_article_loses_its_boilerplate_lines_and_keeps_its_sentences():
    article = """Russia says it is ready to talk with the U.S. about western Iraq.
Marines fire a mortar during an exercise in Iraq. (Cpl. Jane Doe/Marine Corps)
“We are ready to hold dialogue,” Gerasimov said.
Shawn Snow is the senior reporter for Marine Corps Times and a Marine Corps veteran.
Get the Marine Corps Times Daily News Roundup
Don’t miss the top Marine Corps stories, delivered each afternoon
"""
    doc = REMOVE(article, url=URL)
    assert doc.text == """Russia says it is ready to talk with the U.S. about western Iraq.
“We are ready to hold dialogue,” Gerasimov said.
"""
    assert removed_by(doc) == [
        "militarytimes.photo-credit",
        "militarytimes.author-bio",
        "militarytimes.newsletter",
        "militarytimes.newsletter",
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
