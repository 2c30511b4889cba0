"""Jambi's clock. Deadlines, windows and "today" are calendar days in Asia/Jakarta (WIB, the
province's time zone); instants are stored in UTC.
"""
from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

JAMBI = ZoneInfo("Asia/Jakarta")


def today() -> dt.date:
    """Today's date in Jambi (a function, so tests can move the clock)."""
    return dt.datetime.now(JAMBI).date()


def as_utc(moment: dt.datetime) -> dt.datetime:
    """moment as an aware UTC instant; a naive value is UTC already (SQLite hands back what
    utcnow() stored without its zone, PostgreSQL an aware value)."""
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.timezone.utc)


def local(moment: dt.datetime) -> dt.datetime:
    """moment in Jambi time."""
    return as_utc(moment).astimezone(JAMBI)
