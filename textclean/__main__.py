"""``python -m textclean``: the same as the ``textclean`` command."""

from textclean.cli import main

main()
