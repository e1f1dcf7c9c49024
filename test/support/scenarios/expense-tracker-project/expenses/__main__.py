"""`python -m expenses`: the same command as the installed `expenses`."""

from expenses.cli import main

raise SystemExit(main())
