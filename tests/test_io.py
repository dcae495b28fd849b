"""Walking input trees, globs, atomic writes and the manifest file."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from textclean import InputError
from textclean.globs import PathGlobs
from textclean.io import (
    TEMP_PREFIX,
    atomic_write,
    check_locations,
    remove_temporaries,
    walk,
)
from textclean.manifest import read_manifest


@pytest.mark.parametrize(
    ("pattern", "path", "matches"),
    [
        ("**/*.txt", "a.txt", True),
        ("**/*.txt", "x/y/a.txt", True),
        ("*.txt", "x/a.txt", True),
        ("x/*.txt", "x/a.txt", True),
        ("x/*.txt", "x/y/a.txt", False),
        ("x/**", "x/y/a.txt", True),
        ("**/*.txt", "a.txt.bak", False),
        ("a?.txt", "ab.txt", True),
        ("a?.txt", "a/.txt", False),
        ("[x].txt", "x.txt", True),
        ("[[]x].txt", "[x].txt", True),
        ("rt/*.txt", "rt/2015/a.txt", False),
        ("rt/**/*.txt", "rt/2015/a.txt", True),
        ("**/*.{txt,md}", "a/b.md", True),
        ("*.txt", "x/.hidden.txt", True),
        ("*.TXT", "a.txt", False),
    ],
)
def test_globs(pattern, path, matches):
    assert PathGlobs((pattern,)).match(path) is matches


def test_walk_outlet_map_and_data_plugins_read_globs_the_same_way(tmp_path):
    from textclean import Document, Meta
    from textclean.outlets import OutletMap
    from textclean.plugindata import OutletData

    for rel in ["rt/a.txt", "rt/2015/a.txt"]:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x")
    walked = [e.path for e in walk(tmp_path, include=["rt/*.txt"])]
    outlet_map = OutletMap.from_config({"rt": ["rt/*.txt"]})
    data = OutletData("rt", paths=("rt/*.txt",))
    for path in ["rt/a.txt", "rt/2015/a.txt"]:
        doc = Document("x", Meta(source=path))
        assert (path in walked) is (outlet_map.lookup(doc) == "rt") is (data.lookup(doc) == "rt")
    assert walked == ["rt/a.txt"]


def test_walk_is_sorted_and_relative(tmp_path):
    for rel in ["b.txt", "a/z.txt", "a/b.txt", "c.md"]:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x")
    assert [e.path for e in walk(tmp_path)] == ["a/b.txt", "a/z.txt", "b.txt"]


def test_walk_ignores_temporaries(tmp_path):
    (tmp_path / f"{TEMP_PREFIX}x.txt").write_text("x")
    assert walk(tmp_path) == []


def test_walk_does_not_follow_symlinks_out_of_the_tree_and_survives_loops(tmp_path):
    outside = tmp_path / "outside.txt"
    outside.write_text("secret")
    root = tmp_path / "in"
    root.mkdir()
    (root / "real.txt").write_text("x")
    os.symlink(outside, root / "escape.txt")
    os.symlink(root / "real.txt", root / "inside.txt")
    os.symlink(root, root / "loop")
    entries = {e.path: e.skip_reason for e in walk(root)}
    assert entries == {
        "escape.txt": "symlink pointing outside the input folder",
        "inside.txt": None,
        "real.txt": None,
    }


@pytest.mark.parametrize("where", ["same", "inside", "around"])
def test_output_must_be_outside_input(tmp_path, where):
    src = tmp_path / "in"
    src.mkdir()
    out = {"same": src, "inside": src / "out", "around": tmp_path}[where]
    with pytest.raises(InputError, match="must be outside input folder"):
        check_locations(src, out)


def test_input_must_be_a_folder(tmp_path):
    with pytest.raises(InputError, match="not a folder"):
        check_locations(tmp_path / "missing", tmp_path / "out")


def test_atomic_write_replaces_and_leaves_no_temporary(tmp_path):
    target = tmp_path / "d" / "f.txt"
    atomic_write(target, b"one")
    atomic_write(target, b"two")
    assert target.read_bytes() == b"two"
    assert [p.name for p in target.parent.iterdir()] == ["f.txt"]


def test_remove_temporaries(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / f"{TEMP_PREFIX}abc").write_text("half")
    (tmp_path / "keep.txt").write_text("x")
    assert remove_temporaries(tmp_path) == 1
    assert [p.name for p in tmp_path.rglob("*") if p.is_file()] == ["keep.txt"]


def test_read_manifest_skips_a_torn_last_line(tmp_path: Path):
    path = tmp_path / "manifest.jsonl"
    path.write_text('{"path": "a.txt", "status": "skipped", "reason": "binary"}\n{"path": "b.t')
    assert [r.path for r in read_manifest(path)] == ["a.txt"]
    assert list(read_manifest(tmp_path / "none.jsonl")) == []
