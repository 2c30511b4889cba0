"""The predikat kinerja organisasi: set by the agency head on the calibration page, with basis."""
from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from portal.extensions import db
from portal.models import OrgPredikat, RoleGrant
from tests.http.test_calibration import add_unit, staff

BASIS = "Capaian Perjanjian Kinerja 2026 rata-rata 102 % (evaluasi Inspektorat)."


def form(org, predikat: str = "baik", basis: str = BASIS) -> dict:
    return {"org-predikat": predikat, "org-basis": basis, "view": f"agency={org.agency_id}"}


def stored(org) -> OrgPredikat | None:
    db.session.expire_all()
    return db.session.scalar(sa.select(OrgPredikat).where(
        OrgPredikat.agency_id == org.agency_id, OrgPredikat.period_id == org.period_id))


def test_it_lets_the_head_set_the_organisation_predikat(org, login_as, rules):
    client = login_as(org.head)
    page = client.get("/calibration/").get_data(as_text=True)
    assert "Belum ditetapkan oleh pimpinan instansi." in page
    assert "Tetapkan predikat kinerja organisasi" in page

    response = client.post("/calibration/org-predikat", form(org, "butuh_perbaikan"))

    assert response.status_code == 200
    assert response.headers["HX-Trigger"] == "distribution-changed"
    html = response.get_data(as_text=True)
    assert html.lstrip().startswith('<section id="organisation-predikat"')
    assert ('<strong class="org-predikat" data-org-predikat="butuh_perbaikan">'
            "Butuh Perbaikan") in html
    assert BASIS in html
    assert "Drs. Hendra Saputra" in html
    assert "Predikat kinerja organisasi disimpan." in html
    row = stored(org)
    assert (row.predikat, row.basis, row.set_by_id) == ("butuh_perbaikan", BASIS, org.head.user_id)
    assert row.at is not None


def test_the_head_changes_the_predikat_and_the_spread_follows_it(org, login_as, rules):
    seksi = add_unit(org, "Seksi Identitas")
    staff(org, seksi, ["sangat_baik", "sangat_baik", "baik"])
    client = login_as(org.head)
    client.post("/calibration/org-predikat", form(org, "istimewa"))

    response = client.post("/calibration/org-predikat",
                           form(org, "kurang", "Hasil evaluasi ulang."))

    assert response.status_code == 200
    assert stored(org).predikat == "kurang"
    assert db.session.scalar(sa.select(sa.func.count()).select_from(OrgPredikat)) == 1
    panel = client.get(f"/calibration/distribution?agency={org.agency_id}&unit={seksi}",
                       htmx=True).get_data(as_text=True)
    text = re.sub(r"\s+", " ", panel)
    assert "Predikat organisasi Kurang:" in text
    assert "Dilanggar</strong>: Kurang/Misconduct minimal 60 % — minimal 2 dari 3 pegawai" in text
    assert "Dilanggar</strong>: Sangat Baik paling banyak 10 % — paling banyak 0 dari 3" in text


def test_it_works_without_javascript(org, login_as, rules):
    client = login_as(org.head)

    response = client.post("/calibration/org-predikat", form(org), htmx=False)

    assert response.status_code == 303
    assert response.headers["Location"] == (
        f"/calibration/?period={org.period_id}&agency={org.agency_id}")
    assert "Predikat kinerja organisasi disimpan." in client.get(
        response.headers["Location"]).get_data(as_text=True)
    assert stored(org).predikat == "baik"


@pytest.mark.parametrize("changes, message", [
    ({"org-basis": "  "}, "Isi dasar penetapan predikat kinerja organisasi."),
    ({"org-predikat": "luar_biasa"}, "Pilih salah satu pilihan yang tersedia."),
])
def test_it_refuses_an_incomplete_predikat_and_keeps_the_input(org, login_as, rules, changes,
                                                               message):
    data = {**form(org, "kurang"), **changes}

    response = login_as(org.head).post("/calibration/org-predikat", data)

    assert response.status_code == 422
    assert "HX-Trigger" not in response.headers
    html = response.get_data(as_text=True)
    assert message in html
    if "org-basis" not in changes:
        assert BASIS in html
    else:
        assert '<option selected value="kurang">Kurang</option>' in html
    assert stored(org) is None


@pytest.mark.parametrize("who", ["committee", "asn", "supervisor", "other_committee", "admin"])
def test_it_refuses_the_organisation_predikat_to_anyone_but_the_head(org, login_as, rules, who):
    response = login_as(getattr(org, who)).post("/calibration/org-predikat", form(org))

    assert response.status_code == 403
    assert stored(org) is None


def test_it_refuses_the_head_of_another_agency(org, login_as, rules):
    """An approver of Dinas Kesehatan cannot set Dukcapil's predikat by posting its view."""
    db.session.add(RoleGrant(user_id=org.outsider.user_id, role="approver",
                             agency_id=org.other_agency_id))
    db.session.commit()

    response = login_as(org.outsider).post("/calibration/org-predikat", form(org))

    assert response.status_code == 403
    assert stored(org) is None


def test_the_committee_sees_the_predikat_but_no_form(org, login_as, rules):
    login_as(org.head).post("/calibration/org-predikat", form(org, "istimewa"))

    html = login_as(org.committee).get("/calibration/").get_data(as_text=True)

    assert '<strong class="org-predikat" data-org-predikat="istimewa">Istimewa</strong>' in html
    assert BASIS in html
    assert "/calibration/org-predikat" not in html
