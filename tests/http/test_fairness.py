"""The fairness monitor (/calibration/fairness): the spread of predikat by assessor, unit,
golongan, jenis jabatan and sex, tested against the rest, with small groups hidden.

Each test generates its own agency inside the test organisation's Dukcapil: assessors (each in
a Seksi of their own, cycling over three) who rated twenty people each, written straight to the
database in state reviewed, so that each test states the spread it needs.
"""
from __future__ import annotations

import re

import sqlalchemy as sa

from portal.extensions import db
from portal.models import Assessment, Employee, Position, Unit
from portal.services.review import fairness
from tests.http.helpers import counting_queries
from tests.http.test_calibration import RATINGS_FOR

BALANCED = ["sangat_baik"] * 4 + ["baik"] * 12 + ["butuh_perbaikan"] * 4
LENIENT = ["sangat_baik"] * 18 + ["baik"] * 2


def generate(org, patterns: list[list[str]], batch: int = 0) -> list[int]:
    """One assessor per pattern, rating one employee per predikat of it; every other employee
    is a woman (NIP digit 15 is 2) and of golongan III/a, so the balanced pattern is balanced
    in every dimension. Returns the assessors' employee ids."""
    bidang = db.session.get(Employee, org.supervisor.employee_id).position
    units = [Unit(agency_id=org.agency_id, parent_id=bidang.unit_id, name=f"Seksi {batch}-{n}")
             for n in range(3)]
    db.session.add_all(units)
    assessors = []
    for a, pattern in enumerate(patterns):
        unit = units[a % 3]
        boss_post = Position(unit=unit, parent=bidang, title=f"Kepala Seksi {batch}-{a}",
                             jenis_jabatan="Pengawas")
        boss = Employee(nip=f"1980010120050{batch}1{a:03d}"[:14] + f"1{a:03d}",
                        name=f"Penilai {batch}-{a}", golongan="III/d",
                        jenis_jabatan="Pengawas", position=boss_post)
        db.session.add_all([boss_post, boss])
        assessors.append((boss, unit, pattern))
    db.session.flush()
    for a, (boss, unit, pattern) in enumerate(assessors):
        for i, predikat in enumerate(pattern):
            post = Position(unit=unit, parent=boss.position, title=f"Staf {batch}-{a}-{i}",
                            jenis_jabatan="Pelaksana")
            employee = Employee(
                nip=f"199{batch}0101202001{1 + i % 2}{a:01d}{i:02d}"[:18].ljust(18, "0"),
                name=f"Dinilai {batch}-{a}-{i:02d}", golongan=("III/a", "II/c")[i % 2],
                jenis_jabatan="Pelaksana", position=post)
            hasil, perilaku = RATINGS_FOR[predikat]
            db.session.add_all([post, employee, Assessment(
                employee=employee, period_id=org.period_id, assessor_id=boss.id,
                agency_id=org.agency_id, state="reviewed", predikat=predikat,
                rating_hasil_kerja=hasil, rating_perilaku=perilaku)])
    db.session.commit()
    return [boss.id for boss, _unit, _pattern in assessors]


def _url(org, **more) -> str:
    query = "&".join(f"{k}={v}" for k, v in {"agency": org.agency_id, **more}.items())
    return f"/calibration/fairness?{query}"


def _group(report, dimension: str, key) -> fairness.Group | None:
    groups = next(d for d in report.dimensions if d.name == dimension).groups
    return next((g for g in groups if g.key == str(key)), None)


# --- the verdicts --------------------------------------------------------------------------------

def test_it_flags_the_one_lenient_assessor_with_how_many_they_rated(org, login_as):
    lenient, *balanced = generate(org, [LENIENT] + [BALANCED] * 4)

    response = login_as(org.committee).get(_url(org))

    assert response.status_code == 200
    html = response.get_data(as_text=True)
    report = fairness.report(org.period_id, org.agency_id)
    flagged = _group(report, "assessor", lenient)
    assert flagged.leaning == "lenient" and flagged.top_flagged and flagged.n == 20
    assert all(_group(report, "assessor", b).leaning is None for b in balanced)
    row = re.search(r'<tr class="fairness-flagged">\s*<th scope="row">Penilai 0-0 '
                    r'<span[^>]*>Lebih longgar</span>\s*</th>\s*<td>20</td>', html)
    assert row, "the lenient assessor is shown flagged, with the 20 people they rated"
    assert "Lebih longgar" in html
    assert "Sangat Baik 90 % lawan 20 % pada yang lain" in html


def test_it_flags_a_severe_assessor_as_more_severe(org, login_as):
    severe, *_balanced = generate(org, [["baik"] * 8 + ["butuh_perbaikan"] * 8
                                        + ["kurang"] * 4] + [BALANCED] * 4)

    html = login_as(org.committee).get(_url(org)).get_data(as_text=True)

    flagged = _group(fairness.report(org.period_id, org.agency_id), "assessor", severe)
    assert flagged.leaning == "severe" and flagged.bottom_flagged
    assert "Lebih ketat" in html


def test_it_flags_nothing_in_a_balanced_agency(org, login_as):
    generate(org, [BALANCED] * 5)

    html = login_as(org.committee).get(_url(org)).get_data(as_text=True)

    report = fairness.report(org.period_id, org.agency_id)
    assert report.total == 100 and report.flagged == []
    assert report.tests > 0
    assert "Tidak ada kelompok yang berbeda nyata dari yang lain." in html
    assert "fairness-flagged" not in html


def test_it_never_names_the_people_rated(org, login_as):
    generate(org, [LENIENT] + [BALANCED] * 4)

    html = login_as(org.committee).get(_url(org)).get_data(as_text=True)

    assert "Penilai 0-1" in html
    assert "Dinilai " not in html


def test_a_group_under_the_minimum_is_not_shown_nor_one_that_would_reveal_it(org, login_as):
    generate(org, [BALANCED] * 4 + [BALANCED[:9]])

    html = login_as(org.committee).get(_url(org)).get_data(as_text=True)

    report = fairness.report(org.period_id, org.agency_id)
    assessors = next(d for d in report.dimensions if d.name == "assessor")
    # The assessor of nine is hidden; so is one of twenty, or the nine could be worked out.
    assert [g.n for g in assessors.groups] == [20, 20, 20]
    assert assessors.hidden_groups == 2
    assert "Penilai 0-4" not in html
    assert "2 kelompok tidak ditampilkan" in html
    assert "kurang dari 10 orang" in html


def test_the_sex_is_read_from_the_fifteenth_digit_of_the_nip(org, login_as):
    generate(org, [BALANCED] * 3)

    report = fairness.report(org.period_id, org.agency_id)

    sexes = {g.key: g.n for g in next(d for d in report.dimensions if d.name == "sex").groups}
    assert sexes == {"male": 30, "female": 30}
    women = db.session.scalar(sa.select(sa.func.count()).select_from(Assessment)
                              .join(Employee, Assessment.employee_id == Employee.id)
                              .where(Assessment.state == "reviewed",
                                     sa.func.substr(Employee.nip, 15, 1) == "2"))
    assert women == 30
    html = login_as(org.committee).get(_url(org)).get_data(as_text=True)
    assert "Perempuan" in html and "Laki-laki" in html


def test_the_page_shows_units_golongan_and_jenis_jabatan(org, login_as):
    generate(org, [BALANCED] * 3)

    html = login_as(org.committee).get(_url(org)).get_data(as_text=True)

    for text in ("Per unit kerja", "Seksi 0-0", "Per golongan", "III/a", "II/c",
                 "Per jenis jabatan", "Pelaksana", "uji eksak Fisher", "metode Holm"):
        assert text in html


# --- who may read it -----------------------------------------------------------------------------

def test_it_refuses_a_committee_member_of_another_agency(org, login_as):
    generate(org, [BALANCED] * 2)

    response = login_as(org.other_committee).get(_url(org))

    assert response.status_code == 403
    assert "Penilai 0-0" not in response.get_data(as_text=True)


def test_it_refuses_a_plain_employee_and_the_head(org, login_as):
    for persona in (org.asn, org.head):
        assert login_as(persona).get(_url(org)).status_code == 403


def test_a_committee_member_sees_their_own_agency_by_default(org, login_as):
    generate(org, [BALANCED] * 2)

    html = login_as(org.committee).get("/calibration/fairness").get_data(as_text=True)

    assert "Dinas Kependudukan dan Pencatatan Sipil" in html and "Penilai 0-0" in html
    assert "Seluruh provinsi" not in html


def test_the_bkd_admin_sees_any_agency_and_the_province_by_agency(org, login_as):
    generate(org, [BALANCED] * 2)
    client = login_as(org.admin)

    province = client.get("/calibration/fairness").get_data(as_text=True)
    agency = client.get(_url(org))

    assert "Per instansi" in province and "Penilai 0-0" in province
    assert agency.status_code == 200
    # The admin takes no part in calibration: no link to its list.
    assert "Periksa penilaiannya di kalibrasi" not in agency.get_data(as_text=True)
    assert client.get("/calibration/fairness?agency=999999").status_code == 404


# --- from and to calibration ---------------------------------------------------------------------

def test_the_calibration_page_opens_it_for_the_committee(org, login_as):
    html = login_as(org.committee).get("/calibration/").get_data(as_text=True)

    assert f'href="/calibration/fairness?period={org.period_id}&amp;agency={org.agency_id}"' in html
    head = login_as(org.head).get("/calibration/").get_data(as_text=True)
    assert "/calibration/fairness" not in head


def test_a_flagged_assessor_links_to_the_calibration_list_of_their_ratings(org, login_as):
    lenient, other = generate(org, [LENIENT] + [BALANCED] * 4)[:2]
    client = login_as(org.committee)
    html = client.get(_url(org)).get_data(as_text=True)
    link = f"/calibration/?period={org.period_id}&amp;agency={org.agency_id}&amp;assessor={lenient}"
    assert f'href="{link}"' in html

    listed = client.get(link.replace("&amp;", "&")).get_data(as_text=True)

    names = re.findall(r"Dinilai 0-(\d)-\d\d", listed)
    assert names and set(names) == {"0"}
    assert "Daftar hanya berisi penilaian oleh Penilai 0-0." in listed
    assert f'name="assessor" value="{lenient}"' in listed
    assert other  # the balanced assessor's people are left out of the list above


# --- cost ----------------------------------------------------------------------------------------

def _statements(client, url: str) -> int:
    db.session.remove()
    with counting_queries() as statements:
        assert client.get(url).status_code == 200
    return len(statements)


def test_its_statement_count_does_not_grow_with_the_groups(org, login_as):
    client = login_as(org.committee)
    generate(org, [BALANCED] * 2)
    client.get(_url(org))
    small = _statements(client, _url(org))

    generate(org, [BALANCED, LENIENT] * 4, batch=1)
    large = _statements(client, _url(org))

    assert large == small


def test_the_calibration_filter_by_assessor_names_only_an_assessor_of_the_agency(org, login_as):
    generate(org, [BALANCED] * 2)
    client = login_as(org.committee)

    html = client.get(f"/calibration/?assessor={org.outsider.employee_id}").get_data(as_text=True)

    assert "Budi Hartono" not in html  # the Dinas Kesehatan employee rates no one here
    assert "Daftar hanya berisi penilaian oleh —." in html
    assert "Dinilai 0-" not in html
