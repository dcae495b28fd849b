"""Configuration files and their errors: one line naming the file and the key."""

from __future__ import annotations

from pathlib import Path

import pytest

from textclean import Config, ConfigError, Pipeline, load_config
from textclean.config import discover_config, find_config


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_textclean_toml_keys_are_read(tmp_path):
    cfg = load_config(write(tmp_path / "textclean.toml", """
plugins = ["my_plugin"]
disable = ["generic.share"]
[steps.whitespace]
order = 7
[outlets]
rt = ["rt.com", "rt/**"]
"""))
    assert cfg.plugins == ("my_plugin",)
    assert cfg.disable == ("generic.share",)
    assert cfg.step_options() == {"whitespace": {"order": 7}}
    assert cfg.outlet_entries() == {"rt": ("rt.com", "rt/**")}
    assert cfg.path == str(tmp_path / "textclean.toml")


def test_pyproject_reads_tool_textclean(tmp_path):
    cfg = load_config(write(tmp_path / "pyproject.toml", """
[project]
name = "x"
[tool.textclean]
disable = ["whitespace"]
"""))
    assert cfg.disable == ("whitespace",)


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("textclean.toml", "plugns = []", "unknown key 'plugns' (did you mean 'plugins'?)"),
        ("pyproject.toml", "[tool.textclean]\ndisabel = []",
         "unknown key 'tool.textclean.disabel' (did you mean 'disable'?)"),
        ("textclean.toml", "plugins = 3", "'plugins' must be a list of strings, not int"),
        ("textclean.toml", "plugins = [1]", "'plugins' must be a list of strings"),
        ("textclean.toml", "steps = 1", "'steps' must be a table"),
        ("textclean.toml", "[steps]\nwhitespace = 1", "'steps.whitespace' must be a table"),
        ("textclean.toml", "[steps.whitespace]\nx = {a = 1}", "must be a value or a list"),
        ("textclean.toml", "[outlets]\nrt = 'rt.com'", "'outlets.rt' must be a list of strings"),
        ("textclean.toml", "strict_plugins = 'yes'", "'strict_plugins' must be true or false"),
        ("textclean.toml", "plugins = [", "invalid TOML"),
    ],
)
def test_malformed_config_is_one_line_naming_file_and_key(tmp_path, name, text, message):
    path = write(tmp_path / name, text)
    with pytest.raises(ConfigError) as info:
        load_config(path)
    assert str(path) in str(info.value)
    assert message in str(info.value)
    assert "\n" not in str(info.value)


def test_missing_config_file_is_an_error(tmp_path):
    with pytest.raises(ConfigError, match="no such configuration file"):
        load_config(tmp_path / "nope.toml")


def test_non_utf8_config_is_an_error(tmp_path):
    path = tmp_path / "textclean.toml"
    path.write_bytes(b"disable = ['\xff']")
    with pytest.raises(ConfigError, match="not UTF-8"):
        load_config(path)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('disable = ["whitespac"]',
         "disable: unknown step, rule or plugin 'whitespac' (did you mean 'whitespace'?)"),
        ("[steps.whitespce]", "unknown step 'steps.whitespce' (did you mean 'whitespace'?)"),
        ("[steps.whitespace]\nbogus = 1", "unknown option 'steps.whitespace.bogus'"),
        ('[steps.whitespace]\norder = "first"', "steps.whitespace.order must be an integer"),
    ],
)
def test_unknown_names_fail_when_the_pipeline_is_built(tmp_path, text, message):
    path = write(tmp_path / "textclean.toml", text)
    with pytest.raises(ConfigError) as info:
        Pipeline(path)
    assert message in str(info.value)
    assert str(path) in str(info.value)


def test_only_and_skip_names_are_checked():
    with pytest.raises(ConfigError, match="--only: unknown step 'whitespac'"):
        Pipeline(only=["whitespac"])
    with pytest.raises(ConfigError, match="--skip: unknown step 'nope'"):
        Pipeline(skip="nope")


def test_find_config_walks_upward_and_prefers_textclean_toml(tmp_path):
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    write(tmp_path / "pyproject.toml", "[tool.textclean]\n")
    assert find_config(deep) == tmp_path / "pyproject.toml"
    write(tmp_path / "a" / "textclean.toml", "")
    assert find_config(deep) == tmp_path / "a" / "textclean.toml"


def test_find_config_skips_pyproject_without_a_textclean_table(tmp_path):
    (tmp_path / "a").mkdir()
    write(tmp_path / "a" / "pyproject.toml", "[project]\nname = 'x'\n")
    write(tmp_path / "textclean.toml", "")
    assert find_config(tmp_path / "a") == tmp_path / "textclean.toml"


def test_discover_prefers_explicit_then_cwd_and_never_reads_the_input_folder(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    write(tmp_path / "textclean.toml", 'disable = ["a.b"]')
    write(corpus / "textclean.toml", 'plugins = ["evil.py"]')
    other = write(tmp_path / "other.toml", 'disable = ["e.f"]')
    assert discover_config(other, input_dir=corpus, cwd=tmp_path).disable == ("e.f",)
    assert discover_config(None, input_dir=corpus, cwd=tmp_path).disable == ("a.b",)
    assert discover_config(None, input_dir=None, cwd=tmp_path).disable == ("a.b",)


def test_a_config_found_inside_the_input_folder_is_an_error_not_read(tmp_path):
    corpus = tmp_path / "corpus"
    (corpus / "sub").mkdir(parents=True)
    write(corpus / "textclean.toml", 'plugins = ["evil.py"]')
    with pytest.raises(ConfigError, match="inside the input folder .* pass it with --config"):
        discover_config(None, input_dir=corpus, cwd=corpus / "sub")
    # Named explicitly, it is the user's choice.
    explicit = discover_config(corpus / "textclean.toml", input_dir=corpus, cwd=corpus)
    assert explicit.plugins == ("evil.py",)


def test_flags_add_to_the_file():
    cfg = Config(plugins=("a",), disable=("x",)).with_flags(plugins=["b"], disable=["y"])
    assert cfg.plugins == ("a", "b")
    assert cfg.disable == ("x", "y")


def test_configs_are_hashable_so_pipelines_can_be_cached(tmp_path):
    path = write(tmp_path / "textclean.toml", "[steps.whitespace]\norder = 3\n")
    assert hash(load_config(path)) == hash(load_config(path))
