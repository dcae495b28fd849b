"""Parquet shards through pyarrow (the ``parquet`` extra), read and written a batch of rows at a
time.

The output has the input's schema, its metadata and each column's codec; the text column keeps
its type with the cleaned text in it, and textclean's metadata is one struct column (replaced in
place when the input has a column of that name, else added at the end) of a fixed type
(:func:`meta_type`): ``edits`` a map of rule to count, ``extra`` a JSON string.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from functools import partial
from typing import IO, Any

from textclean.extras import MissingExtraError, require
from textclean.records import META_KEYS, MISSING, RecordFields, RecordResult

__all__ = ["BATCH_ROWS", "ParquetError", "missing_extra", "parquet_chunks"]

#: Rows cleaned and written at a time: what bounds a shard's memory, beside pyarrow's buffers.
BATCH_ROWS = 256
_FEATURE = "Parquet files"


class ParquetError(Exception):
    """A Parquet file that cannot be cleaned as a whole (not Parquet, no text column ...)."""


def missing_extra() -> str | None:
    """Why Parquet cannot be read here (the extra is not installed), or None."""
    try:
        require("pyarrow", "parquet", _FEATURE)
    except MissingExtraError as exc:
        return str(exc)
    return None


def meta_type() -> Any:
    """The struct type of textclean's metadata column: the keys of every record's metadata."""
    pa = require("pyarrow", "parquet", _FEATURE)
    types = {"urls": pa.list_(pa.string()), "warnings": pa.list_(pa.string()),
             "edits": pa.map_(pa.string(), pa.int64())}
    return pa.struct([(key, types.get(key, pa.string())) for key in META_KEYS])


class _Spool:
    """A write-only file for pyarrow's writer whose bytes are taken away after each batch, so a
    shard's output streams into the atomic writer instead of filling memory."""

    def __init__(self) -> None:
        self._parts: list[bytes] = []
        self._position = 0
        self.closed = False

    def write(self, data: Any) -> int:
        chunk = bytes(data)
        self._parts.append(chunk)
        self._position += len(chunk)
        return len(chunk)

    def tell(self) -> int:
        return self._position

    def flush(self) -> None:
        return None

    def close(self) -> None:
        self.closed = True

    def take(self) -> bytes:
        data = b"".join(self._parts)
        self._parts.clear()
        return data


def _codecs(parquet_file: Any) -> dict[str, str]:
    """Each column's codec in the first row group, by column path."""
    metadata = parquet_file.metadata
    if metadata.num_row_groups == 0:
        return {}
    group = metadata.row_group(0)
    found = {}
    for index in range(group.num_columns):
        column = group.column(index)
        found[column.path_in_schema] = column.compression.lower()
    return found


def _cell(values: dict[str, list[Any]], index: int, name: str) -> Any:
    column = values.get(name)
    return MISSING if column is None else column[index]


def _meta_row(meta: dict[str, Any]) -> dict[str, Any]:
    extra = meta["extra"]
    return {**meta, "extra": None if extra is None else json.dumps(extra, ensure_ascii=False)}


def parquet_chunks(
    handle: IO[bytes],
    fields: RecordFields,
    clean: Callable[[Callable[[str], Any], str], RecordResult],
    done: Callable[[int, RecordResult], None],
) -> Iterator[bytes]:
    """The bytes of the cleaned Parquet file, a batch at a time. ``clean(get, where)`` cleans
    one row; ``done(row, result)`` hears of each (rows counted from 1)."""
    pa = require("pyarrow", "parquet", _FEATURE)
    pq = require("pyarrow.parquet", "parquet", _FEATURE)
    try:
        source = pq.ParquetFile(handle)
    except (pa.ArrowException, OSError, ValueError) as exc:
        raise ParquetError(f"not a Parquet file pyarrow can read: {exc}") from None
    schema = source.schema_arrow
    read_from = fields.html or fields.text
    if read_from not in schema.names:
        raise ParquetError(f"no column '{read_from}' (columns: {', '.join(schema.names)})")
    for name in {read_from, fields.text} & set(schema.names):
        if not (pa.types.is_string(schema.field(name).type)
                or pa.types.is_large_string(schema.field(name).type)):
            raise ParquetError(f"column '{name}' holds {schema.field(name).type}, not strings")
    codecs = _codecs(source)
    codec = codecs.get(read_from, "snappy")
    out_schema = schema
    for name, kind in ((fields.text, pa.string()), (fields.meta, meta_type())):
        column = pa.field(name, kind)
        if name not in out_schema.names:
            out_schema = out_schema.append(column)
        elif name == fields.meta:
            out_schema = out_schema.set(out_schema.get_field_index(name), column)
    text_type = out_schema.field(fields.text).type
    spool = _Spool()
    writer = pq.ParquetWriter(
        spool, out_schema,
        compression={name: codecs.get(name, codec) for name in out_schema.names},
    )
    read = [name for name in (fields.text, fields.html, fields.id, fields.url, fields.outlet)
            if name is not None and name in schema.names]
    row = 0
    try:
        for batch in source.iter_batches(batch_size=BATCH_ROWS):
            values = {name: batch.column(name).to_pylist() for name in read}
            texts, metas = [], []
            for index in range(batch.num_rows):
                row += 1
                result = clean(partial(_cell, values, index), f"row {row}")
                done(row, result)
                texts.append(result.text if result.text is not None
                             else values.get(fields.text, [None] * batch.num_rows)[index])
                metas.append(_meta_row(result.meta))
            columns = dict(zip(schema.names, batch.columns, strict=True))
            columns[fields.text] = pa.array(texts, type=text_type)
            columns[fields.meta] = pa.array(metas, type=meta_type())
            writer.write_batch(pa.RecordBatch.from_arrays(
                [columns[name] for name in out_schema.names], schema=out_schema))
            yield spool.take()
    except (pa.ArrowException, OSError) as exc:
        raise ParquetError(f"cannot read on after row {row}: {exc}") from None
    finally:
        writer.close()
    yield spool.take()
