"""Loading the organisation and its people from files: the organisation file, the employee file
with its dry run, the row-by-row report (each NIP rule among the problems), re-imports that
update and never duplicate, the reporting line set by the supervisor's NIP, accounts, and a
5,000-row file with its progress."""
from __future__ import annotations

import csv
import io
import re

import openpyxl
import pytest
import sqlalchemy as sa

from portal.extensions import db
from portal.models import (
    Agency, Assessment, AuditEvent, Employee, PeopleImport, PeopleImportRow, Position, Unit, User,
)
from portal.models.moves import Posting
from portal.people.labels import report_text
from portal.services import clock
from portal.services.people import imports
from portal.services.people.org import holders_by_position, position_parents, resolve_assessor

ORG_HEADER = ("kode_instansi", "nama_instansi", "unit", "jabatan", "jenis_jabatan", "jenjang",
              "jabatan_atasan")
ORG_ROWS = (
    ("DISKOMINFO", "Dinas Komunikasi dan Informatika", "", "Kepala Dinas", "JPT Pratama", "", ""),
    ("DISKOMINFO", "", "Bidang Aplikasi Informatika", "Kepala Bidang Aplikasi Informatika",
     "Administrator", "", "Kepala Dinas"),
    ("DISKOMINFO", "", "Bidang Aplikasi Informatika > Seksi Tata Kelola",
     "Kepala Seksi Tata Kelola", "Pengawas", "", "Kepala Bidang Aplikasi Informatika"),
    ("DISKOMINFO", "", "Bidang Aplikasi Informatika", "Pranata Komputer", "Fungsional",
     "Ahli Muda", "Kepala Bidang Aplikasi Informatika"),
)
EMP_HEADER = ("NIP", "Nama", "Gol/Ruang", "Jenis Jabatan", "Jabatan", "Jenjang", "Unit Kerja",
              "NIP Atasan", "E-mail", "Status ASN")
HEAD_NIP, KABID_NIP, STAFF_NIP, PPPK_NIP = (
    "197207141998031004", "198001012005011001", "199001012015032002", "199203152022212001")
EMP_ROWS = (
    (HEAD_NIP, "Dr. Ir. Ahmad Fauzi, M.T.", "IV/c", "JPT Pratama", "Kepala Dinas", "",
     "Dinas Komunikasi dan Informatika", "", "ahmad.fauzi@jambiprov.go.id", "PNS"),
    (KABID_NIP, "Rina Marlina, S.Kom., M.M.", "IV/a", "Administrator",
     "Kepala Bidang Aplikasi Informatika", "", "Bidang Aplikasi Informatika", HEAD_NIP, "", ""),
    # The staff member comes before her supervisor's own row is needed: the order is free.
    (STAFF_NIP, "Dewi Lestari, S.T.", "III/a", "Fungsional", "Pranata Komputer", "Ahli Muda",
     "Bidang Aplikasi Informatika", KABID_NIP, "", "PNS"),
    ("19900101 201503 1 003", "Bayu Saputra", "III a", "JFU", "Pengelola Data", "",
     "Seksi Tata Kelola", "198001012005011001", "", ""),
    (PPPK_NIP, "Nurul Hidayah, A.Md.", "IX", "Pelaksana", "Pengelola Data", "",
     "Bidang Aplikasi Informatika > Seksi Tata Kelola", KABID_NIP, "", "PPPK"),
)


def csv_bytes(header, rows, delimiter=",") -> bytes:
    """The rows as a spreadsheet saves them: UTF-8 with a BOM, names with commas quoted."""
    out = io.StringIO()
    out.write("\ufeff")
    csv.writer(out, delimiter=delimiter).writerows([header, *rows])
    return out.getvalue().encode()


@pytest.fixture
def inline(app, tmp_path):
    """Import files under tmp_path (the jobs run within the request, as every test's do)."""
    app.config.update(IMPORT_DIR=str(tmp_path / "imports"))


def admin_user(org) -> User:
    return db.session.get(User, org.admin.user_id)


def import_org(org, rows=ORG_ROWS, dry_run=False) -> PeopleImport:
    return imports.submit(admin_user(org), "org", "organisasi.csv",
                          io.BytesIO(csv_bytes(ORG_HEADER, rows)), dry_run=dry_run)


def agency_id(code="DISKOMINFO") -> int:
    return db.session.scalar(sa.select(Agency.id).where(Agency.code == code))


def upload(client, content: bytes, kind="employees", run="import", filename="pegawai.csv",
           **fields):
    return client.post(f"/people/imports/{kind}/new",
                       {"file": (io.BytesIO(content), filename), "run": run, **fields},
                       htmx=False)


def latest() -> PeopleImport:
    db.session.expire_all()
    return db.session.scalar(sa.select(PeopleImport).order_by(PeopleImport.id.desc()))


def totals(job: PeopleImport) -> tuple:
    return (job.status, job.processed_rows, job.error_rows, job.inserted_rows, job.updated_rows,
            job.unchanged_rows)


def report(job: PeopleImport, problems_only=False) -> list[tuple]:
    lines, _more = imports.report_page(job.id, 1, 10_000, problems_only=problems_only)
    return [(line.row_no, line.column, line.key, line.value, line.before) for line in lines]


def people_state() -> list[tuple]:
    """Everything an employee import may write, as stored."""
    db.session.expire_all()
    employees = db.session.execute(
        sa.select(Employee.nip, Employee.name, Employee.golongan, Employee.jenis_jabatan,
                  Employee.asn_status, Employee.active, Employee.position_id)
        .order_by(Employee.nip)).all()
    posts = db.session.execute(
        sa.select(Position.id, Position.unit_id, Position.title, Position.jenis_jabatan,
                  Position.jenjang, Position.parent_id).order_by(Position.id)).all()
    users = db.session.execute(
        sa.select(User.employee_id, User.email, User.display_name, User.password_hash,
                  User.must_change_password).order_by(User.id)).all()
    units = db.session.execute(sa.select(Unit.id, Unit.parent_id, Unit.name)).all()
    agencies = db.session.execute(sa.select(Agency.id, Agency.code, Agency.name)).all()
    return [tuple(map(tuple, rows)) for rows in (employees, posts, users, units, agencies)]


def employee(nip: str) -> Employee:
    db.session.expire_all()
    return db.session.scalar(sa.select(Employee).where(Employee.nip == nip))


# --- the organisation file --------------------------------------------------------------------

def test_the_organisation_file_makes_agencies_units_and_posts_with_reporting_lines(
        org, inline, login_as):
    admin = login_as(org.admin)

    response = upload(admin, csv_bytes(ORG_HEADER, ORG_ROWS), kind="org")

    job = latest()
    assert response.status_code == 303
    assert response.headers["Location"] == f"/people/imports/{job.id}"
    assert totals(job) == ("done", 4, 0, 4, 0, 0)
    agency = db.session.get(Agency, agency_id())
    assert agency.name == "Dinas Komunikasi dan Informatika"
    units = {unit.name: unit for unit in db.session.scalars(
        sa.select(Unit).where(Unit.agency_id == agency.id))}
    assert units["Dinas Komunikasi dan Informatika"].parent_id is None  # the root
    assert units["Seksi Tata Kelola"].parent_id == units["Bidang Aplikasi Informatika"].id
    posts = {p.title: p for p in db.session.scalars(
        sa.select(Position).join(Unit).where(Unit.agency_id == agency.id))}
    assert posts["Kepala Bidang Aplikasi Informatika"].parent_id == posts["Kepala Dinas"].id
    assert posts["Kepala Seksi Tata Kelola"].parent_id == posts[
        "Kepala Bidang Aplikasi Informatika"].id
    assert (posts["Pranata Komputer"].jenis_jabatan, posts["Pranata Komputer"].jenjang) == (
        "Fungsional Ahli Muda", "Ahli Muda")
    assert (4, "unit", "new", "Bidang Aplikasi Informatika > Seksi Tata Kelola", "") in report(job)


def test_the_same_organisation_file_twice_changes_nothing_the_second_time(org, inline):
    import_org(org)
    before = people_state()

    job = import_org(org)

    assert totals(job) == ("done", 4, 0, 0, 0, 4)
    assert people_state() == before


def test_an_organisation_file_reports_a_missing_superior_post_and_what_depends_on_it(
        org, inline):
    rows = (ORG_ROWS[0],
            ("DISKOMINFO", "", "Bidang A", "Kepala Bidang A", "Administrator", "", "Kadis"),
            ("DISKOMINFO", "", "Bidang A", "Analis", "Fungsional", "", "Kepala Bidang A"),
            ("DISKOMINFO", "", "Bidang A", "Pengolah Data", "Pelaksana", "", "Kepala Bidang A"))

    job = import_org(org, rows)

    assert report(job, problems_only=True) == [
        (3, "jabatan_atasan", "unknown_parent_position", "Kadis", ""),
        (4, "jenjang", "jenjang_required", "", ""),
        (5, "jabatan_atasan", "parent_refused", "3", ""),
    ]
    assert totals(job) == ("done", 4, 3, 1, 0, 0)


# --- the employee file: dry run and report ----------------------------------------------------

def test_a_dry_run_changes_nothing_and_shows_what_would_change(org, inline, login_as):
    import_org(org)
    admin = login_as(org.admin)
    before = people_state()

    upload(admin, csv_bytes(EMP_HEADER, EMP_ROWS, delimiter=";"), run="dry_run",
           agency_id=str(agency_id()))

    job = latest()
    assert people_state() == before
    assert job.dry_run and totals(job) == ("done", 5, 0, 5, 0, 0)
    assert (3, "nip", "new", f"{KABID_NIP} Rina Marlina, S.Kom., M.M.", "") in report(job)
    html = admin.get(f"/people/imports/{job.id}").get_data(as_text=True)
    assert "Hasil uji coba" in html
    assert "Uji coba selesai: tidak ada yang disimpan." in html
    assert re.search(r"<dt>Baru</dt><dd>5</dd>", html)
    assert "Impor berkas ini" in html


def test_a_dry_run_is_imported_from_its_report(org, inline, login_as):
    import_org(org)
    admin = login_as(org.admin)
    upload(admin, csv_bytes(EMP_HEADER, EMP_ROWS), run="dry_run", agency_id=str(agency_id()))
    dry_run = latest()

    response = admin.post(f"/people/imports/{dry_run.id}/apply", htmx=False)

    job = latest()
    assert response.status_code == 303
    assert response.headers["Location"] == f"/people/imports/{job.id}"
    assert not job.dry_run and totals(job) == ("done", 5, 0, 5, 0, 0)
    assert employee(STAFF_NIP).name == "Dewi Lestari, S.T."
    # The dry run's file passed to the import: it cannot be imported twice.
    again = admin.post(f"/people/imports/{dry_run.id}/apply", htmx=False)
    assert again.status_code == 409
    assert "tidak disimpan lagi" in again.get_data(as_text=True)


def test_the_import_places_people_in_posts_under_their_supervisors(org, inline):
    import_org(org)

    job = imports.submit(admin_user(org), "employees", "pegawai.csv",
                         io.BytesIO(csv_bytes(EMP_HEADER, EMP_ROWS)), agency_id=agency_id(),
                         dry_run=False)

    assert totals(job) == ("done", 5, 0, 5, 0, 0)
    staff, kabid, head = employee(STAFF_NIP), employee(KABID_NIP), employee(HEAD_NIP)
    # Staff took the vacant post the organisation file declared; others got new posts.
    assert staff.position.title == "Pranata Komputer" and staff.position.jenjang == "Ahli Muda"
    assert staff.jenis_jabatan == "Fungsional Ahli Muda" and staff.golongan == "III/a"
    assert kabid.position.title == "Kepala Bidang Aplikasi Informatika"
    parents, holders = position_parents(), holders_by_position()
    assert resolve_assessor(staff.position_id, parents, holders) == kabid.id
    assert resolve_assessor(kabid.position_id, parents, holders) == head.id
    bayu = employee("199001012015031003")
    assert bayu.position.unit.name == "Seksi Tata Kelola"
    assert resolve_assessor(bayu.position_id, parents, holders) == kabid.id
    pppk = employee(PPPK_NIP)
    assert (pppk.asn_status, pppk.golongan) == ("PPPK", "IX")


def test_new_employees_get_accounts_that_must_set_a_password_first(org, inline, app):
    import_org(org)
    imports.submit(admin_user(org), "employees", "pegawai.csv",
                   io.BytesIO(csv_bytes(EMP_HEADER, EMP_ROWS)), agency_id=agency_id(),
                   dry_run=False)

    head = db.session.scalar(sa.select(User).join(Employee).where(Employee.nip == HEAD_NIP))
    assert head.email == "ahmad.fauzi@jambiprov.go.id"
    assert head.must_change_password and head.display_name == "Dr. Ir. Ahmad Fauzi, M.T."
    assert not head.check_password("") and not head.check_password("!")
    page = app.test_client().get("/auth/login").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = app.test_client().post("/auth/login", data={
        "login": HEAD_NIP, "password": "!", "csrf_token": csrf})
    assert response.status_code != 302  # no shared or empty password opens the account


NIP_CASES = [
    ("1990010120150310", "nip_length"),
    ("19900101201503100A", "nip_length"),
    ("199002302015031003", "nip_birth_date"),
    ("199001012015131003", "nip_appointment"),
    ("199001011985031003", "nip_appointment_before_birth"),
    ("199001012005031003", "nip_appointment_too_young"),
    ("199001012015033003", "nip_sex"),
]


@pytest.mark.parametrize(("nip", "problem"), NIP_CASES, ids=[case[1] for case in NIP_CASES])
def test_each_nip_rule_is_reported_with_its_reason(app, org, inline, login_as, nip, problem):
    import_org(org)
    admin = login_as(org.admin)
    row = (nip, "Pegawai Uji", "III/a", "Pelaksana", "Pengelola Data", "",
           "Bidang Aplikasi Informatika", "", "", "")

    upload(admin, csv_bytes(EMP_HEADER, [row]), agency_id=str(agency_id()))

    job = latest()
    assert report(job) == [(2, "nip", problem, nip, "")]
    assert totals(job) == ("done", 1, 1, 0, 0, 0)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Employee).where(
        Employee.name == "Pegawai Uji")) == 0
    html = admin.get(f"/people/imports/{job.id}").get_data(as_text=True)
    assert f"<td class=\"num\">2</td><td>nip</td>" in html
    with app.test_request_context():
        assert report_text(problem, nip) in html


def test_bad_rows_are_reported_by_row_and_column(org, inline):
    import_org(org)
    rows = [
        EMP_ROWS[0],
        ("198501012010011001", "", "III/z", "Fungsional", "Analis", "", "Bidang Hilang", "", "x@",
         "Honorer"),
        ("198601012010011002", "Rudi", "III/b", "Fungsional", "Analis", "Ahli Muda",
         "Bidang Aplikasi Informatika", "197001011995031099", "", ""),
        (HEAD_NIP, "Kepala Lagi", "IV/c", "JPT Pratama", "Kepala Dinas", "",
         "Dinas Komunikasi dan Informatika", "", "", ""),
        ("198701012010011003", "Sari", "III/b", "Pelaksana", "Staf", "", "Seksi Tata Kelola",
         "198501012010011001", "", ""),
        ("198801012010011004", "Tari", "III/b", "Pelaksana", "Staf", "", "Seksi Tata Kelola",
         "", "Ahmad.Fauzi@jambiprov.go.id", ""),
    ]

    job = imports.submit(admin_user(org), "employees", "pegawai.csv",
                         io.BytesIO(csv_bytes(EMP_HEADER, rows)), agency_id=agency_id(),
                         dry_run=False)

    assert report(job, problems_only=True) == [
        (3, "status", "unknown_status", "Honorer", ""),
        (3, "nama", "required", "", ""),
        (3, "golongan", "unknown_golongan", "III/z", ""),
        (3, "jenjang", "jenjang_required", "", ""),
        (3, "email", "email_format", "x@", ""),
        (4, "nip_atasan", "unknown_supervisor", "197001011995031099", ""),
        (5, "nip", "duplicate_nip", "2", ""),
        (6, "nip_atasan", "supervisor_refused", "3", ""),
        (7, "email", "duplicate_email", "2", ""),
    ]
    assert totals(job) == ("done", 6, 5, 1, 0, 0)
    assert employee(HEAD_NIP).name == "Dr. Ir. Ahmad Fauzi, M.T."  # the first row counts


def test_an_unknown_unit_is_reported(org, inline):
    import_org(org)
    row = ("198501012010011001", "Tono", "III/a", "Pelaksana", "Staf", "", "Bidang Hilang",
           "", "", "")

    job = imports.submit(admin_user(org), "employees", "p.csv",
                         io.BytesIO(csv_bytes(EMP_HEADER, [row])), agency_id=agency_id(),
                         dry_run=True)

    assert report(job) == [(2, "unit", "unknown_unit", "Bidang Hilang", "")]


def test_a_file_without_the_required_columns_is_rejected(org, inline, login_as):
    import_org(org)
    admin = login_as(org.admin)

    upload(admin, csv_bytes(("nip", "nama"), [(STAFF_NIP, "Dewi")]), agency_id=str(agency_id()))

    job = latest()
    assert job.status == "rejected"
    assert [line[:3] for line in report(job)] == [
        (1, "golongan", "missing_column"), (1, "jenis_jabatan", "missing_column"),
        (1, "jabatan", "missing_column"), (1, "unit", "missing_column")]
    html = admin.get(f"/people/imports/{job.id}").get_data(as_text=True)
    assert "tidak memuat semua kolom wajib" in html


# --- re-imports ----------------------------------------------------------------------------

def test_a_reimport_updates_changed_cells_and_never_duplicates_a_person(org, inline):
    import_org(org)
    content = csv_bytes(EMP_HEADER, EMP_ROWS)
    imports.submit(admin_user(org), "employees", "a.csv", io.BytesIO(content),
                   agency_id=agency_id(), dry_run=False)
    count = db.session.scalar(sa.select(sa.func.count()).select_from(Employee))
    promoted = list(EMP_ROWS)
    promoted[2] = (STAFF_NIP, "Dewi Lestari, S.T., M.Kom.", "III/b", "Fungsional",
                   "Pranata Komputer", "Ahli Muda", "Bidang Aplikasi Informatika", HEAD_NIP,
                   "dewi@jambiprov.go.id", "PNS")

    job = imports.submit(admin_user(org), "employees", "b.csv",
                         io.BytesIO(csv_bytes(EMP_HEADER, promoted)), agency_id=agency_id(),
                         dry_run=False)

    assert totals(job) == ("done", 5, 0, 0, 1, 4)
    assert [line for line in report(job) if line[0] == 4] == [
        (4, "nama", "changed", "Dewi Lestari, S.T., M.Kom.", "Dewi Lestari, S.T."),
        (4, "golongan", "changed", "III/b", "III/a"),
        (4, "nip_atasan", "changed", HEAD_NIP, KABID_NIP),
        (4, "email", "changed", "dewi@jambiprov.go.id", ""),
    ]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Employee)) == count
    staff = employee(STAFF_NIP)
    assert staff.golongan == "III/b"
    assert resolve_assessor(staff.position_id, position_parents(),
                            holders_by_position()) == employee(HEAD_NIP).id
    assert db.session.scalar(sa.select(User.email).where(
        User.employee_id == staff.id)) == "dewi@jambiprov.go.id"


def test_the_same_employee_file_twice_changes_nothing_the_second_time(org, inline):
    import_org(org)
    content = csv_bytes(EMP_HEADER, EMP_ROWS)
    imports.submit(admin_user(org), "employees", "a.csv", io.BytesIO(content),
                   agency_id=agency_id(), dry_run=False)
    before = people_state()

    job = imports.submit(admin_user(org), "employees", "a.csv", io.BytesIO(content),
                         agency_id=agency_id(), dry_run=False)

    assert totals(job) == ("done", 5, 0, 0, 0, 5)
    assert report(job) == []
    assert people_state() == before


def test_an_excel_file_is_read_like_a_csv_file(org, inline):
    import_org(org)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(EMP_HEADER)
    for row in EMP_ROWS:
        sheet.append(row)
    data = io.BytesIO()
    book.save(data)

    job = imports.submit(admin_user(org), "employees", "pegawai.xlsx", io.BytesIO(data.getvalue()),
                         agency_id=agency_id(), dry_run=False)

    assert totals(job) == ("done", 5, 0, 5, 0, 0)


# --- a large file ----------------------------------------------------------------------------

def _nip(n: int, sex: int = 1) -> str:
    born = (1970 + n % 25, 1 + n // 25 % 12, 1 + n // 300 % 28)
    return f"{born[0]}{born[1]:02d}{born[2]:02d}{born[0] + 25}01{sex}{n % 1000:03d}"


def test_five_thousand_employees_import_with_progress_shown(org, inline, login_as):
    import_org(org)
    admin = login_as(org.admin)
    rows = [(HEAD_NIP, "Kepala", "IV/c", "JPT Pratama", "Kepala Dinas", "",
             "Dinas Komunikasi dan Informatika", "", "", "")]
    rows += [(_nip(n), f"Pegawai {n}", "III/a", "Pelaksana", f"Pengelola Data {n % 7}", "",
              "Bidang Aplikasi Informatika", HEAD_NIP, f"pegawai{n}@jambiprov.go.id", "")
             for n in range(4_999)]
    assert len({row[0] for row in rows}) == 5_000
    job = imports.submit(admin_user(org), "employees", "besar.csv",
                         io.BytesIO(csv_bytes(EMP_HEADER, rows)), agency_id=agency_id(),
                         dry_run=False, begin=False)
    seen, partials = [], []

    def progress(running: PeopleImport) -> None:
        seen.append((running.status, running.processed_rows, running.inserted_rows))
        if (running.status, running.processed_rows) == ("validating", 3_000):
            partials.append(admin.get(f"/people/imports/{running.id}/progress", htmx=True))

    imports.run(job.id, progress=progress)

    assert [s for s in seen if s[0] == "validating"] == [
        ("validating", n, 0) for n in range(1_000, 5_001, 1_000)]
    assert [s[2] for s in seen if s[0] == "importing"][-1] == 5_000
    partial = partials[0].get_data(as_text=True)
    assert 'hx-trigger="load delay:500ms"' in partial
    assert '<progress id="import-progress" max="100" value="60"' in partial
    assert "3.000 dari 5.000 baris diperiksa (60 %)." in partial
    assert totals(latest()) == ("done", 5_000, 0, 5_000, 0, 0)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Employee).join(
        Position).join(Unit).where(Unit.agency_id == agency_id())) == 5_000
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User).where(
        User.must_change_password)) == 5_000


def test_the_import_runs_as_a_job_on_the_queue_whose_state_is_recorded(org, inline, app):
    import_org(org)
    job = imports.submit(admin_user(org), "employees", "a.csv",
                         io.BytesIO(csv_bytes(EMP_HEADER, EMP_ROWS)), agency_id=agency_id(),
                         dry_run=False, begin=False)

    queued = imports.start(job)

    assert (queued.kind, queued.target_id, queued.state, queued.attempts) == (
        "people_import", job.id, "done", 1)
    assert totals(latest()) == ("done", 5, 0, 5, 0, 0)


def test_a_running_import_page_polls_and_refreshes_without_javascript(org, inline, login_as):
    import_org(org)
    admin = login_as(org.admin)
    job = imports.submit(admin_user(org), "employees", "a.csv",
                         io.BytesIO(csv_bytes(EMP_HEADER, EMP_ROWS)), agency_id=agency_id(),
                         begin=False)

    html = admin.get(f"/people/imports/{job.id}").get_data(as_text=True)

    assert (f'hx-get="/people/imports/{job.id}/progress" hx-trigger="load delay:500ms"') in html
    assert '<noscript><meta http-equiv="refresh" content="3"></noscript>' in html
    page = admin.get(f"/people/imports/{job.id}/progress")
    assert "HX-Request" in page.headers["Vary"] and "<html" in page.get_data(as_text=True)


# --- the upload form ----------------------------------------------------------------------

def test_an_employee_file_needs_an_agency(org, inline, login_as):
    import_org(org)
    admin = login_as(org.admin)

    response = upload(admin, csv_bytes(EMP_HEADER, EMP_ROWS), agency_id="0")

    assert response.status_code == 422
    assert "Pilih instansi yang pegawainya tercantum di berkas." in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(PeopleImport)) == 1


def test_the_report_and_the_templates_download_as_csv(org, inline, login_as):
    admin = login_as(org.admin)
    job = import_org(org, dry_run=True)

    report_csv = admin.get(f"/people/imports/{job.id}/report.csv")
    org_template = admin.get("/people/templates/org.csv").get_data(as_text=True)
    emp_template = admin.get("/people/templates/employees.csv").get_data(as_text=True)

    assert report_csv.mimetype == "text/csv"
    assert "2,kode_instansi,,DISKOMINFO Dinas Komunikasi dan Informatika,Baru" in (
        report_csv.get_data(as_text=True))
    assert org_template.strip("\ufeff\r\n") == ",".join(
        ("kode_instansi", "nama_instansi", "unit", "jabatan", "jenis_jabatan", "jenjang",
         "jabatan_atasan"))
    assert emp_template.strip("\ufeff\r\n") == ("nip,nama,golongan,jenis_jabatan,jabatan,unit,"
                                                "jenjang,nip_atasan,email,status")


def test_reports_lines_are_stored_in_file_order(org, inline):
    job = import_org(org, dry_run=True)
    rows = db.session.scalars(sa.select(PeopleImportRow.row_no).where(
        PeopleImportRow.import_id == job.id).order_by(PeopleImportRow.row_no)).all()
    assert rows == sorted(rows) and rows[0] == 2


def test_an_employee_file_over_the_row_limit_is_refused_whole(app, org, inline, login_as):
    import_org(org)
    app.config["IMPORT_MAX_ROWS"] = 4
    admin = login_as(org.admin)
    before = people_state()

    response = upload(admin, csv_bytes(EMP_HEADER, EMP_ROWS), agency_id=agency_id())

    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Berkas memuat 5 baris data; batasnya 4 baris per berkas." in html
    assert "paling banyak 4 baris data" in html  # the limit is on the page
    assert people_state() == before
    assert db.session.scalar(sa.select(sa.func.count()).select_from(PeopleImport).where(
        PeopleImport.kind == "employees")) == 0
    assert not any(imports.jobs.import_dir().glob("*"))


def test_a_reimport_that_changes_a_persons_post_records_a_move_and_their_new_assessor(
        org, inline):
    import_org(org)
    imports.submit(admin_user(org), "employees", "a.csv",
                   io.BytesIO(csv_bytes(EMP_HEADER, EMP_ROWS)), agency_id=agency_id(),
                   dry_run=False)
    bayu = employee("199001012015031003")
    before = bayu.position_id
    moved = list(EMP_ROWS)
    moved[3] = ("19900101 201503 1 003", "Bayu Saputra", "III a", "JFU", "Analis Data", "",
                "Bidang Aplikasi Informatika", HEAD_NIP, "", "")

    job = imports.submit(admin_user(org), "employees", "b.csv",
                         io.BytesIO(csv_bytes(EMP_HEADER, moved)), agency_id=agency_id(),
                         dry_run=False)

    assert job.status == "done"
    bayu = employee("199001012015031003")
    assert bayu.position_id != before
    postings = db.session.execute(
        sa.select(Posting.position_id, Posting.kind, Posting.starts_on, Posting.ends_on)
        .where(Posting.employee_id == bayu.id).order_by(Posting.id)).all()
    today = clock.today()
    assert postings == [(before, "awal", None, today), (bayu.position_id, "mutasi", today, None)]
    again = imports.submit(admin_user(org), "employees", "c.csv",
                           io.BytesIO(csv_bytes(EMP_HEADER, moved)), agency_id=agency_id(),
                           dry_run=False)
    assert again.status == "done"
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Posting)
                             .where(Posting.employee_id == bayu.id)) == 2


def test_an_import_that_changes_the_reporting_line_moves_the_assessment_to_the_new_assessor(
        org, inline):
    import_org(org)
    imports.submit(admin_user(org), "employees", "a.csv",
                   io.BytesIO(csv_bytes(EMP_HEADER, EMP_ROWS)), agency_id=agency_id(),
                   dry_run=False)
    staff = employee(STAFF_NIP)
    db.session.add(Assessment(employee_id=staff.id, period_id=org.period_id,
                              assessor_id=employee(KABID_NIP).id, agency_id=agency_id()))
    db.session.commit()
    changed = list(EMP_ROWS)
    changed[2] = (STAFF_NIP, "Dewi Lestari, S.T.", "III/a", "Fungsional", "Pranata Komputer",
                  "Ahli Muda", "Bidang Aplikasi Informatika", HEAD_NIP, "", "PNS")

    imports.submit(admin_user(org), "employees", "b.csv",
                   io.BytesIO(csv_bytes(EMP_HEADER, changed)), agency_id=agency_id(),
                   dry_run=False)

    db.session.expire_all()
    assessment = db.session.scalar(sa.select(Assessment).where(Assessment.employee_id == staff.id))
    assert assessment.assessor_id == employee(HEAD_NIP).id
    assert db.session.scalar(sa.select(AuditEvent.changes).where(
        AuditEvent.assessment_id == assessment.id, AuditEvent.trigger == "assessor_changed")) == [
        {"field": "assessor", "from": "Rina Marlina, S.Kom., M.M.",
         "to": "Dr. Ir. Ahmad Fauzi, M.T."}]
