"""Path globs: one dialect for every glob textclean reads (``--include``, ``--exclude``, the
``[outlets]`` map, outlet plugins' ``paths``), from wcmatch.

Paths are relative to the input folder, with "/" between folders, whatever the system:

- ``*`` and ``?`` match inside one folder name, never across "/";
- ``**`` matches any number of folders, none included: ``rt/**`` is everything under ``rt/``,
  ``**/*.txt`` every ``.txt`` file at any depth;
- a glob without "/" matches the file name at any depth: ``*.txt`` is ``**/*.txt``;
- ``[abc]``, ``[a-z]`` and ``[!abc]`` match one character of (or not of) a set; ``{txt,md}`` is
  either word;
- names starting with "." are matched like any other; case always matters.

So ``rt/*.txt`` matches ``rt/a.txt`` and not ``rt/2015/a.txt``; ``rt/**/*.txt`` matches both.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

__all__ = ["PathGlobs", "flags"]


def flags() -> int:
    """The wcmatch flags of textclean's dialect (see the module docstring)."""
    from wcmatch import glob

    return (glob.GLOBSTAR | glob.MATCHBASE | glob.DOTGLOB | glob.BRACE | glob.CASE
            | glob.FORCEUNIX)


@functools.lru_cache(maxsize=256)
def _compiled(patterns: tuple[str, ...]) -> Any:
    # Imported on first use: most pipelines never match a path.
    from wcmatch import glob

    return glob.compile(list(patterns), flags=flags())


@dataclass(frozen=True)
class PathGlobs:
    """A set of globs; a path matches when any of them does. Plain data: the compiled form is
    made once per process for each set of globs."""

    patterns: tuple[str, ...] = ()

    @classmethod
    def of(cls, patterns: Iterable[str]) -> PathGlobs:
        return cls(tuple(patterns))

    def match(self, path: str) -> bool:
        """Whether ``path`` (relative, "/" between folders) matches one of the globs."""
        if not self.patterns:
            return False
        return bool(_compiled(self.patterns).match(path))

    def __bool__(self) -> bool:
        return bool(self.patterns)
