"""The data sources an indicator's realisation can be computed from, as data.

'manual' is typed by the employee. The others are objective: computed from the service records
the units import (time, standard, accuracy) or from citizen surveys (IKM), per evaluation period,
and shown with their formula and the number of records behind them.
"""
from __future__ import annotations

from dataclasses import dataclass

MANUAL = "manual"


@dataclass(frozen=True)
class Source:
    """One objective data source: what it measures and how."""

    code: str
    family: str            # 'records' or 'survey'
    unit: str              # the realisation's unit, shown beside the value
    lower_is_better: bool  # how capaian reads it
    needs_service: bool    # must name one service (else: all the officer's services)


SOURCES = {
    s.code: s for s in (
        # Mean of (completed_at - received_at) in hours over the officer's records.
        Source("records_avg_hours", "records", "jam", True, False),
        # Percent of the officer's records completed within the service's standard time.
        Source("records_within_standard", "records", "%", False, False),
        # Percent of the officer's records that needed no data correction.
        Source("records_accuracy", "records", "%", False, False),
        # Converted IKM (25-100) of every response about the service.
        Source("ikm_service", "survey", "nilai IKM", False, True),
        # Converted IKM (25-100) of the responses naming the officer.
        Source("ikm_officer", "survey", "nilai IKM", False, False),
    )
}
CODES = (MANUAL, *SOURCES)


def is_objective(code: str) -> bool:
    """True when an indicator with this data source is computed, never typed in."""
    return code in SOURCES
