"""Every default "today" is the Danish date (Europe/Copenhagen), whatever the process's zone."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import textwrap

from hypothesis import given
from hypothesis import strategies as st

from cpr_rules._today import DANISH_ZONE, danish_local_time, danish_now, danish_today


def test_late_evening_utc_is_the_next_danish_day() -> None:
    """23:30 UTC in winter is 00:30 the next day in Copenhagen; in summer 22:30 UTC already is."""
    assert danish_today(dt.datetime(2015, 2, 27, 23, 30, tzinfo=dt.UTC)) == dt.date(2015, 2, 28)
    assert danish_today(dt.datetime(2015, 7, 1, 22, 30, tzinfo=dt.UTC)) == dt.date(2015, 7, 2)
    assert danish_today(dt.datetime(2015, 7, 1, 21, 59, tzinfo=dt.UTC)) == dt.date(2015, 7, 1)


@given(st.datetimes(min_value=dt.datetime(1990, 1, 1), max_value=dt.datetime(2090, 1, 1)))
def test_danish_date_is_utc_date_shifted_by_one_or_two_hours(moment: dt.datetime) -> None:
    """The Danish date is the UTC date one (CET) or two (CEST) hours later, never anything else."""
    utc = moment.replace(tzinfo=dt.UTC)
    offset = danish_now(utc).utcoffset()
    assert offset in (dt.timedelta(hours=1), dt.timedelta(hours=2))
    assert danish_today(utc) == (utc + offset).date()


def test_local_time_is_naive_copenhagen_time() -> None:
    """The sandbox's timestamps (VNTS) are CPR's local time, naive, close to now in Copenhagen."""
    local = danish_local_time()
    assert local.tzinfo is None
    now = dt.datetime.now(DANISH_ZONE).replace(tzinfo=None)
    assert abs(now - local) < dt.timedelta(minutes=1)


_EVE = """
import datetime as dt, time, json
import cpr_rules._today as t
assert time.tzname[0] == "UTC", time.tzname
t._utc_now = lambda: dt.datetime(2015, 2, 27, 23, 30, tzinfo=dt.UTC)
from cpr_rules.rules import check
data = {"PNR": "0202802729", "HDTO": "2015-03-28", "KOMK": "0101", "CADR_VEJKOD": "8204",
        "CADR_HUSNR": "5"}
report = check("FLYTB-I", data, stamdata={"STATUS": "01"})
print(json.dumps([report.today.isoformat(), report.ok, [f.rule for f in report.findings]]))
"""


def test_check_in_a_utc_process_at_2330_gets_the_danish_answer() -> None:
    """TZ=UTC at 23:30 UTC on 27 Feb: Denmark is on 28 Feb, so a move on 28 Mar is within 28
    days (the UTC date would have refused it as 29 days ahead)."""
    env = {**os.environ, "TZ": "UTC"}
    out = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(_EVE)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    ).stdout
    assert out.strip() == '["2015-02-28", true, []]'
