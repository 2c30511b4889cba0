"""The indicator library: BKD admins maintain SKP templates per sector; an employee copies the
templates of their agency's sector into their draft SKP, and nobody else can, nor later."""
from __future__ import annotations

from decimal import Decimal

import pytest
import sqlalchemy as sa

from portal.extensions import db
from portal.models import AgencySector, Assessment, AuditEvent, OrgEvent, Rhk, SkpTemplate
from portal.services import library
from tests.http.helpers import (
    actor, advance, counting_queries, make_service, supervisor_rhk_id,
)

KTP = {"sector": "kependudukan", "post": "Operator Layanan Operasional", "approach": "kuantitatif",
       "kind": "utama", "text": "Terlayaninya pemohon KTP-el dengan data yang akurat dan memuaskan",
       "indicators": [
           library.IndicatorInput(aspect="kuantitas", text="Jumlah KTP-el yang dicetak",
                                  target_value=Decimal(1200), target_unit="keping"),
           library.IndicatorInput(aspect="waktu", text="Rata-rata waktu layanan per pemohon",
                                  target_value=Decimal(15), target_unit="menit",
                                  lower_is_better=True),
           library.IndicatorInput(aspect="kualitas", text="IKM layanan KTP-el",
                                  target_value=Decimal("88.31"), data_source="ikm_service"),
       ]}
ARSIP = {"sector": "umum", "post": "Pengadministrasi Perkantoran", "approach": "kuantitatif",
         "kind": "tambahan", "text": "Terkelolanya administrasi persuratan dan kearsipan",
         "indicators": [library.IndicatorInput(
             aspect="kuantitas", text="Jumlah surat yang diagendakan",
             target_value=Decimal(1200), target_unit="surat")]}
GIZI = {"sector": "kesehatan", "post": "Nutrisionis Ahli Pertama", "approach": "kuantitatif",
        "kind": "utama", "text": "Tersedianya data status gizi balita yang valid",
        "indicators": [library.IndicatorInput(
            aspect="kuantitas", text="Jumlah laporan e-PPGBM yang diverifikasi",
            target_value=Decimal(132), target_unit="laporan")]}

# The admin's template form as posted: one indicator row filled, three left empty.
FORM = {"sector": "kependudukan", "post": "Pengadministrasi Kependudukan",
        "approach": "kuantitatif", "kind": "utama",
        "rhk_text": "Terlayaninya permohonan KTP-el di loket pelayanan",
        "indicators-0-aspect": "kuantitas",
        "indicators-0-text": "Jumlah permohonan KTP-el yang diverifikasi",
        "indicators-0-target_value": "1.500", "indicators-0-target_unit": "berkas",
        "indicators-0-data_source": "manual",
        **{f"indicators-{n}-{name}": value for n in (1, 2, 3)
           for name, value in (("aspect", "kuantitas"), ("data_source", "manual"))}}


@pytest.fixture
def shelf(org):
    """Dukcapil works in population registry; the library holds a Dukcapil template, a general
    one, a health one and a retired Dukcapil one."""
    db.session.add(AgencySector(agency_id=org.agency_id, sector="kependudukan"))
    db.session.commit()
    admin = actor(org.admin)
    made = {name: library.create_template(admin, **spec)
            for name, spec in (("ktp", KTP), ("arsip", ARSIP), ("gizi", GIZI),
                               ("old", {**KTP, "text": "RHK lama yang tidak dipakai lagi"}))}
    library.retire_template(made["old"], admin)
    return {name: template.id for name, template in made.items()}


def _rhks(assessment_id: int) -> list[Rhk]:
    db.session.expire_all()
    return db.session.get(Assessment, assessment_id).rhks


def _version(assessment_id: int) -> int:
    db.session.expire_all()
    return db.session.get(Assessment, assessment_id).version


# --- an employee starts their SKP from the library --------------------------------------------

def test_it_offers_the_employee_their_sector_and_general_templates_only(org, shelf, login_as):
    page = login_as(org.asn).get(f"/library/skp/{org.assessment_id(org.asn)}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert KTP["text"] in html and ARSIP["text"] in html
    assert GIZI["text"] not in html and "RHK lama" not in html


def test_the_draft_targets_link_to_the_library_for_the_employee(org, shelf, login_as):
    assessment_id = org.assessment_id(org.asn)
    html = login_as(org.asn).get(f"/assessments/{assessment_id}").get_data(as_text=True)
    assert f'href="/library/skp/{assessment_id}"' in html
    html = login_as(org.supervisor).get(f"/assessments/{assessment_id}").get_data(as_text=True)
    assert "/library/skp/" not in html


def test_applying_templates_copies_their_rhk_and_indicators_into_the_draft(org, shelf,
                                                                         login_as):
    assessment_id = org.assessment_id(org.asn)
    parent_id = supervisor_rhk_id(org)
    service = make_service(org, officers=(org.asn,))
    response = login_as(org.asn).post(f"/library/skp/{assessment_id}", htmx=False, data={
        "version": _version(assessment_id), "template_ids": [shelf["ktp"], shelf["arsip"]],
        "parent_rhk_id": parent_id, "source_service_id": service.id})

    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/assessments/{assessment_id}")
    ktp, arsip = _rhks(assessment_id)
    assert (ktp.kind, ktp.text, ktp.parent_rhk_id) == ("utama", KTP["text"], parent_id)
    assert (arsip.kind, arsip.text, arsip.parent_rhk_id) == ("tambahan", ARSIP["text"], parent_id)
    assert [(i.aspect, i.text, i.target_value, i.target_unit, i.lower_is_better, i.data_source,
             i.source_service_id) for i in ktp.indicators] == [
        ("kuantitas", "Jumlah KTP-el yang dicetak", Decimal(1200), "keping", False, "manual",
         None),
        ("waktu", "Rata-rata waktu layanan per pemohon", Decimal(15), "menit", True, "manual",
         None),
        ("kualitas", "IKM layanan KTP-el", Decimal("88.31"), "nilai IKM", False, "ikm_service",
         service.id)]
    event = db.session.scalar(sa.select(AuditEvent).where(
        AuditEvent.assessment_id == assessment_id, AuditEvent.trigger == "apply_template"))
    assert event.actor_id == org.asn.user_id and KTP["text"] in event.reason
    assert event.from_state == event.to_state == "draft_targets"


def test_the_copy_is_an_ordinary_draft_rhk_the_employee_then_edits(org, shelf, login_as):
    assessment_id = org.assessment_id(org.asn)
    client = login_as(org.asn)
    client.post(f"/library/skp/{assessment_id}", htmx=False, data={
        "version": _version(assessment_id), "template_ids": shelf["arsip"],
        "parent_rhk_id": supervisor_rhk_id(org)})
    [rhk] = _rhks(assessment_id)
    prefix = f"i{rhk.indicators[0].id}"
    response = client.post(f"/assessments/{assessment_id}/indicators/{rhk.indicators[0].id}",
                           data={f"{prefix}-{name}": value for name, value in (
                               ("version", _version(assessment_id)), ("aspect", "kuantitas"),
                               ("text", "Jumlah surat yang diagendakan"),
                               ("target_value", "900"), ("target_unit", "surat"),
                               ("data_source", "manual"))})
    assert response.status_code == 200
    assert _rhks(assessment_id)[0].indicators[0].target_value == Decimal(900)


def test_it_refuses_a_copy_without_the_supervisors_rhk_and_keeps_the_choice(org, shelf,
                                                                           login_as):
    assessment_id = org.assessment_id(org.asn)
    supervisor_rhk_id(org)  # the supervisor's SKP is fixed: every RHK must intervene one
    response = login_as(org.asn).post(f"/library/skp/{assessment_id}", htmx=False, data={
        "version": _version(assessment_id), "template_ids": shelf["arsip"]})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Pilih RHK pimpinan yang diintervensi" in html
    assert f'value="{shelf["arsip"]}" checked' in html
    assert _rhks(assessment_id) == []


def test_it_refuses_an_ikm_of_a_service_without_the_service(org, shelf, login_as):
    assessment_id = org.assessment_id(org.asn)
    response = login_as(org.asn).post(f"/library/skp/{assessment_id}", htmx=False, data={
        "version": _version(assessment_id), "template_ids": shelf["ktp"],
        "parent_rhk_id": supervisor_rhk_id(org)})
    assert response.status_code == 422
    assert "Pilih layanan yang IKM-nya" in response.get_data(as_text=True)
    assert _rhks(assessment_id) == []


@pytest.mark.parametrize("template", ["gizi", "old"])
def test_it_refuses_a_template_not_offered_to_the_employee(org, shelf, login_as, template):
    assessment_id = org.assessment_id(org.asn)
    response = login_as(org.asn).post(f"/library/skp/{assessment_id}", htmx=False, data={
        "version": _version(assessment_id), "template_ids": shelf[template],
        "parent_rhk_id": supervisor_rhk_id(org)})
    assert response.status_code == 422
    assert _rhks(assessment_id) == []


def test_nobody_but_the_employee_may_copy_into_their_skp(org, shelf, login_as):
    assessment_id = org.assessment_id(org.asn)
    form = {"version": _version(assessment_id), "template_ids": shelf["arsip"],
            "parent_rhk_id": supervisor_rhk_id(org)}
    for persona in ("supervisor", "head", "admin", "outsider", "peer"):
        client = login_as(getattr(org, persona))
        assert client.get(f"/library/skp/{assessment_id}").status_code == 403, persona
        response = client.post(f"/library/skp/{assessment_id}", htmx=False, data=form)
        assert response.status_code == 403, persona
    assert _rhks(assessment_id) == []


def test_it_refuses_once_the_skp_is_no_longer_a_draft(org, shelf, login_as):
    assessment_id = advance(org, "targets_submitted")
    before = [rhk.id for rhk in _rhks(assessment_id)]
    client = login_as(org.asn)
    assert client.get(f"/library/skp/{assessment_id}").status_code == 409
    response = client.post(f"/library/skp/{assessment_id}", htmx=False, data={
        "version": _version(assessment_id), "template_ids": shelf["arsip"],
        "parent_rhk_id": supervisor_rhk_id(org)})
    assert response.status_code == 409
    assert [rhk.id for rhk in _rhks(assessment_id)] == before


def test_it_refuses_a_copy_over_a_version_changed_since(org, shelf, login_as):
    assessment_id = org.assessment_id(org.asn)
    response = login_as(org.asn).post(f"/library/skp/{assessment_id}", htmx=False, data={
        "version": _version(assessment_id) - 1 or 99, "template_ids": shelf["arsip"],
        "parent_rhk_id": supervisor_rhk_id(org)})
    assert response.status_code == 409
    assert f'name="version" type="hidden" value="{_version(assessment_id)}"' in (
        response.get_data(as_text=True))
    assert _rhks(assessment_id) == []


def test_the_choice_costs_the_same_statements_however_large_the_library(org, shelf, login_as):
    client = login_as(org.asn)
    url = f"/library/skp/{org.assessment_id(org.asn)}"

    def count() -> int:
        with counting_queries() as statements:
            assert client.get(url).status_code == 200
        return len(statements)

    few = count()
    for n in range(12):
        library.create_template(actor(org.admin), **{**KTP, "text": f"RHK tambahan {n}"})
    assert count() == few


# --- the admins maintain the library ----------------------------------------------------------

def test_an_admin_adds_a_template(org, login_as):
    response = login_as(org.admin).post("/library/new", htmx=False, data=FORM)
    assert response.status_code == 303
    template = db.session.scalar(sa.select(SkpTemplate))
    assert (template.sector, template.post, template.text, template.created_by_id,
            template.updated_by_id) == ("kependudukan", FORM["post"], FORM["rhk_text"],
                                        org.admin.user_id, org.admin.user_id)
    [indicator] = template.indicators
    assert (indicator.text, indicator.target_value, indicator.target_unit) == (
        FORM["indicators-0-text"], Decimal(1500), "berkas")


INCOMPLETE = [
    ({"indicators-0-target_unit": ""}, "Isi satuan target"),
    ({"indicators-0-text": "", "indicators-0-target_value": "",
      "indicators-0-target_unit": ""}, "Isi paling sedikit satu indikator"),
    ({"indicators-0-target_value": "12.5"}, "Isi angka"),
    ({"approach": "kualitatif"}, "Isi ukuran keberhasilan"),
    ({"indicators-0-data_source": "ikm_service", "approach": "kualitatif"},
     "Hanya indikator kuantitatif"),
    ({"rhk_text": ""}, "Isi rencana hasil kerja"),
    ({"sector": "pertanian"}, "Pilih salah satu pilihan"),
]


def test_it_refuses_an_incomplete_template_and_keeps_the_input(org, login_as):
    client = login_as(org.admin)
    for changes, message in INCOMPLETE:
        response = client.post("/library/new", htmx=False, data={**FORM, **changes})
        html = response.get_data(as_text=True)
        assert response.status_code == 422, changes
        assert message in html, changes
        assert FORM["post"] in html
    assert db.session.scalar(sa.select(sa.func.count(SkpTemplate.id))) == 0


def test_an_admin_edits_retires_and_restores_a_template(org, shelf, login_as):
    client = login_as(org.admin)
    assert FORM["indicators-0-text"] not in client.get(f"/library/{shelf['arsip']}").get_data(
        as_text=True)
    assert ARSIP["text"] in client.get(f"/library/{shelf['arsip']}").get_data(as_text=True)
    response = client.post(f"/library/{shelf['arsip']}", htmx=False,
                           data={**FORM, "sector": "umum"})
    assert response.status_code == 303
    db.session.expire_all()
    template = db.session.get(SkpTemplate, shelf["arsip"])
    assert (template.text, template.updated_by_id) == (FORM["rhk_text"], org.admin.user_id)
    assert [i.text for i in template.indicators] == [FORM["indicators-0-text"]]

    assert client.post(f"/library/{shelf['arsip']}/retire").status_code == 303
    db.session.expire_all()
    template = db.session.get(SkpTemplate, shelf["arsip"])
    assert template.retired_by_id == org.admin.user_id and template.retired_at is not None
    offered = login_as(org.asn).get(f"/library/skp/{org.assessment_id(org.asn)}")
    assert FORM["rhk_text"] not in offered.get_data(as_text=True)

    assert client.post(f"/library/{shelf['arsip']}/restore").status_code == 303
    db.session.expire_all()
    assert db.session.get(SkpTemplate, shelf["arsip"]).active


def test_an_admin_sets_the_sector_of_an_agency(org, shelf, login_as):
    response = login_as(org.admin).post("/library/sectors", htmx=False, data={
        f"a{org.agency_id}": "kesehatan", f"a{org.other_agency_id}": ""})
    assert response.status_code == 303
    assert db.session.scalar(sa.select(AgencySector.sector).where(
        AgencySector.agency_id == org.agency_id)) == "kesehatan"
    html = login_as(org.asn).get(f"/library/skp/{org.assessment_id(org.asn)}").get_data(
        as_text=True)
    assert GIZI["text"] in html and KTP["text"] not in html


def test_a_sector_change_is_written_to_the_agencys_history(org, shelf, login_as):
    client = login_as(org.admin)
    assert client.post("/library/sectors", htmx=False, data={
        f"a{org.agency_id}": "kesehatan", f"a{org.other_agency_id}": ""}).status_code == 303
    events = db.session.execute(sa.select(
        OrgEvent.agency_id, OrgEvent.actor_id, OrgEvent.action, OrgEvent.changes)).all()
    # The other agency stayed without a sector: no entry for it.
    assert events == [(org.agency_id, org.admin.user_id, "agency_changed",
                       [{"field": "sector", "from": "kependudukan", "to": "kesehatan"}])]
    html = client.get(f"/people/agencies/{org.agency_id}/history").get_data(as_text=True)
    assert "sektor pustaka indikator: Administrasi kependudukan (Dukcapil) → Kesehatan" in html
    assert client.post("/library/sectors", htmx=False, data={
        f"a{org.agency_id}": "", f"a{org.other_agency_id}": ""}).status_code == 303
    assert db.session.scalars(sa.select(OrgEvent.changes).order_by(OrgEvent.id.desc())
                              ).first() == [{"field": "sector", "from": "kesehatan", "to": None}]
    assert db.session.get(AgencySector, org.agency_id) is None


def test_the_library_is_the_admins_to_maintain(org, shelf, login_as):
    for persona in ("asn", "head", "committee"):
        client = login_as(getattr(org, persona))
        assert client.get("/library/").status_code == 403
        assert client.post("/library/new", htmx=False, data=FORM).status_code == 403
        assert client.get(f"/library/{shelf['arsip']}").status_code == 403
        assert client.post(f"/library/{shelf['arsip']}/retire").status_code == 403
        assert client.post("/library/sectors", data={f"a{org.agency_id}": "kesehatan"}
                           ).status_code == 403
    assert db.session.scalar(sa.select(sa.func.count(SkpTemplate.id))) == 4
    assert db.session.get(SkpTemplate, shelf["arsip"]).active
    assert db.session.get(AgencySector, org.agency_id).sector == "kependudukan"


def test_the_list_costs_the_same_statements_however_long(org, shelf, login_as):
    client = login_as(org.admin)

    def count() -> int:
        with counting_queries() as statements:
            assert client.get("/library/").status_code == 200
        return len(statements)

    few = count()
    for n in range(15):
        library.create_template(actor(org.admin), **{**GIZI, "post": f"Jabatan {n}"})
    assert count() == few


def test_the_first_content_is_the_demo_profiles_and_loads_once(app):
    from portal.demo.library import specs

    assert library.seed(specs()) == len(specs()) > 40
    assert library.seed(specs()) == 0
    sectors = set(db.session.scalars(sa.select(SkpTemplate.sector)))
    assert sectors == set(SkpTemplate.SECTORS)
