"""IKM figures from the stored survey responses: one GROUP BY per question, whatever the volume.

Used by the IKM report (per service, unit and officer, from one GROUP BY over service and
officer; per group of respondents, from one GROUP BY over the profile) and by indicators bound
to a survey.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

import sqlalchemy as sa

from portal.extensions import db
from portal.models import SurveyResponse
from portal.rules import ikm

GROUPS = {"service": SurveyResponse.service_id, "officer": SurveyResponse.officer_id}


def ikm_by(group: str, start: dt.datetime, end: dt.datetime,
           ids: Iterable[int] | None = None) -> dict[int, ikm.Ikm]:
    """The IKM of every service or officer with responses submitted in [start, end).

    Args:
        group: 'service' or 'officer' (responses naming the officer).
        start, end: the instants bounding submitted_at (see execution.evaluation_window).
        ids: only these services or officers; all when None.

    Returns a mapping id -> Ikm; ids without any response are absent. Per unit, or per officer
    at one service: see totals_by_service_and_officer.
    """
    found = {row[0]: _totals(row, 1).ikm() for row in db.session.execute(
        _ikm_by_statement(group, ids is not None),
        {"start": start, "end": end, **({"ids": list(ids)} if ids is not None else {})})}
    return {id_: value for id_, value in found.items() if value is not None}


@dataclass(frozen=True)
class Totals:
    """Answer sums and counts per element of a set of responses. They add up, so one GROUP BY
    over (service, officer) yields the IKM of a service, a unit, an officer or an officer at
    one service without another query."""

    respondents: int = 0
    sums: tuple[int, ...] = (0,) * len(ikm.ELEMENTS)
    counts: tuple[int, ...] = (0,) * len(ikm.ELEMENTS)

    def __add__(self, other: Totals) -> Totals:
        return Totals(self.respondents + other.respondents,
                      tuple(a + b for a, b in zip(self.sums, other.sums)),
                      tuple(a + b for a, b in zip(self.counts, other.counts)))

    def ikm(self) -> ikm.Ikm | None:
        numbered = range(1, len(ikm.ELEMENTS) + 1)
        return ikm.from_totals(dict(zip(numbered, self.sums)), dict(zip(numbered, self.counts)),
                               self.respondents)


def totals_by_service_and_officer(start: dt.datetime, end: dt.datetime, *,
                                  service_ids: Iterable[int] | None = None,
                                  officer_ids: Iterable[int] | None = None
                                  ) -> dict[tuple[int, int | None], Totals]:
    """(service id, officer id or None) -> Totals of the responses submitted in [start, end),
    optionally only about service_ids or naming officer_ids. One query."""
    query = _totals_query((SurveyResponse.service_id, SurveyResponse.officer_id), start, end)
    if service_ids is not None:
        query = query.where(SurveyResponse.service_id.in_(list(service_ids)))
    if officer_ids is not None:
        query = query.where(SurveyResponse.officer_id.in_(list(officer_ids)))
    return {(row[0], row[1]): _totals(row, 2) for row in db.session.execute(query)}


def totals_by_profile(start: dt.datetime, end: dt.datetime, *,
                      service_ids: Iterable[int] | None = None
                      ) -> dict[tuple[str | None, ...], Totals]:
    """(age_band, sex, education, occupation) -> Totals of the responses submitted in
    [start, end), optionally only about service_ids; None where the respondent left a question
    empty. One query; summed() gives the IKM per answer of each question."""
    keys = tuple(getattr(SurveyResponse, name) for name in SurveyResponse.PROFILE)
    query = _totals_query(keys, start, end)
    if service_ids is not None:
        query = query.where(SurveyResponse.service_id.in_(list(service_ids)))
    return {tuple(row[:len(keys)]): _totals(row, len(keys)) for row in db.session.execute(query)}


def summed(totals: dict, key) -> dict:
    """Totals added up by key(pair) for the pairs of totals_by_service_and_officer; pairs for
    which key returns None are left out."""
    result: dict = {}
    for pair, value in totals.items():
        group = key(pair)
        if group is not None:
            result[group] = result.get(group, Totals()) + value
    return result


@cache
def _ikm_by_statement(group: str, some: bool) -> sa.Select:
    """ikm_by()'s statement, built once per process with its window and ids as parameters:
    building it (19 aggregate columns) and its cache key cost about 1,400 Python calls, on
    every assessment page that shows the objective evidence panel."""
    key = GROUPS[group]
    query = (_totals_query((key,), sa.bindparam("start"), sa.bindparam("end"))
             .where(key.is_not(None)))
    return query.where(key.in_(sa.bindparam("ids", expanding=True))) if some else query


def _totals_query(keys: tuple, start: dt.datetime | sa.BindParameter,
                  end: dt.datetime | sa.BindParameter) -> sa.Select:
    columns = [getattr(SurveyResponse, name) for name in SurveyResponse.ELEMENTS]
    return (sa.select(*keys, sa.func.count(), *(sa.func.sum(c) for c in columns),
                      *(sa.func.count(c) for c in columns))
            .where(SurveyResponse.submitted_at >= start, SurveyResponse.submitted_at < end)
            .group_by(*keys))


def _totals(row, keys: int) -> Totals:
    n = len(ikm.ELEMENTS)
    values = row[keys:]
    return Totals(values[0], tuple(v or 0 for v in values[1:1 + n]),
                  tuple(values[1 + n:1 + 2 * n]))
