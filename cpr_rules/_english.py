"""English klarskrift for CPR's closed code lists (our translation of the Danish texts).

Only fixed, small code lists are translated; names of places, streets and authorities are
proper names and stay as CPR writes them. A test checks that every code of these tables has an
English text here and nothing more.
"""

from __future__ import annotations

__all__ = ["ENGLISH"]

ENGLISH: dict[str, dict[str, str]] = {
    "statuskoder": {
        "01": "Active, resident in the Danish population register",
        "03": "Active, special street code (9900-9999) in the Danish population register",
        "05": "Active, resident in the Greenlandic population register",
        "07": "Active, special street code (9900-9999) in the Greenlandic population register",
        "10": "Inactive, reserved CPR number",
        "20": "Inactive, not resident but given a CPR number for tax purposes",
        "30": "Inactive, cancelled CPR number",
        "50": "Inactive, deleted CPR number (duplicate)",
        "60": "Inactive, CPR number changed (change of birth date or sex)",
        "70": "Inactive, missing",
        "80": "Inactive, emigrated",
        "90": "Inactive, deceased",
    },
    "civilstande": {
        "U": "Unmarried",
        "G": "Married",
        "F": "Divorced",
        "E": "Widow/widower",
        "D": "Deceased",
        "P": "Registered partner",
        "O": "Former registered partner",
        "L": "Surviving registered partner",
    },
    "beskyttelsestyper": {
        "00001": "Name and address protection",
        "00002": "Local directory protection",
        "00003": "Marketing protection",
        "00004": "Research protection (discontinued)",
        "00005": "Credit warning",
    },
}
