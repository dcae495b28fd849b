"""The unit of one document per file: a text file, or an HTML page whose article the extractor
finds first; either maybe compressed as a whole. The file is read whole, as one document is
cleaned whole."""

from __future__ import annotations

import hashlib
import io
import json
from collections import Counter
from dataclasses import replace

from textclean.compression import DECOMPRESS_ERRORS, compressed, decompressing
from textclean.decode import decode_bytes
from textclean.document import Document
from textclean.errors import StepError
from textclean.formats import FileFormat
from textclean.html import extract
from textclean.io import NotRegularFile
from textclean.manifest import ManifestRecord, RecordError, edit_lines
from textclean.units import (
    EditsSink,
    Job,
    Outcome,
    Work,
    failed,
    still_holds,
    unit_key,
)

__all__ = ["clean_document"]


def _decompress(data: bytes, fmt: FileFormat) -> bytes:
    with decompressing(io.BytesIO(data), fmt.codec) as stream:
        return stream.read()


def clean_document(work: Work, job: Job, fmt: FileFormat, record: ManifestRecord) -> Outcome:
    """Clean one file that is one document into its output; never raises for a bad document.
    ``record=None`` in the outcome when the earlier record still holds."""
    entry = job.entry
    output = record.output or record.path
    try:
        data = work.reader.read(entry.read_path)
    except NotRegularFile as exc:
        return Outcome(entry.path, replace(record, status="skipped", reason=str(exc)))
    except OSError as exc:
        return failed(record, f"cannot read: {exc.strerror or exc}")
    digest = hashlib.sha256(data).hexdigest()
    key = unit_key(work, fmt, digest)
    if job.prior is not None and still_holds(work, job, key, output):
        return Outcome(entry.path, None)
    record = replace(record, sha256=digest, key=key, bytes_in=len(data))
    if fmt.codec is not None:
        try:
            data = _decompress(data, fmt)
        except DECOMPRESS_ERRORS as exc:
            return failed(record, f"cannot decompress ({fmt.codec}): {exc}")
    decoded = decode_bytes(data)
    del data
    record = replace(record, encoding=decoded.encoding, warnings=decoded.warnings)
    if decoded.text is None:
        return Outcome(entry.path, replace(record, status="skipped",
                                           reason=decoded.skipped or "not text"))
    document: Document | str = decoded.text
    if fmt.kind == "html":
        try:
            page = extract(decoded.text)
        except Exception as exc:
            return failed(record, f"the HTML extractor failed: {type(exc).__name__}: {exc}",
                          trace=True)
        document = page.document()
        if not page.text:
            record = replace(record, warnings=(*record.warnings, "the page holds no article text"))
    del decoded
    try:
        doc = work.clean(document, outlet=work.outlet, source=entry.path)
    except StepError as exc:
        return failed(record, str(exc), step=exc.step, plugin=exc.plugin, trace=True)
    except (Exception, SystemExit) as exc:
        return failed(record, f"{type(exc).__name__}: {exc}", trace=True)
    del document
    try:
        out = doc.text.encode("utf-8")
    except UnicodeEncodeError as exc:
        return failed(record, f"the cleaned text is not valid Unicode: {exc.reason} "
                              f"(U+{ord(doc.text[exc.start]):04X}) at character {exc.start}")
    meta = doc.meta
    try:
        extra = json.loads(json.dumps(dict(meta.extra), allow_nan=False)) if meta.extra else None
    except (TypeError, ValueError) as exc:
        return failed(record, f"meta.extra cannot be written to the manifest: {exc}")
    if fmt.output_codec(work.compression) is not None:
        out = b"".join(compressed((out,), fmt.output_codec(work.compression)))
    record = replace(
        record, url=meta.url, urls=tuple(meta.urls), title=meta.title, date=meta.date,
        outlet=meta.outlet, outlet_from=meta.outlet_from,
        warnings=record.warnings + work.pipeline.warnings,
        edits=dict(Counter(edit.rule.partition(":")[0] for edit in doc.edits)), extra=extra,
        output_sha256=hashlib.sha256(out).hexdigest(), bytes_out=len(out),
    )
    try:
        record.check()
    except (RecordError, TypeError) as exc:
        return failed(record, f"a step left metadata that cannot be recorded: {exc}")
    edits = EditsSink(work.writer) if work.edits == "full" else None
    edits_file = None
    try:
        if edits is not None:
            edits.write(edit_lines(entry.path, doc.edits))
            edits_file, edits_sha256 = edits.finish()
            record = replace(record, edits_sha256=edits_sha256)
        work.writer.write(output, out)
    except OSError as exc:
        if edits is not None:
            edits.discard()
        return failed(record, f"cannot write output: {exc.strerror or exc}")
    return Outcome(entry.path, record, edits_file=edits_file)
