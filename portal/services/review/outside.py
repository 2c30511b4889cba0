"""Assessments whose assessor is outside the portal (the Governor, for the Sekretaris Daerah):
the BKD admin records each decision of that official from the signed paper, through the same
workflow transitions, on the employee's behalf.

The admin acts as Actor.for_outside_official, which the workflow's supervisor and approver
guards accept only where nobody in the portal assesses the employee (Facts.assessor_outside).
Every step keeps the official's name and title, the paper's date and its scan
(models.OutsideDecision), and its audit event says the admin acted "atas nama" the official.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import BinaryIO

import sqlalchemy as sa
import sqlalchemy.orm as so
from babel.dates import format_date

from portal.extensions import db
from portal.models import Assessment, AuditEvent, Employee, OutsideDecision, Period, Position
from portal.services import clock
from portal.services.errors import Invalid, NotAllowed
from portal.services.execution import evidence
from portal.services.execution.execution import save_periodic_rating
from portal.services.inputs import clean_text
from portal.services.review import assessments
from workflows.assessment import REASON_REQUIRED, Actor, may_edit, offers

# A scan of a signed paper: PDF or an image (the evidence checks, narrowed).
SCAN_TYPES = ("application/pdf", "image/png", "image/jpeg")
SCAN_ACCEPT = ".pdf,.png,.jpg,.jpeg"
PERIODIC = "periodic_rating"
NAME_MAX = 200
NOTE_MAX = 2000


def proxy(actor: Actor) -> Actor:
    """The admin as the recorder of an outside official's decisions."""
    return dataclasses.replace(actor, for_outside_official=True)


def listed(period: Period) -> list[Assessment]:
    """The assessments of period that nobody in the portal assesses (services.review.
    assessments.assessor_outside as SQL), with employee, post and agency: one query."""
    return list(db.session.scalars(
        sa.select(Assessment)
        .join(Employee, Employee.id == Assessment.employee_id)
        .join(Position, Position.id == Employee.position_id)
        .where(Assessment.period_id == period.id, Assessment.assessor_id.is_(None),
               Position.parent_id.is_(None))
        .options(so.contains_eager(Assessment.employee).contains_eager(Employee.position)
                 .joinedload(Position.unit))
        .order_by(Assessment.agency_id, Employee.name)))


def check_outside(assessment: Assessment, actor: Actor) -> None:
    """Refuse a non-admin, and an assessment someone in the portal assesses.

    Raises:
        NotAllowed: admin_only, assessor_in_portal.
    """
    if not actor.is_admin:
        raise NotAllowed("admin_only")
    if not assessments.assessor_outside(assessment):
        raise NotAllowed("assessor_in_portal")


def open_steps(assessment: Assessment, actor: Actor) -> list[str]:
    """The outside official's steps the admin may record now, in workflow order: the
    transitions the proxy is offered and that are ready, and a periodic rating while the
    supervisor may give one."""
    case = assessments.case_for(assessment)
    steps = [offer.trigger for offer in offers(case, proxy(actor))
             if offer.trigger in OutsideDecision.STEPS and offer.enabled]
    if may_edit(case, proxy(actor), "periodic_ratings"):
        steps.insert(0, PERIODIC)
    return steps


def decisions(assessment: Assessment) -> list[OutsideDecision]:
    """The decisions recorded so far, oldest first (one query)."""
    return list(db.session.scalars(
        sa.select(OutsideDecision).where(OutsideDecision.assessment_id == assessment.id)
        .options(so.joinedload(OutsideDecision.recorded_by))
        .order_by(OutsideDecision.at, OutsideDecision.id)))


def scan_path(decision: OutsideDecision) -> Path:
    return evidence.evidence_dir() / decision.scan_stored_name


def record(assessment: Assessment, actor: Actor, *, version: int | str | None, step: str,
           official_name: str, official_title: str, signed_on: dt.date | None, note: str,
           scan_filename: str | None, scan: BinaryIO | None, period_no: int | None = None,
           ratings: dict[str, str] | None = None) -> OutsideDecision:
    """Record the outside official's decision step on assessment, as the BKD admin actor.

    Args:
        step: a transition of OutsideDecision.STEPS, or 'periodic_rating'.
        official_name, official_title: who decided outside the portal (Gubernur Jambi).
        signed_on: the date of the signed paper (not in the future).
        note: what the paper says, added to the audit reason (required for a return).
        scan_filename, scan: the uploaded scan of the paper (PDF, PNG or JPEG).
        period_no: the evaluation period of a periodic rating.
        ratings: for submit_review and a periodic rating, hasil_kerja, hasil_kerja_note,
            perilaku and perilaku_note as the paper gives them.

    Raises:
        NotAllowed: admin_only, assessor_in_portal, not_your_step.
        NotNow: wrong_state, not_ready, not_editable.
        Invalid: unknown_outside_step, official_required, signed_on_required,
            signed_on_future, reason_required, rating_required, justification_required,
            evidence_* (the scan).
        StaleVersion: the assessment changed meanwhile.
    """
    check_outside(assessment, actor)
    if step not in OutsideDecision.STEPS:
        raise Invalid("unknown_outside_step")
    name = clean_text(official_name, max_length=NAME_MAX, field="official_name")
    title = clean_text(official_title, max_length=NAME_MAX, field="official_title")
    if not name or not title:
        raise Invalid("official_required")
    if signed_on is None:
        raise Invalid("signed_on_required")
    if signed_on > clock.today():
        raise Invalid("signed_on_future")
    note = clean_text(note, max_length=NOTE_MAX, field="note")
    if step in REASON_REQUIRED and not note:
        raise Invalid("reason_required")  # what the paper gives as the reason for sending back
    scan_title = evidence.display_name(scan_filename)
    data = scan.read(evidence.max_bytes() + 1) if scan is not None else b""
    content_type = evidence.check_file(scan_title, data)
    if content_type not in SCAN_TYPES:
        raise Invalid("scan_type")
    acting = proxy(actor)
    reason = on_behalf_text(name, title, signed_on, note)
    path = evidence.store_upload(evidence.evidence_dir(), data)
    decision = OutsideDecision(
        assessment_id=assessment.id, step=step, official_name=name, official_title=title,
        signed_on=signed_on, scan_title=scan_title, scan_stored_name=path.name,
        scan_content_type=content_type, scan_size=len(data),
        recorded_by_id=actor.user_id,
        period_no=period_no if step == PERIODIC else None)
    ratings = ratings or {}
    try:
        if step == PERIODIC:
            _periodic(assessment, acting, version, period_no, ratings, decision, reason)
        else:
            if step == "submit_review":
                assessments.set_ratings(assessment, acting, version=version, **ratings)
            assessments.perform(assessment, step, acting, version=version, reason=reason,
                                record=lambda event: _attach(decision, event))
    except BaseException:
        db.session.rollback()
        path.unlink(missing_ok=True)  # nothing kept of a refused or failed step
        raise
    return decision


def _attach(decision: OutsideDecision, event: AuditEvent) -> None:
    decision.audit_event = event
    db.session.add(decision)


def _periodic(assessment: Assessment, acting: Actor, version, period_no: int | None,
              ratings: dict[str, str], decision: OutsideDecision, reason: str) -> None:
    """A periodic rating moves no state: its audit event records the official with it."""
    _attach(decision, assessments.audit(assessment, acting, PERIODIC, assessment.state, reason))
    save_periodic_rating(assessment, acting, version=version, period_no=period_no or 0,
                         **ratings)  # commits the rating, the event and the decision at once


def on_behalf_text(name: str, title: str, signed_on: dt.date, note: str = "") -> str:
    """The audit reason of a recorded step, always in Indonesian like the papers it cites:
    'Atas nama Dr. H. Al Haris, S.Sos., M.H. (Gubernur Jambi), dokumen bertanggal 2 Januari
    2026: ...'."""
    text = (f"Atas nama {name} ({title}), dokumen bertanggal "
            f"{format_date(signed_on, 'd MMMM y', locale='id')}")
    return f"{text}: {note}" if note else text
