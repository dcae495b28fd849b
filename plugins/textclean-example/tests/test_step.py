"""The plugin's own step: the credit leaves the dateline, and nothing else does."""

import pytest

from textclean.testing import pipeline_with

STEP = pipeline_with("textclean_example", only=["example"])


def test_the_credit_leaves_the_dateline_and_the_story_stays():
    doc = STEP("LONDON (Example News) — The council voted 7 to 2 on Tuesday.\n")
    assert doc.text == "LONDON — The council voted 7 to 2 on Tuesday.\n"
    assert [(e.rule, e.before, e.line) for e in doc.edits] == [
        ("example.dateline-credit", "(Example News) ", 1)]


@pytest.mark.parametrize("text", [
    "The mayor (Example News) — a title she hates — spoke first.\n",
    "LONDON (Reuters) — The council voted 7 to 2 on Tuesday.\n",
    "He told Example News (Example News) nothing.\n",
])
def test_other_lines_stay(text):
    assert STEP(text).text == text
