"""The Format Penetapan Predikat Kinerja of an agency: its organisation predikat, the final
predikat of every employee and their spread, signed by the head."""
from __future__ import annotations

import sqlalchemy as sa
import sqlalchemy.orm as so

from portal.documents.service import (
    DEFAULT_INSTANCE, DEFAULT_PLACE, long_date, local_date, organisation_result,
)
from portal.extensions import db
from portal.models import Agency, Assessment, Employee, OrgPredikat, Period, Position, RoleGrant
from portal.models import User
from portal.models.base import utcnow


def penetapan_document(agency: Agency, period: Period, place: str = DEFAULT_PLACE,
                       instance: str = DEFAULT_INSTANCE) -> dict:
    """The context of templates/documents/penetapan.html (a fixed number of queries)."""
    organisation, spread = organisation_result(agency.id, period.id, ["approved"])
    basis = db.session.scalar(sa.select(OrgPredikat.basis).where(
        OrgPredikat.agency_id == agency.id, OrgPredikat.period_id == period.id))
    rows = db.session.scalars(
        sa.select(Assessment).join(Assessment.employee)
        .where(Assessment.agency_id == agency.id, Assessment.period_id == period.id)
        .options(so.contains_eager(Assessment.employee).joinedload(Employee.position))
        .order_by(Employee.name)).all()
    head = db.session.scalar(
        sa.select(Employee).join(User, User.employee_id == Employee.id)
        .join(RoleGrant, RoleGrant.user_id == User.id)
        .where(RoleGrant.role == "approver", RoleGrant.agency_id == agency.id).limit(1))
    head_title = db.session.scalar(sa.select(Position.title).where(
        Position.id == head.position_id)) if head and head.position_id else None
    final = all(row.state == "approved" for row in rows) and bool(rows)
    return {
        "agency": agency, "period": period, "instance": instance,
        "organisation_predikat": organisation, "basis": basis, "spread": spread,
        "rows": rows, "head": head, "head_title": head_title, "final": final,
        "place": place, "signed_on": long_date(local_date(utcnow())),
    }
