"""Views of the execution (pelaksanaan) part of the step: realisations of the fixed SKP."""
from __future__ import annotations

from flask import request
from flask_babel import gettext as _
from flask_login import login_required

from portal.assessments import bp
from portal.assessments.forms import ActionForm
from portal.assessments.step import context_provider, get_assessment, respond
from portal.fields import parse_local_decimal
from portal.services import execution as service
from portal.services.errors import Refused
from portal.web import current_actor


@context_provider
def execution_context(assessment, actor, editable) -> dict:
    """No typed values or errors unless a refused POST passes them back."""
    return {"realisation_input": {}, "realisation_errors": {}}


@bp.route("/<int:assessment_id>/realisations", methods=["POST"])
@login_required
def save_realisations(assessment_id: int):
    """Record the realisation of every indicator of the fixed SKP."""
    assessment = get_assessment(assessment_id)
    form = ActionForm()  # carries CSRF and the version
    period_no = request.form.get("period_no", "0")
    period_no = int(period_no) if period_no.isdigit() else -1
    values, errors, typed = {}, {}, {}
    for rhk in assessment.rhks:
        for indicator in rhk.indicators:
            raw = request.form.get(f"value-{indicator.id}", "")
            note = request.form.get(f"note-{indicator.id}", "")
            typed[indicator.id] = (raw, note)
            if not raw.strip():
                continue  # left empty: saved later; submitting checks every indicator is filled
            try:
                values[indicator.id] = (parse_local_decimal(raw), note[:4000])
            except ValueError as error:
                errors[indicator.id] = str(error)
    if errors:
        return respond(assessment_id, status=422, message=_("Periksa isian realisasi."),
                       realisation_input=typed, realisation_errors=errors)
    try:
        service.save_realisations(assessment, current_actor(), version=form.version.data,
                                  values=values, period_no=period_no)
    except Refused as refusal:
        return respond(assessment_id, refusal=refusal, realisation_input=typed)
    return respond(assessment_id, message=_("Realisasi disimpan."))
