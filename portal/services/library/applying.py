"""Starting an SKP from the library: an employee copies templates into their draft SKP.

Only the employee, and only while the SKP's targets may be edited (the rules of
workflows.assessment.EDITS, as for any RHK), may copy; only the active templates of their
agency's sector and of general administration, written for the SKP's approach. The copy is an
ordinary RHK with its indicators, which the employee then edits: each is checked by the planning
rules exactly as if typed in, cascading included (where the RHK must intervene an RHK of the
supervisor's fixed SKP, one is chosen for every copied RHK), and an indicator whose source
measures one service is bound to the service the employee names. The copy is audited.
"""
from __future__ import annotations

import sqlalchemy as sa
import sqlalchemy.orm as so

from portal.extensions import db
from portal.models import AgencySector, Assessment, Indicator, Rhk, SkpTemplate
from portal.rules.sources import SOURCES
from portal.services.errors import Invalid
from portal.services.planning.planning import indicator_columns, refresh_if_bound, rhk_columns
from portal.services.review.assessments import audit, commit, require_edit
from workflows.assessment import Actor

TRIGGER = "apply_template"  # the audit event's trigger


def sectors_of(agency_id: int) -> tuple[str, ...]:
    """The sectors whose templates an agency's employees are offered: its own and 'umum'."""
    sector = db.session.scalar(
        sa.select(AgencySector.sector).where(AgencySector.agency_id == agency_id))
    return (sector, SkpTemplate.GENERAL) if sector and sector != SkpTemplate.GENERAL else (
        SkpTemplate.GENERAL,)


def offered(assessment: Assessment) -> list[SkpTemplate]:
    """The templates the SKP's employee may copy: active, of their sectors, in the SKP's
    approach; by sector (their agency's first), post and id, with their indicators."""
    sectors = sectors_of(assessment.agency_id)
    return sorted(db.session.scalars(
        sa.select(SkpTemplate).options(so.selectinload(SkpTemplate.indicators))
        .where(SkpTemplate.retired_at.is_(None), SkpTemplate.sector.in_(sectors),
               SkpTemplate.approach == assessment.approach)
        .order_by(SkpTemplate.post, SkpTemplate.id)),
        key=lambda t: sectors.index(t.sector))


def check_may_apply(assessment: Assessment, actor: Actor) -> None:
    """Refuse unless actor may change the SKP's targets now (403 someone else, 409 too late)."""
    require_edit(assessment, actor, "targets", assessment.version)


def apply_templates(assessment: Assessment, actor: Actor, *, version: int | None,
                    template_ids: list[int], parent_rhk_id: int | None = None,
                    source_service_id: int | None = None) -> list[Rhk]:
    """Copy templates into the draft SKP as RHK with their indicators, in one commit.

    Args:
        template_ids: templates of offered(assessment).
        parent_rhk_id: the supervisor's RHK every copied RHK intervenes (see
            planning.add_rhk); each can be changed afterwards.
        source_service_id: the employee's agency's service that objective indicators are
            bound to; required when a copied indicator's source measures one service.

    Raises:
        NotAllowed, NotNow, StaleVersion: as any change of the draft SKP.
        Invalid: no template chosen, one not offered, or a copy the planning rules refuse.
    """
    require_edit(assessment, actor, "targets", version)
    if not template_ids:
        raise Invalid("template_required", field="template_ids")
    by_id = {t.id: t for t in offered(assessment)}
    if any(template_id not in by_id for template_id in template_ids):
        raise Invalid("template_not_offered", field="template_ids")
    chosen = [by_id[template_id] for template_id in sorted(set(template_ids))]
    rhks = [_copy(assessment, template, parent_rhk_id, source_service_id)
            for template in chosen]
    assessment.rhks.extend(rhks)
    audit(assessment, actor, TRIGGER, assessment.state, reason="; ".join(
        f"#{t.id} {t.post}: {t.text}" for t in chosen))
    commit(assessment)
    refresh_if_bound(assessment, *(i for rhk in rhks for i in rhk.indicators))
    return rhks


def _copy(assessment: Assessment, template: SkpTemplate, parent_rhk_id: int | None,
          service_id: int | None) -> Rhk:
    rhk = Rhk(**rhk_columns(assessment, template.kind, template.text, parent_rhk_id))
    for item in template.indicators:
        source = SOURCES.get(item.data_source)
        rhk.indicators.append(Indicator(**indicator_columns(
            assessment, item.aspect, item.text, item.target_value, item.target_max,
            item.target_unit, item.lower_is_better, item.target_text, item.perspective,
            item.data_source, service_id if source else None)))
    return rhk
