"""`python -m hardlint`."""

from hardlint.cli import main

raise SystemExit(main())
