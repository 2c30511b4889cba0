"""The calibration page: a unit's spread against the rules, the list, rating changes, finishing.

The test organisation's Dukcapil gets a small Seksi (under the supervisor's Bidang) whose staff
are rated directly in the database, so each test states the spread it needs.
"""
from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from portal import signals
from portal.calibration.routes import PAGE_SIZE
from portal.extensions import db
from portal.models import (
    Assessment, AuditEvent, CalibrationRecord, Employee, Evidence, Indicator,
    OrgPredikat, Period, Position, Realisation, Rhk, RoleGrant, Unit, User,
)
from portal.services.planning.periods import open_period
from portal.services.review import calibration as calibration_service
from tests.conftest import fill_targets
from tests.http.helpers import advance, audit_events, counting_queries, rewritten_statements

# The ratings that give each predikat (domain.md section 4).
RATINGS_FOR = {
    "sangat_baik": ("above", "above"), "baik": ("meets", "meets"),
    "butuh_perbaikan": ("below", "meets"), "kurang": ("meets", "below"),
    "sangat_kurang": ("below", "below"),
}


# --- set-up helpers (also used by test_org_predikat.py and test_calibration_rules_admin.py) ----

def add_unit(org, name: str, parent: str | int = "bidang") -> int:
    """A unit of Dukcapil under the supervisor's bidang (or under the unit id given)."""
    if parent == "bidang":
        parent = db.session.get(Employee, org.supervisor.employee_id).position.unit_id
    unit = Unit(agency_id=org.agency_id, parent_id=parent, name=name)
    db.session.add(unit)
    db.session.commit()
    return unit.id


def staff(org, unit_id: int, predikat: list[str | None], state: str = "reviewed",
          golongan: str = "II/c", jenis: str = "Pelaksana", prefix: str = "Staf") -> list[int]:
    """New employees of unit_id, assessed by the supervisor, rated as predikat in state.

    Returns their assessment ids in the order given. None leaves an employee unrated (draft).
    """
    db.session.expire_all()
    boss = db.session.get(Employee, org.supervisor.employee_id).position
    existing = db.session.scalar(sa.select(sa.func.count()).select_from(Employee))
    employees = []
    for n, _ in enumerate(predikat):
        number = existing + n
        position = Position(unit_id=unit_id, parent=boss, title=f"Pengadministrasi {number}",
                            jenis_jabatan=jenis)
        employee = Employee(nip=f"199501012020011{number:03d}", name=f"{prefix} {number:03d}",
                            golongan=golongan, jenis_jabatan=jenis, position=position)
        db.session.add_all([position, employee, User(employee=employee,
                                                     display_name=employee.name,
                                                     password_hash="x")])
        employees.append(employee)
    db.session.commit()
    open_period(db.session.get(Period, org.period_id))
    ids = []
    for employee, p in zip(employees, predikat):
        assessment = db.session.scalar(sa.select(Assessment).where(
            Assessment.employee_id == employee.id, Assessment.period_id == org.period_id))
        if p is not None:
            hasil, perilaku = RATINGS_FOR[p]
            assessment.state = state
            assessment.rating_hasil_kerja, assessment.rating_perilaku = hasil, perilaku
            assessment.rating_hasil_kerja_note = f"Hasil kerja {employee.name} sesuai bukti."
            assessment.rating_perilaku_note = f"Perilaku {employee.name} sesuai ekspektasi."
            assessment.predikat = p
        ids.append(assessment.id)
    db.session.commit()
    return ids


def set_org_predikat(org, predikat: str = "baik") -> None:
    db.session.add(OrgPredikat(agency_id=org.agency_id, period_id=org.period_id,
                               predikat=predikat, basis="Capaian perjanjian kinerja 2026",
                               set_by_id=org.head.user_id))
    db.session.commit()


def row_form(aid: int, version: int, hasil: str, perilaku: str, reason: str = "",
             view: str = "") -> dict:
    """The inline rating form of one row as the page posts it (fields prefixed a<id>-), with
    the view (agency, unit, filters) it was shown in."""
    return {f"a{aid}-version": str(version), f"a{aid}-rating_hasil_kerja": hasil,
            f"a{aid}-rating_perilaku": perilaku, f"a{aid}-reason": reason, "view": view}


def state_of(*ids: int) -> list[str]:
    db.session.expire_all()
    return [db.session.get(Assessment, i).state for i in ids]


def version_of(aid: int) -> int:
    db.session.expire_all()
    return db.session.get(Assessment, aid).version


def seen_fingerprint(html: str) -> str:
    return re.search(r'name="finish-seen" type="hidden" value="([^"]*)"', html).group(1)


def records() -> list[CalibrationRecord]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(CalibrationRecord)))


def calibrate_events() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent)
                             .where(AuditEvent.trigger == "calibrate"))


# --- who may read the page -----------------------------------------------------------------------

def test_it_shows_the_head_the_page_read_only(org, login_as, rules):
    seksi = add_unit(org, "Seksi Identitas")
    staff(org, seksi, ["baik"])

    response = login_as(org.head).get("/calibration/")

    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Staf " in html
    assert "Ubah rating" not in html
    assert "Selesaikan kalibrasi unit" not in html
    assert "Tetapkan predikat kinerja organisasi" in html


def test_it_refuses_a_committee_member_another_agencys_page(org, login_as):
    response = login_as(org.other_committee).get(f"/calibration/?agency={org.agency_id}")

    assert response.status_code == 403
    assert "Anda bukan anggota tim penilai kinerja atau pimpinan instansi ini." in (
        response.get_data(as_text=True))


def test_it_answers_404_for_a_unit_of_another_agency(org, login_as):
    other_unit = db.session.scalar(sa.select(Unit.id).where(Unit.agency_id == org.other_agency_id))

    response = login_as(org.committee).get(f"/calibration/?unit={other_unit}")

    assert response.status_code == 404


def test_it_ignores_a_garbled_unit_parameter(org, login_as):
    response = login_as(org.committee).get("/calibration/?unit=abc&agency=x")

    assert response.status_code == 200


def test_it_opens_the_agency_with_most_waiting_and_offers_the_others(org, login_as, rules):
    """A member of two committees lands where work waits and can switch (a plain GET form)."""
    db.session.add(RoleGrant(user_id=org.committee.user_id, role="committee",
                             agency_id=org.other_agency_id))
    db.session.commit()
    outsider = org.assessment_id(org.outsider)
    db.session.execute(sa.update(Assessment).where(Assessment.id == outsider).values(
        state="reviewed", rating_hasil_kerja="above", rating_perilaku="above",
        predikat="sangat_baik"))
    db.session.commit()
    client = login_as(org.committee)

    landing = client.get("/calibration/").get_data(as_text=True)
    switched = client.get(f"/calibration/?agency={org.agency_id}").get_data(as_text=True)

    assert '<p class="lead">Dinas Kesehatan</p>' in landing
    assert f'href="/assessments/{outsider}"' in landing
    assert re.search(r'<option value="\d+" selected>Dinas Kesehatan \(1 menunggu kalibrasi\)',
                     landing)
    assert "Dinas Kependudukan dan Pencatatan Sipil (0 menunggu kalibrasi)" in landing
    assert '<p class="lead">Dinas Kependudukan dan Pencatatan Sipil</p>' in switched
    assert f'href="/assessments/{outsider}"' not in switched


# --- the spread against the rules ----------------------------------------------------------------

def test_it_shows_each_rule_met_or_broken_with_the_numbers_in_people(org, login_as, rules):
    seksi = add_unit(org, "Seksi Identitas")
    staff(org, seksi, ["baik", "baik", "sangat_baik"])
    set_org_predikat(org, "baik")

    response = login_as(org.committee).get(f"/calibration/?unit={seksi}")

    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert re.search(r'<th scope="row">Baik</th><td class="num">2</td><td class="num">66,7 %</td>',
                     html)
    assert re.search(r'<th scope="row">Sangat Baik</th><td class="num">1</td>', html)
    verdicts = [re.sub(r"\s+", " ", v).strip()
                for v in re.findall(r'<li class="verdict[^"]*">(.*?)</li>', html, re.S)]
    assert verdicts == [
        '<strong class="verdict-status">Terpenuhi</strong>: Baik paling banyak 70 % — '
        "paling banyak 2 dari 3 pegawai; saat ini 2",
        '<strong class="verdict-status">Dilanggar</strong>: Harus ada Butuh Perbaikan dan/atau '
        "Kurang/Misconduct — minimal 1; saat ini 0",
    ]
    assert "Sebaran unit ini melanggar 1 aturan." in html


def test_it_says_when_the_organisation_predikat_is_not_set_and_shows_counts_only(
        org, login_as, rules):
    seksi = add_unit(org, "Seksi Identitas")
    staff(org, seksi, ["baik", "kurang"])

    html = login_as(org.committee).get(f"/calibration/?unit={seksi}").get_data(as_text=True)

    assert "Predikat kinerja organisasi belum ditetapkan pimpinan instansi" in html
    assert re.search(r'<th scope="row">Kurang/Misconduct</th><td class="num">1</td>', html)
    assert 'class="verdict' not in html


def test_it_counts_only_ratings_the_supervisor_has_sent(org, login_as, rules):
    """Ratings saved in self_assessed are the supervisor's draft: not in the spread or the list."""
    seksi = add_unit(org, "Seksi Identitas")
    sent = staff(org, seksi, ["baik"], prefix="Terkirim")
    draft = staff(org, seksi, ["sangat_baik"], state="self_assessed", prefix="Draf")

    html = login_as(org.committee).get(f"/calibration/?unit={seksi}").get_data(as_text=True)

    assert re.search(r'<th scope="row">Sangat Baik</th><td class="num">0</td>', html)
    assert re.search(r'<th scope="row">Baik</th><td class="num">1</td>', html)
    assert f'href="/assessments/{sent[0]}"' in html
    assert f'href="/assessments/{draft[0]}"' not in html
    assert "1 pegawai lain di unit ini belum dinilai" in html


def test_a_unit_includes_its_subunits_but_not_its_siblings(org, login_as, rules):
    seksi = add_unit(org, "Seksi Identitas")
    subseksi = add_unit(org, "Subseksi Perekaman", parent=seksi)
    sibling = add_unit(org, "Seksi Mutasi")
    inside = staff(org, seksi, ["baik"]) + staff(org, subseksi, ["kurang"])
    outside = staff(org, sibling, ["sangat_baik"])

    html = login_as(org.committee).get(f"/calibration/?unit={seksi}").get_data(as_text=True)

    assert all(f'href="/assessments/{aid}"' in html for aid in inside)
    assert f'href="/assessments/{outside[0]}"' not in html
    assert re.search(r'<th scope="row">Sangat Baik</th><td class="num">0</td>', html)
    assert re.search(r'<tfoot><tr><th scope="row">Jumlah</th><td class="num">2</td>', html)


# --- the list ------------------------------------------------------------------------------------

def _with_capaian_and_evidence(aid: int, org, realisation: str = "1260", files: int = 2) -> None:
    """Give a listed assessment an indicator (target 1200), its annual realisation and evidence."""
    db.session.execute(sa.update(Assessment).where(Assessment.id == aid)
                       .values(state="draft_targets"))
    db.session.commit()
    fill_targets(aid)
    indicator = db.session.scalar(sa.select(Indicator).join(Rhk).where(Rhk.assessment_id == aid))
    realisation_row = Realisation(indicator=indicator, period_no=0, value=realisation, note="")
    db.session.add(realisation_row)
    db.session.add_all(Evidence(realisation=realisation_row, kind="link", title=f"Bukti {n}",
                                url="https://example.org", uploaded_by_id=org.admin.user_id)
                       for n in range(files))
    db.session.execute(sa.update(Assessment).where(Assessment.id == aid)
                       .values(state="reviewed"))
    db.session.commit()


def test_it_lists_ratings_justifications_capaian_and_evidence(org, login_as, rules):
    seksi = add_unit(org, "Seksi Identitas")
    aid, = staff(org, seksi, ["sangat_baik"], golongan="III/b", jenis="Fungsional Terampil")
    long_note = "Target penerbitan terlampaui. " * 10
    db.session.execute(sa.update(Assessment).where(Assessment.id == aid)
                       .values(rating_hasil_kerja_note=long_note))
    db.session.commit()
    _with_capaian_and_evidence(aid, org)

    html = login_as(org.committee).get(f"/calibration/?unit={seksi}").get_data(as_text=True)

    row = re.search(rf'<tr id="calibration-row-{aid}">(.*?)</tr>', html, re.S).group(1)
    assert "Seksi Identitas" in row
    assert "<small>III/b · Fungsional Terampil</small>" in row
    assert "Hasil kerja: Di Atas Ekspektasi" in row
    assert "Perilaku kerja: Di Atas Ekspektasi" in row
    assert '<details class="clip"><summary>Target penerbitan terlampaui.' in row
    assert f"<p>{long_note.strip()}</p>" in row or f"<p>{long_note}</p>" in row
    assert "rata-rata 105 %" in row  # 1260 of 1200
    assert "1 Sangat Baik" in row
    assert '<td class="num" data-label="Bukti dukung">2</td>' in row


def test_it_escapes_the_names_units_and_justifications_it_lists(org, login_as, rules):
    # The row's cells are written without autoescaping (templates/calibration/_rows.html):
    # every text from the database must still come out escaped.
    seksi = add_unit(org, 'Seksi <i>"A" & B</i>')
    aid, = staff(org, seksi, ["baik"], golongan="<&>\"'", jenis="Pelaksana & <u>x</u>",
                 prefix="<script>Staf")
    long_note = "<em>Bukti & catatan</em> " * 10
    db.session.execute(sa.update(Assessment).where(Assessment.id == aid)
                       .values(rating_hasil_kerja_note=long_note,
                               rating_perilaku_note="<s>pendek</s> & 'kutip'"))
    db.session.commit()

    html = login_as(org.committee).get(f"/calibration/?unit={seksi}").get_data(as_text=True)

    row = re.search(rf'<tr id="calibration-row-{aid}">(.*?)</tr>', html, re.S).group(1)
    assert "<script>" not in row and "<i>" not in row and "<em>" not in row and "<s>" not in row
    assert "&lt;script&gt;Staf" in row
    assert "Seksi &lt;i&gt;&#34;A&#34; &amp; B&lt;/i&gt;" in row
    assert "<small>&lt;&amp;&gt;&#34;&#39; · Pelaksana &amp; &lt;u&gt;x&lt;/u&gt;</small>" in row
    assert "<summary>&lt;em&gt;Bukti &amp; catatan&lt;/em&gt;" in row
    assert "&lt;s&gt;pendek&lt;/s&gt; &amp; &#39;kutip&#39;" in row


def test_it_filters_the_list_by_golongan_and_jenis_jabatan_without_javascript(
        org, login_as, rules):
    seksi = add_unit(org, "Seksi Identitas")
    iii = staff(org, seksi, ["baik"], golongan="III/a", jenis="Pelaksana", prefix="Tiga")
    ii = staff(org, seksi, ["baik"], golongan="II/c", jenis="Pelaksana", prefix="Dua")
    fungsional = staff(org, seksi, ["kurang"], golongan="III/a", jenis="Fungsional Terampil",
                       prefix="Fungsional")
    client = login_as(org.committee)

    by_golongan = client.get(f"/calibration/?unit={seksi}&golongan=III/a")
    by_both = client.get(f"/calibration/?unit={seksi}&golongan=III/a&jenis=Pelaksana")

    html = by_golongan.get_data(as_text=True)
    assert by_golongan.status_code == 200 and "<html" in html
    assert f'href="/assessments/{iii[0]}"' in html
    assert f'href="/assessments/{fungsional[0]}"' in html
    assert f'href="/assessments/{ii[0]}"' not in html
    assert '<option selected>III/a</option>' in html
    # The spread stays the whole unit's: the rules apply to the unit, not to a golongan.
    assert re.search(r'<tfoot><tr><th scope="row">Jumlah</th><td class="num">3</td>', html)
    html = by_both.get_data(as_text=True)
    assert f'href="/assessments/{iii[0]}"' in html
    assert f'href="/assessments/{fungsional[0]}"' not in html
    assert f'href="/assessments/{ii[0]}"' not in html


def test_it_swaps_only_the_results_for_htmx_filters(org, login_as, rules):
    seksi = add_unit(org, "Seksi Identitas")
    kept = staff(org, seksi, ["baik"], golongan="III/a")
    dropped = staff(org, seksi, ["baik"], golongan="II/c")

    response = login_as(org.committee).get(f"/calibration/?unit={seksi}&golongan=III/a",
                                           htmx=True)

    assert response.status_code == 200
    assert "HX-Request" in response.headers["Vary"]
    html = response.get_data(as_text=True)
    assert "<html" not in html
    assert 'id="distribution"' in html
    assert f'href="/assessments/{kept[0]}"' in html
    assert f'href="/assessments/{dropped[0]}"' not in html


def test_the_filter_form_pushes_its_url_and_works_without_javascript(org, login_as):
    html = login_as(org.committee).get("/calibration/").get_data(as_text=True)

    form = re.search(r'<form id="calibration-filters"[^>]*>', html, re.S).group(0)
    assert 'method="get"' in form and 'action="/calibration/"' in form
    assert 'hx-get="/calibration/"' in form and 'hx-push-url="true"' in form
    assert 'hx-target="#calibration-results"' in form


def test_it_serves_the_whole_page_when_htmx_restores_history(org, login_as):
    response = login_as(org.committee).get(
        "/calibration/", headers={"HX-Request": "true", "HX-History-Restore-Request": "true"})

    assert "<html" in response.get_data(as_text=True)


def _queries_of(client, path: str) -> tuple[int, str]:
    db.session.remove()
    with counting_queries() as statements:
        response = client.get(path)
    assert response.status_code == 200
    return len(statements), response.get_data(as_text=True)


def test_it_lists_twelve_assessments_in_as_many_queries_as_two(org, login_as, rules):
    seksi = add_unit(org, "Seksi Identitas")
    set_org_predikat(org, "baik")
    first = staff(org, seksi, ["baik", "kurang"])
    for aid in first:
        _with_capaian_and_evidence(aid, org)
    client = login_as(org.committee)
    client.get(f"/calibration/?unit={seksi}")

    small, html = _queries_of(client, f"/calibration/?unit={seksi}")
    assert html.count('<th scope="row"><a href="/assessments/') == 2
    more = staff(org, seksi, ["baik", "sangat_baik", "butuh_perbaikan", "kurang"] * 2
                 + ["sangat_kurang"] * 2)
    for aid in more:
        _with_capaian_and_evidence(aid, org)
    large, html = _queries_of(client, f"/calibration/?unit={seksi}")

    # A page holds ten; the other two are on the next page, with the same statements.
    assert html.count('<th scope="row"><a href="/assessments/') == 10
    assert html.count("rata-rata 105 %") == 10
    assert large == small
    rest, html = _queries_of(client, f"/calibration/?unit={seksi}&page=2")
    assert html.count("rata-rata 105 %") == 2
    assert rest == small


# What the page reads, one statement each, whatever the length of the list: the signed-in
# user, and in one UNION ALL (service.page_facts) the spread with the organisation predikat
# and its rules, the last finished calibration, the heads' names, the agencies with their
# waiting counts, the filters' options, the page of the list with its bukti dukung and its
# capaian, and the periods the page may show (its own presumed: View.facts); and the agency's
# units when a unit is chosen (the whole agency needs none). A new statement is a decision:
# change the number here and say why.
PAGE_STATEMENTS = 2


def test_the_calibration_page_runs_a_fixed_number_of_statements(org, login_as, rules):
    seksi = add_unit(org, "Seksi Identitas")
    set_org_predikat(org, "baik")
    ids = staff(org, seksi, ["baik", "kurang", "sangat_baik"] * 4)
    for aid in ids[:2]:
        _with_capaian_and_evidence(aid, org)
    client = login_as(org.committee)
    client.get("/calibration/")  # shown by default: presumed from now on

    counts = {}
    for name, path, headers in [
            ("page", "/calibration/", {}),
            ("later page", "/calibration/?page=2", {}),
            ("a unit's page", f"/calibration/?unit={seksi}", {}),
            ("htmx results", "/calibration/?page=2", {"HX-Request": "true"}),
            ("htmx distribution", "/calibration/distribution", {"HX-Request": "true"})]:
        db.session.remove()
        with counting_queries() as statements, rewritten_statements() as rewritten:
            response = client.get(path, headers=headers)
        assert response.status_code == 200, name
        counts[name] = len(statements)
        # Sent as compiled: no values written into a statement's SQL at execution
        # (periods.opened_for, parameters.joined), a copy of its whole text on every view; but
        # a unit's subtree, an expanding list (one statement for subtrees of any size).
        assert len(rewritten) == (name == "a unit's page"), name

    # The distribution panel reads neither the list (with its capaian) nor the filters'
    # options, in the same number of statements.
    assert counts == dict.fromkeys(counts, PAGE_STATEMENTS) | {
        "a unit's page": PAGE_STATEMENTS + 1}
    assert response.get_data(as_text=True).lstrip().startswith('<section id="distribution"')


def test_the_pages_statements_are_compiled_once_and_found_by_their_own_key(org, login_as, rules):
    # service.core_rows finds a statement's compiled form by the identity of the statement's cache
    # key (SQLAlchemy's is hashed whole on every execution): a second view compiles nothing
    # new, and each entry is kept under the key SQLAlchemy made for one of the page's statements.
    seksi = add_unit(org, "Seksi Identitas")
    set_org_predikat(org, "baik")
    staff(org, seksi, ["baik", "kurang"])
    client = login_as(org.committee)
    compiled = calibration_service._COMPILED["compiled_cache"]
    client.get(f"/calibration/?unit={seksi}")
    entries = dict(compiled._found)

    html = client.get(f"/calibration/?unit={seksi}").get_data(as_text=True)

    assert compiled._found == entries
    assert html.count('<th scope="row"><a href="/assessments/') == 2
    by_unit = True
    statement = calibration_service._page_statement(
        by_unit, True, 1, (False, False, False, PAGE_SIZE), 1)
    assert id(statement._generate_cache_key().key) in {id(kept) for kept, _ in entries.values()}


# --- changing a rating from the list -------------------------------------------------------------

def test_it_refuses_a_rating_change_without_a_reason_and_keeps_the_input(org, login_as, rules):
    seksi = add_unit(org, "Seksi Identitas")
    aid, = staff(org, seksi, ["baik"])
    version = version_of(aid)

    response = login_as(org.committee).post(
        f"/calibration/assessments/{aid}/ratings", row_form(aid, version, "above", "above"))

    assert response.status_code == 422
    assert "HX-Trigger" not in response.headers
    html = response.get_data(as_text=True)
    assert html.lstrip().startswith(f'<tr id="calibration-row-{aid}">')
    assert "Alasan wajib diisi." in html
    assert '<option selected value="above">Di Atas Ekspektasi</option>' in html
    db.session.expire_all()
    stored = db.session.get(Assessment, aid)
    assert (stored.rating_hasil_kerja, stored.rating_perilaku, stored.predikat) == (
        "meets", "meets", "baik")
    assert stored.original_rating_hasil_kerja is None
    assert stored.version == version


def test_a_rating_change_keeps_the_original_and_recomputes_the_distribution(
        org, login_as, rules):
    seksi = add_unit(org, "Seksi Identitas")
    aid, other = staff(org, seksi, ["baik", "baik"])
    set_org_predikat(org, "baik")
    client = login_as(org.committee)
    page = client.get(f"/calibration/?unit={seksi}").get_data(as_text=True)
    assert ('hx-get="/calibration/distribution?'
            f'period={org.period_id}&amp;agency={org.agency_id}&amp;unit={seksi}"') in page
    assert 'hx-trigger="distribution-changed from:body"' in page

    response = client.post(f"/calibration/assessments/{aid}/ratings",
                           row_form(aid, version_of(aid), "below", "meets",
                                    "Target tidak tercapai menurut bukti dukung.",
                                    view=f"agency={org.agency_id}&unit={seksi}"))

    assert response.status_code == 200
    assert response.headers["HX-Trigger"] == "distribution-changed"
    row = response.get_data(as_text=True)
    assert row.lstrip().startswith(f'<tr id="calibration-row-{aid}">')
    assert "Hasil kerja: Di Bawah Ekspektasi" in row
    assert "(semula: Sesuai Ekspektasi)" in row
    assert "Butuh Perbaikan" in row
    db.session.expire_all()
    stored = db.session.get(Assessment, aid)
    assert (stored.original_rating_hasil_kerja, stored.original_rating_perilaku) == (
        "meets", "meets")
    assert (stored.rating_hasil_kerja, stored.predikat) == ("below", "butuh_perbaikan")
    event = audit_events(aid)[-1]
    assert (event.trigger, event.reason) == ("adjust_ratings",
                                             "Target tidak tercapai menurut bukti dukung.")
    # The panel re-fetches itself on the event and shows the new spread.
    panel = client.get(f"/calibration/distribution?agency={org.agency_id}&unit={seksi}",
                       htmx=True)
    html = panel.get_data(as_text=True)
    assert panel.status_code == 200 and "<html" not in html
    assert html.lstrip().startswith('<section id="distribution"')
    assert re.search(r'<th scope="row">Baik</th><td class="num">1</td>', html)
    assert re.search(r'<th scope="row">Butuh Perbaikan</th><td class="num">1</td>', html)
    assert "Terpenuhi</strong>: Harus ada Butuh Perbaikan" in re.sub(r"\s+", " ", html)


def test_a_rating_change_without_javascript_redirects_back_to_the_view(org, login_as, rules):
    seksi = add_unit(org, "Seksi Identitas")
    aid, = staff(org, seksi, ["baik"])
    client = login_as(org.committee)

    response = client.post(f"/calibration/assessments/{aid}/ratings",
                           row_form(aid, version_of(aid), "above", "above", "Bukti kuat.",
                                    view=f"agency={org.agency_id}&unit={seksi}"), htmx=False)

    assert response.status_code == 303
    assert response.headers["Location"] == (
        f"/calibration/?period={org.period_id}&agency={org.agency_id}&unit={seksi}")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Rating Staf" in page and "(semula: Sesuai Ekspektasi)" in page


def test_it_refuses_a_rating_change_on_a_stale_version(org, login_as, rules):
    seksi = add_unit(org, "Seksi Identitas")
    aid, = staff(org, seksi, ["baik"])

    response = login_as(org.committee).post(
        f"/calibration/assessments/{aid}/ratings",
        row_form(aid, version_of(aid) - 1, "above", "above", "Bukti kuat."))

    assert response.status_code == 409
    assert "baru saja diubah oleh orang lain" in response.get_data(as_text=True)
    assert db.session.get(Assessment, aid).rating_hasil_kerja == "meets"


@pytest.mark.parametrize("who", ["head", "supervisor", "other_committee"])
def test_only_the_committee_changes_ratings(org, login_as, rules, who):
    seksi = add_unit(org, "Seksi Identitas")
    aid, = staff(org, seksi, ["baik"])

    response = login_as(getattr(org, who)).post(
        f"/calibration/assessments/{aid}/ratings",
        row_form(aid, version_of(aid), "above", "above", "Bukti kuat."))

    assert response.status_code == 403
    assert "HX-Trigger" not in response.headers
    db.session.expire_all()
    assert db.session.get(Assessment, aid).rating_hasil_kerja == "meets"


# --- finishing a unit ----------------------------------------------------------------------------

def _finish(client, org, unit_id: int | None, html: str, justification: str = ""):
    return client.post("/calibration/finish", htmx=False, data={
        "finish-seen": seen_fingerprint(html), "finish-justification": justification,
        "view": f"agency={org.agency_id}" + (f"&unit={unit_id}" if unit_id else "")})


def test_it_refuses_to_finish_a_unit_that_breaks_a_rule_without_justification(
        org, login_as, rules):
    seksi = add_unit(org, "Seksi Identitas")
    ids = staff(org, seksi, ["baik", "baik", "baik"])
    set_org_predikat(org, "baik")
    client = login_as(org.committee)
    page = client.get(f"/calibration/?unit={seksi}").get_data(as_text=True)
    assert "Selesaikan kalibrasi unit" in page

    response = _finish(client, org, seksi, page)

    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert ("Sebaran predikat unit ini melanggar 2 aturan distribusi. Tulis justifikasi untuk "
            "menyelesaikan kalibrasi unit; tidak ada penilaian yang diubah.") in html
    assert state_of(*ids) == ["reviewed"] * 3
    assert records() == [] and calibrate_events() == 0


def test_it_finishes_a_unit_that_breaks_a_rule_with_justification(org, login_as, rules):
    seksi = add_unit(org, "Seksi Identitas")
    ids = staff(org, seksi, ["baik", "baik", "baik"])
    set_org_predikat(org, "baik")
    client = login_as(org.committee)
    page = client.get(f"/calibration/?unit={seksi}").get_data(as_text=True)
    justification = "Seksi kecil; ketiga pegawai memenuhi target dengan bukti lengkap."
    sent = []

    def listen(assessment, **kwargs):
        sent.append((assessment.id, kwargs["trigger"], kwargs["from_state"], assessment.state))

    with signals.assessment_transitioned.connected_to(listen):
        response = _finish(client, org, seksi, page, justification)

    assert response.status_code == 303
    assert sorted(sent) == [(aid, "calibrate", "reviewed", "calibrated") for aid in sorted(ids)]
    assert response.headers["Location"] == (
        f"/calibration/?period={org.period_id}&agency={org.agency_id}&unit={seksi}")
    assert state_of(*ids) == ["calibrated"] * 3
    record, = records()
    assert (record.unit_id, record.org_predikat, record.rules_broken, record.assessments,
            record.justification, record.finished_by_id) == (
        seksi, "baik", 2, 3, justification, org.committee.user_id)
    for aid in ids:
        event, = [e for e in audit_events(aid) if e.trigger == "calibrate"]
        assert (event.from_state, event.to_state, event.actor_id) == (
            "reviewed", "calibrated", org.committee.user_id)
    after = client.get(response.headers["Location"]).get_data(as_text=True)
    assert ("Kalibrasi Seksi Identitas selesai: 3 penilaian dikirim ke Drs. Hendra Saputra untuk "
            "disetujui; beliau diberi tahu.") in after
    assert "Kalibrasi terakhir diselesaikan oleh Yuliana Sitompul" in after


def test_it_confirms_finishing_a_unit_naming_the_head_who_approves_next(org, login_as, rules):
    seksi = add_unit(org, "Seksi Identitas")
    ids = staff(org, seksi, ["baik", "baik"])

    page = login_as(org.committee).get(f"/calibration/?unit={seksi}").get_data(as_text=True)

    confirm = re.search(r'<details class="confirm" data-confirm="finish_calibration">.*?'
                        r'</details>', page, re.S).group(0)
    assert ("2 penilaian Seksi Identitas akan dikirim ke Drs. Hendra Saputra untuk disetujui;"
            in confirm)
    assert "beliau akan diberi tahu lewat portal" in confirm
    assert 'data-confirmed="finish_calibration">Ya, selesaikan kalibrasi</button>' in confirm
    db.session.expire_all()
    assert {db.session.get(Assessment, aid).state for aid in ids} == {"reviewed"}


def test_it_finishes_a_unit_that_meets_the_rules_without_justification(org, login_as, rules):
    seksi = add_unit(org, "Seksi Identitas")
    subseksi = add_unit(org, "Subseksi Perekaman", parent=seksi)
    sibling = add_unit(org, "Seksi Mutasi")
    ids = staff(org, seksi, ["baik"]) + staff(org, subseksi, ["kurang"])
    outside = staff(org, sibling, ["baik"])
    set_org_predikat(org, "baik")
    client = login_as(org.committee)
    page = client.get(f"/calibration/?unit={seksi}").get_data(as_text=True)

    response = _finish(client, org, seksi, page)

    assert response.status_code == 303
    assert state_of(*ids) == ["calibrated", "calibrated"]
    assert state_of(*outside) == ["reviewed"]
    record, = records()
    assert (record.rules_broken, record.justification, record.assessments) == (0, "", 2)


def test_it_refuses_the_whole_finish_naming_the_assessments_the_member_may_not_calibrate(
        org, login_as, rules):
    """The supervisor sits on the committee too, but may not calibrate the ASN they rated."""
    db.session.add(RoleGrant(user_id=org.supervisor.user_id, role="committee",
                             agency_id=org.agency_id))
    db.session.commit()
    seksi = add_unit(org, "Seksi Identitas")
    others = staff(org, seksi, ["baik"])
    db.session.execute(sa.update(Assessment).where(Assessment.id == others[0])
                       .values(assessor_id=None))  # not the supervisor's to rate
    db.session.commit()
    asn = advance(org, "reviewed")
    client = login_as(org.supervisor)
    page = client.get(f"/calibration/?agency={org.agency_id}").get_data(as_text=True)

    response = _finish(client, org, None, page, "Sebaran wajar.")

    assert response.status_code == 403
    html = response.get_data(as_text=True)
    assert "Anda tidak dapat mengalibrasi penilaian Andi Pratama" in html
    assert "Tidak ada penilaian yang diubah" in html
    assert state_of(asn, *others) == ["reviewed", "reviewed"]
    assert records() == [] and calibrate_events() == 0


def test_it_refuses_to_finish_a_unit_that_changed_since_the_page_was_shown(org, login_as, rules):
    seksi = add_unit(org, "Seksi Identitas")
    ids = staff(org, seksi, ["baik"])
    client = login_as(org.committee)
    page = client.get(f"/calibration/?unit={seksi}").get_data(as_text=True)
    late = staff(org, seksi, ["sangat_baik"])  # reviewed after the page was shown

    response = _finish(client, org, seksi, page, "Sebaran wajar.")

    assert response.status_code == 409
    assert "Data unit ini berubah sejak halaman dibuka." in response.get_data(as_text=True)
    assert state_of(*ids, *late) == ["reviewed", "reviewed"]
    assert records() == []


def test_it_refuses_the_head_finishing_a_unit(org, login_as, rules):
    seksi = add_unit(org, "Seksi Identitas")
    ids = staff(org, seksi, ["baik"])
    client = login_as(org.head)
    page = login_as(org.committee).get(f"/calibration/?unit={seksi}").get_data(as_text=True)

    response = _finish(client, org, seksi, page, "Sebaran wajar.")

    assert response.status_code == 403
    assert state_of(*ids) == ["reviewed"]
    assert records() == []


def test_it_says_when_there_is_nothing_to_calibrate(org, login_as, rules):
    seksi = add_unit(org, "Seksi Identitas")
    staff(org, seksi, ["baik"], state="calibrated")
    client = login_as(org.committee)
    page = client.get(f"/calibration/?unit={seksi}").get_data(as_text=True)

    assert "Tidak ada penilaian berstatus Dinilai atasan di unit ini." in page
    response = client.post("/calibration/finish", htmx=False, data={
        "view": f"agency={org.agency_id}&unit={seksi}"})
    assert response.status_code == 409
    assert records() == []


def test_it_says_when_no_period_is_open(org, login_as):
    db.session.execute(sa.update(Period).values(status="draft"))
    db.session.commit()

    response = login_as(org.committee).get("/calibration/")

    assert response.status_code == 200
    assert "Tidak ada periode penilaian yang sedang berjalan." in response.get_data(as_text=True)


def test_a_closed_period_is_shown_read_only(org, login_as):
    db.session.execute(sa.update(Period).values(status="closed"))
    db.session.commit()

    page = login_as(org.head).get("/calibration/").get_data(as_text=True)

    assert "Periode SKP 2026 sudah ditutup: hasilnya hanya dapat dilihat." in page
    assert "Simpan predikat organisasi" not in page


# --- the unit picker ---------------------------------------------------------------------------

def test_the_unit_picker_suggests_the_units_whose_path_holds_the_text(org, login_as):
    seksi = add_unit(org, "Seksi Identitas Penduduk")
    add_unit(org, "Seksi Pindah Datang")
    client = login_as(org.committee)

    found = client.get("/calibration/units", htmx=True,
                       query_string={"agency": org.agency_id, "unit_q": "IDENTITAS"})
    plain = client.get("/calibration/units", query_string={"agency": org.agency_id,
                                                           "unit_q": "identitas"})

    options = re.findall(r'<option value="([^"]+)">', found.get_data(as_text=True))
    assert found.status_code == 200 and len(options) == 1
    assert options[0].endswith(" › Seksi Identitas Penduduk")
    assert plain.status_code == 303 and "unit_q=identitas" in plain.headers["Location"]
    assert login_as(org.other_committee).get("/calibration/units", htmx=True, query_string={
        "agency": org.agency_id, "unit_q": "Seksi"}).status_code == 403
    assert seksi


def test_a_typed_unit_naming_one_unit_shows_it_and_pushes_its_address(org, login_as, rules):
    seksi = add_unit(org, "Seksi Identitas Penduduk")
    client = login_as(org.committee)

    plain = client.get("/calibration/", query_string={"agency": org.agency_id,
                                                      "unit_q": "identitas penduduk"})
    swapped = client.get("/calibration/", htmx=True, query_string={
        "agency": org.agency_id, "unit_q": "  Seksi Identitas Penduduk "})

    assert plain.status_code == 200
    assert "Sebaran predikat: Seksi Identitas Penduduk" in plain.get_data(as_text=True)
    assert f'<input type="hidden" name="unit" value="{seksi}">' in plain.get_data(as_text=True)
    assert swapped.headers["HX-Push-Url"] == (
        f"/calibration/?period={org.period_id}&agency={org.agency_id}&unit={seksi}")


def test_a_typed_unit_naming_several_offers_them_and_keeps_the_unit_shown(org, login_as, rules):
    first, second = add_unit(org, "Seksi Umum Satu"), add_unit(org, "Seksi Umum Dua")
    client = login_as(org.committee)

    page = client.get("/calibration/", query_string={"agency": org.agency_id, "unit": first,
                                                     "unit_q": "seksi umum"})
    html = page.get_data(as_text=True)

    assert page.status_code == 200
    choice = html.split('id="unit-choice"')[1].split("</div>")[0]
    assert f"unit={first}" in choice and f"unit={second}" in choice
    assert "Sebaran predikat: Seksi Umum Satu" in html  # still the unit shown before
    assert 'value="seksi umum"' in html  # the text typed is kept


def test_a_typed_unit_naming_none_is_refused_with_the_text_kept(org, login_as, rules):
    client = login_as(org.committee)

    page = client.get("/calibration/", query_string={"agency": org.agency_id,
                                                     "unit_q": "Bidang Tak Ada"})
    blank = client.get("/calibration/", query_string={"agency": org.agency_id, "unit": add_unit(
        org, "Seksi Lain"), "unit_q": ""})

    html = page.get_data(as_text=True)
    assert page.status_code == 422
    assert "Tidak ada unit kerja di instansi ini yang namanya memuat “Bidang Tak Ada”." in html
    assert 'value="Bidang Tak Ada"' in html
    assert "Sebaran predikat: Seluruh instansi" in blank.get_data(as_text=True)  # blank: all


def test_a_change_refused_without_javascript_shows_the_page_its_row_was_on(org, login_as, rules):
    seksi = add_unit(org, "Seksi Identitas")
    staff(org, seksi, ["baik"] * 12)  # two pages of ten
    client = login_as(org.committee)
    second = client.get("/calibration/", query_string={"agency": org.agency_id, "unit": seksi,
                                                       "page": 2}).get_data(as_text=True)
    aid = int(re.findall(r'<tr id="calibration-row-(\d+)">', second)[-1])
    opened = client.get(f"/calibration/assessments/{aid}/ratings", headers={
        "Referer": f"http://localhost/calibration/?agency={org.agency_id}&unit={seksi}&page=2"})
    form_page = client.get(opened.headers["Location"]).get_data(as_text=True)
    view = re.search(r'name="view" value="([^"]+)"',
                     form_page.split(f'id="calibration-row-{aid}"')[1]).group(1)

    refused = client.post(f"/calibration/assessments/{aid}/ratings", htmx=False, data=row_form(
        aid, version_of(aid), "above", "above", view=view.replace("&amp;", "&")))

    html = refused.get_data(as_text=True)
    assert "page=2" in view
    assert refused.status_code == 422 and "Alasan wajib diisi." in html
    assert re.findall(r'<tr id="calibration-row-(\d+)">', html) == re.findall(
        r'<tr id="calibration-row-(\d+)">', second)  # page 2, with the refused row
    assert stored_predikat(aid) == "baik"


def stored_predikat(aid: int) -> str:
    db.session.expire_all()
    return db.session.get(Assessment, aid).predikat
