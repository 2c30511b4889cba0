"""Views of the organisation kept by hand: create and change agencies, add, change, move and
delete units, add and change posts with their reporting line; and the agency's history of those
changes. Admins only; each form comes back with the input kept and the message on the field
when refused."""
from __future__ import annotations

import sqlalchemy as sa
from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms import SelectChoice

from portal.admin.routes import admin_required
from portal.extensions import db
from portal.forms import PortalForm
from portal.models import Agency, Employee, Position, Unit
from portal.people import bp
from portal.people.forms import AgencyForm, PositionForm, UnitForm
from portal.people.labels import ORG_REFUSAL_FIELDS, org_refusal_text
from portal.rules.reference import JENJANG
from portal.services.errors import Refused
from portal.services.people import directory
from portal.services.people import org_admin as service
from portal.web import page_no


def _refused(form: PortalForm, refusal: Refused) -> str | None:
    """Put the refusal's message on its field; the message to show above the form otherwise."""
    db.session.rollback()
    field = ORG_REFUSAL_FIELDS.get(refusal.message)
    text = org_refusal_text(refusal)
    if field is not None and field in form:
        form[field].errors = [*form[field].errors, text]
        return None
    return text


def _agency(agency_id: int) -> Agency:
    return db.session.get(Agency, agency_id) or abort(404)


# --- agencies ----------------------------------------------------------------------------------

def _agency_page(form: AgencyForm, agency: Agency | None, status: int = 200,
                 message: str | None = None):
    return render_template("people/agency_form.html", form=form, agency=agency,
                           message=message), status


@bp.route("/agencies/new", methods=["GET", "POST"])
@admin_required
def new_agency():
    """Create an agency (with its root unit), then its page."""
    form = AgencyForm()
    if not form.validate_on_submit():
        return _agency_page(form, None, 422 if request.method == "POST" else 200)
    try:
        agency = service.create_agency(current_user, form.code.data, form.name.data)
    except Refused as refusal:
        return _agency_page(form, None, refusal.status, _refused(form, refusal))
    flash(_("Instansi dibuat."), "success")
    return redirect(url_for(".agency", agency_id=agency.id), 303)


@bp.route("/agencies/<int:agency_id>/edit", methods=["GET", "POST"])
@admin_required
def edit_agency(agency_id: int):
    """Change an agency's code or name, then its page."""
    agency = _agency(agency_id)
    form = AgencyForm(obj=agency)
    if not form.validate_on_submit():
        return _agency_page(form, agency, 422 if request.method == "POST" else 200)
    try:
        service.change_agency(current_user, agency, form.code.data, form.name.data)
    except Refused as refusal:
        return _agency_page(form, agency, refusal.status, _refused(form, refusal))
    flash(_("Instansi disimpan."), "success")
    return redirect(url_for(".agency", agency_id=agency.id), 303)


@bp.route("/agencies/<int:agency_id>/history")
@admin_required
def agency_history(agency_id: int):
    """Every change made by hand to the agency's organisation, newest first, paged."""
    agency = _agency(agency_id)
    page = page_no()
    events, has_more = service.events_page(agency.id, page, current_app.config["PAGE_SIZE"])
    return render_template("people/agency_history.html", agency=agency, events=events,
                           page_no=page, has_more=has_more)


# --- units -------------------------------------------------------------------------------------

def _unit_choices(agency_id: int, unit: Unit | None = None,
                  tree: tuple | None = None) -> list[SelectChoice]:
    """The units of the agency by path (tree: directory.unit_tree's answer, if read already);
    a unit's own subtree is left out of its choices (the service refuses a cycle in any case)."""
    roots, paths = tree or directory.unit_tree(agency_id)
    below: set[int] = set()
    if unit is not None:
        def mark(node, inside: bool) -> None:
            inside = inside or node.id == unit.id
            if inside:
                below.add(node.id)
            for child in node.children:
                mark(child, inside)
        for root in roots:
            mark(root, False)
    order = []

    def walk(node) -> None:
        order.append(node.id)
        for child in node.children:
            walk(child)
    for root in roots:
        walk(root)
    return [SelectChoice(uid, paths[uid]) for uid in order if uid not in below]


def _unit_form(agency: Agency, unit: Unit | None = None) -> UnitForm:
    form = UnitForm(obj=unit)
    choices = _unit_choices(agency.id, unit)
    if unit is not None and unit.parent_id is None:
        form.parent_id.choices = [SelectChoice(0, _("— unit utama instansi (tanpa induk) —"))]
    elif choices or unit is not None:
        form.parent_id.choices = [SelectChoice(0, _("— pilih unit induk —")), *choices]
    else:
        form.parent_id.choices = [SelectChoice(0, _("— unit utama instansi (tanpa induk) —"))]
    if unit is None and request.method == "GET" and request.args.get("parent", "").isdigit():
        form.parent_id.data = int(request.args["parent"])
    return form


def _unit_page(form: UnitForm, agency: Agency, unit: Unit | None, status: int = 200,
               message: str | None = None):
    return render_template("people/unit_form.html", form=form, agency=agency, unit=unit,
                           message=message, delete_form=PortalForm(prefix="delete")), status


@bp.route("/agencies/<int:agency_id>/units/new", methods=["GET", "POST"])
@admin_required
def new_unit(agency_id: int):
    """Add a unit under another unit of the agency, then the agency's page."""
    agency = _agency(agency_id)
    form = _unit_form(agency)
    if not form.validate_on_submit():
        return _unit_page(form, agency, None, 422 if request.method == "POST" else 200)
    try:
        service.add_unit(current_user, agency, form.parent_id.data or None, form.name.data)
    except Refused as refusal:
        return _unit_page(form, agency, None, refusal.status, _refused(form, refusal))
    flash(_("Unit ditambahkan."), "success")
    return redirect(url_for(".agency", agency_id=agency.id), 303)


def _unit(unit_id: int) -> Unit:
    return db.session.get(Unit, unit_id) or abort(404)


@bp.route("/units/<int:unit_id>/edit", methods=["GET", "POST"])
@admin_required
def edit_unit(unit_id: int):
    """Rename a unit or move it under another unit of its agency, then the agency's page."""
    unit = _unit(unit_id)
    agency = unit.agency
    form = _unit_form(agency, unit)
    if not form.validate_on_submit():
        return _unit_page(form, agency, unit, 422 if request.method == "POST" else 200)
    try:
        service.change_unit(current_user, unit, form.name.data, form.parent_id.data or None)
    except Refused as refusal:
        return _unit_page(form, agency, unit, refusal.status, _refused(form, refusal))
    flash(_("Unit disimpan."), "success")
    return redirect(url_for(".agency", agency_id=agency.id), 303)


@bp.route("/units/<int:unit_id>/delete", methods=["POST"])
@admin_required
def delete_unit(unit_id: int):
    """Delete an empty unit, then the agency's page; a unit holding anything stays."""
    unit = _unit(unit_id)
    agency = unit.agency
    if not PortalForm(prefix="delete").validate_on_submit():
        abort(400)
    try:
        service.delete_unit(current_user, unit)
    except Refused as refusal:
        db.session.rollback()
        return _unit_page(_unit_form(agency, unit), agency, unit, refusal.status,
                          org_refusal_text(refusal))
    flash(_("Unit dihapus."), "success")
    return redirect(url_for(".agency", agency_id=agency.id), 303)


# --- posts -------------------------------------------------------------------------------------

def _position_form(agency: Agency, position: Position | None) -> PositionForm:
    """The post form: on POST from the form; on GET from the post (or ?unit=), or from the
    query string when the admin asked for another agency's posts as reporting line (the
    'show posts' button submits the form by GET, so what was typed stays)."""
    if request.method == "POST":
        form = PositionForm()
    elif "parent_agency_id" in request.args:
        form = PositionForm(formdata=request.args)
    else:
        form = PositionForm(formdata=None, obj=position)
        if position is not None:
            form.kind.data, form.jenjang.data = service.form_kind(position)
            form.parent_agency_id.data = (position.parent.unit.agency_id if position.parent
                                          else agency.id)
        else:
            form.parent_agency_id.data = agency.id
            if request.args.get("unit", "").isdigit():
                form.unit_id.data = int(request.args["unit"])
    tree = directory.unit_tree(agency.id)
    form.unit_id.choices = [SelectChoice(0, _("— pilih unit —")),
                            *_unit_choices(agency.id, tree=tree)]
    form.kind.choices = [SelectChoice("", _("— pilih jenis jabatan —")),
                         *(SelectChoice(kind, kind) for kind in service.POST_KINDS)]
    form.jenjang.choices = [SelectChoice("", _("— tanpa jenjang —")),
                            *(SelectChoice(level, level) for level in JENJANG)]
    agencies = directory.agency_choices()
    form.parent_agency_id.choices = [SelectChoice(*choice) for choice in agencies]
    chosen = form.parent_agency_id.data or agency.id
    if chosen not in {agency_id for agency_id, _name in agencies}:
        chosen = agency.id
    form.parent_agency_id.data = chosen
    parent_paths = (tree if chosen == agency.id else directory.unit_tree(chosen))[1]
    form.parent_id.choices = [SelectChoice(0, _("— tanpa atasan di portal —")), *(
        SelectChoice(pid, label) for pid, label in service.post_choices(chosen, parent_paths)
        if position is None or pid != position.id)]
    return form


def _position_page(form: PositionForm, agency: Agency, position: Position | None,
                   status: int = 200, message: str | None = None):
    holders = []
    if position is not None:
        holders = list(db.session.scalars(
            sa.select(Employee).where(Employee.position_id == position.id)
            .order_by(Employee.active.desc(), Employee.name)))
    return render_template("people/position_form.html", form=form, agency=agency,
                           position=position, holders=holders, message=message), status


@bp.route("/agencies/<int:agency_id>/positions/new", methods=["GET", "POST"])
@admin_required
def new_position(agency_id: int):
    """Add a vacant post in a unit of the agency, then the agency's page."""
    agency = _agency(agency_id)
    form = _position_form(agency, None)
    if not form.validate_on_submit():
        return _position_page(form, agency, None, 422 if request.method == "POST" else 200)
    try:
        service.add_position(current_user, agency, form.unit_id.data, form.title.data,
                             form.kind.data, form.jenjang.data, form.parent_id.data or None)
    except Refused as refusal:
        return _position_page(form, agency, None, refusal.status, _refused(form, refusal))
    flash(_("Jabatan ditambahkan."), "success")
    return redirect(url_for(".agency", agency_id=agency.id), 303)


@bp.route("/positions/<int:position_id>/edit", methods=["GET", "POST"])
@admin_required
def edit_position(position_id: int):
    """Change a post and its reporting line; the assessments under way below it follow the new
    line. Then the agency's page."""
    position = db.session.get(Position, position_id) or abort(404)
    agency = position.unit.agency
    form = _position_form(agency, position)
    if not form.validate_on_submit():
        return _position_page(form, agency, position,
                              422 if request.method == "POST" else 200)
    try:
        rerouted = service.change_position(
            current_user, position, form.unit_id.data, form.title.data, form.kind.data,
            form.jenjang.data, form.parent_id.data or None)
    except Refused as refusal:
        return _position_page(form, agency, position, refusal.status, _refused(form, refusal))
    flash(_("Jabatan disimpan.") if not rerouted else
          _("Jabatan disimpan; %(count)s penilaian berjalan kini ke pejabat penilai yang baru.",
            count=len(rerouted)), "success")
    return redirect(url_for(".agency", agency_id=agency.id), 303)
