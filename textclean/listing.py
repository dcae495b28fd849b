"""What ``textclean plugins`` shows: every plugin with its layer, hooks, steps, rules and alias
groups, what it replaces of an earlier layer, and the conflicts that stop a pipeline build.

The listing is made without building the pipeline's tables, so it still shows everything when
two plugins conflict: that is when a user needs it most.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from textclean.config import Config
from textclean.layers import Layered, Override, gather
from textclean.plugins import PluginInfo, plugin_manager
from textclean.step import Step

__all__ = ["plugin_listing", "plugin_rows"]


def _override_row(override: Override) -> dict[str, str]:
    replaced = override.replaced
    return {
        "kind": override.by.kind,
        "id": override.by.key,
        "replaces": replaced.key,
        "of": replaced.where if replaced.layer == "config" else replaced.plugin,
        "layer": replaced.layer,
    }


def plugin_rows(
    infos: Sequence[PluginInfo],
    layered: Layered,
    steps: Sequence[tuple[Step, int]],
) -> list[dict[str, Any]]:
    """One row per plugin: origin, layer, form (code, data or both), version, hooks, its steps
    in pipeline order (``steps``: built steps and their order), how many of the rules and alias
    groups in force are its own, and what of an earlier layer it replaces."""
    rules = Counter(c.plugin for c in layered.rules)
    aliases = Counter(c.plugin for c in layered.aliases)
    plugin_of = {name: c.plugin for name, c in layered.steps.items()}
    rows = []
    for info in infos:
        rows.append({
            "name": info.name,
            "origin": info.origin,
            "layer": info.layer,
            "form": info.form,
            "module": info.module,
            "distribution": info.distribution,
            "version": info.version,
            "hooks": list(info.hooks),
            "steps": [{"name": step.name, "stage": step.stage.name.lower(), "order": order}
                      for step, order in steps if plugin_of.get(step.name) == info.name],
            "rules": rules[info.name],
            "aliases": aliases[info.name],
            "overrides": [_override_row(o) for o in layered.overrides
                          if o.by.layer != "config" and o.by.plugin == info.name],
        })
    return rows


def plugin_listing(cfg: Config) -> dict[str, Any]:
    """What ``textclean plugins`` prints for ``cfg``: the steps in pipeline order, a row per
    plugin, every override and every conflict, and the warnings loading the plugins gave.
    Unknown names in ``cfg`` and bad step options are errors, as for a build; conflicts are
    listed, not raised."""
    from textclean.pipeline import Pipeline

    loaded = plugin_manager([cfg.resolve(p) for p in cfg.plugins], disabled=cfg.disable,
                            strict=cfg.strict_plugins)
    layered = gather(cfg, loaded)
    Pipeline.check_names(cfg, layered, loaded.names(), None, None)
    steps = Pipeline.build_steps(cfg, layered, None, None)
    return {
        "steps": [step.name for step, _ in steps],
        "plugins": plugin_rows(loaded.infos, layered, steps),
        "overrides": [o.describe() for o in layered.overrides],
        "conflicts": [c.message() for c in layered.conflicts],
        "warnings": list(loaded.warnings),
    }
