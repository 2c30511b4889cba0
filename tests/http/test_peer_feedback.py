"""Peer feedback (360) over HTTP: the supervisor asks colleagues, the employee proposes them for
the supervisor's approval, each colleague answers once by the deadline, and the aggregate is
shown to the supervisor, to the employee only from the anonymity threshold on, without names.

In the test organisation the ASN and the peer work under the supervisor (their assessor); the
head sits in the same agency (Dukcapil) and may be asked too; the committee member (Inspektorat)
and the outsider (Dinas Kesehatan) belong to other agencies.
"""
from __future__ import annotations

import datetime as dt
import re

import pytest
import sqlalchemy as sa
from babel.dates import format_date

from portal.extensions import db
from portal.models import (
    Employee, Notification, PeerReview, PeerScore, Period, Position, User,
)
from portal.rules.berakhlak import VALUES
from portal.services.feedback import peers as service
from portal.services.review.assessments import load
from tests.conftest import Persona
from tests.http.helpers import actor, advance, counting_queries, set_state

CODES = [v.code for v in VALUES]
COMMENT = "Selalu sigap membantu warga yang kesulitan mengisi formulir."


def soon(days: int = 7) -> dt.date:
    return service.today() + dt.timedelta(days=days)


def colleague(org, name: str, nip: str) -> Persona:
    """Another staff member of the ASN's bidang, with a login."""
    peer = db.session.get(Employee, org.peer.employee_id)
    position = Position(unit_id=peer.position.unit_id, parent_id=peer.position.parent_id,
                        title="Operator Layanan Kependudukan", jenis_jabatan="Pelaksana")
    employee = Employee(nip=nip, name=name, golongan="II/c", jenis_jabatan="Pelaksana",
                        position=position)
    user = User(employee=employee, display_name=name,
                password_hash=db.session.get(User, org.peer.user_id).password_hash)
    db.session.add_all([position, employee, user])
    db.session.commit()
    return Persona(user.id, nip, employee.id)


def colleagues(org, count: int) -> list[Persona]:
    return [colleague(org, f"Rekan Uji {n}", f"19930101202001{n:04d}") for n in range(1, count + 1)]


def ask(client, aid: int, *personas, kind: str = "requests", period_no: int = 0,
        deadline: dt.date | str | None = None, **kwargs):
    """Post the request (supervisor) or proposal (employee) form for personas."""
    deadline = deadline if deadline is not None else soon()
    return client.post(f"/peers/assessments/{aid}/{kind}", {
        "reviewer_ids": [p.employee_id for p in personas], "period_no": period_no,
        "deadline": deadline if isinstance(deadline, str) else deadline.isoformat()}, **kwargs)


def scores(score: int = 2, **overrides) -> dict:
    return {f"score_{code}": overrides.get(code, score) for code in CODES}


def answer_as(client, review_id: int, score: int = 2, comment: str = COMMENT, **kwargs):
    return client.post(f"/peers/{review_id}", {**scores(score), "comment": comment},
                       htmx=False, **kwargs)


def review_of(aid: int, persona: Persona, period_no: int = 0) -> PeerReview | None:
    db.session.expire_all()
    return db.session.scalar(sa.select(PeerReview).where(
        PeerReview.assessment_id == aid, PeerReview.reviewer_id == persona.employee_id,
        PeerReview.period_no == period_no))


def reviews_of(aid: int) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(PeerReview)
                             .where(PeerReview.assessment_id == aid))


def notifications_of(persona: Persona, kind: str) -> list[Notification]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(Notification).where(
        Notification.user_id == persona.user_id, Notification.kind == kind)))


def asked(org, *personas, state: str = "targets_approved") -> int:
    """The ASN's assessment in state with personas asked (annual) by the supervisor."""
    aid = advance(org, state)
    service.request_peers(fresh(aid), actor(org.supervisor),
                          reviewer_ids=[p.employee_id for p in personas], period_no=0,
                          deadline=soon())
    return aid


def fresh(aid: int):
    """The assessment as a route loads it."""
    db.session.expire_all()
    return load(aid)


def answered(org, aid: int, *personas, score: int = 2) -> None:
    """Each persona answers through the service (set-up)."""
    for persona in personas:
        review = review_of(aid, persona)
        service.answer(review, fresh(aid), actor(persona),
                       scores={c: score for c in CODES}, comment=f"Catatan {persona.login}")


def page(client, aid: int) -> str:
    response = client.get(f"/assessments/{aid}?p=0")
    assert response.status_code == 200
    return response.get_data(as_text=True)


# --- asking -----------------------------------------------------------------------------------

def test_the_supervisor_asks_colleagues_who_are_told_at_once(org, login_as):
    aid = advance(org, "targets_approved")

    response = ask(login_as(org.supervisor), aid, org.peer, org.head, deadline=soon(10))

    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert html.lstrip().startswith('<section id="peer-feedback"')  # the panel alone
    assert "Umpan balik diminta dari 2 rekan." in html
    assert "Siti Nurhaliza" in html and "Drs. Hendra Saputra" in html
    assert html.count('data-status="asked"') == 2
    review = review_of(aid, org.peer)
    assert review.approved_by_id == org.supervisor.user_id
    assert review.requested_by_id == org.supervisor.user_id
    assert review.deadline == soon(10)
    [note] = notifications_of(org.peer, "peer_asked")
    assert note.assessment_id is None  # the colleague may not open the assessment itself
    assert note.params["employee"] == "Andi Pratama"
    assert note.params["due"] == soon(10).isoformat()


def test_a_plain_form_returns_to_the_assessment_page(org, login_as):
    aid = advance(org, "targets_approved")

    response = ask(login_as(org.supervisor), aid, org.peer, htmx=False)

    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/assessments/{aid}?p=0#peer-feedback")
    assert review_of(aid, org.peer) is not None


def test_the_employee_cannot_be_their_own_reviewer(org, login_as):
    aid = advance(org, "targets_approved")

    by_supervisor = ask(login_as(org.supervisor), aid, org.asn, org.peer)
    by_employee = ask(login_as(org.asn), aid, org.asn, kind="proposals")

    for response in (by_supervisor, by_employee):
        assert response.status_code == 422
        assert ("Pegawai yang dinilai tidak dapat memberi umpan balik untuk dirinya sendiri."
                in response.get_data(as_text=True))
    assert reviews_of(aid) == 0


def test_the_assessor_cannot_be_asked_as_a_colleague(org, login_as):
    aid = advance(org, "targets_approved")

    response = ask(login_as(org.asn), aid, org.supervisor, kind="proposals")

    assert response.status_code == 422
    assert "Pejabat penilai kinerja tidak dapat dipilih" in response.get_data(as_text=True)
    assert reviews_of(aid) == 0


@pytest.mark.parametrize("who", ["outsider", "committee"])
def test_a_colleague_from_another_agency_cannot_be_asked(org, login_as, who):
    aid = advance(org, "targets_approved")

    response = ask(login_as(org.supervisor), aid, org.peer, getattr(org, who),
                   deadline=soon(5))

    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Rekan harus pegawai aktif pada instansi yang sama" in html
    # What was typed is kept: the valid colleague stays ticked, the deadline and period stay.
    assert f'name="reviewer_ids" value="{org.peer.employee_id}" checked' in html
    assert f'value="{soon(5).isoformat()}"' in html
    assert reviews_of(aid) == 0


def test_a_missing_or_past_deadline_is_refused_with_the_input_kept(org, login_as):
    aid = advance(org, "targets_approved")
    client = login_as(org.supervisor)

    past = ask(client, aid, org.peer, deadline=service.today() - dt.timedelta(days=1))
    missing = ask(client, aid, org.peer, deadline="")

    assert past.status_code == 422
    assert "Batas waktu umpan balik tidak boleh sebelum hari ini." in past.get_data(as_text=True)
    assert missing.status_code == 422
    html = missing.get_data(as_text=True)
    assert "Isi batas waktu umpan balik." in html
    assert f'name="reviewer_ids" value="{org.peer.employee_id}" checked' in html
    assert reviews_of(aid) == 0


def test_a_colleague_is_asked_once_per_evaluation_period(org, login_as):
    aid = asked(org, org.peer)
    client = login_as(org.supervisor)

    again = ask(client, aid, org.peer, org.head)
    quarter = ask(client, aid, org.peer, period_no=4)

    assert again.status_code == 409
    assert ("Sudah diminta memberi umpan balik untuk periode ini: Siti Nurhaliza."
            in again.get_data(as_text=True))
    assert review_of(aid, org.head) is None
    assert quarter.status_code == 200
    assert review_of(aid, org.peer, period_no=4) is not None


@pytest.mark.parametrize("state", ["draft_targets", "reviewed"])
def test_colleagues_are_asked_only_between_the_fixed_skp_and_the_rating(org, login_as, state):
    aid = advance(org, state)

    response = ask(login_as(org.supervisor), aid, org.peer)

    assert response.status_code == 409
    assert reviews_of(aid) == 0


def test_only_the_assessor_asks_and_only_the_employee_proposes(org, login_as):
    aid = advance(org, "targets_approved")

    by_employee = ask(login_as(org.asn), aid, org.peer)
    by_supervisor = ask(login_as(org.supervisor), aid, org.peer, kind="proposals")
    by_committee = ask(login_as(org.committee), aid, org.peer)

    assert by_employee.status_code == 403
    assert by_supervisor.status_code == 403
    assert by_committee.status_code == 403
    assert reviews_of(aid) == 0


def test_asking_requires_the_csrf_token(org, login_as):
    aid = advance(org, "targets_approved")

    response = ask(login_as(org.supervisor), aid, org.peer, csrf=False)

    assert response.status_code == 400
    assert "Token keamanan formulir tidak ada atau sudah kedaluwarsa." in response.get_data(
        as_text=True)
    assert reviews_of(aid) == 0


# --- searching colleagues --------------------------------------------------------------------

def test_the_search_lists_colleagues_of_the_agency_by_name_or_nip(org, login_as):
    aid = advance(org, "targets_approved")
    client = login_as(org.supervisor)
    url = f"/peers/assessments/{aid}/candidates"

    by_name = client.get(f"{url}?q=siti", htmx=True).get_data(as_text=True)
    by_nip = client.get(f"{url}?q=19700315", htmx=True).get_data(as_text=True)
    everyone = client.get(f"{url}?q=a", htmx=True).get_data(as_text=True)
    anyone = client.get(f"{url}?q=an", htmx=True).get_data(as_text=True)

    assert by_name.lstrip().startswith('<fieldset id="peer-candidates"')
    assert f'value="{org.peer.employee_id}"' in by_name and "Hendra" not in by_name
    assert "Drs. Hendra Saputra" in by_nip
    assert "Ketik minimal 2 huruf" in everyone and "reviewer_ids" not in everyone
    # Never the assessed employee, the assessor or another agency's staff.
    assert "Andi Pratama" not in anyone and "Rahmawati" not in anyone
    assert "Budi Hartono" not in client.get(f"{url}?q=budi", htmx=True).get_data(as_text=True)


def test_the_search_keeps_the_ticked_colleagues_and_leaves_out_those_asked(org, login_as):
    aid = asked(org, org.head)
    client = login_as(org.supervisor)

    html = client.get(f"/peers/assessments/{aid}/candidates?q=rekan&period_no=0"
                      f"&reviewer_ids={org.peer.employee_id}", htmx=True).get_data(as_text=True)
    hendra = client.get(f"/peers/assessments/{aid}/candidates?q=hendra&period_no=0",
                        htmx=True).get_data(as_text=True)

    assert f'value="{org.peer.employee_id}" checked' in html  # kept, though not matching
    assert "Hendra" not in hendra  # already asked for this period
    assert "belum diminta" in hendra


def test_the_search_shows_a_limited_number_of_matches(org, login_as):
    colleagues(org, service.SEARCH_LIMIT + 2)
    aid = advance(org, "targets_approved")

    html = login_as(org.supervisor).get(f"/peers/assessments/{aid}/candidates?q=rekan%20uji",
                                        htmx=True).get_data(as_text=True)

    assert html.count('name="reviewer_ids"') == service.SEARCH_LIMIT
    assert f"Hanya {service.SEARCH_LIMIT} pegawai pertama yang ditampilkan" in html


@pytest.mark.parametrize("who, status", [("outsider", 403), ("committee", 403), ("peer", 403)])
def test_only_the_parties_may_search(org, login_as, who, status):
    aid = advance(org, "targets_approved")

    response = login_as(getattr(org, who)).get(f"/peers/assessments/{aid}/candidates?q=siti",
                                               htmx=True)

    assert response.status_code == status
    assert "Siti" not in response.get_data(as_text=True)


# --- the employee's proposals ------------------------------------------------------------------

def test_the_employees_proposal_needs_the_supervisors_approval(org, login_as):
    aid = advance(org, "targets_approved")
    employee, supervisor, peer = login_as(org.asn), login_as(org.supervisor), login_as(org.peer)

    response = ask(employee, aid, org.peer, kind="proposals")

    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Usulan 1 rekan dikirim kepada pejabat penilai untuk disetujui." in html
    assert "Usulan Anda yang menunggu persetujuan pejabat penilai" in html
    review = review_of(aid, org.peer)
    assert review.approved_by_id is None and review.requested_by_id == org.asn.user_id
    [note] = notifications_of(org.supervisor, "peer_proposed")
    assert note.params["reviewer"] == "Siti Nurhaliza"
    assert notifications_of(org.peer, "peer_asked") == []
    # Not asked yet: the colleague neither sees it nor may answer it.
    assert f"/peers/{review.id}" not in peer.get("/peers/").get_data(as_text=True)
    refused = answer_as(peer, review.id)
    assert refused.status_code == 409
    assert "masih menunggu persetujuan pejabat penilai" in refused.get_data(as_text=True)

    approved = supervisor.post(f"/peers/proposals/{review.id}", {"decision": "approve"})

    assert approved.status_code == 200
    assert "Usulan disetujui: Siti Nurhaliza diminta memberi umpan balik." in approved.get_data(
        as_text=True)
    assert review_of(aid, org.peer).approved_by_id == org.supervisor.user_id
    assert len(notifications_of(org.peer, "peer_asked")) == 1
    assert len(notifications_of(org.asn, "peer_proposal_approved")) == 1
    assert answer_as(peer, review.id).status_code == 303


def test_the_supervisor_declines_a_proposal_and_the_employee_is_told(org, login_as):
    aid = advance(org, "targets_approved")
    ask(login_as(org.asn), aid, org.peer, kind="proposals")
    review = review_of(aid, org.peer)

    response = login_as(org.supervisor).post(f"/peers/proposals/{review.id}",
                                             {"decision": "decline"})

    assert response.status_code == 200
    assert "Usulan Siti Nurhaliza ditolak; pegawai diberi tahu." in response.get_data(as_text=True)
    assert reviews_of(aid) == 0
    [note] = notifications_of(org.asn, "peer_proposal_declined")
    assert note.params["reviewer"] == "Siti Nurhaliza"
    assert notifications_of(org.peer, "peer_asked") == []


def test_only_the_supervisor_decides_a_proposal_and_only_once(org, login_as):
    aid = advance(org, "targets_approved")
    ask(login_as(org.asn), aid, org.peer, kind="proposals")
    review = review_of(aid, org.peer)
    url = f"/peers/proposals/{review.id}"

    own = login_as(org.asn).post(url, {"decision": "approve"})
    outsider = login_as(org.outsider).post(url, {"decision": "approve"})
    supervisor = login_as(org.supervisor)
    first = supervisor.post(url, {"decision": "approve"})
    second = supervisor.post(url, {"decision": "decline"})

    assert (own.status_code, outsider.status_code) == (403, 403)
    assert (first.status_code, second.status_code) == (200, 409)
    assert "Usulan ini sudah diputus." in second.get_data(as_text=True)
    assert review_of(aid, org.peer).approved_by_id == org.supervisor.user_id


# --- answering --------------------------------------------------------------------------------

def test_the_colleague_answers_once_and_the_answer_is_stored(org, login_as):
    aid = asked(org, org.peer)
    review = review_of(aid, org.peer)
    peer = login_as(org.peer)

    listing = peer.get("/peers/").get_data(as_text=True)
    form = peer.get(f"/peers/{review.id}").get_data(as_text=True)
    response = answer_as(peer, review.id, comment=f"  {COMMENT} ")

    assert 'data-group="open"' in listing and "Andi Pratama" in listing
    assert all(f'name="score_{code}"' in form for code in CODES)
    assert "Di atas ekspektasi" in form
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/peers/")
    stored = review_of(aid, org.peer)
    assert stored.answered_at is not None and stored.comment == COMMENT
    assert {s.value_code: s.score for s in stored.scores} == {c: 2 for c in CODES}
    after = peer.get("/peers/").get_data(as_text=True)
    assert 'data-group="answered"' in after and 'data-group="open"' not in after


def test_answering_twice_is_refused_and_nothing_changes(org, login_as):
    aid = asked(org, org.peer)
    review = review_of(aid, org.peer)
    peer = login_as(org.peer)
    answer_as(peer, review.id, score=3)

    response = answer_as(peer, review.id, score=1, comment="Saya ubah pendapat saya.")

    html = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Anda sudah memberi umpan balik ini; jawaban tidak dapat diubah." in html
    stored = review_of(aid, org.peer)
    assert {s.score for s in stored.scores} == {3}
    assert stored.comment == COMMENT
    assert db.session.scalar(sa.select(sa.func.count()).select_from(PeerScore)) == len(CODES)


def test_an_answer_after_the_deadline_is_refused_naming_the_deadline(org, login_as):
    aid = asked(org, org.peer)
    review = review_of(aid, org.peer)
    yesterday = service.today() - dt.timedelta(days=1)
    db.session.execute(sa.update(PeerReview).where(PeerReview.id == review.id)
                       .values(deadline=yesterday))
    db.session.commit()
    peer = login_as(org.peer)

    response = answer_as(peer, review.id)

    assert response.status_code == 409
    said = format_date(yesterday, "long", locale="id")
    assert (f"Batas waktu umpan balik ini telah lewat ({said})"
            in response.get_data(as_text=True))
    assert review_of(aid, org.peer).answered_at is None
    assert 'data-group="expired"' in peer.get("/peers/").get_data(as_text=True)


def test_an_answer_after_the_rating_is_refused(org, login_as):
    aid = asked(org, org.peer)
    review = review_of(aid, org.peer)
    set_state(aid, "reviewed")

    response = answer_as(login_as(org.peer), review.id)

    assert response.status_code == 409
    assert review_of(aid, org.peer).answered_at is None


@pytest.mark.parametrize("who", ["head", "asn", "supervisor", "outsider"])
def test_someone_not_asked_cannot_see_or_answer_the_request(org, login_as, who):
    aid = asked(org, org.peer)
    review = review_of(aid, org.peer)
    client = login_as(getattr(org, who))

    seen = client.get(f"/peers/{review.id}")
    answered_ = answer_as(client, review.id)

    assert (seen.status_code, answered_.status_code) == (403, 403)
    assert "Anda tidak diminta memberi umpan balik ini." in answered_.get_data(as_text=True)
    assert review_of(aid, org.peer).answered_at is None


def test_an_incomplete_answer_is_refused_with_what_was_typed_kept(org, login_as):
    aid = asked(org, org.peer)
    review = review_of(aid, org.peer)
    data = {**scores(3), "comment": COMMENT}
    del data["score_loyal"]

    response = login_as(org.peer).post(f"/peers/{review.id}", data, htmx=False)

    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Pilih penilaian untuk nilai ini." in html
    assert COMMENT in html
    assert len(re.findall(r'<input checked [^>]*value="3"', html)) == len(CODES) - 1
    assert review_of(aid, org.peer).answered_at is None


def test_answering_requires_the_csrf_token(org, login_as):
    aid = asked(org, org.peer)
    review = review_of(aid, org.peer)

    response = answer_as(login_as(org.peer), review.id, csrf=False)

    assert response.status_code == 400
    assert review_of(aid, org.peer).answered_at is None


def test_an_unknown_request_is_not_found(org, login_as):
    assert login_as(org.peer).get("/peers/999").status_code == 404


# --- the aggregate on the assessment page -----------------------------------------------------

def test_the_employee_sees_the_aggregate_once_everyone_asked_has_answered(org, login_as):
    others = colleagues(org, 2)
    aid = asked(org, org.peer, org.head, *others)
    answered(org, aid, org.peer, org.head)
    employee = login_as(org.asn)

    below = page(employee, aid)

    assert "2 dari 4 rekan telah menjawab." in below
    assert 'data-round="open"' in below
    assert 'class="peer-aggregate"' not in below
    assert "Catatan" not in below

    answered(org, aid, *others)
    closed = page(employee, aid)

    assert "4 dari 4 rekan telah menjawab." in closed
    assert 'class="peer-aggregate"' in closed
    assert "Ringkasan 4 jawaban rekan, tanpa nama" in closed
    assert f"Catatan {org.peer.login}" in closed  # the comments, without their authors
    for name in ("Siti Nurhaliza", "Drs. Hendra Saputra", "Rekan Uji 1", "Rekan Uji 2"):
        assert name not in closed


@pytest.mark.parametrize("who", ["asn", "supervisor", "head"])
def test_nothing_is_shown_before_the_round_closes_even_above_the_threshold(org, login_as, who,
                                                                          tmp_path):
    from tests.http.test_documents import pdf_text
    others = colleagues(org, 3)
    aid = asked(org, org.peer, *others, state="self_assessed")
    answered(org, aid, *others, score=3)  # three of four: the threshold, but one may still answer
    client = login_as(getattr(org, who))

    html = page(client, aid)
    document = pdf_text(client.get(f"/documents/assessments/{aid}/evaluasi.pdf").data, tmp_path)

    assert "3 dari 4 rekan telah menjawab." in html
    assert 'class="peer-aggregate"' not in html and 'data-round="open"' in html
    assert "Di atas ekspektasi" not in html and "Catatan" not in html
    assert "ringkasan dicantumkan setelah putaran umpan balik ditutup" in document
    assert "Di atas ekspektasi" not in document
    assert service.published_round(fresh(aid)).aggregate is None


def test_the_aggregate_is_published_when_the_deadline_passes(org, login_as, monkeypatch):
    others = colleagues(org, 3)
    aid = asked(org, org.peer, *others)
    answered(org, aid, *others, score=3)
    later = soon(8)  # the deadline was soon(7)
    monkeypatch.setattr(service, "today", lambda: later)

    html = page(login_as(org.asn), aid)

    assert 'class="peer-aggregate"' in html
    assert "Ringkasan 3 jawaban rekan" in html
    assert "Di atas ekspektasi" in html


def test_a_late_answer_after_the_close_is_refused_and_the_aggregate_does_not_move(
        org, login_as, monkeypatch):
    others = colleagues(org, 3)
    aid = asked(org, org.peer, *others)
    answered(org, aid, *others, score=3)
    later = soon(8)
    monkeypatch.setattr(service, "today", lambda: later)
    before = service.published_round(fresh(aid)).aggregate

    response = answer_as(login_as(org.peer), review_of(aid, org.peer).id, score=1)

    assert response.status_code == 409
    assert review_of(aid, org.peer).answered_at is None
    assert service.published_round(fresh(aid)).aggregate == before
    assert before.answers == 3


def test_no_colleague_joins_a_closed_round_once_it_was_answered(org, login_as):
    others = colleagues(org, 3)
    aid = asked(org, *others)
    answered(org, aid, *others)  # everyone asked answered: the aggregate is out
    supervisor = login_as(org.supervisor)

    html = page(supervisor, aid)
    response = ask(supervisor, aid, org.peer)

    assert 'data-round="final"' in html and 'id="peer-search"' not in html
    assert response.status_code == 409
    assert "Putaran umpan balik rekan periode ini sudah ditutup" in response.get_data(as_text=True)
    assert review_of(aid, org.peer) is None
    assert service.published_round(fresh(aid)).aggregate.answers == 3


def test_a_proposal_cannot_be_approved_into_a_closed_round(org, login_as):
    others = colleagues(org, 3)
    aid = asked(org, *others)
    assert ask(login_as(org.asn), aid, org.peer, kind="proposals").status_code == 200
    answered(org, aid, *others)
    proposal = review_of(aid, org.peer)

    response = login_as(org.supervisor).post(f"/peers/proposals/{proposal.id}",
                                             {"decision": "approve"})

    assert response.status_code == 409
    assert review_of(aid, org.peer).approved_by_id is None


def test_a_round_that_expired_unanswered_may_ask_again(org, login_as, monkeypatch):
    aid = asked(org, org.head)
    later, deadline = soon(8), soon(15)
    monkeypatch.setattr(service, "today", lambda: later)

    response = ask(login_as(org.supervisor), aid, org.peer, deadline=deadline)

    assert response.status_code == 200
    assert review_of(aid, org.peer).approved_by_id is not None


def test_the_threshold_is_the_periods_setting(org, login_as):
    aid = asked(org, org.peer)
    answered(org, aid, org.peer)
    db.session.execute(sa.update(Period).values(peer_anonymity_threshold=1))
    db.session.commit()

    assert 'class="peer-aggregate"' in page(login_as(org.asn), aid)


def test_the_supervisor_sees_who_answered_but_no_aggregate_below_the_threshold(org, login_as):
    aid = asked(org, org.peer, org.head)
    answered(org, aid, org.peer, score=3)

    html = page(login_as(org.supervisor), aid)

    assert "1 dari 2 rekan telah menjawab." in html
    assert html.count('data-peer-status="answered"') == 1
    assert html.count('data-peer-status="asked"') == 1
    assert "Siti Nurhaliza" in html and "Drs. Hendra Saputra" in html
    # The lone answer would be Siti's own, under her name: neither scores nor comment are shown.
    assert 'class="peer-aggregate"' not in html
    assert "Di atas ekspektasi" not in html and f"Catatan {org.peer.login}" not in html
    assert 'data-round="open"' in html


def test_the_supervisor_sees_the_aggregate_from_the_threshold(org, login_as):
    others = colleagues(org, 2)
    aid = asked(org, org.peer, *others)
    answered(org, aid, org.peer, *others, score=3)

    html = page(login_as(org.supervisor), aid)

    assert 'class="peer-aggregate"' in html
    assert "Ringkasan 3 jawaban rekan" in html
    assert "Di atas ekspektasi" in html
    assert html.count('data-peer-status="answered"') == 3


@pytest.mark.parametrize("who", ["committee", "head"])
def test_other_readers_see_the_aggregate_without_names(org, login_as, who):
    others = colleagues(org, 2)
    aid = asked(org, org.peer, *others, state="self_assessed")
    answered(org, aid, org.peer, *others)

    html = page(login_as(getattr(org, who)), aid)

    assert 'class="peer-aggregate"' in html
    assert "Siti Nurhaliza" not in html and "Rekan Uji" not in html
    assert 'id="peer-search"' not in html  # nothing to ask or propose


@pytest.mark.parametrize("who", ["committee", "head"])
def test_other_readers_see_no_aggregate_below_the_threshold(org, login_as, who):
    aid = asked(org, org.peer, state="self_assessed")
    answered(org, aid, org.peer)

    html = page(login_as(getattr(org, who)), aid)

    assert 'class="peer-aggregate"' not in html
    assert f"Catatan {org.peer.login}" not in html


def test_an_outsider_sees_no_peer_feedback(org, login_as):
    aid = asked(org, org.peer)
    answered(org, aid, org.peer)

    response = login_as(org.outsider).get(f"/assessments/{aid}?p=0")

    assert response.status_code == 403
    assert "Catatan" not in response.get_data(as_text=True)


def test_the_panel_needs_as_many_queries_for_many_answers_as_for_one(org, login_as):
    many = colleagues(org, 5)
    one_aid = asked(org, org.head)
    answered(org, one_aid, org.head)
    peer_aid = advance(org, "targets_approved", employee="peer")
    service.request_peers(fresh(peer_aid), actor(org.supervisor),
                          reviewer_ids=[p.employee_id for p in many], period_no=0,
                          deadline=soon())
    for persona in many:
        service.answer(review_of(peer_aid, persona), fresh(peer_aid), actor(persona),
                       scores={c: 2 for c in CODES}, comment="Baik")
    db.session.execute(sa.update(Period).values(peer_anonymity_threshold=1))  # both published
    db.session.commit()
    client = login_as(org.supervisor)
    page(client, one_aid)  # warm up

    counts = []
    for aid in (one_aid, peer_aid):
        db.session.remove()
        with counting_queries() as statements:
            page(client, aid)
        counts.append(len(statements))

    assert counts[0] == counts[1]


# --- the setting -------------------------------------------------------------------------------

def test_the_admin_sets_the_anonymity_threshold(org, login_as):
    admin = login_as(org.admin)
    url = f"/admin/periods/{org.period_id}/peer-threshold"

    done = admin.post(url, {"peer_anonymity_threshold": "5"}, htmx=False)
    refused = admin.post(url, {"peer_anonymity_threshold": "25"}, htmx=False)

    assert done.status_code == 302
    assert refused.status_code == 422
    html = refused.get_data(as_text=True)
    assert "Isi bilangan 1 sampai 20." in html
    assert 'value="25"' in html
    db.session.expire_all()
    assert db.session.get(Period, org.period_id).peer_anonymity_threshold == 5
    assert login_as(org.asn).post(url, {"peer_anonymity_threshold": "1"},
                                  htmx=False).status_code == 403


# --- the Dokumen Evaluasi ---------------------------------------------------------------------

@pytest.mark.parametrize("count", [2, 3])
def test_the_evaluation_document_carries_the_aggregate_only_from_the_threshold(
        org, login_as, tmp_path, count):
    from tests.http.test_documents import pdf_text
    peers = colleagues(org, count)
    aid = asked(org, *peers, state="self_assessed")
    answered(org, aid, *peers, score=3)

    response = login_as(org.asn).get(f"/documents/assessments/{aid}/evaluasi.pdf")

    assert response.status_code == 200
    text = pdf_text(response.data, tmp_path)
    assert "UMPAN BALIK REKAN KERJA" in text
    assert "Rekan Uji" not in text and "Catatan" not in text  # never names nor comments
    if count < 3:
        assert ("2 rekan kerja telah menjawab; ringkasan dicantumkan mulai 3 jawaban") in text
        assert "Di atas ekspektasi" not in text
    else:
        assert "Dari 3 rekan kerja, tanpa nama." in text
        assert "1 Berorientasi Pelayanan 3 Di atas ekspektasi" in text


def test_the_colleagues_notification_leads_to_the_peer_page_not_the_assessment(org, login_as):
    asked(org, org.peer)

    html = login_as(org.peer).get("/notifications/").get_data(as_text=True)

    assert "Permintaan umpan balik rekan" in html
    assert '<a href="/peers/">Buka halaman</a>' in html
    assert "Buka penilaian" not in html
