"""The record of a run on disk: ``manifest.jsonl`` (one record per input file) and the optional
``edits.jsonl`` (every edit, one per line).

A record is a typed, validated :class:`ManifestRecord`, written and read back through one
schema: a line that does not parse or does not validate is not a record, so a rerun treats its
document as not done instead of failing on it. Both files are logs while a run is in progress
(appended, flushed in batches, so a killed run keeps what it finished, and a torn last line is
ignored) and are rewritten in input-path order, atomically, when it ends.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any, Literal

from textclean.document import Edit
from textclean.errors import InputError
from textclean.io import MANIFEST, TEMP_PREFIX

__all__ = [
    "EDITS_FILE",
    "MANIFEST",
    "RECORD_ERRORS_LISTED",
    "EditsLog",
    "ManifestLog",
    "ManifestRecord",
    "Prior",
    "RecordError",
    "edit_lines",
    "index_edits",
    "index_manifest",
    "json_line",
    "read_manifest",
]

EDITS_FILE = "edits.jsonl"
Status = Literal["ok", "skipped", "failed"]
STATUSES = ("ok", "skipped", "failed")


class RecordError(ValueError):
    """A manifest record that does not follow the schema; the message says which field."""


def json_line(data: Mapping[str, Any]) -> bytes:
    """One JSON object as a UTF-8 line, non-ASCII kept readable. A string that cannot be UTF-8
    (a file name's undecodable byte, kept as a lone surrogate) makes the whole line ASCII with
    ``\\u`` escapes, which JSON readers turn back into the same string."""
    text = json.dumps(data, ensure_ascii=False)
    try:
        return (text + "\n").encode("utf-8")
    except UnicodeEncodeError:
        return (json.dumps(data) + "\n").encode("ascii")


def _str(value: Any) -> bool:
    return isinstance(value, str)


def _relative_path(value: Any) -> bool:
    """A path under the output folder: relative, "/"-separated, no empty, "." or ".." part
    (a record must never make a run read or delete a file elsewhere)."""
    return isinstance(value, str) and all(
        part not in ("", ".", "..") for part in value.split("/")
    ) and "\0" not in value


def _opt_str(value: Any) -> bool:
    return value is None or isinstance(value, str)


def _count(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _strings(value: Any) -> bool:
    return isinstance(value, tuple) and all(isinstance(item, str) for item in value)


def _counts(value: Any) -> bool:
    return isinstance(value, Mapping) and all(
        isinstance(key, str) and _count(count) for key, count in value.items()
    )


def _opt_relative_path(value: Any) -> bool:
    return value is None or _relative_path(value)


def _opt_count(value: Any) -> bool:
    return value is None or _count(value)


def _record_errors(value: Any) -> bool:
    """Failed records of a shard: ``{"line": n, "error": "..."}`` (``"row"`` for Parquet)."""
    return isinstance(value, tuple) and all(
        isinstance(item, Mapping) and len(item) == 2 and _str(item.get("error"))
        and any(where in item and _count(item[where]) and item[where] > 0
                for where in ("line", "row"))
        for item in value
    )


def _opt_number(value: Any) -> bool:
    return value is None or (isinstance(value, int | float) and not isinstance(value, bool))


def _json_object(value: Any) -> bool:
    if value is None:
        return True
    if not isinstance(value, Mapping):
        return False
    try:
        json.dumps(value, allow_nan=False)
    except (TypeError, ValueError):
        return False
    return True


_CHECKS: dict[str, Callable[[Any], bool]] = {
    "path": _relative_path,
    "output": _opt_relative_path,
    "status": lambda v: v in STATUSES,
    "reason": _opt_str,
    "error": _opt_str,
    "step": _opt_str,
    "plugin": _opt_str,
    "url": _opt_str,
    "urls": _strings,
    "title": _opt_str,
    "date": _opt_str,
    "outlet": _opt_str,
    "outlet_from": _opt_str,
    "encoding": _opt_str,
    "warnings": _strings,
    "edits": _counts,
    "extra": _json_object,
    "sha256": _opt_str,
    "key": _opt_str,
    "output_sha256": _opt_str,
    "edits_sha256": _opt_str,
    "fingerprint": _opt_str,
    "config": _opt_str,
    "bytes_in": _count,
    "bytes_out": _count,
    "records": _opt_count,
    "records_failed": _opt_count,
    "record_errors": _record_errors,
    "seconds": _opt_number,
}
_EXPECTED = {
    "path": "a relative path inside the folder", "status": "ok, skipped or failed",
    "urls": "a list of strings",
    "warnings": "a list of strings", "edits": "an object of rule: count",
    "extra": "a JSON object", "bytes_in": "a count", "bytes_out": "a count",
    "output": "a relative path inside the folder", "records": "a count",
    "records_failed": "a count",
    "record_errors": 'a list of {"line" or "row": number, "error": string}',
    "seconds": "a number",
}
#: Keys left out of a record's JSON when they are None (or, for a shard's, empty).
_OPTIONAL = ("output", "reason", "error", "step", "plugin", "extra", "edits_sha256", "records",
             "records_failed", "seconds")
#: How many failed records of one shard its record lists; the output flags every one.
RECORD_ERRORS_LISTED = 100


@dataclass(frozen=True, slots=True)
class ManifestRecord:
    """What a run did with one input file, and what a rerun needs to trust it.

    ``key`` is the resume key: a hash of the input's bytes (``sha256``), the pipeline's
    fingerprint (textclean, plugin code and data, steps and their options, rules, aliases, the
    outlet map) and every run option that changes the output. A rerun reuses the record only when
    the key is the same and the output file still has ``output_sha256``. ``edits`` counts the
    edits of each rule; with ``--edits full`` every edit is in ``edits.jsonl`` too, and
    ``edits_sha256`` is the hash of this document's lines there. ``output`` is where the output
    went when that is not ``path`` (an HTML page's text, another compression).

    A shard's record counts its ``records`` and ``records_failed``, and lists the first
    :data:`RECORD_ERRORS_LISTED` failed records with their line (JSON lines) or row (Parquet)
    number, counted from 1; its ``edits`` add up the edits of all its records.
    """

    path: str
    output: str | None = None
    status: Status = "ok"
    reason: str | None = None
    error: str | None = None
    step: str | None = None
    plugin: str | None = None
    url: str | None = None
    urls: tuple[str, ...] = ()
    title: str | None = None
    date: str | None = None
    outlet: str | None = None
    outlet_from: str | None = None
    encoding: str | None = None
    warnings: tuple[str, ...] = ()
    edits: Mapping[str, int] = field(default_factory=dict)
    extra: Mapping[str, Any] | None = None
    sha256: str | None = None
    key: str | None = None
    output_sha256: str | None = None
    edits_sha256: str | None = None
    fingerprint: str | None = None
    config: str | None = None
    bytes_in: int = 0
    bytes_out: int = 0
    records: int | None = None
    records_failed: int | None = None
    record_errors: tuple[Mapping[str, Any], ...] = ()
    seconds: float | None = None

    def check(self) -> None:
        """Raise :class:`RecordError` naming the first field that breaks the schema."""
        for item in fields(self):
            value = getattr(self, item.name)
            if not _CHECKS[item.name](value):
                expected = _EXPECTED.get(item.name, "a string or null")
                raise RecordError(f"'{item.name}' must be {expected}, not "
                                  f"{type(value).__name__}")
        if self.status == "ok" and not (self.key and self.sha256 and self.output_sha256):
            raise RecordError("an 'ok' record needs 'key', 'sha256' and 'output_sha256'")
        if self.status == "skipped" and self.reason is None:
            raise RecordError("a 'skipped' record needs a 'reason'")
        if self.status == "failed" and self.error is None:
            raise RecordError("a 'failed' record needs an 'error'")

    def to_json(self) -> dict[str, Any]:
        """The record as the JSON object of its manifest line."""
        data: dict[str, Any] = {}
        for item in fields(self):
            value = getattr(self, item.name)
            if item.name in _OPTIONAL and value is None:
                continue
            if item.name == "record_errors" and not value:
                continue
            if item.name == "seconds":
                data["timing"] = {"seconds": value}
            elif isinstance(value, tuple):
                data[item.name] = [dict(v) if isinstance(v, Mapping) else v for v in value]
            elif isinstance(value, Mapping):
                data[item.name] = dict(value)
            else:
                data[item.name] = value
        return data

    def to_line(self) -> bytes:
        return json_line(self.to_json())

    @classmethod
    def from_json(cls, data: Any) -> ManifestRecord:
        """The record a parsed manifest line holds; :class:`RecordError` when it is not one."""
        if not isinstance(data, dict):
            raise RecordError("a record must be a JSON object")
        values = dict(data)
        timing = values.pop("timing", None)
        if timing is not None:
            if not (isinstance(timing, dict) and set(timing) == {"seconds"}):
                raise RecordError("'timing' must be {\"seconds\": number}")
            values["seconds"] = timing["seconds"]
        unknown = set(values) - set(_CHECKS)
        if unknown:
            raise RecordError(f"unknown key '{sorted(unknown)[0]}'")
        if "path" not in values:
            raise RecordError("a record needs a 'path'")
        for name in ("urls", "warnings", "record_errors"):
            if isinstance(values.get(name), list):
                values[name] = tuple(values[name])
        record = cls(**values)
        record.check()
        return record

    @classmethod
    def from_line(cls, line: bytes) -> ManifestRecord:
        try:
            data = json.loads(line)
        except ValueError:
            raise RecordError("not a JSON line") from None
        return cls.from_json(data)

    def with_seconds(self, seconds: float) -> ManifestRecord:
        return replace(self, seconds=round(seconds, 6))


@dataclass(frozen=True, slots=True)
class Prior:
    """What a rerun needs of an earlier, valid record, and where that record's line is."""

    status: Status
    key: str | None
    output_sha256: str | None
    edits_sha256: str | None
    offset: int
    length: int
    output: str | None = None


def _lines(path: Path) -> Iterator[tuple[int, bytes]]:
    """Each complete line of ``path`` with its byte offset; a torn last line is left out."""
    try:
        handle = path.open("rb")
    except FileNotFoundError:
        return
    except IsADirectoryError:
        raise InputError(f"{path}: is a folder, not a manifest file") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from None
    with handle:
        offset = 0
        for raw in handle:
            if raw.endswith(b"\n"):
                yield offset, raw
            offset += len(raw)


def read_manifest(path: Path) -> Iterator[ManifestRecord]:
    """The valid records of a manifest, in file order; other lines are skipped."""
    for _, raw in _lines(path):
        try:
            yield ManifestRecord.from_line(raw)
        except RecordError:
            continue


def index_manifest(path: Path) -> dict[str, Prior]:
    """For each path, its last valid record (a killed run may leave several records of one
    path, and a torn last line)."""
    index: dict[str, Prior] = {}
    for offset, raw in _lines(path):
        try:
            record = ManifestRecord.from_line(raw)
        except RecordError:
            continue
        index[record.path] = Prior(record.status, record.key, record.output_sha256,
                                   record.edits_sha256, offset, len(raw), record.output)
    return index


class _Log:
    """A file that is appended to during a run and rewritten in order at its end."""

    def __init__(self, path: Path, mode: int) -> None:
        self.path = path
        self.mode = mode
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_CLOEXEC, mode)
        except IsADirectoryError:
            raise InputError(f"{path}: is a folder; move it away to run here") from None
        except OSError as exc:
            raise InputError(f"{path}: cannot write: {exc.strerror or exc}") from None
        self._file = os.fdopen(fd, "a+b", buffering=1 << 16)
        self._file.seek(0, os.SEEK_END)
        self._end = self._file.tell()
        if self._end > 0:
            self._file.seek(-1, os.SEEK_END)
            if self._file.read(1) != b"\n":
                self._write(b"\n")  # end a line torn by a killed run
                self.flush()

    def _write(self, data: bytes) -> tuple[int, int]:
        offset = self._end
        self._file.write(data)
        self._end += len(data)
        return offset, len(data)

    def flush(self) -> None:
        """Push appended lines to the operating system: what a kill leaves on disk."""
        self._file.flush()

    def read(self, offset: int, length: int) -> bytes:
        self._file.flush()
        return os.pread(self._file.fileno(), length, offset)

    def finalize(self, spans: Iterable[tuple[int, int]]) -> None:
        """Replace the file by the bytes at ``spans``, in that order, atomically."""
        self._file.flush()
        fd, tmp = tempfile.mkstemp(prefix=TEMP_PREFIX, dir=self.path.parent)
        try:
            os.fchmod(fd, self.mode)
            with os.fdopen(fd, "wb", buffering=1 << 16) as out:
                source = self._file.fileno()
                for offset, length in spans:
                    while length > 0:
                        chunk = os.pread(source, min(length, 1 << 20), offset)
                        if not chunk:
                            break
                        out.write(chunk)
                        offset += len(chunk)
                        length -= len(chunk)
            os.replace(tmp, self.path)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
            raise

    def close(self) -> None:
        self._file.close()


class ManifestLog(_Log):
    """The manifest of a run in progress. Only byte offsets of records are kept in memory, never
    the records, so memory does not grow with what the documents' records say."""

    def __init__(self, path: Path, mode: int = 0o644) -> None:
        super().__init__(path, mode)

    def append(self, line: bytes) -> tuple[int, int]:
        """Append one record's line (flushed with the next :meth:`flush`); its span."""
        return self._write(line)

    def __enter__(self) -> ManifestLog:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def edit_lines(path: str, edits: Iterable[Edit], *, start: int = 0,
               record: Mapping[str, int] | None = None) -> Iterator[bytes]:
    """The lines of ``edits.jsonl`` for one document: one edit per line, numbered from 0, so a
    block torn by a killed run is told from the complete block a rerun appends. The records of
    a shard make one block: numbered on from ``start``, each line naming its ``record``
    (``{"line": n}`` or ``{"row": n}``)."""
    where = {"record": dict(record)} if record is not None else {}
    for number, edit in enumerate(edits, start):
        yield json_line({"path": path, "n": number, **where, **edit.to_dict()})


class EditsLog(_Log):
    """``edits.jsonl`` of a run in progress: each document's edit lines, copied in one piece
    from the temporary file a worker wrote them to."""

    def __init__(self, path: Path, mode: int = 0o644) -> None:
        super().__init__(path, mode)

    def append_file(self, source: Path) -> tuple[int, int]:
        """Append the contents of ``source`` and delete it; the span it now has here."""
        start = self._end
        with source.open("rb") as handle:
            while chunk := handle.read(1 << 20):
                self._write(chunk)
        source.unlink()
        return start, self._end - start

    def block_sha256(self, offset: int, length: int) -> str:
        digest = hashlib.sha256()
        self._file.flush()
        source = self._file.fileno()
        while length > 0:
            chunk = os.pread(source, min(length, 1 << 20), offset)
            if not chunk:
                break
            digest.update(chunk)
            offset += len(chunk)
            length -= len(chunk)
        return digest.hexdigest()

    def __enter__(self) -> EditsLog:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def index_edits(path: Path) -> dict[str, tuple[int, int]]:
    """For each path, the span of its last complete-looking block of lines in ``edits.jsonl``
    (lines numbered 0, 1, 2 ... of one path). Whether the block is whole is checked against the
    manifest record's ``edits_sha256`` before it is trusted."""
    spans: dict[str, tuple[int, int]] = {}
    current: tuple[str, int, int, int] | None = None  # path, next number, start, end
    for offset, raw in _lines(path):
        try:
            data = json.loads(raw)
            owner, number = data["path"], data["n"]
        except (ValueError, KeyError, TypeError):
            current = None
            continue
        if current is not None and owner == current[0] and number == current[1]:
            current = (owner, number + 1, current[2], offset + len(raw))
        elif number == 0 and isinstance(owner, str):
            current = (owner, 1, offset, offset + len(raw))
        else:
            current = None
            continue
        spans[current[0]] = (current[2], current[3] - current[2])
    return spans
