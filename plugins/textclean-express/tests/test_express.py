"""textclean-express keeps the contract of every textclean plugin, on its own data: the rules,
outlet, domains and whole documents of the Express in plugin.toml."""

from textclean.testing import plugin_suite

TestExpress = plugin_suite("textclean_express")
