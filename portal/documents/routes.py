"""Views of the documents: the PDFs of an assessment and the list of those that exist."""
from __future__ import annotations

import sqlalchemy as sa
from flask import abort, make_response
from flask_babel import gettext as _
from flask_login import login_required

from portal.assessments.execution import remembered_periodic_ratings
from portal.assessments.step import context_provider, get_assessment
from portal.documents import bp
from portal.documents import service as documents
from portal.documents.angka_kredit import angka_kredit_document
from portal.documents.penetapan import penetapan_document
from portal.extensions import db
from portal.models import Agency, Assessment, Employee, Period
from portal.services.careers import angka_kredit as credits
from portal.services.errors import Refused
from portal.services.review.assessment_rows import evaluated_in
from portal.web import current_actor, refusal_text, render_page_or_fragment, wants_fragment
from workflows.assessment import Actor


@context_provider
def _documents(assessment: Assessment, _actor: Actor, _editable: dict[str, bool]) -> dict:
    """The download links of the assessment page (templates/assessments/_documents.html), for
    the page only: an htmx swap of the step or of a section (every POST's answer too) leaves the
    list out, and the list reloads itself after a change (GET index below), so their statement
    is not read for those.

    When the page's view loaded the assessment (load(view=True)), that statement read the
    evaluated periods too (evaluated_in); when the step shows the realisations section, they are
    its RHK graph's realisations' and the periodic ratings it read
    (execution.remembered_periodic_ratings): no statement of their own either way."""
    if wants_fragment():
        return {}
    evaluated = evaluated_in(assessment)
    if evaluated is not None:
        return {"documents": documents.links(assessment, evaluated)}
    ratings = remembered_periodic_ratings(assessment)
    if ratings is None or "rhks" in sa.inspect(assessment).unloaded:
        return {"documents": documents.available(assessment)}
    evaluated = set(ratings)
    evaluated.update(r.period_no for rhk in assessment.rhks for i in rhk.indicators
                     for r in i.realisations)
    return {"documents": documents.links(assessment, evaluated)}


@bp.route("/assessments/<int:assessment_id>")
@login_required
def index(assessment_id: int):
    """List the documents the assessment has now; htmx refreshes the list after each change."""
    assessment = get_assessment(assessment_id, graph=False)  # available() reads the rows
    return render_page_or_fragment("documents/index.html", "assessments/_documents.html",
                                   a=assessment, documents=documents.available(assessment))


@bp.route("/assessments/<int:assessment_id>/skp.pdf")
@login_required
def skp(assessment_id: int):
    """Download the Dokumen SKP (targets, behaviours, Lampiran) as PDF."""
    assessment = get_assessment(assessment_id, whole=True)
    pdf = documents.render_pdf("documents/skp.html", documents.skp_document(assessment))
    return _pdf(pdf, documents.filename("SKP", assessment))


@bp.route("/assessments/<int:assessment_id>/evaluasi.pdf", defaults={"number": 0})
@bp.route("/assessments/<int:assessment_id>/evaluasi-<int:number>.pdf")
@login_required
def evaluasi(assessment_id: int, number: int):
    """Download the Dokumen Evaluasi Kinerja Pegawai, annual or of one evaluation period."""
    assessment = get_assessment(assessment_id, whole=True)
    context = documents.evaluation_document(assessment, number)
    if context is None:
        abort(404)
    pdf = documents.render_pdf("documents/evaluasi.html", context)
    return _pdf(pdf, documents.filename("Evaluasi-Kinerja", assessment, context["period"]))


@bp.route("/agencies/<int:agency_id>/penetapan-<int:year>.pdf")
@login_required
def penetapan(agency_id: int, year: int):
    """Download the Format Penetapan Predikat Kinerja of an agency (its head, committee, admin)."""
    actor = current_actor()
    if not (actor.is_admin or agency_id in actor.approver_agencies
            or agency_id in actor.committee_agencies):
        abort(403, description=_("Dokumen ini untuk pimpinan, tim penilai kinerja dan admin BKD."))
    agency = db.session.get(Agency, agency_id) or abort(404)
    period = db.session.scalar(sa.select(Period).where(Period.year == year)) or abort(404)
    pdf = documents.render_pdf("documents/penetapan.html", penetapan_document(agency, period))
    return _pdf(pdf, f"Penetapan-Predikat-Kinerja-{year}-{agency.code}.pdf")


@bp.route("/employees/<int:employee_id>/angka-kredit.pdf")
@login_required
def angka_kredit(employee_id: int):
    """Download the Penetapan Angka Kredit of an employee in a functional post (those who may
    read their history)."""
    employee = db.session.get(Employee, employee_id) or abort(404)
    try:
        standing = credits.of_employee(current_actor(), employee)
    except Refused as refusal:
        abort(refusal.status, description=refusal_text(refusal))
    pdf = documents.render_pdf("documents/angka_kredit.html",
                               angka_kredit_document(employee, standing))
    return _pdf(pdf, f"Penetapan-Angka-Kredit-{employee.nip}.pdf")


def _pdf(pdf: bytes, name: str):
    response = make_response(pdf)
    response.mimetype = "application/pdf"
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    # Personal data: kept out of shared caches, and regenerated after every change.
    response.headers["Cache-Control"] = "private, no-store"
    return response
