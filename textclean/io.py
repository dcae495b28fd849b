"""Files on disk: walking an input tree, atomic writes, and the manifest.

Inputs are only ever read. Every output file and the final manifest are written to a temporary
file in the target folder and renamed into place, so a killed run never leaves a half-written
file under its final name.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

import regex

from textclean.errors import InputError

__all__ = [
    "MANIFEST",
    "TEMP_PREFIX",
    "Entry",
    "ManifestLog",
    "Prior",
    "atomic_write",
    "check_locations",
    "glob_to_regex",
    "index_manifest",
    "manifest_line",
    "read_manifest",
    "remove_temporaries",
    "walk",
]

MANIFEST = "manifest.jsonl"
TEMP_PREFIX = ".textclean-tmp-"


def glob_to_regex(pattern: str) -> regex.Pattern[str]:
    """Compile a path glob: ``*`` and ``?`` stay inside one folder, ``**`` spans folders,
    ``**/`` may match no folder at all. A pattern without "/" matches at any depth."""
    if "/" not in pattern:
        pattern = "**/" + pattern
    out = []
    i = 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out.append("(?:[^/]*/)*")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif pattern[i] == "*":
            out.append("[^/]*")
            i += 1
        elif pattern[i] == "?":
            out.append("[^/]")
            i += 1
        else:
            out.append(regex.escape(pattern[i]))
            i += 1
    return regex.compile("".join(out), regex.DOTALL)


@dataclass(frozen=True)
class Entry:
    """One input file: its path relative to the input folder (POSIX form), and, for a file that
    must not be read, the reason it is skipped."""

    path: str
    skip_reason: str | None = None


def _matches(path: str, patterns: Sequence[regex.Pattern[str]]) -> bool:
    return any(p.fullmatch(path) for p in patterns)


def walk(
    root: Path, include: Sequence[str] = ("**/*.txt",), exclude: Sequence[str] = ()
) -> list[Entry]:
    """The files under ``root`` that ``include`` matches and ``exclude`` does not, sorted by
    path. Symlinked folders are never entered (so a symlink loop cannot hang the walk); a
    symlinked file pointing outside ``root`` is listed as skipped, never read."""
    root_real = root.resolve()
    inc = [glob_to_regex(p) for p in include]
    exc = [glob_to_regex(p) for p in exclude]
    entries: list[Entry] = []
    for folder, dirs, files in os.walk(root, followlinks=False):
        dirs.sort()
        base = Path(folder)
        for name in files:
            if name.startswith(TEMP_PREFIX):
                continue
            full = base / name
            rel = PurePosixPath(full.relative_to(root).as_posix()).as_posix()
            if not _matches(rel, inc) or _matches(rel, exc):
                continue
            reason = None
            if full.is_symlink():
                target = full.resolve()
                if not target.is_relative_to(root_real):
                    reason = "symlink pointing outside the input folder"
                elif not target.is_file():
                    reason = "symlink to something that is not a file"
            entries.append(Entry(rel, reason))
    entries.sort(key=lambda e: e.path)
    return entries


def check_locations(input_dir: Path, output_dir: Path) -> None:
    """Refuse an output folder equal to, inside or around the input folder: inputs are never
    touched, and outputs must never be read back as inputs."""
    if not input_dir.is_dir():
        raise InputError(f"{input_dir}: not a folder")
    src = input_dir.resolve()
    dst = output_dir.resolve()
    if dst == src or dst.is_relative_to(src) or src.is_relative_to(dst):
        raise InputError(
            f"output folder {output_dir} must be outside input folder {input_dir} "
            "(and not contain it)"
        )


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder and a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=TEMP_PREFIX, dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def remove_temporaries(output_dir: Path) -> int:
    """Delete temporary files a killed run left behind; returns how many."""
    removed = 0
    if not output_dir.is_dir():
        return 0
    for folder, _dirs, files in os.walk(output_dir, followlinks=False):
        for name in files:
            if name.startswith(TEMP_PREFIX):
                try:
                    os.unlink(Path(folder) / name)
                    removed += 1
                except FileNotFoundError:
                    pass
    return removed


def manifest_line(record: dict[str, Any]) -> bytes:
    """One manifest record as a JSON line (stable key order, non-ASCII kept readable)."""
    return (json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8")


@dataclass(frozen=True)
class Prior:
    """What a rerun needs to know of an earlier record, and where the record is in the file."""

    status: str
    sha256: str | None
    fingerprint: str | None
    offset: int
    length: int


def _records_with_offsets(path: Path) -> Iterator[tuple[int, int, dict[str, Any]]]:
    try:
        handle = path.open("rb")
    except FileNotFoundError:
        return
    with handle:
        offset = 0
        for raw in handle:
            length = len(raw)
            if raw.endswith(b"\n"):
                try:
                    record = json.loads(raw)
                except ValueError:
                    record = None
                if isinstance(record, dict) and isinstance(record.get("path"), str):
                    yield offset, length, record
            offset += length


def read_manifest(path: Path) -> Iterator[dict[str, Any]]:
    """The records of a manifest; a torn last line from a killed run is skipped."""
    for _, _, record in _records_with_offsets(path):
        yield record


def index_manifest(path: Path) -> dict[str, Prior]:
    """For each path, the last complete record of a manifest (a killed run may leave several
    records of one path, and a torn last line)."""
    return {
        record["path"]: Prior(
            status=str(record.get("status")),
            sha256=record.get("sha256"),
            fingerprint=record.get("fingerprint"),
            offset=offset,
            length=length,
        )
        for offset, length, record in _records_with_offsets(path)
    }


class ManifestLog:
    """The manifest of a run in progress: records are appended and flushed one by one, so a
    killed run keeps what it finished; :meth:`finalize` rewrites it in input-path order.

    Only byte offsets are kept in memory, never whole records, so memory does not grow with
    the size of what the documents' edits say."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._file = path.open("a+b")
        self._file.seek(0, os.SEEK_END)
        if self._file.tell() > 0:
            self._file.seek(-1, os.SEEK_END)
            if self._file.read(1) != b"\n":
                self._file.write(b"\n")  # end a line torn by a killed run
        self._file.flush()

    def append(self, record: dict[str, Any]) -> tuple[int, int]:
        data = manifest_line(record)
        self._file.seek(0, os.SEEK_END)
        offset = self._file.tell()
        self._file.write(data)
        self._file.flush()
        return offset, len(data)

    def read(self, offset: int, length: int) -> dict[str, Any]:
        self._file.seek(offset)
        record: dict[str, Any] = json.loads(self._file.read(length))
        return record

    def finalize(self, spans: Iterable[tuple[int, int]]) -> None:
        """Replace the manifest by the records at ``spans``, in that order, atomically."""
        self._file.flush()
        fd, tmp = tempfile.mkstemp(prefix=TEMP_PREFIX, dir=self.path.parent)
        try:
            with os.fdopen(fd, "wb") as out:
                for offset, length in spans:
                    self._file.seek(offset)
                    out.write(self._file.read(length))
            os.replace(tmp, self.path)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
            raise

    def close(self) -> None:
        self._file.close()

    def __enter__(self) -> ManifestLog:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
