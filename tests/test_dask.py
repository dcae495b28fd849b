"""Dask: ``--engine dask`` writes what the local engine writes, bags and dataframes are
cleaned where they live, and each worker builds the pipeline once. Every test runs on a
LocalCluster of 2 worker processes bound to 127.0.0.1 that this module starts and stops."""

from __future__ import annotations

import gzip
import json
import logging
from pathlib import Path

import dask.bag as db
import dask.dataframe as dd
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from distributed import Client, LocalCluster
from typer.testing import CliRunner

import textclean.pool
from textclean import Pipeline
from textclean.cli import app
from textclean.dask import clean_bag, clean_dataframe
from textclean.pool import PipelineRef
from textclean.records import MISSING, RecordFields, clean_record
from textclean.runner import RunOptions, run_tree

FAULT = '''\
from dataclasses import dataclass
from textclean import Stage, Step, hookimpl

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
'''


@pytest.fixture(scope="module")
def client():
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address="127.0.0.1:0", silence_logs=logging.ERROR) as cluster, \
            Client(cluster, set_as_default=False) as connected:
        yield connected


def make_tree(root: Path) -> Path:
    root.mkdir(parents=True)
    for index in range(6):
        (root / f"doc{index}.txt").write_text(
            f"Sergey Lavrov said so, {index}.  \n\n\n\nShare this article\n"
            + ("POISON\n" if index == 3 else ""))
    lines = [{"id": i, "text": f"ISIS claims {i}." + (" POISON" if i == 2 else "")}
             for i in range(5)]
    shard = "".join(json.dumps(line) + "\n" for line in lines) + "not json\n"
    (root / "sub").mkdir()
    (root / "sub" / "a.jsonl").write_text(shard)
    (root / "sub" / "b.jsonl.gz").write_bytes(gzip.compress(shard.encode(), mtime=0))
    pq.write_table(pa.table({"text": ["Share this article\nDaesh did it.", None], "n": [1, 2]}),
                   root / "sub" / "c.parquet")
    (root / "page.html").write_text(
        "<html><head><title>A title here</title></head><body><article><p>Sergey Lavrov spoke "
        "at length about the talks in Geneva on Thursday.</p></article></body></html>")
    (root / "binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    return root


def outputs(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.is_file() and p.name not in ("manifest.jsonl", ".textclean.lock")}


def stable_manifest(out: Path) -> list[dict]:
    return [{k: v for k, v in json.loads(line).items() if k != "timing"}
            for line in (out / "manifest.jsonl").read_text().splitlines()]


def test_engine_dask_writes_the_same_bytes_as_the_local_engine(client, tmp_path):
    src = make_tree(tmp_path / "in")
    plugin = tmp_path / "fault.py"
    plugin.write_text(FAULT)
    pipeline = Pipeline(plugins=[str(plugin)])  # a plugin from a file: workers import it too
    local = run_tree(pipeline, src, tmp_path / "local", RunOptions(jobs=2))
    remote = run_tree(pipeline, src, tmp_path / "dask",
                      RunOptions(engine="dask", scheduler=client.scheduler.address))
    assert (remote.ok, remote.skipped, remote.failed, remote.records, remote.records_failed) == (
        local.ok, local.skipped, local.failed, local.records, local.records_failed)
    assert (local.failed, local.records_failed) == (1, 5)  # doc3; POISON and bad records
    assert outputs(tmp_path / "dask") == outputs(tmp_path / "local")
    assert stable_manifest(tmp_path / "dask") == stable_manifest(tmp_path / "local")
    records = {r["path"]: r for r in stable_manifest(tmp_path / "dask")}
    assert records["doc3.txt"]["step"] == "fault"
    assert {"line": 3, "error": "step 'fault' (plugin 'fault') failed: ValueError: poisoned"} in \
        records["sub/a.jsonl"]["record_errors"]
    rerun = run_tree(pipeline, src, tmp_path / "dask",
                     RunOptions(engine="dask", scheduler=client.scheduler.address))
    assert rerun.reused == local.files - local.failed  # a failed file is redone


def test_engine_dask_without_a_scheduler_runs_on_its_own_local_cluster(tmp_path):
    src = make_tree(tmp_path / "in")
    run_tree(Pipeline(), src, tmp_path / "local")
    result = CliRunner().invoke(app, ["run", str(src), "-o", str(tmp_path / "dask"),
                                      "--engine", "dask", "--jobs", "2"])
    assert result.exit_code == 1, result.output  # bad records fail, as locally
    assert outputs(tmp_path / "dask") == outputs(tmp_path / "local")
    assert stable_manifest(tmp_path / "dask") == stable_manifest(tmp_path / "local")


def test_a_scheduler_without_the_dask_engine_is_an_error(tmp_path):
    (tmp_path / "in").mkdir()
    result = CliRunner().invoke(app, ["run", str(tmp_path / "in"), "-o", str(tmp_path / "out"),
                                      "--scheduler", "tcp://127.0.0.1:8786"])
    assert result.exit_code == 2
    assert result.output.splitlines()[-1] == "textclean: error: --scheduler needs --engine dask"


def test_clean_bag_cleans_records_and_texts_and_flags_failures(client):
    items = [{"id": 1, "text": "Sergey Lavrov said.  ", "lang": "en"}, "ISIS did it.",
             {"id": 3, "body": "no text"}, {"id": 4, "text": None}] * 3
    bag = db.from_sequence(items, npartitions=4)
    cleaned = clean_bag(bag).compute(scheduler=client.get)
    pipeline = Pipeline()
    assert len(cleaned) == len(items)
    first, second, third, fourth = cleaned[:4]
    assert first == {"id": 1, "text": "Sergei Lavrov said.\n", "lang": "en",
                     "textclean": clean_record(pipeline, RecordFields(),
                                               lambda name: items[0].get(name, MISSING)).meta}
    assert second["text"] == "Islamic State did it.\n" and list(second) == ["text", "textclean"]
    assert third["textclean"]["error"] == "no field 'text'" and "text" not in third
    assert (fourth["text"], fourth["textclean"]["status"]) == (None, "failed")
    texts = clean_bag(db.from_sequence(["A  ", "B"], npartitions=2)).pluck("text")
    assert texts.compute(scheduler=client.get) == ["A\n", "B\n"]


def test_clean_dataframe_cleans_a_column_and_adds_the_metadata_column(client):
    frame = pd.DataFrame({"text": ["Sergey Lavrov said.", None, "Share this article\nx"],
                          "url": ["https://www.rt.com/a", None, None], "n": [1, 2, 3]})
    ddf = dd.from_pandas(frame, npartitions=2)
    cleaned = clean_dataframe(ddf, url_column="url").compute(scheduler=client.get)
    assert list(cleaned.columns) == ["text", "url", "n", "textclean"]
    assert cleaned["text"].tolist()[0::2] == ["Sergei Lavrov said.\n", "x\n"]
    assert pd.isna(cleaned["text"].tolist()[1])
    assert cleaned["n"].tolist() == [1, 2, 3]
    meta = cleaned["textclean"].tolist()
    assert [m["status"] for m in meta] == ["ok", "failed", "ok"]
    assert (meta[0]["url"], meta[0]["outlet"]) == ("https://www.rt.com/a", "rt")


def test_each_worker_unpickles_the_pipeline_once_however_many_tasks(client):
    ref = PipelineRef(Pipeline(skip="headlines"))
    bag = db.from_sequence([f"Text {i}." for i in range(64)], npartitions=16)
    assert len(clean_bag(bag, ref.pipeline).compute(scheduler=client.get)) == 64
    counts = client.run(lambda: dict(textclean.pool.UNPICKLED))
    assert len(counts) == 2
    assert all(seen.get(ref.token, 0) <= 1 for seen in counts.values()), counts
    assert sum(seen.get(ref.token, 0) for seen in counts.values()) >= 1


def test_a_dask_task_that_fails_fails_its_own_file_only():
    from textclean.dask import _in_order
    from textclean.io import Entry
    from textclean.runner import _lost
    from textclean.units import Job, Outcome

    class Future:
        def __init__(self, job):
            self.job = job
            self.released = self.cancelled = False

        def result(self):
            if self.job.entry.path == "b.txt":
                raise RuntimeError("KilledWorker: worker died 4 times")
            return Outcome(self.job.entry.path, None)

        def release(self):
            self.released = True

        def cancel(self):
            self.cancelled = True

    class FakeClient:
        def __init__(self):
            self.futures: list[Future] = []

        def submit(self, function, name, job, pure):
            self.futures.append(Future(job))
            return self.futures[-1]

    client = FakeClient()
    jobs = [Job(Entry(name)) for name in ("a.txt", "b.txt", "c.txt")]
    outcomes = list(_in_order(client, "run", jobs, _lost, window=2))
    assert [o.path for o in outcomes] == ["a.txt", "b.txt", "c.txt"]
    assert [o.record is None for o in outcomes] == [True, False, True]
    assert outcomes[1].record.error == ("the Dask task failed (RuntimeError: KilledWorker: worker "
                                        "died 4 times) while cleaning this document")
    assert all(future.released for future in client.futures)
