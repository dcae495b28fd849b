"""The batch API for data frameworks: clean_batch and process_batch, streams in constant memory,
a pool initializer that builds the pipeline once per worker process, and the documented pandas
and datasets recipes."""

from __future__ import annotations

import multiprocessing
import os
import tracemalloc
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

import datasets
import pandas as pd
import pytest

from textclean import Pipeline, Stage, Step, StepError, hookimpl, pool
from textclean.pool import PipelineRef

TEXTS = ["Sergey Lavrov said so.  ", "Share this article\nISIS did it.", "", "Plain.\n"]


@dataclass(frozen=True)
class Fault(Step):
    name = "fault"
    stage = Stage.REMOVE

    def __call__(self, doc, ctx):
        if "POISON" in doc.text:
            raise ValueError("poisoned")
        return doc


@hookimpl
def textclean_steps():
    return [Fault]


FAULTY = Pipeline(plugins=[__name__])
PIPELINE = Pipeline()


def test_clean_batch_and_process_batch_give_what_one_call_per_text_gives():
    assert PIPELINE.clean_batch(TEXTS) == [PIPELINE(text).text for text in TEXTS]
    docs = PIPELINE.process_batch(TEXTS, urls=[None, "https://www.rt.com/a", None, None])
    assert [doc.text for doc in docs] == PIPELINE.clean_batch(TEXTS)
    assert (docs[1].meta.url, docs[1].meta.outlet) == ("https://www.rt.com/a", "rt")
    assert PIPELINE.process_batch(["x"], outlets=["moscowtimes"])[0].meta.outlet == "moscowtimes"
    assert PIPELINE.clean_batch(pd.Series(TEXTS)) == PIPELINE.clean_batch(TEXTS)


def test_urls_or_outlets_out_of_step_with_the_texts_are_an_error():
    with pytest.raises(ValueError, match="shorter"):
        PIPELINE.process_batch(["a", "b"], urls=["u"])
    with pytest.raises(ValueError, match="longer"):
        PIPELINE.process_batch(["a"], outlets=["rt", "rt"])


def test_a_failing_document_raises_or_is_kept_as_it_was():
    texts = ["fine", "POISON here", None]
    with pytest.raises(StepError, match="poisoned"):
        FAULTY.clean_batch(texts)
    assert FAULTY.clean_batch(texts, errors="keep") == ["fine\n", "POISON here", None]
    kept = FAULTY.process_batch(texts, errors="keep")
    assert kept[1].text == "POISON here" and not kept[1].edits
    assert kept[1].meta.extra["textclean"] == {
        "error": "step 'fault' (plugin 'test_batch') failed: ValueError: poisoned",
        "step": "fault", "plugin": "test_batch"}
    assert kept[2].meta.extra["textclean"]["error"].startswith("TypeError: expected a str")
    with pytest.raises(ValueError, match="errors must be"):
        PIPELINE.clean_batch(texts, errors="ignore")


def test_a_stream_is_cleaned_lazily_one_text_at_a_time():
    pulled = []

    def texts():
        for index in range(1000):
            pulled.append(index)
            yield f"Text {index}.  "

    stream = PIPELINE.clean_iter(texts())
    assert pulled == []
    assert next(stream) == "Text 0.\n" and pulled == [0]
    assert next(stream) == "Text 1.\n" and pulled == [0, 1]
    docs = PIPELINE.process_iter(texts())
    assert next(docs).text == "Text 0.\n" and len(pulled) == 3


def peak_while_streaming(count: int) -> int:
    article = "Sergey Lavrov said so.  \n\nShare this article\n" + "A paragraph of words. " * 40
    tracemalloc.start()
    try:
        for text in PIPELINE.clean_iter(article for _ in range(count)):
            assert text
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_streaming_a_generator_runs_in_constant_memory():
    peak_while_streaming(20)  # caches filled before measuring
    small, large = peak_while_streaming(50), peak_while_streaming(1000)
    assert large < small * 1.5 + 200_000, (small, large)


def _pid_and_pipeline(_: object) -> tuple[int, int]:
    return os.getpid(), id(pool.pipeline())


def test_a_pool_initializer_builds_the_pipeline_once_per_worker_process():
    with ProcessPoolExecutor(2, initializer=pool.init, initargs=(PIPELINE,)) as executor:
        cleaned = list(executor.map(pool.clean, TEXTS * 20, chunksize=8))
        seen = set(executor.map(_pid_and_pipeline, range(64), chunksize=4))
        batches = list(executor.map(pool.clean_batch, [TEXTS, TEXTS]))
    assert cleaned == PIPELINE.clean_batch(TEXTS * 20)
    assert batches == [PIPELINE.clean_batch(TEXTS)] * 2
    pids = {pid for pid, _ in seen}
    assert len(seen) == len(pids)  # one pipeline per process, whatever the number of tasks


def test_a_pipeline_ref_is_built_once_per_process():
    ref = PipelineRef(PIPELINE)
    # Spawned, so that no worker inherits the parent's pipeline: each must unpickle its own.
    spawn = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(2, mp_context=spawn) as executor:
        counts = list(executor.map(_unpickled_after_tasks, [ref] * 16, chunksize=1))
    assert counts == [1] * 16  # a ref was sent with each task; the pipeline unpickled once


def _unpickled_after_tasks(ref: PipelineRef) -> int:
    assert ref.pipeline("x  ").text == "x\n"
    return pool.UNPICKLED[ref.token]


# -- the recipes of docs/scale.md --------------------------------------------------------------


def test_the_pandas_recipe():
    frame = pd.DataFrame({"text": TEXTS, "n": range(len(TEXTS))})
    pipeline = Pipeline()
    frame["text"] = pipeline.clean_batch(frame["text"], errors="keep")
    assert frame["text"].tolist() == PIPELINE.clean_batch(TEXTS)


def test_the_datasets_recipe():
    dataset = datasets.Dataset.from_dict({"text": TEXTS, "id": list(range(len(TEXTS)))})
    pipeline = Pipeline()

    def clean(batch):
        docs = pipeline.process_batch(batch["text"], errors="keep")
        return {"text": [doc.text for doc in docs], "title": [doc.meta.title for doc in docs]}

    cleaned = dataset.map(clean, batched=True, batch_size=2)
    assert cleaned["text"] == PIPELINE.clean_batch(TEXTS)
    assert cleaned["id"] == list(range(len(TEXTS)))
    assert cleaned.column_names == ["text", "id", "title"]
