"""Keberatan over HTTP: the 14-day clock, filing by the employee only, explanations by the
parties, the final decision by the atasan pejabat penilai kinerja, and the admin reopen.

In the test organisation the ASN is assessed by the supervisor (Kepala Bidang), whose own assessor
is the head (Kepala Dinas): the head decides the ASN's objection.
"""
from __future__ import annotations

import datetime as dt
import re

import pytest
import sqlalchemy as sa
from babel.dates import format_date

from portal import signals
from portal.extensions import db
from portal.models import Assessment, Objection, Position, RoleGrant
from portal.models.base import utcnow
from portal.services.review import assessments
from portal.services.review import objections as service
from portal.services.clock import JAMBI
from portal.services.errors import NotNow
from tests.http.helpers import actor, advance, audit_events, counting_queries, stored

JAKARTA = JAMBI

REASONS = "Realisasi saya melampaui target 20% dan didukung bukti, tetapi dinilai sesuai ekspektasi."
EVIDENCE = "Laporan tahunan: https://drive.example.go.id/laporan-2026.pdf"


def approved(org, days_ago: int = 0) -> int:
    """The ASN's assessment, approved (communicated) days_ago days ago in Asia/Jakarta."""
    aid = advance(org, "approved")
    db.session.execute(sa.update(Assessment).where(Assessment.id == aid)
                       .values(finalised_at=utcnow() - dt.timedelta(days=days_ago)))
    db.session.commit()
    return aid


def closing_date(days_ago: int) -> str:
    """The last day of the window, as the page writes it in Indonesian (12 Januari 2027)."""
    communicated = dt.datetime.now(JAKARTA).date() - dt.timedelta(days=days_ago)
    return format_date(communicated + dt.timedelta(days=14), "long", locale="id")


def file_as(client, aid: int, reasons: str = REASONS, evidence: str = EVIDENCE, **kwargs):
    return client.post(f"/objections/assessments/{aid}", {
        "version": stored(aid).version, "objection_reasons": reasons,
        "objection_evidence": evidence}, **kwargs)


def the_objection(aid: int) -> Objection | None:
    db.session.expire_all()
    return db.session.scalar(sa.select(Objection).where(Objection.assessment_id == aid))


def objections_of(aid: int) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Objection)
                             .where(Objection.assessment_id == aid))


def filed(org, login_as, days_ago: int = 3) -> tuple[int, Objection]:
    aid = approved(org, days_ago)
    assert file_as(login_as(org.asn), aid).status_code == 200
    return aid, the_objection(aid)


def decide_as(client, objection: Objection, decision: str = "changed", text: str | None = None,
              hasil_kerja: str = "above", perilaku: str = "above", **kwargs):
    data = {"objection_version": objection.version, "decision": decision,
            "decision_text": text if text is not None else
            "Bukti realisasi menunjukkan capaian di atas ekspektasi; rating hasil kerja diubah.",
            "decision_hasil_kerja": hasil_kerja, "decision_perilaku": perilaku}
    return client.post(f"/objections/{objection.id}/decision", data, **kwargs)


# --- the clock --------------------------------------------------------------------------------

@pytest.mark.parametrize("who", ["asn", "supervisor", "head", "committee"])
def test_it_shows_the_clock_to_everyone_who_can_view_the_approved_assessment(org, login_as, who):
    aid = approved(org, days_ago=9)
    html = login_as(getattr(org, who)).get(f"/assessments/{aid}").get_data(as_text=True)
    assert f"Keberatan dapat diajukan sampai {closing_date(9)} (sisa 5 hari)." in html
    assert ('action="/objections/assessments/' in html) is (who == "asn")


def test_it_says_when_the_window_has_closed(org, login_as):
    aid = approved(org, days_ago=15)
    html = login_as(org.asn).get(f"/assessments/{aid}").get_data(as_text=True)
    assert f"Masa keberatan telah berakhir pada {closing_date(15)}." in html
    assert 'action="/objections/assessments/' not in html  # no form to file


def test_it_shows_no_clock_before_approval(org, login_as):
    aid = advance(org, "calibrated")
    html = login_as(org.asn).get(f"/assessments/{aid}").get_data(as_text=True)
    assert "Keberatan dapat diajukan" not in html
    assert 'id="objection"' not in html


# --- filing -----------------------------------------------------------------------------------

def test_it_accepts_an_objection_filed_on_day_fourteen(org, login_as):
    aid = approved(org, days_ago=14)
    client = login_as(org.asn)
    page = client.get(f"/assessments/{aid}").get_data(as_text=True)
    assert "(hari ini hari terakhir)" in page
    assert ("Keberatan akan dikirim ke Drs. Hendra Saputra, atasan pejabat penilai kinerja, untuk "
            "diputus;") in page  # the confirmation before filing names the decider

    response = file_as(client, aid)

    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert response.headers["HX-Trigger"] == "assessment-changed"
    assert ("Keberatan diajukan. Drs. Hendra Saputra akan meminta keterangan atau langsung "
            "memutusnya;") in html
    assert 'data-objection-state="filed"' in html
    assert REASONS in html
    assert '<a href="https://drive.example.go.id/laporan-2026.pdf"' in html  # evidence linked
    objection = the_objection(aid)
    assert (objection.state, objection.reasons) == ("filed", REASONS)
    assert objection.decider_id == org.head.employee_id  # the supervisor's own assessor
    assert [(s.role, s.text) for s in objection.statements] == [("employee", EVIDENCE)]
    assert stored(aid).state == "approved"


def test_it_refuses_an_objection_on_day_fifteen_with_the_date_the_window_closed(org, login_as):
    aid = approved(org, days_ago=15)

    response = file_as(login_as(org.asn), aid)

    assert response.status_code == 409
    assert f"Masa keberatan berakhir pada {closing_date(15)}." in response.get_data(as_text=True)
    assert objections_of(aid) == 0


@pytest.mark.parametrize("days_ago, accepted", [(0, True), (14, True), (15, False)])
def test_the_service_counts_the_window_in_jambis_calendar(org, days_ago, accepted):
    aid = advance(org, "approved")
    a = service.assessments.load(aid)
    communicated = service.local(a.finalised_at).date()
    on = communicated + dt.timedelta(days=days_ago)
    if accepted:
        service.file(a, actor(org.asn), version=a.version, reasons=REASONS, on=on)
        assert objections_of(aid) == 1
    else:
        with pytest.raises(NotNow) as refused:
            service.file(a, actor(org.asn), version=a.version, reasons=REASONS, on=on)
        assert refused.value.message == "objection_window_closed"
        assert refused.value.details["closed_on"] == communicated + dt.timedelta(days=14)


def test_day_zero_is_the_date_in_jakarta_not_in_utc(org):
    aid = advance(org, "approved")
    # 20:00 UTC on 1 January is already 2 January in Jambi (UTC+7): the window ends 16 January.
    db.session.execute(sa.update(Assessment).where(Assessment.id == aid).values(
        finalised_at=dt.datetime(2027, 1, 1, 20, 0, tzinfo=dt.timezone.utc)))
    db.session.commit()
    a = service.assessments.load(aid)
    assert service.clock(a, dt.date(2027, 1, 16)).closes == dt.date(2027, 1, 16)
    service.file(a, actor(org.asn), version=a.version, reasons=REASONS, on=dt.date(2027, 1, 16))
    assert objections_of(aid) == 1


@pytest.mark.parametrize("who", ["supervisor", "head", "committee", "admin", "peer", "outsider"])
def test_only_the_employee_can_file(org, login_as, who):
    aid = approved(org, days_ago=1)

    response = file_as(login_as(getattr(org, who)), aid)

    assert response.status_code == 403
    assert objections_of(aid) == 0


def test_it_refuses_an_objection_before_the_result_is_final(org, login_as):
    aid = advance(org, "calibrated")

    response = file_as(login_as(org.asn), aid)

    assert response.status_code == 409
    assert "telah disetujui" in response.get_data(as_text=True)
    assert objections_of(aid) == 0


def test_it_refuses_an_objection_without_reasons_and_keeps_the_evidence_typed(org, login_as):
    aid = approved(org)

    response = file_as(login_as(org.asn), aid, reasons="   ")

    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Alasan keberatan wajib diisi." in html
    assert EVIDENCE in html
    assert objections_of(aid) == 0


def test_it_refuses_a_second_objection_to_the_same_result(org, login_as):
    aid, _ = filed(org, login_as)

    response = file_as(login_as(org.asn), aid, reasons="Satu lagi.")

    assert response.status_code == 409
    assert "sudah diajukan" in response.get_data(as_text=True)
    assert objections_of(aid) == 1


def test_it_refuses_when_the_assessor_has_no_assessor_and_says_whom_to_contact(org, login_as):
    aid = approved(org)
    supervisor_post = db.session.scalar(sa.select(Position).where(
        Position.title.like("Kepala Bidang%")))
    supervisor_post.parent_id = None  # the head's post is no longer above the supervisor's
    db.session.commit()

    response = file_as(login_as(org.asn), aid)

    assert response.status_code == 409
    assert "Hubungi admin BKD" in response.get_data(as_text=True)
    assert objections_of(aid) == 0


def test_a_plain_form_post_files_and_redirects_to_the_assessment(org, login_as):
    aid = approved(org)

    response = file_as(login_as(org.asn), aid, htmx=False)

    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/assessments/{aid}")
    assert objections_of(aid) == 1


def test_it_refuses_a_post_without_the_csrf_token(org, login_as):
    aid = approved(org)
    assert file_as(login_as(org.asn), aid, csrf=False).status_code == 400
    assert objections_of(aid) == 0


# --- explanations -----------------------------------------------------------------------------

def test_the_decider_asks_for_explanations(org, login_as):
    aid, objection = filed(org, login_as)

    response = login_as(org.head).post(f"/objections/{objection.id}/explanations", {
        "objection_version": objection.version,
        "request_text": "Mohon pejabat penilai menjelaskan dasar rating hasil kerja."})

    assert response.status_code == 200
    assert response.headers["HX-Trigger"] == "assessment-changed"
    assert 'data-objection-state="explaining"' in response.get_data(as_text=True)
    objection = the_objection(aid)
    assert objection.state == "explaining"
    assert [s.role for s in objection.statements] == ["employee", "decider"]


@pytest.mark.parametrize("who, status", [
    ("asn", 403), ("supervisor", 403), ("committee", 403), ("admin", 403), ("outsider", 403),
    ("peer", 403),
])
def test_only_the_atasan_pejabat_penilai_asks_for_explanations(org, login_as, who, status):
    aid, objection = filed(org, login_as)

    response = login_as(getattr(org, who)).post(f"/objections/{objection.id}/explanations",
                                                {"objection_version": objection.version})

    assert response.status_code == status
    assert the_objection(aid).state == "filed"


@pytest.mark.parametrize("who, role, label", [
    ("asn", "employee", "Pegawai"),
    ("supervisor", "assessor", "Pejabat penilai"),
    ("head", "decider", "Atasan pejabat penilai"),
])
def test_each_party_can_explain_and_everyone_reads_it_with_their_role(org, login_as, who, role,
                                                                      label):
    aid, objection = filed(org, login_as)
    text = f"Keterangan dari {who}: rincian capaian dan bukti."

    response = login_as(getattr(org, who)).post(f"/objections/{objection.id}/statements",
                                                {"statement_text": text})

    assert response.status_code == 200
    assert [(s.role, s.text) for s in the_objection(aid).statements][-1] == (role, text)
    for reader in ("asn", "supervisor", "head"):
        html = login_as(getattr(org, reader)).get(f"/assessments/{aid}").get_data(as_text=True)
        assert f'<li data-role="{role}">\n        <p><strong>{label}</strong>' in html
        assert text in html


@pytest.mark.parametrize("who", ["committee", "admin", "peer", "outsider"])
def test_others_cannot_explain(org, login_as, who):
    aid, objection = filed(org, login_as)

    response = login_as(getattr(org, who)).post(f"/objections/{objection.id}/statements",
                                                {"statement_text": "Saya ikut menjelaskan."})

    assert response.status_code == 403
    assert len(the_objection(aid).statements) == 1  # the evidence filed with it


def test_it_refuses_an_empty_statement(org, login_as):
    aid, objection = filed(org, login_as)

    response = login_as(org.supervisor).post(f"/objections/{objection.id}/statements",
                                             {"statement_text": " "})

    assert response.status_code == 422
    assert len(the_objection(aid).statements) == 1


def test_the_assessor_and_the_employee_answer_after_the_request(org, login_as):
    aid, objection = filed(org, login_as)
    login_as(org.head).post(f"/objections/{objection.id}/explanations",
                            {"objection_version": objection.version})

    for who in ("supervisor", "asn"):
        response = login_as(getattr(org, who)).post(f"/objections/{objection.id}/statements",
                                                    {"statement_text": f"Jawaban {who}."})
        assert response.status_code == 200

    assert [s.role for s in the_objection(aid).statements] == ["employee", "assessor", "employee"]


# --- the decision -----------------------------------------------------------------------------

def test_a_changed_decision_updates_ratings_and_predikat_keeps_the_before_and_is_audited(
        org, login_as):
    aid, objection = filed(org, login_as)
    assert stored(aid).ratings[:2] == ("meets", "meets")  # the supervisor's, as approved

    response = decide_as(login_as(org.head), objection)

    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Diputus: hasil penilaian diubah; keputusan final." in html
    assert "Sebelum keputusan: rating hasil kerja Sesuai Ekspektasi" in html
    after = stored(aid)
    assert (after.state, after.ratings[0], after.ratings[1], after.ratings[4]) == (
        "approved", "above", "above", "sangat_baik")
    objection = the_objection(aid)
    assert (objection.state, objection.decision) == ("decided", "changed")
    assert (objection.before_hasil_kerja, objection.before_perilaku) == ("meets", "meets")
    event = audit_events(aid)[-1]
    assert (event.trigger, event.from_state, event.to_state, event.actor_id) == (
        "decide_objection", "approved", "approved", org.head.user_id)
    assert event.reason == objection.decision_text


def test_an_upheld_decision_keeps_the_ratings(org, login_as):
    aid, objection = filed(org, login_as)
    before = stored(aid).ratings

    response = decide_as(login_as(org.head), objection, decision="upheld",
                         text="Rating sesuai bukti; hasil penilaian dikuatkan.")

    assert response.status_code == 200
    assert "Diputus: hasil penilaian dikuatkan; keputusan final." in response.get_data(as_text=True)
    assert stored(aid).ratings == before
    objection = the_objection(aid)
    assert (objection.decision, objection.before_hasil_kerja) == ("upheld", None)


@pytest.mark.parametrize("who", ["asn", "supervisor", "committee", "admin", "outsider"])
def test_only_the_atasan_pejabat_penilai_decides(org, login_as, who):
    aid, objection = filed(org, login_as)
    before = stored(aid)

    response = decide_as(login_as(getattr(org, who)), objection)

    assert response.status_code == 403
    assert the_objection(aid).state == "filed"
    assert stored(aid).ratings == before.ratings


@pytest.mark.parametrize("form, message", [
    ({"text": ""}, "Keputusan tertulis wajib diisi."),
    ({"decision": ""}, "Pilih keputusan."),
    ({"hasil_kerja": "meets", "perilaku": "meets"}, "Rating yang dipilih sama dengan rating"),
    ({"hasil_kerja": "excellent"}, "Pilih rating hasil kerja dan rating perilaku kerja."),
])
def test_it_refuses_an_incomplete_decision_and_keeps_what_was_typed(org, login_as, form, message):
    aid, objection = filed(org, login_as)
    data = {"decision": "changed", "text": "Alasan keputusan yang ditulis atasan.", **form}

    response = decide_as(login_as(org.head), objection, **data)

    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in html
    if data["text"]:
        assert data["text"] in html
    assert the_objection(aid).state == "filed"


def test_it_refuses_a_decision_made_on_a_stale_page(org, login_as):
    aid, objection = filed(org, login_as)
    login_as(org.supervisor).post(f"/objections/{objection.id}/statements",
                                  {"statement_text": "Penjelasan baru dari pejabat penilai."})

    response = decide_as(login_as(org.head), objection)  # the version before the statement

    html = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "baru saja diubah" in html
    assert "Penjelasan baru dari pejabat penilai." in html  # shown before deciding again
    assert f'name="objection_version" value="{the_objection(aid).version}"' in html
    assert the_objection(aid).state == "filed"


def test_nothing_changes_the_decision(org, login_as):
    aid, objection = filed(org, login_as)
    head, asn = login_as(org.head), login_as(org.asn)
    assert decide_as(head, objection).status_code == 200
    decided = the_objection(aid)
    after = stored(aid)

    attempts = [
        decide_as(head, decided, decision="upheld", text="Saya berubah pikiran."),
        head.post(f"/objections/{decided.id}/explanations",
                  {"objection_version": decided.version}),
        asn.post(f"/objections/{decided.id}/statements", {"statement_text": "Saya tidak puas."}),
        login_as(org.supervisor).post(f"/objections/{decided.id}/statements",
                                      {"statement_text": "Tambahan."}),
        file_as(asn, aid, reasons="Keberatan kedua."),
        login_as(org.supervisor).post(f"/assessments/{aid}/ratings", {
            "version": after.version, "rating_hasil_kerja": "meets", "rating_perilaku": "meets",
            "hasil_kerja_note": "x", "perilaku_note": "y"}),
    ]

    assert [r.status_code for r in attempts] == [409, 409, 409, 409, 409, 409]
    assert "sudah diputus" in attempts[0].get_data(as_text=True)
    assert objections_of(aid) == 1
    assert the_objection(aid).decision == "changed"
    assert stored(aid) == after


def test_an_admin_reopen_makes_the_assessment_editable_again(org, login_as):
    aid, objection = filed(org, login_as)
    decide_as(login_as(org.head), objection)
    admin = login_as(org.admin)

    response = admin.post(f"/assessments/{aid}/actions/reopen_to_reviewed", {
        "confirmed": "y",
        "version": stored(aid).version,
        "reason": "Keputusan keberatan perlu dikalibrasi ulang oleh tim penilai kinerja."})

    assert response.status_code == 200
    assert stored(aid).state == "reviewed"
    # The decided objection stays on record: a link on the step, the section on demand.
    assert f'href="/assessments/{aid}/sections/objection"' in response.get_data(as_text=True)
    assert (f'href="/assessments/{aid}/sections/objection"'
            in admin.get(f"/assessments/{aid}").get_data(as_text=True))
    html = admin.get(f"/assessments/{aid}/sections/objection", htmx=True).get_data(as_text=True)
    assert "sebelum penilaian ini dibuka kembali" in html
    recalibrated = login_as(org.committee).post(f"/assessments/{aid}/calibration", {
        "version": stored(aid).version, "rating_hasil_kerja": "meets",
        "rating_perilaku": "above", "reason": "Disesuaikan dengan sebaran unit."})
    assert recalibrated.status_code == 200
    assert stored(aid).ratings[:2] == ("meets", "above")


def test_whether_an_objection_was_filed_comes_with_the_page_statement_or_is_asked(org, login_as):
    aid, _ = filed(org, login_as)
    untouched = advance(org, "calibrated", employee="peer")
    db.session.expunge_all()

    with counting_queries() as queries:
        loaded = [assessments.load(aid, graph=False), assessments.load(untouched, graph=False)]
        answers = [service.exists(assessment) for assessment in loaded]
    assert [assessment.objected for assessment in loaded] == [True, False]
    assert answers == [True, False]
    assert len(queries) == 2  # the two loads: the answers came with them

    db.session.expunge_all()
    plain = [db.session.get(Assessment, aid), db.session.get(Assessment, untouched)]
    assert [assessment.objected for assessment in plain] == [None, None]
    assert [service.exists(assessment) for assessment in plain] == [True, False]


def test_a_pending_objection_cannot_be_decided_after_a_reopen(org, login_as):
    aid, objection = filed(org, login_as)
    login_as(org.admin).post(f"/assessments/{aid}/actions/reopen_to_calibrated", {
        "confirmed": "y",
        "version": stored(aid).version, "reason": "Data pegawai salah."})

    response = decide_as(login_as(org.head), the_objection(aid))

    assert response.status_code == 409
    assert "dibuka kembali" in response.get_data(as_text=True)
    assert the_objection(aid).state == "filed"


@pytest.mark.parametrize("who", ["asn", "supervisor", "head"])
def test_the_outcome_and_the_deadline_are_visible_to_all_parties(org, login_as, who):
    aid, objection = filed(org, login_as, days_ago=2)
    decide_as(login_as(org.head), objection)

    html = login_as(getattr(org, who)).get(f"/assessments/{aid}").get_data(as_text=True)

    assert "Diputus: hasil penilaian diubah; keputusan final." in html
    assert "<dt>Batas waktu pengajuan</dt><dd>" + closing_date(2) in html
    assert "Sangat Baik" in html  # the predikat after the decision
    assert 'action="/objections/' not in html  # no forms once decided


def test_the_decider_sees_the_forms_and_the_parties_their_own(org, login_as):
    aid, objection = filed(org, login_as)
    pages = {who: login_as(getattr(org, who)).get(f"/assessments/{aid}").get_data(as_text=True)
             for who in ("asn", "supervisor", "head", "committee")}

    assert f'action="/objections/{objection.id}/decision"' in pages["head"]
    assert f'action="/objections/{objection.id}/explanations"' in pages["head"]
    for who in ("asn", "supervisor", "committee"):
        assert f'action="/objections/{objection.id}/decision"' not in pages[who]
    for who in ("asn", "supervisor", "head"):
        assert f'action="/objections/{objection.id}/statements"' in pages[who]
    assert f'action="/objections/{objection.id}/statements"' not in pages["committee"]


def test_the_decision_is_confirmed_naming_who_is_told_and_the_result_says_so(org, login_as):
    aid, objection = filed(org, login_as)
    head = login_as(org.head)

    page = head.get(f"/assessments/{aid}").get_data(as_text=True)
    response = decide_as(head, objection)

    # The decide button only opens the confirmation; its own button submits the form.
    confirm = re.search(r'<details class="confirm" data-confirm="decide_objection">.*?</details>',
                        page, re.S).group(0)
    assert '<summary class="button primary" data-action="decide_objection">Putuskan</summary>' \
        in confirm
    assert ("Keputusan ini final dan tidak dapat diubah lagi; Andi Pratama dan Rahmawati, S.Sos "
            "akan diberi tahu lewat portal.") in confirm
    assert 'data-confirmed="decide_objection">Ya, putuskan keberatan</button>' in confirm
    assert response.status_code == 200
    assert ("Keberatan diputus. Keputusan ini final dan tercatat pada penilaian; Andi Pratama "
            "dan Rahmawati, S.Sos diberi tahu.") in response.get_data(as_text=True)
    assert the_objection(aid).state == "decided"


def test_it_sends_a_signal_after_each_committed_change(org, login_as):
    seen = []

    def record(sender, actor, event, **_):
        seen.append((event, sender.state, actor.user_id))

    with signals.objection_changed.connected_to(record):
        aid, objection = filed(org, login_as)
        login_as(org.head).post(f"/objections/{objection.id}/explanations",
                                {"objection_version": objection.version})
        login_as(org.supervisor).post(f"/objections/{objection.id}/statements",
                                      {"statement_text": "Penjelasan."})
        decide_as(login_as(org.head), the_objection(aid))
        decide_as(login_as(org.head), the_objection(aid))  # refused: no signal

    assert seen == [
        ("filed", "filed", org.asn.user_id),
        ("explanations_requested", "explaining", org.head.user_id),
        ("statement", "explaining", org.supervisor.user_id),
        ("decided", "decided", org.head.user_id),
    ]


def test_a_decider_without_a_role_in_the_agency_reads_and_decides(org, login_as):
    # Usually the atasan pejabat penilai is a Kepala Bidang, neither approver nor committee.
    aid, objection = filed(org, login_as)
    db.session.execute(sa.delete(RoleGrant).where(RoleGrant.user_id == org.head.user_id))
    db.session.commit()
    head = login_as(org.head)

    assert head.get(f"/assessments/{aid}").status_code == 200
    assert decide_as(head, objection).status_code == 200


def test_unknown_objections_are_not_found(org, login_as):
    assert login_as(org.head).post("/objections/999/statements",
                                   {"statement_text": "x"}).status_code == 404


# --- the list ---------------------------------------------------------------------------------

def test_it_lists_the_objections_waiting_for_the_decider(org, login_as):
    aid, objection = filed(org, login_as, days_ago=4)

    response = login_as(org.head).get("/objections/")

    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f'href="/assessments/{aid}#objection">Andi Pratama</a>' in html
    assert "menunggu Anda" in html
    assert closing_date(4) in html
    assert "Atasan pejabat penilai" in html


def test_it_lists_two_objections_in_as_many_queries_as_one(org, login_as):
    filed(org, login_as)
    head = login_as(org.head)
    head.get("/objections/")  # warm up: templates compiled

    def queries() -> tuple[int, str]:
        db.session.remove()
        with counting_queries() as statements:
            response = head.get("/objections/")
        return len(statements), response.get_data(as_text=True)

    one, _ = queries()
    peer_aid = advance(org, "approved", employee="peer")
    assert file_as(login_as(org.peer), peer_aid).status_code == 200
    two, html = queries()

    assert html.count("menunggu Anda") == 2
    assert "Siti Nurhaliza" in html
    assert two == one


@pytest.mark.parametrize("who, role", [("asn", "Pegawai"), ("supervisor", "Pejabat penilai")])
def test_it_lists_the_objection_to_the_employee_and_the_assessor(org, login_as, who, role):
    aid, _ = filed(org, login_as)

    html = login_as(getattr(org, who)).get("/objections/").get_data(as_text=True)

    assert f'href="/assessments/{aid}#objection"' in html
    assert f"<td>{role}</td>" in html
    assert "menunggu Anda" not in html


@pytest.mark.parametrize("who", ["outsider", "peer", "committee", "admin"])
def test_it_lists_nothing_to_those_not_involved(org, login_as, who):
    filed(org, login_as)

    response = login_as(getattr(org, who)).get("/objections/")

    assert response.status_code == 200
    assert "Tidak ada keberatan yang melibatkan Anda." in response.get_data(as_text=True)


def test_the_list_needs_a_login(org, app):
    response = app.test_client().get("/objections/")
    assert response.status_code == 302
    assert "/auth/login" in response.headers["Location"]
