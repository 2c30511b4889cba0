"""Objective indicators: binding an indicator to service records or citizen surveys in the SKP,
the computed realisations per evaluation period, their refresh when data arrives, the employee
unable to overwrite them, the supervisor's "Bukti objektif" panel and the Dokumen Evaluasi.

Services, service records and survey responses are inserted directly (their UIs are elsewhere).
"""
from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

import pytest
import sqlalchemy as sa

from portal import signals
from portal.extensions import db
from portal.models import (
    Assessment, BackgroundJob, Employee, Indicator, Period, Position, Realisation, Rhk, Service, ServiceImport,
    ServiceRecord, SurveyResponse,
)
from portal.services.execution import indicators
from portal.services.planning import planning
from portal.services.errors import Invalid
from portal.templating import capaian_of
from tests.conftest import fill_targets
from tests.http.helpers import (
    RATING_FORM, actor, advance, counting_queries, indicator_ids, stored,
)
from tests.http.test_documents import pdf_text

JAMBI = dt.timezone(dt.timedelta(hours=7))
FEBRUARY = dt.datetime(2026, 2, 10, 9, 0, tzinfo=JAMBI)   # triwulan I
MAY = dt.datetime(2026, 5, 12, 9, 0, tzinfo=JAMBI)        # triwulan II
AVG_FORMULA = "Rata-rata (waktu selesai − waktu diterima), dalam jam"
COMPUTED_REFUSAL = "Realisasi indikator ini dihitung otomatis dari sumber datanya"
_tokens = itertools.count(1)


# --- set-up -----------------------------------------------------------------------------------

def unit_of(persona) -> int:
    return db.session.scalar(sa.select(Position.unit_id).join(Employee)
                             .where(Employee.id == persona.employee_id))


def add_service(unit_id: int, name: str, standard_minutes: int | None = None,
                active: bool = True) -> int:
    service = Service(unit_id=unit_id, code=f"S{next(_tokens)}", name=name,
                      standard_minutes=standard_minutes, active=active)
    db.session.add(service)
    db.session.commit()
    return service.id


def add_records(service_id: int, officer_id: int, at: dt.datetime, minutes: list[int],
                corrections: list[int] | None = None) -> None:
    """One record per duration, an hour apart, received from at on."""
    for n, duration in enumerate(minutes):
        received = at + dt.timedelta(hours=n)
        db.session.add(ServiceRecord(
            service_id=service_id, officer_id=officer_id, received_at=received,
            completed_at=received + dt.timedelta(minutes=duration), duration_minutes=duration,
            corrections=(corrections or [0] * len(minutes))[n]))
    db.session.commit()


def add_response(service_id: int, officer_id: int | None, answer: int,
                 at: dt.datetime = FEBRUARY) -> SurveyResponse:
    response = SurveyResponse(service_id=service_id, officer_id=officer_id, submitted_at=at,
                              client_key=f"k{next(_tokens)}", form_token=f"t{next(_tokens)}",
                              **{f"u{n}": answer for n in range(1, 10)})
    db.session.add(response)
    db.session.commit()
    return response


def bind(indicator_id: int, source: str, service_id: int | None = None,
         target: str = "2") -> None:
    """Bind an indicator directly (set-up), as the planning form would, and refresh."""
    indicator = db.session.get(Indicator, indicator_id)
    spec = indicators.SOURCES[source]
    indicator.data_source, indicator.source_service_id = source, service_id
    indicator.target_value, indicator.target_unit = Decimal(target), spec.unit
    indicator.lower_is_better = spec.lower_is_better
    db.session.commit()
    indicators.refresh_period(db.session.get(Period, indicator.rhk.assessment.period_id))


def realisations(indicator_id: int) -> dict[int, tuple]:
    """period_no -> (value, source_count, note, computed) as stored."""
    db.session.expire_all()
    return {r.period_no: (r.value, r.source_count, r.note, r.computed_at is not None)
            for r in db.session.scalars(sa.select(Realisation)
                                        .where(Realisation.indicator_id == indicator_id))}


def indicator_form(indicator_id: int, version: int, **fields) -> dict:
    prefix = f"i{indicator_id}"
    data = {"version": version, "aspect": "waktu", "text": "Rata-rata waktu penerbitan KTP-el",
            "target_value": "2", "target_unit": "", **fields}
    return {f"{prefix}-{name}": value for name, value in data.items()}


@pytest.fixture
def ktp(org) -> int:
    """KTP-el at the ASN's bidang, standard 120 minutes."""
    return add_service(unit_of(org.asn), "Penerbitan KTP-el", standard_minutes=120)


# --- binding in the SKP -----------------------------------------------------------------------

def test_it_binds_an_indicator_to_service_records_through_the_planning_form(org, login_as, ktp):
    aid = org.assessment_id(org.asn)
    fill_targets(aid)
    [indicator] = indicator_ids(aid)
    add_records(ktp, org.asn.employee_id, FEBRUARY, [60, 120, 90])

    response = login_as(org.asn).post(
        f"/assessments/{aid}/indicators/{indicator}",
        data=indicator_form(indicator, stored(aid).version, data_source="records_avg_hours"))

    assert response.status_code == 200, response.get_data(as_text=True)
    html = response.get_data(as_text=True)
    assert "Indikator diperbarui." in html
    assert 'data-source="records_avg_hours"' in html
    db.session.expire_all()
    bound = db.session.get(Indicator, indicator)
    # The source sets the unit and the direction: no unit typed, and time is lower-is-better.
    assert (bound.data_source, bound.source_service_id, bound.target_unit,
            bound.lower_is_better) == ("records_avg_hours", None, "jam", True)
    computed = realisations(indicator)
    assert computed[1] == computed[0] == (Decimal("1.50"), 3, "", True)


def test_it_offers_only_the_active_services_of_the_employees_agency(org, login_as, ktp):
    aid = org.assessment_id(org.asn)
    fill_targets(aid)
    add_service(unit_of(org.asn), "Legalisir Dokumen Lama", active=False)
    add_service(unit_of(org.outsider), "Imunisasi Anak")

    html = login_as(org.asn).get(f"/assessments/{aid}").get_data(as_text=True)

    assert "Sumber data realisasi" in html
    assert f'<option value="{ktp}">Penerbitan KTP-el</option>' in html
    assert "Legalisir Dokumen Lama" not in html
    assert "Imunisasi Anak" not in html


@pytest.mark.parametrize("fields, field, message", [
    ({"data_source": "tebakan", "target_unit": "jam"}, "data_source",
     "Pilih sumber data realisasi dari daftar."),
    ({"data_source": "ikm_service"}, "source_service_id",
     "Pilih layanan yang IKM-nya menjadi realisasi indikator ini."),
    ({"data_source": "records_accuracy", "source_service_id": "OTHER"}, "source_service_id",
     "Layanan yang dipilih tidak ada pada daftar layanan aktif instansi Anda."),
])
def test_it_refuses_a_bad_binding_keeping_the_form(org, login_as, fields, field, message):
    aid = org.assessment_id(org.asn)
    fill_targets(aid)
    [indicator] = indicator_ids(aid)
    other_agency = add_service(unit_of(org.outsider), "Imunisasi Anak")
    fields = {k: str(other_agency) if v == "OTHER" else v for k, v in fields.items()}
    before = stored(aid)

    response = login_as(org.asn).post(f"/assessments/{aid}/indicators/{indicator}",
                                      data=indicator_form(indicator, before.version, **fields))

    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert message in html
    assert f'id="i{indicator}-{field}-error"' in html
    assert stored(aid) == before
    assert db.session.get(Indicator, indicator).data_source == "manual"


def test_only_a_quantitative_indicator_can_be_bound(org, ktp):
    aid = org.assessment_id(org.asn)
    fill_targets(aid)
    assessment = db.session.get(Assessment, aid)
    assessment.approach = "kualitatif"
    db.session.commit()
    [indicator] = indicator_ids(aid)

    with pytest.raises(Invalid) as refused:
        planning.update_indicator(
            assessment, actor(org.asn), indicator, version=assessment.version, aspect="kualitas",
            text="Kepuasan warga", target_text="Warga puas", perspective="penerima_layanan",
            data_source="ikm_service", source_service_id=ktp)

    assert refused.value.message == "source_needs_quantitative"


def test_unbinding_hands_the_realisation_back_to_the_employee(org, login_as, ktp):
    aid = org.assessment_id(org.asn)
    fill_targets(aid)
    [indicator] = indicator_ids(aid)
    add_records(ktp, org.asn.employee_id, FEBRUARY, [60])
    bind(indicator, "records_accuracy")

    response = login_as(org.asn).post(
        f"/assessments/{aid}/indicators/{indicator}",
        data=indicator_form(indicator, stored(aid).version, data_source="manual",
                            target_unit="dokumen"))

    assert response.status_code == 200
    assert realisations(indicator)[0] == (Decimal("100.00"), None, "", False)


# --- computing --------------------------------------------------------------------------------

def test_it_computes_each_evaluation_period_with_the_records_behind_it(org, ktp):
    aid = org.assessment_id(org.asn)
    fill_targets(aid)
    [indicator] = indicator_ids(aid)
    kk = add_service(unit_of(org.asn), "Kartu Keluarga")  # no service standard
    officer = org.asn.employee_id
    add_records(ktp, officer, FEBRUARY, [60, 120, 180, 100], corrections=[0, 1, 0, 0])
    add_records(kk, officer, FEBRUARY, [30])
    add_records(ktp, org.peer.employee_id, FEBRUARY, [500])  # a colleague's: not counted

    bind(indicator, "records_within_standard", target="90")

    computed = realisations(indicator)
    # Within the 120-minute standard: 3 of the 4 KTP-el records; Kartu Keluarga has no standard.
    assert computed[1] == computed[0] == (Decimal("75.00"), 4, "", True)
    assert computed[2] == computed[3] == computed[4] == (None, 0, "", True)

    bind(indicator, "records_accuracy", target="100")
    assert realisations(indicator)[0] == (Decimal("80.00"), 5, "", True)

    bind(indicator, "records_accuracy", service_id=kk, target="100")
    assert realisations(indicator)[0] == (Decimal("100.00"), 1, "", True)


def test_a_lower_is_better_source_reads_a_shorter_time_as_higher_capaian(org, ktp):
    aid = org.assessment_id(org.asn)
    fill_targets(aid)
    [indicator] = indicator_ids(aid)
    add_records(ktp, org.asn.employee_id, FEBRUARY, [90, 90])

    bind(indicator, "records_avg_hours", target="2")

    db.session.expire_all()
    bound = db.session.get(Indicator, indicator)
    assert bound.lower_is_better
    assert capaian_of(bound, 0) == (Decimal("125.00"), "sangat_baik")


def test_back_to_the_quantitative_approach_the_bound_indicators_are_computed_at_once(
        org, login_as, ktp):
    aid = org.assessment_id(org.asn)
    fill_targets(aid)
    [indicator] = indicator_ids(aid)
    bind(indicator, "records_avg_hours", service_id=ktp)
    client = login_as(org.asn)
    client.post(f"/assessments/{aid}/approach", data={"approach": "kualitatif",
                                                     "version": stored(aid).version})
    add_records(ktp, org.asn.employee_id, FEBRUARY, [60, 120])
    indicators.refresh_period(db.session.get(Period, org.period_id))  # skips qualitative SKPs
    assert realisations(indicator)[0][:2] == (None, 0)

    response = client.post(f"/assessments/{aid}/approach", data={
        "approach": "kuantitatif", "version": stored(aid).version})

    assert response.status_code == 200
    assert realisations(indicator)[0][:2] == (Decimal("1.50"), 2)


def test_a_refresh_reports_only_what_changed(org, ktp):
    aid = org.assessment_id(org.asn)
    fill_targets(aid)
    [indicator] = indicator_ids(aid)
    bind(indicator, "records_accuracy", target="100")
    period = db.session.get(Period, org.period_id)

    assert indicators.refresh_period(period) == 0
    add_records(ktp, org.asn.employee_id, MAY, [60])
    assert indicators.refresh_period(period) == 2  # triwulan II and the year
    assert realisations(indicator)[2] == (Decimal("100.00"), 1, "", True)


def _bind_many(org, count: int, ktp: int) -> None:
    """Give the ASN's and the peer's SKP count indicators cycling through every source."""
    kinds = [("records_avg_hours", None), ("records_within_standard", None),
             ("records_accuracy", ktp), ("ikm_service", ktp), ("ikm_officer", None),
             ("ikm_officer", ktp)]
    for n in range(count):
        persona = (org.asn, org.peer)[n % 2]
        assessment = db.session.get(Assessment, org.assessment_id(persona))
        source, service = kinds[n % len(kinds)]
        rhk = Rhk(kind="utama", text=f"RHK {n}")
        rhk.indicators.append(Indicator(
            aspect="kualitas", text=f"IKI {n}", target_value=Decimal(80),
            target_unit=indicators.SOURCES[source].unit, data_source=source,
            source_service_id=service))
        assessment.rhks.append(rhk)
    db.session.commit()


def test_a_refresh_sends_as_many_statements_for_many_indicators_as_for_few(org, ktp):
    for persona in (org.asn, org.peer):
        add_records(ktp, persona.employee_id, FEBRUARY, [60, 200], corrections=[0, 2])
        add_response(ktp, persona.employee_id, 3)
    period = db.session.get(Period, org.period_id)
    _bind_many(org, 6, ktp)
    with counting_queries() as few:
        indicators.refresh_period(period)
    db.session.execute(sa.delete(Realisation))
    db.session.commit()
    _bind_many(org, 60, ktp)

    with counting_queries() as many:
        changed = indicators.refresh_period(period)

    assert changed == 66 * 5  # every indicator, four quarters and the year
    assert len(many) == len(few)


# --- refreshing when data arrives -------------------------------------------------------------

def test_a_survey_answer_refreshes_the_officers_and_the_services_ikm(org, ktp):
    fill_targets(org.assessment_id(org.asn))
    fill_targets(org.assessment_id(org.peer))
    [officer_ind] = indicator_ids(org.assessment_id(org.asn))
    [service_ind] = indicator_ids(org.assessment_id(org.peer))
    bind(officer_ind, "ikm_officer", target="80")
    bind(service_ind, "ikm_service", service_id=ktp, target="80")
    assert realisations(officer_ind)[0][:2] == (None, 0)

    response = add_response(ktp, org.asn.employee_id, 4, at=MAY)
    signals.survey_submitted.send(response)

    assert realisations(officer_ind)[0] == (Decimal("100.00"), 1, "", True)
    assert realisations(officer_ind)[2] == (Decimal("100.00"), 1, "", True)
    assert realisations(service_ind)[0] == (Decimal("100.00"), 1, "", True)
    assert realisations(service_ind)[1][:2] == (None, 0)


def test_an_officers_ikm_at_one_service_counts_only_the_answers_about_that_service(org, ktp):
    fill_targets(org.assessment_id(org.asn))
    [indicator] = indicator_ids(org.assessment_id(org.asn))
    kk = add_service(unit_of(org.asn), "Kartu Keluarga")
    add_response(ktp, org.asn.employee_id, 4, at=MAY)
    add_response(ktp, org.asn.employee_id, 3, at=MAY)
    add_response(kk, org.asn.employee_id, 1, at=MAY)   # about another counter
    add_response(ktp, org.peer.employee_id, 1, at=MAY)  # about another officer

    bind(indicator, "ikm_officer", service_id=ktp, target="80")

    assert realisations(indicator)[0] == (Decimal("87.50"), 2, "", True)  # (4 + 3) / 2 × 25


def _recomputed_after(org, ktp, send) -> set[tuple[str, int]]:
    """Bind six indicators of every source (_bind_many), compute them all, forget when, send
    the signal; the (indicator text, period_no) the signal recomputed."""
    _bind_many(org, 6, ktp)
    indicators.refresh_period(db.session.get(Period, org.period_id))
    db.session.execute(sa.update(Realisation).values(computed_at=None))
    db.session.commit()
    send()
    db.session.expire_all()
    return set(db.session.execute(
        sa.select(Indicator.text, Realisation.period_no).join(Realisation)
        .where(Realisation.computed_at.is_not(None))).all())


def test_a_survey_answer_recomputes_only_its_quarter_and_the_year_of_the_ikm_it_changes(
        org, ktp):
    # _bind_many: the ASN has IKI 0 (average hours), IKI 2 (accuracy at KTP-el) and IKI 4 (his
    # IKM); the peer IKI 1 (within standard), IKI 3 (KTP-el's IKM) and IKI 5 (her IKM at KTP-el).
    def send():
        signals.survey_submitted.send(add_response(ktp, org.asn.employee_id, 4, at=MAY))

    recomputed = _recomputed_after(org, ktp, send)

    assert recomputed == {("IKI 4", 2), ("IKI 4", 0), ("IKI 3", 2), ("IKI 3", 0)}


def test_imported_records_recompute_only_the_records_indicators_of_their_quarters(org, ktp):
    def send():
        add_records(ktp, org.asn.employee_id, MAY, [60])
        signals.service_records_imported.send(
            None, officer_ids={org.asn.employee_id}, start=MAY, end=MAY)

    recomputed = _recomputed_after(org, ktp, send)

    assert recomputed == {("IKI 0", 2), ("IKI 0", 0), ("IKI 2", 2), ("IKI 2", 0)}
    db.session.expire_all()
    [accuracy] = db.session.scalars(sa.select(Indicator.id).where(Indicator.text == "IKI 2"))
    assert realisations(accuracy)[2][:2] == (Decimal("100.00"), 1)


def test_imported_records_refresh_the_officers_indicators(org, ktp):
    aid = org.assessment_id(org.asn)
    fill_targets(aid)
    [indicator] = indicator_ids(aid)
    bind(indicator, "records_avg_hours", target="2")
    add_records(ktp, org.asn.employee_id, MAY, [120, 60])
    upload = ServiceImport(uploaded_by_id=org.admin.user_id, filename="mei.csv",
                           stored_name="x.csv", sha256="0" * 64, mode="all", status="done")
    db.session.add(upload)
    db.session.commit()

    signals.service_records_imported.send(
        upload, officer_ids={org.asn.employee_id}, start=MAY, end=MAY + dt.timedelta(hours=1))

    computed = realisations(indicator)
    assert computed[2] == computed[0] == (Decimal("1.50"), 2, "", True)
    assert computed[1][:2] == (None, 0)


def test_the_command_refreshes_every_open_period(org, app, ktp):
    aid = org.assessment_id(org.asn)
    fill_targets(aid)
    [indicator] = indicator_ids(aid)
    bind(indicator, "records_accuracy", target="100")
    add_records(ktp, org.asn.employee_id, FEBRUARY, [60, 60], corrections=[0, 3])

    result = app.test_cli_runner().invoke(args=["refresh-indicators", "--year", "2026"])

    assert result.exit_code == 0, result.output
    assert "SKP 2026: 2 realisation(s) changed." in result.output
    assert realisations(indicator)[0] == (Decimal("50.00"), 2, "", True)
    job = db.session.scalars(sa.select(BackgroundJob)).one()  # recorded, as the nightly run's
    assert (job.kind, job.state, job.finished_at is not None) == ("indicator_refresh", "done", True)


# --- execution: the employee cannot overwrite it ----------------------------------------------

def _fixed_with_bound_indicator(org, ktp) -> tuple[int, int]:
    aid = org.assessment_id(org.asn)
    fill_targets(aid)
    [indicator] = indicator_ids(aid)
    add_records(ktp, org.asn.employee_id, FEBRUARY, [60, 120, 90], corrections=[0, 0, 1])
    bind(indicator, "records_avg_hours", service_id=ktp, target="2")
    return advance(org, "targets_approved"), indicator


def test_the_employee_cannot_overwrite_a_computed_realisation(org, login_as, ktp):
    aid, indicator = _fixed_with_bound_indicator(org, ktp)
    before = realisations(indicator)

    response = login_as(org.asn).post(f"/assessments/{aid}/realisations", data={
        "version": stored(aid).version, "period_no": "0", f"value-{indicator}": "0,5",
        f"note-{indicator}": "Lebih cepat"})

    assert response.status_code == 422
    assert COMPUTED_REFUSAL in response.get_data(as_text=True)
    assert realisations(indicator) == before


def test_the_employee_still_writes_a_note_on_a_computed_realisation(org, login_as, ktp):
    aid, indicator = _fixed_with_bound_indicator(org, ktp)

    response = login_as(org.asn).post(f"/assessments/{aid}/realisations", data={
        "version": stored(aid).version, "period_no": "0",
        f"note-{indicator}": "Antrean panjang di bulan Februari"})

    assert response.status_code == 200
    assert realisations(indicator)[0] == (Decimal("1.50"), 3,
                                          "Antrean panjang di bulan Februari", True)


def test_a_computed_indicator_without_any_record_does_not_block_the_self_assessment(
        org, login_as, ktp):
    aid = org.assessment_id(org.asn)
    fill_targets(aid)
    [indicator] = indicator_ids(aid)
    bind(indicator, "records_avg_hours", service_id=ktp, target="2")
    advance(org, "targets_approved")
    assert realisations(indicator)[0] == (None, 0, "", True)

    response = login_as(org.asn).post(f"/assessments/{aid}/actions/submit_self_assessment",
                                      data={"confirmed": "y", "version": stored(aid).version})

    assert response.status_code == 200
    assert stored(aid).state == "self_assessed"


def test_the_realisation_form_shows_the_computed_value_read_only_with_its_basis(
        org, login_as, ktp):
    aid, indicator = _fixed_with_bound_indicator(org, ktp)

    response = login_as(org.asn).get(f"/assessments/{aid}?p=1")

    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f'name="value-{indicator}"' not in html
    assert f'name="note-{indicator}"' in html
    assert f'data-computed="{indicator}">1,5 jam' in html
    assert AVG_FORMULA in html
    assert "3 catatan layanan" in html
    assert "1 Januari 2026 – 31 Maret 2026" in html
    assert "diperbarui" in html


# --- review and the Dokumen Evaluasi ----------------------------------------------------------

def _self_assessed_with_evidence(org, ktp) -> tuple[int, int]:
    aid, indicator = _fixed_with_bound_indicator(org, ktp)
    for answer in (3, 3, 4):
        add_response(ktp, org.asn.employee_id, answer)
    add_response(ktp, org.peer.employee_id, 1)  # about a colleague: not the ASN's IKM
    advance(org, "self_assessed")
    return aid, indicator


def test_the_supervisor_sees_the_objective_evidence_beside_the_self_assessment(
        org, login_as, ktp):
    aid, indicator = _self_assessed_with_evidence(org, ktp)

    # At review the rating form comes first; the realisations open beside it on demand.
    response = login_as(org.supervisor).get(f"/assessments/{aid}/sections/realisations")

    html = response.get_data(as_text=True)
    assert response.status_code == 200
    panel = html[html.index('class="objective-evidence"'):]
    assert "Bukti objektif" in panel
    assert f'data-objective="{indicator}"' in panel
    assert "1,5 jam" in panel
    assert "125 %" in panel  # lower is better: 1.5 hours against a 2-hour target
    assert AVG_FORMULA in panel
    # The ASN's IKM: (3 + 3 + 4) / 3 = 3.3333 -> 83.33, B (Baik), from 3 respondents.
    assert 'data-ikm="83.33"' in panel
    assert "83,33" in panel and "B (Baik)" in panel
    assert "<dt>Responden</dt><dd>3</dd>" in panel


def test_the_employee_sees_no_panel_while_recording_realisations_but_the_supervisor_does(
        org, login_as, ktp):
    aid, _ = _fixed_with_bound_indicator(org, ktp)

    employee = login_as(org.asn).get(f"/assessments/{aid}").get_data(as_text=True)
    supervisor = login_as(org.supervisor).get(f"/assessments/{aid}").get_data(as_text=True)

    assert "Bukti objektif" not in employee
    assert "Bukti objektif" in supervisor


def test_the_review_panel_takes_as_many_queries_for_many_indicators_as_for_one(
        org, login_as, ktp):
    aid, _ = _self_assessed_with_evidence(org, ktp)
    client = login_as(org.supervisor)
    with counting_queries() as one:
        client.get(f"/assessments/{aid}/sections/realisations")
    assessment = db.session.get(Assessment, aid)
    kk = add_service(unit_of(org.asn), "Kartu Keluarga")
    for n, (source, service) in enumerate([("records_accuracy", kk), ("ikm_service", ktp),
                                           ("ikm_officer", kk)]):
        assessment.rhks[0].indicators.append(Indicator(
            aspect="kualitas", text=f"IKI objektif {n}", target_value=Decimal(80),
            target_unit="%", data_source=source, source_service_id=service))
    db.session.commit()

    with counting_queries() as four:
        html = client.get(f"/assessments/{aid}/sections/realisations").get_data(as_text=True)

    assert html.count("data-objective=") == 4
    assert len(four) == len(one)


def test_the_evaluation_document_lists_the_objective_evidence(org, login_as, ktp, tmp_path):
    aid, _ = _self_assessed_with_evidence(org, ktp)
    client = login_as(org.supervisor)
    client.post(f"/assessments/{aid}/ratings", data={**RATING_FORM,
                                                     "version": stored(aid).version})

    response = client.get(f"/documents/assessments/{aid}/evaluasi.pdf")

    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    text = pdf_text(response.data, tmp_path)
    assert "BUKTI DUKUNG OBJEKTIF" in text
    assert "Catatan layanan: rata-rata waktu penyelesaian" in text
    assert AVG_FORMULA in text
    assert "1,5 jam" in text
    assert "(Penerbitan KTP-el)" in text
    assert "3 catatan layanan" in text
    assert ("INDEKS KEPUASAN MASYARAKAT (IKM) ATAS PELAYANAN PEGAWAI: 83,33 "
            "(mutu pelayanan B, Baik; 3 responden, semua layanan)") in text
