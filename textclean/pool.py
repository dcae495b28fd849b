"""A pipeline built once per worker process, for process pools and data frameworks.

Mapping ``pipeline`` itself over a pool (``pool.map(pipeline, texts, chunksize=64)``) sends
the pipeline with every chunk: each chunk unpickles it again (about 100 KB) and pays its first
call (lazily compiled patterns and caches) again, which was measured slower than a serial loop.
An ``initializer`` sends it once per worker instead::

    from concurrent.futures import ProcessPoolExecutor
    import textclean
    from textclean import pool

    with ProcessPoolExecutor(2, initializer=pool.init, initargs=(textclean.Pipeline(),)) as ex:
        cleaned = list(ex.map(pool.clean, texts, chunksize=64))

``textclean run`` does the same with its own workers (each is set up once, then runs many
files), Dask workers get the pipeline through a worker plugin (:mod:`textclean.dask`), and
:class:`PipelineRef` is the handle to send through anything else that pickles per task: its
pipeline is built once per process.
"""

from __future__ import annotations

import hashlib
import pickle
from collections import Counter
from collections.abc import Iterable
from typing import Any

from textclean.config import Config
from textclean.document import Document
from textclean.pipeline import ConfigLike, Pipeline
from textclean.plugins import plugin_manager

__all__ = ["UNPICKLED", "PipelineRef", "clean", "clean_batch", "init", "pipeline", "process"]

_BUILT: dict[str, Pipeline] = {}
_DEFAULT: list[Pipeline] = []
#: How many times this process unpickled each pipeline (by token): once each, when handles
#: work as they should. For checking a cluster: ``client.run(lambda: dict(UNPICKLED))``.
UNPICKLED: Counter[str] = Counter()


def _as_pipeline(source: Pipeline | ConfigLike) -> Pipeline:
    return source if isinstance(source, Pipeline) else Pipeline(source)


def prepare(config: Config) -> None:
    """Import the plugins a configuration names by path, so that a pipeline built elsewhere
    unpickles in a fresh process (one started by spawn, a Dask worker) whose steps come from
    ``.py`` files rather than installed packages."""
    plugin_manager([config.resolve(p) for p in config.plugins], disabled=config.disable,
                   strict=False, entry_points=False)


def _restore(token: str, config: Config, blob: bytes) -> Pipeline:
    """The pipeline of ``token`` in this process: unpickled the first time only."""
    built = _BUILT.get(token)
    if built is None:
        prepare(config)
        built = _BUILT[token] = pickle.loads(blob)
        UNPICKLED[token] += 1
    return built


class PipelineRef:
    """A picklable handle on a pipeline, built once per process: send it through anything that
    pickles per task (Dask graphs, pool tasks) and read :attr:`pipeline` in the task; every task
    after the first in a process finds the pipeline ready. Unpickling a handle (on a scheduler
    on the way, say) copies its bytes and builds nothing."""

    def __init__(self, source: Pipeline | ConfigLike = None) -> None:
        built = _as_pipeline(source)
        self.blob = pickle.dumps(built)
        self.token = hashlib.sha256(self.blob).hexdigest()
        self.config = built.config
        _BUILT.setdefault(self.token, built)

    @property
    def pipeline(self) -> Pipeline:
        """The pipeline, as this process has it."""
        return _restore(self.token, self.config, self.blob)

    def __reduce__(self) -> tuple[Any, tuple[str, Config, bytes]]:
        return (_handle, (self.token, self.config, self.blob))


def _handle(token: str, config: Config, blob: bytes) -> PipelineRef:
    ref = PipelineRef.__new__(PipelineRef)
    ref.token, ref.config, ref.blob = token, config, blob
    return ref


def init(source: Pipeline | ConfigLike = None) -> None:
    """A pool ``initializer``: make ``source`` (a pipeline, or a configuration to build one
    from) this process's pipeline for :func:`clean`, :func:`process` and
    :func:`clean_batch`."""
    built = _as_pipeline(source)
    _DEFAULT[:] = [built]


def pipeline() -> Pipeline:
    """This process's pipeline (see :func:`init`); the default one if none was given."""
    if not _DEFAULT:
        _DEFAULT.append(Pipeline())
    return _DEFAULT[0]


def clean(text: str) -> str:
    """``text`` cleaned by this process's pipeline: map it over a pool set up by :func:`init`."""
    return pipeline()(text).text


def process(text: str) -> Document:
    """The cleaned :class:`~textclean.document.Document` of ``text`` (see :func:`clean`)."""
    return pipeline()(text)


def clean_batch(texts: Iterable[str]) -> list[str]:
    """A batch of texts cleaned by this process's pipeline, for ``pool.map`` over batches."""
    return pipeline().clean_batch(texts)
