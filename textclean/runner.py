"""A run over a tree of files: the output folder's lock, resume, workers, the manifest, and
per-document failures.

One bad document never stops a run: it is recorded as ``failed`` (or ``skipped``) with its
reason and the run goes on, whether a step raised, called ``sys.exit``, killed its process or
returned something that cannot be written. Documents are cleaned in worker processes
(:mod:`textclean.workers`), in chunks, each worker set up once; records reach the manifest in
input-path order whatever the number of workers, so ``--jobs 1`` and ``--jobs N`` write the same
bytes. :func:`clean_file` is the whole work of one input file: the unit a worker runs.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
import traceback
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO, Any, Literal

from textclean.config import did_you_mean
from textclean.decode import decode_bytes
from textclean.document import Document
from textclean.errors import ConfigError, InputError, StepError
from textclean.io import (
    MANIFEST,
    TEMP_PREFIX,
    Entry,
    NotRegularFile,
    OutputLock,
    OutputWriter,
    TreeReader,
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
    RecordError,
    edit_lines,
    index_edits,
    index_manifest,
)
from textclean.pipeline import Pipeline
from textclean.workers import WorkerPool

__all__ = [
    "EDITS_MODES",
    "ERROR_LOG",
    "Job",
    "Outcome",
    "RunOptions",
    "Summary",
    "check_outlet",
    "clean_file",
    "known_outlets",
    "run_tree",
]

ERROR_LOG = "textclean-errors.log"
#: Names of the profile's rows that are not steps.
PIPELINE_OVERHEAD = "(the pipeline between steps)"
FILE_WORK = "(read, decode, hash, write)"
EDITS_MODES = ("counts", "full")
EditsMode = Literal["counts", "full"]
#: Documents per message to a worker: enough to share the cost of a message, few enough that a
#: worker's death costs little to redo.
CHUNK = 8
#: Records appended between two flushes of the manifest to disk.
FLUSH_EVERY = 64
_EMPTY_SHA256 = hashlib.sha256(b"").hexdigest()


@dataclass(frozen=True)
class RunOptions:
    """How a tree is run; the defaults are those of ``textclean run``.

    ``outlet`` and ``edits`` change what a run writes, so they are part of every document's
    resume key; the others choose which files are cleaned and how. ``profile`` adds the time
    each step spent, and its MB/s, to the summary.
    """

    jobs: int = 1
    include: tuple[str, ...] = ("**/*.txt",)
    exclude: tuple[str, ...] = ()
    outlet: str | None = None
    force: bool = False
    fail_fast: bool = False
    edits: EditsMode = "counts"
    delete_stale: bool = False
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

    def add_timings(self, record: ManifestRecord, timings: tuple[tuple[str, float], ...]
                    ) -> None:
        """Count one cleaned document's seconds per step (``--profile``)."""
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
    check_outlet(pipeline, options.outlet)


def _nothing_to_clean(input_dir: Path, include: tuple[str, ...]) -> str:
    """A warning that says why a run cleans nothing, and what it would take."""
    found: Counter[str] = Counter()
    for _folder, _dirs, files in os.walk(input_dir):
        found.update(os.path.splitext(name)[1] or "(no extension)" for name in files
                     if not name.startswith(TEMP_PREFIX))
    taken = ", ".join(include)
    if not found:
        return f"nothing to clean: {input_dir} holds no files (--include {taken})"
    seen = ", ".join(f"{ext} ({count})" for ext, count in found.most_common(5))
    return (f"nothing to clean: no file under {input_dir} matches --include {taken}; "
            f"found {sum(found.values())} other files: {seen}")


# -- one document ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Job:
    """One input file to clean, with what an earlier run recorded of it."""

    entry: Entry
    prior: Prior | None = None
    prior_edits: tuple[int, int] | None = None


@dataclass(frozen=True, slots=True)
class Outcome:
    """What became of one job: a new record, or ``record=None`` when the earlier one still
    holds. ``trace`` is a failure's traceback, ``edits_file`` a temporary file holding the
    document's lines of ``edits.jsonl``, ``line`` the record as its manifest line, and
    ``timings`` (with ``--profile``) the seconds each step spent on the document, with the
    pipeline's own and the file work's."""

    path: str
    record: ManifestRecord | None
    trace: str | None = None
    edits_file: str | None = None
    line: bytes | None = None  # the record's manifest line, encoded by the worker
    timings: tuple[tuple[str, float], ...] | None = None  # with --profile: seconds by step


@dataclass
class Work:
    """What cleaning a file needs, made once per worker process."""

    pipeline: Pipeline
    reader: TreeReader
    writer: OutputWriter
    run_key: str
    outlet: str | None
    edits: EditsMode
    config: str | None
    edits_path: Path
    profile: bool = False

    @property
    def fingerprint(self) -> str:
        return self.pipeline.fingerprint


def run_key(pipeline: Pipeline, options: RunOptions) -> str:
    """The part of every resume key that is the same for all documents of a run."""
    blob = json.dumps([pipeline.fingerprint, options.output_key()], sort_keys=True)
    return hashlib.sha256(blob.encode()).hexdigest()


def _key(input_sha256: str, run: str) -> str:
    return hashlib.sha256(f"{input_sha256}:{run}".encode()).hexdigest()


def _failed(record: ManifestRecord, error: str, *, step: str | None = None,
            plugin: str | None = None, trace: bool = False) -> Outcome:
    failed = replace(record, status="failed", error=error, step=step, plugin=plugin)
    return Outcome(record.path, failed, traceback.format_exc() if trace else None,
                   line=failed.to_line())


def clean_file(work: Work, job: Job) -> Outcome:
    """Clean one input file into its output file and make its record; never raises for a bad
    document. Returns ``record=None`` when the earlier record still holds (same key, output
    unchanged). The record's manifest line is encoded here, in the worker, so the process that
    writes the manifest only appends bytes."""
    started = time.perf_counter()
    entry = job.entry
    fields: dict[str, Any] = {"fingerprint": work.fingerprint, "config": work.config}
    if entry.skip_reason:
        return _done(ManifestRecord(entry.path, status="skipped", reason=entry.skip_reason,
                                    **fields))
    try:
        data = work.reader.read(entry.read_path)
    except NotRegularFile as exc:
        return _done(ManifestRecord(entry.path, status="skipped", reason=str(exc), **fields))
    except OSError as exc:
        return _failed(ManifestRecord(entry.path, **fields),
                       f"cannot read: {exc.strerror or exc}")
    digest = hashlib.sha256(data).hexdigest()
    key = _key(digest, work.run_key)
    if job.prior is not None and _still_holds(work, job, key):
        return Outcome(entry.path, None)
    decoded = decode_bytes(data)
    fields.update(sha256=digest, key=key, bytes_in=len(data), encoding=decoded.encoding,
                  warnings=decoded.warnings)
    del data
    if decoded.text is None:
        return _done(ManifestRecord(entry.path, status="skipped",
                                    reason=decoded.skipped or "not text", **fields))
    timings: dict[str, float] | None = {} if work.profile else None
    cleaning = time.perf_counter()
    try:
        doc = work.pipeline(decoded.text, outlet=work.outlet, source=entry.path,
                            timings=timings)
    except StepError as exc:
        return _failed(ManifestRecord(entry.path, **fields), str(exc), step=exc.step,
                       plugin=exc.plugin, trace=True)
    except (Exception, SystemExit) as exc:
        return _failed(ManifestRecord(entry.path, **fields), f"{type(exc).__name__}: {exc}",
                       trace=True)
    cleaned = time.perf_counter() - cleaning
    del decoded
    try:
        out = doc.text.encode("utf-8")
    except UnicodeEncodeError as exc:
        return _failed(ManifestRecord(entry.path, **fields),
                       f"the cleaned text is not valid Unicode: {exc.reason} "
                       f"(U+{ord(doc.text[exc.start]):04X}) at character {exc.start}")
    meta = doc.meta
    try:
        extra = json.loads(json.dumps(dict(meta.extra), allow_nan=False)) if meta.extra else None
    except (TypeError, ValueError) as exc:
        return _failed(ManifestRecord(entry.path, **fields),
                       f"meta.extra cannot be written to the manifest: {exc}")
    fields.update(
        url=meta.url, urls=tuple(meta.urls), title=meta.title, date=meta.date,
        outlet=meta.outlet, outlet_from=meta.outlet_from,
        warnings=fields["warnings"] + work.pipeline.warnings,
        edits=dict(Counter(edit.rule.partition(":")[0] for edit in doc.edits)), extra=extra,
        output_sha256=hashlib.sha256(out).hexdigest(), bytes_out=len(out),
    )
    record = ManifestRecord(entry.path, **fields)
    try:
        record.check()
    except (RecordError, TypeError) as exc:
        return _failed(record, f"a step left metadata that cannot be recorded: {exc}")
    edits_file = None
    try:
        if work.edits == "full":
            edits_file, edits_sha256 = _write_edits(work, entry.path, doc)
            record = replace(record, edits_sha256=edits_sha256)
        work.writer.write(entry.path, out)
    except OSError as exc:
        if edits_file is not None:
            Path(edits_file).unlink(missing_ok=True)
        return _failed(record, f"cannot write output: {exc.strerror or exc}")
    elapsed = time.perf_counter() - started
    record = record.with_seconds(elapsed)
    profile = None
    if timings is not None:
        timings[PIPELINE_OVERHEAD] = max(cleaned - sum(timings.values()), 0.0)
        timings[FILE_WORK] = max(elapsed - cleaned, 0.0)
        profile = tuple(timings.items())
    return Outcome(entry.path, record, edits_file=edits_file, line=record.to_line(),
                   timings=profile)


def _done(record: ManifestRecord) -> Outcome:
    return Outcome(record.path, record, line=record.to_line())


def _write_edits(work: Work, path: str, doc: Document) -> tuple[str | None, str]:
    """The document's lines of ``edits.jsonl``, streamed to a temporary file in the output
    folder, and their hash; no file when there are no edits."""
    edits = doc.edits
    if not edits:
        return None, _EMPTY_SHA256
    digest = hashlib.sha256()
    fd, tmp = work.writer.temporary()
    try:
        with os.fdopen(fd, "wb", buffering=1 << 16) as out:
            for line in edit_lines(path, edits):
                digest.update(line)
                out.write(line)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return str(tmp), digest.hexdigest()


def _still_holds(work: Work, job: Job, key: str) -> bool:
    """Whether the earlier record of this document can be kept: same resume key, and for an
    ``ok`` record an output (and, with full edits, an edits block) with the recorded hash."""
    prior = job.prior
    if prior is None or prior.key != key:
        return False
    if prior.status == "skipped":
        return True
    if prior.status != "ok" or work.writer.sha256(job.entry.path) != prior.output_sha256:
        return False
    if work.edits != "full":
        return True
    return prior.edits_sha256 is not None and _block_sha256(work, job) == prior.edits_sha256


def _block_sha256(work: Work, job: Job) -> str:
    if job.prior_edits is None:
        return _EMPTY_SHA256
    offset, length = job.prior_edits
    digest = hashlib.sha256()
    try:
        fd = os.open(work.edits_path, os.O_RDONLY | os.O_CLOEXEC)
    except OSError:
        return ""
    try:
        digest.update(os.pread(fd, length, offset))
    finally:
        os.close(fd)
    return digest.hexdigest()


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
    """Clean every matching file of ``input_dir`` into ``output_dir`` and write the manifest.

    The run holds a lock on ``output_dir`` (a second run there is an :class:`InputError`
    naming the first one's process). A rerun reuses each document whose resume key matches its
    valid manifest record and whose output is unchanged (unless ``force``). Outputs whose input
    is no longer part of the run are listed in :attr:`Summary.stale` and, with
    ``delete_stale``, removed. ``KeyboardInterrupt`` stops the workers, keeps what is finished,
    and is re-raised after the manifest is written.
    """
    started = time.perf_counter()
    _check_options(pipeline, options)
    check_locations(input_dir, output_dir)
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
    entries = walk(input_dir, options.include, options.exclude)
    if not entries:
        summary.warnings.append(_nothing_to_clean(input_dir, options.include))
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
            if entries:
                pipeline.warm_up()  # once, before the workers fork: they share what it builds
            work = _work_factory(pipeline, input_dir, output_dir, options, mode, edits_path)
            with _ErrorLog(output_dir / ERROR_LOG, mode) as errors:
                for count, outcome in enumerate(_outcomes(work, options.jobs, jobs), 1):
                    record = _keep(outcome, prior, prior_edits, manifest, log, spans,
                                   edit_spans, errors)
                    summary.add(record, reused=outcome.record is None)
                    if outcome.timings is not None:
                        summary.add_timings(record, outcome.timings)
                    if count % FLUSH_EVERY == 0:
                        _flush(manifest, log)
                    if on_record is not None:
                        on_record(record)
                    if options.fail_fast and record.status == "failed":
                        summary.stopped_early = True
                        break
            if options.delete_stale and summary.stale:
                _delete_stale(output_dir, summary, prior)
        except KeyboardInterrupt:
            summary.interrupted = True
            failing = True
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
        if writer.sha256(path) in (prior[path].output_sha256, None):
            (output_dir / path).unlink(missing_ok=True)
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


def _work_factory(pipeline: Pipeline, input_dir: Path, output_dir: Path, options: RunOptions,
                  mode: int, edits_path: Path) -> Callable[[], Work]:
    key = run_key(pipeline, options)

    def make() -> Work:
        return Work(pipeline, TreeReader(input_dir), OutputWriter(output_dir, mode), key,
                    options.outlet, options.edits, pipeline.config.path, edits_path,
                    options.profile)

    return make


def _lost(job: Job, reason: str) -> Outcome:
    record = ManifestRecord(job.entry.path, status="failed",
                            error=f"{reason} while cleaning this document")
    return Outcome(job.entry.path, record)


def _outcomes(make_work: Callable[[], Work], jobs: int, items: Iterable[Job]
              ) -> Iterator[Outcome]:
    pool: WorkerPool[Job, Outcome] = WorkerPool(
        size=jobs, setup=make_work, handle=clean_file, lost=_lost, chunk=CHUNK,
    )
    yield from pool.map(items)
