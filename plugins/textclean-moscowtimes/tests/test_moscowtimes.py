"""textclean-moscowtimes keeps the contract of every textclean plugin, on its own data: the rules,
outlet, domains and whole documents of The Moscow Times in plugin.toml."""

from textclean.testing import plugin_suite

TestMoscowtimes = plugin_suite("textclean_moscowtimes")
