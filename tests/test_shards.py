"""Shards of records: JSON lines and Parquet round trips, bad lines with their line numbers,
compression on input and output, resume per shard, and streaming."""

from __future__ import annotations

import bz2
import gzip
import io
import json
import lzma
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import zstandard
from typer.testing import CliRunner

from textclean import Pipeline
from textclean.cli import app
from textclean.io import TEMP_PREFIX
from textclean.parquet import BATCH_ROWS, parquet_chunks
from textclean.records import RecordFields, clean_record
from textclean.runner import RunOptions, run_tree
from textclean.shards import CHUNK_BYTES, ShardTally, jsonl_chunks

PIPELINE = Pipeline()

#: Lines whose other fields are spelt in ways a decode-and-encode would change.
GOOD_LINES = [
    '{"id": 1, "text": "Sergey Lavrov said so.  \\nShare this article", "score": 1.50, '
    '"big": 1e5, "esc": "caf\\u00e9 \\/ \\"q\\"", "nested": {"b": [1, 2.0, null], "a": true}}',
    '{"text":"ISIS claims it.","tags":["x","y"],"n":-0.0}',
    '{ "lang" : "ru" , "text" : "Текст без изменений.\\n" , "empty": {} }',
]


def write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def manifest(out: Path) -> dict[str, dict]:
    lines = (out / "manifest.jsonl").read_text(encoding="utf-8").splitlines()
    return {record["path"]: record for record in map(json.loads, lines)}


def raw_value(line: str, key: str) -> str:
    """The text of a top-level value as written in ``line``."""
    decoder = json.JSONDecoder()
    start = line.index(f'"{key}"')
    start = line.index(":", start) + 1
    while line[start] == " ":
        start += 1
    _, end = decoder.raw_decode(line, start)
    return line[start:end]


# -- JSON lines ------------------------------------------------------------------------------


def test_a_jsonl_round_trip_cleans_the_text_and_keeps_every_other_field_as_written(tmp_path):
    src = write(tmp_path / "in" / "part.jsonl", ("\n".join(GOOD_LINES) + "\n").encode())
    out = tmp_path / "out"
    summary = run_tree(PIPELINE, src.parent, out)
    assert (summary.ok, summary.records, summary.records_failed) == (1, 3, 0)
    lines = (out / "part.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(GOOD_LINES)
    for before, after in zip(GOOD_LINES, lines, strict=True):
        old, new = json.loads(before), json.loads(after)
        assert list(new) == [*old, "textclean"]  # same keys, same order, metadata last
        for key in old:
            if key != "text":
                assert raw_value(after, key) == raw_value(before, key), key
        assert new["text"] == PIPELINE(old["text"]).text
        assert new["textclean"]["status"] == "ok"
    first = json.loads(lines[0])
    assert first["text"] == "Sergei Lavrov said so.\n"
    assert first["textclean"]["edits"] == {
        "aliases.sergei-lavrov": 1, "generic.share-widget": 1, "whitespace.trailing": 1,
        "whitespace.final-newline": 1}
    record = manifest(out)["part.jsonl"]
    assert (record["records"], record["records_failed"]) == (3, 0)
    assert record["edits"]["aliases.islamic-state"] == 1


BAD_LINES = [
    (b'{"id": 1, "text": "Fine."}', None),
    (b"not json at all", "invalid JSON: Expecting value at column 1"),
    (b'{"id": 3, "title": "no text"}', "no field 'text'"),
    (b'{"id": 4, "text": null}', "field 'text' is null"),
    (b'{"id": 5, "text": 42}', "field 'text' is a number, not a string"),
    (b'["an", "array"]', "not a JSON object but an array"),
    (b'{"id": 7, "text": "broken"', "invalid JSON: Expecting ',' delimiter at column 27"),
    (b'{"id": 8, "text": "caf\xe9"}', "not UTF-8: byte 23 of the line"),
    (b"", None),  # a blank line is no record: kept as it is
    (b'{"id": 10, "text": "Also fine.", "textclean": "an older value"}', None),
]


def test_bad_lines_are_reported_with_their_line_numbers_and_the_rest_of_the_shard_goes_on(
        tmp_path):
    data = b"\n".join(line for line, _ in BAD_LINES) + b"\n"
    write(tmp_path / "in" / "mixed.jsonl", data)
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["run", str(tmp_path / "in"), "-o", str(out)])
    assert result.exit_code == 1, result.output
    expected = [{"line": number, "error": error}
                for number, (_, error) in enumerate(BAD_LINES, 1) if error]
    record = manifest(out)["mixed.jsonl"]
    assert record["status"] == "ok"
    assert record["record_errors"] == expected
    assert (record["records"], record["records_failed"]) == (9, 7)
    for item in expected:
        assert f"failed: mixed.jsonl, line {item['line']}: {item['error']}" in result.output
    assert "records failed" in result.output
    written = (out / "mixed.jsonl").read_bytes().split(b"\n")
    assert len(written) == len(data.split(b"\n"))  # one line per line: joins by position hold
    for number, ((line, error), after) in enumerate(zip(BAD_LINES, written, strict=False), 1):
        if not line.startswith(b"{") or b"\xe9" in line or line.endswith(b'"broken"'):
            assert after == line, number  # not an object: copied byte for byte
            continue
        new = json.loads(after)
        if error:
            assert new["textclean"]["status"] == "failed"
            assert new["textclean"]["error"] == error
            assert {k: v for k, v in new.items() if k != "textclean"} == json.loads(line)
        else:
            assert new["textclean"]["status"] == "ok"
    last = json.loads(written[9])
    assert list(last) == ["id", "text", "textclean"]  # an existing key is replaced in place


def test_line_ends_and_a_byte_order_mark_are_kept(tmp_path):
    data = b'\xef\xbb\xbf{"text": "A."}\r\n{"text": "B."}\n\n{"text": "C."}'
    write(tmp_path / "in" / "a.jsonl", data)
    run_tree(PIPELINE, tmp_path / "in", tmp_path / "out")
    written = (tmp_path / "out" / "a.jsonl").read_bytes()
    assert written.startswith(b'\xef\xbb\xbf{"text": "A.\\n", "textclean": {')
    assert written.count(b"\r\n") == 1 and written.count(b"\n") == 3
    assert not written.endswith(b"\n")


def test_a_json_file_that_is_one_document_is_skipped_not_read_as_lines(tmp_path):
    write(tmp_path / "in" / "package.json", b'{\n  "name": "x",\n  "text": "y"\n}\n')
    write(tmp_path / "in" / "lines.json", b'{"text": "One."}\n{"text": "Two."}\n')
    summary = run_tree(PIPELINE, tmp_path / "in", tmp_path / "out")
    records = manifest(tmp_path / "out")
    assert records["package.json"]["status"] == "skipped"
    assert "not JSON lines: line 1 is not a JSON object" in records["package.json"]["reason"]
    assert records["lines.json"]["records"] == 2
    assert not (tmp_path / "out" / "package.json").exists()
    assert (summary.ok, summary.skipped) == (1, 1)


PROBE = '''\
from dataclasses import dataclass
from textclean import Stage, Step, hookimpl

@dataclass(frozen=True)
class Probe(Step):
    name = "probe"
    stage = Stage.DESCRIBE

    def __call__(self, doc, ctx):
        return doc.revise(extra={"probe": {"source": doc.meta.source}})

@hookimpl
def textclean_steps():
    return [Probe]
'''


def test_id_url_and_outlet_fields_feed_the_documents_meta(tmp_path):
    plugin = tmp_path / "probe.py"
    plugin.write_text(PROBE)
    lines = [
        {"doc": "a-1", "link": "https://www.rt.com/news/1", "text": "Text one."},
        {"doc": 2, "site": "moscowtimes", "text": "Text two."},
        {"text": "Text three.", "link": 7},
    ]
    write(tmp_path / "in" / "s.jsonl", "".join(json.dumps(x) + "\n" for x in lines).encode())
    options = RunOptions(fields=RecordFields(id="doc", url="link", outlet="site"))
    run_tree(Pipeline(plugins=[str(plugin)]), tmp_path / "in", tmp_path / "out", options)
    first, second, third = (json.loads(line)["textclean"] for line in
                            (tmp_path / "out" / "s.jsonl").read_text().splitlines())
    assert (first["url"], first["outlet"], first["extra"]) == (
        "https://www.rt.com/news/1", "rt", {"probe": {"source": "a-1"}})
    assert (second["outlet"], second["outlet_from"]) == ("moscowtimes", "explicit")
    assert second["extra"] == {"probe": {"source": "2"}}
    assert (third["status"], third["error"]) == (
        "failed", "field 'link' is a number, not a string")


def test_field_names_that_would_overwrite_each_other_are_an_error(tmp_path):
    write(tmp_path / "in" / "a.jsonl", b'{"text": "x"}\n')
    result = CliRunner().invoke(app, ["run", str(tmp_path / "in"), "-o", str(tmp_path / "out"),
                                      "--meta-field", "text"])
    assert result.exit_code == 2
    assert result.output.splitlines()[-1] == ("textclean: error: --text-field and --meta-field "
                                              "both name 'text': textclean's metadata would "
                                              "overwrite it")


def test_edits_full_names_the_line_of_each_records_edits(tmp_path):
    write(tmp_path / "in" / "a.jsonl", b'{"text": "Fine."}\n{"text": "ISIS  "}\n')
    run_tree(PIPELINE, tmp_path / "in", tmp_path / "out", RunOptions(edits="full"))
    edits = [json.loads(line) for line in
             (tmp_path / "out" / "edits.jsonl").read_text().splitlines()]
    assert [(e["path"], e["n"], e["record"], e["rule"]) for e in edits] == [
        ("a.jsonl", 0, {"line": 1}, "whitespace.final-newline"),
        ("a.jsonl", 1, {"line": 2}, "aliases.islamic-state"),
        ("a.jsonl", 2, {"line": 2}, "whitespace.trailing"),
        ("a.jsonl", 3, {"line": 2}, "whitespace.final-newline"),
    ]
    again = run_tree(PIPELINE, tmp_path / "in", tmp_path / "out", RunOptions(edits="full"))
    assert again.reused == 1


# -- Parquet ---------------------------------------------------------------------------------


def parquet_table() -> pa.Table:
    schema = pa.schema(
        [("id", pa.int64()), ("text", pa.string()), ("score", pa.float64()),
         ("tags", pa.list_(pa.string())), ("source", pa.struct([("site", pa.string())]))],
        metadata={b"origin": b"a crawl"},
    )
    return pa.table({
        "id": [1, 2, 3, 4],
        "text": ["Sergey Lavrov said so.  ", None, "Share this article\nISIS did it.", "x"],
        "score": [0.5, 0.25, 1.0, None],
        "tags": [["a"], [], None, ["b", "c"]],
        "source": [{"site": "rt"}, None, {"site": "mt"}, {"site": None}],
    }, schema=schema)


def test_a_parquet_round_trip_keeps_the_schema_and_every_other_column(tmp_path):
    table = parquet_table()
    (tmp_path / "in").mkdir()
    pq.write_table(table, tmp_path / "in" / "part.parquet", compression="zstd")
    out = tmp_path / "out"
    summary = run_tree(PIPELINE, tmp_path / "in", out)
    assert (summary.records, summary.records_failed) == (4, 1)
    cleaned = pq.read_table(out / "part.parquet")
    assert cleaned.schema.names == [*table.schema.names, "textclean"]
    assert cleaned.schema.metadata == table.schema.metadata
    for name in table.schema.names:
        assert cleaned.schema.field(name) == table.schema.field(name)
        if name != "text":
            assert cleaned.column(name).equals(table.column(name)), name
    assert cleaned.column("text").to_pylist() == [
        "Sergei Lavrov said so.\n", None, "Islamic State did it.\n", "x\n"]
    meta = cleaned.column("textclean").to_pylist()
    assert [m["status"] for m in meta] == ["ok", "failed", "ok", "ok"]
    assert meta[1]["error"] == "field 'text' is null"
    assert dict(meta[0]["edits"])["aliases.sergei-lavrov"] == 1
    metadata = pq.ParquetFile(out / "part.parquet").metadata
    assert metadata.row_group(0).column(0).compression == "ZSTD"  # the input's codec
    record = manifest(out)["part.parquet"]
    assert record["record_errors"] == [{"row": 2, "error": "field 'text' is null"}]
    assert run_tree(PIPELINE, tmp_path / "in", out).reused == 1


def test_a_parquet_file_without_its_text_column_fails_alone_with_one_line(tmp_path):
    (tmp_path / "in").mkdir()
    pq.write_table(pa.table({"body": ["x"], "n": [1]}), tmp_path / "in" / "a.parquet")
    pq.write_table(pa.table({"text": [1, 2]}), tmp_path / "in" / "b.parquet")
    write(tmp_path / "in" / "c.parquet", b"PAR1 but not really")
    write(tmp_path / "in" / "d.txt", b"Fine.\n")
    summary = run_tree(PIPELINE, tmp_path / "in", tmp_path / "out")
    records = manifest(tmp_path / "out")
    assert records["a.parquet"]["error"] == "no column 'text' (columns: body, n)"
    assert records["b.parquet"]["error"] == "column 'text' holds int64, not strings"
    assert records["c.parquet"]["error"].startswith("not a Parquet file pyarrow can read")
    assert (summary.ok, summary.failed) == (1, 3)
    assert not list((tmp_path / "out").glob("*.parquet"))
    assert not list((tmp_path / "out").glob(f"{TEMP_PREFIX}*"))


def test_parquet_is_cleaned_a_batch_at_a_time():
    rows = BATCH_ROWS * 3
    buffer = io.BytesIO()
    pq.write_table(pa.table({"text": [f"Line {i}." for i in range(rows)]}), buffer)
    buffer.seek(0)
    cleaned = []

    def clean(get, where):
        cleaned.append(where)
        return clean_record(PIPELINE, RecordFields(), get)

    chunks = parquet_chunks(buffer, RecordFields(), clean, lambda row, result: None)
    next(chunks)
    assert len(cleaned) == BATCH_ROWS  # one batch read and cleaned, not the whole file
    rest = b"".join(chunks)
    assert len(cleaned) == rows and rest.endswith(b"PAR1")


# -- compression -----------------------------------------------------------------------------

COMPRESS = {
    "gz": lambda data: gzip.compress(data, mtime=0),
    "bz2": bz2.compress,
    "xz": lzma.compress,
    "zst": lambda data: zstandard.ZstdCompressor().compress(data),
}
DECOMPRESS = {
    "gz": gzip.decompress,
    "bz2": bz2.decompress,
    "xz": lzma.decompress,
    "zst": lambda data: zstandard.ZstdDecompressor().decompressobj().decompress(data),
}
SHARD = ("\n".join(GOOD_LINES) + "\nnot json\n").encode()
TEXT = b"Sergey Lavrov said so.  \n\n\n\nShare this article\n"


@pytest.mark.parametrize("codec", list(COMPRESS))
def test_compressed_shards_and_text_are_cleaned_and_keep_their_compression(tmp_path, codec):
    plain = tmp_path / "plain"
    write(plain / "s.jsonl", SHARD)
    write(plain / "t.txt", TEXT)
    packed = tmp_path / "packed"
    write(packed / f"s.jsonl.{codec}", COMPRESS[codec](SHARD))
    write(packed / f"t.txt.{codec}", COMPRESS[codec](TEXT))
    run_tree(PIPELINE, plain, tmp_path / "plain-out")
    summary = run_tree(PIPELINE, packed, tmp_path / "packed-out")
    assert (summary.ok, summary.records, summary.records_failed) == (2, 4, 1)
    for name in ("s.jsonl", "t.txt"):
        written = (tmp_path / "packed-out" / f"{name}.{codec}").read_bytes()
        assert DECOMPRESS[codec](written) == (tmp_path / "plain-out" / name).read_bytes()
    assert manifest(tmp_path / "packed-out")[f"s.jsonl.{codec}"]["record_errors"] == [
        {"line": 4, "error": "invalid JSON: Expecting value at column 1"}]


def test_compression_can_be_changed_and_the_manifest_says_where_outputs_went(tmp_path):
    write(tmp_path / "in" / "s.jsonl.gz", COMPRESS["gz"](SHARD))
    write(tmp_path / "in" / "t.txt", TEXT)
    out = tmp_path / "out"
    run_tree(PIPELINE, tmp_path / "in", out, RunOptions(compression="zst"))
    records = manifest(out)
    assert records["s.jsonl.gz"]["output"] == "s.jsonl.zst"
    assert records["t.txt"]["output"] == "t.txt.zst"
    assert DECOMPRESS["zst"]((out / "t.txt.zst").read_bytes()) == b"Sergei Lavrov said so.\n"
    assert run_tree(PIPELINE, tmp_path / "in", out, RunOptions(compression="zst")).reused == 2
    run_tree(PIPELINE, tmp_path / "in", out, RunOptions(compression="none"))
    assert "output" not in manifest(out)["t.txt"]
    assert (out / "s.jsonl").read_bytes().startswith(b'{"id": 1')


def test_gzip_outputs_are_the_same_bytes_on_every_run(tmp_path):
    write(tmp_path / "in" / "s.jsonl.gz", COMPRESS["gz"](SHARD))
    run_tree(PIPELINE, tmp_path / "in", tmp_path / "a")
    run_tree(PIPELINE, tmp_path / "in", tmp_path / "b", RunOptions(jobs=2))
    assert (tmp_path / "a" / "s.jsonl.gz").read_bytes() == (tmp_path / "b" / "s.jsonl.gz"
                                                            ).read_bytes()


def test_a_damaged_compressed_shard_fails_alone_and_writes_nothing(tmp_path):
    whole = COMPRESS["gz"](SHARD * 200)
    write(tmp_path / "in" / "cut.jsonl.gz", whole[: len(whole) // 2])
    write(tmp_path / "in" / "ok.jsonl.gz", COMPRESS["gz"](SHARD))
    write(tmp_path / "in" / "cut.txt.xz", COMPRESS["xz"](TEXT)[:-8])
    summary = run_tree(PIPELINE, tmp_path / "in", tmp_path / "out")
    records = manifest(tmp_path / "out")
    assert records["cut.jsonl.gz"]["status"] == "failed"
    assert records["cut.jsonl.gz"]["error"].startswith("cannot read on after line ")
    assert records["cut.txt.xz"]["error"].startswith("cannot decompress (xz): ")
    assert (summary.ok, summary.failed) == (1, 2)
    names = {p.name for p in (tmp_path / "out").iterdir()}
    assert names - {".textclean.lock", "textclean-errors.log"} == {"manifest.jsonl",
                                                                  "ok.jsonl.gz"}


def test_without_zstandard_zst_files_are_skipped_naming_the_extra(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "zstandard", None)  # workers are forked: they see it too
    write(tmp_path / "in" / "s.jsonl.zst", COMPRESS["zst"](SHARD))
    write(tmp_path / "in" / "t.txt", TEXT)
    summary = run_tree(PIPELINE, tmp_path / "in", tmp_path / "out")
    record = manifest(tmp_path / "out")["s.jsonl.zst"]
    assert record["status"] == "skipped"
    assert record["reason"] == (".zst files needs the 'zstd' extra (zstandard is missing): "
                                "pip install 'textclean[zstd]'")
    assert (summary.ok, summary.skipped) == (1, 1)


def test_without_pyarrow_parquet_files_are_skipped_naming_the_extra(tmp_path, monkeypatch):
    (tmp_path / "in").mkdir()
    pq.write_table(pa.table({"text": ["x"]}), tmp_path / "in" / "a.parquet")
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    run_tree(PIPELINE, tmp_path / "in", tmp_path / "out")
    record = manifest(tmp_path / "out")["a.parquet"]
    assert (record["status"], record["reason"]) == (
        "skipped", "Parquet files needs the 'parquet' extra (pyarrow is missing): "
                   "pip install 'textclean[parquet]'")


# -- resume, order, planning -----------------------------------------------------------------


def test_shards_resume_per_shard_and_their_fields_are_part_of_the_key(tmp_path):
    for index in range(4):
        write(tmp_path / "in" / f"s{index}.jsonl", SHARD)
    write(tmp_path / "in" / "t.txt", TEXT)
    out = tmp_path / "out"
    run_tree(PIPELINE, tmp_path / "in", out)
    before = manifest(out)
    write(tmp_path / "in" / "s2.jsonl", SHARD + b'{"text": "One more."}\n')
    again = run_tree(PIPELINE, tmp_path / "in", out)
    assert again.reused == 4
    assert manifest(out)["s2.jsonl"]["records"] == 5
    assert {k: v for k, v in manifest(out).items() if k != "s2.jsonl"} == {
        k: v for k, v in before.items() if k != "s2.jsonl"}
    (out / "s1.jsonl").write_bytes(b"damaged\n")
    assert run_tree(PIPELINE, tmp_path / "in", out).reused == 4
    assert (out / "s1.jsonl").read_bytes() == (out / "s0.jsonl").read_bytes()
    renamed = run_tree(PIPELINE, tmp_path / "in", out,
                       RunOptions(fields=RecordFields(meta="cleaning")))
    assert renamed.reused == 1  # the text file only
    assert '"cleaning": {"status"' in (out / "s0.jsonl").read_text()


def test_jobs_1_and_2_write_the_same_shards_and_manifest(tmp_path):
    for index in range(6):
        write(tmp_path / "in" / f"s{index}.jsonl.gz", COMPRESS["gz"](SHARD * (index + 1)))
    (tmp_path / "in" / "p").mkdir()
    pq.write_table(parquet_table(), tmp_path / "in" / "p" / "t.parquet")
    run_tree(PIPELINE, tmp_path / "in", tmp_path / "one", RunOptions(jobs=1))
    run_tree(PIPELINE, tmp_path / "in", tmp_path / "two", RunOptions(jobs=2))
    strip = [{k: v for k, v in r.items() if k != "timing"}
             for r in manifest(tmp_path / "one").values()]
    assert strip == [{k: v for k, v in r.items() if k != "timing"}
                     for r in manifest(tmp_path / "two").values()]
    for path in (tmp_path / "one").rglob("*"):
        if path.is_file() and path.name != "manifest.jsonl":
            assert path.read_bytes() == (tmp_path / "two" / path.relative_to(tmp_path / "one")
                                         ).read_bytes()


def test_outputs_that_would_replace_run_files_or_each_other_are_skipped(tmp_path):
    src = tmp_path / "in"
    write(src / "manifest.jsonl", b'{"text": "a shard named like the manifest"}\n')
    write(src / "page.txt", b"Text.\n")
    write(src / "page.html", b"<html><body><p>Text.</p></body></html>")
    write(src / "s.jsonl", b'{"text": "x"}\n')
    write(src / "s.jsonl.gz", COMPRESS["gz"](b'{"text": "y"}\n'))
    out = tmp_path / "out"
    run_tree(PIPELINE, src, out, RunOptions(compression="none"))
    records = manifest(out)
    assert records["manifest.jsonl"]["reason"] == (
        "its output would take the place of the run's manifest.jsonl")
    assert records["page.html"]["reason"] == "its output page.txt is the output of page.txt already"
    assert records["s.jsonl.gz"]["reason"] == "its output s.jsonl is the output of s.jsonl already"
    assert (out / "s.jsonl").read_text().startswith('{"text": "x\\n"')


def test_an_output_folder_used_as_input_skips_the_files_of_its_run(tmp_path):
    write(tmp_path / "in" / "s.jsonl", SHARD)
    run_tree(PIPELINE, tmp_path / "in", tmp_path / "once", RunOptions(edits="full"))
    run_tree(PIPELINE, tmp_path / "once", tmp_path / "twice")
    records = manifest(tmp_path / "twice")
    for name in ("manifest.jsonl", "edits.jsonl"):
        assert records[name]["status"] == "skipped"
        assert "earlier textclean run" in records[name]["reason"]
    # Cleaning is idempotent: only the metadata of the second run differs.
    once = [json.loads(line) for line in (tmp_path / "once" / "s.jsonl").read_text().splitlines()
            if line.startswith("{")]
    twice = [json.loads(line) for line in
             (tmp_path / "twice" / "s.jsonl").read_text().splitlines() if line.startswith("{")]
    assert [r["text"] for r in once] == [r["text"] for r in twice]


def test_one_file_can_be_the_input(tmp_path):
    shard = write(tmp_path / "data" / "s.jsonl.gz", COMPRESS["gz"](SHARD))
    write(tmp_path / "data" / "other.txt", TEXT)
    out = tmp_path / "data" / "clean"
    result = CliRunner().invoke(app, ["run", str(shard), "-o", str(out)])
    assert result.exit_code == 1, result.output  # line 4 is not JSON
    assert list(manifest(out)) == ["s.jsonl.gz"]
    assert (out / "s.jsonl.gz").exists() and not (out / "other.txt").exists()
    link = tmp_path / "link.jsonl.gz"
    link.symlink_to(shard)
    CliRunner().invoke(app, ["run", str(link), "-o", str(tmp_path / "via-link")])
    assert (tmp_path / "via-link" / "link.jsonl.gz").read_bytes() == (
        out / "s.jsonl.gz").read_bytes()
    same = CliRunner().invoke(app, ["run", str(shard), "-o", str(tmp_path / "data")])
    assert same.exit_code == 2
    assert "must not be the folder of input file" in same.output


def test_a_jsonl_shard_is_streamed_a_chunk_at_a_time():
    line = b'{"text": "' + b"word " * 200 + b'"}\n'
    count = 4 * CHUNK_BYTES // len(line)

    class Counting(io.BytesIO):
        consumed = 0

        def __iter__(self):
            while raw := self.readline():
                Counting.consumed += len(raw)
                yield raw

    stream = Counting(line * count)
    tally = ShardTally("big.jsonl")
    chunks = jsonl_chunks(stream, RecordFields(),
                          lambda get, where: clean_record(PIPELINE, RecordFields(), get), tally)
    first = next(chunks)
    assert CHUNK_BYTES <= len(first) < CHUNK_BYTES + 2 * len(line)
    assert Counting.consumed < 2 * CHUNK_BYTES  # a chunk read, not the shard
    assert sum(len(chunk) for chunk in chunks) + len(first) > 3 * CHUNK_BYTES
    assert tally.records == count


FAULT = '''\
from dataclasses import dataclass
from textclean import Stage, Step, hookimpl

@dataclass(frozen=True)
class Fault(Step):
    name = "fault"
    stage = Stage.REMOVE

    def __call__(self, doc, ctx):
        if "POISON" in doc.text:
            raise ValueError("poisoned")
        if "NUMBER" in doc.text:
            return doc.revise(outlet_from=42)
        return doc

@hookimpl
def textclean_steps():
    return [Fault]
'''


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_step_that_fails_on_one_record_fails_that_record_alone(tmp_path, jobs):
    plugin = tmp_path / "fault.py"
    plugin.write_text(FAULT)
    texts = ["Fine one.", "POISON here.", "Fine two.", "A NUMBER for a title."]
    write(tmp_path / "in" / "a.jsonl",
          "".join(json.dumps({"text": t}) + "\n" for t in texts).encode())
    (tmp_path / "in" / "p").mkdir()
    pq.write_table(pa.table({"text": texts}), tmp_path / "in" / "p" / "b.parquet")
    out = tmp_path / "out"
    summary = run_tree(Pipeline(plugins=[str(plugin)]), tmp_path / "in", out,
                       RunOptions(jobs=jobs))
    assert (summary.ok, summary.failed, summary.records, summary.records_failed) == (2, 0, 8, 4)
    poisoned = "step 'fault' (plugin 'fault') failed: ValueError: poisoned"
    number = "a step left metadata that cannot be recorded: 'outlet_from' is int"
    records = manifest(out)
    assert records["a.jsonl"]["record_errors"] == [{"line": 2, "error": poisoned},
                                                   {"line": 4, "error": number}]
    assert records["p/b.parquet"]["record_errors"] == [{"row": 2, "error": poisoned},
                                                       {"row": 4, "error": number}]
    lines = [json.loads(line) for line in (out / "a.jsonl").read_text().splitlines()]
    assert [line["text"] for line in lines] == ["Fine one.\n", "POISON here.", "Fine two.\n",
                                                "A NUMBER for a title."]
    assert (lines[1]["textclean"]["step"], lines[1]["textclean"]["plugin"]) == ("fault", "fault")
    rows = pq.read_table(out / "p" / "b.parquet").to_pylist()
    assert [row["text"] for row in rows] == [line["text"] for line in lines]
    assert "ValueError: poisoned" in (out / "textclean-errors.log").read_text()
