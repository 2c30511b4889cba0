"""The organisation kept by hand by a BKD admin: agencies, units and posts with their reporting
lines; every change audited in org_events and shown on the agency page; the heads, committee
members and BKD admins listed with links to grant roles. Personas: see tests/conftest.py (the
admin acts; everyone else is refused)."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from portal.extensions import db
from portal.models import (
    Agency, Assessment, AuditEvent, Employee, OrgEvent, Position, Service, Unit, User,
)
from portal.services.people import org_admin
from tests.http.helpers import counting_queries


def _unit(agency_id: int, name: str) -> Unit:
    db.session.expire_all()
    return db.session.scalar(sa.select(Unit).where(Unit.agency_id == agency_id,
                                                   Unit.name == name))


def _root(org) -> Unit:
    return _unit(org.agency_id, "Dinas Kependudukan dan Pencatatan Sipil")


def _bidang(org) -> Unit:
    return _unit(org.agency_id, "Bidang Pelayanan Pendaftaran Penduduk")


def _post_of(persona) -> Position:
    db.session.expire_all()
    return db.session.get(Employee, persona.employee_id).position


def _events(agency_id: int) -> list[OrgEvent]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(OrgEvent).where(OrgEvent.agency_id == agency_id)
                                   .order_by(OrgEvent.id)))


def _admin(org) -> User:
    return db.session.get(User, org.admin.user_id)


# --- agencies ----------------------------------------------------------------------------------

def test_an_admin_creates_an_agency_with_its_root_unit_and_the_change_is_audited(org,
                                                                                 login_as):
    response = login_as(org.admin).post("/people/agencies/new", htmx=False, data={
        "code": "bpbd", "name": "Badan Penanggulangan Bencana Daerah"})

    agency = db.session.scalar(sa.select(Agency).where(Agency.code == "BPBD"))
    assert response.status_code == 303
    assert response.headers["Location"] == f"/people/agencies/{agency.id}"
    assert agency.name == "Badan Penanggulangan Bencana Daerah"
    assert [(u.name, u.parent_id) for u in db.session.scalars(
        sa.select(Unit).where(Unit.agency_id == agency.id))] == [(agency.name, None)]
    [event] = _events(agency.id)
    assert (event.action, event.actor_id) == ("agency_created", org.admin.user_id)
    assert {"field": "code", "from": None, "to": "BPBD"} in event.changes


def test_a_taken_code_is_refused_on_its_field_with_the_input_kept(org, login_as):
    response = login_as(org.admin).post("/people/agencies/new", htmx=False, data={
        "code": "dukcapil", "name": "Badan Baru Uji"})

    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Kode DUKCAPIL sudah dipakai instansi lain." in html
    assert 'value="Badan Baru Uji"' in html and 'value="dukcapil"' in html
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Agency)) == 3


def test_an_agency_without_a_name_is_refused_with_the_code_kept(org, login_as):
    response = login_as(org.admin).post("/people/agencies/new", htmx=False,
                                        data={"code": "BPBD", "name": "  "})

    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Isi nama instansi." in html and 'value="BPBD"' in html
    assert db.session.scalar(sa.select(Agency).where(Agency.code == "BPBD")) is None


def test_renaming_an_agency_renames_its_root_unit_and_keeps_the_old_name_in_the_history(
        org, login_as):
    response = login_as(org.admin).post(f"/people/agencies/{org.agency_id}/edit", htmx=False,
                                        data={"code": "DISDUKCAPIL",
                                              "name": "Dinas Dukcapil Provinsi Jambi"})

    assert response.status_code == 303
    agency = db.session.get(Agency, org.agency_id)
    assert (agency.code, agency.name) == ("DISDUKCAPIL", "Dinas Dukcapil Provinsi Jambi")
    assert _root(org) is None and _unit(org.agency_id, agency.name).parent_id is None
    [event] = _events(org.agency_id)
    assert event.action == "agency_changed"
    assert event.changes == [
        {"field": "code", "from": "DUKCAPIL", "to": "DISDUKCAPIL"},
        {"field": "name", "from": "Dinas Kependudukan dan Pencatatan Sipil",
         "to": "Dinas Dukcapil Provinsi Jambi"}]
    page = login_as(org.admin).get(f"/people/agencies/{org.agency_id}").get_data(as_text=True)
    assert "Instansi diubah: Dinas Kependudukan dan Pencatatan Sipil" in page
    assert "kode: DUKCAPIL → DISDUKCAPIL" in page


# --- units -------------------------------------------------------------------------------------

def test_an_admin_adds_a_unit_under_a_parent_of_the_agency(org, login_as):
    bidang = _bidang(org)

    response = login_as(org.admin).post(f"/people/agencies/{org.agency_id}/units/new",
                                        htmx=False, data={"name": "Seksi Identitas Penduduk",
                                                          "parent_id": str(bidang.id)})

    assert response.status_code == 303
    assert _unit(org.agency_id, "Seksi Identitas Penduduk").parent_id == bidang.id
    assert _events(org.agency_id)[0].action == "unit_added"


def test_a_second_top_unit_or_a_parent_of_another_agency_is_refused(org, login_as):
    admin = login_as(org.admin)
    other_root = _unit(org.other_agency_id, "Dinas Kesehatan")

    top = admin.post(f"/people/agencies/{org.agency_id}/units/new", htmx=False,
                     data={"name": "Unit Lepas", "parent_id": "0"})
    foreign = admin.post(f"/people/agencies/{org.agency_id}/units/new", htmx=False,
                         data={"name": "Unit Lepas", "parent_id": str(other_root.id)})

    assert top.status_code == 422
    assert "Pilih unit induk: instansi ini sudah mempunyai unit utama." in top.get_data(
        as_text=True)
    assert 'value="Unit Lepas"' in top.get_data(as_text=True)
    assert foreign.status_code == 422  # not among the choices
    assert _unit(org.agency_id, "Unit Lepas") is None and _events(org.agency_id) == []


def test_a_unit_name_twice_under_one_parent_is_refused(org, login_as):
    response = login_as(org.admin).post(
        f"/people/agencies/{org.agency_id}/units/new", htmx=False,
        data={"name": "bidang pelayanan  pendaftaran penduduk", "parent_id": str(_root(org).id)})

    assert response.status_code == 422
    assert "Sudah ada unit bernama" in response.get_data(as_text=True)


def test_an_admin_renames_and_moves_a_unit_and_the_history_shows_from_and_to(org, login_as):
    admin_user, bidang = _admin(org), _bidang(org)
    seksi = org_admin.add_unit(admin_user, bidang.agency, bidang.id, "Seksi A")
    other = org_admin.add_unit(admin_user, bidang.agency, _root(org).id, "Bidang Lain")

    response = login_as(org.admin).post(f"/people/units/{seksi.id}/edit", htmx=False,
                                        data={"name": "Seksi B", "parent_id": str(other.id)})

    assert response.status_code == 303
    moved = _unit(org.agency_id, "Seksi B")
    assert moved.id == seksi.id and moved.parent_id == other.id
    assert _events(org.agency_id)[-1].changes == [
        {"field": "name", "from": "Seksi A", "to": "Seksi B"},
        {"field": "parent", "from": "Bidang Pelayanan Pendaftaran Penduduk",
         "to": "Bidang Lain"}]


def test_moving_a_unit_under_its_own_descendant_is_refused(org):
    admin_user, bidang = _admin(org), _bidang(org)
    seksi = org_admin.add_unit(admin_user, bidang.agency, bidang.id, "Seksi A")
    bidang = _bidang(org)

    with pytest.raises(org_admin.Invalid, match="unit_cycle"):
        org_admin.change_unit(admin_user, bidang, bidang.name, seksi.id)

    db.session.rollback()
    assert _bidang(org).parent_id == _root(org).id


def test_a_cycle_posted_by_hand_is_refused_on_the_parent_field(org, login_as):
    bidang = _bidang(org)
    seksi = org_admin.add_unit(_admin(org), bidang.agency, bidang.id, "Seksi A")

    response = login_as(org.admin).post(f"/people/units/{bidang.id}/edit", htmx=False,
                                        data={"name": "Bidang Baru", "parent_id": str(seksi.id)})

    # The form offers no unit of the bidang's own subtree: the choice itself is refused.
    assert response.status_code == 422
    assert 'value="Bidang Baru"' in response.get_data(as_text=True)
    assert _bidang(org).parent_id == _root(org).id


def test_the_root_unit_stays_the_root(org, login_as):
    response = login_as(org.admin).post(f"/people/units/{_root(org).id}/edit", htmx=False,
                                        data={"name": "Dinas X", "parent_id": str(_bidang(org).id)})

    assert response.status_code == 422
    assert _root(org) is not None


def test_an_empty_unit_is_deleted_and_the_deletion_stays_in_the_history(org, login_as):
    bidang = _bidang(org)
    seksi = org_admin.add_unit(_admin(org), bidang.agency, bidang.id, "Seksi Kosong")

    response = login_as(org.admin).post(f"/people/units/{seksi.id}/delete", htmx=False)

    assert response.status_code == 303
    assert _unit(org.agency_id, "Seksi Kosong") is None
    assert (_events(org.agency_id)[-1].action, _events(org.agency_id)[-1].subject) == (
        "unit_deleted", "Seksi Kosong")


@pytest.mark.parametrize("content", ["post", "child", "service"])
def test_a_unit_that_holds_anything_is_not_deleted(org, login_as, content):
    bidang = _bidang(org)
    seksi = org_admin.add_unit(_admin(org), bidang.agency, bidang.id, "Seksi Isi")
    if content == "post":
        db.session.add(Position(unit_id=seksi.id, title="Staf", jenis_jabatan="Pelaksana"))
    elif content == "child":
        db.session.add(Unit(agency_id=org.agency_id, parent_id=seksi.id, name="Subseksi"))
    else:
        db.session.add(Service(unit_id=seksi.id, code="UJI-1", name="Layanan",
                               standard_minutes=10))
    db.session.commit()

    response = login_as(org.admin).post(f"/people/units/{seksi.id}/delete", htmx=False)

    assert response.status_code == 409
    assert "tidak dapat dihapus" in response.get_data(as_text=True)
    assert _unit(org.agency_id, "Seksi Isi") is not None


# --- posts -------------------------------------------------------------------------------------

def _post_form(unit: Unit, **changes) -> dict:
    return {"unit_id": str(unit.id), "title": "Analis Kebijakan", "kind": "Fungsional",
            "jenjang": "Ahli Muda", "parent_agency_id": str(unit.agency_id), "parent_id": "0",
            **changes}


def test_an_admin_adds_a_functional_post_with_its_jenjang_and_reporting_line(org, login_as):
    bidang, boss = _bidang(org), _post_of(org.supervisor)

    response = login_as(org.admin).post(f"/people/agencies/{org.agency_id}/positions/new",
                                        htmx=False,
                                        data=_post_form(bidang, parent_id=str(boss.id)))

    assert response.status_code == 303
    post = db.session.scalar(sa.select(Position).where(Position.title == "Analis Kebijakan"))
    assert (post.unit_id, post.jenis_jabatan, post.jenjang, post.parent_id) == (
        bidang.id, "Fungsional Ahli Muda", "Ahli Muda", boss.id)
    assert _events(org.agency_id)[-1].action == "position_added"


def test_a_functional_post_without_a_jenjang_is_refused(org, login_as):
    response = login_as(org.admin).post(f"/people/agencies/{org.agency_id}/positions/new",
                                        htmx=False, data=_post_form(_bidang(org), jenjang=""))

    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Jabatan fungsional wajib mempunyai jenjang" in html
    assert 'value="Analis Kebijakan"' in html
    assert db.session.scalar(sa.select(Position).where(Position.title == "Analis Kebijakan")) \
        is None


def test_a_jenjang_on_a_post_that_is_not_functional_is_refused(org, login_as):
    response = login_as(org.admin).post(f"/people/agencies/{org.agency_id}/positions/new",
                                        htmx=False, data=_post_form(_bidang(org),
                                                                    kind="Pelaksana"))

    assert response.status_code == 422
    assert "Jenjang hanya untuk jabatan fungsional" in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(Position).where(Position.title == "Analis Kebijakan")) \
        is None


def test_a_post_cannot_report_to_itself_or_to_a_post_below_it(org, login_as):
    admin, head_post, asn_post = login_as(org.admin), _post_of(org.head), _post_of(org.asn)
    form = _post_form(_root(org), title=head_post.title, kind="JPT Pratama", jenjang="")

    below = admin.post(f"/people/positions/{head_post.id}/edit", htmx=False,
                       data={**form, "parent_id": str(asn_post.id)})
    with pytest.raises(org_admin.Invalid, match="position_parent_self"):
        org_admin.change_position(_admin(org), _post_of(org.head), _root(org).id,
                                  head_post.title, "JPT Pratama", None, head_post.id)
    db.session.rollback()

    assert below.status_code == 422
    assert "garis pelaporan akan berputar" in below.get_data(as_text=True)
    assert _post_of(org.head).parent_id is None


def test_a_new_reporting_line_routes_the_assessments_under_way_to_the_new_assessor(org,
                                                                                 login_as):
    asn_post, head_post = _post_of(org.asn), _post_of(org.head)
    aid = org.assessment_id(org.asn)
    assert db.session.get(Assessment, aid).assessor_id == org.supervisor.employee_id

    response = login_as(org.admin).post(
        f"/people/positions/{asn_post.id}/edit", htmx=False,
        data=_post_form(_bidang(org), title=asn_post.title, kind="Pelaksana", jenjang="",
                        parent_id=str(head_post.id)))

    assert response.status_code == 303
    db.session.expire_all()
    assert db.session.get(Assessment, aid).assessor_id == org.head.employee_id
    assert db.session.get(Assessment, org.assessment_id(org.peer)).assessor_id == \
        org.supervisor.employee_id
    audit = db.session.scalars(sa.select(AuditEvent).where(
        AuditEvent.assessment_id == aid, AuditEvent.trigger == "assessor_changed")).one()
    assert audit.changes == [{"field": "assessor", "from": "Rahmawati, S.Sos",
                              "to": "Drs. Hendra Saputra"}]
    assert _events(org.agency_id)[-1].changes == [
        {"field": "parent", "from": "Kepala Bidang Pelayanan Pendaftaran Penduduk",
         "to": "Kepala Dinas"}]


def test_a_post_may_report_to_a_post_of_another_agency(org, login_as):
    admin, asn_post = login_as(org.admin), _post_of(org.asn)
    outsider_post = _post_of(org.outsider)
    url = f"/people/positions/{asn_post.id}/edit"
    form = _post_form(_bidang(org), title="Pengelola Data (diubah)", kind="Pelaksana",
                      jenjang="", parent_agency_id=str(org.other_agency_id))

    shown = admin.get(url, query_string=form).get_data(as_text=True)
    response = admin.post(url, htmx=False, data={**form, "parent_id": str(outsider_post.id)})

    assert 'value="Pengelola Data (diubah)"' in shown  # what was typed stays
    assert f'<option value="{outsider_post.id}">Pranata Komputer — Dinas Kesehatan' in shown
    assert response.status_code == 303
    assert _post_of(org.asn).parent_id == outsider_post.id
    db.session.expire_all()
    assert db.session.get(Assessment, org.assessment_id(org.asn)).assessor_id == \
        org.outsider.employee_id


def test_the_post_page_links_its_holder_to_the_employee_page(org, login_as):
    html = login_as(org.admin).get(f"/people/positions/{_post_of(org.asn).id}/edit") \
        .get_data(as_text=True)

    assert f'<a href="/people/employees/{org.asn.employee_id}">Andi Pratama</a>' in html
    assert '<option selected value="Pelaksana">' in html


def test_an_imported_functional_post_opens_with_its_jenjang(org, login_as):
    html = login_as(org.admin).get(f"/people/positions/{_post_of(org.outsider).id}/edit") \
        .get_data(as_text=True)

    assert '<option selected value="Fungsional">' in html
    assert '<option selected value="Terampil">' in html


# --- roles -------------------------------------------------------------------------------------

def test_the_agency_page_names_its_head_and_committee_with_links_to_grant_more(org, login_as):
    html = login_as(org.admin).get(f"/people/agencies/{org.agency_id}").get_data(as_text=True)

    assert f'<a href="/people/accounts/{org.head.user_id}">Drs. Hendra Saputra</a>' in html
    assert f'<a href="/people/accounts/{org.committee.user_id}">Yuliana Sitompul</a>' in html
    assert f'href="/people/accounts?role=committee&amp;agency={org.agency_id}"' in html
    assert "Komite Dinkes" not in html  # committee of another agency


def test_the_people_page_lists_the_bkd_admins(org, login_as):
    html = login_as(org.admin).get("/people/").get_data(as_text=True)

    assert f'<a href="/people/accounts/{org.admin.user_id}">Admin BKD</a>' in html
    assert 'href="/people/accounts?role=admin"' in html


def test_the_grant_link_carries_the_role_and_agency_to_the_accounts_grant_form(org, login_as):
    admin = login_as(org.admin)

    listing = admin.get(f"/people/accounts?role=committee&agency={org.agency_id}&q=Budi") \
        .get_data(as_text=True)
    account = admin.get(f"/people/accounts/{org.outsider.user_id}?role=committee"
                        f"&agency={org.agency_id}").get_data(as_text=True)

    assert "diberi peran Anggota tim penilai kinerja di Dinas Kependudukan" in listing
    assert (f'href="/people/accounts/{org.outsider.user_id}?role=committee&amp;'
            f'agency={org.agency_id}"') in listing
    assert '<option selected value="committee">' in account
    assert f'<option selected value="{org.agency_id}">' in account


# --- statements, history, refusals -------------------------------------------------------------

def test_the_agency_page_sends_a_constant_number_of_sql_statements_with_more_posts_and_events(
        org, login_as):
    admin = login_as(org.admin)
    admin_user, bidang = _admin(org), _bidang(org)

    def grow(count: int) -> None:
        for n in range(count):
            org_admin.add_position(admin_user, bidang.agency, bidang.id, f"Staf {n}-{count}",
                                   "Pelaksana", None, _post_of(org.supervisor).id)

    grow(2)
    with counting_queries() as few:
        assert admin.get(f"/people/agencies/{org.agency_id}").status_code == 200
    grow(30)
    with counting_queries() as many:
        assert admin.get(f"/people/agencies/{org.agency_id}").status_code == 200

    assert len(many) == len(few)


def test_the_history_page_lists_every_change_newest_first(org, login_as):
    admin_user, bidang = _admin(org), _bidang(org)
    for n in range(3):
        org_admin.add_unit(admin_user, bidang.agency, bidang.id, f"Seksi {n}")

    html = login_as(org.admin).get(f"/people/agencies/{org.agency_id}/history") \
        .get_data(as_text=True)

    assert html.index("Unit ditambahkan: Seksi 2") < html.index("Unit ditambahkan: Seksi 0")


NON_ADMINS = ["asn", "supervisor", "head", "committee"]


@pytest.mark.parametrize("persona", NON_ADMINS)
def test_every_organisation_page_and_form_is_refused_to_anyone_but_an_admin(org, login_as,
                                                                            persona):
    client = login_as(getattr(org, persona))
    bidang, post = _bidang(org), _post_of(org.asn)
    pages = ["/people/agencies/new", f"/people/agencies/{org.agency_id}/edit",
             f"/people/agencies/{org.agency_id}/history",
             f"/people/agencies/{org.agency_id}/units/new", f"/people/units/{bidang.id}/edit",
             f"/people/agencies/{org.agency_id}/positions/new",
             f"/people/positions/{post.id}/edit"]
    posts = [("/people/agencies/new", {"code": "X", "name": "X"}),
             (f"/people/agencies/{org.agency_id}/edit", {"code": "X", "name": "X"}),
             (f"/people/agencies/{org.agency_id}/units/new",
              {"name": "X", "parent_id": str(bidang.id)}),
             (f"/people/units/{bidang.id}/edit", {"name": "X", "parent_id": str(bidang.id)}),
             (f"/people/units/{bidang.id}/delete", {}),
             (f"/people/agencies/{org.agency_id}/positions/new", _post_form(bidang)),
             (f"/people/positions/{post.id}/edit", _post_form(bidang, title="X"))]

    for url in pages:
        assert client.get(url).status_code == 403, url
    for url, data in posts:
        assert client.post(url, data, htmx=False).status_code == 403, url

    assert _events(org.agency_id) == [] and _bidang(org) is not None
    assert db.session.get(Agency, org.agency_id).code == "DUKCAPIL"


@pytest.mark.parametrize("url_data", [
    lambda org: ("/people/agencies/new", {"code": "BPBD", "name": "Badan"}),
    lambda org: (f"/people/agencies/{org.agency_id}/edit", {"code": "BPBD", "name": "Badan"}),
    lambda org: (f"/people/agencies/{org.agency_id}/units/new",
                 {"name": "Seksi", "parent_id": str(_bidang(org).id)}),
    lambda org: (f"/people/units/{_bidang(org).id}/edit",
                 {"name": "Bidang X", "parent_id": str(_root(org).id)}),
    lambda org: (f"/people/agencies/{org.agency_id}/positions/new", _post_form(_bidang(org))),
    lambda org: (f"/people/positions/{_post_of(org.asn).id}/edit",
                 _post_form(_bidang(org), title="X", kind="Pelaksana", jenjang="")),
])
def test_every_organisation_form_needs_the_csrf_token(org, login_as, url_data):
    url, data = url_data(org)

    response = login_as(org.admin).post(url, data, htmx=False, csrf=False)

    assert response.status_code == 400
    assert _events(org.agency_id) == []
    assert db.session.scalar(sa.select(Agency).where(Agency.code == "BPBD")) is None


def test_deleting_a_unit_needs_the_csrf_token(org, login_as):
    bidang = _bidang(org)
    seksi = org_admin.add_unit(_admin(org), bidang.agency, bidang.id, "Seksi Kosong")

    response = login_as(org.admin).post(f"/people/units/{seksi.id}/delete", htmx=False,
                                        csrf=False)

    assert response.status_code == 400
    assert _unit(org.agency_id, "Seksi Kosong") is not None


def test_the_unit_page_links_to_adding_a_unit_below_it_or_a_post_in_it_with_the_unit_chosen(
        org, login_as):
    admin, bidang = login_as(org.admin), _bidang(org)

    page = admin.get(f"/people/units/{bidang.id}/edit").get_data(as_text=True)
    unit_form = admin.get(f"/people/agencies/{org.agency_id}/units/new?parent={bidang.id}") \
        .get_data(as_text=True)
    post_form = admin.get(f"/people/agencies/{org.agency_id}/positions/new?unit={bidang.id}") \
        .get_data(as_text=True)

    assert f'href="/people/agencies/{org.agency_id}/units/new?parent={bidang.id}"' in page
    assert f'href="/people/agencies/{org.agency_id}/positions/new?unit={bidang.id}"' in page
    assert f'<option selected value="{bidang.id}">' in unit_form
    assert f'<option selected value="{bidang.id}">' in post_form
