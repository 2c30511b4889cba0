"""Helpers shared by the HTTP tests: set an assessment up in a given state, read what is stored."""
from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass
from decimal import Decimal

import sqlalchemy as sa

from portal.extensions import db
from portal.models import (
    Assessment, AuditEvent, Employee, Indicator, Position, Realisation, Rhk, User,
)
from portal.services.review import assessments as service
from portal.services.execution import execution
from portal.services.people.access import actor_for
from tests.conftest import Org, Persona, fill_targets
from workflows.assessment import Actor

# The happy path: the action that leaves each state, and who takes it (for the ASN or the peer,
# whose assessor is the supervisor, calibrated by the committee and approved by the head).
NEXT_STEP = {
    "draft_targets": ("submit_targets", "employee"),
    "targets_submitted": ("approve_targets", "supervisor"),
    "targets_approved": ("submit_self_assessment", "employee"),
    "self_assessed": ("submit_review", "supervisor"),
    "reviewed": ("calibrate", "committee"),
    "calibrated": ("approve", "head"),
}

# A complete "new RHK" form as the step page posts it (without version).
RHK_FORM = {
    "kind": "utama",
    "rhk_text": "Meningkatnya kecepatan layanan akta kelahiran",
    "aspect": "waktu",
    "text": "Rata-rata waktu penerbitan akta",
    "target_value": "3",
    "target_unit": "hari",
}

# A complete rating form (without version).
RATING_FORM = {
    "rating_hasil_kerja": "meets",
    "rating_perilaku": "meets",
    "hasil_kerja_note": "Realisasi sesuai target dan didukung bukti.",
    "perilaku_note": "Perilaku kerja sesuai ekspektasi pimpinan.",
}


def actor(persona: Persona) -> Actor:
    """The workflow's view of persona, as the routes build it."""
    return actor_for(db.session.get(User, persona.user_id))


def prepare_to_leave(assessment_id: int, org: Org) -> None:
    """Give the assessment what the happy-path action out of its state needs (services only)."""
    db.session.expire_all()
    _prepare(service.load(assessment_id), org)


def _prepare(assessment: Assessment, org: Org) -> None:
    if assessment.state == "draft_targets" and not assessment.rhks:
        fill_targets(assessment.id)
    elif assessment.state == "targets_approved":
        values = {i.id: (Decimal(1150), "Laporan bulanan") for r in assessment.rhks
                  for i in r.indicators if i.realisation_for(0) is None}
        if values:
            execution.save_realisations(assessment, _employee_actor(assessment),
                                      version=assessment.version, values=values)
    elif assessment.state == "self_assessed" and not assessment.rating_hasil_kerja:
        service.save_ratings(assessment, actor(org.supervisor), version=assessment.version,
                             hasil_kerja="meets", hasil_kerja_note="Sesuai target.",
                             perilaku="meets", perilaku_note="Sesuai ekspektasi.")


def advance(org: Org, to_state: str, employee: str = "asn") -> int:
    """Drive the employee's assessment along the happy path to to_state through the services.

    Works for the ASN and the peer (both assessed by the supervisor). Returns the assessment id.
    """
    assessment_id = org.assessment_id(getattr(org, employee))
    roles = {"supervisor": org.supervisor, "committee": org.committee, "head": org.head}
    db.session.expire_all()
    assessment = service.load(assessment_id)
    while assessment.state != to_state:  # each commit expires the row; reading it reloads
        _prepare(assessment, org)
        trigger, who = NEXT_STEP[assessment.state]
        by = _employee_actor(assessment) if who == "employee" else actor(roles[who])
        service.perform(assessment, trigger, by, version=assessment.version)
    return assessment_id


def _employee_actor(assessment: Assessment) -> Actor:
    user = db.session.scalar(sa.select(User).where(User.employee_id == assessment.employee_id))
    return actor_for(user)


def set_state(assessment_id: int, state: str, **columns) -> None:
    """Put an assessment in state directly (for rows no persona can drive, e.g. another agency)."""
    db.session.execute(sa.update(Assessment).where(Assessment.id == assessment_id)
                       .values(state=state, **columns))
    db.session.commit()


@dataclass(frozen=True)
class Stored:
    """Everything a request may change on one assessment, as stored."""

    state: str
    version: int
    rhks: tuple
    indicators: tuple
    realisations: tuple
    ratings: tuple
    audit_events: int


def stored(assessment_id: int) -> Stored:
    """Reload the assessment and its rows from the database."""
    db.session.expire_all()
    a = db.session.get(Assessment, assessment_id)
    rhks = db.session.execute(sa.select(Rhk.id, Rhk.kind, Rhk.text)
                              .where(Rhk.assessment_id == assessment_id).order_by(Rhk.id)).all()
    indicators = db.session.execute(
        sa.select(Indicator.id, Indicator.aspect, Indicator.text, Indicator.target_value,
                  Indicator.target_unit)
        .join(Rhk).where(Rhk.assessment_id == assessment_id).order_by(Indicator.id)).all()
    realisations = db.session.execute(
        sa.select(Realisation.indicator_id, Realisation.value, Realisation.note)
        .join(Indicator).join(Rhk).where(Rhk.assessment_id == assessment_id)
        .order_by(Realisation.indicator_id)).all()
    audit = db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent)
                              .where(AuditEvent.assessment_id == assessment_id))
    return Stored(
        state=a.state, version=a.version,
        rhks=tuple(tuple(r) for r in rhks), indicators=tuple(tuple(i) for i in indicators),
        realisations=tuple(tuple(r) for r in realisations),
        ratings=(a.rating_hasil_kerja, a.rating_perilaku, a.rating_hasil_kerja_note,
                 a.rating_perilaku_note, a.predikat),
        audit_events=audit,
    )


def audit_events(assessment_id: int) -> list[AuditEvent]:
    """The assessment's audit trail, oldest first."""
    db.session.expire_all()
    return list(db.session.scalars(sa.select(AuditEvent)
                                   .where(AuditEvent.assessment_id == assessment_id)
                                   .order_by(AuditEvent.id)))


def indicator_ids(assessment_id: int) -> list[int]:
    return list(db.session.scalars(sa.select(Indicator.id).join(Rhk)
                                   .where(Rhk.assessment_id == assessment_id)
                                   .order_by(Indicator.id)))


def versions_in(html: str) -> list[int]:
    """The values of every hidden version input on the page (one per form)."""
    inputs = re.findall(r'<input[^>]*name="version"[^>]*>', html)
    return [int(re.search(r'value="([^"]*)"', tag).group(1)) for tag in inputs]


def without_csrf_tokens(html: str) -> str:
    """The html with the (per-request signed) CSRF tokens blanked, to compare two renders."""
    return re.sub(r'(name="(?:[\w-]+-)?csrf_token" type="hidden" value=")[^"]*"', r'\1"', html)


@contextlib.contextmanager
def _engine_events(name: str, record):
    """record listening to the engine's event name while the block runs."""
    sa.event.listen(db.engine, name, record)
    try:
        yield
    finally:
        sa.event.remove(db.engine, name, record)


@contextlib.contextmanager
def counting_queries():
    """Count the SQL statements sent while the block runs: `with counting_queries() as n: ...`."""
    statements: list[str] = []

    def count(_conn, _cursor, statement, *_args):
        statements.append(statement)

    with _engine_events("before_cursor_execute", count):
        yield statements


@contextlib.contextmanager
def rewritten_statements():
    """The statements sent while the block runs whose SQL SQLAlchemy wrote again at execution to
    put values in it (an expanding IN list, a literal_execute parameter such as
    aggregate_strings' separator): their compiled SQL, one entry each."""
    rewritten: list[str] = []

    def check(_conn, _cursor, _statement, _params, context, _executemany):
        compiled = context.compiled
        if compiled is not None and (compiled.literal_execute_params
                                     or compiled.post_compile_params):
            rewritten.append(compiled.string)

    with _engine_events("before_cursor_execute", check):
        yield rewritten


@contextlib.contextmanager
def counting_commits():
    """The COMMITs of every connection while the block runs (one entry each)."""
    commits: list[object] = []
    with _engine_events("commit", commits.append):
        yield commits


def supervisor_rhk_id(org: Org, employee: str = "asn") -> int:
    """The id of an RHK of the supervisor's approved SKP, which the employee's RHK may intervene.

    Set-up shortcut as in fill_targets: the supervisor's SKP gets an RHK if it has none and is
    marked fixed (targets_approved) if still a draft.
    """
    assessment = db.session.get(Assessment, org.assessment_id(getattr(org, employee)))
    upper = db.session.scalar(sa.select(Assessment).where(
        Assessment.employee_id == assessment.assessor_id,
        Assessment.period_id == assessment.period_id))
    if not upper.rhks:
        rhk = Rhk(kind="utama", text="Meningkatnya kualitas layanan administrasi kependudukan")
        rhk.indicators.append(Indicator(aspect="kuantitas", text="Indeks kepuasan layanan",
                                        target_value=Decimal(85), target_unit="indeks"))
        upper.rhks.append(rhk)
    if upper.state == "draft_targets":
        upper.state = "targets_approved"
    db.session.commit()
    return upper.rhks[0].id


def rhk_form(org: Org, **changes) -> dict:
    """RHK_FORM cascaded from the supervisor's approved SKP (see supervisor_rhk_id), changed."""
    return {**RHK_FORM, "parent_rhk_id": supervisor_rhk_id(org), **changes}


def make_service(org: Org, name: str = "Penerbitan KTP-el", officers: tuple = (),
                 agency: str = "dukcapil"):
    """A service of the Dukcapil bidang (or of Dinas Kesehatan's root unit for agency='dinkes'),
    with the given personas as its officers, made through the catalogue service."""
    from portal.models import Unit
    from portal.services.feedback import catalogue

    agency_id = org.agency_id if agency == "dukcapil" else org.other_agency_id
    unit = db.session.scalar(sa.select(Unit).where(Unit.agency_id == agency_id)
                             .order_by(Unit.parent_id.is_(None), Unit.id))
    service = catalogue.create_service(unit_id=unit.id, name=name, standard_minutes=60)
    for persona in officers:
        catalogue.add_officer(service, persona.employee_id)
    return service


def add_staff(org: Org, staff: int, batch: int) -> list[Employee]:
    """Add staff posts and their holders (each with an account) to Dukcapil's bidang under the
    supervisor, flushed; batch keeps NIPs and titles unique across calls. The tests that grow a
    list to count its statements build on it."""
    supervisor = db.session.get(Employee, org.supervisor.employee_id)
    added = []
    for i in range(staff):
        position = Position(unit_id=supervisor.position.unit_id,
                            parent_id=supervisor.position_id, title=f"Staf {batch}-{i}",
                            jenis_jabatan="Pelaksana")
        employee = Employee(nip=f"1985{batch}1102015031{i:03d}", name=f"Staf {batch}-{i:03d}",
                            golongan="II/a", jenis_jabatan="Pelaksana", position=position)
        db.session.add_all([position, employee,
                            User(employee=employee, display_name=employee.name,
                                 password_hash="x")])
        added.append(employee)
    db.session.flush()
    return added
