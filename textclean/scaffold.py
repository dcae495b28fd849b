"""Writing a new plugin package, ready to install and test: what ``textclean new-plugin`` does.

The package is a copy of ``plugins/textclean-example`` (shipped inside textclean as
``textclean/data/example-plugin``), renamed for the new outlet: its folder, package, entry
point, outlet, rule ids, display name and domains. By default it is the data form, a
``plugin.toml`` and no Python; ``with_step`` also copies the example's Python step and its
tests. It installs and passes its own tests unchanged, so an author starts from green and edits.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Sequence
from importlib import resources
from pathlib import Path

from textclean.errors import InputError
from textclean.outlets import registrable_domain
from textclean.plugindata import parse_plugin_data

__all__ = ["NAME", "STEP_FILES", "TEMPLATE_FILES", "new_plugin", "render"]

#: A plugin name: lowercase letters and digits in words joined by single hyphens.
NAME = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")

#: The files of the example plugin every new plugin gets, relative to its folder.
TEMPLATE_FILES = (
    "pyproject.toml",
    "README.md",
    "textclean_example/plugin.toml",
    "tests/test_example.py",
)
#: The files that add the example's Python step (``with_step``).
STEP_FILES = ("textclean_example/__init__.py", "tests/test_step.py")


def new_plugin(
    name: str,
    dest: str | os.PathLike[str],
    *,
    domains: Sequence[str] = (),
    with_step: bool = False,
) -> Path:
    """Write the package ``textclean-<name>`` into the folder ``dest`` and return its path.

    ``name`` is also the outlet name and the entry-point name, and becomes the Python package
    ``textclean_<name>`` (hyphens as underscores). ``domains`` are the outlet's registrable
    domains ("theguardian.com"); without any, the placeholder ``<name>.invalid`` stands in for
    them. An invalid name or domain, or a package folder that already exists, is an
    :class:`~textclean.errors.InputError`; the package appears whole or not at all.
    """
    if not isinstance(name, str) or not NAME.fullmatch(name):
        raise InputError(
            f"plugin name {name!r} must be lowercase letters and digits, words joined by single "
            "hyphens (for example 'guardian' or 'le-monde')"
        )
    checked = tuple(dict.fromkeys(_domain(domain) for domain in domains))
    parent = Path(dest)
    folder = parent / f"textclean-{name}"
    if folder.exists() or folder.is_symlink():
        raise InputError(f"{folder} already exists: remove it or choose another destination")
    try:
        parent.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix=f".textclean-{name}-", dir=parent))
    except OSError as exc:
        raise InputError(f"{parent}: cannot write there: {exc.strerror or exc}") from None
    try:
        for relative, text in render(name, checked, with_step=with_step).items():
            path = work / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        if folder.exists():  # appeared while writing
            raise InputError(f"{folder} already exists: remove it or choose another destination")
        work.rename(folder)
    except OSError as exc:
        raise InputError(f"{folder}: cannot write the plugin: {exc.strerror or exc}") from None
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return folder


def _domain(value: str) -> str:
    """A registrable domain, lowercased; anything else is an error that suggests one."""
    domain = str(value).strip().lower().rstrip(".")
    found = registrable_domain(domain)
    if found != domain:
        hint = f" (did you mean '{found}'?)" if found else ""
        raise InputError(
            f"outlet domain {value!r} is not a registrable domain such as 'example.co.uk'{hint}"
        )
    return domain


def render(
    name: str, domains: Sequence[str] = (), *, with_step: bool = False, display: str | None = None
) -> dict[str, str]:
    """The files of the package ``textclean-<name>``, by path relative to its folder: those of
    the example plugin, renamed. ``display`` is the outlet's name in prose and in the example
    rule ("Le Monde"; by default the words of ``name`` capitalised)."""
    suffix = name.replace("-", "_")
    template = resources.files("textclean") / "data" / "example-plugin"
    files = {}
    for relative in TEMPLATE_FILES + (STEP_FILES if with_step else ()):
        text = (template / relative).read_text(encoding="utf-8")
        target = relative.replace("textclean_example", f"textclean_{suffix}").replace(
            "test_example.py", f"test_{suffix}.py")
        files[target] = _renamed(text, name, domains or (f"{name}.invalid",),
                                 display or " ".join(w.capitalize() for w in name.split("-")),
                                 python=relative.endswith(".py"))
    parse_plugin_data(_toml(files[f"textclean_{suffix}/plugin.toml"]), where="plugin.toml")
    return files


def _toml(text: str) -> dict[str, object]:
    import tomllib

    return tomllib.loads(text)


def _renamed(
    text: str, name: str, domains: Sequence[str], display: str, *, python: bool
) -> str:
    """``text`` of the example plugin, about ``name`` instead: names in Python code take
    underscores (``le_monde``), everywhere else the name as given (``le-monde``)."""
    suffix = name.replace("-", "_")
    words = name.split("-")
    display_pattern = r" \s{1,3} ".join(re.escape(word.lower()) for word in display.split())
    replacements = (
        ("textclean-example", f"textclean-{name}"),
        ("textclean_example", f"textclean_{suffix}"),
        ("test_example", f"test_{suffix}"),
        ("TestExample", "Test" + "".join(word.capitalize() for word in words)),
        ("Example News", display),
        (r"example \s{1,3} news", display_pattern),
        ('"example.com"', ", ".join(f'"{domain}"' for domain in domains)),
        ("example.com", domains[0]),
        ("example.org", "\0"),  # another outlet's domain: kept
    )
    for old, new in replacements:
        text = text.replace(old, new)
    text = re.sub(r"\bexample\b", suffix if python else name, text)
    return text.replace("\0", "example.org")
