"""Worker processes that outlive the documents they run, and never outlive their parent.

:class:`WorkerPool` maps a function over items in chunks (several items per message, so the cost
of a message is shared), in worker processes set up once each, and yields the results in input
order with a bounded number of items in flight, so memory does not grow with the input.

A worker that dies (a plugin called ``os._exit``, a segfault, the out-of-memory killer) is
replaced. The items of the chunk it held are run again one per task, so when it dies again, the
item it held is the culprit: only that item gets the ``lost`` result, every other item its own.
A worker asks the kernel to kill it when its parent dies (``PR_SET_PDEATHSIG`` on Linux) and
also watches its parent's process id, so a ``kill -9`` of the parent never leaves workers behind.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import pickle
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from typing import Any, Generic, TypeVar

from textclean.errors import TextcleanError

__all__ = ["WorkerError", "WorkerPool", "death_reason"]

T = TypeVar("T")
R = TypeVar("R")

_END = object()
#: How often a worker checks that its parent is alive, where the kernel cannot tell it.
PARENT_CHECK_SECONDS = 1.0
_PR_SET_PDEATHSIG = 1


class WorkerError(TextcleanError):
    """The worker processes cannot run at all (setting one up failed)."""


def death_reason(exitcode: int | None) -> str:
    """How a worker process ended, for the record of the item it held."""
    if exitcode is None:
        return "the worker process vanished"
    if exitcode < 0:
        try:
            name = signal.Signals(-exitcode).name
        except ValueError:
            name = f"signal {-exitcode}"
        return f"the worker process was killed by {name}"
    return f"the worker process exited with code {exitcode} (os._exit or a crash)"


def _die_with_parent(parent: int) -> None:
    """Exit when ``parent`` is gone: the kernel's parent-death signal on Linux, and a thread
    that polls the parent's id everywhere (and covers the race before the signal was set)."""
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)  # the running program, libc included
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:
        os._exit(1)

    def watch() -> None:
        while True:
            time.sleep(PARENT_CHECK_SECONDS)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, name="textclean-parent-watch", daemon=True).start()


def _serve(conn: Connection, parent: int, setup: Callable[[], Any],
           handle: Callable[[Any, Any], Any], lost: Callable[[Any, str], Any]) -> None:
    """A worker's life: set up once, then run chunks until told to stop or the parent goes."""
    _die_with_parent(parent)
    # Ctrl-C reaches the whole process group; the parent alone decides how to stop.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        state = setup()
    except BaseException as exc:
        conn.send(("failed", f"{type(exc).__name__}: {exc}"))
        return
    conn.send(("ready", None))
    while True:
        try:
            items = conn.recv()
        except (EOFError, OSError):
            return
        if items is None:
            return
        results = [_handled(state, item, handle, lost) for item in items]
        try:
            conn.send(("done", results))
        except Exception:  # a result that does not pickle: that item alone is lost
            conn.send(("done", [_sendable(item, result, lost)
                                for item, result in zip(items, results, strict=True)]))


def _handled(state: Any, item: Any, handle: Callable[[Any, Any], Any],
             lost: Callable[[Any, str], Any]) -> Any:
    # In a worker, SIGINT is ignored: a KeyboardInterrupt or SystemExit here comes from code
    # that ran for this item, and ends this item only.
    try:
        return handle(state, item)
    except BaseException as exc:
        return lost(item, f"an internal error ({type(exc).__name__}: {exc})")


def _sendable(item: Any, result: Any, lost: Callable[[Any, str], Any]) -> Any:
    try:
        pickle.dumps(result)
    except Exception as exc:
        return lost(item, f"its result could not be sent back ({type(exc).__name__}: {exc})")
    return result


@dataclass
class _Task(Generic[T]):
    seqs: list[int]
    items: list[T]


@dataclass
class _Worker:
    process: BaseProcess
    conn: Connection
    ready: bool = False
    task: _Task[Any] | None = None


@dataclass
class WorkerPool(Generic[T, R]):
    """``size`` worker processes that run ``handle(state, item)``, with ``state = setup()`` made
    once in each worker. ``lost(item, reason)`` is the result of an item whose worker died while
    it ran alone. Worker processes are forked, so ``setup`` and ``handle`` need not pickle;
    items and results do.
    """

    size: int
    setup: Callable[[], Any]
    handle: Callable[[Any, T], R]
    lost: Callable[[T, str], R]
    chunk: int = 8
    window: int = 0
    #: How much of a chunk an item fills (1 each when None): a big item can go alone.
    weigh: Callable[[T], int] | None = None
    _workers: list[_Worker] = field(default_factory=list, init=False)

    def map(self, items: Iterable[T]) -> Iterator[R]:
        """``handle`` of each item, in the order of ``items``."""
        window = self.window or self.size * self.chunk * 4
        source = iter(items)
        pending: deque[_Task[T]] = deque()
        results: dict[int, R] = {}
        next_seq = next_out = 0
        exhausted = False
        try:
            for _ in range(self.size):
                self._start()
            while True:
                while not exhausted and next_seq - next_out < window:
                    batch = self._batch(source)
                    if not batch:
                        exhausted = True
                        break
                    pending.append(_Task(list(range(next_seq, next_seq + len(batch))), batch))
                    next_seq += len(batch)
                for worker in self._workers:
                    if worker.ready and worker.task is None and pending:
                        worker.task = pending.popleft()
                        worker.conn.send(worker.task.items)
                if next_out in results:
                    # Hand results over, then fill and dispatch again before any wait: the
                    # window they free may be all that keeps idle workers from new tasks.
                    while next_out in results:
                        yield results.pop(next_out)
                        next_out += 1
                    continue
                if exhausted and next_out == next_seq:
                    return
                if all(worker.ready and worker.task is None for worker in self._workers):
                    raise RuntimeError("worker pool stalled: no task in flight")  # never a hang
                self._wait(pending, results)
        finally:
            self._stop()

    def _batch(self, source: Iterator[T]) -> list[T]:
        if self.weigh is None:
            return [item for _, item in zip(range(self.chunk), source, strict=False)]
        batch: list[T] = []
        load = 0
        while load < self.chunk and (item := next(source, _END)) is not _END:
            batch.append(item)  # type: ignore[arg-type]
            load += self.weigh(item)  # type: ignore[arg-type]
        return batch

    def _start(self) -> None:
        context = multiprocessing.get_context("fork")
        parent_end, child_end = context.Pipe(duplex=True)
        process = context.Process(
            target=_serve, args=(child_end, os.getpid(), self.setup, self.handle, self.lost),
            name="textclean-worker", daemon=True,
        )
        process.start()
        child_end.close()
        self._workers.append(_Worker(process, parent_end))

    def _wait(self, pending: deque[_Task[T]], results: dict[int, R]) -> None:
        watched: dict[Any, _Worker] = {}
        for worker in self._workers:
            watched[worker.conn] = worker
            watched[worker.process.sentinel] = worker
        for ready in wait(list(watched)):
            worker = watched[ready]
            if worker not in self._workers:
                continue  # both its pipe and its sentinel were ready
            try:
                message = worker.conn.recv() if worker.conn.poll() else None
            except (EOFError, OSError):
                message = None
            if message is None:
                if not worker.process.is_alive() or ready is worker.conn:
                    self._replace(worker, pending, results)
                continue
            kind, payload = message
            if kind == "ready":
                worker.ready = True
            elif kind == "failed":
                raise WorkerError(f"a worker process could not start: {payload}")
            elif kind == "done" and worker.task is not None:
                results.update(zip(worker.task.seqs, payload, strict=True))
                worker.task = None

    def _replace(self, worker: _Worker, pending: deque[_Task[T]], results: dict[int, R]
                 ) -> None:
        worker.process.join(timeout=5)
        reason = death_reason(worker.process.exitcode)
        worker.conn.close()
        self._workers.remove(worker)
        if not worker.ready:
            raise WorkerError(f"a worker process could not start: {reason}")
        task = worker.task
        if task is not None:
            if len(task.items) > 1:
                # Each item alone, first in line: the next death names its culprit.
                for seq, item in reversed(list(zip(task.seqs, task.items, strict=True))):
                    pending.appendleft(_Task([seq], [item]))
            else:
                results[task.seqs[0]] = self.lost(task.items[0], reason)
        self._start()

    def _stop(self) -> None:
        """Stop every worker: asked politely when idle, terminated when busy (outputs are
        written atomically, so a terminated worker leaves only a temporary file)."""
        for worker in self._workers:
            try:
                if worker.task is None and worker.process.is_alive():
                    worker.conn.send(None)
                else:
                    worker.process.terminate()
            except OSError:
                worker.process.terminate()
        for worker in self._workers:
            worker.process.join(timeout=10)
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join()
            worker.conn.close()
        self._workers.clear()
