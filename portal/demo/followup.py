"""The demo's follow-up (issue 13): every approved assessment has its proposal, one Sangat Baik
is approved (by its head, through the workflow) so that a shortlist proposal shows, and BKD has
accepted one Butuh Perbaikan proposal so that a development plan waits for its two parties."""
from __future__ import annotations

import sqlalchemy as sa

from portal.extensions import db
from portal.models import Agency, Assessment, FollowUp, RoleGrant, User
from portal.services.people.access import actor_for
from portal.services.careers import followup
from portal.services.review import assessments

# The agency whose calibrated Sangat Baik its head approves (not Dukcapil, whose queues the
# README's walk and the browser tests use).
SHORTLIST_AGENCY = "BKD"


def seed() -> bool:
    """Add what is missing; False if nothing was."""
    added = False
    for assessment in db.session.scalars(
            sa.select(Assessment).where(Assessment.state == "approved",
                                        ~sa.exists().where(
                                            FollowUp.assessment_id == Assessment.id))).all():
        followup.propose(assessment)
        added = True
    if not db.session.scalar(sa.select(sa.exists().where(FollowUp.predikat == "sangat_baik"))):
        added = _approve_a_sangat_baik() or added
    if not db.session.scalar(sa.select(sa.exists().where(
            FollowUp.kind == "development_plan", FollowUp.status != "proposed"))):
        added = _accept_a_plan() or added
    return added


def _approve_a_sangat_baik() -> bool:
    agency_id = db.session.scalar(sa.select(Agency.id).where(Agency.code == SHORTLIST_AGENCY))
    assessment = db.session.scalar(
        sa.select(Assessment).where(Assessment.agency_id == agency_id,
                                    Assessment.state == "calibrated",
                                    Assessment.predikat == "sangat_baik")
        .order_by(Assessment.id))
    head = db.session.scalar(sa.select(User).join(RoleGrant).where(
        RoleGrant.role == "approver", RoleGrant.agency_id == agency_id))
    if assessment is None or head is None or head.employee_id == assessment.employee_id:
        return False
    assessments.perform(assessment, "approve", actor_for(head), version=assessment.version)
    return True  # the approval's signal proposes the follow-up


def _accept_a_plan() -> bool:
    found = db.session.scalar(
        sa.select(FollowUp).join(Agency, Agency.id == FollowUp.agency_id)
        .where(FollowUp.kind == "development_plan", FollowUp.status == "proposed",
               FollowUp.predikat == "butuh_perbaikan")
        .order_by(Agency.code == SHORTLIST_AGENCY, FollowUp.id.desc()))
    admin = db.session.scalar(sa.select(User).join(RoleGrant).where(RoleGrant.role == "admin"))
    if found is None or admin is None:
        return False
    followup.decide(found, actor_for(admin), "accept",
                    reason="Rencana pengembangan disusun bersama atasan pada awal tahun.")
    return True
