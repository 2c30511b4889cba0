"""Views of the people blueprint: agencies, an agency's units and posts, the imports of
organisation and employee files with their progress and report, and one employee's posts with
their moves and leaving (portal.services.people.moves), for admins; and one employee's history
across periods, for those who may read it (portal.services.people.history)."""
from __future__ import annotations

import itertools

from flask import abort, current_app, redirect, render_template, request, url_for
from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from wtforms import SelectChoice

from portal.admin.routes import admin_required
from portal.documents import service as documents
from portal.downloads import Column, csv_response, streamed, xlsx_response
from portal.extensions import db
from portal.forms import PortalForm
from portal.labels import REFUSALS, evaluation_period_label
from portal.models import Agency, Employee, PeopleImport
from portal.models.moves import Posting
from portal.people import bp
from portal.people.forms import (
    EmployeeUploadForm, EndActingForm, LeaveForm, MoveForm, UploadForm,
)
from portal.people.labels import (
    KIND_LABELS, MESSAGES, ORG_ACTION_LABELS, ORG_FIELD_LABELS, ORG_VALUE_LABELS,
    POSTING_KIND_LABELS, ROLE_LABELS, report_text,
)
from portal.records.labels import import_message
from portal.rules import angka_kredit as ak_rules
from portal.services.careers import angka_kredit
from portal.services.errors import Refused
from portal.services import queue
from portal.services.imports import jobs
from portal.services.people import directory, history, moves, org_admin
from portal.services.careers import followup
from portal.services.people import imports as service
from portal.templating import file_size
from portal.web import current_actor, page_no, refusal_text, render_page_or_fragment

# How many of the latest organisation changes the agency page shows (the rest on its history).
LATEST_EVENTS = 5
TEMPLATE_NAMES = {"org": "templat-organisasi.csv", "employees": "templat-pegawai.csv"}


@bp.app_context_processor
def _labels() -> dict:
    return {"PEOPLE_KIND_LABELS": KIND_LABELS, "people_report_text": report_text,
            "POSTING_KIND_LABELS": POSTING_KIND_LABELS, "ORG_ACTION_LABELS": ORG_ACTION_LABELS,
            "ORG_FIELD_LABELS": ORG_FIELD_LABELS, "ORG_VALUE_LABELS": ORG_VALUE_LABELS,
            "PEOPLE_ROLE_LABELS": ROLE_LABELS}


@bp.url_value_preprocessor
def _allow_large_uploads(endpoint: str | None, _values) -> None:
    """Raise the request size limit (set for evidence files) for an admin's import upload,
    before CSRF protection reads the form (see records.routes)."""
    if endpoint == "people.upload" and current_user.is_authenticated and current_user.is_admin:
        request.max_content_length = jobs.max_bytes() + jobs.REQUEST_OVERHEAD


@bp.route("/")
@admin_required
def index():
    """List the agencies with their numbers of units, posts and employees, and the BKD
    admins."""
    page = page_no()
    agencies, has_more = directory.agencies_page(page, current_app.config["PAGE_SIZE"])
    return render_template("people/index.html", agencies=agencies, page_no=page,
                           has_more=has_more, admins=org_admin.admins())


@bp.route("/agencies/<int:agency_id>")
@admin_required
def agency(agency_id: int):
    """One agency: its unit tree, its posts with holder and reporting line (paged), its head
    and committee members, and the latest changes made to it by hand."""
    found = db.session.get(Agency, agency_id) or abort(404)
    page = page_no()
    roots, paths = directory.unit_tree(agency_id)
    posts, has_more = directory.positions_page(agency_id, page, current_app.config["PAGE_SIZE"])
    events, more_events = org_admin.events_page(agency_id, 1, LATEST_EVENTS)
    return render_template("people/agency.html", agency=found, roots=roots, paths=paths,
                           posts=posts, page_no=page, has_more=has_more,
                           holders=org_admin.role_holders(agency_id), events=events,
                           more_events=more_events)


POST_COLUMNS = [
    Column(_l("Unit"), 36), Column(_l("Jabatan"), 36), Column(_l("Jenis jabatan"), 22),
    Column(_l("Jenjang"), 14), Column(_l("NIP"), 22), Column(_l("Pemegang"), 36),
    Column(_l("Golongan"), 10), Column(_l("Status ASN"), 10), Column(_l("Aktif"), 8),
    Column(_l("Jabatan atasan"), 36), Column(_l("NIP atasan"), 22),
    Column(_l("Atasan langsung"), 36),
]


@bp.route("/agencies/<int:agency_id>/export.xlsx")
@admin_required
def agency_export(agency_id: int):
    """The agency's posts with their holders and direct superiors (every page) as .xlsx."""
    found = db.session.get(Agency, agency_id) or abort(404)
    _roots, paths = directory.unit_tree(agency_id)
    yes, no = _("ya"), _("tidak")

    def rows():
        for post, holder, parent, parent_holder in streamed(
                directory.positions_statement(agency_id)):
            yield (paths.get(post.unit_id), post.title, post.jenis_jabatan, post.jenjang,
                   holder and holder.nip, holder and holder.name, holder and holder.golongan,
                   holder and holder.asn_status, (yes if holder.active else no) if holder else None,
                   parent and parent.title, parent_holder and parent_holder.nip,
                   parent_holder and parent_holder.name)

    return xlsx_response(POST_COLUMNS, rows(), f"pegawai-{found.code}.xlsx", found.code)


@bp.route("/imports")
@admin_required
def imports():
    """List the organisation and employee imports, newest first."""
    page = page_no()
    rows, has_more = service.imports_page(page, current_app.config["PAGE_SIZE"])
    return render_template("people/imports.html", imports=rows, page_no=page,
                           has_more=has_more)


def _form(kind: str, formdata=None) -> UploadForm:
    if kind == "org":
        return UploadForm() if formdata is None else UploadForm(formdata=formdata)
    form = EmployeeUploadForm() if formdata is None else EmployeeUploadForm(formdata=formdata)
    form.agency_id.choices = [SelectChoice(0, _("— pilih instansi —")),
                              *(SelectChoice(*choice) for choice in directory.agency_choices())]
    if formdata is None and not form.agency_id.data and request.args.get("agency", "").isdigit():
        form.agency_id.data = int(request.args["agency"])
    return form


def _upload_page(kind: str, form: UploadForm, status: int = 200, message: str | None = None):
    return render_template("people/upload.html", kind=kind, form=form, message=message,
                           layout=service.layout_of(kind),
                           limit=file_size(jobs.max_bytes()), max_rows=jobs.max_rows()), status


@bp.route("/imports/<any(org, employees):kind>/new", methods=["GET", "POST"])
@admin_required
def upload(kind: str):
    """Show the upload form of an organisation or employee file; take the file, start its
    dry run or import, and go to its page."""
    form = _form(kind)
    if not form.validate_on_submit():
        return _upload_page(kind, form, 422 if request.method == "POST" else 200)
    try:
        job = service.submit(current_user, kind, form.file.data.filename, form.file.data.stream,
                             agency_id=getattr(form, "agency_id", None) and form.agency_id.data
                             or None, dry_run=form.run.data == "dry_run")
    except Refused as refusal:
        if refusal.message == "import_too_many_rows":
            sizes = {key: format_decimal(refusal.details[key]) for key in ("rows", "limit")}
        else:
            sizes = ({"limit": file_size(refusal.details["limit"])}
                     if "limit" in refusal.details else {})
        return _upload_page(kind, form, refusal.status, refusal_text(refusal, **sizes))
    return redirect(url_for(".show", import_id=job.id), 303)


@bp.errorhandler(413)
def _too_large(_error):
    """A request beyond the upload limit: the form again with the limit (body never read)."""
    message = str(REFUSALS["import_too_large"]) % {"limit": file_size(jobs.max_bytes())}
    if not (current_user.is_authenticated and current_user.is_admin):
        return render_template("errors/page.html", status_code=413,
                               title=_("Berkas terlalu besar"), message=message), 413
    kind = (request.view_args or {}).get("kind", "employees")
    return _upload_page(kind, _form(kind, formdata=None), 413, message)


def _get_import(import_id: int) -> PeopleImport:
    return db.session.get(PeopleImport, import_id) or abort(404)


def _message(job: PeopleImport) -> str:
    if job.message in MESSAGES:
        return str(MESSAGES[job.message])
    return import_message(job)


def _status_context(job: PeopleImport, page: int) -> dict:
    """What the status partial shows: progress while running (polled twice a second, so
    nothing else is read), the report once finished."""
    running = job.status in jobs.RUNNING
    context = dict(imp=job, running=running, page_no=page, message=_message(job),
                   percent=service.progress_percent(job), button_form=PortalForm(),
                   job=queue.latest("people_import", job.id))
    if not running:
        lines, has_more = service.report_page(job.id, page, current_app.config["PAGE_SIZE"])
        context.update(lines=lines, has_more=has_more)
    return context


@bp.route("/imports/<int:import_id>")
@admin_required
def show(import_id: int):
    """One import: its progress while it runs, then the totals and the report row by row."""
    job = _get_import(import_id)
    return render_template("people/show.html", **_status_context(job, page_no()))


@bp.route("/imports/<int:import_id>/progress")
@admin_required
def progress(import_id: int):
    """The import's progress (the page polls it), or its report once finished."""
    job = _get_import(import_id)
    context = _status_context(job, 1)
    return render_page_or_fragment("people/show.html", "people/_status.html", **context)


@bp.route("/imports/<int:import_id>/apply", methods=["POST"])
@admin_required
def apply(import_id: int):
    """Import the file a finished dry run checked, and go to the new import's page."""
    job = _get_import(import_id)
    if not PortalForm().validate_on_submit():
        abort(400)
    try:
        started = service.import_checked(job, current_user)
    except Refused as refusal:
        return render_page_or_fragment("people/show.html", "people/_status.html",
                                       status=refusal.status, refusal=refusal_text(refusal),
                                       **_status_context(job, 1))
    return redirect(url_for(".show", import_id=started.id), 303)


@bp.route("/imports/<int:import_id>/report.csv")
@admin_required
def report_csv(import_id: int):
    """Download the whole report as CSV (row, column, before, value, what)."""
    job = _get_import(import_id)
    header = [_("baris"), _("kolom"), _("sebelum"), _("nilai"), _("keterangan")]
    rows = ([row_no, column, before, value, report_text(key, value)]
            for row_no, column, before, value, key in service.whole_report(job.id))
    return csv_response(itertools.chain([header], rows), f"laporan-impor-{job.id}.csv")


@bp.route("/templates/<any(org, employees):kind>.csv")
@admin_required
def template(kind: str):
    """Download an empty file with the header row to fill in."""
    return csv_response([list(service.layout_of(kind).columns)], TEMPLATE_NAMES[kind])


# --- one employee: posts held, moves, leaving --------------------------------------------------

def _move_form(employee: Employee, agency_id: int | None, formdata=None) -> MoveForm:
    form = MoveForm() if formdata is None else MoveForm(formdata=formdata)
    form.position_id.choices = [SelectChoice(0, _("— pilih jabatan —"))] + [
        SelectChoice(pid, title if holder is None else _("%(title)s (dipegang %(holder)s)",
                                                         title=title, holder=holder))
        for pid, title, holder in (moves.position_choices(agency_id) if agency_id else [])
        if pid != employee.position_id]
    return form


def _target_agency(employee: Employee) -> int | None:
    """The agency whose posts the move form offers: the one chosen (?agency=), else the
    employee's own."""
    chosen = request.args.get("agency", "")
    return int(chosen) if chosen.isdigit() else moves.agency_of(employee)


def _employee_page(employee: Employee, status: int = 200, message: str | None = None,
                   move_form: MoveForm | None = None, leave_form: LeaveForm | None = None,
                   target_agency: int | None = None):
    agency_id = moves.agency_of(employee)
    target_agency = target_agency or _target_agency(employee)
    return render_template(
        "people/employee.html", employee=employee, message=message,
        agency=db.session.get(Agency, agency_id) if agency_id else None,
        target_agency=target_agency, agency_choices=directory.agency_choices(),
        postings=moves.history(employee.id), assessments=moves.assessments_of(employee.id),
        move_form=move_form or _move_form(employee, target_agency),
        leave_form=leave_form or LeaveForm(), end_form=EndActingForm()), status


def _get_employee(employee_id: int) -> Employee:
    return db.session.get(Employee, employee_id) or abort(404)


@bp.route("/employees/<int:employee_id>")
@admin_required
def employee(employee_id: int):
    """One employee: the post held now, every post held before with its dates and kind, their
    assessments, and the forms to record a move or a leaving."""
    return _employee_page(_get_employee(employee_id))


@bp.route("/employees/<int:employee_id>/move", methods=["POST"])
@admin_required
def move(employee_id: int):
    """Record a mutasi, promotion or acting post; the assessments under way follow it."""
    found = _get_employee(employee_id)
    posted = request.form.get("position_id", "")
    target = (moves.agency_of_position(int(posted)) if posted.isdigit() else None) \
        or moves.agency_of(found)
    form = _move_form(found, target, formdata=request.form)
    if not form.validate_on_submit():
        return _employee_page(found, 422, move_form=form, target_agency=target)
    try:
        moves.move(current_user, found, form.position_id.data, form.kind.data,
                   form.starts_on.data)
    except Refused as refusal:
        db.session.rollback()
        return _employee_page(found, refusal.status, refusal_text(refusal), move_form=form,
                              target_agency=target)
    return redirect(url_for(".employee", employee_id=found.id), 303)


@bp.route("/employees/<int:employee_id>/leave", methods=["POST"])
@admin_required
def leave(employee_id: int):
    """Deactivate a leaver: posts end, the account is disabled, nothing is deleted."""
    found = _get_employee(employee_id)
    form = LeaveForm(formdata=request.form)
    if not form.validate_on_submit():
        return _employee_page(found, 422, leave_form=form)
    try:
        moves.deactivate(current_user, found, form.ends_on.data)
    except Refused as refusal:
        db.session.rollback()
        return _employee_page(found, refusal.status, refusal_text(refusal), leave_form=form)
    return redirect(url_for(".employee", employee_id=found.id), 303)


@bp.route("/postings/<int:posting_id>/end", methods=["POST"])
@admin_required
def end_acting(posting_id: int):
    """End an acting post (Plt/Plh)."""
    posting = db.session.get(Posting, posting_id) or abort(404)
    form = EndActingForm(formdata=request.form)
    found = posting.employee
    if not form.validate_on_submit():
        return _employee_page(found, 422, _("Isi tanggal berakhir."))
    try:
        moves.end_acting(current_user, posting, form.ends_on.data)
    except Refused as refusal:
        db.session.rollback()
        return _employee_page(found, refusal.status, refusal_text(refusal))
    return redirect(url_for(".employee", employee_id=found.id), 303)


# --- one employee's history across periods ------------------------------------------------------

@bp.route("/employees/<int:employee_id>/history")
@login_required
def history_page(employee_id: int):
    """Every period the employee had an assessment the reader may see: post at the time, state,
    predikat, ratings, periodic ratings and the documents of each; a record of the years with
    their trend, angka kredit and follow-up (tindak lanjut); and, for a
    functional post, the angka kredit in the jenjang and what is left to the next steps."""
    found, entries = _history_of(employee_id)
    docs = {e.assessment.id: documents.links(
        e.assessment, e.realised | {r.period_no for r in e.periodic}) for e in entries}
    ak = angka_kredit.standing(found, entries, angka_kredit.load_table())
    return render_template("people/history.html", employee=found, entries=entries, docs=docs,
                           period_label=evaluation_period_label, ak=ak,
                           follow_up=followup.followup_for_employee(found.id),
                           trend=history.trend(entries))


def _history_of(employee_id: int) -> tuple[Employee, list[history.Entry]]:
    """The employee and the periods of their history the reader may see; 403 for a reader who
    may not open it."""
    found = _get_employee(employee_id)
    entries = history.entries(current_actor(), found)
    if entries is None:
        abort(403, description=_("Riwayat ini hanya untuk pegawai yang bersangkutan, atasannya, "
                                 "tim penilai kinerja dan pimpinan instansinya, dan admin BKD."))
    return found, entries


@bp.route("/employees/<int:employee_id>/angka-kredit.xlsx")
@login_required
def angka_kredit_export(employee_id: int):
    """The employee's conversions in SIASN's angka-kredit fields, one row each (.xlsx)."""
    found = _get_employee(employee_id)
    try:
        ak = angka_kredit.of_employee(current_actor(), found)
    except Refused as refusal:
        abort(refusal.status, description=refusal_text(refusal))
    return xlsx_response([Column(name, 20) for name in ak_rules.FIELDS],
                         angka_kredit.siasn_rows(found, ak.conversions),
                         f"angka-kredit-{found.nip}.xlsx", "Angka Kredit")
