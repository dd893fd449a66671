"""Tests of cpr_rules.session: the CPR client, against a mock transport playing CPR."""
