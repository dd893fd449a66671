"""``python -m cpr_rules`` is the ``cpr-rules`` command."""

from cpr_rules.cli import main

raise SystemExit(main())
