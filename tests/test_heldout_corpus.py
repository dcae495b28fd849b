"""benchmarks/heldout.py: the naive page text of HTML, and the corpus of pages with their gold."""

from __future__ import annotations

import io
import json
import tarfile

import pytest

from benchmarks import heldout


def test_page_text_is_one_line_per_block_without_hidden_text():
    html = b"""<html><head><title>Not shown</title></head><body>
    <nav><a href="/">Home</a><a href="/w">World</a></nav>
    <script>var shown = false;</script><!-- a comment -->
    <h1>Floods cut off
        mountain villages</h1>
    <p>Rescue teams <b>reached</b> three villages.<br>Officials said more.</p>
    <div>Before <span>inline</span> after<style>p {}</style> tail</div>
    <pre>line one
line two</pre>
    </body></html>"""
    assert heldout.page_text(html).split("\n") == [
        "HomeWorld",
        "Floods cut off mountain villages",
        "Rescue teams reached three villages.",
        "Officials said more.",
        "Before inline after tail",
        "line one",
        "line two",
    ]


def test_page_text_keeps_non_ascii_text_as_utf8():
    html = "<body><p>Größere SSD — 香港</p></body>".encode()
    assert heldout.page_text(html) == "Größere SSD — 香港"


def test_the_corpus_pairs_each_page_with_its_expected_text(tmp_path, monkeypatch):
    files = {
        "html/a.html": b"<body><p>Menu</p><p>Story text.</p></body>",
        "txt/a.txt": b"Story text.",
        "metadata/a.json": json.dumps({"meta_lang": "", "language": "de"}).encode(),
        "html/no_gold.html": b"<body><p>Alone</p></body>",
        "txt/no_page.txt": b"Nothing to pair with.",
    }
    sdist = tmp_path / heldout.SDIST
    with tarfile.open(sdist, "w:gz") as archive:
        for name, data in files.items():
            info = tarfile.TarInfo(heldout.DATA + name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    monkeypatch.setattr(heldout, "fetch", lambda cache: sdist)
    corpus = heldout.build(tmp_path)
    records = [json.loads(line) for line in corpus.read_text(encoding="utf-8").splitlines()]
    assert records == [{"id": "a", "lang": "de", "page_text": "Menu\nStory text.",
                        "gold": "Story text."}]
    assert not corpus.with_suffix(".part").exists()


def test_a_download_that_is_not_the_pinned_one_is_refused(tmp_path):
    (tmp_path / heldout.SDIST).write_bytes(b"not the source distribution")
    with pytest.raises(SystemExit, match="SHA-256"):
        heldout.fetch(tmp_path)
