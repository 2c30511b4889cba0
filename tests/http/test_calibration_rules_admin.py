"""The BKD admin's editor of the spread rules (/admin/distribution): list, edit, add, delete."""
from __future__ import annotations

from decimal import Decimal

import pytest
import sqlalchemy as sa

from portal.extensions import db
from portal.models import DistributionRule
from portal.services.review.calibration import load_rules


def rule_of(org_predikat: str, kind: str) -> DistributionRule:
    db.session.expire_all()
    return db.session.scalar(sa.select(DistributionRule).where(
        DistributionRule.org_predikat == org_predikat, DistributionRule.kind == kind))


def edit(client, rule: DistributionRule, **fields):
    data = {f"r{rule.id}-{name}": value for name, value in {
        "org_predikat": rule.org_predikat, "kind": rule.kind,
        "predikat": rule.predikat.split(","), "percent": "70", **fields}.items()}
    return client.post(f"/admin/distribution/{rule.id}", data, htmx=False)


def test_it_lists_the_rules_per_organisation_predikat(org, login_as, rules):
    response = login_as(org.admin).get("/admin/distribution")

    assert response.status_code == 200
    html = response.get_data(as_text=True)
    for title in ("Predikat organisasi Istimewa", "Predikat organisasi Baik",
                  "Predikat organisasi Butuh Perbaikan", "Predikat organisasi Kurang",
                  "Predikat organisasi Sangat Kurang"):
        assert title in html
    assert "Sangat Baik paling banyak 70 %" in html
    assert "Harus ada Butuh Perbaikan dan/atau Kurang/Misconduct" in html
    assert "Tidak boleh ada Sangat Baik" in html


def test_it_edits_a_rule(org, login_as, rules):
    rule = rule_of("istimewa", "at_most")
    client = login_as(org.admin)

    response = edit(client, rule, percent="65,5", predikat=["sangat_baik", "baik"])

    assert response.status_code == 303
    assert response.headers["Location"] == "/admin/distribution"
    changed = rule_of("istimewa", "at_most")
    assert (changed.percent, changed.predikat) == (Decimal("65.50"), "sangat_baik,baik")
    assert "Aturan sebaran Istimewa disimpan." in client.get("/admin/distribution").get_data(
        as_text=True)
    istimewa = [r for r in load_rules() if r.org_predikat == "istimewa"]
    assert [(r.kind, r.predikat, r.percent) for r in istimewa] == [
        ("at_most", ("sangat_baik", "baik"), Decimal("65.5"))]


@pytest.mark.parametrize("fields, message", [
    ({"percent": "150"}, "Persentase harus antara 0 dan 100."),
    ({"percent": "-5"}, "Persentase harus antara 0 dan 100."),
    ({"percent": ""}, "Persentase harus antara 0 dan 100."),
    ({"percent": "sepuluh"}, "Isi angka, misalnya 1.234,5."),
    ({"kind": "kira_kira"}, "Pilih salah satu pilihan yang tersedia."),
    ({"predikat": []}, "Pilih minimal satu predikat pegawai yang dikenal."),
    ({"predikat": ["sangat_baik", "luar_biasa"]},
     "Pilih minimal satu predikat pegawai yang dikenal."),
    ({"org_predikat": "hebat"}, "Pilih salah satu pilihan yang tersedia."),
])
def test_it_refuses_a_bad_rule_and_keeps_the_input(org, login_as, rules, fields, message):
    rule = rule_of("istimewa", "at_most")

    response = edit(login_as(org.admin), rule, **fields)

    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert message in html
    assert "Periksa isian aturan sebaran." in html
    if "percent" in fields and fields["percent"]:
        assert f'name="r{rule.id}-percent" type="text" value="{fields["percent"]}"' in html
    unchanged = rule_of("istimewa", "at_most")
    assert (unchanged.percent, unchanged.predikat) == (Decimal("70.00"), "sangat_baik")


def test_a_some_rule_needs_no_percent(org, login_as, rules):
    rule = rule_of("baik", "some")

    response = edit(login_as(org.admin), rule, percent="", predikat=["kurang"])

    assert response.status_code == 303
    assert (rule_of("baik", "some").predikat, rule_of("baik", "some").percent) == (
        "kurang", Decimal("0.00"))


def test_it_adds_and_deletes_a_rule(org, login_as, rules):
    client = login_as(org.admin)
    before = len(load_rules())

    added = client.post("/admin/distribution", {
        "new-org_predikat": "istimewa", "new-kind": "at_least", "new-predikat": ["baik"],
        "new-percent": "5"}, htmx=False)

    assert added.status_code == 303
    new = rule_of("istimewa", "at_least")
    assert (new.predikat, new.percent) == ("baik", Decimal("5.00"))
    deleted = client.post(f"/admin/distribution/{new.id}/delete", htmx=False)
    assert deleted.status_code == 303
    assert rule_of("istimewa", "at_least") is None
    assert len(load_rules()) == before


def test_it_answers_404_for_a_rule_that_does_not_exist(org, login_as, rules):
    client = login_as(org.admin)

    assert client.post("/admin/distribution/9999", {}, htmx=False).status_code == 404
    assert client.post("/admin/distribution/9999/delete", htmx=False).status_code == 404


@pytest.mark.parametrize("who", ["committee", "head", "asn"])
def test_it_refuses_the_rules_to_non_admins(org, login_as, rules, who):
    client = login_as(getattr(org, who))
    rule = rule_of("istimewa", "at_most")

    page = client.get("/admin/distribution")
    edited = edit(client, rule, percent="10")
    deleted = client.post(f"/admin/distribution/{rule.id}/delete", htmx=False)

    assert page.status_code == edited.status_code == deleted.status_code == 403
    assert "Halaman ini untuk admin BKD." in page.get_data(as_text=True)
    assert rule_of("istimewa", "at_most").percent == Decimal("70.00")
