"""Bad input anywhere: every form speaks Indonesian with the real problem and answers 422;
impossible realisations, over-long text and NUL characters are refused, never stored or cut."""
from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
from decimal import Decimal
from pathlib import Path

import pytest
import sqlalchemy as sa
import wtforms
from werkzeug.datastructures import MultiDict
from wtforms import validators as wtf_validators

import portal
from portal import forms as portal_forms
from portal.extensions import db
from portal.models import Evidence, Feedback, Rhk
from tests.http.helpers import rhk_form, stored
from tests.http.test_execution import fixed_skp, realisations_of, save


# --- every form in the user's language ----------------------------------------------------------

def _form_classes():
    """Every PortalForm subclass defined in a blueprint's forms module."""
    found = {}
    for module_info in pkgutil.iter_modules(portal.__path__):
        try:
            module = importlib.import_module(f"portal.{module_info.name}.forms")
        except ModuleNotFoundError:
            continue
        for name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, portal_forms.PortalForm) and cls.__module__ == module.__name__:
                found[f"{module_info.name}.{name}"] = cls
    return found


FORMS = _form_classes()


def _limits():
    """(form, field, validator) for every length or number limit of every form."""
    cases = []
    for form_name, cls in sorted(FORMS.items()):
        for name, unbound in _unbound(cls):
            for validator in unbound.kwargs.get("validators", ()):
                if isinstance(validator, (wtf_validators.Length, wtf_validators.NumberRange)):
                    cases.append(pytest.param(cls, name, validator,
                                              id=f"{form_name}.{name}"))
    return cases


def _unbound(cls):
    return [(name, value) for name in dir(cls)
            if isinstance(value := getattr(cls, name, None), wtforms.fields.core.UnboundField)]


LIMITS = _limits()


def test_the_forms_are_found():
    assert {"assessments.RatingForm", "survey.SurveyForm", "peers.PeerAnswerForm",
            "admin.PeriodForm", "objections.DecisionForm"} <= set(FORMS)
    assert len(LIMITS) > 20


@pytest.mark.parametrize("cls, name, validator", LIMITS)
def test_every_limit_of_every_form_speaks_indonesian(app, cls, name, validator):
    if isinstance(validator, wtf_validators.Length):
        typed = "x" * (validator.max + 1)
        expected = r"Paling banyak [\d.]+ karakter; isian ini [\d.]+ karakter\."
    else:
        typed = str(validator.max + 1 if validator.max is not None else validator.min - 1)
        expected = r"Isi angka .*[\d.]+"
    with app.test_request_context(method="POST"):
        form = cls(formdata=MultiDict({name: typed}), meta={"csrf": False})
        for field in form:
            if getattr(field, "choices", False) is None:
                field.choices = []  # set per page by the views
        form.validate()
        errors = [str(e) for e in form[name].errors]
        if validator.message is not None:  # a message of the form's own, in Indonesian
            expected = re.escape(str(validator.message)).replace(r"%\(max\)d", r"\d+")

    assert errors, f"{name} accepted {typed[:20]}…"
    assert any(re.search(expected, e) for e in errors), errors
    assert not any(re.search(r"\b(Field|Number|must|cannot)\b", e) for e in errors), errors


@pytest.mark.parametrize("cls, name, validator", LIMITS)
def test_every_limit_is_the_portals_own_validator(cls, name, validator):
    assert type(validator) in (portal_forms.Length, portal_forms.NumberRange) \
        or validator.message is not None


def test_every_wtforms_message_has_an_indonesian_text():
    pot = Path(wtforms.__file__).parent / "locale" / "wtforms.pot"
    msgids = re.findall(r'^msgid(?:_plural)? "(.+)"$', pot.read_text(), re.M)

    missing = [m for m in msgids if m.replace('\\"', '"') not in portal_forms.WTFORMS_MESSAGES]

    assert msgids and missing == []


# --- the status and the heading name the real problem -------------------------------------------

def test_an_over_long_peer_comment_is_headed_by_the_comment_not_the_scores(org, login_as):
    from tests.http.test_peer_feedback import answer_as, asked, review_of

    aid = asked(org, org.peer)
    review = review_of(aid, org.peer)

    response = answer_as(login_as(org.peer), review.id, comment="x" * 2001)

    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Periksa isian yang ditandai: Komentar (opsional)." in html
    assert "Paling banyak 2.000 karakter; isian ini 2.001 karakter." in html
    assert "Pilih penilaian untuk setiap nilai BerAKHLAK." not in html
    assert review_of(aid, org.peer).answered_at is None


def test_an_over_long_calibration_justification_is_refused_with_422(org, login_as):
    from portal.models import CalibrationRecord
    from tests.http.helpers import advance

    advance(org, "reviewed")
    client = login_as(org.committee)

    response = client.post("/calibration/finish", htmx=False, data={
        "view": f"agency={org.agency_id}", "finish-justification": "x" * 8001})

    assert response.status_code == 422
    assert ("Periksa isian yang ditandai: Justifikasi sebaran. Paling banyak 8.000 karakter; "
            "isian ini 8.001 karakter.") in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(CalibrationRecord)) == 0


# --- realisations: impossible values refused --------------------------------------------------

@pytest.mark.parametrize("value, message", [
    ("-250", "Realisasi tidak boleh negatif."),
    ("100000000000", "Realisasi 100.000.000.000 tidak wajar: paling banyak 120.000 dokumen"),
    ("12,345", "Paling banyak 2 angka di belakang koma."),
], ids=["negative", "ten-to-the-eleventh", "three-decimals"])
def test_an_impossible_realisation_is_refused_and_nothing_is_stored(org, login_as, value,
                                                                    message):
    aid, indicator = fixed_skp(org)
    before = stored(aid)

    response = save(login_as(org.asn), aid, indicator, value=value, note="Rekap")

    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert message in html
    assert f'value="{value}"' in html  # kept as typed
    assert realisations_of(indicator) == []
    assert stored(aid) == before


def test_a_realisation_up_to_a_hundred_times_the_target_is_accepted(org, login_as):
    aid, indicator = fixed_skp(org)

    response = save(login_as(org.asn), aid, indicator, value="120.000", note="Rekap")

    assert response.status_code == 200
    assert realisations_of(indicator) == [(2, Decimal("120000.00"), "Rekap")]


def test_an_over_long_note_is_refused_not_cut(org, login_as):
    aid, indicator = fixed_skp(org)
    note = "catatan." * 12_500  # 100,000 characters

    response = save(login_as(org.asn), aid, indicator, value="300", note=note)

    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Keterangan: Teks terlalu panjang: paling banyak 4.000 karakter, isian ini " \
           "100.000 karakter." in html
    assert "Realisasi disimpan" not in html
    assert realisations_of(indicator) == []


def test_over_long_feedback_and_link_titles_are_refused_not_cut(org, login_as):
    aid, indicator = fixed_skp(org)
    save(login_as(org.asn), aid, indicator, value="300", note="Rekap")

    feedback = login_as(org.supervisor).post(f"/assessments/{aid}/feedback", data={
        "version": stored(aid).version, "period_no": "2", "value_code": "akuntabel",
        "text": "y" * 4001})
    link = login_as(org.asn).post(f"/assessments/{aid}/evidence/links", data={
        "version": stored(aid).version, "period_no": "2", "indicator_id": indicator,
        "url": "https://drive.example.go.id/rekap", "title": "z" * 256})

    assert feedback.status_code == 422 and link.status_code == 422
    assert "paling banyak 4.000 karakter, isian ini 4.001 karakter" in feedback.get_data(
        as_text=True)
    assert "paling banyak 255 karakter, isian ini 256 karakter" in link.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Feedback)) == 0
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Evidence)) == 0


# --- NUL characters ------------------------------------------------------------------------------

def test_a_nul_in_a_realisation_note_is_refused(org, login_as):
    aid, indicator = fixed_skp(org)

    response = save(login_as(org.asn), aid, indicator, value="300", note="Rekap\x00April")

    assert response.status_code == 422
    assert "karakter NUL" in response.get_data(as_text=True)
    assert realisations_of(indicator) == []


def test_a_nul_in_any_form_field_is_refused_on_that_field(org, login_as):
    aid = org.assessment_id(org.asn)
    before = stored(aid)

    response = login_as(org.asn).post(f"/assessments/{aid}/rhks", data={
        **rhk_form(org, rhk_text="Meningkatnya\x00 layanan"), "version": before.version})

    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Isian memuat karakter NUL (kode 0)" in html
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Rhk)
                             .where(Rhk.assessment_id == aid)) == 0


def test_a_nul_in_the_login_is_refused_not_a_server_error(app, org):
    from tests.http.test_auth import sign_in, signed_out

    response = sign_in(signed_out(app), "1990\x00", "x")

    assert response.status_code in (400, 422)


def test_a_nul_in_the_address_is_refused_before_any_query(org, login_as):
    response = login_as(org.admin).get("/catalogue/?q=KTP%00")

    assert response.status_code == 400
    assert "karakter NUL" in response.get_data(as_text=True)
