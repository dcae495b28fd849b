"""HTML in: pages through trafilatura's extractor, then the pipeline; records with an HTML
field; and what happens without the extra."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from typer.testing import CliRunner

from textclean import Pipeline
from textclean.cli import app
from textclean.html import extract
from textclean.records import RecordFields
from textclean.runner import RunOptions, run_tree

PAGE = """<!DOCTYPE html>
<html><head>
<title>Talks go on, minister says | The Daily Example</title>
<meta name="author" content="Jane Doe">
<meta property="og:url" content="https://www.example.org/world/talks-go-on">
<meta property="article:published_time" content="2015-05-21T10:00:00Z">
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li>
<li><a href="/sport">Sport</a></li></ul></nav>
<article>
<h1>Talks go on, minister says</h1>
<p>Sergey Lavrov said on Thursday that the talks would go on, in a statement published by the
ministry after a long meeting in Geneva.</p>
<p>Share this article</p>
<p>The second paragraph has more words in it, so that the extractor keeps it as part of the
article text rather than as a short line of navigation.</p>
</article>
<div class="comments"><p>Great article, thanks!</p></div>
<footer><p>Copyright 2015 The Daily Example. All rights reserved.</p></footer>
</body></html>
"""


def manifest(out: Path) -> dict[str, dict]:
    lines = (out / "manifest.jsonl").read_text(encoding="utf-8").splitlines()
    return {record["path"]: record for record in map(json.loads, lines)}


def test_an_html_file_goes_through_the_extractor_then_the_pipeline(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "talks.html").write_text(PAGE, encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["run", str(tmp_path / "in"), "-o", str(out)])
    assert result.exit_code == 0, result.output
    text = (out / "talks.txt").read_text(encoding="utf-8")
    assert "Sergei Lavrov said on Thursday" in text  # the pipeline's aliases step
    assert "Share this article" not in text  # the pipeline's boilerplate step
    assert "The second paragraph" in text
    for markup in ("<p>", "Home", "Sport", "Copyright", "Great article"):
        assert markup not in text  # what the extractor leaves out
    record = manifest(out)["talks.html"]
    assert record["output"] == "talks.txt"
    assert (record["title"], record["date"], record["url"]) == (
        "Talks go on, minister says", "2015-05-21", "https://www.example.org/world/talks-go-on")
    assert record["extra"]["html"]["author"] == "Jane Doe"
    assert record["edits"]["aliases.sergei-lavrov"] == 1
    assert record["edits"]["generic.share-widget"] == 1
    again = run_tree(Pipeline(), tmp_path / "in", out)
    assert again.reused == 1


def test_the_extractor_gives_the_pages_metadata():
    page = extract(PAGE)
    assert page.title == "Talks go on, minister says"
    assert page.date == "2015-05-21"
    assert page.url == "https://www.example.org/world/talks-go-on"
    assert page.extra["author"] == "Jane Doe"
    assert page.text.startswith("Talks go on, minister says\nSergey Lavrov said")
    assert page.document().meta.extra["html"]["author"] == "Jane Doe"


def test_a_page_without_an_article_gives_an_empty_text_and_says_so(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "empty.htm").write_text("<html><body></body></html>")
    run_tree(Pipeline(), tmp_path / "in", tmp_path / "out")
    record = manifest(tmp_path / "out")["empty.htm"]
    assert record["status"] == "ok"
    assert "the page holds no article text" in record["warnings"]
    assert (tmp_path / "out" / "empty.txt").read_text() == ""


def test_records_holding_html_get_their_article_as_text(tmp_path):
    lines = [{"id": 1, "html": PAGE}, {"id": 2, "html": None}]
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "pages.jsonl").write_text("".join(json.dumps(x) + "\n" for x in lines))
    options = RunOptions(fields=RecordFields(html="html"))
    run_tree(Pipeline(), tmp_path / "in", tmp_path / "out", options)
    first, second = map(json.loads, (tmp_path / "out" / "pages.jsonl").read_text().splitlines())
    assert list(first) == ["id", "html", "text", "textclean"]
    assert first["html"] == PAGE
    assert "Sergei Lavrov said" in first["text"] and "Home" not in first["text"]
    assert first["textclean"]["title"] == "Talks go on, minister says"
    assert first["textclean"]["extra"]["html"]["author"] == "Jane Doe"
    assert "text" not in second
    assert second["textclean"]["error"] == "field 'html' is null"


def test_without_the_extra_html_files_are_skipped_naming_it(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "trafilatura", None)  # workers are forked: they see it
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "talks.html").write_text(PAGE)
    (tmp_path / "in" / "a.txt").write_text("Text.\n")
    result = CliRunner().invoke(app, ["run", str(tmp_path / "in"), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    record = manifest(tmp_path / "out")["talks.html"]
    assert (record["status"], record["reason"]) == (
        "skipped", "HTML input needs the 'html' extra (trafilatura is missing): "
                   "pip install 'textclean[html]'")
    assert not (tmp_path / "out" / "talks.txt").exists()
