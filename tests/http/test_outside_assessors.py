"""Assessors outside the portal (issue 11): the BKD admin records, from the signed paper, each
decision of the official who assesses a post at the top of the tree (the Governor for the
Sekretaris Daerah; here the test organisation's Kepala Dinas, whose post has no superior), through
the workflow's own transitions, and the audit names the official. Admins only, and only there."""
from __future__ import annotations

import io
from pathlib import Path

import pytest
import sqlalchemy as sa

from portal.extensions import db
from portal.models import Assessment, AuditEvent, OutsideDecision
from portal.services.review import assessments as service
from portal.services.review import outside
from tests.conftest import fill_targets
from tests.http.helpers import _prepare, actor, advance, stored

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
GOVERNOR = {"official_name": "Dr. H. Al Haris, S.Sos., M.H.", "official_title": "Gubernur Jambi",
            "signed_on": "2026-01-20"}
RATINGS = {"rating_hasil_kerja": "above", "hasil_kerja_note": "Target daerah terlampaui.",
           "rating_perilaku": "meets", "perilaku_note": "Sesuai ekspektasi Gubernur."}


@pytest.fixture(autouse=True)
def _scans_in_tmp(app, tmp_path, monkeypatch):
    """Scans are kept with the evidence files: here in the test's own folder."""
    monkeypatch.setitem(app.config, "EVIDENCE_DIR", str(tmp_path / "evidence"))


def _form(step: str, version: int, scan=(PDF, "keputusan.pdf"), **more) -> dict:
    data = {"step": step, "version": str(version), **GOVERNOR, **more}
    if scan is not None:
        data["scan"] = (io.BytesIO(scan[0]), scan[1])
    return data


def _head_submitted(org) -> int:
    """The head's SKP drafted and submitted by the head (their post has no superior)."""
    assessment_id = org.assessment_id(org.head)
    fill_targets(assessment_id)
    a = service.load(assessment_id)
    service.perform(a, "submit_targets", actor(org.head), version=a.version)
    return assessment_id


def _record(client, assessment_id: int, step: str, **more):
    version = stored(assessment_id).version
    return client.post(f"/admin/outside/{assessment_id}", data=_form(step, version, **more),
                       htmx=False)


def test_the_admin_takes_the_heads_skp_through_every_outside_step_end_to_end(org, login_as,
                                                                              app):
    assessment_id = _head_submitted(org)
    admin = login_as(org.admin)
    listing = admin.get("/admin/outside").get_data(as_text=True)
    assert "Drs. Hendra Saputra" in listing and "Andi Pratama" not in listing

    response = _record(admin, assessment_id, "approve_targets")
    assert response.status_code == 303, response.get_data(as_text=True)
    assert stored(assessment_id).state == "targets_approved"

    response = _record(admin, assessment_id, "periodic_rating", period_no="1", **RATINGS)
    assert response.status_code == 303, response.get_data(as_text=True)

    db.session.expire_all()
    _prepare(service.load(assessment_id), org)  # the head records the annual realisations
    a = service.load(assessment_id)
    service.perform(a, "submit_self_assessment", actor(org.head), version=a.version)

    response = _record(admin, assessment_id, "submit_review", **RATINGS)
    assert response.status_code == 303, response.get_data(as_text=True)
    after = stored(assessment_id)
    assert after.state == "reviewed" and after.ratings[:2] == ("above", "meets")

    db.session.expire_all()
    a = service.load(assessment_id)
    service.perform(a, "calibrate", actor(org.committee), version=a.version)
    response = _record(admin, assessment_id, "approve")
    assert response.status_code == 303, response.get_data(as_text=True)
    assert stored(assessment_id).state == "approved"

    decisions = db.session.scalars(sa.select(OutsideDecision).where(
        OutsideDecision.assessment_id == assessment_id).order_by(OutsideDecision.id)).all()
    assert [d.step for d in decisions] == ["approve_targets", "periodic_rating",
                                           "submit_review", "approve"]
    assert all(d.official_title == "Gubernur Jambi" and d.audit_event_id for d in decisions)
    evidence_dir = Path(app.config["EVIDENCE_DIR"])
    assert all((evidence_dir / d.scan_stored_name).read_bytes() == PDF for d in decisions)
    events = {e.trigger: e for e in db.session.scalars(sa.select(AuditEvent).where(
        AuditEvent.assessment_id == assessment_id))}
    for trigger in ("approve_targets", "periodic_rating", "submit_review", "approve"):
        assert events[trigger].actor_id == org.admin.user_id
        assert events[trigger].reason.startswith(
            "Atas nama Dr. H. Al Haris, S.Sos., M.H. (Gubernur Jambi), dokumen bertanggal "
            "20 Januari 2026")
    page = admin.get(f"/assessments/{assessment_id}/history").get_data(as_text=True)
    assert "Atas nama Dr. H. Al Haris" in page  # the history shows whose decision it was
    scan = admin.get(f"/admin/outside/decisions/{decisions[0].id}/scan")
    assert scan.status_code == 200 and scan.data == PDF


def test_an_ordinary_assessment_cannot_be_acted_on_this_way(org, login_as, app):
    assessment_id = advance(org, "targets_submitted")
    before = stored(assessment_id)
    response = _record(login_as(org.admin), assessment_id, "approve_targets")
    assert response.status_code == 403
    assert stored(assessment_id) == before
    assert db.session.scalar(sa.select(sa.func.count()).select_from(OutsideDecision)) == 0
    evidence_dir = Path(app.config["EVIDENCE_DIR"])
    assert not evidence_dir.exists() or not any(evidence_dir.iterdir())


def test_the_admins_ordinary_pages_offer_no_outside_step(org):
    assessment_id = _head_submitted(org)
    offered = [o.trigger for o in service.allowed_offers(service.load(assessment_id),
                                                         actor(org.admin))]
    assert "approve_targets" not in offered  # only the recording path, with its paper, may


def test_non_admins_are_refused(org, login_as):
    assessment_id = _head_submitted(org)
    for persona in (org.head, org.supervisor, org.committee):
        client = login_as(persona)
        assert client.get("/admin/outside").status_code == 403
        assert client.get(f"/admin/outside/{assessment_id}").status_code == 403
        assert _record(client, assessment_id, "approve_targets").status_code == 403
    assert stored(assessment_id).state == "targets_submitted"


def test_the_service_refuses_a_non_admin_even_with_the_flag(org):
    assessment_id = _head_submitted(org)
    a = service.load(assessment_id)
    try:
        outside.record(a, outside.proxy(actor(org.supervisor)), version=a.version,
                       step="approve_targets", note="", scan_filename="k.pdf",
                       scan=io.BytesIO(PDF), signed_on=None, official_name="x",
                       official_title="y")
    except outside.NotAllowed as refusal:
        assert refusal.message == "admin_only"
    else:
        raise AssertionError("a non-admin recorded an outside decision")
    assert stored(assessment_id).state == "targets_submitted"


def test_it_refuses_a_missing_or_wrong_scan_and_keeps_what_was_typed(org, login_as, app):
    assessment_id = _head_submitted(org)
    admin = login_as(org.admin)
    response = _record(admin, assessment_id, "approve_targets", scan=None)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Pilih berkas" in page and 'value="Dr. H. Al Haris, S.Sos., M.H."' in page
    response = _record(admin, assessment_id, "approve_targets",
                       scan=(b"PK\x03\x04" + b"\x00" * 40, "keputusan.pdf"))
    assert response.status_code == 422
    response = _record(admin, assessment_id, "return_targets")
    assert response.status_code == 422 and "Alasan wajib diisi" in response.get_data(as_text=True)
    assert stored(assessment_id).state == "targets_submitted"
    assert db.session.scalar(sa.select(sa.func.count()).select_from(OutsideDecision)) == 0
    evidence_dir = Path(app.config["EVIDENCE_DIR"])
    assert not evidence_dir.exists() or not any(evidence_dir.iterdir())


def test_it_refuses_a_paper_dated_in_the_future(org, login_as):
    assessment_id = _head_submitted(org)
    response = _record(login_as(org.admin), assessment_id, "approve_targets",
                       signed_on="2999-01-01")
    assert response.status_code == 422
    assert "setelah hari ini" in response.get_data(as_text=True)
    assert stored(assessment_id).state == "targets_submitted"


def test_the_list_takes_the_same_statements_however_many_it_lists(org, login_as):
    from portal.models import Employee, Position
    from tests.http.helpers import counting_queries

    admin = login_as(org.admin)
    with counting_queries() as few:
        first = admin.get("/admin/outside").get_data(as_text=True)
    for persona in (org.asn, org.peer):  # two more posts at the top of the tree (test set-up)
        employee = db.session.get(Employee, persona.employee_id)
        db.session.get(Position, employee.position_id).parent_id = None
        db.session.execute(sa.update(Assessment).where(
            Assessment.employee_id == persona.employee_id).values(assessor_id=None))
    db.session.commit()
    with counting_queries() as many:
        more = admin.get("/admin/outside").get_data(as_text=True)
    assert "Andi Pratama" not in first and "Andi Pratama" in more
    assert len(many) == len(few)


def test_recording_a_decision_needs_the_csrf_token(org, login_as):
    assessment_id = _head_submitted(org)
    version = stored(assessment_id).version
    response = login_as(org.admin).post(f"/admin/outside/{assessment_id}", csrf=False,
                                        htmx=False, data=_form("approve_targets", version))
    assert response.status_code == 400
    assert stored(assessment_id).state == "targets_submitted"
