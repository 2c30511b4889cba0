"""The service catalogue over HTTP (BKD admins only): services with generated codes, officers
found by name or NIP, QR codes and counter cards; and the IKM reports, which an agency's
approver (the Kepala Dinas) may read for their own agency only."""
from __future__ import annotations

import datetime as dt
import itertools
import re

import pytest
import sqlalchemy as sa

from portal.extensions import db
from portal.models import Service, ServiceOfficer, SurveyResponse, Unit
from portal.services.feedback import catalogue
from tests.http.helpers import counting_queries, make_service

BASE = "https://kinerja.jambiprov.go.id"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(autouse=True)
def _base_url(app):
    app.config["PORTAL_BASE_URL"] = BASE + "/"


def bidang_id(org) -> int:
    return db.session.scalar(sa.select(Unit.id).where(
        Unit.name == "Bidang Pelayanan Pendaftaran Penduduk"))


def the_service(name: str) -> Service | None:
    db.session.expire_all()
    return db.session.scalar(sa.select(Service).where(Service.name == name))


SERVICE_FORM = {"name": "Penerbitan Akta Kelahiran", "standard_value": "2",
                "standard_unit": "hours", "active": "y"}


# --- services ---------------------------------------------------------------------------------

def test_an_admin_creates_a_service_whose_code_is_generated(org, login_as):
    admin = login_as(org.admin)
    picker = admin.get("/catalogue/services/new").get_data(as_text=True)
    assert "Dinas Kependudukan dan Pencatatan Sipil" in picker and 'name="agency"' in picker
    form = admin.get(f"/catalogue/services/new?agency={org.agency_id}").get_data(as_text=True)
    assert "Bidang Pelayanan Pendaftaran Penduduk" in form
    assert "Dinas Kesehatan" not in re.search(r'<select id="unit_id".*?</select>', form, re.S)[0]

    response = admin.post(f"/catalogue/services/new?agency={org.agency_id}", htmx=False,
                          data={**SERVICE_FORM, "unit_id": bidang_id(org), "code": "abc"})

    service = the_service("Penerbitan Akta Kelahiran")
    assert response.status_code == 303
    assert response.headers["Location"] == f"/catalogue/services/{service.id}"
    assert service.unit_id == bidang_id(org)
    assert service.standard_minutes == 120
    assert service.active is True
    assert re.fullmatch(f"[{catalogue.CODE_ALPHABET}]{{6}}", service.code)
    page = admin.get(response.headers["Location"]).get_data(as_text=True)
    assert service.code in page and f"{BASE}/s/{service.code}" in page


def test_a_service_name_taken_in_the_unit_is_refused_with_the_input_kept(org, login_as):
    make_service(org, name="Penerbitan Akta Kelahiran")

    response = login_as(org.admin).post(
        f"/catalogue/services/new?agency={org.agency_id}", htmx=False,
        data={**SERVICE_FORM, "name": "penerbitan akta kelahiran", "unit_id": bidang_id(org)})

    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Unit ini sudah memiliki layanan dengan nama tersebut." in html
    assert 'value="penerbitan akta kelahiran"' in html
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Service)) == 1


def test_an_admin_edits_a_service_and_its_code_stays(org, login_as):
    service = make_service(org)
    code = service.code

    response = login_as(org.admin).post(
        f"/catalogue/services/{service.id}", htmx=False,
        data={"name": "Penerbitan KTP-el Baru", "unit_id": service.unit_id,
              "standard_value": "45", "standard_unit": "minutes", "code": "zzzzzz"})

    assert response.status_code == 303
    service = the_service("Penerbitan KTP-el Baru")
    assert (service.code, service.standard_minutes, service.active) == (code, 45, False)


def test_the_catalogue_lists_services_by_agency_and_unit_in_constant_queries(org, login_as):
    admin = login_as(org.admin)
    make_service(org, name="Layanan 0", officers=(org.asn,))
    admin.get("/catalogue/")  # warm up: the login, the session's user

    def page() -> tuple[int, str]:
        with counting_queries() as statements:
            html = admin.get("/catalogue/").get_data(as_text=True)
        return len(statements), html

    few, _ = page()
    for n in range(1, 8):
        make_service(org, name=f"Layanan {n}", officers=(org.asn, org.peer))
    make_service(org, name="Imunisasi", agency="dinkes", officers=(org.outsider,))
    many, html = page()

    assert many == few
    assert "Dinas Kesehatan · Dinas Kesehatan" in html
    assert "Layanan 7" in html and "Imunisasi" in html


# --- officers ---------------------------------------------------------------------------------

def test_the_officer_search_finds_employees_of_the_agency_by_name_or_nip(org, login_as):
    service = make_service(org, officers=(org.peer,))
    admin = login_as(org.admin)
    url = f"/catalogue/services/{service.id}/officers/search"

    by_name = admin.get(f"{url}?q=andi", htmx=True)
    by_nip = admin.get(f"{url}?q=19900110", htmx=True).get_data(as_text=True)
    outsider = admin.get(f"{url}?q=Budi", htmx=True).get_data(as_text=True)
    assigned = admin.get(f"{url}?q=Siti", htmx=True).get_data(as_text=True)

    assert by_name.status_code == 200
    html = by_name.get_data(as_text=True)
    assert html.lstrip().startswith('<div id="officer-results"') and "<html" not in html
    assert "Andi Pratama" in html and "Andi Pratama" in by_nip
    assert "Budi Hartono" not in outsider and "Tidak ada pegawai aktif" in outsider
    assert "Siti Nurhaliza" not in assigned  # already an officer
    page = admin.get(f"{url}?q=andi").get_data(as_text=True)  # without JavaScript: the page
    assert "<html" in page and "Andi Pratama" in page


def test_an_admin_assigns_and_removes_officers_each_with_their_own_code(org, login_as):
    service = make_service(org)
    admin = login_as(org.admin)

    response = admin.post(f"/catalogue/services/{service.id}/officers",
                          {"employee_id": org.asn.employee_id})

    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert html.lstrip().startswith('<section id="officers"')
    officer = db.session.scalar(sa.select(ServiceOfficer))
    assert officer.employee_id == org.asn.employee_id
    assert re.fullmatch(f"[{catalogue.CODE_ALPHABET}]{{6}}", officer.code)
    assert officer.code != service.code
    assert f"{BASE}/s/{service.code}/{officer.code}" in html

    response = admin.post(f"/catalogue/services/{service.id}/officers/{officer.id}/delete",
                          htmx=False)

    assert response.status_code == 303
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ServiceOfficer)) == 0


@pytest.mark.parametrize("who", ["outsider", "asn"])
def test_an_officer_from_another_agency_or_named_twice_is_refused(org, login_as, who):
    service = make_service(org, officers=(org.asn,))

    response = login_as(org.admin).post(f"/catalogue/services/{service.id}/officers",
                                        {"employee_id": getattr(org, who).employee_id})

    assert response.status_code == 422
    message = {"outsider": "Pilih pegawai aktif dari instansi unit layanan ini.",
               "asn": "Pegawai ini sudah menjadi petugas layanan ini."}[who]
    assert message in response.get_data(as_text=True)
    db.session.expire_all()
    assert [o.employee_id for o in service.officers] == [org.asn.employee_id]


# --- QR codes and the counter card ------------------------------------------------------------

def test_the_qr_codes_download_as_png_and_svg_encoding_the_survey_link(org, login_as):
    service = make_service(org, officers=(org.asn,))
    officer = service.officers[0]
    admin = login_as(org.admin)

    png = admin.get(f"/catalogue/services/{service.id}/qr.png")
    svg = admin.get(f"/catalogue/services/{service.id}/qr.svg")
    officer_png = admin.get(f"/catalogue/services/{service.id}/officers/{officer.id}/qr.png")

    assert png.status_code == svg.status_code == officer_png.status_code == 200
    assert png.mimetype == "image/png" and png.data.startswith(PNG_MAGIC)
    assert png.headers["Content-Disposition"] == f'attachment; filename="skm-{service.code}.png"'
    assert svg.mimetype == "image/svg+xml" and b"<svg" in svg.data
    # The same link drawn by segno gives the same image: the code encodes exactly this link.
    link = f"{BASE}/s/{service.code}"
    assert png.data == catalogue.qr_image(link, "png")
    assert svg.data == catalogue.qr_image(link, "svg")
    assert link.encode() in svg.data  # the SVG's title
    assert officer_png.data == catalogue.qr_image(f"{link}/{officer.code}", "png")


def test_an_unknown_qr_format_or_an_officer_of_another_service_is_not_found(org, login_as):
    service = make_service(org)
    other = make_service(org, name="Kartu Keluarga", officers=(org.asn,))
    admin = login_as(org.admin)

    assert admin.get(f"/catalogue/services/{service.id}/qr.gif").status_code == 404
    assert admin.get(f"/catalogue/services/{service.id}/officers/"
                     f"{other.officers[0].id}/qr.png").status_code == 404


def test_the_counter_card_shows_the_service_the_qr_code_and_the_short_link(org, login_as):
    service = make_service(org, officers=(org.asn,))
    officer = service.officers[0]

    html = login_as(org.admin).get(
        f"/catalogue/services/{service.id}/officers/{officer.id}/card").get_data(as_text=True)

    assert "Penerbitan KTP-el" in html and "Bidang Pelayanan Pendaftaran Penduduk" in html
    assert "Andi Pratama" in html
    assert "Pindai untuk menilai layanan kami" in html  # said in Indonesian
    assert "Scan" not in html
    assert f"{BASE}/s/{service.code}/{officer.code}" in html
    assert f'src="/catalogue/services/{service.id}/officers/{officer.id}/qr.svg"' in html


@pytest.mark.parametrize("who", ["asn", "head", "committee"])
@pytest.mark.parametrize("path", ["/catalogue/", "/catalogue/services/new",
                                  "/catalogue/services/{id}", "/catalogue/services/{id}/qr.png",
                                  "/catalogue/services/{id}/card"])
def test_the_catalogue_refuses_everyone_but_admins(org, login_as, who, path):
    service = make_service(org)

    response = login_as(getattr(org, who)).get(path.format(id=service.id))

    assert response.status_code == 403


def test_officers_cannot_be_changed_by_non_admins(org, login_as):
    service = make_service(org)

    response = login_as(org.head).post(f"/catalogue/services/{service.id}/officers",
                                       {"employee_id": org.asn.employee_id})

    assert response.status_code == 403
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ServiceOfficer)) == 0


def test_the_catalogue_asks_anonymous_visitors_to_log_in(app, org):
    response = app.test_client().get("/catalogue/")

    assert response.status_code == 302
    assert "/auth/login" in response.headers["Location"]


# --- IKM reports ------------------------------------------------------------------------------

_tokens = itertools.count()


def respond(service: Service, answers: list[int | None], at: dt.datetime,
            officer_persona=None, comment: str | None = None, **profile) -> None:
    """Store one response as submitted at `at` (UTC), with the respondent profile given."""
    db.session.add(SurveyResponse(
        service_id=service.id, officer_id=officer_persona.employee_id if officer_persona else None,
        submitted_at=at, comment=comment, client_key="k" * 64,
        form_token=f"token-{next(_tokens)}", **profile,
        **dict(zip(SurveyResponse.ELEMENTS, answers, strict=True))))
    db.session.commit()


@pytest.fixture
def surveyed(org):
    """KTP-el (Dukcapil) answered three times in the second quarter of 2026, once in the fourth;
    Imunisasi (Dinas Kesehatan) once."""
    ktp = make_service(org, officers=(org.asn,))
    imunisasi = make_service(org, name="Imunisasi", agency="dinkes")
    utc = dt.timezone.utc
    respond(ktp, [4] * 9, dt.datetime(2026, 5, 4, 2, tzinfo=utc), org.asn)
    respond(ktp, [3] * 9, dt.datetime(2026, 5, 5, 2, tzinfo=utc), org.asn)
    # 00:30 on 1 April in Jambi: the second quarter, although still 31 March in UTC.
    respond(ktp, [2, 3, 3, 4, 3, 3, 3, 2, None], dt.datetime(2026, 3, 31, 17, 30, tzinfo=utc),
            comment="Antrean panjang di pagi hari.")
    respond(ktp, [1] * 9, dt.datetime(2026, 11, 2, 2, tzinfo=utc))
    respond(imunisasi, [4] * 9, dt.datetime(2026, 5, 6, 2, tzinfo=utc))
    return ktp, imunisasi


def row(html: str, attribute: str, ident: int) -> str:
    return re.search(rf'<tr data-{attribute}="{ident}">.*?</tr>', html, re.S).group(0)


def cells(row_html: str) -> list[str]:
    return [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>",
                                                                   row_html, re.S)]


def test_the_ikm_report_matches_a_hand_computed_example(org, login_as, surveyed):
    ktp, _imunisasi = surveyed

    html = login_as(org.admin).get(
        f"/catalogue/ikm?period={org.period_id}&n=2").get_data(as_text=True)

    # Element averages of KTP-el in Q2: u1 (4+3+2)/3 = 3; u2, u3, u5-u7 (4+3+3)/3 = 3.33;
    # u4 (4+3+4)/3 = 3.67; u8 (4+3+2)/3 = 3; u9 (4+3)/2 = 3.5 (one respondent skipped it).
    # IKM = (3 + 5 × 10/3 + 11/3 + 3 + 3.5) / 9 = 3.3148 -> 82.87, B (Baik).
    expected = ["3", "3,00", "3,33", "3,33", "3,67", "3,33", "3,33", "3,33", "3,00", "3,50",
                "82,87", "B Baik"]
    assert cells(row(html, "service", ktp.id)) == expected
    assert cells(row(html, "unit", ktp.unit_id)) == expected
    # The ASN was named by the first two: every element 3.5 -> 87.50, B.
    assert cells(row(html, "officer", org.asn.employee_id)) == (
        ["2"] + ["3,50"] * 9 + ["87,50", "B Baik"])
    assert "Imunisasi" in html  # the admin sees every agency

    year = login_as(org.admin).get(f"/catalogue/ikm?period={org.period_id}&n=0")
    assert cells(row(year.get_data(as_text=True), "service", ktp.id))[0] == "4"


def test_the_ikm_report_gives_the_ikm_per_group_of_respondents_of_the_agencies_shown(
        org, login_as):
    ktp = make_service(org)
    imunisasi = make_service(org, name="Imunisasi", agency="dinkes")
    may = dt.datetime(2026, 5, 4, 2, tzinfo=dt.timezone.utc)
    respond(ktp, [4] * 9, may, sex="f", age_band="30_39", education="s1", occupation="pns")
    respond(ktp, [2] * 9, may, sex="m")
    respond(ktp, [3] * 9, may)  # no profile at all
    respond(imunisasi, [1] * 9, may, sex="f")
    url = f"/catalogue/ikm?period={org.period_id}&n=2"

    admin = login_as(org.admin).get(url).get_data(as_text=True)
    head = login_as(org.head).get(url).get_data(as_text=True)

    assert "Per kelompok responden" in admin
    # Women, all agencies: (4 + 1) / 2 = 2.5 on every element -> 62.50, D.
    assert cells(row(admin, "group", "sex-f")) == ["2"] + ["2,50"] * 9 + ["62,50", "D Tidak Baik"]
    assert cells(row(admin, "group", "sex-m"))[-2:] == ["50,00", "D Tidak Baik"]
    assert cells(row(admin, "group", "sex-none"))[0] == "1"
    assert "Perempuan" in row(admin, "group", "sex-f")
    assert cells(row(admin, "group", "age_band-30_39"))[0] == "1"
    assert cells(row(admin, "group", "age_band-40_49")) == ["0", "Belum ada responden"]
    assert cells(row(admin, "group", "age_band-none"))[0] == "3"
    # The Kepala Dinas of Dukcapil: only the KTP-el answers.
    assert cells(row(head, "group", "sex-f")) == ["1"] + ["4,00"] * 9 + ["100,00", "A Sangat Baik"]


@pytest.mark.parametrize("who", ["admin", "head"])
def test_the_ikm_report_takes_the_same_queries_however_many_services_and_officers(
        org, login_as, surveyed, who):
    client = login_as(getattr(org, who))
    url = f"/catalogue/ikm?period={org.period_id}&n=2"
    client.get(url)  # warm up: the login, the session's user

    def report() -> tuple[int, str]:
        with counting_queries() as statements:
            html = client.get(url).get_data(as_text=True)
        return len(statements), html

    few, _ = report()
    for n in range(5):
        extra = make_service(org, name=f"Layanan {n}", officers=(org.asn, org.peer))
        respond(extra, [3] * 9, dt.datetime(2026, 5, 8, 2, tzinfo=dt.timezone.utc), org.peer)
    many, html = report()

    assert many == few
    assert "Layanan 4" in html
    assert cells(row(html, "officer", org.peer.employee_id))[0] == "5"


def test_the_officers_of_the_report_come_a_page_at_a_time(app, org, login_as, surveyed):
    ktp, _imunisasi = surveyed
    catalogue.add_officer(ktp, org.peer.employee_id)  # Andi Pratama (answered), Siti Nurhaliza
    app.config["PAGE_SIZE"] = 1
    client = login_as(org.admin)
    url = f"/catalogue/ikm?period={org.period_id}&n=2"

    first = client.get(url).get_data(as_text=True)
    second = client.get(url + "&page=2").get_data(as_text=True)

    assert f'data-officer="{org.asn.employee_id}"' in first
    assert f'data-officer="{org.peer.employee_id}"' not in first
    assert 'rel="next"' in first and "page=2" in first
    assert f'data-officer="{org.peer.employee_id}"' in second
    assert cells(row(second, "officer", org.peer.employee_id))[0] == "0"  # nobody named her
    assert cells(row(first, "service", ktp.id))[-2] == "82,87"  # services are not paged


def test_the_report_defaults_to_the_open_period_and_the_whole_year(org, login_as, surveyed):
    ktp, _imunisasi = surveyed

    html = login_as(org.admin).get("/catalogue/ikm").get_data(as_text=True)

    assert "SKP 2026, Tahunan" in html
    assert cells(row(html, "service", ktp.id))[0] == "4"


def test_an_approver_reads_the_ikm_of_their_agency_only(org, login_as, surveyed):
    ktp, imunisasi = surveyed
    head = login_as(org.head)

    response = head.get(f"/catalogue/ikm?period={org.period_id}&n=2")

    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert f'data-service="{ktp.id}"' in html
    assert "Imunisasi" not in html and f'data-service="{imunisasi.id}"' not in html
    assert head.get(f"/catalogue/services/{ktp.id}/comments").status_code == 200


def test_an_officers_ikm_in_an_agency_report_counts_only_that_agencys_services(
        org, login_as, surveyed):
    _ktp, imunisasi = surveyed
    # The ASN also named at Dinas Kesehatan's service (e.g. before a transfer).
    respond(imunisasi, [1] * 9, dt.datetime(2026, 5, 7, 2, tzinfo=dt.timezone.utc), org.asn)

    own = login_as(org.head).get(f"/catalogue/ikm?period={org.period_id}&n=2")
    everything = login_as(org.admin).get(f"/catalogue/ikm?period={org.period_id}&n=2")

    assert cells(row(own.get_data(as_text=True), "officer", org.asn.employee_id)) == (
        ["2"] + ["3,50"] * 9 + ["87,50", "B Baik"])
    assert cells(row(everything.get_data(as_text=True), "officer",
                     org.asn.employee_id))[0] == "3"


def test_an_approver_of_another_agency_is_refused_the_report(org, login_as, surveyed):
    _ktp, imunisasi = surveyed
    head = login_as(org.head)  # approver of Dukcapil only

    assert head.get(f"/catalogue/ikm?agency={org.other_agency_id}").status_code == 403
    assert head.get(f"/catalogue/services/{imunisasi.id}/comments").status_code == 403


@pytest.mark.parametrize("who", ["asn", "supervisor", "committee", "outsider"])
def test_the_ikm_report_refuses_users_without_the_role(org, login_as, surveyed, who):
    ktp, _imunisasi = surveyed
    client = login_as(getattr(org, who))

    assert client.get("/catalogue/ikm").status_code == 403
    assert client.get(f"/catalogue/services/{ktp.id}/comments").status_code == 403


def test_the_comments_of_a_service_are_listed_newest_first_a_page_at_a_time(
        app, org, login_as, surveyed):
    ktp, _imunisasi = surveyed
    app.config["PAGE_SIZE"] = 2
    utc = dt.timezone.utc
    for day in (10, 11):
        respond(ktp, [3] * 9, dt.datetime(2026, 6, day, 2, tzinfo=utc),
                comment=f"Komentar {day} Juni")
    admin = login_as(org.admin)

    first = admin.get(f"/catalogue/services/{ktp.id}/comments?n=2").get_data(as_text=True)
    second = admin.get(f"/catalogue/services/{ktp.id}/comments?n=2&page=2").get_data(as_text=True)

    assert first.index("Komentar 11 Juni") < first.index("Komentar 10 Juni")
    assert "Antrean panjang" not in first and 'rel="next"' in first
    assert "Antrean panjang di pagi hari." in second and 'rel="prev"' in second
