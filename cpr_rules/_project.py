"""Where the project lives on the web: one place for every link the package prints (SARIF
``helpUri``s, the schemas' ``$id``, the docs). ``[project.urls]`` in ``pyproject.toml`` says
the same; a test keeps them equal and checks that every linked page exists in the repository.
"""

from __future__ import annotations

__all__ = ["DOCS_URL", "REPOSITORY_URL", "SCHEMA_URL"]

REPOSITORY_URL = "https://github.com/cpr-rules/cpr_rules"
DOCS_URL = f"{REPOSITORY_URL}/blob/main/docs"
"""A page ``docs/X.md`` of the repository is ``{DOCS_URL}/X.md``."""
SCHEMA_URL = f"{DOCS_URL}/schema/"
"""The ``$id`` base of the JSON Schemas (``docs/schema/*.schema.json``)."""
