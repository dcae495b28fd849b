"""The contracts, proven by hypothesis for every registered step and the whole pipeline, on news
composed from real fragments (``news_documents``) and on arbitrary text.

Steps are found the way users find them: built-ins plus every installed plugin. ``make test``
runs these with the ``ci`` profile.
"""

from __future__ import annotations

import pickle

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from textclean import Document, Pipeline
from textclean.decode import decode_bytes
from textclean.testing import (
    assert_accountable,
    assert_idempotent,
    assert_rerun_agrees,
    news_documents,
    news_texts,
    pages,
    texts,
)

PIPELINE = Pipeline()
STEPS = PIPELINE.steps
CTX = PIPELINE.context
step_params = pytest.mark.parametrize("step", STEPS, ids=[s.name for s in STEPS])


# -- every step, on news (debris included) and on arbitrary text -------------------------------

@step_params
@given(doc=news_documents())
def test_every_step_is_idempotent_in_text_and_metadata_and_accountable_on_news(step, doc):
    assert_idempotent(step, doc, CTX)
    assert_accountable(step, doc, CTX)


@step_params
@given(text=st.text())
def test_every_step_is_total(step, text):
    assert isinstance(step(Document(text), CTX), Document)


# -- the pipeline --------------------------------------------------------------------------------


@step_params
@settings(max_examples=50)
@given(text=pages())
def test_every_step_is_idempotent_and_accountable_on_whole_pages(step, text):
    assert_idempotent(step, Document(text), CTX)
    assert_accountable(step, Document(text), CTX)


@settings(max_examples=100)
@given(text=pages())
def test_the_pipeline_is_idempotent_and_accountable_on_whole_pages(text):
    assert_idempotent(PIPELINE, Document(text))
    assert_accountable(PIPELINE, Document(text))


def test_the_whole_pipeline_is_idempotent_on_a_page_with_a_menu_above_its_headline():
    paragraph = ("Russia is ready to supply weapons to Iraq to aid the fight against Islamic "
                 "State militants. Share prices fell 3% on Monday after the central bank raised "
                 "interest rates. Advertisement revenue rose for the third quarter in a row.")
    text = "\n\n".join(["Home"] * 20 + ["Russia, Iraq to Expand Military Cooperation",
                                         paragraph, paragraph.replace("Monday", "Friday")])
    assert_idempotent(PIPELINE, Document(text))


@given(doc=news_documents())
def test_the_pipeline_is_idempotent_in_text_and_metadata_and_accountable_on_news(doc):
    assert_idempotent(PIPELINE, doc)
    assert_accountable(PIPELINE, doc)


@given(doc=news_documents())
def test_cleaning_the_output_text_alone_gives_the_same_text_and_metadata(doc):
    assert_rerun_agrees(PIPELINE, doc)


@given(doc=news_documents())
def test_explaining_changes_nothing_but_adds_kept_edits(doc):
    plain = PIPELINE(doc)
    explained = PIPELINE(doc, explain=True)
    assert (explained.text, explained.meta) == (plain.text, plain.meta)
    assert [e for e in explained.edits if not e.kept] == list(plain.edits)
    assert all(e.note for e in explained.edits if e.kept)
    assert not any(e.kept for e in plain.edits)


@given(text=st.text())
def test_the_pipeline_is_total_on_arbitrary_unicode(text):
    out = PIPELINE(text).text
    assert PIPELINE(out).text == out


@given(text=news_texts() | texts(), ending=st.sampled_from(["\r\n", "\r"]))
def test_the_pipeline_is_line_ending_blind(text, ending):
    lf = text.replace("\r\n", "\n").replace("\r", "\n")
    assert PIPELINE(lf.replace("\n", ending)).text == PIPELINE(lf).text


@given(text=news_texts())
def test_a_pickled_pipeline_gives_the_same_output(text):
    assert PICKLED(text) == PIPELINE(text)


PICKLED = pickle.loads(pickle.dumps(PIPELINE))


@given(data=st.binary(max_size=2000))
def test_arbitrary_bytes_go_through_decoding_and_the_pipeline(data):
    decoded = decode_bytes(data)
    if decoded.text is not None:
        assert isinstance(PIPELINE(decoded.text).text, str)
    else:
        assert decoded.skipped
