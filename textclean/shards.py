"""The unit of one document per record: a JSON lines or Parquet shard, streamed.

A shard is read, cleaned and written a batch at a time, so memory follows a batch, not the
shard; its output is written atomically like any output, and has one record for each input
record, in order, so a join on position still works. A record that cannot be cleaned (a line
that is not JSON, a record without its text, a step that fails) is kept as it was and flagged:
a JSON object gets textclean's metadata with ``"status": "failed"`` and the error, a line that
is not a JSON object is copied byte for byte; and the shard's manifest record lists it with its
line (or row) number. Blank lines are not records: they are copied as they are.
"""

from __future__ import annotations

import hashlib
import os
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import partial
from typing import IO, Any

from textclean.compression import DECOMPRESS_ERRORS, compressed, decompressing
from textclean.formats import FileFormat
from textclean.io import NotRegularFile
from textclean.jsonl import BadLine, encode_value, parse_line
from textclean.manifest import RECORD_ERRORS_LISTED, ManifestRecord, edit_lines
from textclean.parquet import ParquetError, parquet_chunks
from textclean.records import MISSING, RecordFields, RecordResult, clean_record
from textclean.units import (
    EditsSink,
    HashedChunks,
    Job,
    Outcome,
    Work,
    failed,
    still_holds,
    unit_key,
)

__all__ = ["ShardError", "clean_shard", "jsonl_chunks"]

#: Output bytes gathered before they are handed to the writer.
CHUNK_BYTES = 1 << 20
#: Tracebacks of failed records kept for ``textclean-errors.log``, per shard.
TRACES_KEPT = 20
_BOM = b"\xef\xbb\xbf"


class ShardError(Exception):
    """A shard that cannot be cleaned on: its bytes stop making sense (a damaged stream, a
    Parquet file pyarrow cannot read). The whole shard fails and no output is written."""


class NotJsonLines(Exception):
    """A ``.json`` file that is one JSON document rather than JSON lines: not a shard."""


@dataclass
class ShardTally:
    """What a shard's records came to, for its manifest record."""

    path: str
    edits_sink: EditsSink | None = None
    records: int = 0
    failed: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)
    traces: list[str] = field(default_factory=list)
    edits: Counter[str] = field(default_factory=Counter)
    _edit_number: int = 0

    def fail(self, where: dict[str, int], error: str, trace: str | None = None) -> None:
        self.failed += 1
        if len(self.errors) < RECORD_ERRORS_LISTED:
            self.errors.append({**where, "error": error})
        if trace is not None and len(self.traces) < TRACES_KEPT:
            label = ", ".join(f"{key} {value}" for key, value in where.items())
            self.traces.append(f"-- {label}\n{trace}")

    def add(self, where: dict[str, int], result: RecordResult) -> None:
        self.records += 1
        if result.failed:
            self.fail(where, result.error, result.trace)
            return
        self.edits.update(result.meta["edits"])
        if self.edits_sink is not None and result.edits:
            self.edits_sink.write(edit_lines(self.path, result.edits, start=self._edit_number,
                                             record=where))
            self._edit_number += len(result.edits)


def _split_end(raw: bytes) -> tuple[bytes, bytes]:
    if raw.endswith(b"\r\n"):
        return raw[:-2], b"\r\n"
    if raw.endswith(b"\n"):
        return raw[:-1], b"\n"
    return raw, b""


def _clean_line(raw: bytes, number: int, fields: RecordFields,
                clean: Callable[[Callable[[str], Any], str], RecordResult], tally: ShardTally,
                strict_first: bool) -> bytes:
    prefix = b""
    if number == 1 and raw.startswith(_BOM):
        prefix, raw = _BOM, raw[len(_BOM):]
    body, end = _split_end(raw)
    if not body.strip():
        return prefix + raw
    where = {"line": number}
    try:
        line = parse_line(body.decode("utf-8"))
    except UnicodeDecodeError as exc:
        tally.records += 1
        tally.fail(where, f"not UTF-8: byte {exc.start + 1} of the line")
        return prefix + raw
    except BadLine as exc:
        if strict_first and tally.records == 0:
            raise NotJsonLines(f"not JSON lines: line {number} is not a JSON object "
                               "(a JSON document is not read; one object per line is)") from None
        tally.records += 1
        tally.fail(where, str(exc))
        return prefix + raw
    result = clean(lambda name: line.values.get(name, MISSING), f"{tally.path}:{number}")
    tally.add(where, result)
    replace_values: dict[str, str] = {}
    append: dict[str, str] = {}
    if result.text is not None:
        target = replace_values if fields.text in line.spans else append
        target[fields.text] = encode_value(result.text)
    target = replace_values if fields.meta in line.spans else append
    target[fields.meta] = encode_value(result.meta)
    return prefix + line.with_values(replace_values, append).encode("utf-8") + end


def jsonl_chunks(
    stream: IO[bytes],
    fields: RecordFields,
    clean: Callable[[Callable[[str], Any], str], RecordResult],
    tally: ShardTally,
    *,
    strict_first: bool = False,
) -> Iterator[bytes]:
    """The bytes of the cleaned JSON lines of ``stream``, about :data:`CHUNK_BYTES` at a time.
    ``strict_first``: a first record that is not a JSON object means the file is not JSON lines
    (:class:`NotJsonLines`), as for a ``.json`` file."""
    gathered: list[bytes] = []
    size = 0
    number = 0
    lines = iter(stream)
    while True:
        try:
            raw = next(lines, None)
        except DECOMPRESS_ERRORS as exc:
            raise ShardError(f"cannot read on after line {number}: {exc}") from None
        if raw is None:
            break
        number += 1
        out = _clean_line(raw, number, fields, clean, tally, strict_first)
        gathered.append(out)
        size += len(out)
        if size >= CHUNK_BYTES:
            yield b"".join(gathered)
            gathered.clear()
            size = 0
    if gathered:
        yield b"".join(gathered)


def _parquet_chunks(handle: IO[bytes], work: Work, clean: Any, tally: ShardTally
                    ) -> Iterator[bytes]:
    try:
        yield from parquet_chunks(handle, work.fields, clean,
                                  lambda row, result: tally.add({"row": row}, result))
    except ParquetError as exc:
        raise ShardError(str(exc)) from None


def _body(work: Work, fmt: FileFormat, handle: IO[bytes], tally: ShardTally
          ) -> Iterable[bytes]:
    clean = partial(_clean, work)
    if fmt.kind == "parquet":
        return _parquet_chunks(handle, work, clean, tally)
    return jsonl_chunks(decompressing(handle, fmt.codec), work.fields, clean, tally,
                        strict_first=fmt.suffix == ".json")


def _clean(work: Work, get: Callable[[str], Any], where: str) -> RecordResult:
    # With --profile, work.clean counts the steps' seconds; it is called as the pipeline is.
    pipeline = work.pipeline if work.timings is None else work.clean
    return clean_record(pipeline, work.fields, get, outlet=work.outlet,  # type: ignore[arg-type]
                        where=where)


def clean_shard(work: Work, job: Job, fmt: FileFormat, record: ManifestRecord) -> Outcome:
    """Clean one shard into its output, a batch of records at a time; never raises for a bad
    record or a bad shard. ``record=None`` in the outcome when the earlier record holds."""
    entry = job.entry
    output = record.output or record.path
    try:
        handle = work.reader.open(entry.read_path)
    except NotRegularFile as exc:
        return Outcome(entry.path, replace(record, status="skipped", reason=str(exc)))
    except OSError as exc:
        return failed(record, f"cannot read: {exc.strerror or exc}")
    with handle:
        try:
            digest = hashlib.file_digest(handle, "sha256").hexdigest()
            size = os.fstat(handle.fileno()).st_size
            handle.seek(0)
        except OSError as exc:
            return failed(record, f"cannot read: {exc.strerror or exc}")
        key = unit_key(work, fmt, digest)
        if job.prior is not None and still_holds(work, job, key, output):
            return Outcome(entry.path, None)
        record = replace(record, sha256=digest, key=key, bytes_in=size)
        sink = EditsSink(work.writer) if work.edits == "full" else None
        tally = ShardTally(entry.path, sink)
        body = _body(work, fmt, handle, tally)
        chunks = HashedChunks(compressed(body, fmt.output_codec(work.compression)))
        try:
            work.writer.write(output, chunks)
        except NotJsonLines as exc:
            _discard(sink)
            return Outcome(entry.path, replace(record, status="skipped", reason=str(exc)))
        except ShardError as exc:
            _discard(sink)
            return failed(record, str(exc))
        except OSError as exc:
            _discard(sink)
            return failed(record, f"cannot write output: {exc.strerror or exc}")
    edits_file, edits_sha256 = sink.finish() if sink is not None else (None, None)
    record = replace(
        record, records=tally.records, records_failed=tally.failed,
        record_errors=tuple(tally.errors), edits=dict(tally.edits),
        warnings=record.warnings + work.pipeline.warnings, output_sha256=chunks.hexdigest(),
        bytes_out=chunks.size, edits_sha256=edits_sha256,
    )
    trace = "\n".join(tally.traces) if tally.traces else None
    return Outcome(entry.path, record, trace, edits_file)


def _discard(sink: EditsSink | None) -> None:
    if sink is not None:
        sink.discard()
