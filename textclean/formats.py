"""What kind of input a path names, from its suffixes: a text file, an HTML page, a JSON lines or
Parquet shard, each maybe compressed as a whole; and the path of its output.

The kind decides how a file is cleaned (one document, or one document per record); the
compression only how its bytes are read and written. A file an include glob chose whose suffix
names no kind is read as text, as ``textclean run`` always did.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

__all__ = [
    "CODECS",
    "COMPRESSION_CHOICES",
    "DEFAULT_INCLUDE",
    "KINDS",
    "FileFormat",
    "describe_include",
    "file_format",
    "text_globs",
]

Kind = Literal["text", "html", "jsonl", "parquet"]
Codec = Literal["gz", "bz2", "xz", "zst"]

#: Suffix of a file compressed as a whole, and its codec.
CODECS: dict[str, Codec] = {".gz": "gz", ".bz2": "bz2", ".xz": "xz", ".zst": "zst"}
#: Suffix of a file, and its kind.
KINDS: dict[str, Kind] = {
    ".txt": "text",
    ".html": "html",
    ".htm": "html",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "jsonl",
    ".parquet": "parquet",
}
#: ``--compression``: keep each input's compression, write uncompressed, or one codec for all.
COMPRESSION_CHOICES = ("keep", "none", *CODECS.values())

#: What ``textclean run`` cleans by default: every kind, plain or compressed as a whole
#: (Parquet compresses inside, so never as a whole).
DEFAULT_INCLUDE: tuple[str, ...] = tuple(
    f"**/*{suffix}{codec}"
    for suffix, kind in KINDS.items()
    for codec in ("", *([] if kind == "parquet" else CODECS))
)


@dataclass(frozen=True, slots=True)
class FileFormat:
    """The kind of a file, the codec it is compressed with as a whole (None: not), and the
    suffix that told its kind ("" when none did)."""

    kind: Kind
    codec: Codec | None = None
    suffix: str = ""

    @property
    def is_shard(self) -> bool:
        """Whether the file holds records, each cleaned as one document."""
        return self.kind in ("jsonl", "parquet")

    def output_codec(self, compression: str) -> Codec | None:
        """The codec of the output under ``--compression``: Parquet compresses inside, so a
        Parquet output is never compressed as a whole."""
        if self.kind == "parquet" or compression == "none":
            return None
        if compression == "keep":
            return self.codec
        return CODECS[f".{compression}"]

    def output_path(self, path: str, compression: str = "keep") -> str:
        """Where the output of ``path`` goes: the same path, an HTML page as ``.txt`` (it
        becomes text), the codec suffix as ``--compression`` says."""
        stem = path[: -len(_codec_suffix(self.codec))] if self.codec else path
        if self.kind == "html":
            stem = stem[: stem.rfind(".")] + ".txt"
        codec = self.output_codec(compression)
        return stem + _codec_suffix(codec) if codec else stem


def _codec_suffix(codec: Codec | None) -> str:
    return f".{codec}" if codec else ""


def _suffix(name: str) -> str:
    dot = name.rfind(".")
    return name[dot:].lower() if dot > 0 else ""


def file_format(path: str) -> FileFormat:
    """The format of the file at ``path`` (a POSIX path), from its last one or two suffixes."""
    name = path.rpartition("/")[2]
    codec = CODECS.get(_suffix(name))
    if codec is not None:
        name = name[: -len(_codec_suffix(codec))]
    suffix = _suffix(name)
    return FileFormat(KINDS.get(suffix, "text"), codec, suffix if suffix in KINDS else "")


def text_globs(include: list[str] | None) -> list[str] | None:
    """The globs of ``include`` that name text files (what ``--learn`` reads), or None for the
    default."""
    if not include:
        return None
    return [glob for glob in include if file_format(glob).kind == "text"] or None


def describe_include(include: tuple[str, ...]) -> str:
    """``--include`` for a message: the default said in words, other globs as given."""
    if include == DEFAULT_INCLUDE:
        return f"the default: {' '.join(KINDS)}, plain or {'/'.join(CODECS)}"
    return ", ".join(include)
