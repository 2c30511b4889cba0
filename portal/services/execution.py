"""Execution (pelaksanaan): realisations of the fixed SKP per evaluation period."""
from __future__ import annotations

from decimal import Decimal

from portal.models import Assessment, Realisation
from portal.services.assessments import commit, require_edit
from portal.services.errors import Invalid
from workflows.assessment import Actor


def save_realisations(assessment: Assessment, actor: Actor, *, version: int | None,
                      values: dict[int, tuple[Decimal | None, str]], period_no: int = 0) -> None:
    """Record realisations of one evaluation period (0 = annual) for indicators of the fixed SKP.

    Args:
        values: indicator id -> (value, note); value is None for qualitative indicators.
        period_no: 0 for the annual realisation, else 1..12 or 1..4 per the period's frequency.
    """
    require_edit(assessment, actor, "realisations", version)
    if period_no != 0 and period_no not in assessment.period.evaluation_periods:
        raise Invalid("unknown_evaluation_period")
    indicators = {i.id: i for rhk in assessment.rhks for i in rhk.indicators}
    if set(values) - set(indicators):
        raise Invalid("unknown_indicator")
    for indicator_id, (value, note) in values.items():
        indicator = indicators[indicator_id]
        realisation = indicator.realisation_for(period_no)
        if realisation is None:
            indicator.realisations.append(
                Realisation(period_no=period_no, value=value, note=note.strip()))
        else:
            realisation.value = value
            realisation.note = note.strip()
    commit(assessment)
