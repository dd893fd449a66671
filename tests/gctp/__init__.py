"""Tests of the GCTP message layer (``cpr_rules.gctp``), driven by the bilag examples."""
