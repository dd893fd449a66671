"""Danish time: every default "today" and CPR's local clock.

CPR is a Danish register: a moving date, the 28-day and 5-day limits and the kendeord's day are
Danish days, whatever zone the process runs in. A portal in a UTC container would otherwise see
yesterday's date for an hour or two each night (issue 9 point 10). The zone database is the
system's, or the ``tzdata`` package where the system has none.

>>> import datetime as dt
>>> danish_today(dt.datetime(2015, 2, 27, 23, 30, tzinfo=dt.UTC))
datetime.date(2015, 2, 28)
>>> danish_now(dt.datetime(2015, 7, 1, 12, 0, tzinfo=dt.UTC)).isoformat()
'2015-07-01T14:00:00+02:00'
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

__all__ = ["DANISH_ZONE", "danish_local_time", "danish_now", "danish_today"]

DANISH_ZONE = ZoneInfo("Europe/Copenhagen")
"""CPR's local time zone (CET/CEST)."""


def _utc_now() -> dt.datetime:
    """The real clock (a test may replace this one function to stand at another moment)."""
    return dt.datetime.now(dt.UTC)


def danish_now(instant: dt.datetime | None = None) -> dt.datetime:
    """The moment ``instant`` (default: now) as an aware datetime in Europe/Copenhagen.

    A naive ``instant`` is taken as the process's local time, as :meth:`datetime.astimezone`
    does.
    """
    return (instant or _utc_now()).astimezone(DANISH_ZONE)


def danish_today(instant: dt.datetime | None = None) -> dt.date:
    """The Danish calendar date at ``instant`` (default: now)."""
    return danish_now(instant).date()


def danish_local_time() -> dt.datetime:
    """Now as CPR's naive local time (the sandbox's ``ts``/VNTS are CPR's local time)."""
    return danish_now().replace(tzinfo=None)
