"""Peer feedback (360) of the demo: colleagues asked about two Dukcapil SKPs awaiting the rating.

Played through portal.services.feedback.peers as the people would: the assessor asks the colleagues and
each of them answers. For one employee the three colleagues asked have all answered: the round
is closed and its aggregate published (Period.peer_anonymity_threshold, 3 by default). For the
other, two have answered and two, the demo Pegawai among them, have not yet, before a deadline
two weeks ahead: the round is open and nobody sees an aggregate until it closes.
"""
from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

import sqlalchemy as sa

from portal.extensions import db
from portal.models import Assessment, PeerReview, User
from portal.rules.berakhlak import VALUES
from portal.services.review import assessments
from portal.services.feedback import peers as service
from portal.services.people.access import actor_for

DEADLINE_DAYS = 14
# How colleagues score a value: mostly as expected (2), often above (3), rarely below (1).
SCORE_WEIGHTS = (0.06, 0.58, 0.36)


@dataclass(frozen=True)
class PeerRequest:
    employee: str                    # post key of the assessed employee (portal.demo.org)
    answers: tuple[tuple[str, str], ...]  # (colleague's post key, their comment; "" for none)
    waiting: tuple[str, ...]         # colleagues asked who have not answered yet


REQUESTS = (
    PeerRequest("dukcapil.operator_ktp", (
        ("dukcapil.pengadm_ktp",
         "Selalu sigap membantu pemohon yang kesulitan, juga saat antrean panjang."),
        ("dukcapil.adb_kia",
         "Teliti memeriksa data sebelum mencetak; bisa lebih sering berbagi cara kerjanya."),
        ("dukcapil.pengolah_ikd", ""),
    ), waiting=()),
    PeerRequest("dukcapil.kabid_dafduk", (
        ("dukcapil.kabid_capil",
         "Mudah diajak berkoordinasi dan terbuka terhadap masukan lintas bidang."),
        ("dukcapil.sekretaris",
         "Laporan bidang tepat waktu; rapat koordinasi bisa lebih singkat dan terarah."),
    ), waiting=("dukcapil.kasi_pindah", "dukcapil.adb_identitas")),
)


def seed(employees: dict[str, int]) -> bool:
    """Ask for and give the feedback of REQUESTS where none was asked for yet (and the SKP
    still awaits the rating); employees: post key -> employee id. Whether anything was added."""
    added = False
    for request in REQUESTS:
        assessment = db.session.scalar(sa.select(Assessment).where(
            Assessment.employee_id == employees[request.employee]))
        asked = db.session.scalar(sa.select(PeerReview.id).where(
            PeerReview.assessment_id == assessment.id).limit(1))
        if asked is None and service.asking_open(assessment):
            _play(request, assessments.load(assessment.id), employees)
            added = True
    return added


def _play(request: PeerRequest, assessment: Assessment, employees: dict[str, int]) -> None:
    reviewers = [employees[key] for key, _ in request.answers]
    reviewers += [employees[key] for key in request.waiting]
    users = {user.employee_id: user for user in db.session.scalars(sa.select(User).where(
        User.employee_id.in_([assessment.assessor_id, *reviewers])))}
    deadline = service.today() + dt.timedelta(days=DEADLINE_DAYS)
    reviews = {review.reviewer_id: review for review in service.request_peers(
        assessment, actor_for(users[assessment.assessor_id]), reviewer_ids=reviewers,
        period_no=0, deadline=deadline)}
    rng = random.Random(f"peers:{request.employee}")
    for key, comment in request.answers:
        reviewer = employees[key]
        scores = {value.code: rng.choices((1, 2, 3), weights=SCORE_WEIGHTS)[0]
                  for value in VALUES}
        service.answer(reviews[reviewer], assessment, actor_for(users[reviewer]),
                       scores=scores, comment=comment)
