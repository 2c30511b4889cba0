"""Loading the demo organisation into the database, and playing its SKP year through the workflow.

The organisation and people are inserted directly; every assessment then moves only through the
real services (portal.services.assessments) acting as the right person, so each state change has
its audit event exactly as if the people had clicked through the portal.
"""
from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

import sqlalchemy as sa
from werkzeug.security import generate_password_hash

from portal.demo.org import (
    AGENCIES, COMMITTEE_POST, EMPLOYEE_POST, INSPEKTORAT, INSPEKTORAT_COMMITTEE_POST, AgencySpec,
)
from portal.demo.people import ROSTER, Person
from portal.demo.skp import EVIDENCE, PROFILES, RhkSpec, realisation
from portal.extensions import db
from portal.models import Agency, Assessment, Employee, Period, Position, RoleGrant, Unit, User
from portal.rules.predikat import ABOVE, BELOW, MEETS
from portal.services import assessments as service
from portal.services import execution, planning
from portal.services.access import actor_for
from portal.services.periods import open_period
from workflows.assessment import STATES, Actor

DEMO_PASSWORD = "kinerja2026"
ADMIN_EMAIL = "admin@bkd.jambiprov.go.id"
ADMIN_NAME = "Admin BKD Provinsi Jambi"
MARKER_AGENCY_CODE = "BKD"  # present means the demo is loaded
YEAR = 2026

# Where the assessments of the demo supervisor's team stand, so "Tim saya" shows every kind of
# work waiting; and a few more in Dukcapil so its committee and head have queues.
FIXED_STATES = {
    EMPLOYEE_POST: "draft_targets",
    "dukcapil.pengadm_ktp": "targets_submitted",
    "dukcapil.operator_ktp": "self_assessed",
    "dukcapil.adb_kia": "targets_approved",
    "dukcapil.pengolah_ikd": "reviewed",
    "dukcapil.pengadm_akta": "calibrated",
    "dukcapil.verifikator_akta": "calibrated",
    "dukcapil.penata_keu": "approved",
}
# Everyone else, in roster order. Late November: most SKP are fixed and being evaluated.
STATE_CYCLE = (
    "targets_approved", "self_assessed", "reviewed", "calibrated", "approved",
    "targets_submitted", "draft_targets", "self_assessed", "reviewed", "approved",
    "targets_approved", "calibrated",
)
# Heads approve for their own agency and the committee member calibrates for every agency; the
# workflow does not stop anyone acting on their own SKP, so the demo keeps theirs waiting for the
# supervisor's rating, where nobody can be tempted to.
CAPPED_STATE = "self_assessed"

# (rating hasil kerja, rating perilaku kerja) of the rated assessments in turn: mostly Baik, a few
# Sangat Baik, Butuh Perbaikan and Kurang/Misconduct, and one Sangat Kurang at the end.
RATING_CYCLE = (
    (MEETS, MEETS), (ABOVE, ABOVE), (MEETS, ABOVE), (ABOVE, MEETS), (BELOW, MEETS),
    (MEETS, MEETS), (MEETS, BELOW), (ABOVE, ABOVE), (MEETS, MEETS), (MEETS, ABOVE),
    (BELOW, ABOVE), (MEETS, MEETS), (ABOVE, MEETS), (MEETS, MEETS), (MEETS, BELOW),
    (MEETS, MEETS), (ABOVE, ABOVE), (MEETS, MEETS), (BELOW, MEETS), (BELOW, BELOW),
)
HASIL_NOTE = {
    ABOVE: "Realisasi melampaui target pada sebagian besar indikator, bukti dukung lengkap.",
    MEETS: "Realisasi sesuai target yang ditetapkan, bukti dukung lengkap.",
    BELOW: "Beberapa indikator belum mencapai target; perlu rencana perbaikan kinerja.",
}
PERILAKU_NOTE = {
    ABOVE: "Perilaku kerja menjadi teladan, terutama Berorientasi Pelayanan dan Kolaboratif.",
    MEETS: "Perilaku kerja sesuai nilai-nilai BerAKHLAK.",
    BELOW: "Perlu pembinaan pada nilai Akuntabel: disiplin kehadiran dan ketepatan laporan.",
}
RETURN_TARGETS_REASON = ("Indikator pertama belum lengkap: tambahkan indikator kualitas atau "
                         "waktu agar hasil kerja dapat diukur.")
CALIBRATION_NOTE = ("Disesuaikan dalam sidang Tim Penilai Kinerja agar distribusi predikat "
                    "sesuai predikat kinerja organisasi.")
CALIBRATE_REASON = "Sesuai berita acara sidang kalibrasi Tim Penilai Kinerja."
APPROVE_REASON = "Ditetapkan."


def is_loaded() -> bool:
    return db.session.scalar(
        sa.select(Agency.id).where(Agency.code == MARKER_AGENCY_CODE)) is not None


def seed() -> bool:
    """Load the demo organisation and its SKP year; False (and no change) if already loaded."""
    if is_loaded():
        return False
    employees = _organisation()
    period = db.session.scalar(sa.select(Period).where(Period.year == YEAR))
    if period is None:
        period = Period(year=YEAR, targets_due=dt.date(2026, 1, 31),
                        self_assessment_due=dt.date(2026, 12, 15),
                        review_due=dt.date(2026, 12, 31), calibration_due=dt.date(2027, 1, 15),
                        approval_due=dt.date(2027, 1, 31))
        db.session.add(period)
        db.session.flush()
    open_period(period)
    _play_year(period, employees)
    return True


# --- organisation and people ------------------------------------------------------------------

def _head(spec: AgencySpec) -> str:
    """The key of the agency head's post (the one in the agency's root unit)."""
    return next(post.key for post in spec.posts if post.unit == "")


def _organisation() -> dict[str, int]:
    """Insert agencies, units, posts, employees, users and role grants; post key -> employee id."""
    password_hash = generate_password_hash(DEMO_PASSWORD)  # hashed once: hashing is slow
    positions: dict[str, Position] = {}
    agencies: dict[str, Agency] = {}
    for spec in AGENCIES:
        agency = Agency(code=spec.code, name=spec.name, address=spec.address)
        units = {"": Unit(agency=agency, name=spec.name)}
        for name, parent in spec.units:
            units[name] = Unit(agency=agency, name=name, parent=units[parent])
        for post in spec.posts:
            positions[post.key] = Position(unit=units[post.unit], title=post.title,
                                           jenis_jabatan=post.jenis)
        agencies[spec.code] = agency
        db.session.add(agency)
    for spec in AGENCIES:
        for post in spec.posts:
            if post.parent:
                positions[post.key].parent = positions[post.parent]

    users: dict[str, User] = {}
    for person in ROSTER:
        employee = Employee(nip=person.nip, name=person.post.name, golongan=person.golongan,
                            jenis_jabatan=person.post.jenis, position=positions[person.post.key])
        users[person.post.key] = User(employee=employee, password_hash=password_hash,
                                      display_name=person.post.name)
    db.session.add_all(users.values())

    db.session.flush()

    for spec in AGENCIES:  # the head of each agency approves its assessments
        agency_id = agencies[spec.code].id
        users[_head(spec)].grants.append(RoleGrant(role="approver", agency_id=agency_id))
        member = INSPEKTORAT_COMMITTEE_POST if spec is INSPEKTORAT else COMMITTEE_POST
        users[member].grants.append(RoleGrant(role="committee", agency_id=agency_id))
    admin = User(email=ADMIN_EMAIL, password_hash=password_hash, display_name=ADMIN_NAME)
    admin.grants.append(RoleGrant(role="admin", agency_id=None))
    db.session.add(admin)
    db.session.commit()
    return {key: user.employee_id for key, user in users.items()}


# --- the SKP year -----------------------------------------------------------------------------

@dataclass
class _Cast:
    """The actors of the year: each employee, each agency's committee member and head."""

    by_employee: dict[int, Actor]
    committee_by_agency: dict[int, Actor]
    approver_by_agency: dict[int, Actor]


def _cast(employees: dict[str, int]) -> _Cast:
    users = db.session.scalars(
        sa.select(User).where(User.employee_id.in_(list(employees.values())))).all()
    by_employee = {user.employee_id: actor_for(user) for user in users}
    approvers = {agency_id: actor for actor in by_employee.values()
                 for agency_id in actor.approver_agencies}
    committees = {agency_id: actor for actor in by_employee.values()
                  for agency_id in actor.committee_agencies}
    return _Cast(by_employee, committees, approvers)


def _target_states(assessments: dict[str, Assessment]) -> dict[str, str]:
    """The state each demo assessment should reach, by post key."""
    heads = {_head(spec) for spec in AGENCIES}
    capped = heads | {COMMITTEE_POST}
    limit = STATES.index(CAPPED_STATE)
    targets: dict[str, str] = {}
    turn = 0
    for person in ROSTER:
        key = person.post.key
        if key in FIXED_STATES:
            targets[key] = FIXED_STATES[key]
        elif assessments[key].assessor_id is None:
            targets[key] = "draft_targets"  # e.g. the Sekda: the Governor is not in the portal
        else:
            state = STATE_CYCLE[turn % len(STATE_CYCLE)]
            turn += 1
            if key in capped and STATES.index(state) > limit:
                state = CAPPED_STATE
            targets[key] = state
    return targets


def _play_year(period: Period, employees: dict[str, int]) -> None:
    by_employee = {a.employee_id: a for a in db.session.scalars(
        sa.select(Assessment).where(Assessment.period_id == period.id,
                                    Assessment.employee_id.in_(list(employees.values()))))}
    assessments = {key: by_employee[employee_id] for key, employee_id in employees.items()}
    targets = _target_states(assessments)
    ids = {key: assessment.id for key, assessment in assessments.items()}
    cast = _cast(employees)
    rng = random.Random(2026)
    # Ratings (and the realisations that fit them) cycle separately over the assessments the
    # supervisor has rated and over those still waiting, so the rated ones show every predikat.
    rated = {True: 0, False: 0}
    tempered = False
    for turn, person in enumerate(ROSTER):
        key = person.post.key
        if key == EMPLOYEE_POST:
            continue  # the browser test drafts this SKP from nothing
        target = STATES.index(targets[key])
        is_rated = target >= STATES.index("reviewed")
        rating = RATING_CYCLE[rated[is_rated] % len(RATING_CYCLE)]
        rated[is_rated] += 1
        # The committee tempers the first Sangat Baik it calibrates (an audited adjustment).
        temper = (rating == (ABOVE, ABOVE) and target >= STATES.index("calibrated")
                  and not tempered)
        tempered = tempered or temper
        _Play(ids[key], person, cast, rng, turn=turn, rating=rating).to(target, temper=temper)


class _Play:
    """Moves one assessment, step by step through the services, to a target state."""

    def __init__(self, assessment_id: int, person: Person, cast: _Cast, rng: random.Random,
                 turn: int, rating: tuple[str, str]):
        self.id = assessment_id
        self.rng = rng
        self.turn = turn
        self.profile: tuple[RhkSpec, ...] = PROFILES[person.post.work]
        a = self.fresh()
        self.employee = cast.by_employee[a.employee_id]
        self.assessor = cast.by_employee.get(a.assessor_id) if a.assessor_id else None
        self.committee = cast.committee_by_agency.get(a.agency_id)
        self.approver = cast.approver_by_agency.get(a.agency_id)
        self.hasil, self.perilaku = rating

    def fresh(self) -> Assessment:
        return service.load(self.id)

    def act(self, trigger: str, actor: Actor, reason: str = "") -> None:
        a = self.fresh()
        service.perform(a, trigger, actor, version=a.version, reason=reason)

    def to(self, target: int, temper: bool = False) -> None:
        """Take the assessment to STATES[target]; temper: the committee lowers the ratings."""
        if target == 0:
            if self.turn % 2 == 0:  # some drafts are half written
                self.add_targets(self.profile[:1])
            return
        returned = target >= 2 and self.turn % 9 == 4 and len(self.profile[0].indicators) > 1
        self.add_targets(self.profile, hold_back=returned)
        self.act("submit_targets", self.employee)
        if target == 1:
            return
        if returned:  # the supervisor sends the SKP back once; the employee completes it
            self.act("return_targets", self.assessor, RETURN_TARGETS_REASON)
            missing = self.profile[0].indicators[-1]
            a = self.fresh()
            planning.add_indicator(a, self.employee, a.rhks[0].id, version=a.version,
                                  aspect=missing.aspect, text=missing.text,
                                  target_value=missing.target, target_unit=missing.unit)
            self.act("submit_targets", self.employee)
        self.act("approve_targets", self.assessor)
        if target == 2:
            return
        self.record_realisations()
        self.act("submit_self_assessment", self.employee)
        if target == 3:
            return
        a = self.fresh()
        service.save_ratings(a, self.assessor, version=a.version, hasil_kerja=self.hasil,
                             perilaku=self.perilaku,
                             hasil_kerja_note=HASIL_NOTE[self.hasil],
                             perilaku_note=PERILAKU_NOTE[self.perilaku])
        self.act("submit_review", self.assessor)
        if target == 4:
            return
        if temper:  # Sangat Baik becomes Baik to fit the distribution
            a = self.fresh()
            service.calibrate_ratings(a, self.committee, version=a.version, hasil_kerja=ABOVE,
                                      perilaku=MEETS, reason=CALIBRATION_NOTE)
        self.act("calibrate", self.committee, CALIBRATE_REASON)
        if target == 5:
            return
        self.act("approve", self.approver, APPROVE_REASON)

    def add_targets(self, rhks: tuple[RhkSpec, ...], hold_back: bool = False) -> None:
        for number, rhk in enumerate(rhks):
            first, *more = rhk.indicators
            if hold_back and number == 0:
                more = more[:-1]
            a = self.fresh()
            created = planning.add_rhk(a, self.employee, version=a.version, kind=rhk.kind,
                                      text=rhk.text, aspect=first.aspect,
                                      indicator_text=first.text, target_value=first.target,
                                      target_unit=first.unit)
            rhk_id = created.id
            for indicator in more:
                a = self.fresh()
                planning.add_indicator(a, self.employee, rhk_id, version=a.version,
                                      aspect=indicator.aspect, text=indicator.text,
                                      target_value=indicator.target, target_unit=indicator.unit)

    def record_realisations(self) -> None:
        a = self.fresh()
        specs = {(rhk.text, i.text): i for rhk in self.profile for i in rhk.indicators}
        values = {}
        for rhk in a.rhks:
            for indicator in rhk.indicators:
                spec = specs[(rhk.text, indicator.text)]
                values[indicator.id] = (realisation(spec, self.hasil, self.rng.random()),
                                        EVIDENCE[spec.aspect])
        execution.save_realisations(a, self.employee, version=a.version, values=values)
