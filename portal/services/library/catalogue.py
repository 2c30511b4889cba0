"""Maintaining the indicator library (BKD admins): templates per sector, each a suggested RHK
with its indicators, and the sector each agency works in.

A template's indicators are checked by the very rules a draft SKP's indicators are
(portal.services.planning.planning), in the template's approach, so that whatever the library
offers can be copied into an SKP as it stands. Every change records who made it and when;
templates are retired, never deleted, so what was offered stays on record.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from types import SimpleNamespace

import sqlalchemy as sa
import sqlalchemy.orm as so

from portal.extensions import db
from portal.models import Agency, AgencySector, OrgEvent, Rhk, SkpTemplate, SkpTemplateIndicator
from portal.models.base import utcnow
from portal.rules.sources import CODES, MANUAL, SOURCES
from portal.services.errors import Invalid, NotAllowed, NotNow
from portal.services.inputs import clean_text
from portal.services.planning.planning import APPROACHES, indicator_columns
from workflows.assessment import Actor

_MAX_POST = 200   # SkpTemplate.post
_MAX_SUBJECT = 200  # OrgEvent.subject
_MAX_TEXT = 4000  # as an RHK's text
MAX_INDICATORS = 4  # one per aspect, as the SKP models do


@dataclass
class IndicatorInput:
    """One indicator row of a template as typed; a row with nothing typed is skipped."""

    aspect: str = "kuantitas"
    text: str = ""
    target_value: Decimal | None = None
    target_max: Decimal | None = None
    target_unit: str = ""
    lower_is_better: bool = False
    target_text: str | None = None
    perspective: str | None = None
    data_source: str = MANUAL

    @property
    def blank(self) -> bool:
        return not ((self.text or "").strip() or self.target_value is not None
                    or self.target_max is not None or (self.target_unit or "").strip()
                    or (self.target_text or "").strip())


def _require_admin(actor: Actor) -> None:
    if not actor.is_admin:
        raise NotAllowed("admin_only")


# --- reading ----------------------------------------------------------------------------------

def templates(sector: str | None = None) -> list[SkpTemplate]:
    """Every template (retired ones too), by sector, post and id, with their indicators and
    who last changed them: three statements however long the library."""
    query = (sa.select(SkpTemplate)
             .options(so.selectinload(SkpTemplate.indicators),
                      so.selectinload(SkpTemplate.updated_by))
             .order_by(SkpTemplate.sector, SkpTemplate.post, SkpTemplate.id))
    if sector is not None:
        query = query.where(SkpTemplate.sector == sector)
    return list(db.session.scalars(query))


def get_template(template_id: int) -> SkpTemplate | None:
    return db.session.get(SkpTemplate, template_id)


def agency_sectors() -> list[tuple[Agency, str | None]]:
    """Every agency with its sector (None: general administration only), by name."""
    return [(agency, sector) for agency, sector in db.session.execute(
        sa.select(Agency, AgencySector.sector)
        .outerjoin(AgencySector, AgencySector.agency_id == Agency.id).order_by(Agency.name))]


# --- changing ---------------------------------------------------------------------------------

def create_template(actor: Actor, *, sector: str, post: str, approach: str, kind: str,
                    text: str, indicators: list[IndicatorInput]) -> SkpTemplate:
    """Add a template to the library.

    Args:
        indicators: the rows as typed (blank ones skipped); at least one, at most
            MAX_INDICATORS, each checked as an SKP indicator of approach would be.

    Raises:
        NotAllowed: actor is not a BKD admin.
        Invalid: details["field"] names the input at fault, with details["row"] (from 0) for
            an indicator's.
    """
    _require_admin(actor)
    template = SkpTemplate(created_by_id=actor.user_id)
    _fill(template, actor, sector, post, approach, kind, text, indicators)
    db.session.add(template)
    db.session.commit()
    return template


def update_template(template: SkpTemplate, actor: Actor, *, sector: str, post: str,
                    approach: str, kind: str, text: str,
                    indicators: list[IndicatorInput]) -> None:
    """Rewrite a template and its indicators (see create_template). SKPs already copied from
    it keep what they copied."""
    _require_admin(actor)
    _fill(template, actor, sector, post, approach, kind, text, indicators)
    db.session.commit()


def retire_template(template: SkpTemplate, actor: Actor) -> None:
    """Stop offering a template; it stays in the library, marked retired, with who and when."""
    _require_admin(actor)
    if not template.active:
        raise NotNow("template_retired")
    template.retired_at, template.retired_by_id = utcnow(), actor.user_id
    template.updated_at, template.updated_by_id = template.retired_at, actor.user_id
    db.session.commit()


def restore_template(template: SkpTemplate, actor: Actor) -> None:
    """Offer a retired template again."""
    _require_admin(actor)
    if template.active:
        raise NotNow("template_active")
    template.retired_at = template.retired_by_id = None
    template.updated_at, template.updated_by_id = utcnow(), actor.user_id
    db.session.commit()


def set_agency_sectors(actor: Actor, sectors: dict[int, str | None]) -> None:
    """Set the sector of agencies (agency id -> sector code, None for general only).

    The sector decides which templates an agency's employees are offered, so each agency whose
    sector changes gets an entry in its organisation history (org_events: who, when, from ->
    to), in the same transaction; agencies posted unchanged get none.
    """
    _require_admin(actor)
    for sector in sectors.values():
        if sector is not None and sector not in SkpTemplate.SECTORS:
            raise Invalid("unknown_sector", field="sector")
    existing = {row.agency_id: row for row in db.session.scalars(
        sa.select(AgencySector).where(AgencySector.agency_id.in_(sectors)))}
    changed = {agency_id: sector for agency_id, sector in sectors.items()
               if sector != (existing[agency_id].sector if agency_id in existing else None)}
    names = dict(db.session.execute(
        sa.select(Agency.id, Agency.name).where(Agency.id.in_(changed))).all()) if changed else {}
    for agency_id, sector in changed.items():
        row = existing.get(agency_id)
        db.session.add(OrgEvent(
            agency_id=agency_id, actor_id=actor.user_id, action="agency_changed",
            subject=names.get(agency_id, "")[:_MAX_SUBJECT],
            changes=[{"field": "sector", "from": row.sector if row else None, "to": sector}]))
        if sector is None:
            db.session.delete(row)
        elif row is None:
            db.session.add(AgencySector(agency_id=agency_id, sector=sector))
        else:
            row.sector = sector
    db.session.commit()


def seed(specs: list[dict]) -> int:
    """Load the library's first content when it holds no template yet (an admin's library is
    never overwritten); returns how many templates were added.

    Args:
        specs: dicts with sector, post, approach, kind, text and indicators (a list of
            IndicatorInput keyword dicts), each checked as an admin's template is.
    """
    if db.session.scalar(sa.select(sa.exists().where(SkpTemplate.id.isnot(None)))):
        return 0
    for spec in specs:
        template = SkpTemplate()
        _fill(template, None, spec["sector"], spec["post"], spec["approach"], spec["kind"],
              spec["text"], [IndicatorInput(**row) for row in spec["indicators"]])
        db.session.add(template)
    db.session.commit()
    return len(specs)


def _fill(template: SkpTemplate, actor: Actor | None, sector: str, post: str, approach: str,
          kind: str, text: str, rows: list[IndicatorInput]) -> None:
    """Check everything first, then write it all into template (nothing is half changed)."""
    if sector not in SkpTemplate.SECTORS:
        raise Invalid("unknown_sector", field="sector")
    if approach not in APPROACHES:
        raise Invalid("unknown_approach", field="approach")
    if kind not in Rhk.KINDS:
        raise Invalid("unknown_kind", field="kind")
    post = clean_text(post, max_length=_MAX_POST, field="post")
    if not post:
        raise Invalid("template_post_required", field="post")
    text = clean_text(text, max_length=_MAX_TEXT, field="rhk_text")
    if not text:
        raise Invalid("rhk_text_required", field="rhk_text")
    filled = [(number, row) for number, row in enumerate(rows) if not row.blank]
    if not filled:
        raise Invalid("template_indicator_required", field="text", row=0)
    if len(filled) > MAX_INDICATORS:
        raise Invalid("template_too_many_indicators", field="text", row=filled[-1][0],
                      max=MAX_INDICATORS)
    indicators = [SkpTemplateIndicator(**_indicator(approach, number, row))
                  for number, row in filled]
    template.sector, template.post, template.approach = sector, post, approach
    template.kind, template.text = kind, text
    template.indicators = indicators
    template.updated_at = utcnow()
    template.updated_by_id = actor.user_id if actor else None


def _indicator(approach: str, number: int, row: IndicatorInput) -> dict:
    """The indicator's columns, checked as an SKP indicator of approach is; Invalid carries the
    row number."""
    if row.data_source not in CODES:
        raise Invalid("unknown_data_source", field="data_source", row=number)
    if approach == "kualitatif" and row.data_source != MANUAL:
        raise Invalid("source_needs_quantitative", field="data_source", row=number)
    source = SOURCES.get(row.data_source)
    unit, lower = ((source.unit, source.lower_is_better) if source
                   else (row.target_unit, row.lower_is_better))
    try:
        # The objective source is checked above: an SKP's would also need its service, which
        # a template leaves to the employee who copies it.
        columns = indicator_columns(
            SimpleNamespace(approach=approach), row.aspect, row.text, row.target_value,
            row.target_max, unit, lower, row.target_text, row.perspective)
    except Invalid as refusal:
        refusal.details["row"] = number
        raise
    del columns["source_service_id"]
    return columns | {"data_source": row.data_source}
