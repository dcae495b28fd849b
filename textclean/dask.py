"""textclean on Dask (the ``dask`` extra): clean a bag or a dataframe where it already lives,
or run ``textclean run --engine dask`` on a cluster's workers.

The pipeline is built once per worker process, never unpickled per task: bags and dataframes
carry a :class:`~textclean.pool.PipelineRef`, which unpickles to the pipeline a process already
has; ``--engine dask`` hands each worker what it needs through a worker plugin, once. Failures
are per document as on one machine: a record that cannot be cleaned keeps its text and says
``"status": "failed"`` in its metadata; a file that cannot be cleaned is ``failed`` in the
manifest; a task whose worker keeps dying fails its own file only.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import replace
from typing import Any

from textclean.extras import require
from textclean.pipeline import ConfigLike, Pipeline
from textclean.pool import PipelineRef
from textclean.records import MISSING, RecordFields, clean_record
from textclean.runner import WorkSpec, clean_unit
from textclean.units import Job, Outcome, Work

require("dask", "dask", "textclean.dask")
distributed = require("distributed", "dask", "textclean.dask")

__all__ = ["clean_bag", "clean_dataframe", "dask_outcomes"]

#: Tasks in flight per worker thread: enough to keep workers busy while results are taken in
#: input order, few enough that memory does not follow the number of files.
TASKS_PER_THREAD = 4


def _fields(text_field: str, meta_field: str, id_field: str | None, url_field: str | None,
            outlet_field: str | None, html_field: str | None) -> RecordFields:
    fields = RecordFields(text_field, id_field, url_field, outlet_field, html_field, meta_field)
    fields.check()
    return fields


def _clean_item(pipeline: Pipeline, fields: RecordFields, outlet: str | None, item: Any
                ) -> dict[str, Any]:
    record = dict(item) if isinstance(item, Mapping) else {fields.text: item}
    result = clean_record(pipeline, fields, lambda name: record.get(name, MISSING),
                          outlet=outlet)
    if result.text is not None:
        record[fields.text] = result.text
    record[fields.meta] = result.meta
    return record


def _clean_partition(items: Iterable[Any], ref: PipelineRef, fields: RecordFields,
                     outlet: str | None) -> list[dict[str, Any]]:
    pipeline = ref.pipeline
    return [_clean_item(pipeline, fields, outlet, item) for item in items]


def clean_bag(
    bag: Any,
    config: Pipeline | ConfigLike = None,
    *,
    text_field: str = "text",
    meta_field: str = "textclean",
    id_field: str | None = None,
    url_field: str | None = None,
    outlet_field: str | None = None,
    html_field: str | None = None,
    outlet: str | None = None,
) -> Any:
    """A bag of cleaned records from a bag of records (dicts) or texts.

    Each record comes back with its ``text_field`` cleaned and textclean's metadata under
    ``meta_field`` (the keys of a shard's records: ``status``, ``error``, ``url``, ``title``,
    ``edits`` ...); every other field as it was. A text item comes back as the record
    ``{text_field: cleaned, meta_field: {...}}`` (``.pluck("text")`` gives the texts).
    ``config`` is a :class:`~textclean.pipeline.Pipeline`, a configuration, or None for the
    defaults; it is built once per worker process.
    """
    fields = _fields(text_field, meta_field, id_field, url_field, outlet_field, html_field)
    return bag.map_partitions(_clean_partition, PipelineRef(config), fields, outlet)


def _missing(value: Any) -> bool:
    """Whether a dataframe cell holds pandas' idea of nothing (None, NaN, NA, NaT)."""
    pandas = require("pandas", "dask", "textclean.dask")
    try:
        return bool(pandas.isna(value))
    except (TypeError, ValueError):  # a list or a dict: something
        return False


def _clean_frame(frame: Any, ref: PipelineRef, fields: RecordFields, outlet: str | None
                 ) -> Any:
    pipeline = ref.pipeline
    names = [name for name in (fields.text, fields.html, fields.id, fields.url, fields.outlet)
             if name is not None and name in frame.columns]
    columns = {name: [None if _missing(value) else value for value in frame[name].tolist()]
               for name in names}
    texts = columns.get(fields.text, [None] * len(frame))
    metas = []
    cleaned = []
    for index in range(len(frame)):
        result = clean_record(
            pipeline, fields,
            lambda name, i=index: columns[name][i] if name in columns else MISSING,
            outlet=outlet,
        )
        cleaned.append(texts[index] if result.text is None else result.text)
        metas.append(result.meta)
    pandas = require("pandas", "dask", "textclean.dask")
    kind = frame[fields.text].dtype if fields.text in frame.columns else object
    return frame.assign(**{fields.text: pandas.Series(cleaned, index=frame.index, dtype=kind),
                           fields.meta: pandas.Series(metas, index=frame.index, dtype=object)})


def clean_dataframe(
    ddf: Any,
    column: str = "text",
    *,
    config: Pipeline | ConfigLike = None,
    meta_column: str = "textclean",
    id_column: str | None = None,
    url_column: str | None = None,
    outlet_column: str | None = None,
    html_column: str | None = None,
    outlet: str | None = None,
) -> Any:
    """A Dask dataframe with ``column`` cleaned and textclean's metadata (a dict per row, the
    keys of a shard's records) in ``meta_column``; every other column as it was. A row that
    cannot be cleaned keeps its text, and its metadata says why."""
    fields = _fields(column, meta_column, id_column, url_column, outlet_column, html_column)
    ref = PipelineRef(config)
    meta = _clean_frame(ddf._meta, ref, fields, outlet)
    return ddf.map_partitions(_clean_frame, ref, fields, outlet, meta=meta)


# -- textclean run --engine dask -------------------------------------------------------------

_SPECS: dict[str, WorkSpec] = {}
#: Each thread's Work of each run: a reader and a writer are not shared between threads.
_WORKS: dict[tuple[str, int], Work] = {}


class _WorkPlugin(distributed.WorkerPlugin):  # type: ignore[misc]
    """Gives each worker, once, what cleaning a file needs; the pipeline inside is built once
    per worker process (a :class:`PipelineRef`)."""

    def __init__(self, spec: WorkSpec) -> None:
        self.pipeline = PipelineRef(spec.pipeline)
        self.spec = replace(spec, pipeline=None)
        blob = f"{self.pipeline.token}:{spec.output_dir}:{spec.run_key}"
        self.name = f"textclean-{hashlib.sha256(blob.encode()).hexdigest()[:16]}"

    def setup(self, worker: Any) -> None:
        _SPECS[self.name] = replace(self.spec, pipeline=self.pipeline.pipeline)

    def teardown(self, worker: Any) -> None:
        _SPECS.pop(self.name, None)
        for key in [key for key in _WORKS if key[0] == self.name]:
            _WORKS.pop(key).reader.close()


def _work(name: str) -> Work:
    """This thread's Work for the run ``name``, made on first use."""
    key = (name, threading.get_ident())
    work = _WORKS.get(key)
    if work is None:
        work = _WORKS[key] = _SPECS[name]()
    return work


def _run_unit(name: str, job: Job) -> Outcome:
    return clean_unit(_work(name), job)


@contextlib.contextmanager
def _client(scheduler: str | None, workers: int) -> Iterator[Any]:
    if scheduler is not None:
        with distributed.Client(scheduler, set_as_default=False) as client:
            yield client
        return
    with distributed.LocalCluster(
        n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1",
        dashboard_address="127.0.0.1:0", silence_logs=logging.ERROR,
    ) as cluster, distributed.Client(cluster, set_as_default=False) as client:
        yield client


def dask_outcomes(
    spec: WorkSpec,
    items: Iterable[Job],
    *,
    lost: Callable[[Job, str], Outcome],
    workers: int,
    scheduler: str | None,
) -> Iterator[Outcome]:
    """Each job cleaned on a Dask worker, the outcomes in input order (as the local workers
    give them): on the cluster at ``scheduler``, or on a local cluster of ``workers``
    processes bound to 127.0.0.1 that lives as long as the run. A task that fails (its worker
    died too often) is ``lost`` alone."""
    with _client(scheduler, workers) as client:
        plugin = _WorkPlugin(spec)
        client.register_plugin(plugin, name=plugin.name)
        try:
            threads = sum(client.nthreads().values()) or 1
            yield from _in_order(client, plugin.name, items, lost, threads * TASKS_PER_THREAD)
        finally:
            with contextlib.suppress(Exception):
                client.unregister_worker_plugin(plugin.name)


def _in_order(client: Any, name: str, items: Iterable[Job], lost: Callable[[Job, str], Outcome],
              window: int) -> Iterator[Outcome]:
    pending: deque[tuple[Job, Any]] = deque()
    try:
        for job in items:
            pending.append((job, client.submit(_run_unit, name, job, pure=False)))
            if len(pending) >= window:
                yield _result(*pending.popleft(), lost)
        while pending:
            yield _result(*pending.popleft(), lost)
    finally:
        for _, future in pending:
            future.cancel()


def _result(job: Job, future: Any, lost: Callable[[Job, str], Outcome]) -> Outcome:
    try:
        return future.result()
    except Exception as exc:
        return lost(job, f"the Dask task failed ({type(exc).__name__}: {exc})")
    finally:
        future.release()
