"""Files compressed as a whole: ``.gz``, ``.bz2`` and ``.xz`` through the standard library,
``.zst`` through ``zstandard`` (the ``zstd`` extra), read and written as streams.

Outputs are deterministic: a gzip header carries no time and no file name, so the same text
gives the same bytes on every run, with any number of workers, locally or on Dask.
"""

from __future__ import annotations

import bz2
import gzip
import io
import lzma
import zlib
from collections.abc import Iterable, Iterator
from typing import IO, Any, Protocol

from textclean.extras import MissingExtraError, require
from textclean.formats import Codec

__all__ = ["DECOMPRESS_ERRORS", "compressed", "decompressing", "missing_extra"]

#: What a damaged compressed stream raises while it is read.
DECOMPRESS_ERRORS: tuple[type[Exception], ...] = (EOFError, OSError, zlib.error, lzma.LZMAError)
GZIP_LEVEL = 6  # gzip's own default: Python's 9 is several times slower for ~1 % smaller files
ZSTD_LEVEL = 3  # zstd's own default


class _Compressor(Protocol):
    def compress(self, data: bytes, /) -> bytes: ...

    def flush(self) -> bytes: ...


class _Unclosed(io.RawIOBase):
    """``raw`` seen through a buffer that must not close it."""

    def __init__(self, raw: IO[bytes]) -> None:
        self._raw = raw

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        return self._raw.readinto(buffer)  # type: ignore[attr-defined,no-any-return]


def missing_extra(codec: Codec | None) -> str | None:
    """Why files of ``codec`` cannot be read here (a missing extra), or None."""
    if codec != "zst":
        return None
    try:
        require("zstandard", "zstd", ".zst files")
    except MissingExtraError as exc:
        return str(exc)
    return None


def decompressing(raw: IO[bytes], codec: Codec | None) -> IO[bytes]:
    """A buffered binary stream of the decompressed bytes of ``raw`` (of its bytes when there is
    no codec); closing it leaves ``raw`` open."""
    if codec is None:
        return io.BufferedReader(_Unclosed(raw), buffer_size=1 << 16)
    if codec == "gz":
        return gzip.GzipFile(fileobj=raw, mode="rb")
    if codec == "bz2":
        return bz2.BZ2File(raw, "rb")
    if codec == "xz":
        return lzma.LZMAFile(raw, "rb")
    zstandard = require("zstandard", "zstd", ".zst files")
    reader = zstandard.ZstdDecompressor().stream_reader(raw, read_across_frames=True,
                                                        closefd=False)
    return io.BufferedReader(reader, buffer_size=1 << 16)


def _compressor(codec: Codec) -> _Compressor:
    if codec == "gz":
        return zlib.compressobj(GZIP_LEVEL, zlib.DEFLATED, 31)  # 31: a gzip header, mtime 0
    if codec == "bz2":
        return bz2.BZ2Compressor()
    if codec == "xz":
        return lzma.LZMACompressor()
    zstandard = require("zstandard", "zstd", ".zst files")
    return zstandard.ZstdCompressor(level=ZSTD_LEVEL).compressobj()


def compressed(chunks: Iterable[bytes], codec: Codec | None) -> Iterator[bytes]:
    """``chunks`` compressed with ``codec`` as they come (as they are without one)."""
    if codec is None:
        yield from chunks
        return
    compressor = _compressor(codec)
    for chunk in chunks:
        out = compressor.compress(chunk)
        if out:
            yield out
    yield compressor.flush()
