"""Throughput of `textclean run` over JSON lines shards with the local engine (--jobs 1 and 2)
and the Dask engine (a LocalCluster of 2 worker processes on 127.0.0.1), measured side by side
in one run; then a process pool mapping the pipeline itself against the initializer pattern.

    python benchmarks/scale.py [PAGES.jsonl] [--megabytes 8] [--shards 8] [--repeat 2]
                               [--codec gz] [--documents 2000]

PAGES.jsonl is the development corpus of whole pages (default:
../shared/corpora/dev/readability_pages.jsonl from the repository root); its ``page_text``
fields, repeated to --megabytes, become the ``text`` of the shards' records. Each setting runs
--repeat times, interleaved, on fresh output folders; the best time is printed. The Dask
cluster is started once beforehand: its start-up time is printed on its own line.
"""

from __future__ import annotations

import argparse
import gzip
import json
import logging
import os
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from textclean import Pipeline, pool
from textclean.runner import RunOptions, Summary, run_tree

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_PAGES = ROOT.parent / "shared" / "corpora" / "dev" / "readability_pages.jsonl"


def page_texts(path: Path) -> list[str]:
    with path.open(encoding="utf-8") as handle:
        return [record["page_text"] for record in map(json.loads, handle)
                if record.get("page_text")]


def write_shards(texts: list[str], folder: Path, megabytes: float, shards: int,
                 codec: str | None) -> tuple[int, int]:
    """Shards of records ``{"id", "text"}`` holding ``megabytes`` of text; (records, bytes)."""
    folder.mkdir(parents=True)
    lines: list[list[bytes]] = [[] for _ in range(shards)]
    size = count = 0
    while size < megabytes * 1_000_000:
        text = texts[count % len(texts)]
        line = (json.dumps({"id": count, "text": text}, ensure_ascii=False) + "\n").encode()
        lines[count % shards].append(line)
        size += len(line)
        count += 1
    for index, shard in enumerate(lines):
        data = b"".join(shard)
        name = f"part-{index:03d}.jsonl"
        if codec == "gz":
            (folder / f"{name}.gz").write_bytes(gzip.compress(data, mtime=0))
        else:
            (folder / name).write_bytes(data)
    return count, size


def timed_run(src: Path, out: Path, options: RunOptions) -> tuple[float, Summary]:
    started = time.perf_counter()
    summary = run_tree(Pipeline(), src, out, options)
    return time.perf_counter() - started, summary


def engines(src: Path, work: Path, repeat: int, records: int, size: int) -> None:
    from distributed import LocalCluster

    started = time.perf_counter()
    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                           host="127.0.0.1", dashboard_address="127.0.0.1:0",
                           silence_logs=logging.ERROR)
    print(f"Dask LocalCluster of 2 workers started in {time.perf_counter() - started:.1f} s")
    settings = {
        "local --jobs 1": RunOptions(jobs=1),
        "local --jobs 2": RunOptions(jobs=2),
        "dask, 2 workers": RunOptions(engine="dask", scheduler=cluster.scheduler_address),
    }
    best: dict[str, float] = {}
    outputs: dict[str, Path] = {}
    try:
        for round_ in range(repeat):
            for name, options in settings.items():
                out = work / f"out-{round_}-{name.replace(' ', '_')}"
                seconds, summary = timed_run(src, out, options)
                assert summary.records == records, (name, summary.records)
                best[name] = min(best.get(name, seconds), seconds)
                outputs[name] = out
    finally:
        cluster.close()
    first = next(iter(outputs.values()))
    identical = all(_same_outputs(first, out) for out in outputs.values())
    print(f"\n{records} records, {size / 1e6:.1f} MB in {len(list(src.iterdir()))} shards; "
          f"outputs identical across engines: {identical}\n")
    print("| engine | seconds | records/s | MB/s | vs --jobs 1 |")
    print("| --- | ---: | ---: | ---: | ---: |")
    base = best["local --jobs 1"]
    for name, seconds in best.items():
        print(f"| {name} | {seconds:.2f} | {records / seconds:,.0f} | {size / 1e6 / seconds:.2f} "
              f"| {base / seconds:.2f}x |")


def _same_outputs(a: Path, b: Path) -> bool:
    names = sorted(p.name for p in a.iterdir() if p.name.startswith("part-"))
    return all((a / name).read_bytes() == (b / name).read_bytes() for name in names)


def _serial(texts: list[str]) -> list[str]:
    pipeline = Pipeline()
    return [pipeline(text).text for text in texts]


def _pipeline_per_chunk(texts: list[str]) -> list[str]:
    pipeline = Pipeline()
    with ProcessPoolExecutor(2) as executor:
        return [doc.text for doc in executor.map(pipeline, texts, chunksize=64)]


def _initializer(texts: list[str]) -> list[str]:
    with ProcessPoolExecutor(2, initializer=pool.init, initargs=(Pipeline(),)) as executor:
        return list(executor.map(pool.clean, texts, chunksize=64))


def pools(texts: list[str], documents: int, repeat: int) -> None:
    docs = [texts[i % len(texts)] for i in range(documents)]
    size = sum(len(d.encode()) for d in docs)
    ways: dict[str, Callable[[list[str]], list[str]]] = {
        "serial loop": _serial,
        "pool.map(pipeline, chunksize=64), 2 processes": _pipeline_per_chunk,
        "pool.map(pool.clean, chunksize=64), initializer, 2 processes": _initializer,
    }
    best: dict[str, float] = {}
    results = {}
    for _ in range(repeat):
        for name, way in ways.items():
            started = time.perf_counter()
            results[name] = way(docs)
            seconds = time.perf_counter() - started
            best[name] = min(best.get(name, seconds), seconds)
    same = len({tuple(r) for r in results.values()}) == 1
    print(f"\n{documents} documents, {size / 1e6:.1f} MB, one pipeline; same texts: {same}\n")
    print("| way | seconds | documents/s | vs serial |")
    print("| --- | ---: | ---: | ---: |")
    for name, seconds in best.items():
        print(f"| {name} | {seconds:.2f} | {documents / seconds:,.0f} "
              f"| {best['serial loop'] / seconds:.2f}x |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pages", nargs="?", type=Path, default=DEFAULT_PAGES)
    parser.add_argument("--megabytes", type=float, default=8.0)
    parser.add_argument("--shards", type=int, default=8)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--codec", choices=("gz",), default=None)
    parser.add_argument("--documents", type=int, default=2000)
    args = parser.parse_args()
    texts = page_texts(args.pages)
    print(f"{len(texts)} pages from {args.pages.name}; {os.cpu_count()} CPUs")
    with tempfile.TemporaryDirectory(prefix="textclean-scale-") as tmp:
        src = Path(tmp) / "in"
        records, size = write_shards(texts, src, args.megabytes, args.shards, args.codec)
        engines(src, Path(tmp), args.repeat, records, size)
    pools(texts, args.documents, args.repeat)


if __name__ == "__main__":
    main()
