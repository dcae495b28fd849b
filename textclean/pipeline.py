"""The pipeline: built once from plugins and configuration, then plain picklable data that
runs documents through its steps in order."""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import os
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from itertools import repeat
from typing import Any, Literal

from textclean._version import __version__
from textclean.aliases import AliasTable
from textclean.codehash import code_digest
from textclean.config import Config, did_you_mean, load_config
from textclean.document import Document, Meta, stamped
from textclean.errors import ConfigError, PluginError, StepError, TextcleanError, UnsettledError
from textclean.layers import Layered, gather
from textclean.linematch import document_budget
from textclean.outlets import OutletMap
from textclean.plugins import BUILTIN_PLUGINS, DocumentHooks, PluginInfo, plugin_manager
from textclean.rules import RuleBook
from textclean.step import READS, Context, Stage, Step

__all__ = ["Pipeline"]

#: Seconds that rules from plugins and config files may spend, together, on each started
#: megabyte of a document before the document fails (see RuleBook.budget_for).
USER_RULE_TIMEOUT = 2.0

#: A short document that takes the steps through their usual paths (see Pipeline.warm_up).
_WARM_UP_SAMPLE = ("Warm-up headline for the cache\n\nA sentence of the sample, with a link "
                   "to https://www.example.com/a and the word caf\u00c3\u00a9.\n\nShare\n\n"
                   "Original url:\n<https://www.example.com/warm-up>\n")

#: How many times one settling step (stages EXTRACT to CANONICALIZE) may change a document. Known
#: interactions need one more change by an earlier step (a collapse that makes a widget, a
#: canonical spelling that makes two lines copies); a document still changing after that would
#: change again when cleaned again, so it is an error.
MAX_CHANGES = 3

ConfigLike = Config | str | os.PathLike[str] | None


def _as_config(config: ConfigLike) -> Config:
    if config is None:
        return Config()
    if isinstance(config, Config):
        return config
    return load_config(config)


def _names(value: str | Iterable[str] | None) -> tuple[str, ...] | None:
    if value is None:
        return None
    if isinstance(value, str):
        value = value.split(",")
    return tuple(name.strip() for name in value if name.strip())


class Pipeline:
    """An ordered tuple of steps with the tables they share.

    ``Pipeline(config)`` asks the plugins once (built-ins, the ``textclean`` entry points and the
    plugins named in ``config`` or ``plugins``), validates what they contribute against the
    configuration, orders the steps by ``(stage, order, name)`` and keeps only plain data, so a
    pipeline pickles and maps over a process pool. ``only`` and ``skip`` choose steps by name.

    ``settle=False`` runs every step once and skips the settle round (see :meth:`__call__`):
    for measuring what the round costs, not for cleaning.
    """

    steps: tuple[Step, ...]
    plugins: tuple[PluginInfo, ...]
    context: Context
    warnings: tuple[str, ...]
    fingerprint: str

    def __init__(
        self,
        config: ConfigLike = None,
        *,
        only: str | Iterable[str] | None = None,
        skip: str | Iterable[str] | None = None,
        plugins: Sequence[str] = (),
        settle: bool = True,
    ) -> None:
        cfg = _as_config(config)
        self.settle = settle
        if plugins:
            cfg = cfg.with_flags(plugins=plugins)
        self.config = cfg
        loaded = plugin_manager(
            [cfg.resolve(p) for p in cfg.plugins],
            disabled=cfg.disable,
            strict=cfg.strict_plugins,
        )
        layered = gather(cfg, loaded)
        if layered.conflicts:
            conflict = layered.conflicts[0]
            error = ConfigError if conflict.first.layer == "config" else PluginError
            raise error(conflict.message())
        self.plugins = tuple(loaded.infos)
        self.warnings = tuple(loaded.warnings)
        self.layered = layered
        self.check_names(cfg, layered, loaded.names(), only, skip)
        ordered = self.build_steps(cfg, layered, _names(only), _names(skip))
        self.steps = tuple(step for step, _ in ordered)
        self._order = {step.name: order for step, order in ordered}
        self._step_plugin = {step.name: layered.steps[step.name].plugin for step in self.steps}
        context = Context(
            rules=RuleBook(
                rules=tuple(c.item for c in layered.rules),
                plugin_of={c.key: c.plugin for c in layered.rules},
                timeout=USER_RULE_TIMEOUT,
                trusted=frozenset(c.key for c in layered.rules if c.layer == "builtin"),
            ),
            aliases=AliasTable(
                groups=tuple(c.item for c in layered.aliases),
                sources=tuple(c.plugin for c in layered.aliases),
            ),
            outlets=OutletMap.from_config(cfg.outlet_entries()),
            # The build's manager serves this process; a copy elsewhere makes its own.
            hooks=DocumentHooks(self.plugins, loaded.manager),
        )
        self.context = dataclasses.replace(context, resources=self._provide(context))
        self._explaining = dataclasses.replace(self.context, explain=True)
        self.fingerprint = self._fingerprint()

    # -- building --------------------------------------------------------------------------

    @staticmethod
    def check_names(
        cfg: Config,
        layered: Layered,
        plugins: Iterable[str],
        only: str | Iterable[str] | None,
        skip: str | Iterable[str] | None,
    ) -> None:
        """Every name the configuration and ``only``/``skip`` use must be a known step, rule,
        alias group or plugin (``plugins``: the names and distributions of those installed or
        loaded): a one-line :class:`ConfigError` with a suggestion otherwise."""
        step_names = set(layered.known_steps)
        # Built-in plugins that were disabled never got loaded; they are known too.
        known = set(layered.known) | set(plugins) | {
            module.rsplit(".", 1)[-1] for module in BUILTIN_PLUGINS}
        for name in cfg.disable:
            if name not in known:
                raise ConfigError(
                    f"{cfg.where}: disable: unknown step, rule or plugin '{name}'"
                    f"{did_you_mean(name, known)}"
                )
        for flag, value in (("only", only), ("skip", skip)):
            for name in _names(value) or ():
                if name not in step_names:
                    raise ConfigError(
                        f"--{flag}: unknown step '{name}'{did_you_mean(name, step_names)}"
                    )
        both = sorted(set(_names(only) or ()) & set(_names(skip) or ()))
        if both:
            raise ConfigError(f"--only and --skip both name step '{both[0]}': it would run "
                              "and not run")
        for name, _ in cfg.steps:
            if name not in step_names:
                raise ConfigError(
                    f"{cfg.where}: unknown step 'steps.{name}'{did_you_mean(name, step_names)}"
                )

    @staticmethod
    def build_steps(
        cfg: Config,
        layered: Layered,
        only: tuple[str, ...] | None,
        skip: tuple[str, ...] | None,
    ) -> list[tuple[Step, int]]:
        """The steps ``layered`` holds, made with their configured options, chosen by ``only``
        and ``skip`` and sorted by ``(stage, order, name)``, each with its order."""
        options = cfg.step_options()
        built: list[tuple[tuple[int, int, str], Step]] = []
        for name, contribution in layered.steps.items():
            cls, plugin = contribution.item, contribution.plugin
            if only is not None and name not in only:
                continue
            if skip is not None and name in skip:
                continue
            step_options = dict(options.get(name, {}))
            order = step_options.pop("order", cls.order)
            if not isinstance(order, int) or isinstance(order, bool):
                raise ConfigError(f"{cfg.where}: steps.{name}.order must be an integer")
            fields = {f.name for f in dataclasses.fields(cls) if f.init}
            for key in step_options:
                if key not in fields:
                    raise ConfigError(
                        f"{cfg.where}: unknown option 'steps.{name}.{key}' for step '{name}'"
                        f"{did_you_mean(key, fields | {'order'})}"
                    )
            try:
                step = cls(**step_options)
            except (TypeError, ValueError) as exc:
                raise ConfigError(f"{cfg.where}: steps.{name}: {exc}") from None
            except TextcleanError as exc:
                raise ConfigError(f"{cfg.where}: steps.{name}: {exc}") from None
            if not isinstance(cls.stage, Stage):
                raise PluginError(f"plugin '{plugin}': step '{name}' has no valid stage")
            if cls.reads not in READS:
                raise PluginError(f"plugin '{plugin}': step '{name}' reads {cls.reads!r}, not one "
                                  f"of {', '.join(READS)}")
            built.append(((int(cls.stage), order, name), step))
        built.sort(key=lambda item: item[0])
        return [(step, key[1]) for key, step in built]

    def _provide(self, context: Context) -> dict[str, Any]:
        """What the steps provide (:meth:`Step.provide`), each asked once, in pipeline order,
        with what the steps before it provided."""
        resources: dict[str, Any] = {}
        owner: dict[str, str] = {}
        for step in self.steps:
            who = f"plugin '{self.plugin_of(step.name)}': step '{step.name}'"
            try:
                provided = step.provide(dataclasses.replace(context, resources=dict(resources)))
            except TextcleanError as exc:
                raise PluginError(f"{who} could not provide its resources: {exc}") from None
            if not isinstance(provided, Mapping):
                raise PluginError(f"{who}: provide() must return a mapping of names to resources")
            for name, value in provided.items():
                if not isinstance(name, str) or not name:
                    raise PluginError(f"{who} provides a resource named {name!r}")
                if name in resources:
                    first = f"plugin '{self.plugin_of(owner[name])}': step '{owner[name]}'"
                    raise PluginError(f"resource '{name}' is provided both by {first} and by "
                                      f"{who}")
                resources[name] = value
                owner[name] = step.name
        return resources

    def _fingerprint(self) -> str:
        """A hash of everything that decides the output: version, plugins and their code and
        data files, steps with their options, tables."""
        modules = [p.module for p in self.plugins] + [type(s).__module__ for s in self.steps]
        data = {
            "textclean": __version__,
            "code": code_digest(modules),
            "plugins": [(p.name, p.distribution, p.version) for p in self.plugins],
            "steps": [(repr(step), self._order[step.name]) for step in self.steps],
            "rules": [(r.id, r.pattern, r.outlets) for r in self.context.rules.rules],
            "aliases": [repr(g) for g in self.context.aliases.groups],
            "outlets": [repr(self.context.outlets)],
            "settle": self.settle,
        }
        blob = json.dumps(data, sort_keys=True, default=repr).encode()
        return hashlib.sha256(blob).hexdigest()[:16]

    # -- running ---------------------------------------------------------------------------

    def plugin_of(self, step_name: str) -> str:
        """The name of the plugin that contributed a step of this pipeline."""
        return self._step_plugin[step_name]

    def __call__(
        self,
        document: Document | str,
        *,
        url: str | None = None,
        outlet: str | None = None,
        source: str | None = None,
        explain: bool = False,
        timings: dict[str, float] | None = None,
    ) -> Document:
        """Run a text or a document through every step, in order, until it settles.

        The REPAIR steps run once. The steps of the stages EXTRACT to CANONICALIZE then run in
        order; when one changes the document, the earliest step before it that can have new
        work from that change runs again, and the order resumes from there (see
        :attr:`~textclean.Step.reads`). A step whose input has not changed in what it reads is
        not run again (it is idempotent), so settling costs only the steps that can still
        change. A document that one step changes more than :data:`MAX_CHANGES` times fails with
        an :class:`~textclean.errors.UnsettledError`. DESCRIBE steps (metadata only: one that
        changes the text is a :class:`~textclean.errors.StepError`) and TIDY steps then run once
        on the settled text.

        ``explain`` asks steps to also record what they deliberately left alone, as kept edits
        (``before == after``, with a ``note``). A step that raises, or that changes the text
        without recording an edit, is a :class:`~textclean.errors.StepError` naming the step
        and its plugin. ``timings``, when given, gets the seconds each step spent added under
        its name (``textclean run --profile``).
        """
        doc = self._start(document, url=url, outlet=outlet, source=source)
        ctx = self._explaining if explain else self.context
        before, settling, after = self._phases()
        with document_budget(self.context.rules.budget_for(len(doc.text))):
            for step in before:
                doc = self._apply(step, doc, ctx, timings)[0]
            doc = self._settle(settling, doc, ctx, timings)
            for step, describes in after:
                result = self._apply(step, doc, ctx, timings)[0]
                if describes and result.text is not doc.text and result.text != doc.text:
                    raise StepError(
                        step.name, self.plugin_of(step.name),
                        "changed the text in the describe stage, which is metadata only",
                    )
                doc = result
        return doc

    def _phases(self) -> tuple[tuple[Step, ...], tuple[Step, ...],
                               tuple[tuple[Step, bool], ...]]:
        """The steps run once before the settle round, those of the round, and those run once
        after it (each with whether it is a describe step); worked out once per tuple of steps
        (``steps`` may be replaced, as a benchmark does to time them)."""
        steps = self.steps
        cached = self.__dict__.get("_phases_of")
        if cached is not None and cached[0] is steps:
            return cached[1]
        first = next((i for i, s in enumerate(steps) if s.stage >= Stage.EXTRACT), len(steps))
        last = next((i for i, s in enumerate(steps) if s.stage > Stage.CANONICALIZE), len(steps))
        phases = (steps[:first], steps[first:last],
                  tuple((step, step.stage == Stage.DESCRIBE) for step in steps[last:]))
        self.__dict__["_phases_of"] = (steps, phases)
        return phases

    def _settle(self, steps: Sequence[Step], doc: Document, ctx: Context,
                timings: dict[str, float] | None = None) -> Document:
        """Run ``steps`` in order; after a change, go back to the earliest step that can have
        new work, until none has.

        Three counters number the changes made to the document: of its metadata, of the content
        of its lines (metadata changes included) and of anything at all. A step has new work
        only when the counter of what it reads (:attr:`Step.reads`) moved after it last ran;
        since every step is idempotent, it has none otherwise. A step that changes the document
        more than :data:`MAX_CHANGES` times means the document does not settle."""
        versions = dict.fromkeys(READS, 0)
        ran_at = [-1] * len(steps)
        changes = [0] * len(steps)
        settled: list[Document | None] = [None] * len(steps)  # a lines step's last output
        probes = _Probes()
        index = 0
        while index < len(steps):
            step = steps[index]
            if ran_at[index] == versions[step.reads] or (not self.settle and ran_at[index] >= 0):
                index += 1
                continue
            if ran_at[index] >= 0 and ctx.explain:
                doc = _without_notes_of(step.name, doc)
            last = settled[index]
            if last is not None and not ctx.explain and _no_new_line_work(
                step, last, doc, ctx, timings, probes
            ):
                ran_at[index] = versions[step.reads]
                settled[index] = doc
                index += 1
                continue
            before = doc
            doc, changed = self._apply(step, doc, ctx, timings)
            if step.reads == "lines":
                settled[index] = doc
            if changed:
                changes[index] += 1
                if changes[index] > MAX_CHANGES:
                    names = tuple(s.name for s, n in zip(steps, changes, strict=True) if n > 1)
                    raise UnsettledError(names, self.plugin_of(names[0]), MAX_CHANGES)
                versions["document"] += 1
                if doc.meta is not before.meta and doc.meta != before.meta:
                    versions["meta"] += 1
                    versions["lines"] += 1
                elif not ctx.explain or not _only_removes_lines(before.text, doc.text):
                    # Without explain, a lines step asks first which lines are new (see
                    # _no_new_line_work): a change that only removed lines leaves it none.
                    versions["lines"] += 1
            ran_at[index] = versions[step.reads]
            if changed and self.settle:
                index = next((earlier for earlier in range(index)
                              if ran_at[earlier] != versions[steps[earlier].reads]), index + 1)
            else:
                index += 1
        return doc

    @staticmethod
    def _start(
        document: Document | str, *, url: str | None, outlet: str | None, source: str | None
    ) -> Document:
        if isinstance(document, str):
            document = Document(document)
        elif not isinstance(document, Document):
            raise TypeError(f"expected a str or a Document, not {type(document).__name__}")
        given: dict[str, Any] = {}
        if url is not None:
            given["url"] = url
        if source is not None:
            given["source"] = source
        if outlet is not None:
            given["outlet"] = outlet
        if given.get("outlet") or document.meta.outlet:
            given.setdefault("outlet_from", document.meta.outlet_from or "explicit")
        return document.revise(**given) if given else document

    def _apply(self, step: Step, doc: Document, ctx: Context,
               timings: dict[str, float] | None = None) -> tuple[Document, bool]:
        """``step`` run on ``doc``, checked and with its edits stamped, and whether it changed
        the text or the metadata.

        The checks cost little: the earlier edits are compared by identity first (a step that
        keeps them hands back the same objects), the text only when it is a new object, and
        only the new edits are stamped."""
        started = time.perf_counter() if timings is not None else 0.0
        try:
            result = step(doc, ctx)
        except TextcleanError as exc:
            raise StepError(step.name, self.plugin_of(step.name), str(exc)) from exc
        except SystemExit as exc:  # a step that calls sys.exit() fails its document, no more
            raise StepError(step.name, self.plugin_of(step.name),
                            f"called sys.exit({exc.code!r})") from exc
        except Exception as exc:
            raise StepError(
                step.name, self.plugin_of(step.name), f"{type(exc).__name__}: {exc}"
            ) from exc
        finally:
            if timings is not None:
                timings[step.name] = (timings.get(step.name, 0.0)
                                      + time.perf_counter() - started)
        if result is doc:
            return doc, False
        if not isinstance(result, Document):
            raise StepError(step.name, self.plugin_of(step.name),
                            f"returned {type(result).__name__}, not a Document")
        edits, new_edits = doc.edits, result.edits
        known = len(edits)
        if new_edits is not edits and (
            len(new_edits) < known or (known and new_edits[:known] != edits)
        ):
            raise StepError(step.name, self.plugin_of(step.name), "dropped earlier edits")
        text_changed = result.text is not doc.text and result.text != doc.text
        changed = text_changed or (result.meta is not doc.meta and result.meta != doc.meta)
        if len(new_edits) == known:
            if text_changed:
                raise StepError(step.name, self.plugin_of(step.name),
                                "changed the text without recording an edit")
            return result, changed
        new = tuple(map(stamped, new_edits[known:], repeat(step.name)))
        return Document(result.text, result.meta, edits + new), changed

    def warm_up(self) -> None:
        """Build now what the steps otherwise build on their first documents: the rule plans
        of every outlet the rules name, the alias pattern, and what a step makes on first use
        (a short sample document runs through). Worker processes forked afterwards share it
        instead of each building its own. A step that fails on the sample is not an error
        here: the documents it fails on will say so."""
        rules = self.context.rules
        outlets = {outlet for rule in rules.rules for outlet in rule.outlets or ()}
        for outlet in (None, *sorted(outlets)):
            rules.plan(outlet)
        self.context.aliases.matcher.pattern  # noqa: B018 - compiled on first use
        with contextlib.suppress(Exception):
            self(_WARM_UP_SAMPLE)

    # -- batches ---------------------------------------------------------------------------

    def process_iter(
        self,
        texts: Iterable[Any],
        *,
        urls: Iterable[str | None] | None = None,
        outlets: Iterable[str | None] | None = None,
        errors: Literal["raise", "keep"] = "raise",
    ) -> Iterator[Document]:
        """Each of ``texts`` cleaned in turn, as a generator: a stream of any length runs in the
        memory of one document. ``urls`` and ``outlets`` go in step with ``texts``.

        ``errors="keep"``: a document that fails (a :class:`StepError`, or an item that is not
        a text) comes back as it was, with the error under ``meta.extra["textclean"]``,
        instead of stopping the batch.
        """
        if errors not in ("raise", "keep"):
            raise ValueError(f"errors must be 'raise' or 'keep', not {errors!r}")
        for text, url, outlet in _in_step(texts, urls, outlets):
            try:
                yield self(text, url=url, outlet=outlet)
            except (StepError, TypeError) as exc:
                if errors == "raise":
                    raise
                yield _kept(text, exc)

    def process_batch(
        self,
        texts: Iterable[Any],
        *,
        urls: Iterable[str | None] | None = None,
        outlets: Iterable[str | None] | None = None,
        errors: Literal["raise", "keep"] = "raise",
    ) -> list[Document]:
        """:meth:`process_iter` as a list: for ``datasets.Dataset.map(batched=True)``, pandas
        columns and other batches."""
        return list(self.process_iter(texts, urls=urls, outlets=outlets, errors=errors))

    def clean_iter(
        self, texts: Iterable[Any], *, errors: Literal["raise", "keep"] = "raise"
    ) -> Iterator[Any]:
        """The cleaned text of each of ``texts``, as a generator (see :meth:`process_iter`);
        with ``errors="keep"`` an item that fails comes back unchanged."""
        if errors not in ("raise", "keep"):
            raise ValueError(f"errors must be 'raise' or 'keep', not {errors!r}")
        for text in texts:
            try:
                yield self(text).text
            except (StepError, TypeError):
                if errors == "raise":
                    raise
                yield text

    def clean_batch(
        self, texts: Iterable[Any], *, errors: Literal["raise", "keep"] = "raise"
    ) -> list[Any]:
        """:meth:`clean_iter` as a list."""
        return list(self.clean_iter(texts, errors=errors))

    # -- describing ------------------------------------------------------------------------

    def describe(self) -> list[dict[str, Any]]:
        """Each plugin with its origin, layer, version, hooks, steps in pipeline order, the
        number of rules and alias groups it contributes and what of an earlier layer it
        replaces: what ``textclean plugins`` prints."""
        from textclean.listing import plugin_rows

        return plugin_rows(self.plugins, self.layered,
                           [(step, self._order[step.name]) for step in self.steps])

    def __repr__(self) -> str:
        return f"Pipeline(steps=[{', '.join(s.name for s in self.steps)}])"


#: Texts longer than this are not asked about their new lines (the sets of lines would hold
#: copies of two whole texts): the step runs on the whole document.
_PROBE_LIMIT = 1 << 20


class _Probes:
    """The small documents of new lines that the line steps of one settle round are asked
    about (see :func:`_no_new_line_work`). The line steps of a pipeline are usually asked
    about the same two texts one after the other, and the text one was asked about is its
    last output when it is asked again: so the last probe is remembered, and the split lines
    of the last few texts."""

    __slots__ = ("key", "probe", "split")

    #: How many texts' lines are remembered.
    KEPT = 3

    def __init__(self) -> None:
        self.key: tuple[str, str, Meta] | None = None
        self.probe: Document | None = None
        self.split: list[tuple[str, frozenset[str]]] = []  # the most recent first

    def _lines_of(self, text: str) -> frozenset[str]:
        for held, lines in self.split:
            if held is text:
                return lines
        lines = frozenset(text.split("\n"))
        self.split = [(text, lines), *self.split[:self.KEPT - 1]]
        return lines

    def probe_of(self, last: str, doc: Document) -> Document | None:
        """The lines of ``doc`` that the text ``last`` does not hold, as one document with
        its metadata; None when there are none."""
        key = self.key
        if key is not None and key[0] is last and key[1] is doc.text and key[2] is doc.meta:
            return self.probe
        new = self._lines_of(doc.text) - self._lines_of(last)
        self.key = (last, doc.text, doc.meta)
        self.probe = Document("\n".join(sorted(new)), doc.meta) if new else None
        return self.probe


def _no_new_line_work(step: Step, last: Document, doc: Document, ctx: Context,
                      timings: dict[str, float] | None = None,
                      probes: _Probes | None = None) -> bool:
    """Whether a step that judges each line on its own (``reads = "lines"``), and that left
    ``last`` as its output, has nothing to do on ``doc``: the metadata is the same, and the
    step changes none of the lines of ``doc`` that ``last`` did not hold (the lines it held
    are its own output, which it leaves alone). Those new lines are few: it is asked about
    them alone, as one small document; any doubt, an error included, says it has work."""
    if doc.meta is not last.meta and doc.meta != last.meta:
        return False
    text = doc.text
    if len(text) > _PROBE_LIMIT or "\r" in text or "\r" in last.text:
        return False
    probe = (probes or _Probes()).probe_of(last.text, doc)
    if probe is None:
        return True
    started = time.perf_counter()
    try:
        result = step(probe, ctx)
    except Exception:
        return False
    finally:
        if timings is not None:
            timings[step.name] = timings.get(step.name, 0.0) + time.perf_counter() - started
    return result is probe or (
        isinstance(result, Document) and result.text == probe.text and not result.edits
        and result.meta == probe.meta
    )


def _only_removes_lines(old: str, new: str) -> bool:
    """Whether ``new`` is ``old`` with some whole lines taken out (lines end at "\\n")."""
    if len(new) >= len(old) or "\r" in old:
        return False
    remaining = iter(old.split("\n"))
    for line in new.split("\n"):
        for kept in remaining:
            if kept == line:
                break
        else:
            return False
    return True


def _without_notes_of(step: str, doc: Document) -> Document:
    """``doc`` without the kept edits ``step`` recorded when it last ran: it records them again."""
    edits = tuple(edit for edit in doc.edits if not (edit.step == step and edit.kept))
    return doc if len(edits) == len(doc.edits) else Document(doc.text, doc.meta, edits)


def _in_step(texts: Iterable[Any], urls: Iterable[str | None] | None,
             outlets: Iterable[str | None] | None) -> Iterator[tuple[Any, Any, Any]]:
    """Texts with their URL and outlet; a list given for either must be as long as texts."""
    with_urls = zip(texts, repeat(None)) if urls is None else zip(texts, urls, strict=True)
    if outlets is None:
        return ((text, url, None) for text, url in with_urls)
    return ((text, url, outlet)
            for (text, url), outlet in zip(with_urls, outlets, strict=True))


def _kept(text: Any, exc: Exception) -> Document:
    """A document that failed, as it was, with why under ``meta.extra["textclean"]``."""
    error: dict[str, Any] = {"error": str(exc)}
    if isinstance(exc, StepError):
        error.update(step=exc.step, plugin=exc.plugin)
    else:
        error["error"] = f"{type(exc).__name__}: {exc}"
    return Document(text if isinstance(text, str) else "", Meta(extra={"textclean": error}))

