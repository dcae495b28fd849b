"""textclean-militarytimes keeps the contract of every textclean plugin, on its own data: the rules,
outlet, domains and whole documents of Military Times in plugin.toml."""

from textclean.testing import plugin_suite

TestMilitarytimes = plugin_suite("textclean_militarytimes")
