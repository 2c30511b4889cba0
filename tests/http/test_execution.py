"""Pelaksanaan: realisations per evaluation period, the period picker, continuous feedback, the
periodic evaluation, and the admin's choice of monthly or quarterly evaluation."""
from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
import sqlalchemy as sa

from portal.extensions import db
from portal.models import Feedback, Period, PeriodicRating, Realisation
from tests.conftest import fill_targets
from tests.http.helpers import advance, indicator_ids, set_state, stored

NOT_YOUR_STEP = "Tindakan ini bukan wewenang Anda pada penilaian ini."


@pytest.fixture
def may_2026(monkeypatch):
    """Today is 10 May 2026 in Jakarta: the second quarter, the fifth month."""
    monkeypatch.setattr("portal.assessments.execution.today", lambda: dt.date(2026, 5, 10))


def fixed_skp(org) -> tuple[int, int]:
    """The ASN's SKP fixed (targets_approved) with its one indicator (target 1.200 dokumen)."""
    aid = advance(org, "targets_approved")
    [indicator] = indicator_ids(aid)
    return aid, indicator


def realisations_of(indicator_id: int) -> list[tuple]:
    db.session.expire_all()
    return [tuple(r) for r in db.session.execute(
        sa.select(Realisation.period_no, Realisation.value, Realisation.note)
        .where(Realisation.indicator_id == indicator_id).order_by(Realisation.period_no))]


def picker(html: str) -> list[str]:
    """The labels of the evaluation period picker, in order."""
    nav = re.search(r'<nav class="period-picker".*?</nav>', html, re.S).group(0)
    return [re.sub(r'<small class="now">.*?</small>|<[^>]+>', "", label).strip()
            for label in re.findall(r"<a [^>]*>(.*?)</a>", nav, re.S)]


def current_in_picker(html: str) -> str:
    return re.search(r'<a [^>]*aria-current="page"[^>]*>([^<]*)', html).group(1).strip()


def save(client, aid, indicator, period_no="2", value="300", note="Rekap April-Juni", **extra):
    return client.post(f"/assessments/{aid}/realisations", data={
        "version": stored(aid).version, "period_no": period_no, f"value-{indicator}": value,
        f"note-{indicator}": note, **extra})


# --- the period picker ------------------------------------------------------------------------

def test_it_opens_on_the_running_quarter_while_realisations_are_recorded(org, login_as, may_2026):
    aid, _ = fixed_skp(org)

    response = login_as(org.asn).get(f"/assessments/{aid}")

    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert picker(html) == ["Triwulan I", "Triwulan II", "Triwulan III", "Triwulan IV",
                            "Tahunan"]
    assert current_in_picker(html) == "Triwulan II"
    assert "Realisasi dan bukti dukung: Triwulan II" in html
    assert 'name="period_no" value="2"' in html


def test_it_opens_on_the_annual_realisation_once_self_assessed(org, login_as, may_2026):
    aid = advance(org, "self_assessed")

    # At review the realisations load on demand, below the rating form.
    html = login_as(org.supervisor).get(f"/assessments/{aid}/sections/realisations",
                                        htmx=True).get_data(as_text=True)

    assert current_in_picker(html) == "Tahunan"
    assert "1.150 dokumen" in html  # the annual realisation the helper recorded


def test_it_swaps_the_step_for_a_chosen_period_with_a_bookmarkable_link(org, login_as):
    aid, _ = fixed_skp(org)
    client = login_as(org.asn)

    page = client.get(f"/assessments/{aid}?p=3")
    fragment = client.get(f"/assessments/{aid}?p=3", htmx=True)

    assert page.status_code == fragment.status_code == 200
    assert "HX-Request" in fragment.headers["Vary"]
    html = fragment.get_data(as_text=True)
    assert "<html" not in html
    assert current_in_picker(html) == "Triwulan III"
    assert current_in_picker(page.get_data(as_text=True)) == "Triwulan III"
    link = re.search(r'<a href="([^"]+)" hx-get="([^"]+)" hx-push-url="true" data-period="4"',
                     html)
    assert link.group(1) == link.group(2) == f"/assessments/{aid}?p=4"


@pytest.mark.parametrize("p", ["abc", "9", "-1", ""])
def test_it_falls_back_to_the_default_period_for_a_bad_period_in_the_address(
        org, login_as, may_2026, p):
    aid, _ = fixed_skp(org)

    response = login_as(org.asn).get(f"/assessments/{aid}?p={p}")

    assert response.status_code == 200
    assert current_in_picker(response.get_data(as_text=True)) == "Triwulan II"


# --- realisations per period ------------------------------------------------------------------

def test_it_saves_a_realisation_for_one_quarter_and_shows_it_there_only(org, login_as):
    aid, indicator = fixed_skp(org)
    client = login_as(org.asn)
    before = stored(aid)

    response = save(client, aid, indicator, period_no="2", value="1.200")

    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.headers["HX-Trigger"] == "assessment-changed"
    html = response.get_data(as_text=True)
    assert "Realisasi disimpan." in html
    assert current_in_picker(html) == "Triwulan II"
    assert f'name="value-{indicator}"' in html and 'value="1.200"' in html
    assert '<span class="capaian">100 %</span>' in html  # no band for a quarter
    assert realisations_of(indicator) == [(2, Decimal(1200), "Rekap April-Juni")]
    assert stored(aid).version == before.version + 1
    assert stored(aid).state == "targets_approved"  # a quarter does not make the annual one
    annual = client.get(f"/assessments/{aid}?p=0").get_data(as_text=True)
    assert 'value="1.200"' not in annual
    quarter = client.get(f"/assessments/{aid}?p=2").get_data(as_text=True)
    assert 'value="1.200"' in quarter and "Rekap April-Juni</textarea>" in quarter


def test_it_keeps_each_periods_realisation_apart(org, login_as):
    aid, indicator = fixed_skp(org)
    client = login_as(org.asn)

    save(client, aid, indicator, period_no="1", value="250", note="Q1")
    save(client, aid, indicator, period_no="2", value="300", note="Q2")
    save(client, aid, indicator, period_no="0", value="1.150", note="Tahun")
    save(client, aid, indicator, period_no="1", value="260", note="Q1 dikoreksi")

    assert realisations_of(indicator) == [(0, Decimal(1150), "Tahun"),
                                          (1, Decimal(260), "Q1 dikoreksi"),
                                          (2, Decimal(300), "Q2")]


def test_a_plain_form_post_returns_to_the_same_period(org, login_as):
    aid, indicator = fixed_skp(org)
    client = login_as(org.asn)

    response = client.post(f"/assessments/{aid}/realisations", htmx=False, data={
        "version": stored(aid).version, "period_no": "3", f"value-{indicator}": "10"})

    assert response.status_code == 302
    assert response.headers["Location"] == f"/assessments/{aid}?p=3"
    assert "Realisasi disimpan." in client.get(response.headers["Location"]).get_data(
        as_text=True)


def test_it_refuses_a_realisation_for_an_indicator_that_is_not_in_the_skp(org, login_as):
    aid, indicator = fixed_skp(org)
    peer_aid = org.assessment_id(org.peer)
    fill_targets(peer_aid)
    [foreign] = indicator_ids(peer_aid)
    before = stored(aid)

    response = login_as(org.asn).post(f"/assessments/{aid}/realisations", data={
        "version": before.version, "period_no": "2", f"value-{indicator}": "300",
        f"note-{indicator}": "Catatan saya", f"value-{foreign}": "999"})

    assert response.status_code == 422
    assert "HX-Trigger" not in response.headers
    html = response.get_data(as_text=True)
    assert "Indikator tidak ditemukan pada SKP ini." in html
    assert 'value="300"' in html and "Catatan saya</textarea>" in html  # nothing typed lost
    assert stored(aid) == before
    assert realisations_of(foreign) == []


@pytest.mark.parametrize("period_no", ["5", "13", "abc", "-1"])
def test_it_refuses_a_period_outside_the_years_quarters(org, login_as, period_no):
    aid, indicator = fixed_skp(org)
    before = stored(aid)

    response = save(login_as(org.asn), aid, indicator, period_no=period_no, value="300")

    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Periode evaluasi tidak dikenal untuk tahun ini." in html
    assert 'value="300"' in html
    assert stored(aid) == before


def test_it_keeps_the_typed_number_that_is_not_a_number(org, login_as):
    aid, indicator = fixed_skp(org)
    before = stored(aid)

    response = save(login_as(org.asn), aid, indicator, value="tiga ratus", note="Rekap")

    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Periksa isian realisasi." in html
    assert 'value="tiga ratus"' in html and "Rekap</textarea>" in html
    assert "Isi angka, misalnya 1.234,5." in html
    assert current_in_picker(html) == "Triwulan II"
    assert stored(aid) == before


def test_it_records_a_qualitative_realisation_as_a_description(org, login_as):
    aid, indicator = fixed_skp(org)
    set_state(aid, "targets_approved", approach="kualitatif")
    client = login_as(org.asn)

    page = client.get(f"/assessments/{aid}?p=0").get_data(as_text=True)
    saved = save(client, aid, indicator, period_no="0", value="",
                 note="Layanan KTP-el berjalan tanpa antrean panjang.")
    refused = save(client, aid, indicator, period_no="0", value="5", note="Angka")

    assert f'name="value-{indicator}"' not in page  # no number to type
    assert saved.status_code == 200, saved.get_data(as_text=True)
    assert realisations_of(indicator) == [
        (0, None, "Layanan KTP-el berjalan tanpa antrean panjang.")]
    assert refused.status_code == 422
    assert "realisasi diisi berupa uraian, bukan angka" in refused.get_data(as_text=True)
    assert stored(aid).realisations[0][1] is None


def test_it_refuses_realisations_from_the_supervisor(org, login_as):
    aid, indicator = fixed_skp(org)
    before = stored(aid)

    response = save(login_as(org.supervisor), aid, indicator)

    assert response.status_code == 403
    assert NOT_YOUR_STEP in response.get_data(as_text=True)
    assert stored(aid) == before


# --- continuous feedback ----------------------------------------------------------------------

def feedback_rows(aid: int) -> list[tuple]:
    db.session.expire_all()
    return [tuple(r) for r in db.session.execute(
        sa.select(Feedback.period_no, Feedback.realisation_id, Feedback.value_code,
                  Feedback.author_id, Feedback.text)
        .where(Feedback.assessment_id == aid).order_by(Feedback.id))]


def realisation_id(indicator: int, period_no: int) -> int:
    return db.session.scalar(sa.select(Realisation.id).where(
        Realisation.indicator_id == indicator, Realisation.period_no == period_no))


def test_the_supervisors_feedback_on_a_realisation_is_shown_to_the_employee(org, login_as):
    aid, indicator = fixed_skp(org)
    asn, supervisor = login_as(org.asn), login_as(org.supervisor)
    save(asn, aid, indicator, period_no="2", value="300")
    rid = realisation_id(indicator, 2)
    before = stored(aid)

    response = supervisor.post(f"/assessments/{aid}/feedback", data={
        "version": before.version, "period_no": "2", "realisation_id": rid,
        "text": "Bagus; lampirkan rekap SIAK per kecamatan."})

    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.headers["HX-Trigger"] == "assessment-changed"
    assert "Umpan balik disimpan." in response.get_data(as_text=True)
    assert feedback_rows(aid) == [(2, rid, None, org.supervisor.user_id,
                                   "Bagus; lampirkan rekap SIAK per kecamatan.")]
    assert stored(aid).version == before.version + 1
    seen = asn.get(f"/assessments/{aid}?p=2").get_data(as_text=True)
    assert "Bagus; lampirkan rekap SIAK per kecamatan." in seen
    assert "Rahmawati, S.Sos" in seen  # who wrote it
    other_quarter = asn.get(f"/assessments/{aid}?p=1").get_data(as_text=True)
    assert "Bagus; lampirkan rekap SIAK" not in other_quarter


def test_the_supervisors_feedback_on_a_behaviour_value_is_shown_to_the_employee(org, login_as):
    aid, _ = fixed_skp(org)
    supervisor = login_as(org.supervisor)

    response = supervisor.post(f"/assessments/{aid}/feedback", data={
        "version": stored(aid).version, "period_no": "1", "value_code": "akuntabel",
        "text": "Laporan selalu tepat waktu."})

    assert response.status_code == 200, response.get_data(as_text=True)
    assert feedback_rows(aid) == [(1, None, "akuntabel", org.supervisor.user_id,
                                   "Laporan selalu tepat waktu.")]
    seen = login_as(org.asn).get(f"/assessments/{aid}?p=1").get_data(as_text=True)
    section = seen[seen.index('id="behaviour-feedback-title"'):]
    assert "<dt>Akuntabel</dt>" in section
    assert "Laporan selalu tepat waktu." in section


def test_it_refuses_feedback_written_by_the_employee(org, login_as):
    aid, indicator = fixed_skp(org)
    asn = login_as(org.asn)
    save(asn, aid, indicator, period_no="2")
    before = stored(aid)

    response = asn.post(f"/assessments/{aid}/feedback", data={
        "version": before.version, "period_no": "2",
        "realisation_id": realisation_id(indicator, 2), "text": "Saya sudah bekerja keras."})

    assert response.status_code == 403
    assert NOT_YOUR_STEP in response.get_data(as_text=True)
    assert feedback_rows(aid) == []
    assert stored(aid) == before


@pytest.mark.parametrize("data, message", [
    ({"value_code": "akuntabel", "text": "   "}, "Tulis umpan balik terlebih dahulu."),
    ({"value_code": "rajin", "text": "Baik."}, "Nilai BerAKHLAK tidak dikenal."),
    ({"realisation_id": "999999", "text": "Baik."}, "Realisasi tidak ditemukan pada periode ini."),
    ({"text": "Baik."}, "Pilih realisasi atau nilai BerAKHLAK yang diberi umpan balik."),
], ids=["empty", "unknown-value", "unknown-realisation", "no-target"])
def test_it_refuses_incomplete_feedback(org, login_as, data, message):
    aid, _ = fixed_skp(org)
    before = stored(aid)

    response = login_as(org.supervisor).post(f"/assessments/{aid}/feedback", data={
        "version": before.version, "period_no": "1", **data})

    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert feedback_rows(aid) == []
    assert stored(aid) == before


def test_it_keeps_the_typed_behaviour_feedback_when_refused(org, login_as):
    aid, _ = fixed_skp(org)

    response = login_as(org.supervisor).post(f"/assessments/{aid}/feedback", data={
        "version": stored(aid).version, "period_no": "9", "value_code": "kompeten",
        "text": "Ikut pelatihan SIAK."})

    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Ikut pelatihan SIAK.</textarea>" in html
    assert '<option value="kompeten" selected>' in html


# --- periodic evaluation ----------------------------------------------------------------------

PERIODIC = {
    "periodic-rating_hasil_kerja": "above",
    "periodic-hasil_kerja_note": "Target triwulan terlampaui.",
    "periodic-rating_perilaku": "above",
    "periodic-perilaku_note": "Sangat kooperatif.",
}


def periodic_rows(aid: int) -> list[tuple]:
    db.session.expire_all()
    return [tuple(r) for r in db.session.execute(
        sa.select(PeriodicRating.period_no, PeriodicRating.rating_hasil_kerja,
                  PeriodicRating.rating_perilaku, PeriodicRating.predikat,
                  PeriodicRating.rated_by_id)
        .where(PeriodicRating.assessment_id == aid).order_by(PeriodicRating.period_no))]


@pytest.mark.parametrize("hasil_kerja, perilaku, predikat, label", [
    ("above", "above", "sangat_baik", "Sangat Baik"),
    ("below", "meets", "butuh_perbaikan", "Butuh Perbaikan"),
    ("meets", "below", "kurang", "Kurang/Misconduct"),
])
def test_the_periodic_evaluation_derives_the_predikat(org, login_as, hasil_kerja, perilaku,
                                                      predikat, label):
    aid, _ = fixed_skp(org)
    before = stored(aid)

    response = login_as(org.supervisor).post(f"/assessments/{aid}/periodic-ratings", data={
        **PERIODIC, "periodic-rating_hasil_kerja": hasil_kerja,
        "periodic-rating_perilaku": perilaku, "periodic-version": before.version,
        "periodic-period_no": "2"})

    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.headers["HX-Trigger"] == "assessment-changed"
    html = response.get_data(as_text=True)
    assert "Evaluasi periodik disimpan." in html
    assert f'<strong class="periodic-predikat" data-predikat="{predikat}">{label}</strong>' in html
    assert periodic_rows(aid) == [(2, hasil_kerja, perilaku, predikat, org.supervisor.user_id)]
    assert stored(aid).version == before.version + 1
    assert stored(aid).ratings == before.ratings  # the annual rating is untouched
    seen = login_as(org.asn).get(f"/assessments/{aid}?p=2").get_data(as_text=True)
    assert f'data-predikat="{predikat}">{label}</strong>' in seen
    assert "Target triwulan terlampaui." in seen
    summary = login_as(org.asn).get(f"/assessments/{aid}?p=0").get_data(as_text=True)
    assert '?p=2">Triwulan II</a>' in summary


def test_it_changes_a_periodic_evaluation_instead_of_adding_another(org, login_as):
    aid, _ = fixed_skp(org)
    supervisor = login_as(org.supervisor)

    for rating in ("meets", "above"):
        supervisor.post(f"/assessments/{aid}/periodic-ratings", data={
            **PERIODIC, "periodic-rating_hasil_kerja": rating,
            "periodic-version": stored(aid).version, "periodic-period_no": "1"})

    assert periodic_rows(aid) == [(1, "above", "above", "sangat_baik", org.supervisor.user_id)]


@pytest.mark.parametrize("changes, message", [
    ({"periodic-perilaku_note": ""}, "Justifikasi rating perilaku kerja wajib diisi."),
    ({"periodic-rating_hasil_kerja": "luar biasa"}, "Pilih salah satu pilihan yang tersedia."),
    ({"periodic-period_no": "0"}, "bukan untuk tahunan"),
    ({"periodic-period_no": "7"}, "Periode evaluasi tidak dikenal untuk tahun ini."),
], ids=["no-justification", "bad-rating", "annual", "outside-year"])
def test_it_refuses_an_incomplete_periodic_evaluation_and_keeps_the_input(org, login_as,
                                                                          changes, message):
    aid, _ = fixed_skp(org)
    before = stored(aid)

    response = login_as(org.supervisor).post(f"/assessments/{aid}/periodic-ratings", data={
        **PERIODIC, "periodic-version": before.version, "periodic-period_no": "2", **changes})

    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert message in html
    if changes.get("periodic-period_no") != "0":  # "Tahunan" shows the summary, not the form
        assert "Target triwulan terlampaui.</textarea>" in html
    assert periodic_rows(aid) == []
    assert stored(aid) == before


def test_it_refuses_a_periodic_evaluation_by_the_employee(org, login_as):
    aid, _ = fixed_skp(org)
    before = stored(aid)

    response = login_as(org.asn).post(f"/assessments/{aid}/periodic-ratings", data={
        **PERIODIC, "periodic-version": before.version, "periodic-period_no": "2"})

    assert response.status_code == 403
    assert periodic_rows(aid) == []


def test_the_supervisor_may_still_evaluate_a_quarter_once_self_assessed(org, login_as):
    aid = advance(org, "self_assessed")

    response = login_as(org.supervisor).post(f"/assessments/{aid}/periodic-ratings", data={
        **PERIODIC, "periodic-version": stored(aid).version, "periodic-period_no": "4"})

    assert response.status_code == 200, response.get_data(as_text=True)
    assert [r[0] for r in periodic_rows(aid)] == [4]


# --- the admin's evaluation frequency ---------------------------------------------------------

def period_row(period_id: int) -> Period:
    db.session.expire_all()
    return db.session.get(Period, period_id)


def set_frequency(client, period_id, value):
    return client.post(f"/admin/periods/{period_id}/frequency", htmx=False, csrf=False,
                       data={"evaluation_frequency": value, "csrf_token": client.csrf})


def test_the_admin_switches_to_monthly_and_the_picker_shows_twelve_months(org, login_as):
    aid, _ = fixed_skp(org)
    admin = login_as(org.admin)

    response = set_frequency(admin, org.period_id, "monthly")

    assert response.status_code == 302
    assert response.headers["Location"] == "/admin/periods"
    assert period_row(org.period_id).evaluation_frequency == "monthly"
    assert "Evaluasi periodik 2026: Bulanan." in admin.get("/admin/periods").get_data(as_text=True)
    html = login_as(org.asn).get(f"/assessments/{aid}?p=11").get_data(as_text=True)
    assert picker(html) == ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli",
                            "Agustus", "September", "Oktober", "November", "Desember", "Tahunan"]
    assert current_in_picker(html) == "November"


def test_the_admin_page_shows_and_offers_the_frequency(org, login_as):
    html = login_as(org.admin).get("/admin/periods").get_data(as_text=True)

    assert f'<label class="visually-hidden" for="frequency-{org.period_id}">' in html
    assert '<option value="quarterly" selected>Triwulanan</option>' in html
    assert 'id="evaluation_frequency"' in html  # the new-period form asks for it too


def test_the_admin_creates_a_monthly_period(org, login_as):
    admin = login_as(org.admin)

    response = admin.post("/admin/periods", htmx=False, csrf=False, data={
        "year": "2027", "targets_due": "2027-01-31", "self_assessment_due": "2027-12-15",
        "review_due": "2027-12-31", "calibration_due": "2028-01-15",
        "approval_due": "2028-01-31", "evaluation_frequency": "monthly",
        "csrf_token": admin.csrf})

    assert response.status_code == 302
    db.session.expire_all()
    created = db.session.scalar(sa.select(Period).where(Period.year == 2027))
    assert created.evaluation_frequency == "monthly"
    assert list(created.evaluation_periods) == list(range(1, 13))


@pytest.mark.parametrize("value", ["weekly", ""])
def test_it_refuses_a_frequency_that_does_not_exist(org, login_as, value):
    response = set_frequency(login_as(org.admin), org.period_id, value)

    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Pilih salah satu pilihan yang tersedia." in html
    assert "Not a valid" not in html
    assert period_row(org.period_id).evaluation_frequency == "quarterly"


def test_it_refuses_to_change_the_frequency_once_a_quarter_has_entries(org, login_as):
    aid, indicator = fixed_skp(org)
    save(login_as(org.asn), aid, indicator, period_no="3")

    response = set_frequency(login_as(org.admin), org.period_id, "monthly")

    assert response.status_code == 422
    assert "Frekuensi evaluasi tidak dapat diubah" in response.get_data(as_text=True)
    assert period_row(org.period_id).evaluation_frequency == "quarterly"


def test_it_refuses_to_change_the_frequency_of_a_closed_period(org, login_as):
    db.session.execute(sa.update(Period).where(Period.id == org.period_id)
                       .values(status="closed"))
    db.session.commit()

    response = set_frequency(login_as(org.admin), org.period_id, "monthly")

    assert response.status_code == 422
    assert "Periode yang sudah ditutup tidak dapat diubah." in response.get_data(as_text=True)
    assert period_row(org.period_id).evaluation_frequency == "quarterly"


@pytest.mark.parametrize("who", ["asn", "supervisor", "head"])
def test_it_refuses_the_frequency_change_to_non_admins(org, login_as, who):
    response = set_frequency(login_as(getattr(org, who)), org.period_id, "monthly")

    assert response.status_code == 403
    assert period_row(org.period_id).evaluation_frequency == "quarterly"


def test_it_answers_404_for_the_frequency_of_a_missing_period(org, login_as):
    response = set_frequency(login_as(org.admin), org.period_id + 1000, "monthly")

    assert response.status_code == 404

