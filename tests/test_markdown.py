"""The markdown step: heading lines lose their marks, every one of them, one edit each."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from textclean import Document, Pipeline, Stage
from textclean.steps.markdown import Markdown, heading_text
from textclean.testing import assert_accountable, assert_idempotent

CTX = Pipeline(only=["markdown"]).context


def run(text: str) -> Document:
    return Markdown()(Document(text), CTX)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("# Headline", "Headline"),
        ("### Headline", "Headline"),
        ("   # Headline", "Headline"),
        ("# Headline #", "Headline"),
        ("## Headline ##  ", "Headline"),
        ("# # Headline", "Headline"),
        ("# ####### Headline", "Headline"),
        ("# #hashtag Headline", "#hashtag Headline"),
        ("# C# for Beginners", "C# for Beginners"),
        ("#Headline", None),
        ("####### Headline", None),
        ("    # Headline", None),
        ("# ", None),
        ("# #", None),
        ("# 2015", None),
    ],
)
def test_heading_text(line, expected):
    assert heading_text(line) == expected


def test_every_heading_line_loses_its_marks_with_one_edit_each():
    doc = run("\n\n# Russia's Putin Vows Help\n\nBody.\n\n## Background\r\nMore #1 text.\n")
    assert doc.text == "\n\nRussia's Putin Vows Help\n\nBody.\n\nBackground\r\nMore #1 text.\n"
    assert [(e.rule, e.before, e.after, e.line) for e in doc.edits] == [
        ("markdown.heading", "# Russia's Putin Vows Help", "Russia's Putin Vows Help", 3),
        ("markdown.heading", "## Background", "Background", 7),
    ]


def test_a_heading_hides_a_widget_until_its_marks_go():
    assert Pipeline()("# Share\n\nBody text.\n").text == "Body text.\n"


def test_escaped_marks_are_a_heading_once_repaired():
    assert Pipeline()("&#35; Headline Here Now\n\nBody text.\n").text == (
        "Headline Here Now\n\nBody text.\n"
    )


def test_text_without_headings_is_returned_itself():
    doc = Document("No heading here, #hashtag and C# only.\n")
    assert Markdown()(doc, CTX) is doc


def test_the_step_runs_after_encoding_in_the_repair_stage():
    names = [step.name for step in Pipeline().steps]
    assert names.index("encoding") < names.index("markdown") < names.index("urls")
    assert Markdown.stage is Stage.REPAIR


PIECES = st.sampled_from(["#", "# ", "## ", "   ", "    ", "\t", "\n", "\r\n", "\r", "Title",
                          "x", "2015", " #", "#\t"])


@given(st.lists(PIECES, max_size=25).map("".join))
def test_the_step_is_idempotent_and_accountable(text):
    assert_idempotent(Markdown(), text, CTX)
    assert_accountable(Markdown(), text, CTX)
