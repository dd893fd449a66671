"""The submission many tests start from: a valid FLYTB-I move (Vesterbrogade 5, 1620 København
V) of an active person, on the day the shipped code tables were produced."""

from __future__ import annotations

import datetime as dt

TABLES_DAY = dt.date(2015, 2, 1)
"""Today in the tests: the shipped code tables are from 2015."""

VALID_MOVE = {
    "PNR": "0202802729",
    "HDTO": "2015-02-28",
    "KOMK": "0101",
    "CADR_VEJKOD": "8204",
    "CADR_HUSNR": "005",
}
"""A valid move (plain JSON-like data, as a portal sends it); tests copy it with their changes
(``{**VALID_MOVE, ...}``) and never change it."""

ACTIVE = {"STATUS": "01"}
"""Stamdata of an active person (status 01); never changed."""
