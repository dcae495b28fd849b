"""The date step: a dateline near the top of the final text, or one an earlier step removed,
becomes meta.date; the text never changes."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from textclean import Document, Edit, Meta, Pipeline, Stage, load_config
from textclean.steps.date import DATE_WINDOW, Date, parse_dateline
from textclean.testing import assert_idempotent

PIPELINE = Pipeline(only=["date"])
CTX = PIPELINE.context
SEEDS = Path(__file__).resolve().parent.parent / "corpora" / "seeds"


def run(text: str, *edits: Edit, **meta) -> Document:
    return Date()(Document(text, Meta(**meta), edits), CTX)


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
        "February 30, 2015", "February 29, 2015", "2015-13-01", "May 32, 2015",
        "Friday, May 21, 2015", "05/21/2015", "21.05.2015", "May 2015", "May 21",
        "Updated May 21, 2015", "On May 21, 2015, Putin met Abadi.", "May 21, 2015 was a Thursday",
        "Moscow, May 21, 2015", "",
    ],
)
def test_anything_else_is_no_dateline(line):
    assert parse_dateline(line) is None


def test_the_date_comes_from_a_dateline_near_the_top_and_stays_in_the_text():
    text = "Headline Here Today\n\nBy Jane Doe\n\nMay 21, 2015\n\nBody text.\n"
    doc = run(text)
    assert doc.meta.date == "2015-05-21"
    assert doc.text == text and doc.edits == ()


def test_a_dateline_below_the_window_is_ignored():
    lines = "".join(f"Body line {n}.\n" for n in range(DATE_WINDOW))
    assert run(lines + "May 21, 2015\n").meta.date is None
    assert run(lines[: -len("Body line 4.\n")] + "May 21, 2015\n").meta.date == "2015-05-21"


def test_a_dateline_an_earlier_step_removed_gives_the_date():
    removed = Edit("moscowtimes.dateline", before="May 21, 2015", after="", line=3)
    assert run("Headline\n\nBody.\n", removed).meta.date == "2015-05-21"
    replaced = Edit("x.y", before="May 21, 2015", after="May 21", line=3)
    assert run("Headline\n\nBody.\n", replaced).meta.date is None


def test_a_dateline_in_the_text_comes_before_a_removed_one():
    removed = Edit("moscowtimes.dateline", before="May 21, 2015", after="", line=1)
    assert run("June 1, 2015\n\nBody.\n", removed).meta.date == "2015-06-01"


def test_seed_002_keeps_the_date_its_outlet_rule_removes():
    pipeline = Pipeline(load_config(SEEDS / "textclean.toml"))
    name = "002_579868386fe43ed7.txt"
    doc = pipeline((SEEDS / name).read_text(encoding="utf-8"), source=name)
    assert doc.meta.date == "2015-05-21"
    assert "May 21, 2015" not in doc.text
    assert pipeline(Document(doc.text, doc.meta)).meta.date == "2015-05-21"


def test_a_date_already_set_is_kept():
    assert run("May 21, 2015\n\nBody.\n", date="2014-01-01").meta.date == "2014-01-01"


def test_date_runs_after_title_in_the_describe_stage():
    names = [step.name for step in Pipeline().steps]
    assert names.index("title") < names.index("date") < names.index("whitespace")
    assert Date.stage is Stage.DESCRIBE


PIECES = st.sampled_from(["May 21, 2015", "Thursday, May 21, 2015", "2015-02-30", "Body.",
                          "\n", "\n\n", "\r\n", " ", "Share", "x"])


@given(st.lists(PIECES, max_size=30).map("".join))
def test_date_is_idempotent_and_never_edits(text):
    once = assert_idempotent(Date(), Document(text), CTX)
    assert once.text == text and once.edits == ()
