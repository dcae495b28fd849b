"""Files on disk: walking an input tree, reading its regular files without following links,
atomic writes with the umask's mode, and the lock a run holds on its output folder.

Inputs are only ever read, and only regular files are read: every folder of an input path and
the file itself are opened with ``O_NOFOLLOW`` from the input folder's descriptor, so a file
swapped for a symlink after the walk is refused, not followed, and a FIFO or device is never
opened for a blocking read. File names that are not valid in the file system's encoding keep
their bytes as surrogate escapes (``os.fsdecode``), so they round-trip into output paths and the
manifest. Every output is written to a temporary file in the target folder and renamed into
place, so a killed run never leaves a half-written file under its final name.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import io
import os
import stat
import sys
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from textclean.decode import Decoded, decode_bytes
from textclean.errors import InputError
from textclean.globs import PathGlobs

__all__ = [
    "LOCK_FILE",
    "MANIFEST",
    "TEMP_PREFIX",
    "Entry",
    "NotRegularFile",
    "OutputLock",
    "OutputWriter",
    "TreeReader",
    "atomic_write",
    "check_file_location",
    "check_locations",
    "file_mode",
    "read_text_input",
    "remove_temporaries",
    "walk",
]

MANIFEST = "manifest.jsonl"
TEMP_PREFIX = ".textclean-tmp-"
LOCK_FILE = ".textclean.lock"

_READ_FLAGS = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
_DIR_FLAGS = os.O_RDONLY | os.O_NOFOLLOW | os.O_DIRECTORY | os.O_CLOEXEC
_CREATE_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC


@dataclass(frozen=True, slots=True)
class Entry:
    """One input file: its path relative to the input folder (POSIX form; undecodable bytes of a
    name kept as surrogate escapes), the reason it is skipped when it must not be read, and, for
    a symlink to a file inside the tree, the path of that file (``source``)."""

    path: str
    skip_reason: str | None = None
    source: str | None = None

    @property
    def read_path(self) -> str:
        """The path to read: the symlink's target inside the tree, or the file itself."""
        return self.source or self.path


def walk(
    root: Path, include: Sequence[str] = ("**/*.txt",), exclude: Sequence[str] = ()
) -> list[Entry]:
    """The files under ``root`` that ``include`` matches and ``exclude`` does not (globs of
    :mod:`textclean.globs`), sorted by path. Symlinked folders are never entered (so a symlink
    loop cannot hang the walk); a symlinked file pointing outside ``root`` is listed as skipped,
    never read."""
    root_real = root.resolve()
    inc = PathGlobs.of(include)
    exc = PathGlobs.of(exclude)
    entries: list[Entry] = []
    for folder, dirs, files in os.walk(root, followlinks=False):
        dirs.sort()
        base = Path(folder)
        for name in files:
            if name.startswith(TEMP_PREFIX):
                continue
            full = base / name
            rel = PurePosixPath(full.relative_to(root).as_posix()).as_posix()
            if not inc.match(rel) or exc.match(rel):
                continue
            entries.append(_entry(full, rel, root_real))
    entries.sort(key=lambda e: e.path)
    return entries


def _entry(full: Path, rel: str, root_real: Path) -> Entry:
    if not full.is_symlink():
        return Entry(rel)
    target = full.resolve()
    if not target.is_relative_to(root_real):
        return Entry(rel, "symlink pointing outside the input folder")
    if not target.is_file():
        return Entry(rel, "symlink to something that is not a file")
    return Entry(rel, source=target.relative_to(root_real).as_posix())


def check_locations(input_dir: Path, output_dir: Path) -> None:
    """Refuse an output folder equal to, inside or around the input folder: inputs are never
    touched, and outputs must never be read back as inputs."""
    if not input_dir.is_dir():
        raise InputError(f"{input_dir}: not a folder")
    src = input_dir.resolve()
    dst = output_dir.resolve()
    if dst == src or dst.is_relative_to(src) or src.is_relative_to(dst):
        raise InputError(
            f"output folder {output_dir} must be outside input folder {input_dir} "
            "(and not contain it)"
        )


def check_file_location(input_file: Path, output_dir: Path) -> None:
    """For one file named as the input: refuse an output folder that is the file's own folder
    (its output would replace it, or its neighbours) or that holds the file."""
    target = input_file.resolve()
    if not target.is_file():
        kind = "no such file or folder" if not input_file.exists() else "not a file or folder"
        raise InputError(f"{input_file}: {kind}")
    dst = output_dir.resolve()
    if dst == target.parent or target.is_relative_to(dst):
        raise InputError(f"output folder {output_dir} must not be the folder of input file "
                         f"{input_file}, nor hold it")


# -- reading ---------------------------------------------------------------------------------


class NotRegularFile(Exception):
    """An input path that is not a regular file now (a FIFO, a device, a folder, a symlink that
    replaced a file): it is skipped, never read."""


_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISLNK, "a symbolic link"),
)


def _kind(mode: int) -> str:
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def _not_regular(what: str) -> NotRegularFile:
    return NotRegularFile(f"not a regular file: {what} (not read)")


class TreeReader:
    """Reads files of one input tree without following links and without blocking.

    Each folder of a path is opened with ``O_NOFOLLOW | O_DIRECTORY`` from the root's
    descriptor, and the file with ``O_NOFOLLOW | O_NONBLOCK``; ``fstat`` on the open descriptor
    then decides, so what is read is what was checked. The last folder's descriptor is kept,
    since paths come sorted and most files share a folder with the one before.
    """

    def __init__(self, root: Path) -> None:
        self.root = root
        self._root_fd = os.open(root, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
        self._folder: tuple[str, int] | None = None

    def read(self, rel: str) -> bytes:
        """The bytes of the regular file at ``rel`` (a POSIX path relative to the root).

        Raises :class:`NotRegularFile` for anything else, and ``OSError`` when it cannot be read.
        """
        with self.open(rel) as handle:
            return handle.readall()

    def open(self, rel: str) -> io.FileIO:
        """The regular file at ``rel``, open for reading (unbuffered; the caller closes it), as
        checked by :meth:`read`: for a file read as a stream, such as a shard."""
        folder, _, name = rel.rpartition("/")
        parent = self._folder_fd(folder)
        try:
            fd = os.open(name, _READ_FLAGS, dir_fd=parent)
        except OSError as exc:
            if exc.errno in (errno.ELOOP, errno.EMLINK):
                raise _not_regular("a symbolic link") from None
            if exc.errno == errno.ENXIO:
                raise _not_regular("a socket or device") from None
            raise
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode):
                raise _not_regular(_kind(info.st_mode))
            return io.FileIO(fd, "rb", closefd=True)
        except BaseException:
            os.close(fd)
            raise

    def _folder_fd(self, folder: str) -> int:
        if not folder:
            return self._root_fd
        if self._folder is not None and self._folder[0] == folder:
            return self._folder[1]
        fd = self._open_folder(folder)
        self._drop_folder()
        self._folder = (folder, fd)
        return fd

    def _open_folder(self, folder: str) -> int:
        fd = os.dup(self._root_fd)
        try:
            for part in folder.split("/"):
                try:
                    child = os.open(part, _DIR_FLAGS, dir_fd=fd)
                except OSError as exc:
                    if exc.errno in (errno.ELOOP, errno.ENOTDIR):
                        raise _not_regular(f"folder {part!r} is a symbolic link or not a "
                                           "folder") from None
                    raise
                os.close(fd)
                fd = child
        except BaseException:
            os.close(fd)
            raise
        return fd

    def _drop_folder(self) -> None:
        if self._folder is not None:
            os.close(self._folder[1])
            self._folder = None

    def close(self) -> None:
        self._drop_folder()
        os.close(self._root_fd)

    def __enter__(self) -> TreeReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def read_text_input(name: str) -> Decoded:
    """The decoded text of one file named by a user, or of standard input for ``"-"``.

    Unlike a tree run, a file named on the command line may be a pipe (``<(...)``) or a symlink:
    the user chose it. A missing file, a folder or bytes that are not text are an
    :class:`InputError` with one line.
    """
    if name == "-":
        data = sys.stdin.buffer.read()
    else:
        try:
            with open(name, "rb") as handle:
                data = handle.read()
        except FileNotFoundError:
            raise InputError(f"{name}: no such file") from None
        except IsADirectoryError:
            raise InputError(f"{name}: is a folder (use 'textclean run' for folders)") from None
        except OSError as exc:
            raise InputError(f"{name}: cannot read: {exc.strerror or exc}") from None
    decoded = decode_bytes(data)
    if decoded.text is None:
        label = "standard input" if name == "-" else name
        raise InputError(f"{label}: {decoded.skipped or 'not text'}")
    return decoded


# -- writing ---------------------------------------------------------------------------------


def file_mode() -> int:
    """The mode a new file gets under the current umask, as ``cp`` and ``open`` give it.

    ``mkstemp`` creates files with mode 0600 whatever the umask, and a rename keeps the mode,
    so written files are given this mode explicitly. Reading the umask means setting it, so
    call this once, before other threads start creating files.
    """
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


def _write_all(fd: int, chunks: Iterable[bytes]) -> None:
    for chunk in chunks:
        view = memoryview(chunk)
        while view:
            written = os.write(fd, view)
            view = view[written:]


def atomic_write(path: Path, data: bytes | Iterable[bytes], *, mode: int | None = None) -> None:
    """Write ``data`` (bytes, or an iterable of byte chunks) to ``path`` through a temporary
    file in the same folder and a rename; the file gets ``mode`` (the umask's by default)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=TEMP_PREFIX, dir=path.parent)
    try:
        try:
            os.fchmod(fd, file_mode() if mode is None else mode)
            _write_all(fd, (data,) if isinstance(data, bytes | bytearray | memoryview) else data)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


class OutputWriter:
    """Writes the outputs of one run under its output folder, atomically and with the umask's
    mode, remembering which folders it has made.

    Each file goes to a temporary file in its folder (``O_EXCL``, named by the process and a
    counter, so no name is ever guessed twice) and is renamed into place; a folder is made once
    per run, and made again if it vanished."""

    def __init__(self, root: Path, mode: int) -> None:
        self.root = root
        self.mode = mode
        self._made: dict[str, str] = {}
        self._count = 0

    def write(self, rel: str, data: bytes | Iterable[bytes]) -> None:
        """Write ``data`` to ``root/rel``; ``OSError`` when it cannot be written (the previous
        file, if any, is left as it was)."""
        folder, _, name = rel.rpartition("/")
        try:
            self._write(self._folder(folder), name, data)
        except FileNotFoundError:
            self._made.pop(folder, None)  # the folder went away during the run: make it again
            self._write(self._folder(folder), name, data)

    def _folder(self, folder: str) -> str:
        made = self._made.get(folder)
        if made is None:
            path = self.root / folder
            path.mkdir(parents=True, exist_ok=True)
            made = self._made[folder] = os.fspath(path)
        return made

    def _write(self, folder: str, name: str, data: bytes | Iterable[bytes]) -> None:
        while True:
            self._count += 1
            tmp = f"{folder}/{TEMP_PREFIX}{os.getpid()}-{self._count}"
            try:
                fd = os.open(tmp, _CREATE_FLAGS, 0o600)
                break
            except FileExistsError:
                continue
        try:
            try:
                os.fchmod(fd, self.mode)
                _write_all(fd, (data,) if isinstance(data, bytes | bytearray | memoryview)
                           else data)
            finally:
                os.close(fd)
            os.replace(tmp, f"{folder}/{name}")
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
            raise

    def temporary(self) -> tuple[int, Path]:
        """A new temporary file in the output folder (removed by the next run if left over)."""
        fd, tmp = tempfile.mkstemp(prefix=TEMP_PREFIX, dir=self.root)
        os.fchmod(fd, self.mode)
        return fd, Path(tmp)

    def sha256(self, rel: str) -> str | None:
        """The SHA-256 of the regular file at ``root/rel``, or None if there is none."""
        try:
            fd = os.open(self.root / rel, _READ_FLAGS)
        except OSError:
            return None
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                return None
            digest = hashlib.sha256()
            while chunk := os.read(fd, 1 << 20):
                digest.update(chunk)
            return digest.hexdigest()
        finally:
            os.close(fd)


def remove_temporaries(output_dir: Path) -> int:
    """Delete temporary files a killed run left behind; returns how many."""
    removed = 0
    if not output_dir.is_dir():
        return 0
    for folder, _dirs, files in os.walk(output_dir, followlinks=False):
        for name in files:
            if name.startswith(TEMP_PREFIX):
                try:
                    os.unlink(Path(folder) / name)
                    removed += 1
                except FileNotFoundError:
                    pass
    return removed


# -- the output folder's lock ----------------------------------------------------------------


class OutputLock:
    """A run's hold on its output folder: an exclusive ``flock`` on ``OUTPUT/.textclean.lock``,
    which holds the process id of its owner.

    A second run on the same folder stops with one line naming that process instead of mixing
    its records into the first run's manifest. The lock goes with the last process holding the
    file open (worker processes inherit it), so a killed run never leaves a stale lock; the file
    itself stays.
    """

    def __init__(self, folder: Path, *, mode: int = 0o644) -> None:
        self.folder = folder
        self.path = folder / LOCK_FILE
        self._mode = mode
        self._fd: int | None = None

    def acquire(self) -> None:
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC,
                         self._mode)
        except OSError as exc:
            raise InputError(
                f"cannot write to output folder {self.folder}: {exc.strerror or exc}"
            ) from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "unknown"
            os.close(fd)
            raise InputError(
                f"output folder {self.folder} is in use by another textclean run "
                f"(pid {holder}); wait for it to finish or choose another folder"
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> OutputLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()

