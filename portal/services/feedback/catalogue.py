"""The service catalogue: services and their short codes, the officers who serve at them, the
survey links and QR codes printed for the counter, and the IKM report over them.

Codes are generated here and never typed: they end up printed on counter cards and read aloud,
so they are short and avoid characters that look alike (0/o, 1/l/i).
"""
from __future__ import annotations

import datetime as dt
import io
import secrets
from collections.abc import Collection
from dataclasses import dataclass

import segno
import sqlalchemy as sa
import sqlalchemy.orm as so
from sqlalchemy.exc import IntegrityError

from portal.extensions import db
from portal.links import public_url
from portal.models import (
    Agency,
    Employee,
    Position,
    Service,
    ServiceOfficer,
    SurveyResponse,
    Unit,
)
from portal.rules.ikm import PROFILE, Ikm
from portal.services.errors import Invalid
from portal.services.feedback.ikm import summed, totals_by_profile, totals_by_service_and_officer
from portal.services.people.org import SEARCH_LIMIT, name_or_nip_match

CODE_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"
CODE_LENGTH = 6
QR_KINDS = {"png": "image/png", "svg": "image/svg+xml"}


# --- codes and links --------------------------------------------------------------------------

def new_code(model: type[Service] | type[ServiceOfficer]) -> str:
    """A random code not yet used by any row of model (Service or ServiceOfficer).

    31**6 (about 887 million) codes make a clash rare and a guessed link unlikely; the unique
    constraint still guards against the race of two admins drawing the same code.
    """
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if db.session.scalar(sa.select(model.id).where(model.code == code)) is None:
            return code


def survey_link(service: Service, officer: ServiceOfficer | None = None) -> str:
    """The absolute survey link of the service (naming the officer, if given) for QR codes."""
    return public_url("survey.form", code=service.code,
                      officer_code=officer.code if officer else None)


def qr_image(link: str, kind: str) -> bytes:
    """The QR code of link as a PNG or SVG file (kind 'png' or 'svg'), large enough to print.

    Error correction M survives a scratched or creased counter card.
    """
    qr = segno.make(link, error="m", micro=False)
    buffer = io.BytesIO()
    if kind == "png":
        qr.save(buffer, kind="png", scale=10, border=4)
    else:
        qr.save(buffer, kind="svg", scale=8, border=4, title=link)
    return buffer.getvalue()


# --- services ---------------------------------------------------------------------------------

def _check_service(unit_id: int | None, name: str, standard_minutes: int | None,
                   service_id: int | None = None) -> tuple[Unit, str]:
    name = (name or "").strip()
    if not name:
        raise Invalid("service_name_required")
    unit = db.session.get(Unit, unit_id) if unit_id else None
    if unit is None:
        raise Invalid("service_unit_unknown")
    if standard_minutes is not None and standard_minutes <= 0:
        raise Invalid("service_standard_invalid")
    taken = db.session.scalar(sa.select(Service.id).where(
        Service.unit_id == unit.id, sa.func.lower(Service.name) == name.lower(),
        Service.id != (service_id or 0)))
    if taken is not None:
        raise Invalid("service_name_taken")
    return unit, name


def _commit_service() -> None:
    try:
        db.session.commit()
    except IntegrityError:  # another admin saved the same name in the same unit meanwhile
        db.session.rollback()
        raise Invalid("service_name_taken") from None


def create_service(*, unit_id: int | None, name: str, standard_minutes: int | None,
                   active: bool = True) -> Service:
    """Add a service to a unit, with a fresh short code.

    Args:
        unit_id: the unit that gives the service.
        name: unique within the unit (case-insensitive).
        standard_minutes: the service standard for completion, None if not set.
        active: inactive services keep their data but their survey link no longer answers.
    """
    unit, name = _check_service(unit_id, name, standard_minutes)
    service = Service(unit=unit, name=name, standard_minutes=standard_minutes, active=active,
                      code=new_code(Service))
    db.session.add(service)
    _commit_service()
    return service


def update_service(service: Service, *, unit_id: int | None, name: str,
                   standard_minutes: int | None, active: bool) -> Service:
    """Change a service's unit, name, standard or activity; its code (printed) never changes."""
    unit, name = _check_service(unit_id, name, standard_minutes, service.id)
    service.unit, service.name = unit, name
    service.standard_minutes, service.active = standard_minutes, active
    _commit_service()
    return service


@dataclass(frozen=True)
class ServiceRow:
    """One line of the catalogue: the service (its unit and agency loaded) and its officers."""

    service: Service
    officers: int


def catalogue_page(agency_id: int | None, page: int, size: int) -> tuple[list[ServiceRow], bool]:
    """One page of services grouped by agency and unit, and whether more follow.

    One query whatever the page size: unit and agency are joined, officers counted in SQL.
    """
    officers = (sa.select(sa.func.count()).where(ServiceOfficer.service_id == Service.id)
                .correlate(Service).scalar_subquery())
    query = (sa.select(Service, officers)
             .join(Service.unit).join(Unit.agency)
             .options(so.contains_eager(Service.unit).contains_eager(Unit.agency))
             .order_by(Agency.name, Unit.name, Service.name, Service.id)
             .limit(size + 1).offset((page - 1) * size))
    if agency_id:
        query = query.where(Unit.agency_id == agency_id)
    rows = [ServiceRow(service, count) for service, count in db.session.execute(query)]
    return rows[:size], len(rows) > size


def agencies() -> list[Agency]:
    return list(db.session.scalars(sa.select(Agency).order_by(Agency.name)))


def units_of(agency_id: int) -> list[Unit]:
    return list(db.session.scalars(
        sa.select(Unit).where(Unit.agency_id == agency_id).order_by(Unit.name)))


# --- officers ---------------------------------------------------------------------------------

def officers_of(service: Service) -> list[ServiceOfficer]:
    """The service's officers with their employees, by name (one query)."""
    return list(db.session.scalars(
        sa.select(ServiceOfficer).join(ServiceOfficer.employee)
        .options(so.contains_eager(ServiceOfficer.employee))
        .where(ServiceOfficer.service_id == service.id).order_by(Employee.name)))


def _in_agency(agency_id: int):
    """Active employees whose post is in the agency."""
    return (sa.select(Employee).join(Employee.position).join(Position.unit)
            .where(Unit.agency_id == agency_id, Employee.active.is_(True)))


def search_employees(service: Service, text: str) -> list[Employee]:
    """Employees of the service's agency not yet its officers whose name or NIP matches text.

    At most SEARCH_LIMIT results (see org.name_or_nip_match for what matches).
    """
    match = name_or_nip_match(text)
    if match is None:
        return []
    assigned = sa.select(ServiceOfficer.employee_id).where(ServiceOfficer.service_id == service.id)
    return list(db.session.scalars(
        _in_agency(service.unit.agency_id).where(match, Employee.id.not_in(assigned))
        .order_by(Employee.name).limit(SEARCH_LIMIT)))


def add_officer(service: Service, employee_id: int | None) -> ServiceOfficer:
    """Name an employee of the service's agency as its officer, with a fresh officer code."""
    employee = db.session.scalar(_in_agency(service.unit.agency_id)
                                 .where(Employee.id == (employee_id or 0)))
    if employee is None:
        raise Invalid("officer_not_in_agency")
    exists = db.session.scalar(sa.select(ServiceOfficer.id).where(
        ServiceOfficer.service_id == service.id, ServiceOfficer.employee_id == employee.id))
    if exists is not None:
        raise Invalid("officer_exists")
    officer = ServiceOfficer(service=service, employee=employee, code=new_code(ServiceOfficer))
    db.session.add(officer)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise Invalid("officer_exists") from None
    return officer


def remove_officer(service: Service, officer_id: int) -> None:
    """Remove an officer from the service: their link stops answering; their answers stay."""
    officer = db.session.scalar(sa.select(ServiceOfficer).where(
        ServiceOfficer.id == officer_id, ServiceOfficer.service_id == service.id))
    if officer is None:
        raise Invalid("officer_unknown")
    db.session.delete(officer)
    db.session.commit()


# --- IKM report -------------------------------------------------------------------------------

@dataclass(frozen=True)
class IkmReport:
    """IKM per service, unit and officer over one window; None where nobody answered.

    officers is one page of them (a province has thousands); more_officers says if another
    page follows. groups gives, per question of the respondent profile (PROFILE), the IKM of
    each answer and of those who left it empty (code None), over all the services reported.
    """

    services: list[tuple[Service, Ikm | None]]
    units: list[tuple[Unit, Ikm | None]]
    officers: list[tuple[Employee, Ikm | None]]
    more_officers: bool = False
    groups: dict[str, list[tuple[str | None, Ikm | None]]] | None = None


def ikm_report(agency_ids: Collection[int] | None, start: dt.datetime, end: dt.datetime, *,
               officer_page: int = 1, page_size: int = 50) -> IkmReport:
    """The IKM of the services of agency_ids (all agencies when None), their units and officers.

    Officers are those named at the services now or by a response in the window (an officer
    moved elsewhere keeps the answers about them); their IKM counts only the answers about these
    services, so one agency's report never shows what citizens said about another's.
    Four queries: the services, one GROUP BY over (service, officer) whose sums add up to every
    figure, the page of officers, and one GROUP BY over the respondent profile.
    """
    services = list(db.session.scalars(
        sa.select(Service).join(Service.unit).join(Unit.agency)
        .options(so.contains_eager(Service.unit).contains_eager(Unit.agency))
        .where(Unit.agency_id.in_(agency_ids) if agency_ids is not None else sa.true())
        .order_by(Agency.name, Unit.name, Service.name)))
    unit_of = {s.id: s.unit for s in services}
    totals = totals_by_service_and_officer(
        start, end, service_ids=list(unit_of) if agency_ids is not None else None)
    totals = {pair: value for pair, value in totals.items() if pair[0] in unit_of}
    by_service = summed(totals, lambda pair: pair[0])
    by_unit = summed(totals, lambda pair: unit_of[pair[0]].id)
    by_officer = summed(totals, lambda pair: pair[1])

    in_scope = (Service.id.in_(list(unit_of)) if agency_ids is not None else sa.true())
    named = sa.select(ServiceOfficer.employee_id).join(Service).where(in_scope)
    answered = (sa.select(SurveyResponse.officer_id).join(Service)
                .where(in_scope, SurveyResponse.submitted_at >= start,
                       SurveyResponse.submitted_at < end))
    officers = list(db.session.scalars(
        sa.select(Employee).where(sa.or_(Employee.id.in_(named), Employee.id.in_(answered)))
        .order_by(Employee.name, Employee.id)
        .limit(page_size + 1).offset((officer_page - 1) * page_size)))

    def figures(found: dict, key: int) -> Ikm | None:
        return found[key].ikm() if key in found else None

    profiles = totals_by_profile(start, end,
                                 service_ids=list(unit_of) if agency_ids is not None else None)
    groups = {}
    for position, (question, codes) in enumerate(PROFILE.items()):
        # "" stands for "left empty": summed() leaves out the None keys.
        by_answer = summed(profiles, lambda key, at=position: key[at] or "")
        groups[question] = [(code, figures(by_answer, code or "")) for code in (*codes, None)]

    units = {unit.id: unit for unit in unit_of.values()}
    return IkmReport(
        services=[(s, figures(by_service, s.id)) for s in services],
        units=[(u, figures(by_unit, u.id)) for u in units.values()],
        officers=[(e, figures(by_officer, e.id)) for e in officers[:page_size]],
        more_officers=len(officers) > page_size,
        groups=groups,
    )


@dataclass(frozen=True)
class Comment:
    submitted_at: dt.datetime
    text: str
    officer: str | None


def comments_page(service: Service, start: dt.datetime, end: dt.datetime, page: int,
                  size: int) -> tuple[list[Comment], bool]:
    """One page of the comments left on the service in the window, newest first; more to come?"""
    rows = db.session.execute(
        sa.select(SurveyResponse.submitted_at, SurveyResponse.comment, Employee.name)
        .outerjoin(Employee, Employee.id == SurveyResponse.officer_id)
        .where(SurveyResponse.service_id == service.id, SurveyResponse.comment.is_not(None),
               SurveyResponse.comment != "", SurveyResponse.submitted_at >= start,
               SurveyResponse.submitted_at < end)
        .order_by(SurveyResponse.submitted_at.desc(), SurveyResponse.id.desc())
        .limit(size + 1).offset((page - 1) * size)).all()
    return [Comment(*row) for row in rows[:size]], len(rows) > size
