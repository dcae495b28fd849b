"""The four contracts, proven by hypothesis for every registered step and the whole pipeline.

Steps are found the way users find them: built-ins plus every installed plugin.
"""

from __future__ import annotations

import pickle

import pytest
from hypothesis import given
from hypothesis import strategies as st

from textclean import Document, Pipeline
from textclean.decode import decode_bytes
from textclean.testing import assert_accountable, assert_idempotent, documents, texts

PIPELINE = Pipeline()
STEPS = PIPELINE.steps
CTX = PIPELINE.context
step_params = pytest.mark.parametrize("step", STEPS, ids=[s.name for s in STEPS])


@step_params
@given(doc=documents())
def test_every_step_is_idempotent(step, doc):
    assert_idempotent(step, doc, CTX)


@step_params
@given(text=st.text())
def test_every_step_is_total(step, text):
    assert isinstance(step(Document(text), CTX), Document)


@step_params
@given(doc=documents())
def test_every_step_is_accountable(step, doc):
    assert_accountable(step, doc, CTX)


@given(doc=documents())
def test_the_pipeline_is_idempotent(doc):
    assert_idempotent(PIPELINE, doc)


@given(text=st.text())
def test_the_pipeline_is_total_on_arbitrary_unicode(text):
    out = PIPELINE(text).text
    assert PIPELINE(out).text == out


@given(doc=documents())
def test_the_pipeline_is_accountable(doc):
    assert_accountable(PIPELINE, doc)


@given(text=texts(), ending=st.sampled_from(["\r\n", "\r"]))
def test_the_pipeline_is_line_ending_blind(text, ending):
    lf = text.replace("\r\n", "\n").replace("\r", "\n")
    assert PIPELINE(lf.replace("\n", ending)).text == PIPELINE(lf).text


@given(text=texts())
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
