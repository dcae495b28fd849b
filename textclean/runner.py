"""A run over a tree of files: workers, the manifest, resume, and per-document failures.

One bad document never stops a run: it is recorded as ``failed`` (or ``skipped``) with its reason
and the run goes on. Records reach the manifest in input-path order whatever the number of
workers, so ``--jobs 1`` and ``--jobs N`` write the same bytes.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import signal
import time
import traceback
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from textclean.decode import decode_bytes
from textclean.errors import StepError
from textclean.io import (
    MANIFEST,
    Entry,
    ManifestLog,
    Prior,
    atomic_write,
    check_locations,
    index_manifest,
    remove_temporaries,
    walk,
)
from textclean.pipeline import Pipeline

__all__ = ["ERROR_LOG", "RunOptions", "Summary", "run_tree"]

ERROR_LOG = "textclean-errors.log"
Record = dict[str, Any]


@dataclass(frozen=True)
class RunOptions:
    """How a tree is run; the defaults are those of ``textclean run``."""

    jobs: int = 1
    include: tuple[str, ...] = ("**/*.txt",)
    exclude: tuple[str, ...] = ()
    outlet: str | None = None
    force: bool = False
    fail_fast: bool = False


@dataclass
class Summary:
    """What a run did, for the closing report."""

    ok: int = 0
    skipped: int = 0
    failed: int = 0
    reused: int = 0
    bytes_in: int = 0
    bytes_out: int = 0
    removed_by_rule: Counter[str] = field(default_factory=Counter)
    aliases_replaced: int = 0
    urls_extracted: int = 0
    temporaries_removed: int = 0
    elapsed: float = 0.0
    interrupted: bool = False
    stopped_early: bool = False
    failures: list[tuple[str, str]] = field(default_factory=list)

    @property
    def files(self) -> int:
        return self.ok + self.skipped + self.failed

    @property
    def mb_per_second(self) -> float:
        return self.bytes_in / 1e6 / self.elapsed if self.elapsed > 0 else 0.0

    def add(self, record: Record, *, reused: bool) -> None:
        status = record["status"]
        if status == "ok":
            self.ok += 1
        elif status == "skipped":
            self.skipped += 1
        else:
            self.failed += 1
            self.failures.append((record["path"], record.get("error", "")))
        self.reused += reused
        self.bytes_in += record.get("bytes_in", 0)
        self.bytes_out += record.get("bytes_out", 0)
        for edit in record.get("edits", ()):
            if edit["step"] == "aliases":
                self.aliases_replaced += 1
            elif edit["after"] == "" and edit["step"] != "whitespace":
                # "pagetext.short: 4 chars, ..." counts as "pagetext.short"
                self.removed_by_rule[edit["rule"].split(":", 1)[0]] += 1
        self.urls_extracted += len(record.get("urls", ())) + (1 if record.get("url") else 0)


def _base_record(path: str) -> Record:
    return {
        "path": path,
        "status": "ok",
        "url": None,
        "urls": [],
        "title": None,
        "date": None,
        "outlet": None,
        "outlet_from": None,
        "encoding": None,
        "warnings": [],
        "edits": [],
    }


def process_entry(
    pipeline: Pipeline,
    input_dir: Path,
    output_dir: Path,
    entry: Entry,
    outlet: str | None = None,
    prior: Prior | None = None,
) -> Record:
    """Clean one file and write its output; never raises for a bad document. When ``prior``
    (the earlier run's record) still holds, returns only ``{"path", "_reused": True}``."""
    started = time.perf_counter()
    record = _base_record(entry.path)
    record["fingerprint"] = pipeline.fingerprint
    if entry.skip_reason:
        record.update(status="skipped", reason=entry.skip_reason)
        return record
    try:
        data = (input_dir / entry.path).read_bytes()
    except OSError as exc:
        record.update(status="failed", error=f"cannot read: {exc.strerror or exc}")
        return record
    digest = hashlib.sha256(data).hexdigest()
    if prior is not None and _reusable(prior, entry.path, digest, pipeline.fingerprint,
                                       output_dir):
        return {"path": entry.path, "_reused": True}
    record["sha256"] = digest
    record["bytes_in"] = len(data)
    decoded = decode_bytes(data)
    record["encoding"] = decoded.encoding
    record["warnings"] = list(decoded.warnings)
    if decoded.skipped is not None or decoded.text is None:
        record.update(status="skipped", reason=decoded.skipped or "not text")
        return record
    try:
        doc = pipeline(decoded.text, outlet=outlet, source=entry.path)
    except StepError as exc:
        record.update(status="failed", error=str(exc), step=exc.step, plugin=exc.plugin)
        record["_traceback"] = traceback.format_exc()
        return record
    except Exception as exc:
        record.update(status="failed", error=f"{type(exc).__name__}: {exc}")
        record["_traceback"] = traceback.format_exc()
        return record
    out = doc.text.encode("utf-8")
    try:
        atomic_write(output_dir / entry.path, out)
    except OSError as exc:
        record.update(status="failed", error=f"cannot write output: {exc.strerror or exc}")
        return record
    meta = doc.meta
    record.update(
        url=meta.url,
        urls=list(meta.urls),
        title=meta.title,
        date=meta.date,
        outlet=meta.outlet,
        outlet_from=meta.outlet_from,
        warnings=record["warnings"] + list(pipeline.warnings),
        edits=[edit.to_dict() for edit in doc.edits],
        bytes_out=len(out),
    )
    if meta.extra:
        record["extra"] = dict(meta.extra)
    record["timing"] = {"seconds": round(time.perf_counter() - started, 6)}
    return record


def _reusable(prior: Prior, path: str, digest: str, fingerprint: str, output_dir: Path) -> bool:
    if prior.sha256 != digest or prior.fingerprint != fingerprint:
        return False
    if prior.status == "ok":
        return (output_dir / path).is_file()
    return prior.status == "skipped"


# -- workers ---------------------------------------------------------------------------------

_worker_state: dict[str, Any] = {}


def _init_worker(pipeline: Pipeline, input_dir: Path, output_dir: Path, outlet: str | None) -> None:
    # Ctrl-C goes to the whole process group; the parent alone decides how to stop.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _worker_state.update(pipeline=pipeline, input_dir=input_dir, output_dir=output_dir,
                         outlet=outlet)


Job = tuple[Entry, Prior | None]


def _work(job: Job) -> Record:
    state = _worker_state
    entry, prior = job
    return process_entry(state["pipeline"], state["input_dir"], state["output_dir"], entry,
                         state["outlet"], prior)


def _ordered_parallel(executor: ProcessPoolExecutor, jobs: Iterable[Job], window: int
                      ) -> Iterator[Record]:
    """Results in submission order with at most ``window`` documents in flight, so memory does
    not grow with the number of files."""
    pending: deque[Future[Record]] = deque()
    for job in jobs:
        pending.append(executor.submit(_work, job))
        if len(pending) >= window:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


# -- the run ---------------------------------------------------------------------------------


def run_tree(
    pipeline: Pipeline,
    input_dir: Path,
    output_dir: Path,
    options: RunOptions = RunOptions(),
    *,
    on_record: Callable[[Record], None] | None = None,
    on_start: Callable[[int], None] | None = None,
) -> Summary:
    """Clean every matching file of ``input_dir`` into ``output_dir`` and write the manifest.

    A rerun reuses each document whose input hash and pipeline fingerprint match its manifest
    record (unless ``force``). ``KeyboardInterrupt`` stops the workers, keeps what is finished,
    and is re-raised after the manifest is written.
    """
    started = time.perf_counter()
    check_locations(input_dir, output_dir)
    output_dir.mkdir(parents=True, exist_ok=True)
    summary = Summary(temporaries_removed=remove_temporaries(output_dir))
    manifest_path = output_dir / MANIFEST
    if options.force:
        manifest_path.unlink(missing_ok=True)
    prior = index_manifest(manifest_path)
    entries = walk(input_dir, options.include, options.exclude)
    if on_start is not None:
        on_start(len(entries))
    jobs = [(entry, prior.get(entry.path)) for entry in entries]
    spans: dict[str, tuple[int, int]] = {}
    log_path = output_dir / ERROR_LOG
    with ManifestLog(manifest_path) as manifest:
        try:
            for result in _results(pipeline, input_dir, output_dir, options, jobs):
                path = result["path"]
                reused = bool(result.pop("_reused", False))
                if reused:
                    spans[path] = (prior[path].offset, prior[path].length)
                    record = manifest.read(*spans[path])
                else:
                    record = result
                    trace = record.pop("_traceback", None)
                    if trace:
                        with log_path.open("a", encoding="utf-8") as log:
                            log.write(f"== {path}\n{trace}\n")
                    spans[path] = manifest.append(record)
                summary.add(record, reused=reused)
                if on_record is not None:
                    on_record(record)
                if options.fail_fast and record["status"] == "failed":
                    summary.stopped_early = True
                    break
        except KeyboardInterrupt:
            summary.interrupted = True
            raise
        finally:
            # In input-path order; records of an earlier run not redone this time are kept, so
            # an interrupted run can still be resumed from them.
            manifest.finalize(
                spans.get(entry.path) or (prior[entry.path].offset, prior[entry.path].length)
                for entry in entries
                if entry.path in spans or entry.path in prior
            )
            summary.elapsed = time.perf_counter() - started
    return summary


def _results(
    pipeline: Pipeline,
    input_dir: Path,
    output_dir: Path,
    options: RunOptions,
    jobs: list[Job],
) -> Iterator[Record]:
    if options.jobs <= 1 or len(jobs) <= 1:
        for entry, prior in jobs:
            yield process_entry(pipeline, input_dir, output_dir, entry, options.outlet, prior)
        return
    context = multiprocessing.get_context("fork")
    executor = ProcessPoolExecutor(
        max_workers=options.jobs,
        mp_context=context,
        initializer=_init_worker,
        initargs=(pipeline, input_dir, output_dir, options.outlet),
    )
    try:
        yield from _ordered_parallel(executor, jobs, window=options.jobs * 16)
    finally:
        executor.shutdown(wait=True, cancel_futures=True)
