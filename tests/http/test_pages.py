"""Reading pages: the assessment as page or fragment, history, home and the role queues."""
from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from portal.extensions import db
from portal.models import Employee, Period, Position, User
from portal.services.planning.periods import open_period
from tests.conftest import fill_targets
from tests.http.helpers import (
    advance,
    counting_queries,
    set_state,
    stored,
    without_csrf_tokens,
)


def _step_of(page: str) -> str:
    """The <section id="assessment-step"> ... </section> of a whole page."""
    start = page.index('<section id="assessment-step"')
    # The step is the last section that closes before the timeline card, which follows it.
    end = page.index('<section class="card" aria-labelledby="timeline-title">')
    return page[start:page.rindex("</section>", start, end) + len("</section>")]


@pytest.mark.parametrize("state", ["draft_targets", "self_assessed", "approved"])
def test_it_serves_the_same_step_as_page_and_as_fragment(org, login_as, state):
    aid = advance(org, state)
    client = login_as(org.supervisor)

    page = client.get(f"/assessments/{aid}")
    fragment = client.get(f"/assessments/{aid}", htmx=True)

    assert page.status_code == fragment.status_code == 200
    assert "HX-Request" in page.headers["Vary"]
    assert "HX-Request" in fragment.headers["Vary"]
    page_html, fragment_html = page.get_data(as_text=True), fragment.get_data(as_text=True)
    assert "<html" in page_html
    assert "Andi Pratama" in page_html  # the identity block of the page
    assert "<html" not in fragment_html
    assert fragment_html.lstrip().startswith('<section id="assessment-step"')
    assert f'data-state="{state}"' in fragment_html
    assert without_csrf_tokens(fragment_html).strip() == without_csrf_tokens(
        _step_of(page_html)).strip()


def test_it_serves_the_page_to_a_boosted_navigation(org, login_as):
    aid = org.assessment_id(org.asn)

    response = login_as(org.asn).get(f"/assessments/{aid}",
                                     headers={"HX-Request": "true", "HX-Boosted": "true"})

    assert response.status_code == 200
    assert "<html" in response.get_data(as_text=True)
    assert "HX-Request" in response.headers["Vary"]


def test_it_serves_the_same_history_as_page_and_as_fragment(org, login_as):
    aid = advance(org, "targets_submitted")
    client = login_as(org.supervisor)
    client.post(f"/assessments/{aid}/actions/return_targets",
                data={"confirmed": "y", "version": stored(aid).version, "reason": "Lengkapi indikator kualitas."})

    page = client.get(f"/assessments/{aid}/history")
    fragment = client.get(f"/assessments/{aid}/history", htmx=True)

    assert page.status_code == fragment.status_code == 200
    assert "HX-Request" in page.headers["Vary"]
    assert "HX-Request" in fragment.headers["Vary"]
    page_html, fragment_html = page.get_data(as_text=True), fragment.get_data(as_text=True)
    assert "<html" in page_html
    assert "Riwayat SKP 2026: Andi Pratama" in page_html
    assert "<html" not in fragment_html
    assert fragment_html.strip() in page_html
    for text in ["Andi Pratama", "Ajukan SKP", "Rahmawati, S.Sos", "Kembalikan SKP",
                 "Penyusunan SKP → SKP diajukan", "SKP diajukan → Penyusunan SKP",
                 "Alasan:</span> Lengkapi indikator kualitas.</blockquote>"]:
        assert text in fragment_html
    assert fragment_html.index("Ajukan SKP") < fragment_html.index("Kembalikan SKP")


def test_it_says_when_there_is_no_history_yet(org, login_as):
    aid = org.assessment_id(org.asn)

    response = login_as(org.asn).get(f"/assessments/{aid}/history", htmx=True)

    assert response.status_code == 200
    assert "Belum ada riwayat." in response.get_data(as_text=True)


def test_it_shows_the_actions_the_user_may_take_and_why_one_is_blocked(org, login_as):
    aid = org.assessment_id(org.asn)

    html = login_as(org.asn).get(f"/assessments/{aid}", htmx=True).get_data(as_text=True)

    assert 'data-action="submit_targets"' in html
    assert re.search(r'data-action="submit_targets"[^>]*\s+disabled', html)
    assert ('<li data-blocker="no_rhk"><a href="#new-rhk">Belum ada Rencana Hasil Kerja: '
            'tambahkan minimal satu RHK.</a></li>') in html
    assert 'id="new-rhk"' in html
    assert 'data-action="approve_targets"' not in html


def test_it_offers_the_supervisor_both_decisions_on_submitted_targets(org, login_as):
    aid = advance(org, "targets_submitted")

    html = login_as(org.supervisor).get(f"/assessments/{aid}", htmx=True).get_data(as_text=True)

    assert 'data-action="approve_targets"' in html
    assert 'data-action="return_targets"' in html
    assert 'name="reason"' in html
    assert 'data-action="submit_targets"' not in html


def test_it_shows_the_home_page_with_the_users_skp_and_team(org, login_as):
    response = login_as(org.supervisor).get("/")

    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Selamat datang, Rahmawati, S.Sos" in html
    assert f'href="/assessments/{org.assessment_id(org.supervisor)}"' in html
    assert "2 pegawai yang Anda nilai." in html
    assert 'href="/calibration/' not in html.split("<main", 1)[1]


@pytest.mark.parametrize("who, link", [
    ("committee", "/calibration/?"), ("head", "/approvals/?"), ("admin", "/admin/periods"),
])
def test_it_links_each_role_to_its_queue_from_the_home_page(org, login_as, who, link):
    html = login_as(getattr(org, who)).get("/").get_data(as_text=True)

    assert f'href="{link}' in html


def test_it_lists_the_supervisors_reports_on_the_team_page(org, login_as):
    advance(org, "targets_submitted")

    response = login_as(org.supervisor).get("/team/")

    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Andi Pratama" in html
    assert "Siti Nurhaliza" in html
    assert "Budi Hartono" not in html  # the outsider
    assert "199001102015031003" not in html and "19900110 201503 1 003" in html
    # The ASN's submitted SKP waits for the supervisor and comes first.
    assert html.index("Andi Pratama") < html.index("Siti Nurhaliza")
    assert re.search(r'<tr class="waiting">\s*<th scope="row"><a href="/assessments/'
                     rf'{org.assessment_id(org.asn)}">Andi Pratama', html)
    assert "menunggu Anda" in html


def test_it_shows_an_empty_team_to_an_employee_without_reports(org, login_as):
    response = login_as(org.asn).get("/team/")

    assert response.status_code == 200
    assert "Tidak ada pegawai yang Anda nilai pada periode ini." in response.get_data(
        as_text=True)


@pytest.mark.parametrize("who", ["asn", "supervisor", "admin"])
def test_it_refuses_the_calibration_queue_to_non_members(org, login_as, who):
    """Committee members and the agency head read it (see test_calibration.py); nobody else."""
    response = login_as(getattr(org, who)).get("/calibration/")

    assert response.status_code == 403
    html = response.get_data(as_text=True)
    assert "<html" in html
    assert "Halaman ini untuk tim penilai kinerja dan pimpinan instansi." in html


def _reviewed_outsider(org) -> int:
    """The Dinas Kesehatan employee's assessment, put in 'reviewed' directly."""
    aid = org.assessment_id(org.outsider)
    set_state(aid, "reviewed", rating_hasil_kerja="above", rating_perilaku="above",
              predikat="sangat_baik")
    return aid


def test_it_lists_only_reviewed_assessments_of_the_committees_agency(org, login_as):
    asn = advance(org, "reviewed")
    peer = advance(org, "self_assessed", employee="peer")
    outsider = _reviewed_outsider(org)

    response = login_as(org.committee).get("/calibration/")

    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert f'href="/assessments/{asn}"' in html
    assert f'href="/assessments/{peer}"' not in html  # not reviewed yet
    assert f'href="/assessments/{outsider}"' not in html  # another agency
    assert "Budi Hartono" not in html
    # The spread counts the agency's one rated assessment ("meets"/"meets" -> Baik).
    assert re.search(r'<th scope="row">Baik</th><td class="num">1</td>', html)
    assert re.search(r'<th scope="row">Sangat Baik</th><td class="num">0</td>', html)


def test_it_lists_the_other_agencys_queue_to_its_own_committee(org, login_as):
    asn = advance(org, "reviewed")
    outsider = _reviewed_outsider(org)

    html = login_as(org.other_committee).get("/calibration/").get_data(as_text=True)

    assert f'href="/assessments/{outsider}"' in html
    assert f'href="/assessments/{asn}"' not in html


@pytest.mark.parametrize("who", ["asn", "supervisor", "committee", "admin"])
def test_it_refuses_the_approval_queue_to_anyone_but_the_head(org, login_as, who):
    response = login_as(getattr(org, who)).get("/approvals/")

    assert response.status_code == 403
    assert "Halaman ini untuk pimpinan instansi." in response.get_data(as_text=True)


def test_it_lists_only_calibrated_assessments_of_the_heads_agency(org, login_as):
    asn = advance(org, "calibrated")
    peer = advance(org, "reviewed", employee="peer")
    outsider = org.assessment_id(org.outsider)
    set_state(outsider, "calibrated")

    response = login_as(org.head).get("/approvals/")

    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert f'href="/assessments/{asn}"' in html
    assert f'href="/assessments/{peer}"' not in html
    assert f'href="/assessments/{outsider}"' not in html


def _add_staff_under_supervisor(org, count: int, state: str | None = None) -> None:
    """Give the supervisor count more reports (with assessments), optionally in state."""
    db.session.expire_all()
    supervisor_position = db.session.get(Employee, org.supervisor.employee_id).position
    existing = db.session.scalar(sa.select(sa.func.count()).select_from(Employee))
    for n in range(count):
        position = Position(unit_id=supervisor_position.unit_id, parent=supervisor_position,
                            title=f"Pengadministrasi Umum {n}", jenis_jabatan="Pelaksana")
        employee = Employee(nip=f"1995010120200110{existing + n:02d}", name=f"Pegawai {n:02d}",
                            golongan="II/c", jenis_jabatan="Pelaksana", position=position)
        db.session.add_all([position, employee,
                            User(employee=employee, display_name=employee.name,
                                 password_hash="x")])
    db.session.commit()
    open_period(db.session.get(Period, org.period_id))
    if state:
        db.session.execute(sa.text("UPDATE assessments SET state = :state, predikat = 'baik' "
                                   "WHERE assessor_id = :sup"),
                           {"state": state, "sup": org.supervisor.employee_id})
        db.session.commit()


def _queries_of(client, path: str) -> tuple[int, str]:
    db.session.remove()  # nothing cached in the test's session either
    with counting_queries() as statements:
        response = client.get(path)
    assert response.status_code == 200
    return len(statements), response.get_data(as_text=True)


def test_it_lists_a_team_of_twelve_in_as_many_queries_as_a_team_of_two(org, login_as):
    client = login_as(org.supervisor)
    client.get("/team/")  # warm up: templates compiled, nothing else cached

    small, html = _queries_of(client, "/team/")
    assert html.count('<th scope="row"><a href="/assessments/') == 2
    _add_staff_under_supervisor(org, 10)
    large, html = _queries_of(client, "/team/")

    assert html.count('<th scope="row"><a href="/assessments/') == 12
    assert "Pegawai 09" in html
    assert large == small


def test_it_lists_a_calibration_queue_of_twelve_in_as_many_queries_as_one_of_two(org, login_as):
    client = login_as(org.committee)
    _add_staff_under_supervisor(org, 0, state="reviewed")
    client.get("/calibration/")

    small, html = _queries_of(client, "/calibration/")
    assert html.count('<th scope="row"><a href="/assessments/') == 2
    _add_staff_under_supervisor(org, 10, state="reviewed")
    large, html = _queries_of(client, "/calibration/")

    # Ten to a page; the other two on the next, with the same statements.
    assert html.count('<th scope="row"><a href="/assessments/') == 10
    assert large == small
    rest, html = _queries_of(client, "/calibration/?page=2")
    assert html.count('<th scope="row"><a href="/assessments/') == 2
    assert rest == small


def test_it_shows_an_skp_of_five_rhks_in_as_many_queries_as_one_of_one(org, login_as):
    aid = org.assessment_id(org.asn)
    fill_targets(aid)
    client = login_as(org.asn)
    client.get(f"/assessments/{aid}")

    small, html = _queries_of(client, f"/assessments/{aid}")
    assert html.count("<td>Jumlah KTP-el diterbitkan</td>") == 1
    for _ in range(4):
        fill_targets(aid)
    large, html = _queries_of(client, f"/assessments/{aid}")

    assert html.count("<td>Jumlah KTP-el diterbitkan</td>") == 5
    assert large == small
