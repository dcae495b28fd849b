"""textclean.testing catches the faults it exists to catch."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from hypothesis import given

from textclean import Document, Edit, Rule, Stage, Step
from textclean.testing import (
    assert_accountable,
    assert_idempotent,
    check_rules,
    documents,
    mojibake,
    pipeline_with,
    texts,
)


@dataclass(frozen=True)
class AppendStar(Step):
    """Not idempotent: adds a star every time."""

    name = "appendstar"
    stage = Stage.COLLAPSE

    def __call__(self, doc, ctx):
        return doc.revise(doc.text + "*", Edit("toy.star", before="", after="*"))


@dataclass(frozen=True)
class DropSecretly(Step):
    """Unaccountable: drops a word but records an unrelated edit."""

    name = "dropsecretly"
    stage = Stage.REMOVE

    def __call__(self, doc, ctx):
        if "secret" not in doc.text:
            return doc
        return doc.revise(doc.text.replace("secret", ""), Edit("toy.other", before="x"))


@dataclass(frozen=True)
class DropWithEdit(Step):
    """Accountable: what it drops is in the edit."""

    name = "dropwithedit"
    stage = Stage.REMOVE

    def __call__(self, doc, ctx):
        if "secret" not in doc.text:
            return doc
        return doc.revise(doc.text.replace("secret", ""), Edit("toy.drop", before="secret"))


def test_a_non_idempotent_step_is_caught():
    with pytest.raises(AssertionError, match="appendstar is not idempotent"):
        assert_idempotent(AppendStar(), "text")


def test_a_step_dropping_text_without_an_edit_is_caught():
    with pytest.raises(AssertionError, match="dropsecretly removed 'secret'"):
        assert_accountable(DropSecretly(), "a secret word")


def test_an_accountable_step_passes():
    assert assert_accountable(DropWithEdit(), "a secret word").text == "a  word"


def test_check_rules_reports_examples_counterexamples_and_duplicates():
    good = Rule("toy.share", r"(?i)share", examples=("Share",), counterexamples=("Share it.",))
    wrong = Rule("toy.wrong", r"x+", examples=("y",), counterexamples=("xx",))
    check_rules([good])
    with pytest.raises(AssertionError) as info:
        check_rules([good, wrong, good])
    message = str(info.value)
    assert "toy.wrong: example not matched: 'y'" in message
    assert "toy.wrong: counterexample matched: 'xx'" in message
    assert "toy.share: duplicate rule id" in message


def test_check_rules_catches_catastrophic_backtracking():
    with pytest.raises(AssertionError, match="toy.slow: pattern took over"):
        check_rules([Rule("toy.slow", r"(a+)+b")], timeout=0.05)


def test_mojibake_garbles_like_a_wrong_codec():
    assert mojibake("don’t") == "donâ€™t"
    assert mojibake("café", codec="latin-1") == "cafÃ©"


@given(texts())
def test_texts_are_strings(text):
    assert isinstance(text, str)


@given(documents())
def test_documents_are_documents(doc):
    assert isinstance(doc, Document)


def test_pipeline_with_loads_plugins_by_module():
    import textclean.steps.whitespace as module

    assert [s.name for s in pipeline_with(module, only=["whitespace"]).steps] == ["whitespace"]
