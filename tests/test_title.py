"""The title step: a leading markdown heading or a headline-like first line becomes meta.title, a
dateline near the top becomes meta.date; only the heading marks ever leave the text."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from linearity import assert_linear_work

from textclean import AliasGroup, Document, Meta, Pipeline, Stage
from textclean.aliases import AliasTable
from textclean.config import config_from_data
from textclean.errors import ConfigError
from textclean.step import Context
from textclean.steps.title import Title, heading_text, headline_unit, parse_dateline
from textclean.testing import assert_accountable, assert_idempotent, documents

PLUGIN = "textclean.steps.title"
PIPELINE = Pipeline(only=["title"], plugins=[PLUGIN])
CTX = PIPELINE.context
SEEDS = Path(__file__).resolve().parent.parent / "corpora" / "seeds"
BODY = "\n\nMoscow and Baghdad have been expanding military cooperation, Putin said.\n"


def run(text: str, **meta) -> Document:
    return Title()(Document(text, Meta(**meta)), CTX)


# -- the seeds ----------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("name", "title", "date"),
    [
        ("000_ca9c1118ffa9e26f.txt", None, None),
        ("001_5fb19082c0f39545.txt", "Russia, Iraq to Expand Military Cooperation", None),
        ("002_579868386fe43ed7.txt",
         "Russia's Putin, Lavrov Vow to Assist in Iraq's Fight Against Islamic State",
         "2015-05-21"),
        ("003_b94d6a4dc8d9293a.txt", None, None),
        ("004_25c2772c34d9ed79.txt",
         "Putin Backs Syrian Rebels in Fight Against Islamic State Group", None),
    ],
)
def test_seed_titles_and_dates(name, title, date):
    text = (SEEDS / name).read_text(encoding="utf-8")
    doc = run(text)
    assert (doc.meta.title, doc.meta.date) == (title, date)
    if name.startswith("002"):
        assert [(e.rule, e.line) for e in doc.edits] == [("title.markdown-heading", 3)]
        assert doc.text == text.replace("# Russia's", "Russia's", 1)
    else:
        assert doc.text == text and doc.edits == ()


# -- markdown headings --------------------------------------------------------------------------

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


def test_a_leading_heading_loses_its_marks_and_becomes_the_title():
    doc = run("\n\n# Russia's Putin, Lavrov Vow to Assist" + BODY)
    assert doc.meta.title == "Russia's Putin, Lavrov Vow to Assist"
    assert doc.text == "\n\nRussia's Putin, Lavrov Vow to Assist" + BODY
    assert [(e.rule, e.before, e.after, e.line) for e in doc.edits] == [
        ("title.markdown-heading", "# Russia's Putin, Lavrov Vow to Assist",
         "Russia's Putin, Lavrov Vow to Assist", 3)
    ]


def test_only_the_first_line_can_be_the_heading():
    text = "Body sentence one is here.\n\n## Background\n\nMore text.\n"
    doc = run(text)
    assert (doc.text, doc.meta.title) == (text, None)


def test_a_caller_title_is_kept_but_the_heading_marks_still_go():
    doc = run("# Headline From The Page" + BODY, title="Given Title")
    assert doc.meta.title == "Given Title"
    assert doc.text == "Headline From The Page" + BODY


def test_a_heading_too_long_for_a_title_is_left_alone():
    text = "# " + "word " * 40 + BODY
    doc = run(text)
    assert (doc.text, doc.meta.title) == (text, None)


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
        "May 21, 2015",
        "Thursday, May 21, 2015",
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
    ],
)
def test_a_title_needs_a_blank_line_and_more_text_after_it(text):
    assert run(text).meta.title is None


@pytest.mark.parametrize(
    "top",
    ["Share", "Advertisement", "Tweet", "Share this article", "Facebook Twitter Email",
     "Share\n\nAdvertisement", "Skip to main content", "May 21, 2015"],
)
def test_widgets_and_datelines_before_the_headline_are_skipped(top):
    doc = run(f"{top}\n\nPutin Backs Syrian Rebels in Fight" + BODY)
    assert doc.meta.title == "Putin Backs Syrian Rebels in Fight"


def test_lines_the_boilerplate_rules_remove_are_skipped_too():
    doc = run("READ MORE: ISIS claims full control of Ramadi (VIDEO)\n\n"
              "Putin Backs Syrian Rebels in Fight" + BODY)
    assert doc.meta.title == "Putin Backs Syrian Rebels in Fight"


@pytest.mark.parametrize(
    "between",
    ["", "Share\n", "Russia, Iraq to Expand Military Cooperation\n",
     "Russia, Iraq to Expand Military CooperationRussia, Iraq to Expand Military Cooperation\n"],
)
def test_widgets_and_copies_between_the_title_and_the_blank_line_are_passed_over(between):
    doc = run("Russia, Iraq to Expand Military Cooperation\n" + between + BODY[1:])
    assert doc.meta.title == "Russia, Iraq to Expand Military Cooperation"


@pytest.mark.parametrize(
    ("line", "unit"),
    [
        ("Putin Backs Rebels", "Putin Backs Rebels"),
        ("Putin Backs RebelsPutin Backs Rebels", "Putin Backs Rebels"),
        ("Putin Backs Rebels | Putin Backs Rebels", "Putin Backs Rebels"),
        ("Putin Backs Rebels  -  Putin Backs Rebels - Putin Backs Rebels", "Putin Backs Rebels"),
        ("ab ab ab ab", "ab"),
        ("Walla Walla wins", "Walla Walla wins"),
        ("", ""),
    ],
)
def test_headline_unit(line, unit):
    assert headline_unit(line) == unit


def test_a_doubled_headline_gives_one_copy_as_the_title():
    line = "Putin Backs Syrian Rebels in Fight Against Islamic State Group"
    doc = run(f"{line} | {line}" + BODY)
    assert doc.meta.title == line


def test_word_counts_follow_the_alias_table():
    aliases = AliasTable(groups=(AliasGroup("Islamic State", ("ISIS",)),), sources=("test",))
    ctx = Context(rules=CTX.rules, aliases=aliases)
    assert Title()(Document("ISIS-held towns" + BODY), ctx).meta.title == "ISIS-held towns"
    no_aliases = Context(rules=CTX.rules, aliases=AliasTable())
    assert Title()(Document("ISIS-held towns" + BODY), no_aliases).meta.title is None


def test_a_title_already_set_is_kept():
    doc = run("Russia, Iraq to Expand Military Cooperation" + BODY, title="Given")
    assert doc.meta.title == "Given"


def test_the_word_limits_are_options():
    assert Title(min_words=1)(Document("Headline" + BODY), CTX).meta.title == "Headline"
    assert Title(max_words=3)(Document("Four Words Are Here" + BODY), CTX).meta.title is None
    assert Title(max_length=10)(Document("Eleven Char" + BODY), CTX).meta.title is None


# -- datelines ----------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("line", "iso"),
    [
        ("May 21, 2015", "2015-05-21"),
        ("May 21 2015", "2015-05-21"),
        ("21 May 2015", "2015-05-21"),
        ("21st of May, 2015", "2015-05-21"),
        ("2015-05-21", "2015-05-21"),
        ("May 21, 2015 10:30 AM", "2015-05-21"),
        ("May 21, 2015, 10:30 a.m. EDT", "2015-05-21"),
        ("May 21, 2015 | 18:04 GMT+3", "2015-05-21"),
        ("Thursday, May 21, 2015", "2015-05-21"),
        ("Thu 21 May 2015 10:30", "2015-05-21"),
        ("Sept. 1, 2015", "2015-09-01"),
        ("DECEMBER 31, 1999", "1999-12-31"),
        ("2015-05-21T10:30:00+03:00", "2015-05-21"),
        ("2015-05-21 10:30 UTC", "2015-05-21"),
        ("Published: May 21, 2015", "2015-05-21"),
        ("Posted on 21 May 2015", "2015-05-21"),
        ("February 29, 2016", "2016-02-29"),
    ],
)
def test_a_dateline_gives_an_iso_date(line, iso):
    assert parse_dateline(line) == iso


@pytest.mark.parametrize(
    "line",
    [
        "February 30, 2015",
        "February 29, 2015",
        "2015-13-01",
        "May 32, 2015",
        "Friday, May 21, 2015",
        "05/21/2015",
        "21.05.2015",
        "May 2015",
        "May 21",
        "Updated May 21, 2015",
        "On May 21, 2015, Putin met Abadi.",
        "May 21, 2015 was a Thursday",
        "Moscow, May 21, 2015",
        "",
    ],
)
def test_anything_else_is_no_dateline(line):
    assert parse_dateline(line) is None


def test_the_date_comes_from_a_dateline_near_the_top_and_stays_in_the_text():
    text = "# Headline Here Today\n\nBy Jane Doe\n\nMay 21, 2015\n\nBody text.\n"
    doc = run(text)
    assert doc.meta.date == "2015-05-21"
    assert "May 21, 2015" in doc.text


def test_a_dateline_below_the_first_five_lines_is_ignored():
    text = "Headline Words Here\n\n" + "".join(f"Body line {n}.\n" for n in range(4)) + (
        "May 21, 2015\n"
    )
    assert run(text).meta.date is None


def test_the_date_window_counts_only_lines_a_second_run_still_sees():
    copies = "Russia is ready to supply weapons to Iraq, Putin said on Thursday.\n" * 6
    assert run(copies + "May 21, 2015\n").meta.date == "2015-05-21"
    assert run("Share\nShare\nShare\nShare\nShare\nMay 21, 2015\n").meta.date == "2015-05-21"


def test_a_date_already_set_is_kept():
    assert run("May 21, 2015\n\nBody.\n", date="2014-01-01").meta.date == "2014-01-01"


# -- options and the pipeline -------------------------------------------------------------------

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


def test_title_runs_after_urls_in_the_extract_stage():
    pipeline = Pipeline(only=["urls", "title"], plugins=["textclean.steps.urls", PLUGIN])
    assert [step.name for step in pipeline.steps] == ["urls", "title"]
    assert (Title.stage, Title.order) == (Stage.EXTRACT, 20)


def test_a_document_with_nothing_to_take_is_returned_itself():
    doc = Document("Russia is ready to supply weapons to Iraq.\n")
    assert Title()(doc, CTX) is doc


# -- contracts ----------------------------------------------------------------------------------

TITLE_PIECES = st.sampled_from([
    "# ", "## ", "#", " ", "\n", "\n\n", "\r\n", "Share", "Advertisement", "May 21, 2015",
    "Thursday, May 21, 2015", "2015-02-30", "Big Title Here", "Russia is ready.", "By Jane Doe",
    "a", "B", ".", ",", "?", "”", "https://x.com", "中国外交部发言人表示", "word ", "Photo: AFP",
])
TITLE_TEXTS = st.lists(TITLE_PIECES, max_size=30).map("".join)
STEPS = [Title(), Title(min_words=1), Title(max_length=12)]


@given(st.sampled_from(STEPS), TITLE_TEXTS, st.sampled_from([None, "Given"]))
def test_title_is_idempotent_and_accountable(step, text, title):
    doc = Document(text, Meta(title=title))
    assert_idempotent(step, doc, CTX)
    assert_accountable(step, doc, CTX)


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
