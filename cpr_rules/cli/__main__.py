"""``python -m cpr_rules.cli``."""

from cpr_rules.cli import main

raise SystemExit(main())
