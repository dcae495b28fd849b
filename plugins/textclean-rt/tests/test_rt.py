"""textclean-rt keeps the contract of every textclean plugin, on its own data: the rules,
outlet, domains and whole documents of RT in plugin.toml."""

from textclean.testing import plugin_suite

TestRt = plugin_suite("textclean_rt")
