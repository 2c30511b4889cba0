"""Views of the indicator library: the admins' list, template form, retiring and the agencies'
sectors; and the employee's choice of templates to start a draft SKP from."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required
from wtforms import SelectChoice

from portal.admin.routes import admin_required
from portal.assessments.planning import parent_choices
from portal.assessments.step import get_assessment
from portal.extensions import db
from portal.forms import PortalForm
from portal.labels import APPROACH_LABELS, DATA_SOURCE_LABELS, SECTOR_LABELS
from portal.library import bp
from portal.library.forms import ApplyForm, TemplateForm, sectors_form
from portal.models import SkpTemplate
from portal.rules.sources import SOURCES
from portal.services import library as service
from portal.services.errors import Invalid, Refused
from portal.services.planning import planning
from portal.web import current_actor, refusal_text, render_page_or_fragment


@bp.context_processor
def _labels():
    return {"SECTOR_LABELS": SECTOR_LABELS, "DATA_SOURCE_LABELS": DATA_SOURCE_LABELS,
            "APPROACH_LABELS": APPROACH_LABELS}


def _template(template_id: int) -> SkpTemplate:
    return service.get_template(template_id) or abort(404)


def _mark(form, refusal: Refused) -> None:
    """Put a refusal's message on the field at fault (an indicator row's, when it names one)."""
    details = dict(refusal.details)
    field = details.pop("field", None) if isinstance(refusal, Invalid) else None
    row = details.pop("row", None)
    text = refusal_text(refusal)
    target = form.indicators[row].form if row is not None else form
    if field and field in target:
        target[field].errors = [*target[field].errors, text]
    else:
        form.form_errors.append(text)


# --- the admins' library ----------------------------------------------------------------------

@bp.route("/")
@admin_required
def index():
    """List the templates of one sector or all, retired ones marked, with who changed them."""
    sector = request.args.get("sector")
    if sector not in SkpTemplate.SECTORS:
        sector = None
    return render_template("library/index.html", templates=service.templates(sector),
                           sector=sector, button=PortalForm(formdata=None))


def _form_page(form: TemplateForm, template: SkpTemplate | None, status: int = 200):
    return render_template("library/edit.html", form=form, template=template), status


def _save(form: TemplateForm, template: SkpTemplate | None):
    """Validate and save the form (a new template when template is None); the form again,
    as typed, with the reason at the field at fault, when it cannot be saved."""
    if not form.validate():
        return _form_page(form, template, 422)
    try:
        if template is None:
            template = service.create_template(current_actor(), **form.values())
        else:
            service.update_template(template, current_actor(), **form.values())
    except Refused as refusal:
        db.session.rollback()
        _mark(form, refusal)
        return _form_page(form, template, refusal.status)
    flash(_("Templat disimpan: %(text)s", text=template.text), "success")
    return redirect(url_for(".index", sector=template.sector), 303)


@bp.route("/new", methods=["GET", "POST"])
@admin_required
def new():
    """Add a template: its sector, the post it suits, the RHK and up to four indicators."""
    if request.method == "GET":
        return _form_page(TemplateForm(formdata=None, sector=request.args.get("sector")), None)
    return _save(TemplateForm(), None)


@bp.route("/<int:template_id>", methods=["GET", "POST"])
@admin_required
def edit(template_id: int):
    """Show a template in its form; save changes to it."""
    template = _template(template_id)
    if request.method == "GET":
        form = TemplateForm(formdata=None)
        form.show(template)
        return _form_page(form, template)
    return _save(TemplateForm(), template)


@bp.route("/<int:template_id>/retire", methods=["POST"])
@admin_required
def retire(template_id: int):
    """Stop offering a template (it stays in the library, marked retired)."""
    return _switch(template_id, service.retire_template, _("Templat tidak lagi ditawarkan."))


@bp.route("/<int:template_id>/restore", methods=["POST"])
@admin_required
def restore(template_id: int):
    """Offer a retired template again."""
    return _switch(template_id, service.restore_template, _("Templat ditawarkan kembali."))


def _switch(template_id: int, change, done: str):
    template = _template(template_id)
    if not PortalForm().validate():
        abort(400)
    try:
        change(template, current_actor())
    except Refused as refusal:
        flash(refusal_text(refusal), "error")
    else:
        flash(done, "success")
    return redirect(url_for(".index", sector=template.sector), 303)


@bp.route("/sectors", methods=["GET", "POST"])
@admin_required
def sectors():
    """Set the sector each agency works in, which decides the templates its employees see."""
    rows = service.agency_sectors()
    if request.method == "GET":
        return render_template("library/sectors.html", form=sectors_form(rows, formdata=None))
    form = sectors_form(rows)
    if not form.validate():
        return render_template("library/sectors.html", form=form), 422
    service.set_agency_sectors(current_actor(), {
        agency.id: form[f"a{agency.id}"].data or None for agency, _sector in rows})
    flash(_("Sektor instansi disimpan."), "success")
    return redirect(url_for(".sectors"), 303)


# --- starting an SKP from the library ---------------------------------------------------------

@bp.route("/skp/<int:assessment_id>", methods=["GET", "POST"])
@login_required
def choose(assessment_id: int):
    """Offer the templates the employee may copy into their draft SKP; copy the chosen ones."""
    assessment = get_assessment(assessment_id)
    actor = current_actor()
    try:
        service.check_may_apply(assessment, actor)
    except Refused as refusal:
        abort(refusal.status, description=refusal_text(refusal))
    if request.method == "GET":
        return _choice(assessment, ApplyForm(formdata=None, version=assessment.version))
    form = _apply_form(assessment, ApplyForm())
    if not form.validate():
        return _choice(assessment, form, 422)
    try:
        rhks = service.apply_templates(
            assessment, actor, version=form.version.data, template_ids=form.template_ids.data,
            parent_rhk_id=form.parent_rhk_id.data,
            source_service_id=form.source_service_id.data)
    except Refused as refusal:
        db.session.rollback()
        # Bound to the version now shown: after a conflict, resubmitting is deliberate.
        form.version.data, form.version.raw_data = assessment.version, [str(assessment.version)]
        field = refusal.details.get("field")
        if field in form and field != "version":
            form[field].errors = [*form[field].errors, refusal_text(refusal)]
        return _choice(assessment, form, refusal.status, refusal_text(refusal))
    flash(_("%(count)s RHK dari pustaka indikator ditambahkan ke SKP Anda. Periksa dan sesuaikan "
            "target setiap indikator.", count=len(rhks)), "success")
    return redirect(url_for("assessments.show", assessment_id=assessment.id), 303)


def _apply_form(assessment, form: ApplyForm, offered=None) -> ApplyForm:
    """The form's choices: the supervisor's fixed RHK, and the agency's services when an offered
    indicator is measured from them."""
    form.parent_rhk_id.choices = parent_choices(planning.cascade_source(assessment))
    offered = service.offered(assessment) if offered is None else offered
    if any(i.data_source in SOURCES for t in offered for i in t.indicators):
        form.source_service_id.choices = [
            SelectChoice("", _("— semua layanan yang saya tangani —")),
            *(SelectChoice(str(s.id), s.name) for s in planning.agency_services(assessment))]
    return form


def _choice(assessment, form: ApplyForm, status: int = 200, message: str | None = None):
    offered = service.offered(assessment)
    _apply_form(assessment, form, offered)
    # The templates written for the employee's own post come first.
    position = assessment.employee.position
    own_post = position.title if position else None
    groups: dict[tuple[str, str], list[SkpTemplate]] = {}
    for template in sorted(offered, key=lambda t: t.post != own_post):
        groups.setdefault((template.sector, template.post), []).append(template)
    return render_page_or_fragment(
        "library/choose.html", "library/_choose.html", status, a=assessment, form=form,
        groups=groups, own_post=own_post, chosen=set(form.template_ids.data or ()),
        message=message)
