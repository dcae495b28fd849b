"""A hash of the code and data behind a pipeline, so that a changed plugin redoes documents.

A step's options are in its repr, but its behaviour is in its module's source and in the data
files its package ships (rule and alias TOML files, a data plugin's ``plugin.toml``). For each
module, the files of its top-level package are hashed (all but caches and compiled files); a
module outside any package is hashed alone, and a namespace package (a plugin that is only data)
by the files of its folders. A file's digest is remembered by its path, size, modification time
and inode, so building many pipelines in one process reads each file once.
"""

from __future__ import annotations

import functools
import hashlib
import os
import sys
from collections.abc import Iterable
from pathlib import Path

__all__ = ["code_digest", "code_roots"]

_SKIPPED_DIRS = frozenset({"__pycache__", ".git", ".mypy_cache", ".pytest_cache"})
_SKIPPED_SUFFIXES = (".pyc", ".pyo")


def code_roots(modules: Iterable[str]) -> list[Path]:
    """The files or package folders whose contents decide what ``modules`` do, sorted."""
    roots: set[Path] = set()
    for name in modules:
        parts = name.partition(":")[0].split(".")
        # The outermost package with files of its own. A namespace package has no __file__:
        # for the top-level one (a plugin that is only data), its folders are hashed.
        for depth in range(1, len(parts) + 1):
            module = sys.modules.get(".".join(parts[:depth]))
            origin = getattr(module, "__file__", None)
            if origin is not None:
                path = Path(origin)
                is_package = getattr(module, "__path__", None) is not None
                roots.add(path.parent if is_package else path)
                break
            if depth == len(parts) and module is not None:
                roots.update(Path(folder) for folder in getattr(module, "__path__", None) or ()
                             if Path(folder).is_dir())
    return sorted(roots)


def code_digest(modules: Iterable[str]) -> str:
    """One hash of every file behind ``modules`` (see the module docstring)."""
    digest = hashlib.sha256()
    for root in code_roots(modules):
        for path in _files(root):
            digest.update(os.fsencode(path.relative_to(root.parent)) + b"\0")
            digest.update(_file_digest(path).encode() + b"\n")
    return digest.hexdigest()


def _files(root: Path) -> list[Path]:
    if root.is_file():
        return [root]
    found = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d not in _SKIPPED_DIRS)
        found.extend(Path(folder) / name for name in files
                     if not name.endswith(_SKIPPED_SUFFIXES))
    return sorted(found)


def _file_digest(path: Path) -> str:
    try:
        info = path.stat()
    except OSError:
        return "missing"
    return _digest_of(str(path), info.st_size, info.st_mtime_ns, info.st_ino)


@functools.lru_cache(maxsize=4096)
def _digest_of(path: str, size: int, mtime_ns: int, inode: int) -> str:
    try:
        with open(path, "rb") as handle:
            return hashlib.file_digest(handle, "sha256").hexdigest()
    except OSError:
        return "unreadable"
