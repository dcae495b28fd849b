"""The whitespace step: LF ends, no trailing blanks, one blank line at most, one final newline."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from textclean import Document, Pipeline
from textclean.steps.whitespace import Whitespace

PIPELINE = Pipeline(only=["whitespace"])


def tidy(text: str) -> Document:
    return Whitespace()(Document(text), PIPELINE.context)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", ""),
        ("\n\n  \n", ""),
        ("a", "a\n"),
        ("a\n", "a\n"),
        ("a\n\n\n", "a\n"),
        ("a\r\nb\r\n", "a\nb\n"),
        ("a\rb\r", "a\nb\n"),
        ("a  \nb\t\n", "a\nb\n"),
        ("\n\n\na\n", "a\n"),
        ("a\n\n\n\nb\n", "a\n\nb\n"),
        ("a\n \n\t\nb", "a\n\nb\n"),
        ("  indented\n", "  indented\n"),
        ("a\u00a0\n", "a\n"),
    ],
)
def test_whitespace_layout(text, expected):
    assert tidy(text).text == expected


def test_clean_text_is_returned_untouched():
    doc = Document("a\n\nb\n")
    assert Whitespace()(doc, PIPELINE.context) is doc


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("a\r\n", "whitespace.line-endings"),
        ("a  \n", "whitespace.trailing"),
        ("\na\n", "whitespace.leading-blank-lines"),
        ("a\n\n\nb\n", "whitespace.blank-lines"),
        ("a\n\n", "whitespace.trailing-blank-lines"),
        ("a", "whitespace.final-newline"),
        ("   ", "whitespace.blank-text"),
    ],
)
def test_every_change_is_an_edit_naming_its_rule(text, rule):
    assert rule in {edit.rule for edit in tidy(text).edits}


LAYOUT = st.text(alphabet=st.sampled_from(["a", "b", " ", "\t", "\n", "\u00a0", "é"]))


@given(LAYOUT)
def test_whitespace_is_idempotent(text):
    once = tidy(text).text
    assert tidy(once).text == once


@given(LAYOUT, st.sampled_from(["\r\n", "\r"]))
def test_whitespace_is_line_ending_blind(text, ending):
    assert tidy(text.replace("\n", ending)).text == tidy(text).text


@given(st.text())
def test_whitespace_output_has_one_final_newline_and_no_blank_runs(text):
    out = tidy(text).text
    assert out == "" or (out.endswith("\n") and not out.endswith("\n\n"))
    assert "\n\n\n" not in out and "\r" not in out and not out.startswith("\n")
