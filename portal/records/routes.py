"""Views of the service-record import: the list, the upload form, the import's progress and
report, the problems as CSV and the template file. Admins only."""
from __future__ import annotations

import itertools

from flask import abort, current_app, redirect, render_template, request, url_for
from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_login import current_user

from portal.admin.routes import admin_required
from portal.downloads import csv_response
from portal.extensions import db
from portal.labels import REFUSALS
from portal.models import ServiceImport
from portal.records import bp
from portal.records.forms import UploadForm
from portal.records.labels import (
    IMPORT_MODE_LABELS, IMPORT_STATUS_LABELS, import_message, problem_text,
)
from portal.services.execution import records_import as service
from portal.services import queue
from portal.services.errors import Refused
from portal.services.execution.records_parse import COLUMNS, DATE_FORMATS
from portal.templating import file_size
from portal.web import page_no, refusal_text, render_page_or_fragment, wants_fragment


@bp.app_context_processor
def _labels() -> dict:
    return {"IMPORT_STATUS_LABELS": IMPORT_STATUS_LABELS, "IMPORT_MODE_LABELS": IMPORT_MODE_LABELS,
            "import_problem_text": problem_text, "import_message": import_message}


def _is_admin() -> bool:
    return current_user.is_authenticated and current_user.is_admin


@bp.url_value_preprocessor
def _allow_large_uploads(endpoint: str | None, _values) -> None:
    """Raise the request size limit (set for evidence files) for an admin's import upload.

    This runs before every before_request hook, and so before CSRF protection reads the form:
    the limit must be set before anything reads the body.
    """
    if endpoint == "records.upload" and _is_admin():
        request.max_content_length = service.max_bytes() + service.REQUEST_OVERHEAD


def _upload_page(form: UploadForm, status: int = 200, message: str | None = None):
    return render_template("records/upload.html", form=form, message=message, columns=COLUMNS,
                           date_formats=DATE_FORMATS, limit=file_size(service.max_bytes()),
                           max_rows=service.max_rows(),
                           max_problems=service.max_problems()), status


def _get_import(import_id: int) -> ServiceImport:
    return db.session.get(ServiceImport, import_id) or abort(404)


@bp.route("/")
@admin_required
def index():
    """List the imports, newest first, with their status and counts."""
    page = page_no()
    imports, has_more = service.imports_page(page, current_app.config["PAGE_SIZE"])
    return render_template("records/index.html", imports=imports, page_no=page,
                           has_more=has_more)


@bp.route("/upload", methods=["GET", "POST"])
@admin_required
def upload():
    """Show the upload form; take a file, start its import and go to its page."""
    form = UploadForm()
    if not form.validate_on_submit():
        return _upload_page(form, 422 if request.method == "POST" else 200)
    try:
        service_import = service.submit(current_user, form.file.data.filename,
                                        form.file.data.stream, form.mode.data)
    except Refused as refusal:
        shown = {}
        if refusal.message == "import_too_large":
            shown = {"limit": file_size(refusal.details["limit"])}
        elif refusal.message == "import_too_many_rows":
            shown = {key: format_decimal(refusal.details[key]) for key in ("rows", "limit")}
        return _upload_page(form, refusal.status, refusal_text(refusal, **shown))
    return redirect(url_for(".show", import_id=service_import.id), 303)


@bp.errorhandler(413)
def _too_large(_error):
    """A request beyond the upload limit: the form again with the limit, not a bare error.

    The body is never read (formdata=None); others than admins get the plain error page.
    """
    message = str(REFUSALS["import_too_large"]) % {"limit": file_size(service.max_bytes())}
    if not _is_admin():
        return render_template("errors/page.html", status_code=413, title=_("Berkas terlalu "
                               "besar"), message=message), 413
    return _upload_page(UploadForm(formdata=None), 413, message)


def _status_context(service_import: ServiceImport, page: int) -> dict:
    """What the status partial shows: progress while running (polled twice a second, so
    nothing else is read), the report once finished."""
    running = service_import.status in service.RUNNING
    context = dict(imp=service_import, running=running, page_no=page,
                   percent=service.progress_percent(service_import),
                   job=queue.latest("service_import", service_import.id))
    if not running:
        problems, has_more = service.problems_page(service_import.id, page,
                                                   current_app.config["PAGE_SIZE"])
        context.update(problems=problems, has_more=has_more,
                       duplicates=service.duplicate_rows(service_import),
                       problems_stored=(service.problems_stored(service_import.id)
                                        if service_import.problem_count > len(problems)
                                        else len(problems)))
    return context


@bp.route("/<int:import_id>")
@admin_required
def show(import_id: int):
    """One import: its progress while it runs, then the totals and the problems row by row."""
    service_import = _get_import(import_id)
    return render_template("records/show.html", **_status_context(service_import, page_no()),
                           earlier=service.earlier_same_file(service_import))


@bp.route("/<int:import_id>/progress")
@admin_required
def progress(import_id: int):
    """The import's progress (the page polls it), or its report once finished."""
    service_import = _get_import(import_id)
    context = _status_context(service_import, 1)
    if not wants_fragment():  # the whole page also says whether the file came before
        context["earlier"] = service.earlier_same_file(service_import)
    return render_page_or_fragment("records/show.html", "records/_status.html", **context)


@bp.route("/<int:import_id>/problems.csv")
@admin_required
def problems_csv(import_id: int):
    """Download every problem of the import as CSV (row, column, value, message)."""
    service_import = _get_import(import_id)
    header = [_("baris"), _("kolom"), _("nilai"), _("masalah")]
    rows = ([row_no, column, value, problem_text(problem, value)]
            for row_no, column, value, problem in service.all_problems(service_import.id))
    return csv_response(itertools.chain([header], rows), f"masalah-impor-{service_import.id}.csv")


@bp.route("/template.csv")
@admin_required
def template():
    """Download an empty file with the header row to fill in."""
    return csv_response([list(COLUMNS)], "templat-catatan-layanan.csv")
