"""A run over a tree of files (or one file): the output folder's lock, resume, workers, the
manifest, and per-document failures.

One bad document never stops a run: it is recorded as ``failed`` (or ``skipped``) with its
reason and the run goes on, whether a step raised, called ``sys.exit``, killed its process or
returned something that cannot be written. Files are cleaned in worker processes
(:mod:`textclean.workers`, or Dask workers with ``engine="dask"``), in chunks, each worker set
up once; records reach the manifest in input-path order whatever the number of workers, so
``--jobs 1`` and ``--jobs N`` write the same bytes. :func:`clean_unit` is the whole work of one
input file, whatever its kind (:mod:`textclean.units`): the unit a worker runs.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import os
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO

from textclean.config import did_you_mean
from textclean.documents import clean_document
from textclean.errors import ConfigError, InputError
from textclean.extras import require
from textclean.formats import COMPRESSION_CHOICES, DEFAULT_INCLUDE, describe_include, file_format
from textclean.io import (
    MANIFEST,
    TEMP_PREFIX,
    Entry,
    OutputLock,
    OutputWriter,
    TreeReader,
    check_file_location,
    check_locations,
    file_mode,
    remove_temporaries,
    walk,
)
from textclean.manifest import (
    EDITS_FILE,
    EditsLog,
    ManifestLog,
    ManifestRecord,
    Prior,
    index_edits,
    index_manifest,
)
from textclean.pipeline import Pipeline
from textclean.records import RecordFields
from textclean.shards import clean_shard
from textclean.units import (
    ERROR_LOG,
    FILE_WORK,
    PIPELINE_CALLS,
    PIPELINE_OVERHEAD,
    EditsMode,
    Job,
    Outcome,
    Work,
    plan_outputs,
    unsupported,
)
from textclean.workers import WorkerPool

__all__ = [
    "EDITS_MODES",
    "ENGINES",
    "ERROR_LOG",
    "Job",
    "Outcome",
    "RunOptions",
    "Summary",
    "WorkSpec",
    "check_outlet",
    "clean_file",
    "clean_unit",
    "known_outlets",
    "run_tree",
]

EDITS_MODES = ("counts", "full")
ENGINES = ("local", "dask")
#: Documents per message to a worker: enough to share the cost of a message, few enough that a
#: worker's death costs little to redo.
CHUNK = 8
#: Records appended between two flushes of the manifest to disk.
FLUSH_EVERY = 64
#: Failed records of shards that a run's summary lists (the manifest lists more).
RECORD_FAILURES_KEPT = 100


@dataclass(frozen=True)
class RunOptions:
    """How a tree is run; the defaults are those of ``textclean run``.

    ``outlet`` and ``edits`` change what a run writes, so they are part of every document's
    resume key, and so are ``compression`` and, for shards, ``fields``; the others choose which
    files are cleaned and how. ``engine`` ``"dask"`` runs the files on Dask workers: those of
    the cluster at ``scheduler``, or of a local cluster of ``jobs`` workers. ``profile`` adds
    the time each step spent, and its MB/s, to the summary.
    """

    jobs: int = 1
    include: tuple[str, ...] = DEFAULT_INCLUDE
    exclude: tuple[str, ...] = ()
    outlet: str | None = None
    force: bool = False
    fail_fast: bool = False
    edits: EditsMode = "counts"
    delete_stale: bool = False
    fields: RecordFields = field(default_factory=RecordFields)
    compression: str = "keep"
    engine: str = "local"
    scheduler: str | None = None
    profile: bool = False

    def output_key(self) -> dict[str, str | None]:
        """The options that change the output files, the manifest or ``edits.jsonl``."""
        return {"outlet": self.outlet, "edits": self.edits}


@dataclass
class Summary:
    """What a run did, for the closing report."""

    ok: int = 0
    skipped: int = 0
    failed: int = 0
    reused: int = 0
    bytes_in: int = 0
    bytes_out: int = 0
    edits_by_rule: Counter[str] = field(default_factory=Counter)
    aliases_replaced: int = 0
    urls_extracted: int = 0
    temporaries_removed: int = 0
    elapsed: float = 0.0
    interrupted: bool = False
    stopped_early: bool = False
    failures: list[tuple[str, str]] = field(default_factory=list)
    stale: list[str] = field(default_factory=list)
    stale_removed: int = 0
    warnings: list[str] = field(default_factory=list)
    config: str | None = None
    records: int = 0
    records_failed: int = 0
    record_failures: list[tuple[str, str]] = field(default_factory=list)
    step_seconds: Counter[str] = field(default_factory=Counter)
    profiled_bytes: int = 0

    @property
    def files(self) -> int:
        return self.ok + self.skipped + self.failed

    @property
    def mb_per_second(self) -> float:
        return self.bytes_in / 1e6 / self.elapsed if self.elapsed > 0 else 0.0

    def add(self, record: ManifestRecord, *, reused: bool) -> None:
        if record.status == "ok":
            self.ok += 1
        elif record.status == "skipped":
            self.skipped += 1
        else:
            self.failed += 1
            self.failures.append((record.path, record.error or ""))
        self.reused += reused
        self.bytes_in += record.bytes_in
        self.bytes_out += record.bytes_out
        self.edits_by_rule.update(record.edits)
        self.aliases_replaced += sum(count for rule, count in record.edits.items()
                                     if rule.startswith("aliases."))
        self.urls_extracted += len(record.urls) + (1 if record.url else 0)
        self.records += record.records or 0
        self.records_failed += record.records_failed or 0
        for error in record.record_errors:
            if len(self.record_failures) < RECORD_FAILURES_KEPT:
                where = ", ".join(f"{k} {v}" for k, v in error.items() if k != "error")
                self.record_failures.append((f"{record.path}, {where}", error["error"]))

    def add_timings(self, record: ManifestRecord, timings: tuple[tuple[str, float], ...]
                    ) -> None:
        """Count one cleaned unit's seconds per step (``--profile``)."""
        self.profiled_bytes += record.bytes_in
        for name, seconds in timings:
            self.step_seconds[name] += seconds

    def profile(self) -> list[tuple[str, float, float]]:
        """Each step with its seconds (summed over workers) and the MB/s of input it ran at,
        slowest first; the pipeline's own time and the file work last."""
        megabytes = self.profiled_bytes / 1e6
        rows = [(name, seconds, megabytes / seconds if seconds > 0 else 0.0)
                for name, seconds in self.step_seconds.items()]
        last = (PIPELINE_OVERHEAD, FILE_WORK)
        rows.sort(key=lambda row: (row[0] in last, last.index(row[0]) if row[0] in last else 0,
                                   -row[1]))
        return rows


# -- checking what a run is asked to do ------------------------------------------------------


def known_outlets(pipeline: Pipeline) -> set[str]:
    """Outlet names that change something: named by a rule or by the ``[outlets]`` map."""
    names = set(pipeline.config.outlet_entries())
    for rule in pipeline.context.rules.rules:
        names.update(rule.outlets or ())
    return names


def check_outlet(pipeline: Pipeline, outlet: str | None) -> None:
    """An ``--outlet`` that no rule or map entry names would do nothing: a one-line error."""
    if outlet is None:
        return
    known = known_outlets(pipeline)
    if outlet not in known:
        hint = did_you_mean(outlet, known) or (
            f" (known: {', '.join(sorted(known))})" if known else " (no rule names an outlet)"
        )
        raise ConfigError(f"--outlet: unknown outlet '{outlet}'{hint}")


def _check_options(pipeline: Pipeline, options: RunOptions) -> None:
    if options.jobs < 1:
        raise ConfigError(f"--jobs must be at least 1, not {options.jobs}")
    if options.edits not in EDITS_MODES:
        raise ConfigError(f"--edits: '{options.edits}' is not one of {', '.join(EDITS_MODES)}"
                          f"{did_you_mean(options.edits, EDITS_MODES)}")
    if options.compression not in COMPRESSION_CHOICES:
        raise ConfigError(f"--compression: '{options.compression}' is not one of "
                          f"{', '.join(COMPRESSION_CHOICES)}"
                          f"{did_you_mean(options.compression, COMPRESSION_CHOICES)}")
    if options.engine not in ENGINES:
        raise ConfigError(f"--engine: '{options.engine}' is not one of {', '.join(ENGINES)}"
                          f"{did_you_mean(options.engine, ENGINES)}")
    if options.scheduler is not None and options.engine != "dask":
        raise ConfigError("--scheduler needs --engine dask")
    if options.engine == "dask":
        require("distributed", "dask", "--engine dask")
    options.fields.check()
    check_outlet(pipeline, options.outlet)


def _nothing_to_clean(input_dir: Path, include: tuple[str, ...]) -> str:
    """A warning that says why a run cleans nothing, and what it would take."""
    found: Counter[str] = Counter()
    for _folder, _dirs, files in os.walk(input_dir):
        found.update(os.path.splitext(name)[1] or "(no extension)" for name in files
                     if not name.startswith(TEMP_PREFIX))
    taken = describe_include(include)
    if not found:
        return f"nothing to clean: {input_dir} holds no files (--include {taken})"
    seen = ", ".join(f"{ext} ({count})" for ext, count in found.most_common(5))
    return (f"nothing to clean: no file under {input_dir} matches --include {taken}; "
            f"found {sum(found.values())} other files: {seen}")


# -- one unit of work -----------------------------------------------------------------------


def run_key(pipeline: Pipeline, options: RunOptions) -> str:
    """The part of every resume key that is the same for all documents of a run."""
    blob = json.dumps([pipeline.fingerprint, options.output_key()], sort_keys=True)
    return hashlib.sha256(blob.encode()).hexdigest()


#: How each kind of file is cleaned: one document per file, or one per record.
UNITS = {"text": clean_document, "html": clean_document, "jsonl": clean_shard,
         "parquet": clean_shard}


def clean_unit(work: Work, job: Job) -> Outcome:
    """Clean one input file, of any kind, into its output and make its record; never raises
    for a bad document or record. Returns ``record=None`` when the earlier record still holds
    (same key, output unchanged)."""
    started = time.perf_counter()
    entry = job.entry
    fmt = file_format(entry.path)
    output = fmt.output_path(entry.path, work.compression)
    record = ManifestRecord(entry.path, output=None if output == entry.path else output,
                            fingerprint=work.fingerprint, config=work.config)
    reason = entry.skip_reason or unsupported(fmt, work)
    if reason is not None:
        return _encoded(Outcome(entry.path, replace(record, status="skipped", reason=reason)))
    work.timings = {} if work.profile else None
    outcome = UNITS[fmt.kind](work, job, fmt, record)
    if outcome.record is None:
        return outcome
    if outcome.record.status != "ok":
        return _encoded(outcome)
    elapsed = time.perf_counter() - started
    outcome = replace(outcome, record=outcome.record.with_seconds(elapsed))
    timings = work.timings
    if timings is not None:
        inside = timings.pop(PIPELINE_CALLS, 0.0)
        timings[PIPELINE_OVERHEAD] = max(inside - sum(timings.values()), 0.0)
        timings[FILE_WORK] = max(elapsed - inside, 0.0)
        outcome = replace(outcome, timings=tuple(timings.items()))
    return _encoded(outcome)


def _encoded(outcome: Outcome) -> Outcome:
    """The outcome with its record's manifest line, encoded here in the worker."""
    assert outcome.record is not None
    return replace(outcome, line=outcome.record.to_line())


#: The unit a worker runs, by its earlier name.
clean_file = clean_unit


# -- the run ---------------------------------------------------------------------------------


def run_tree(
    pipeline: Pipeline,
    input_dir: Path,
    output_dir: Path,
    options: RunOptions = RunOptions(),
    *,
    on_record: Callable[[ManifestRecord], None] | None = None,
    on_start: Callable[[int], None] | None = None,
) -> Summary:
    """Clean every matching file of ``input_dir`` (or the one file it names) into
    ``output_dir`` and write the manifest.

    The run holds a lock on ``output_dir`` (a second run there is an :class:`InputError`
    naming the first one's process). A rerun reuses each document whose resume key matches its
    valid manifest record and whose output is unchanged (unless ``force``). Outputs whose input
    is no longer part of the run are listed in :attr:`Summary.stale` and, with
    ``delete_stale``, removed. ``KeyboardInterrupt`` stops the workers, keeps what is finished,
    and is re-raised after the manifest is written.
    """
    started = time.perf_counter()
    _check_options(pipeline, options)
    if input_dir.is_dir() or not input_dir.exists():
        check_locations(input_dir, output_dir)
    else:
        check_file_location(input_dir, output_dir)
    mode = file_mode()
    try:
        output_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"cannot make output folder {output_dir}: {exc.strerror or exc}"
                         ) from None
    with OutputLock(output_dir, mode=mode):
        summary = Summary(config=pipeline.config.path)
        try:
            summary.temporaries_removed = remove_temporaries(output_dir)
            _run_locked(pipeline, input_dir, output_dir, options, mode, summary,
                        on_record, on_start)
        except OSError as exc:
            raise InputError(f"{exc.filename or output_dir}: {exc.strerror or exc}") from None
        finally:
            summary.elapsed = time.perf_counter() - started
    return summary


def _run_locked(
    pipeline: Pipeline,
    input_dir: Path,
    output_dir: Path,
    options: RunOptions,
    mode: int,
    summary: Summary,
    on_record: Callable[[ManifestRecord], None] | None,
    on_start: Callable[[int], None] | None,
) -> None:
    manifest_path = output_dir / MANIFEST
    edits_path = output_dir / EDITS_FILE
    prior = index_manifest(manifest_path)
    if input_dir.is_dir():
        entries = walk(input_dir, options.include, options.exclude)
        if not entries:
            summary.warnings.append(_nothing_to_clean(input_dir, options.include))
        entries = plan_outputs(entries, input_dir, options.compression)
    else:
        entries = plan_outputs([_named_file(input_dir)], _root(input_dir), options.compression)
    if on_start is not None:
        on_start(len(entries))
    current = {entry.path for entry in entries}
    summary.stale = sorted(path for path, p in prior.items()
                           if p.status == "ok" and path not in current)
    full = options.edits == "full"
    prior_edits = index_edits(edits_path) if full else {}
    reusable = {} if options.force else prior  # with --force nothing is reused, all is redone
    spans: dict[str, tuple[int, int]] = {}
    edit_spans: dict[str, tuple[int, int]] = {}
    failing = False
    with ManifestLog(manifest_path, mode) as manifest, _edits_log(edits_path, mode, full) as log:
        try:
            jobs = (Job(e, reusable.get(e.path), prior_edits.get(e.path)) for e in entries)
            work = WorkSpec(pipeline, _root(input_dir), output_dir, options, mode, edits_path,
                            run_key(pipeline, options))
            with _ErrorLog(output_dir / ERROR_LOG, mode) as errors:
                for count, outcome in enumerate(_outcomes(work, options, jobs), 1):
                    record = _keep(outcome, prior, prior_edits, manifest, log, spans,
                                   edit_spans, errors)
                    summary.add(record, reused=outcome.record is None)
                    if outcome.timings is not None:
                        summary.add_timings(record, outcome.timings)
                    if count % FLUSH_EVERY == 0:
                        _flush(manifest, log)
                    if on_record is not None:
                        on_record(record)
                    if options.fail_fast and (record.status == "failed"
                                              or record.records_failed):
                        summary.stopped_early = True
                        break
            if options.delete_stale and summary.stale:
                _delete_stale(output_dir, summary, prior)
        except KeyboardInterrupt:
            summary.interrupted = True
            failing = True
            # The workers are stopped by now; one stopped while writing left its temporary.
            remove_temporaries(output_dir)
            raise
        except BaseException:
            failing = True
            raise
        finally:
            _finish(manifest, log, spans, edit_spans, prior, prior_edits, entries, summary,
                    failing)


def _keep(
    outcome: Outcome,
    prior: dict[str, Prior],
    prior_edits: dict[str, tuple[int, int]],
    manifest: ManifestLog,
    log: EditsLog | None,
    spans: dict[str, tuple[int, int]],
    edit_spans: dict[str, tuple[int, int]],
    errors: _ErrorLog,
) -> ManifestRecord:
    """Put one outcome into the logs; the record it stands for."""
    path = outcome.path
    if outcome.record is None:
        earlier = prior[path]
        spans[path] = (earlier.offset, earlier.length)
        if path in prior_edits:
            edit_spans[path] = prior_edits[path]
        return ManifestRecord.from_line(manifest.read(earlier.offset, earlier.length))
    if outcome.trace:
        errors.write(path, outcome.trace)
    if outcome.edits_file is not None and log is not None:
        edit_spans[path] = log.append_file(Path(outcome.edits_file))
    spans[path] = manifest.append(outcome.line or outcome.record.to_line())
    return outcome.record


def _flush(manifest: ManifestLog, log: EditsLog | None) -> None:
    if log is not None:
        log.flush()  # a record never reaches the disk before the edits it vouches for
    manifest.flush()


def _finish(
    manifest: ManifestLog,
    log: EditsLog | None,
    spans: dict[str, tuple[int, int]],
    edit_spans: dict[str, tuple[int, int]],
    prior: dict[str, Prior],
    prior_edits: dict[str, tuple[int, int]],
    entries: list[Entry],
    summary: Summary,
    failing: bool,
) -> None:
    """Rewrite the logs in input-path order: this run's records, the earlier records of
    documents not redone (an interrupted run resumes from them), and stale outputs' records
    until their outputs are deleted."""
    kept = [entry.path for entry in entries if entry.path in spans or entry.path in prior]
    order = sorted([*kept, *summary.stale])
    try:
        _flush(manifest, log)
        manifest.finalize(
            spans.get(path) or (prior[path].offset, prior[path].length) for path in order
        )
        if log is not None:
            log.finalize(edit_spans.get(path) or prior_edits[path] for path in order
                         if path in edit_spans or path in prior_edits)
    except OSError:
        if not failing:
            raise


def _delete_stale(output_dir: Path, summary: Summary, prior: dict[str, Prior]) -> None:
    """Remove the outputs whose input is gone; an output changed since it was written is
    kept and stays listed."""
    writer = OutputWriter(output_dir, 0)
    kept = []
    for path in summary.stale:
        output = prior[path].output or path
        if writer.sha256(output) in (prior[path].output_sha256, None):
            (output_dir / output).unlink(missing_ok=True)
            summary.stale_removed += 1
        else:
            kept.append(path)
    summary.stale = kept


class _ErrorLog:
    """``textclean-errors.log``: the traceback of each failed document, opened on first use."""

    def __init__(self, path: Path, mode: int) -> None:
        self.path = path
        self.mode = mode
        self._file: IO[str] | None = None

    def write(self, doc_path: str, trace: str) -> None:
        if self._file is None:
            fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_APPEND | os.O_CLOEXEC,
                         self.mode)
            self._file = os.fdopen(fd, "a", encoding="utf-8", errors="backslashreplace")
        self._file.write(f"== {doc_path}\n{trace}\n")
        self._file.flush()

    def __enter__(self) -> _ErrorLog:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._file is not None:
            self._file.close()


class _NoLog:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        return None


def _edits_log(path: Path, mode: int, full: bool) -> EditsLog | _NoLog:
    return EditsLog(path, mode) if full else _NoLog()


@dataclass(frozen=True)
class WorkSpec:
    """What a worker needs to make its :class:`~textclean.units.Work`: plain data, so it pickles
    to Dask workers as well as being inherited by forked ones. Calling it makes the Work."""

    pipeline: Pipeline
    input_dir: Path
    output_dir: Path
    options: RunOptions
    mode: int
    edits_path: Path
    run_key: str

    def __call__(self) -> Work:
        return Work(self.pipeline, TreeReader(self.input_dir),
                    OutputWriter(self.output_dir, self.mode), self.run_key, self.options.outlet,
                    self.options.edits, self.pipeline.config.path, self.edits_path,
                    self.options.fields, self.options.compression, self.options.profile)


def _root(input_path: Path) -> Path:
    """The folder a run reads from: the input folder, or the folder of a named file."""
    if input_path.is_dir():
        return input_path
    return _named_target(input_path).parent


def _named_target(path: Path) -> Path:
    # A file named on the command line may be a symlink: the user chose it.
    return path.resolve() if path.is_symlink() else path


def _named_file(path: Path) -> Entry:
    """The entry of a single file named as the input: its own name, read from its target when
    it is a symlink."""
    target = _named_target(path)
    return Entry(path.name, source=target.name if target.name != path.name else None)


def _lost(job: Job, reason: str) -> Outcome:
    record = ManifestRecord(job.entry.path, status="failed",
                            error=f"{reason} while cleaning this document")
    return Outcome(job.entry.path, record)


def _outcomes(spec: WorkSpec, options: RunOptions, items: Iterable[Job]) -> Iterator[Outcome]:
    if options.engine == "dask":
        from textclean.dask import dask_outcomes

        yield from dask_outcomes(spec, items, lost=_lost, workers=options.jobs,
                                 scheduler=options.scheduler)
        return
    pool: WorkerPool[Job, Outcome] = WorkerPool(
        size=options.jobs, setup=spec, handle=clean_unit, lost=_lost, chunk=CHUNK, weigh=_weight,
    )
    items = iter(items)
    first = next(items, None)
    if first is None:
        return
    spec.pipeline.warm_up()  # once, before the workers fork: they share what it builds
    yield from pool.map(itertools.chain((first,), items))


def _weight(job: Job) -> int:
    """A shard (many documents) fills a worker's chunk alone, so that shards spread over the
    workers instead of travelling eight to a message."""
    return CHUNK if file_format(job.entry.path).is_shard else 1
