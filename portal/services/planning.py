"""Planning (perencanaan): drafting the SKP's RHK and indicators."""
from __future__ import annotations

from decimal import Decimal

from portal.models import Assessment, Indicator, Rhk
from portal.services.assessments import commit, require_edit
from portal.services.errors import NotNow
from workflows.assessment import Actor


def add_rhk(assessment: Assessment, actor: Actor, *, version: int | None, kind: str, text: str,
            aspect: str, indicator_text: str, target_value: Decimal, target_unit: str) -> Rhk:
    """Add an RHK with its first indicator to a draft SKP."""
    require_edit(assessment, actor, "targets", version)
    rhk = Rhk(kind=kind, text=text.strip())
    rhk.indicators.append(Indicator(aspect=aspect, text=indicator_text.strip(),
                                    target_value=target_value, target_unit=target_unit.strip()))
    assessment.rhks.append(rhk)
    commit(assessment)
    return rhk


def add_indicator(assessment: Assessment, actor: Actor, rhk_id: int, *, version: int | None,
                  aspect: str, text: str, target_value: Decimal, target_unit: str) -> None:
    """Add another indicator to an RHK of a draft SKP."""
    require_edit(assessment, actor, "targets", version)
    rhk = _rhk(assessment, rhk_id)
    rhk.indicators.append(Indicator(aspect=aspect, text=text.strip(),
                                    target_value=target_value, target_unit=target_unit.strip()))
    commit(assessment)


def delete_rhk(assessment: Assessment, actor: Actor, rhk_id: int, *,
               version: int | None) -> None:
    """Remove an RHK and its indicators from a draft SKP."""
    require_edit(assessment, actor, "targets", version)
    assessment.rhks.remove(_rhk(assessment, rhk_id))
    commit(assessment)


def delete_indicator(assessment: Assessment, actor: Actor, indicator_id: int, *,
                     version: int | None) -> None:
    """Remove one indicator from a draft SKP."""
    require_edit(assessment, actor, "targets", version)
    for rhk in assessment.rhks:
        for indicator in rhk.indicators:
            if indicator.id == indicator_id:
                rhk.indicators.remove(indicator)
                commit(assessment)
                return
    raise NotNow("unknown_indicator")


def _rhk(assessment: Assessment, rhk_id: int) -> Rhk:
    for rhk in assessment.rhks:
        if rhk.id == rhk_id:
            return rhk
    raise NotNow("unknown_rhk")
