"""Views of the planning (perencanaan) part of the step: RHK and indicators of the draft SKP."""
from __future__ import annotations

from flask_babel import gettext as _
from flask_login import login_required

from portal.assessments import bp
from portal.assessments.forms import ActionForm, IndicatorForm, RhkForm
from portal.assessments.step import context_provider, get_assessment, respond
from portal.services import planning as service
from portal.services.errors import Refused
from portal.web import current_actor


@context_provider
def planning_context(assessment, actor, editable) -> dict:
    """Empty forms for a new RHK and a new indicator of each RHK, while the SKP is a draft."""
    return {
        "rhk_form": RhkForm(formdata=None, version=assessment.version),
        "indicator_forms": {
            rhk.id: IndicatorForm(formdata=None, prefix=f"rhk{rhk.id}", version=assessment.version)
            for rhk in assessment.rhks
        } if editable["targets"] else {},
    }


@bp.route("/<int:assessment_id>/rhks", methods=["POST"])
@login_required
def add_rhk(assessment_id: int):
    """Add an RHK with its first indicator to the draft SKP."""
    assessment = get_assessment(assessment_id)
    form = RhkForm()
    if not form.validate():
        return respond(assessment_id, status=422, message=_("Periksa isian RHK."), rhk_form=form)
    try:
        service.add_rhk(assessment, current_actor(), version=form.version.data,
                        kind=form.kind.data, text=form.rhk_text.data, aspect=form.aspect.data,
                        indicator_text=form.text.data, target_value=form.target_value.data,
                        target_unit=form.target_unit.data)
    except Refused as refusal:
        return respond(assessment_id, refusal=refusal, rhk_form=form)
    return respond(assessment_id, message=_("RHK ditambahkan."))


@bp.route("/<int:assessment_id>/rhks/<int:rhk_id>/indicators", methods=["POST"])
@login_required
def add_indicator(assessment_id: int, rhk_id: int):
    """Add an indicator to one RHK of the draft SKP."""
    assessment = get_assessment(assessment_id)
    form = IndicatorForm(prefix=f"rhk{rhk_id}")
    form.rhk_id = rhk_id
    if not form.validate():
        return respond(assessment_id, status=422, message=_("Periksa isian indikator."),
                       indicator_form=form)
    try:
        service.add_indicator(assessment, current_actor(), rhk_id, version=form.version.data,
                              aspect=form.aspect.data, text=form.text.data,
                              target_value=form.target_value.data,
                              target_unit=form.target_unit.data)
    except Refused as refusal:
        return respond(assessment_id, refusal=refusal, indicator_form=form)
    return respond(assessment_id, message=_("Indikator ditambahkan."))


@bp.route("/<int:assessment_id>/rhks/<int:rhk_id>/delete", methods=["POST"])
@login_required
def delete_rhk(assessment_id: int, rhk_id: int):
    """Remove an RHK (with its indicators) from the draft SKP."""
    assessment = get_assessment(assessment_id)
    form = ActionForm()
    try:
        service.delete_rhk(assessment, current_actor(), rhk_id, version=form.version.data)
    except Refused as refusal:
        return respond(assessment_id, refusal=refusal)
    return respond(assessment_id, message=_("RHK dihapus."))


@bp.route("/<int:assessment_id>/indicators/<int:indicator_id>/delete", methods=["POST"])
@login_required
def delete_indicator(assessment_id: int, indicator_id: int):
    """Remove an indicator from the draft SKP."""
    assessment = get_assessment(assessment_id)
    form = ActionForm()
    try:
        service.delete_indicator(assessment, current_actor(), indicator_id,
                                 version=form.version.data)
    except Refused as refusal:
        return respond(assessment_id, refusal=refusal)
    return respond(assessment_id, message=_("Indikator dihapus."))
