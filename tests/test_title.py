"""The title step: a headline-like first line of the final text becomes meta.title; the text
never changes."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from linearity import assert_linear_work

from textclean import Document, Meta, Pipeline, Stage, load_config
from textclean.config import config_from_data
from textclean.errors import ConfigError
from textclean.steps.title import Title, headline
from textclean.testing import assert_accountable, assert_idempotent, documents

PLUGIN = "textclean.steps.title"
PIPELINE = Pipeline(only=["title"], plugins=[PLUGIN])
CTX = PIPELINE.context
ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "corpora" / "seeds"
FULL = Pipeline(load_config(SEEDS / "textclean.toml"))
BODY = "\n\nMoscow and Baghdad have been expanding military cooperation, Putin said.\n"


def run(text: str, **meta) -> Document:
    return Title()(Document(text, Meta(**meta)), CTX)


# -- the seeds, through the whole pipeline ------------------------------------------------------

@pytest.mark.parametrize(
    ("name", "title"),
    [
        ("000_ca9c1118ffa9e26f.txt", None),
        ("001_5fb19082c0f39545.txt", "Russia, Iraq to Expand Military Cooperation"),
        ("002_579868386fe43ed7.txt",
         "Russia's Putin, Lavrov Vow to Assist in Iraq's Fight Against Islamic State"),
        ("003_b94d6a4dc8d9293a.txt", None),
        ("004_25c2772c34d9ed79.txt",
         "Putin Backs Syrian Rebels in Fight Against Islamic State Group"),
    ],
)
def test_seed_titles_come_from_the_final_text(name, title):
    doc = FULL((SEEDS / name).read_text(encoding="utf-8"), source=name)
    assert doc.meta.title == title
    assert not [edit for edit in doc.edits if edit.step == "title"]


# -- plain first lines --------------------------------------------------------------------------

@pytest.mark.parametrize(
    "line",
    [
        "Russia, Iraq to Expand Military Cooperation",
        "Putin Backs Syrian Rebels in Fight Against Islamic State Group",
        "Lavrov Underlines Anti-IS Efforts",
        "Putin meets Abadi in Moscow (VIDEO)",
        "‘We Will Help Iraq,’ Says Lavrov",
        "iPhone Sales Slow in Russia",
        "Россия и Ирак расширят военное сотрудничество",
        "中国外交部发言人表示关切",
        "**Russia, Iraq to Expand Military Cooperation**",
    ],
)
def test_a_short_first_line_before_a_blank_line_is_the_title(line):
    doc = run(line + BODY)
    assert doc.meta.title == line
    assert doc.text == line + BODY and doc.edits == ()


@pytest.mark.parametrize(
    "line",
    [
        "Share",
        "Middle East",
        "Russia is ready to supply weapons to Iraq.",
        "“We will make all efforts to meet possible requests.”",
        "“We will make all efforts,” Lavrov said:",
        "Is Russia Ready to Arm Iraq?",
        "See the full report at https://x.com/report",
        "Read it on www.rt.com today",
        "By Shawn Snow and Jane Doe",
        "Photo: Reuters / John Doe",
        "the plan was approved by the ministry",
        "* * *",
        "Moscow and Baghdad have been expanding military cooperation, President Vladimir Putin "
        "said, and Russia is ready to supply weapons to Iraq to aid the fight against militants",
    ],
)
def test_a_first_line_that_is_not_a_headline_is_not_the_title(line):
    assert run(line + BODY).meta.title is None


@pytest.mark.parametrize(
    "text",
    [
        "Russia, Iraq to Expand Military Cooperation\n",
        "Russia, Iraq to Expand Military Cooperation\n\n\n",
        "Russia, Iraq to Expand Military Cooperation\nMoscow and Baghdad agreed.\n",
        "Russia, Iraq to Expand Military Cooperation\n \t\n\u3000\n",
    ],
)
def test_a_title_needs_a_blank_line_and_more_text_after_it(text):
    assert run(text).meta.title is None


@pytest.mark.parametrize("top", ["May 21, 2015", "Thursday, May 21, 2015\n\n2015-05-21"])
def test_datelines_above_the_headline_are_passed_over(top):
    doc = run(f"{top}\n\nPutin Backs Syrian Rebels in Fight" + BODY)
    assert doc.meta.title == "Putin Backs Syrian Rebels in Fight"


def test_the_title_is_the_line_with_its_white_space_folded():
    assert run("  Putin   Backs\tSyrian Rebels  " + BODY).meta.title == "Putin Backs Syrian Rebels"


@pytest.mark.parametrize("ending", ["\n", "\r\n", "\r"])
def test_every_line_ending_and_blank_line_of_spaces_reads_the_same(ending):
    text = f"Putin Backs Syrian Rebels{ending}   {ending}Body text.{ending}"
    assert run(text).meta.title == "Putin Backs Syrian Rebels"


def test_a_title_already_set_is_kept():
    doc = run("Russia, Iraq to Expand Military Cooperation" + BODY, title="Given")
    assert doc.meta.title == "Given"


def test_the_word_limits_are_options():
    assert Title(min_words=1)(Document("Headline" + BODY), CTX).meta.title == "Headline"
    assert Title(max_words=3)(Document("Four Words Are Here" + BODY), CTX).meta.title is None
    assert Title(max_length=10)(Document("Eleven Char" + BODY), CTX).meta.title is None


def test_headline_judges_a_line_by_itself():
    assert headline("Putin  Backs Syrian Rebels") == "Putin Backs Syrian Rebels"
    assert headline("He said so.") is None
    assert headline("Headline", min_words=1) == "Headline"


# -- reading the final text, as a second run does -----------------------------------------------

@pytest.mark.parametrize(
    ("text", "meta"),
    [
        # a widget of the outlet above the headline: the outlet is known before boilerplate runs
        ("Get short URL\nRussia, Iraq to Expand Military Cooperation\n\nBody text goes here.\n",
         {"url": "https://www.rt.com/news/1"}),
        ("Share\n\nRussia, Iraq to Expand Military Cooperation\n\nBody text goes here.\n", {}),
        ("# Russia, Iraq to Expand Military Cooperation\n\nBody text goes here.\n", {}),
        ("Russia, Iraq to Expand Military CooperationRussia, Iraq to Expand Military "
         "Cooperation\n\nBody text goes here.\n", {}),
        ("Russia, Iraq to Expand Military Cooperation\nRussia, Iraq to Expand Military "
         "Cooperation\n\nBody text goes here.\n", {}),
    ],
    ids=["outlet-widget", "widget", "heading", "glued", "repeated"],
)
def test_the_pipeline_takes_the_title_a_second_run_takes(text, meta):
    pipeline = Pipeline()
    once = pipeline(text, **meta)
    assert once.meta.title == "Russia, Iraq to Expand Military Cooperation"
    assert pipeline(Document(once.text, once.meta)).meta == once.meta
    assert pipeline(once.text, **meta).meta.title == once.meta.title


def test_title_runs_in_the_describe_stage_after_the_text_is_final():
    names = [step.name for step in Pipeline().steps]
    assert names.index("aliases") < names.index("title") < names.index("whitespace")
    assert (Title.stage, Title.order) == (Stage.DESCRIBE, 100)


def test_a_document_with_nothing_to_take_is_returned_itself():
    doc = Document("Russia is ready to supply weapons to Iraq.\n")
    assert Title()(doc, CTX) is doc


# -- options ------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "options",
    [{"max_length": 0}, {"min_words": -1}, {"max_words": True}, {"min_words": 5, "max_words": 4}],
)
def test_bad_options_are_refused(options):
    with pytest.raises(ValueError):
        Title(**options)


def test_options_come_from_the_config():
    config = config_from_data({"steps": {"title": {"min_words": 1}}}, where="test")
    assert Pipeline(config, only=["title"], plugins=[PLUGIN])("Headline" + BODY).meta.title == (
        "Headline"
    )
    with pytest.raises(ConfigError, match="max_length"):
        Pipeline(config_from_data({"steps": {"title": {"max_length": "x"}}}, where="test"),
                 only=["title"], plugins=[PLUGIN])


# -- contracts ----------------------------------------------------------------------------------

TITLE_PIECES = st.sampled_from([
    " ", "\n", "\n\n", "\r\n", "\r", "Share", "May 21, 2015", "Thursday, May 21, 2015",
    "2015-02-30", "Big Title Here", "Russia is ready.", "By Jane Doe", "a", "B", ".", ",", "?",
    "”", "https://x.com", "中国外交部发言人表示", "word ", "Photo: AFP", "\t", "\u3000",
])
TITLE_TEXTS = st.lists(TITLE_PIECES, max_size=30).map("".join)
STEPS = [Title(), Title(min_words=1), Title(max_length=12)]


@given(st.sampled_from(STEPS), TITLE_TEXTS, st.sampled_from([None, "Given"]))
def test_title_is_idempotent_and_never_edits(step, text, title):
    doc = Document(text, Meta(title=title))
    once = assert_idempotent(step, doc, CTX)
    assert once.text == text and once.edits == ()
    assert_accountable(step, doc, CTX)


@given(TITLE_TEXTS)
def test_the_title_does_not_depend_on_what_the_whitespace_step_tidies(text):
    tidy = Pipeline(only=["whitespace"])(text).text
    assert run(text).meta.title == run(tidy).meta.title


@given(documents())
def test_title_is_idempotent_on_news_debris(doc):
    assert_idempotent(Title(), doc, CTX)


@given(st.text())
def test_title_takes_any_text(text):
    assert isinstance(Title()(Document(text), CTX), Document)


@pytest.mark.parametrize(
    ("make", "size"),
    [
        (lambda n: "# " * n, 1_000_000),
        (lambda n: "#" * n + " x", 2_000_000),
        (lambda n: "a." * n, 1_000_000),
        (lambda n: "\n" * n + "Headline Words Here", 2_000_000),
        (lambda n: "Share\n" * n, 400_000),
        (lambda n: "Big Title Here\n\n" + "\n" * n, 2_000_000),
        (lambda n: "May 21, 2015 " * n, 150_000),
    ],
    ids=["heading-marks", "hashes", "a-dot", "blank-lines", "widgets", "blank-after", "dates"],
)
def test_2mb_goes_through_in_linear_time(make, size):
    once = run(make(size))
    assert Title()(once, CTX).edits == once.edits
    assert_linear_work(run, make, size // 200)  # wall-clock ratios: benchmarks/linear.py
