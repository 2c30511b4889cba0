"""The admin pages of the organisation and its people: the agencies, an agency's units and
posts with holders and reporting lines, in a constant number of SQL statements; and every page
and POST refused to all but the BKD admins."""
from __future__ import annotations

import io
import re

import pytest
import sqlalchemy as sa

from portal.extensions import db
from portal.models import Agency, Employee, PeopleImport, Position, Unit, User
from portal.services.people import imports
from tests.http.helpers import counting_queries


@pytest.fixture
def dry_run(app, org, tmp_path) -> int:
    """A finished dry run of a one-row organisation file (its file kept for importing)."""
    app.config.update(IMPORT_DIR=str(tmp_path / "imports"))
    content = ("kode_instansi,nama_instansi,unit,jabatan,jenis_jabatan\n"
               "BPBD,Badan Penanggulangan Bencana Daerah,,Kepala Pelaksana,JPT Pratama\n").encode()
    job = imports.submit(db.session.get(User, org.admin.user_id), "org", "o.csv",
                         io.BytesIO(content), dry_run=True)
    return job.id


def test_the_agencies_page_lists_each_agency_with_its_size(org, login_as):
    html = login_as(org.admin).get("/people/").get_data(as_text=True)

    assert '<a href="/people/agencies/%d">Dinas Kependudukan dan Pencatatan Sipil</a>' % (
        org.agency_id) in html
    # Dukcapil: root and bidang; head, supervisor, ASN and peer.
    assert ('<td class="num">2</td>\n    <td class="num">4</td>\n    '
            '<td class="num">4</td>') in html


def test_an_agency_page_shows_its_unit_tree_and_posts_with_holders_and_supervisors(org,
                                                                                 login_as):
    html = login_as(org.admin).get(f"/people/agencies/{org.agency_id}").get_data(as_text=True)

    assert re.search(r"<li>Dinas Kependudukan dan Pencatatan Sipil <a [^>]*>ubah</a><ul>\s*"
                     r"<li>Bidang Pelayanan Pendaftaran Penduduk <a [^>]*>ubah</a></li>", html)
    assert "<th scope=\"row\">Pengelola Data Kependudukan</th>" in html
    assert "Andi Pratama</a><br><small>19900110 201503 1 003 · III/a · PNS</small>" in html
    assert ("Kepala Bidang Pelayanan Pendaftaran Penduduk<br><small>Rahmawati, S.Sos</small>"
            in html)


def _add_agencies(count: int) -> None:
    for n in range(count):
        agency = Agency(code=f"X{n}", name=f"Badan Uji {n:03d}")
        root = Unit(agency=agency, name=agency.name)
        db.session.add_all([agency, root, Position(unit=root, title="Kepala", jenis_jabatan=
                                                   "JPT Pratama")])
    db.session.commit()


def _add_posts(org, count: int) -> None:
    bidang = db.session.scalar(sa.select(Unit).where(Unit.agency_id == org.agency_id,
                                                     Unit.parent_id.is_not(None)))
    boss = db.session.get(Employee, org.supervisor.employee_id).position
    for n in range(count):
        post = Position(unit=bidang, title=f"Staf {n}", jenis_jabatan="Pelaksana", parent=boss)
        db.session.add_all([post, Employee(nip=f"1990010120150310{n:02d}", name=f"Staf {n}",
                                           golongan="II/a", jenis_jabatan="Pelaksana",
                                           position=post)])
    db.session.commit()


@pytest.mark.parametrize(("url", "grow"), [
    ("/people/", lambda org: _add_agencies(40)),
    ("/people/agencies/{agency}", lambda org: _add_posts(org, 40)),
    ("/people/imports", None),
])
def test_the_listing_pages_send_a_constant_number_of_sql_statements(org, login_as, app,
                                                                     tmp_path, url, grow):
    app.config.update(IMPORT_DIR=str(tmp_path))
    admin = login_as(org.admin)
    url = url.format(agency=org.agency_id)
    content = b"kode_instansi,nama_instansi,unit,jabatan,jenis_jabatan\nA,B,,C,Pelaksana\n"

    def grow_imports():
        for _n in range(5):
            imports.submit(db.session.get(User, org.admin.user_id), "org", "o.csv",
                           io.BytesIO(content))

    grow_imports()
    with counting_queries() as few:
        assert admin.get(url).status_code == 200
    (grow or (lambda org: grow_imports()))(org)
    with counting_queries() as many:
        assert admin.get(url).status_code == 200

    assert len(many) == len(few)


NON_ADMINS = ["asn", "supervisor", "head", "committee", "other_committee"]
PAGES = ["/people/", "/people/agencies/{agency}", "/people/imports",
         "/people/imports/org/new", "/people/imports/employees/new",
         "/people/imports/{job}", "/people/imports/{job}/progress",
         "/people/imports/{job}/report.csv", "/people/templates/org.csv",
         "/people/templates/employees.csv"]


@pytest.mark.parametrize("persona", NON_ADMINS)
def test_every_page_is_refused_to_anyone_but_an_admin(org, dry_run, login_as, persona):
    client = login_as(getattr(org, persona))

    for page in PAGES:
        url = page.format(agency=org.agency_id, job=dry_run)
        assert client.get(url).status_code == 403, url


@pytest.mark.parametrize("persona", NON_ADMINS)
def test_every_post_is_refused_to_anyone_but_an_admin(org, dry_run, login_as, persona):
    client = login_as(getattr(org, persona))
    before = db.session.scalar(sa.select(sa.func.count()).select_from(PeopleImport))
    content = b"kode_instansi,nama_instansi,unit,jabatan,jenis_jabatan\nA,B,,C,Pelaksana\n"

    for url, data in [
        ("/people/imports/org/new", {"file": (io.BytesIO(content), "o.csv"), "run": "import"}),
        ("/people/imports/employees/new", {"file": (io.BytesIO(content), "e.csv"),
                                           "run": "import", "agency_id": str(org.agency_id)}),
        (f"/people/imports/{dry_run}/apply", {}),
    ]:
        assert client.post(url, data, htmx=False).status_code == 403, url

    db.session.expire_all()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(PeopleImport)) == before
    assert db.session.scalar(sa.select(Agency).where(Agency.code == "BPBD")) is None


def test_anonymous_visitors_are_sent_to_the_login_page(org, app):
    response = app.test_client().get("/people/")

    assert response.status_code == 302
    assert response.headers["Location"].startswith("/auth/login")


def test_a_post_without_the_csrf_token_is_refused(org, dry_run, login_as):
    admin = login_as(org.admin)

    response = admin.post(f"/people/imports/{dry_run}/apply", csrf=False, htmx=False)

    assert response.status_code == 400
    assert db.session.scalar(sa.select(Agency).where(Agency.code == "BPBD")) is None
