"""Objections that are easy to find (issue 10, item 4): the Keberatan page lists the results the
employee may still object to, with the closing date; the home page of the decider, and of the
assessor and employee asked to explain, shows what waits for them."""
from __future__ import annotations

from portal.extensions import db
from tests.http.helpers import counting_queries
from tests.http.test_objections import approved, closing_date, file_as, filed, the_objection


def test_the_keberatan_page_lists_the_result_still_open_to_objection(org, login_as):
    aid = approved(org, days_ago=3)

    page = login_as(org.asn).get("/objections/").get_data(as_text=True)

    assert "Hasil penilaian yang dapat Anda ajukan keberatan" in page
    assert f'<tr data-assessment="{aid}">' in page
    assert closing_date(3) in page
    assert "sisa 11 hari" in page
    assert f'href="/assessments/{aid}#objection">Ajukan keberatan' in page


def test_a_closed_window_or_a_filed_objection_is_no_longer_listed(org, login_as):
    aid = approved(org, days_ago=15)
    client = login_as(org.asn)
    assert f'data-assessment="{aid}"' not in client.get("/objections/").get_data(as_text=True)

    aid, _ = filed(org, login_as, days_ago=0)

    page = client.get("/objections/").get_data(as_text=True)
    assert f'data-assessment="{aid}"' not in page
    assert "Tidak ada hasil penilaian Anda yang masih dapat diajukan keberatan." in page


def test_it_says_where_and_when_an_objection_is_filed_when_none_is_open(org, login_as):
    page = login_as(org.asn).get("/objections/").get_data(as_text=True)

    assert "dari halaman SKP Anda (bagian Keberatan)" in page
    assert "14 hari" in page


def test_the_employees_home_shows_the_closing_date(org, login_as):
    aid = approved(org, days_ago=2)

    home = login_as(org.asn).get("/").get_data(as_text=True)

    assert 'data-task="objection-file"' in home
    assert f'href="/assessments/{aid}#objection"' in home
    assert closing_date(2) in home


def test_the_deciders_home_shows_the_objection_waiting_for_him(org, login_as):
    aid, objection = filed(org, login_as)

    home = login_as(org.head).get("/").get_data(as_text=True)

    assert 'data-task="objection-decide"' in home
    assert "Putuskan keberatan Andi Pratama atas penilaian SKP 2026" in home
    assert f'href="/assessments/{aid}#objection"' in home
    assert objection.state == "filed"


def test_the_parties_asked_to_explain_see_it_until_they_have(org, login_as):
    aid, objection = filed(org, login_as)
    login_as(org.head).post(f"/objections/{objection.id}/explanations", {
        "objection_version": objection.version, "request_text": "Mohon penjelasan."})
    assert the_objection(aid).state == "explaining"
    supervisor, asn = login_as(org.supervisor), login_as(org.asn)
    assert 'data-task="objection-explain"' in supervisor.get("/").get_data(as_text=True)
    assert 'data-task="objection-explain"' in asn.get("/").get_data(as_text=True)

    supervisor.post(f"/objections/{objection.id}/statements",
                    {"statement_text": "Rating didasarkan pada bukti triwulan III."})

    assert 'data-task="objection-explain"' not in supervisor.get("/").get_data(as_text=True)
    assert 'data-task="objection-explain"' in asn.get("/").get_data(as_text=True)


def test_a_decided_objection_leaves_the_home_page(org, login_as):
    aid, objection = filed(org, login_as)
    head = login_as(org.head)
    head.post(f"/objections/{objection.id}/decision", {
        "objection_version": objection.version, "decision": "upheld",
        "decision_text": "Rating sesuai bukti.", "decision_hasil_kerja": "meets",
        "decision_perilaku": "meets"})
    assert the_objection(aid).state == "decided"

    assert 'data-task="objection-decide"' not in head.get("/").get_data(as_text=True)


def test_the_keberatan_page_keeps_its_statement_count_flat(org, login_as):
    client = login_as(org.asn)
    approved(org, days_ago=1)
    with counting_queries() as one:
        client.get("/objections/")
    file_as(client, org.assessment_id(org.asn))
    db.session.expire_all()
    with counting_queries() as after:
        client.get("/objections/")

    assert len(after) == len(one)
