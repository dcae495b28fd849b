"""textclean.testing catches the faults it exists to catch."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from hypothesis import HealthCheck, find, given, settings

from textclean import Document, Edit, Rule, Stage, Step
from textclean.testing import (
    assert_accountable,
    assert_idempotent,
    assert_rerun_agrees,
    check_rules,
    documents,
    mojibake,
    news_documents,
    news_texts,
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


def test_a_rerun_over_the_text_alone_that_disagrees_is_caught(tmp_path):
    # Metadata read from trailing white space, which the whitespace step removes afterwards.
    path = tmp_path / "spacetitle.py"
    path.write_text(
        "from dataclasses import dataclass\n"
        "from textclean import Stage, Step, hookimpl\n\n"
        "@dataclass(frozen=True)\n"
        "class TitleFromTrailingSpace(Step):\n"
        "    name = 'titlefromspace'\n"
        "    stage = Stage.DESCRIBE\n"
        "    def __call__(self, doc, ctx):\n"
        "        if doc.meta.title is None and ' \\n' in doc.text:\n"
        "            return doc.revise(title='from a trailing space')\n"
        "        return doc\n\n"
        "@hookimpl\ndef textclean_steps():\n    return [TitleFromTrailingSpace]\n",
        encoding="utf-8",
    )
    pipeline = pipeline_with(str(path))
    assert_rerun_agrees(pipeline, "Body text.\n")
    assert_idempotent(pipeline, "Body text.  \nMore.\n")  # the document keeps its title
    with pytest.raises(AssertionError, match="title 'from a trailing space' became None"):
        assert_rerun_agrees(pipeline, "Body text.  \nMore.\n")


def test_news_documents_draw_on_the_pipelines_own_rules_and_aliases(tmp_path):
    path = tmp_path / "newsplugin.py"
    path.write_text(
        "from textclean import AliasGroup, Rule, hookimpl\n\n"
        "@hookimpl\ndef textclean_rules():\n"
        "    return [Rule('news.zyzzy', r'Zyzzy widget', outlets=('zyzzy',),\n"
        "                 examples=('Zyzzy widget',), counterexamples=('Zyzzy said.',))]\n\n"
        "@hookimpl\ndef textclean_aliases():\n"
        "    return [AliasGroup('Quuxland', ('Qxland',))]\n",
        encoding="utf-8",
    )
    pipeline = pipeline_with(str(path))
    budget = settings(max_examples=5000, database=None, suppress_health_check=list(HealthCheck))
    for wanted in ("Zyzzy widget", "Zyzzy said.", "Qxland"):
        found = find(news_documents(pipeline), lambda doc, w=wanted: w in doc.text,
                     settings=budget)
        assert isinstance(found, Document)
    own = find(news_documents(pipeline),
               lambda doc: doc.meta.outlet == "zyzzy" and "Zyzzy widget" in doc.text,
               settings=budget)
    assert own.meta.outlet_from == "explicit"


@given(news_texts())
def test_news_texts_are_strings(text):
    assert isinstance(text, str) and text
