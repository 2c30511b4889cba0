"""Loading the demo organisation into the database, and playing its SKP year through the workflow.

The organisation and people are inserted directly; every assessment then moves only through the
real services (portal.services.review.assessments, planning, execution) acting as the right person, so
each state change has its audit event exactly as if the people had clicked through the portal.
The year is played top-down: a supervisor's SKP is fixed before the team cascades from it. The
one exception is the Sekretaris Daerah, whose SKP the Governor fixes outside the portal: the BKD
admin records that decision from the signed paper through portal.services.review.outside, as a
real admin does (see _Play.fixed_outside_portal).

Before the year is played, the public-services catalogue and the year's service records and
citizen answers are loaded (portal.demo.public_services), so that the objective indicators the
Dukcapil staff bind come with computed realisations; after it, colleagues are asked for and give
peer feedback (portal.demo.peers), and every objective indicator is refreshed.
"""
from __future__ import annotations

import datetime as dt
import io
import random
from collections.abc import Iterator
from dataclasses import dataclass

import sqlalchemy as sa
from werkzeug.security import generate_password_hash

from portal.demo import followup, library, peers, public_services
from portal.demo.org import (
    AGENCIES, COMMITTEE_POST, DUKCAPIL, EMPLOYEE_POST, INSPEKTORAT, INSPEKTORAT_COMMITTEE_POST,
    AgencySpec,
)
from portal.demo.people import BY_POST, ROSTER, Person
from portal.demo.skp import (
    EVIDENCE, EXPECTATIONS, LAMPIRAN, LAMPIRAN_RESOURCES, PROFILES, QUARTER_NOTES,
    IndicatorSpec, RhkSpec, lower_is_better, qualitative_realisation, quarterly_realisation,
    realisation,
)
from portal.extensions import db
from portal.models import (
    Agency, Assessment, Employee, Indicator, Period, Position, RoleGrant, Unit, User,
)
from portal.rules.predikat import ABOVE, BELOW, MEETS
from portal.services.review import assessments as service
from portal.services.execution import evidence, execution, indicators
from portal.services.review import calibration, outside
from portal.services.careers import angka_kredit
from portal.services.planning import planning
from portal.services.review.assessments import cascade_required
from portal.rules.reference import jenjang_of
from portal.services.people.access import actor_for
from portal.services.planning.periods import open_period
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
                         "waktu agar hasil kerja dapat diukur. Lihat komentar pada RHK.")
RHK_COMMENT = "Tambahkan indikator yang mengukur mutu atau ketepatan waktu hasil kerja ini."
# The Governor, who fixes the Sekretaris Daerah's SKP outside the portal, and his paper.
GOVERNOR = ("Dr. H. Al Haris, S.Sos., M.H.", "Gubernur Jambi")
FIXED_OUTSIDE_NOTE = "Keputusan Gubernur menetapkan SKP Sekretaris Daerah."
FIXED_OUTSIDE_ON = dt.date(YEAR, 1, 20)
CALIBRATION_NOTE = ("Disesuaikan dalam sidang Tim Penilai Kinerja agar distribusi predikat "
                    "sesuai predikat kinerja organisasi.")
CALIBRATE_REASON = "Sesuai berita acara sidang kalibrasi Tim Penilai Kinerja."
APPROVE_REASON = "Ditetapkan."
# The organisation predikat the demo's heads have set (the others are left to do it).
ORG_PREDIKATS = {
    DUKCAPIL: ("baik", "Capaian Perjanjian Kinerja 2026 Dinas Dukcapil 96,4 % (laporan kinerja "
                       "triwulan III); hasil evaluasi SAKIP: B."),
}


def is_loaded() -> bool:
    return db.session.scalar(
        sa.select(Agency.id).where(Agency.code == MARKER_AGENCY_CODE)) is not None


def seed() -> bool:
    """Load the demo organisation, its public services and its SKP year; False if nothing was
    missing (seeding again changes nothing).

    A demo loaded before the public services existed gets the catalogue, records, answers and
    peer feedback added; its SKPs, played already, keep their manual indicators.
    """
    # The angka kredit data BKD edits: seeded by the migration, but not on a create_all database.
    credits = angka_kredit.seed_defaults() > 0
    if is_loaded():
        employees = _employee_ids()
        period = db.session.scalar(sa.select(Period).where(Period.year == YEAR))
        added = public_services.seed(employees, YEAR)
        added = peers.seed(employees) or added
        added = _org_predikats(period) or added
        added = followup.seed() or added
        added = library.seed() or added
        if added:
            indicators.refresh_period(period)
        return added or credits
    employees = _organisation()
    library.seed()
    period = db.session.scalar(sa.select(Period).where(Period.year == YEAR))
    if period is None:
        period = Period(year=YEAR, targets_due=dt.date(2026, 1, 31),
                        self_assessment_due=dt.date(2026, 12, 15),
                        review_due=dt.date(2026, 12, 31), calibration_due=dt.date(2027, 1, 15),
                        approval_due=dt.date(2027, 1, 31))
        db.session.add(period)
        db.session.flush()
    open_period(period)
    public_services.seed(employees, YEAR)
    _play_year(period, employees)
    peers.seed(employees)
    _org_predikats(period)
    followup.seed()
    indicators.refresh_period(period)
    return True


def _org_predikats(period: Period) -> bool:
    """Have the heads of ORG_PREDIKATS set their organisation predikat (through the service, as
    the head would), so the calibration walk of the README meets the spread rules; False if
    all were set already. The other agencies' heads still have it to do (a task on their home).
    """
    added = False
    for spec, (predikat, basis) in ORG_PREDIKATS.items():
        agency_id = db.session.scalar(sa.select(Agency.id).where(Agency.code == spec.code))
        if calibration.org_predikat_for(agency_id, period.id) is not None:
            continue
        head = db.session.scalar(sa.select(User).join(Employee, User.employee_id == Employee.id)
                                 .where(Employee.nip == BY_POST[_head(spec)].nip))
        calibration.set_org_predikat(actor_for(head), agency_id, period.id, predikat, basis)
        added = True
    return added


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
                                           jenis_jabatan=post.jenis, jenjang=jenjang_of(post.jenis))
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


def _employee_ids() -> dict[str, int]:
    """Post key -> employee id of the demo people already loaded."""
    by_nip = dict(db.session.execute(sa.select(Employee.nip, Employee.id).where(
        Employee.nip.in_([person.nip for person in ROSTER]))).all())
    return {person.post.key: by_nip[person.nip] for person in ROSTER}


# --- the SKP year -----------------------------------------------------------------------------

@dataclass
class _Cast:
    """The actors of the year: each employee, each agency's committee member and head, the
    BKD admin."""

    by_employee: dict[int, Actor]
    committee_by_agency: dict[int, Actor]
    approver_by_agency: dict[int, Actor]
    admin: Actor


def _cast(employees: dict[str, int]) -> _Cast:
    users = db.session.scalars(
        sa.select(User).where(User.employee_id.in_(list(employees.values())))).all()
    by_employee = {user.employee_id: actor_for(user) for user in users}
    approvers = {agency_id: actor for actor in by_employee.values()
                 for agency_id in actor.approver_agencies}
    committees = {agency_id: actor for actor in by_employee.values()
                  for agency_id in actor.committee_agencies}
    admin = db.session.scalar(sa.select(User).where(User.email == ADMIN_EMAIL))
    return _Cast(by_employee, committees, approvers, actor_for(admin))


def governor_paper(person: Person) -> bytes:
    """A one-page PDF standing for the scan of the Governor's signed decision."""
    from weasyprint import HTML  # only the seed's Sekda needs it

    name, title = GOVERNOR
    return HTML(string=(
        f"<h1>Keputusan {title}</h1><p>Menetapkan Sasaran Kinerja Pegawai tahun {YEAR} "
        f"{person.post.name}, NIP {person.nip}, {person.post.title}.</p>"
        f"<p>Jambi, {FIXED_OUTSIDE_ON.day} Januari {YEAR}</p><p>{title}</p><p>{name}</p>"
    )).write_pdf()


def is_leader(post) -> bool:
    """JPT and Administrator posts plan in the qualitative approach."""
    return post.jenis.startswith("JPT") or post.jenis == "Administrator"


def _depth(key: str) -> int:
    parent = BY_POST[key].post.parent
    return 0 if parent is None else 1 + _depth(parent)


def _same_agency(key: str, other: str) -> bool:
    return BY_POST[key].agency is BY_POST[other].agency


def _target_states(assessments: dict[str, Assessment]) -> dict[str, str]:
    """The state each demo assessment should reach, by post key.

    A supervisor whose team (in the same agency) has moved past the draft has their own SKP
    fixed, since the team's RHK cascade from it.
    """
    heads = {_head(spec) for spec in AGENCIES}
    capped = heads | {COMMITTEE_POST}
    limit = STATES.index(CAPPED_STATE)
    fixed = STATES.index("targets_approved")
    targets: dict[str, int] = {}
    turn = 0
    for person in ROSTER:
        key = person.post.key
        if key in FIXED_STATES:
            targets[key] = STATES.index(FIXED_STATES[key])
        elif assessments[key].assessor_id is None:
            targets[key] = fixed  # the Sekda: fixed by the Governor, who is not in the portal
        else:
            state = STATES.index(STATE_CYCLE[turn % len(STATE_CYCLE)])
            turn += 1
            targets[key] = min(state, limit) if key in capped else state
    for person in sorted(ROSTER, key=lambda p: -_depth(p.post.key)):  # bottom-up
        key, parent = person.post.key, person.post.parent
        if parent and targets[key] > 0 and _same_agency(key, parent):
            targets[parent] = max(targets[parent], fixed)
    return {key: STATES[index] for key, index in targets.items()}


def _play_year(period: Period, employees: dict[str, int]) -> None:
    by_employee = {a.employee_id: a for a in db.session.scalars(
        sa.select(Assessment).where(Assessment.period_id == period.id,
                                    Assessment.employee_id.in_(list(employees.values()))))}
    assessments = {key: by_employee[employee_id] for key, employee_id in employees.items()}
    targets = _target_states(assessments)
    ids = {key: assessment.id for key, assessment in assessments.items()}
    cast = _cast(employees)
    services = public_services.service_ids()
    # Ratings (and the realisations that fit them) cycle separately over the assessments the
    # supervisor has rated and over those still waiting, so the rated ones show every predikat.
    rated = {True: 0, False: 0}
    tempered = False
    plays: dict[str, _Play] = {}
    for turn, person in enumerate(ROSTER):
        key = person.post.key
        target = STATES.index(targets[key])
        is_rated = target >= STATES.index("reviewed")
        rating = RATING_CYCLE[rated[is_rated] % len(RATING_CYCLE)]
        rated[is_rated] += 1
        # The committee tempers the first Sangat Baik it calibrates (an audited adjustment).
        temper = (rating == (ABOVE, ABOVE) and target >= STATES.index("calibrated")
                  and not tempered)
        tempered = tempered or temper
        plays[key] = _Play(ids[key], person, cast, services, turn=turn, rating=rating,
                           target=target, temper=temper)
    # Top-down, so that each supervisor's RHK exist (and are fixed) before the team's.
    rhks: dict[str, list[int]] = {}
    session = db.session()
    # The seed plays alone in this session, so what it committed is what it holds: keeping the
    # objects loaded across the ~1,500 commits (instead of reloading each assessment after
    # every one) keeps seeding within a few seconds.
    expire_on_commit, session.expire_on_commit = session.expire_on_commit, False
    try:
        for person in sorted(ROSTER, key=lambda p: _depth(p.post.key)):
            key, parent = person.post.key, person.post.parent
            if key == EMPLOYEE_POST:
                continue  # the browser test drafts this SKP from nothing
            fixed = parent in plays and plays[parent].target >= STATES.index("targets_approved")
            rhks[key] = plays[key].run(rhks.get(parent, []) if fixed else [])
    finally:
        session.expire_on_commit = expire_on_commit
        session.expire_all()


class _Play:
    """Moves one assessment, step by step through the services, to a target state."""

    def __init__(self, assessment_id: int, person: Person, cast: _Cast,
                 services: dict[str, int], turn: int, rating: tuple[str, str], target: int,
                 temper: bool):
        self.id = assessment_id
        self.services = services  # demo service code -> id, for objective indicators
        self.person = person
        self.turn = turn
        self.target = target
        self.temper = temper
        self.profile: tuple[RhkSpec, ...] = PROFILES[person.post.work]
        self.leader = is_leader(person.post)
        a = service.load(assessment_id)
        self.employee = cast.by_employee[a.employee_id]
        self.assessor = cast.by_employee.get(a.assessor_id) if a.assessor_id else None
        self.committee = cast.committee_by_agency.get(a.agency_id)
        self.approver = cast.approver_by_agency.get(a.agency_id)
        self.admin = cast.admin
        self.hasil, self.perilaku = rating
        self.assessment = a

    def fresh(self) -> Assessment:
        """The assessment as loaded once (see _play_year: commits do not expire it)."""
        return self.assessment

    def act(self, trigger: str, actor: Actor, reason: str = "") -> None:
        a = self.fresh()
        service.perform(a, trigger, actor, version=a.version, reason=reason)

    def run(self, parents: list[int]) -> list[int]:
        """Play the year up to the target state; returns the ids of this SKP's RHK.

        parents: the RHK of the supervisor's fixed SKP that this SKP's RHK intervene (in order;
        an RHK takes the one at its own position, or the last); empty where it does not cascade.
        """
        a = self.fresh()
        if not cascade_required(a):
            parents = []
        if self.leader:
            planning.set_approach(a, self.employee, version=a.version, approach="kualitatif")
        self.to(self.target, parents)
        return [rhk.id for rhk in self.fresh().rhks]

    def to(self, target: int, parents: list[int]) -> None:
        """Take the assessment to STATES[target]."""
        if target == 0:
            if self.turn % 2 == 0:  # some drafts are half written
                self.add_targets(self.profile[:1], parents)
                self.add_lampiran(first_only=True)
            return
        returned = (target >= 2 and self.turn % 9 == 4 and len(self.profile[0].indicators) > 1
                    and self.assessor is not None)
        self.add_targets(self.profile, parents, hold_back=returned)
        self.add_lampiran()
        self.act("submit_targets", self.employee)
        if self.assessor is None:
            self.fixed_outside_portal()
            return
        self.write_expectations()
        if target == 1:
            return
        if returned:  # the supervisor comments on the RHK and returns; the employee completes it
            a = self.fresh()
            planning.comment_rhk(a, self.assessor, a.rhks[0].id, version=a.version,
                                 text=RHK_COMMENT)
            self.act("return_targets", self.assessor, RETURN_TARGETS_REASON)
            missing = self.profile[0].indicators[-1]
            a = self.fresh()
            planning.add_indicator(a, self.employee, a.rhks[0].id, version=a.version,
                                   aspect=missing.aspect, text=missing.text,
                                   **self.target_of(missing))
            self.act("submit_targets", self.employee)
        self.act("approve_targets", self.assessor)
        if target == 2:
            self.record_quarters(range(1, 4))  # late November: three quarters recorded
            return
        self.record_quarters(range(1, 5))
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
        if self.temper:  # Sangat Baik becomes Baik to fit the distribution
            a = self.fresh()
            service.calibrate_ratings(a, self.committee, version=a.version, hasil_kerja=ABOVE,
                                      perilaku=MEETS, reason=CALIBRATION_NOTE)
        self.act("calibrate", self.committee, CALIBRATE_REASON)
        if target == 5:
            return
        self.act("approve", self.approver, APPROVE_REASON)

    def target_of(self, indicator: IndicatorSpec) -> dict:
        """The planning service's target arguments for an indicator of the profile."""
        if indicator.qualitative:
            return {"target_text": indicator.target_text, "perspective": indicator.perspective}
        if indicator.objective:  # the source gives the unit and which way is better
            return {"target_value": indicator.target, "data_source": indicator.source,
                    "source_service_id": self.services.get(indicator.service)}
        return {"target_value": indicator.target, "target_max": indicator.target_max,
                "target_unit": indicator.unit,
                "lower_is_better": lower_is_better(indicator) and indicator.target_max is None}

    def add_targets(self, rhks: tuple[RhkSpec, ...], parents: list[int],
                    hold_back: bool = False) -> None:
        for number, rhk in enumerate(rhks):
            first, *more = rhk.indicators
            if hold_back and number == 0:
                more = more[:-1]
            a = self.fresh()
            parent = None
            if parents:
                position = number if rhk.parent is None else rhk.parent
                parent = parents[min(position, len(parents) - 1)]
            created = planning.add_rhk(a, self.employee, version=a.version, kind=rhk.kind,
                                       text=rhk.text, parent_rhk_id=parent, aspect=first.aspect,
                                       indicator_text=first.text, **self.target_of(first))
            rhk_id = created.id
            for indicator in more:
                a = self.fresh()
                planning.add_indicator(a, self.employee, rhk_id, version=a.version,
                                       aspect=indicator.aspect, text=indicator.text,
                                       **self.target_of(indicator))

    def add_lampiran(self, first_only: bool = False) -> None:
        agency = self.person.agency
        parent = self.person.post.parent
        supervisor = BY_POST[parent].post.title if parent else "Gubernur Jambi"
        lines = [(kind, text.format(agency=agency.name, supervisor=supervisor))
                 for kind, texts in LAMPIRAN.items() for text in texts]
        lines.insert(1, ("dukungan_sumber_daya", LAMPIRAN_RESOURCES[agency.code]))
        for kind, text in lines[:1] if first_only else lines:
            a = self.fresh()
            planning.add_lampiran_line(a, self.employee, version=a.version, kind=kind,
                                       text=text)

    def write_expectations(self) -> None:
        a = self.fresh()
        texts = {code: pair[1 if self.leader else 0] for code, pair in EXPECTATIONS.items()}
        planning.save_expectations(a, self.assessor, version=a.version, texts=texts)

    def fixed_outside_portal(self) -> None:
        """The BKD admin records that the Governor, who is not in the portal, fixed the SKP:
        his name and title, the paper's date and its scan, through the workflow's transition."""
        a = self.fresh()
        name, title = GOVERNOR
        outside.record(a, self.admin, version=a.version, step="approve_targets",
                       official_name=name, official_title=title, signed_on=FIXED_OUTSIDE_ON,
                       note=FIXED_OUTSIDE_NOTE, scan_filename="keputusan-gubernur-skp.pdf",
                       scan=io.BytesIO(governor_paper(self.person)))

    def typed_indicators(self, a: Assessment) -> Iterator[tuple[Indicator, IndicatorSpec]]:
        """(indicator, its spec) of the indicators whose realisation the employee types in;
        the objective ones are computed from their source."""
        for rhk, spec_rhk in zip(a.rhks, self.profile):
            for indicator, spec in zip(rhk.indicators, spec_rhk.indicators):
                if not spec.objective:
                    yield indicator, spec

    def record_quarters(self, quarters: range) -> None:
        for quarter in quarters:
            a = self.fresh()
            values = {}
            for indicator, spec in self.typed_indicators(a):
                if spec.qualitative:
                    values[indicator.id] = (None, QUARTER_NOTES[quarter])
                else:
                    annual = realisation(spec, self.hasil, self.jitter(indicator.id))
                    values[indicator.id] = (
                        quarterly_realisation(spec, annual, quarter, self.jitter(indicator.id)),
                        QUARTER_NOTES[quarter])
            execution.save_realisations(a, self.employee, version=a.version, values=values,
                                        period_no=quarter)
            self.attach_quarter_report(quarter)

    def attach_quarter_report(self, quarter: int) -> None:
        """Link the quarter's report as evidence of the first typed indicator, where people
        attach it: under the quarter (the annual tab lists it again at review)."""
        a = self.fresh()
        first = next(self.typed_indicators(a), None)
        if first is None:
            return
        numeral = ("I", "II", "III", "IV")[quarter - 1]
        evidence.add_link(
            a, self.employee, version=a.version, indicator_id=first[0].id, period_no=quarter,
            url=(f"https://arsip.jambiprov.go.id/kinerja/{a.period.year}/"
                 f"{self.person.nip}/triwulan-{quarter}.pdf"),
            title=f"Laporan kinerja triwulan {numeral} {a.period.year}")

    def record_realisations(self) -> None:
        a = self.fresh()
        values = {}
        for indicator, spec in self.typed_indicators(a):
            if spec.qualitative:
                values[indicator.id] = (None, qualitative_realisation(spec, self.hasil))
            else:
                values[indicator.id] = (
                    realisation(spec, self.hasil, self.jitter(indicator.id)),
                    EVIDENCE[spec.aspect])
        execution.save_realisations(a, self.employee, version=a.version, values=values)

    def jitter(self, indicator_id: int) -> float:
        """A fixed number in [0, 1) per indicator: quarters and the year agree."""
        return random.Random(indicator_id * 7919 + self.turn).random()
