"""The seed corpus, cleaned, matches the reviewed expected output exactly."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from textclean import Pipeline, load_config
from textclean.cli import app

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "corpora" / "seeds"
EXPECTED = ROOT / "corpora" / "expected"
PIPELINE = Pipeline(load_config(SEEDS / "textclean.toml"))
NAMES = sorted(p.name for p in SEEDS.glob("*.txt"))


@pytest.mark.parametrize("name", NAMES)
def test_seed_matches_its_expected_text_and_metadata(name):
    doc = PIPELINE((SEEDS / name).read_text(encoding="utf-8"), source=name)
    assert doc.text == (EXPECTED / name).read_text(encoding="utf-8")
    expected = json.loads((EXPECTED / name).with_suffix(".json").read_text(encoding="utf-8"))
    meta = {key: doc.meta.get(key) for key in ("url", "title", "date", "outlet")}
    meta["urls"] = list(doc.meta.urls)
    meta["rules"] = sorted({edit.rule for edit in doc.edits})
    assert meta == {key: expected[key] for key in meta}


@pytest.fixture(scope="module")
def cleaned(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("gold") / "out"
    result = CliRunner().invoke(app, ["run", str(SEEDS), "-o", str(out),
                                      "--config", str(SEEDS / "textclean.toml")])
    assert result.exit_code == 0, result.output
    return out


def test_no_widget_or_variant_residue_and_real_sentences_kept(cleaned):
    text = "\n".join((cleaned / name).read_text(encoding="utf-8") for name in NAMES)
    # Seed 000 names the group's former names, and a sentence that names an alias keeps it.
    assert text.count("Islamic State [formerly ISIS, or ISIL]") == 1
    text = text.replace("[formerly ISIS, or ISIL]", "")
    for residue in ("READ MORE", "Advertisement", "In Other News", "Load More", "GETTY",
                    "Sergey", "Haidar", "ISIS", "ISIL", "Daesh", "Original url"):
        assert residue not in text
    assert not re.search(r"\bIS\b", text)
    assert re.search(r"^Share$", text, re.MULTILINE) is None
    assert "Russia is ready to supply weapons" in text
    assert text.count("Russia, Iraq to Expand Military Cooperation") == 1
    assert text.count("Lavrov told reporters Moscow would make every effort") == 1


def test_seed_002_url_is_in_the_manifest_not_the_text(cleaned):
    records = {json.loads(line)["path"]: json.loads(line)
               for line in (cleaned / "manifest.jsonl").read_text().splitlines()}
    record = records["002_579868386fe43ed7.txt"]
    assert record["url"].startswith("https://www.themoscowtimes.com/2015/05/21/")
    assert "themoscowtimes.com" not in (cleaned / record["path"]).read_text()


def test_cleaning_the_output_again_changes_nothing(cleaned, tmp_path):
    again_in = tmp_path / "in"
    shutil.copytree(cleaned, again_in, ignore=shutil.ignore_patterns("manifest.jsonl"))
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["run", str(again_in), "-o", str(out),
                                      "--config", str(SEEDS / "textclean.toml")])
    assert result.exit_code == 0, result.output
    for name in NAMES:
        assert (out / name).read_bytes() == (cleaned / name).read_bytes()
