"""Documents are immutable values; revise() is the one way to change them."""

from __future__ import annotations

import dataclasses
import pickle

import pytest

from textclean import Document, Edit, Meta


def test_revise_returns_a_new_document_and_keeps_the_old_one():
    doc = Document("a")
    edit = Edit("x.y", before="a", after="b", line=1)
    new = doc.revise("b", edit, title="T")
    assert (doc.text, doc.edits, doc.meta.title) == ("a", (), None)
    assert (new.text, new.edits, new.meta.title) == ("b", (edit,), "T")


def test_revise_without_text_keeps_the_text():
    assert Document("a").revise(url="https://x.com").text == "a"


def test_revise_rejects_unknown_meta_fields():
    with pytest.raises(TypeError):
        Document("a").revise(nonsense=1)


def test_documents_are_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        Document("a").text = "b"  # type: ignore[misc]


def test_meta_reads_fields_by_attribute_and_by_get():
    meta = Meta(url="https://x.com/a", urls=("https://y.com",), extra={"rt": {"tag": 1}})
    assert meta.url == meta.get("url") == "https://x.com/a"
    assert meta.get("title") is None
    assert meta.get("title", "none") == "none"
    assert meta.get("rt") == {"tag": 1}
    assert meta.get("missing", 3) == 3


def test_meta_and_edit_serialise_to_plain_dicts():
    meta = Meta(urls=("u",))
    assert meta.to_dict()["urls"] == ["u"]
    edit = Edit("a.b", "x", "", 3, "boilerplate")
    assert edit.to_dict() == {"step": "boilerplate", "rule": "a.b", "before": "x", "after": "",
                              "line": 3}


def test_documents_pickle():
    doc = Document("t", Meta(urls=("u",)), (Edit("a.b", "x"),))
    assert pickle.loads(pickle.dumps(doc)) == doc
