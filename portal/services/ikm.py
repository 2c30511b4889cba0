"""IKM figures from the stored survey responses: one GROUP BY per question, whatever the volume.

Used by the IKM reports (per service, unit or officer) and by indicators bound to a survey.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import sqlalchemy as sa

from portal.extensions import db
from portal.models import Service, SurveyResponse
from portal.rules import ikm

GROUPS = {
    "service": SurveyResponse.service_id,
    "officer": SurveyResponse.officer_id,
    "unit": Service.unit_id,
}


def ikm_by(group: str, start: dt.datetime, end: dt.datetime,
           ids: Iterable[int] | None = None, *,
           service_ids: Iterable[int] | None = None) -> dict[int, ikm.Ikm]:
    """The IKM of every service, officer or unit with responses submitted in [start, end).

    Args:
        group: 'service', 'officer' (responses naming the officer) or 'unit'.
        start, end: the instants bounding submitted_at (see execution.evaluation_window).
        ids: only these services, officers or units; all when None.
        service_ids: only responses about these services (e.g. an officer's IKM at one
            counter, for an indicator bound to that service); all when None.

    Returns a mapping id -> Ikm; ids without any response are absent.
    """
    key = GROUPS[group]
    columns = [getattr(SurveyResponse, name) for name in SurveyResponse.ELEMENTS]
    query = (
        sa.select(key, sa.func.count(),
                  *(sa.func.sum(c) for c in columns), *(sa.func.count(c) for c in columns))
        .where(SurveyResponse.submitted_at >= start, SurveyResponse.submitted_at < end,
               key.is_not(None))
        .group_by(key)
    )
    if group == "unit":
        query = query.join(Service, Service.id == SurveyResponse.service_id)
    if ids is not None:
        query = query.where(key.in_(list(ids)))
    if service_ids is not None:
        query = query.where(SurveyResponse.service_id.in_(list(service_ids)))
    result = {}
    n = len(columns)
    for row in db.session.execute(query):
        sums = {e: row[2 + e - 1] for e in range(1, n + 1)}
        counts = {e: row[2 + n + e - 1] for e in range(1, n + 1)}
        value = ikm.from_totals(sums, counts, row[1])
        if value is not None:
            result[row[0]] = value
    return result
