"""`python -m openintra` runs the command line."""

from openintra.cli import main

main()
