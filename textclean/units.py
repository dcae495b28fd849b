"""A unit of work: one input path, one output path, one manifest record.

A text file, an HTML page and a shard of records are all units: a worker (a local process or a
Dask worker) takes a :class:`Job`, cleans the file into its output, atomically, and returns an
:class:`Outcome` holding the record the manifest keeps. What differs between kinds is only how
the file is read and written (:mod:`textclean.documents` for one document per file,
:mod:`textclean.shards` for one document per record); what a unit needs, how its resume key is
made and when an earlier record still holds is here, shared by all.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
import traceback
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO, Any, Literal

from textclean.compression import missing_extra as missing_codec
from textclean.document import Document
from textclean.formats import FileFormat, file_format
from textclean.html import extractor_version
from textclean.html import missing_extra as missing_html
from textclean.io import LOCK_FILE, MANIFEST, Entry, OutputWriter, TreeReader
from textclean.manifest import EDITS_FILE, ManifestRecord, Prior
from textclean.parquet import missing_extra as missing_parquet
from textclean.pipeline import Pipeline
from textclean.records import RecordFields

__all__ = [
    "ERROR_LOG",
    "RUN_FILES",
    "EditsMode",
    "HashedChunks",
    "Job",
    "Outcome",
    "Work",
    "failed",
    "plan_outputs",
    "unit_key",
]

ERROR_LOG = "textclean-errors.log"
#: Names of a profile's rows that are not steps (``--profile``).
PIPELINE_OVERHEAD = "(the pipeline between steps)"
FILE_WORK = "(read, decode, hash, write)"
#: The seconds a unit spent inside the pipeline, under which a profile is gathered.
PIPELINE_CALLS = "(pipeline calls)"
#: Files a run keeps at the top of its output folder: no output may take their place.
RUN_FILES = frozenset({MANIFEST, EDITS_FILE, ERROR_LOG, LOCK_FILE, "learned.toml"})
EditsMode = Literal["counts", "full"]
EMPTY_SHA256 = hashlib.sha256(b"").hexdigest()


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
    unit's lines of ``edits.jsonl``, ``line`` the record as its manifest line (encoded in the
    worker, so the process writing the manifest only appends bytes), and ``timings`` (with
    ``--profile``) the seconds each step spent on the unit, with the pipeline's own time and
    the file work's."""

    path: str
    record: ManifestRecord | None
    trace: str | None = None
    edits_file: str | None = None
    line: bytes | None = None  # the record's manifest line, encoded by the worker
    timings: tuple[tuple[str, float], ...] | None = None  # with --profile: seconds by step


@dataclass
class Work:
    """What cleaning a file needs, made once per worker (process or thread)."""

    pipeline: Pipeline
    reader: TreeReader
    writer: OutputWriter
    run_key: str
    outlet: str | None
    edits: EditsMode
    config: str | None
    edits_path: Path
    fields: RecordFields = field(default_factory=RecordFields)
    compression: str = "keep"
    profile: bool = False
    #: With ``profile``: seconds by step of the unit in hand, and of its pipeline calls.
    timings: dict[str, float] | None = None

    @property
    def fingerprint(self) -> str:
        return self.pipeline.fingerprint

    def clean(self, document: Document | str, **options: Any) -> Document:
        """The pipeline on one document; with ``profile``, its steps' seconds are counted."""
        timings = self.timings
        if timings is None:
            return self.pipeline(document, **options)
        started = time.perf_counter()
        try:
            return self.pipeline(document, timings=timings, **options)
        finally:
            timings[PIPELINE_CALLS] = (timings.get(PIPELINE_CALLS, 0.0)
                                       + time.perf_counter() - started)


def unit_key(work: Work, fmt: FileFormat, input_sha256: str) -> str:
    """The resume key of one input: its bytes, the run's key (pipeline and options), and what
    else decides this kind's output (the output codec; a shard's fields; the HTML extractor)."""
    parts: dict[str, object] = {"codec": fmt.output_codec(work.compression)}
    if fmt.is_shard:
        parts["fields"] = work.fields.key()
    if fmt.kind == "html" or (fmt.is_shard and work.fields.html is not None):
        parts["extractor"] = extractor_version()
    blob = f"{input_sha256}:{work.run_key}:{json.dumps(parts, sort_keys=True)}"
    return hashlib.sha256(blob.encode()).hexdigest()


def unsupported(fmt: FileFormat, work: Work) -> str | None:
    """Why a file of this format is skipped here: an extra it needs is missing, or it cannot be
    read as named. None when it can be cleaned."""
    if fmt.kind == "parquet" and fmt.codec is not None:
        return (f"a Parquet file compressed as a whole (.{fmt.codec}) is not read: "
                "Parquet compresses inside; decompress it first")
    reasons = (
        missing_parquet() if fmt.kind == "parquet" else None,
        missing_html() if fmt.kind == "html" or (fmt.is_shard and work.fields.html) else None,
        missing_codec(fmt.codec),
        missing_codec(fmt.output_codec(work.compression)),
    )
    return next((reason for reason in reasons if reason is not None), None)


def failed(record: ManifestRecord, error: str, *, step: str | None = None,
           plugin: str | None = None, trace: bool = False) -> Outcome:
    """The outcome of a unit that failed as a whole."""
    record = replace(record, status="failed", error=error, step=step, plugin=plugin)
    return Outcome(record.path, record, traceback.format_exc() if trace else None)


def still_holds(work: Work, job: Job, key: str, output: str) -> bool:
    """Whether the earlier record of this input can be kept: same resume key, and for an
    ``ok`` record an output (and, with full edits, an edits block) with the recorded hash."""
    prior = job.prior
    if prior is None or prior.key != key:
        return False
    if prior.status == "skipped":
        return True
    if prior.status != "ok" or work.writer.sha256(output) != prior.output_sha256:
        return False
    if work.edits != "full":
        return True
    return prior.edits_sha256 is not None and _block_sha256(work, job) == prior.edits_sha256


def _block_sha256(work: Work, job: Job) -> str:
    if job.prior_edits is None:
        return EMPTY_SHA256
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


class EditsSink:
    """A unit's lines of ``edits.jsonl``, streamed to a temporary file in the output folder
    made on the first edit, and their hash."""

    def __init__(self, writer: OutputWriter) -> None:
        self._writer = writer
        self._digest = hashlib.sha256()
        self._handle: IO[bytes] | None = None
        self.path: Path | None = None

    def write(self, lines: Iterable[bytes]) -> None:
        for line in lines:
            if self._handle is None:
                fd, self.path = self._writer.temporary()
                self._handle = os.fdopen(fd, "wb", buffering=1 << 16)
            self._digest.update(line)
            self._handle.write(line)

    def finish(self) -> tuple[str | None, str]:
        """Close the file; its path (None when there were no edits) and the lines' hash."""
        if self._handle is not None:
            self._handle.close()
        return (str(self.path) if self.path else None), self._digest.hexdigest()

    def discard(self) -> None:
        if self._handle is not None:
            self._handle.close()
        if self.path is not None:
            self.path.unlink(missing_ok=True)


class HashedChunks:
    """Chunks passed through unchanged while their SHA-256 and size are counted."""

    def __init__(self, chunks: Iterable[bytes]) -> None:
        self._chunks = chunks
        self._digest = hashlib.sha256()
        self.size = 0

    def __iter__(self) -> Iterator[bytes]:
        for chunk in self._chunks:
            self._digest.update(chunk)
            self.size += len(chunk)
            yield chunk

    def hexdigest(self) -> str:
        return self._digest.hexdigest()


def plan_outputs(entries: list[Entry], input_dir: Path, compression: str) -> list[Entry]:
    """``entries`` with those that must not be cleaned marked skipped: an output that would
    take the place of a run file (``manifest.jsonl`` ...) or of another input's output, and
    the run files of an earlier run when ``input_dir`` is itself an output folder."""
    earlier_run = (input_dir / LOCK_FILE).is_file()
    outputs = {entry.path: file_format(entry.path).output_path(entry.path, compression)
               for entry in entries}
    # An input whose output keeps its own path claims it first: "a.txt" over "a.html".
    owners: dict[str, str] = {}
    for entry in sorted(entries, key=lambda e: (outputs[e.path] != e.path, e.path)):
        output = outputs[entry.path]
        if entry.skip_reason is None and output not in owners and output not in RUN_FILES:
            owners[output] = entry.path
    planned = []
    for entry in entries:
        output = outputs[entry.path]
        reason = entry.skip_reason
        if reason is None and earlier_run and entry.path in RUN_FILES:
            reason = "a file of an earlier textclean run (its input folder is an output folder)"
        elif reason is None and output in RUN_FILES:
            reason = f"its output would take the place of the run's {output}"
        elif reason is None and owners[output] != entry.path:
            reason = f"its output {output} is the output of {owners[output]} already"
        planned.append(entry if reason == entry.skip_reason else replace(entry, skip_reason=reason))
    return planned
