"""Views of the service catalogue (BKD admins): services, officers, QR codes and counter cards;
and the IKM reports, which an agency's approvers may also read for their own agency."""
from __future__ import annotations

import sqlalchemy as sa
from flask import (
    abort,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_login import current_user, login_required
from wtforms import SelectChoice

from portal.admin.routes import admin_required
from portal.assessments.execution import period_label
from portal.catalogue import bp
from portal.catalogue.forms import OfficerForm, ServiceForm
from portal.extensions import db
from portal.labels import (
    IKM_GRADE_LABELS,
    SKM_ELEMENT_LABELS,
    SKM_PROFILE_CHOICES,
    SKM_PROFILE_LABELS,
)
from portal.models import Agency, Period, Service, ServiceOfficer
from portal.services.errors import Refused
from portal.services.execution.execution import evaluation_window
from portal.services.feedback import catalogue as service
from portal.services.feedback.ikm import ikm_by
from portal.web import page_no, refusal_text, render_page_or_fragment, wants_fragment


@bp.app_template_filter("fixed2")
def fixed2(value) -> str:
    """A figure with exactly two decimals in the reader's locale (79,17; 3,20)."""
    return "" if value is None else format_decimal(value, format="#,##0.00")


@bp.context_processor
def _labels():
    return {"IKM_GRADE_LABELS": IKM_GRADE_LABELS, "SKM_ELEMENT_LABELS": SKM_ELEMENT_LABELS,
            "SKM_PROFILE_LABELS": SKM_PROFILE_LABELS, "SKM_PROFILE_CHOICES": SKM_PROFILE_CHOICES,
            "survey_link": service.survey_link}


def _service(service_id: int) -> Service:
    return db.session.get(Service, service_id) or abort(404)


def _officer(svc: Service, officer_id: int | None) -> ServiceOfficer | None:
    """The service's officer officer_id (None when not asked for); 404 if not of this service."""
    if officer_id is None:
        return None
    officer = db.session.get(ServiceOfficer, officer_id)
    if officer is None or officer.service_id != svc.id:
        abort(404)
    return officer


# --- the catalogue ----------------------------------------------------------------------------

@bp.route("/")
@admin_required
def index():
    """List the services by agency and unit, a page at a time, with their officer counts."""
    agency_id = request.args.get("agency", type=int)
    page = page_no()
    rows, has_more = service.catalogue_page(agency_id, page, current_app.config["PAGE_SIZE"])
    return render_template("catalogue/index.html", rows=rows, has_more=has_more, page_no=page,
                           agencies=service.agencies(), agency_id=agency_id)


def _service_form(agency_id: int, **kwargs) -> ServiceForm:
    form = ServiceForm(**kwargs)
    form.unit_id.choices = [SelectChoice(u.id, u.name) for u in service.units_of(agency_id)]
    return form


@bp.route("/services/new", methods=["GET", "POST"])
@admin_required
def new_service():
    """Add a service: first choose the agency, then its unit, name and service standard."""
    agency = db.session.get(Agency, request.args.get("agency", 0, type=int))
    if agency is None:
        return render_template("catalogue/new.html", agency=None, agencies=service.agencies())
    form = _service_form(agency.id)
    status = 200
    if form.validate_on_submit():
        try:
            created = service.create_service(
                unit_id=form.unit_id.data, name=form.name.data,
                standard_minutes=form.standard_minutes, active=form.active.data)
        except Refused as refusal:
            form.name.errors.append(refusal_text(refusal))
        else:
            flash(_("Layanan %(name)s ditambahkan dengan kode %(code)s.",
                    name=created.name, code=created.code), "success")
            return redirect(url_for(".show", service_id=created.id), 303)
    if form.errors:
        status = 422
    return render_template("catalogue/new.html", agency=agency, form=form), status


def _service_page(svc: Service, status: int = 200, form: ServiceForm | None = None,
                  message: str | None = None, fragment: str = "catalogue/_officers.html"):
    if form is None:
        form = _service_form(svc.unit.agency_id, formdata=None, obj=svc)
        form.show_standard(svc.standard_minutes)
    query = request.args.get("q", "")
    return render_page_or_fragment(
        "catalogue/service.html", fragment, status, service=svc, form=form,
        officers=service.officers_of(svc), officer_form=OfficerForm(formdata=None),
        q=query, found=service.search_employees(svc, query), message=message,
        message_error=status >= 400)


@bp.route("/services/<int:service_id>", methods=["GET", "POST"])
@admin_required
def show(service_id: int):
    """Show a service with its links, QR codes and officers; save changes to it."""
    svc = _service(service_id)
    if request.method == "GET":
        return _service_page(svc)
    form = _service_form(svc.unit.agency_id)
    if form.validate_on_submit():
        try:
            service.update_service(svc, unit_id=form.unit_id.data, name=form.name.data,
                                   standard_minutes=form.standard_minutes,
                                   active=form.active.data)
        except Refused as refusal:
            db.session.rollback()
            form.name.errors.append(refusal_text(refusal))
        else:
            flash(_("Layanan disimpan."), "success")
            return redirect(url_for(".show", service_id=svc.id), 303)
    return _service_page(svc, 422, form=form)


@bp.route("/services/<int:service_id>/officers/search")
@admin_required
def search_officers(service_id: int):
    """Employees of the service's agency matching a name or NIP (as typed, for hx-get).

    An htmx keystroke gets only the results (one query); a plain GET the whole service page.
    """
    svc = _service(service_id)
    if not wants_fragment():
        return _service_page(svc)
    query = request.args.get("q", "")
    return render_page_or_fragment(
        "catalogue/service.html", "catalogue/_officer_results.html", service=svc, q=query,
        found=service.search_employees(svc, query), officer_form=OfficerForm(formdata=None))


def _officer_changed(svc: Service, message: str):
    if wants_fragment():
        return _service_page(svc, message=message)
    flash(message, "success")
    return redirect(url_for(".show", service_id=svc.id), 303)


@bp.route("/services/<int:service_id>/officers", methods=["POST"])
@admin_required
def add_officer(service_id: int):
    """Name an employee of the agency as an officer of the service, with their own link."""
    svc = _service(service_id)
    form = OfficerForm()
    try:
        officer = service.add_officer(svc, form.employee_id.data if form.validate() else None)
    except Refused as refusal:
        return _service_page(svc, 422, message=refusal_text(refusal))
    return _officer_changed(svc, _("%(name)s ditambahkan sebagai petugas.",
                                   name=officer.employee.name))


@bp.route("/services/<int:service_id>/officers/<int:officer_id>/delete", methods=["POST"])
@admin_required
def remove_officer(service_id: int, officer_id: int):
    """Remove an officer from the service; the answers naming them stay."""
    svc = _service(service_id)
    officer = _officer(svc, officer_id)
    name = officer.employee.name
    service.remove_officer(svc, officer.id)
    return _officer_changed(svc, _("%(name)s tidak lagi menjadi petugas layanan ini.", name=name))


@bp.route("/services/<int:service_id>/qr.<kind>")
@bp.route("/services/<int:service_id>/officers/<int:officer_id>/qr.<kind>")
@admin_required
def qr(service_id: int, kind: str, officer_id: int | None = None):
    """Download the QR code of the survey link (of the service, or naming an officer)."""
    if kind not in service.QR_KINDS:
        abort(404)
    svc = _service(service_id)
    officer = _officer(svc, officer_id)
    response = make_response(service.qr_image(service.survey_link(svc, officer), kind))
    response.mimetype = service.QR_KINDS[kind]
    name = f"skm-{svc.code}" + (f"-{officer.code}" if officer else "")
    response.headers["Content-Disposition"] = f'attachment; filename="{name}.{kind}"'
    return response


@bp.route("/services/<int:service_id>/card")
@bp.route("/services/<int:service_id>/officers/<int:officer_id>/card")
@admin_required
def card(service_id: int, officer_id: int | None = None):
    """A counter card to print: service, unit, (officer,) the QR code and the short link."""
    svc = _service(service_id)
    officer = _officer(svc, officer_id)
    return render_template("catalogue/card.html", service=svc, officer=officer,
                           link=service.survey_link(svc, officer))


# --- IKM reports ------------------------------------------------------------------------------

def _report_agencies() -> frozenset[int] | None:
    """The agencies whose IKM the user may read: all (None) for admins, their own for approvers."""
    if current_user.is_admin:
        return None
    agencies = current_user.agencies_with("approver")
    if not agencies:
        abort(403, description=_("Laporan IKM untuk admin BKD dan pimpinan instansi."))
    return agencies


def _window() -> dict:
    """The period (default: the open one) and evaluation period (0 = the year) asked for."""
    periods = list(db.session.scalars(sa.select(Period).order_by(Period.year.desc())))
    if not periods:
        abort(404)
    chosen = request.args.get("period", type=int)
    period = (next((p for p in periods if p.id == chosen), None)
              or next((p for p in periods if p.status == "open"), periods[0]))
    period_no = request.args.get("n", 0, type=int)
    if period_no not in (0, *period.evaluation_periods):
        period_no = 0
    start, end = evaluation_window(period, period_no)
    return {"periods": periods, "period": period, "period_no": period_no, "start": start,
            "end": end, "period_label": period_label}


@bp.route("/ikm")
@login_required
def ikm():
    """IKM per service, unit and officer in one period, for the agencies the user may read."""
    allowed = _report_agencies()
    agency_id = request.args.get("agency", type=int)
    if agency_id and allowed is not None and agency_id not in allowed:
        abort(403, description=_("Anda hanya dapat melihat IKM instansi Anda."))
    scope = {agency_id} if agency_id else allowed
    window = _window()
    page = page_no()
    report = service.ikm_report(scope, window["start"], window["end"], officer_page=page,
                                page_size=current_app.config["PAGE_SIZE"])
    agencies = [a for a in service.agencies() if allowed is None or a.id in allowed]
    return render_template("catalogue/ikm.html", report=report, agencies=agencies,
                           agency_id=agency_id, page_no=page, **window)


@bp.route("/services/<int:service_id>/comments")
@login_required
def comments(service_id: int):
    """The IKM of one service and its citizens' comments in the period, newest first."""
    allowed = _report_agencies()
    svc = _service(service_id)
    if allowed is not None and svc.unit.agency_id not in allowed:
        abort(403, description=_("Anda hanya dapat melihat IKM instansi Anda."))
    window = _window()
    figures = ikm_by("service", window["start"], window["end"], [svc.id]).get(svc.id)
    page = page_no()
    items, has_more = service.comments_page(svc, window["start"], window["end"], page,
                                            current_app.config["PAGE_SIZE"])
    return render_template("catalogue/comments.html", service=svc, ikm=figures, items=items,
                           has_more=has_more, page_no=page, **window)
