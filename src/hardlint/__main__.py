"""`python -m hardlint`."""

from hardlint.cli import run

run()
