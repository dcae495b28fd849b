"""textclean-example keeps the contract of every textclean plugin, on its own data: the rules,
outlet, domains, paths and whole documents in plugin.toml (and its step, if it has one)."""

from textclean.testing import plugin_suite

TestExample = plugin_suite("textclean_example")
