"""Idempotent by construction: the stage order, the settle round and its limits, and every
counterexample that showed a second run changing the output."""

from __future__ import annotations

import pickle
import textwrap
from pathlib import Path

import pytest

import textclean
from textclean import Config, Document, Meta, Pipeline, Stage, StepError, UnsettledError
from textclean.pipeline import MAX_CHANGES
from textclean.runner import run_tree
from textclean.testing import assert_idempotent, assert_rerun_agrees

PIPELINE = Pipeline()


def plugin_file(tmp_path: Path, name: str, body: str) -> str:
    path = tmp_path / f"{name}.py"
    header = ("from dataclasses import dataclass\n"
              "from textclean import Edit, Stage, Step, hookimpl\n")
    path.write_text(header + textwrap.dedent(body), encoding="utf-8")
    return str(path)


# -- the order --------------------------------------------------------------------------------

def test_the_stages_run_in_the_designed_order():
    assert list(Stage) == [Stage.REPAIR, Stage.EXTRACT, Stage.REMOVE, Stage.COLLAPSE,
                           Stage.CANONICALIZE, Stage.DESCRIBE, Stage.TIDY]
    builtin = {info.name for info in PIPELINE.plugins if info.origin == "builtin"}
    assert [s.name for s in PIPELINE.steps if PIPELINE.plugin_of(s.name) in builtin] == [
        "encoding", "markdown", "urls", "outlet", "boilerplate", "pagetext", "headlines",
        "aliases", "title", "date", "whitespace",
    ]


# -- counterexamples: each once made a second run change the output ---------------------------

@pytest.mark.parametrize(
    ("text", "cleaned"),
    [
        # collapse before canonicalize: the doubled name hid the alias from whole-word matching
        ("Sergey LavrovSergey Lavrov", "Sergei Lavrov\n"),
        ("Qassim SoleimaniQassim Soleimani", "Qassem Soleimani\n"),
        # a canonical spelling makes a paragraph long enough to be a copy: the round removes it
        ("ISIS Claims Attack on Kabul Airport\n\nBody text.\nISIS Claims Attack on Kabul Airport",
         "Islamic State Claims Attack on Kabul Airport\n\nBody text.\n"),
        # ... or a unit long enough to be a doubled line
        ("ISKP · ISKP\n\nBody text.", "Islamic State Khorasan\n\nBody text.\n"),
        # a collapse makes a widget: the round has the boilerplate step remove it
        ("NewsletterNewsletter\n\nBody text.", "Body text.\n"),
        ("Share this articleShare this article\n\nBody text.", "Body text.\n"),
        # a collapse makes a source footer
        ("Source URL: https://x.org/a – Source URL: https://x.org/a\n\nBody text.",
         "Body text.\n"),
        # a heading hid a widget and a footer label
        ("# Share\n\nBody text.", "Body text.\n"),
        ("# URL:\nhttps://www.rt.com/news/1\n\nBody text.", "Body text.\n"),
        # an escaped line break inside a footer label
        ("Original &#10; url:\n\nhttps://x.org/a\n\nBody text.", "Original\n\nBody text.\n"),
    ],
)
def test_one_clean_is_a_fixed_point(text, cleaned):
    once = textclean.clean(text)
    assert once == cleaned
    assert textclean.clean(once) == once


def test_a_doubled_dateline_gives_the_date_on_the_first_run():
    text = "Putin Backs Syrian Rebels\n\nMay 21, 2015May 21, 2015\n\nBody text.\n"
    doc = PIPELINE(text, url="https://www.bbc.co.uk/news/1")
    assert doc.meta.date == "2015-05-21"
    assert_idempotent(PIPELINE, Document(text, Meta(url="https://www.bbc.co.uk/news/1")))


def test_an_outlet_widget_above_the_headline_does_not_hide_the_title():
    text = "Get short URL\nRussia, Iraq to Expand Military Cooperation\n\nBody text goes here.\n"
    doc = Document(text, Meta(url="https://www.rt.com/news/1"))
    once = assert_idempotent(PIPELINE, doc)
    assert once.meta.title == "Russia, Iraq to Expand Military Cooperation"
    assert (once.meta.outlet, once.meta.outlet_from) == ("rt", "plugin:rt")
    assert_rerun_agrees(PIPELINE, doc)


def test_an_outlet_known_after_urls_ran_lets_urls_pass_over_its_widget_in_the_round():
    # The outlet comes from the source path, settled after ``urls`` first ran: the round runs
    # ``urls`` again, and it now passes over the outlet's widget between label and URL.
    pipeline = Pipeline(Config(outlets=(("rt", ("rt/**",)),)))
    text = "Body text.\n\nOriginal url:\nGet short URL\nhttps://www.rt.com/news/1\n"
    doc = Document(text, Meta(source="rt/a.txt"))
    once = assert_idempotent(pipeline, doc)
    assert once.text == "Body text.\n"
    assert (once.meta.url, once.meta.outlet) == ("https://www.rt.com/news/1", "rt")
    assert Pipeline(Config(outlets=(("rt", ("rt/**",)),)), settle=False)(doc).meta.url is None
    # Without any outlet the widget is an ordinary line, and so is the URL after it.
    plain = assert_idempotent(PIPELINE, Document(text))
    assert (plain.meta.url, plain.meta.urls) == (None, ("https://www.rt.com/news/1",))


# -- the round --------------------------------------------------------------------------------

PING_PONG = """
@dataclass(frozen=True)
class Ping(Step):
    name = "ping"
    stage = Stage.REMOVE
    def __call__(self, doc, ctx):
        if not doc.text.endswith("pong"):
            return doc
        return doc.revise(doc.text[:-4] + "ping", Edit("toy.ping", before="pong", after="ping"))

@dataclass(frozen=True)
class Pong(Step):
    name = "pong"
    stage = Stage.CANONICALIZE
    def __call__(self, doc, ctx):
        if not doc.text.endswith("ping"):
            return doc
        return doc.revise(doc.text[:-4] + "pong", Edit("toy.pong", before="ping", after="pong"))

@hookimpl
def textclean_steps():
    return [Ping, Pong]
"""


def test_a_document_that_never_settles_is_an_error_naming_the_steps(tmp_path):
    pipeline = Pipeline(plugins=[plugin_file(tmp_path, "pingpong", PING_PONG)])
    assert pipeline("settled").text == "settled\n"
    with pytest.raises(UnsettledError) as info:
        pipeline("ping")
    error = info.value
    assert isinstance(error, StepError) and isinstance(error, textclean.TextcleanError)
    assert error.steps == ("ping", "pong") and error.plugin == "pingpong"
    assert f"kept changing it (more than {MAX_CHANGES} times)" in str(error)
    assert "\n" not in str(error)
    copy = pickle.loads(pickle.dumps(error))
    assert (type(copy), str(copy)) == (UnsettledError, str(error))
    assert Pipeline(plugins=[str(tmp_path / "pingpong.py")], settle=False)("ping").text == (
        "pong\n"
    )


def test_an_unsettled_document_fails_alone_in_a_run(tmp_path):
    plugin = plugin_file(tmp_path, "pingpong", PING_PONG)
    tree = tmp_path / "in"
    tree.mkdir()
    (tree / "bad.txt").write_text("ping")
    (tree / "good.txt").write_text("good")
    summary = run_tree(Pipeline(plugins=[plugin]), tree, tmp_path / "out")
    assert (summary.ok, summary.failed) == (1, 1)
    assert (tmp_path / "out" / "good.txt").read_text() == "good\n"
    assert not (tmp_path / "out" / "bad.txt").exists()


COUNTING = """
CALLS = []

@dataclass(frozen=True)
class Early(Step):
    name = "early"
    stage = Stage.EXTRACT
    order = 50
    reads = "{reads}"
    def __call__(self, doc, ctx):
        CALLS.append("early")
        return doc

@dataclass(frozen=True)
class Late(Step):
    name = "late"
    stage = Stage.CANONICALIZE
    order = 50
    def __call__(self, doc, ctx):
        CALLS.append("late")
        if "drop\\n" in doc.text:
            return doc.revise(doc.text.replace("drop\\n", "", 1), Edit("toy.drop", before="drop"))
        if "change" in doc.text:
            return doc.revise(doc.text.replace("change", "changed"),
                              Edit("toy.change", before="change", after="changed"))
        return doc

@hookimpl
def textclean_steps():
    return [Early, Late]
"""


@pytest.mark.parametrize(
    ("reads", "text", "early_runs"),
    [
        ("document", "nothing to do\n", 1),
        ("document", "drop\nkeep\n", 2),
        ("document", "change me\n", 2),
        ("lines", "drop\nkeep\n", 1),  # removing a whole line gives a line-by-line step no work
        ("lines", "change me\n", 2),
        ("meta", "change me\n", 1),
    ],
)
def test_a_step_runs_again_only_when_what_it_reads_changed(tmp_path, reads, text, early_runs):
    import importlib

    path = plugin_file(tmp_path, f"counting_{reads}", COUNTING.replace("{reads}", reads))
    pipeline = Pipeline(plugins=[path], only=["early", "late"])
    module = importlib.import_module(f"textclean_local_counting_{reads}")
    module.CALLS.clear()
    pipeline(text)
    assert module.CALLS.count("early") == early_runs


def test_a_step_that_reads_something_unknown_is_refused(tmp_path):
    body = COUNTING.replace("{reads}", "words")
    with pytest.raises(textclean.PluginError, match="reads 'words'"):
        Pipeline(plugins=[plugin_file(tmp_path, "counting_words", body)])


def test_without_the_round_every_step_runs_once():
    single = Pipeline(settle=False)
    text = "ISIS Claims Attack on Kabul Airport\n\nBody text.\nISIS Claims Attack on Kabul Airport"
    assert single(text).text.count("Islamic State Claims") == 2
    assert PIPELINE(text).text.count("Islamic State Claims") == 1
    assert single.fingerprint != PIPELINE.fingerprint


def test_edits_of_the_round_are_recorded_like_any_other():
    doc = PIPELINE("Share this articleShare this article\n\nBody text.")
    assert [(e.step, e.rule, e.before) for e in doc.edits] == [
        ("headlines", "headlines.doubled-line", "Share this articleShare this article"),
        ("boilerplate", "generic.share-widget", "Share this article"),
        ("whitespace", "whitespace.leading-blank-lines", "\n"),
        ("whitespace", "whitespace.final-newline", ""),
    ]


# -- the outlet step --------------------------------------------------------------------------

def test_the_outlet_is_a_listed_step_that_can_be_skipped():
    assert "outlet" in [s.name for s in PIPELINE.steps]
    described = {p["name"]: p for p in PIPELINE.describe()}
    assert described["outlet"]["steps"] == [{"name": "outlet", "stage": "extract", "order": 20}]
    url = "https://www.rt.com/news/1"
    assert PIPELINE("Get short URL\n\nBody.", url=url).text == "Body.\n"
    skipped = Pipeline(skip="outlet")("Get short URL\n\nBody.", url=url)
    assert (skipped.text, skipped.meta.outlet) == ("Get short URL\n\nBody.\n", None)
    assert Pipeline(skip="outlet")("x", outlet="rt").meta.outlet == "rt"


def test_a_failing_outlet_detector_names_its_plugin(tmp_path):
    path = tmp_path / "broken_detector.py"
    path.write_text("from textclean import hookimpl\n\n@hookimpl\ndef textclean_outlet(doc):\n"
                    "    raise ValueError('no')\n", encoding="utf-8")
    with pytest.raises(StepError, match="plugin 'broken_detector': textclean_outlet raised "
                                        "ValueError: no") as info:
        Pipeline(plugins=[str(path)])("x", url="https://a.org/b")
    assert info.value.step == "outlet"


def test_a_describe_step_that_changes_the_text_is_an_error(tmp_path):
    body = """
@dataclass(frozen=True)
class Shout(Step):
    name = "shout"
    stage = Stage.DESCRIBE
    def __call__(self, doc, ctx):
        new = doc.text.upper()
        return doc if new == doc.text else doc.revise(new, Edit("toy.shout", before=doc.text))

@hookimpl
def textclean_steps():
    return [Shout]
"""
    pipeline = Pipeline(plugins=[plugin_file(tmp_path, "shout", body)])
    assert pipeline("QUIET").text == "QUIET\n"
    with pytest.raises(StepError, match="step 'shout' .* describe stage, which is metadata only"):
        pipeline("loud")


@pytest.mark.parametrize(
    "text",
    [
        "The company's IS department upgraded its servers.",
        "Economists still teach the IS-LM model.",
        '"IS" is a verb',
        "Islamic State [formerly ISIS, or ISIL]",
        "The group, also known as Da'esh, lost Mosul.",
    ],
)
def test_the_issue_counterexamples_keep_their_meaning_through_clean(text):
    assert textclean.clean(text) == text + "\n"
    assert not [e for e in textclean.process(text).edits if e.step == "aliases"]
    explained = textclean.process(text, explain=True)
    assert [e.before for e in explained.edits if e.kept]
