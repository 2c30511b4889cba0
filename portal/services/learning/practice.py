"""The practice assessment: a first-time user takes an SKP through every step of the real
workflow (workflows.assessment) with a simulated supervisor, committee and head, and may object
to the result (workflows.objection) before a simulated atasan.

Nothing here touches a real table: a run lives in practice_runs alone, so it never shows in
lists, monitoring, calibration, reports, exports, notifications or the audit chain. The steps
taken are kept in the run's own log instead. The states, transitions and guards are the real
workflow's: the learner is the practice SKP's employee, the simulated people hold its other
roles, and every step is asked of the machine before it is taken.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm.exc import StaleDataError

from portal.extensions import db
from portal.models import PracticeRun
from portal.models.base import utcnow
from portal.rules.capaian import capaian
from portal.rules.predikat import ABOVE, BELOW, MEETS, predikat
from portal.services import clock
from portal.services.errors import Invalid, NotAllowed, NotNow, StaleVersion
from workflows.assessment import STATES, Actor, Case, Facts, may_edit, offers
from workflows.objection import ObjectionCase, ObjectionFacts

# The practice SKP's people. Negative ids are never a real employee's, so no real person can
# match a guard of a practice run, and a practice actor none of a real assessment.
LEARNER = -1
AGENCY = -1
SUPERVISOR = Actor(user_id=0, employee_id=-2)
ATASAN = Actor(user_id=0, employee_id=-3)
COMMITTEE = Actor(user_id=0, employee_id=-4, committee_agencies=frozenset({AGENCY}))
HEAD = Actor(user_id=0, employee_id=-5, approver_agencies=frozenset({AGENCY}))

# Who the simulation plays in each state that waits for someone else, and the workflow's
# trigger they take there (the happy path: a practice SKP is never sent back).
SIMULATED = {
    "targets_submitted": ("supervisor", "approve_targets"),
    "self_assessed": ("supervisor", "submit_review"),
    "reviewed": ("committee", "calibrate"),
    "calibrated": ("head", "approve"),
}
SIMULATED_ACTORS = {"supervisor": SUPERVISOR, "committee": COMMITTEE, "head": HEAD,
                    "atasan": ATASAN}

# The objection window of PP 30/2019 Pasal 59, as the real objection path counts it.
OBJECTION_DAYS = 14


def learner(user_id: int) -> Actor:
    """The practising user, as the employee of their practice SKP."""
    return Actor(user_id=user_id, employee_id=LEARNER)


def _facts(run: PracticeRun) -> Facts:
    data = run.data or {}
    return Facts(
        employee_id=LEARNER, assessor_id=SUPERVISOR.employee_id, agency_id=AGENCY,
        has_complete_targets=bool(data.get("targets")),
        has_all_realisations=bool(data.get("realisation")),
        has_both_ratings=bool(data.get("ratings")),
    )


def _case(run: PracticeRun) -> Case:
    return Case(run.state, _facts(run))


def offered(run: PracticeRun, user_id: int) -> set[str]:
    """The workflow's triggers the learner may take now (enabled ones only)."""
    return {o.trigger for o in offers(_case(run), learner(user_id)) if o.enabled}


def run_for(user_id: int) -> PracticeRun | None:
    """The user's practice run, if they started one."""
    return db.session.scalar(sa.select(PracticeRun).where(PracticeRun.user_id == user_id))


def run_of(run_id: int, user_id: int) -> PracticeRun:
    """The practice run run_id, if it is user_id's.

    Raises:
        NotAllowed: it is missing or another user's (the same answer: a practice is private).
    """
    run = db.session.get(PracticeRun, run_id)
    if run is None or run.user_id != user_id:
        raise NotAllowed("practice_not_yours")
    return run


def start(user_id: int) -> PracticeRun:
    """Start the user's practice, or start it again from the first step (one run per user)."""
    run = run_for(user_id)
    if run is None:
        run = PracticeRun(user_id=user_id)
        db.session.add(run)
    run.state = STATES[0]
    run.data = {"log": [_entry("learner", "start", None, STATES[0])]}
    db.session.commit()
    return run


def _entry(by: str, action: str, source: str | None, dest: str, note: str = "") -> dict:
    return {"at": utcnow().isoformat(), "by": by, "action": action, "from": source,
            "to": dest, "note": note}


def _check_version(run: PracticeRun, version: int | None) -> None:
    if version != run.version:
        raise StaleVersion("practice_stale")


def _fire(run: PracticeRun, trigger: str, actor: Actor, by: str, data: dict,
          note: str = "") -> None:
    """Take trigger as actor if the workflow allows it now, with data as the run's new data."""
    run.data = data  # the guards read the data the step brings
    case = _case(run)
    allowed = {o.trigger for o in offers(case, actor) if o.enabled}
    if trigger not in allowed:
        db.session.rollback()
        raise NotNow("practice_not_now")
    source = run.state
    getattr(case, trigger)(actor=actor)
    run.state = case.state
    run.data = {**data, "log": [*data.get("log", []), _entry(by, trigger, source, case.state, note)]}


def _commit(run: PracticeRun) -> PracticeRun:
    """Store the step once: a second copy of the same form finds the version moved on."""
    try:
        db.session.commit()
    except StaleDataError:
        db.session.rollback()
        raise StaleVersion("practice_stale") from None
    return run


def submit_targets(run: PracticeRun, user_id: int, version: int | None, *, rhk: str,
                   indicator: str, aspect: str, target: Decimal, unit: str) -> PracticeRun:
    """Save the practice SKP's RHK with its indicator and target, and submit it."""
    _check_version(run, version)
    if not may_edit(_case(run), learner(user_id), "targets"):
        raise NotNow("practice_not_now")
    targets = {"rhk": rhk, "indicator": indicator, "aspect": aspect, "target": str(target),
               "unit": unit}
    _fire(run, "submit_targets", learner(user_id), "learner", {**run.data, "targets": targets})
    return _commit(run)


def save_realisation(run: PracticeRun, user_id: int, version: int | None, *,
                     value: Decimal, evidence: str) -> PracticeRun:
    """Record the realisation of the practice indicator with its evidence (text or link)."""
    _check_version(run, version)
    if not may_edit(_case(run), learner(user_id), "realisations"):
        raise NotNow("practice_not_now")
    run.data = {**run.data, "realisation": {"value": str(value), "evidence": evidence}}
    return _commit(run)


def submit_self_assessment(run: PracticeRun, user_id: int, version: int | None, *,
                           note: str) -> PracticeRun:
    """Submit the self-assessment with the learner's note on what was achieved."""
    _check_version(run, version)
    _fire(run, "submit_self_assessment", learner(user_id), "learner",
          {**run.data, "self_note": note}, note)
    return _commit(run)


def scripted_ratings(data: dict) -> dict:
    """What the simulated supervisor rates: the capaian of the indicator decides the rating
    hasil kerja (above 100 % Di Atas, from 80 % Sesuai, below Di Bawah), behaviour meets the
    expectation. A real supervisor weighs the evidence and feedback; the capaian only informs."""
    percent = capaian(Decimal(data["targets"]["target"]), Decimal(data["realisation"]["value"]))
    if percent is None or percent < 80:
        hasil = BELOW
    elif percent > 100:
        hasil = ABOVE
    else:
        hasil = MEETS
    return {"hasil_kerja": hasil, "perilaku": MEETS,
            "capaian": None if percent is None else str(percent)}


def simulate(run: PracticeRun, user_id: int, version: int | None) -> PracticeRun:
    """Let the simulated person whose turn it is take their step (SIMULATED), or let the
    simulated atasan decide a filed objection."""
    _check_version(run, version)
    data = dict(run.data)
    objection = data.get("objection")
    if run.state == "approved" and objection and objection["state"] == "filed":
        case = ObjectionCase(objection["state"], ObjectionFacts(
            employee_id=LEARNER, assessor_id=SUPERVISOR.employee_id,
            decider_id=ATASAN.employee_id))
        if not case.may_trigger("decide", actor=ATASAN):
            raise NotNow("practice_not_now")
        case.decide(actor=ATASAN)
        run.data = {**data, "objection": {**objection, "state": case.state, "decision": "upheld"},
                    "log": [*data.get("log", []),
                            _entry("atasan", "decide", objection["state"], case.state)]}
        return _commit(run)
    if run.state not in SIMULATED:
        raise NotNow("practice_not_now")
    role, trigger = SIMULATED[run.state]
    if trigger == "submit_review":
        data["ratings"] = scripted_ratings(data)
    _fire(run, trigger, SIMULATED_ACTORS[role], role, data)
    return _commit(run)


def outcome(run: PracticeRun) -> str | None:
    """The practice SKP's predikat, once the simulated supervisor has rated it."""
    ratings = (run.data or {}).get("ratings")
    return predikat(ratings["hasil_kerja"], ratings["perilaku"]) if ratings else None


def objection_window_open(run: PracticeRun, today: dt.date) -> bool:
    """Whether an objection may still be filed: the result was approved within the window."""
    approved = next((e for e in reversed(run.data.get("log", [])) if e["action"] == "approve"),
                    None)
    if approved is None:
        return False
    approved_on = clock.local(dt.datetime.fromisoformat(approved["at"])).date()
    return today <= approved_on + dt.timedelta(days=OBJECTION_DAYS)


def file_objection(run: PracticeRun, user_id: int, version: int | None, *,
                   reasons: str) -> PracticeRun:
    """File a practice objection to the approved result (once)."""
    _check_version(run, version)
    if (run.state != "approved" or run.data.get("objection")
            or not objection_window_open(run, clock.today())):
        raise NotNow("practice_not_now")
    if not reasons.strip():
        raise Invalid("practice_reasons_required")
    data = dict(run.data)
    run.data = {**data, "objection": {"state": "filed", "reasons": reasons},
                "log": [*data.get("log", []), _entry("learner", "file_objection", None, "filed")]}
    return _commit(run)
