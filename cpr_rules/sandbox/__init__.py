"""The local CPR sandbox (never imported by the library's runtime path)."""
