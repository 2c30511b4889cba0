"""Views of the zips of a unit's PDFs: ask for one, watch it being built, download it."""
from __future__ import annotations

import sqlalchemy as sa
from flask import abort, redirect, request, send_file, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import login_required

from portal.documents import bp
from portal.documents import bundles as service
from portal.extensions import db
from portal.forms import PortalForm
from portal.models import Period
from portal.services import queue
from portal.services.errors import Invalid, NotAllowed
from portal.services.review.monitoring import may_monitor
from portal.web import current_actor, refusal_text, render_page_or_fragment

BUNDLE_KIND_LABELS = {
    "evaluasi": _l("Dokumen Evaluasi Kinerja tahunan (penilaian yang telah disetujui)"),
    "skp": _l("Dokumen SKP (SKP yang telah ditetapkan)"),
}
BUNDLE_STATUS_LABELS = {
    "queued": _l("Menunggu"),
    "building": _l("Menyusun berkas"),
    "done": _l("Selesai"),
    "failed": _l("Gagal"),
    "expired": _l("Kedaluwarsa (berkas dihapus)"),
    "replaced": _l("Diganti yang lebih baru (berkas dihapus)"),
}
BUNDLE_MESSAGES = {
    "bundle_failed": _l("Penyusunan berkas gagal. Coba lagi; bila terulang, hubungi admin BKD."),
}


def _allowed():
    actor = current_actor()
    if not may_monitor(actor):
        abort(403, description=_("Unduhan dokumen unit untuk admin BKD, tim penilai kinerja "
                                 "dan pimpinan instansi."))
    return actor


def _labels() -> dict:
    return {"BUNDLE_KIND_LABELS": BUNDLE_KIND_LABELS,
            "BUNDLE_STATUS_LABELS": BUNDLE_STATUS_LABELS, "BUNDLE_MESSAGES": BUNDLE_MESSAGES}


def _index(actor, status: int = 200, error: str | None = None, field: str | None = None):
    periods = list(db.session.scalars(sa.select(Period).where(Period.status != "draft")
                                      .order_by(Period.year.desc())))
    typed = {"unit": request.form.get("unit", ""), "period": request.form.get("period", ""),
             "kind": request.form.get("kind", "evaluasi")}
    if not typed["period"] and periods:
        typed["period"] = str(periods[0].id)
    return render_page_or_fragment(
        "documents/bundles.html", "documents/bundles.html", status,
        units=service.units_for(actor), periods=periods, bundles=service.recent(actor),
        typed=typed, error=error, error_field=field, button_form=PortalForm(), **_labels())


@bp.route("/bundles")
@login_required
def bundles():
    """Ask for a zip of a unit's documents; the latest zips within the user's scope."""
    actor = _allowed()
    service.expire_old()
    return _index(actor)


@bp.route("/bundles", methods=["POST"])
@login_required
def ask_bundle():
    """Start building the zip of the chosen unit (with its sub-units) and period."""
    actor = _allowed()
    form = PortalForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        bundle = service.ask(actor, unit_id=request.form.get("unit"),
                             period_id=request.form.get("period"),
                             kind=request.form.get("kind", ""))
    except NotAllowed as refusal:
        abort(403, description=refusal_text(refusal))
    except Invalid as refusal:
        return _index(actor, 422, refusal_text(refusal), refusal.details.get("field"))
    service.start(bundle)
    return redirect(url_for("documents.bundle", bundle_id=bundle.id), 303)


def _get(bundle_id: int):
    actor = _allowed()
    try:
        bundle = service.get(actor, bundle_id)
    except NotAllowed as refusal:
        abort(403, description=refusal_text(refusal))
    if bundle is None:
        abort(404)
    return bundle


def _context(bundle) -> dict:
    return {"bundle": bundle, "percent": service.percent(bundle),
            "running": bundle.status in bundle.RUNNING,
            "job": queue.latest("document_bundle", bundle.id), **_labels()}


@bp.route("/bundles/<int:bundle_id>")
@bp.route("/bundles/<int:bundle_id>/progress", endpoint="bundle_progress")
@login_required
def bundle(bundle_id: int):
    """One zip: its progress while it is built, then the download link; the page polls the
    progress address for the partial alone."""
    bundle = _get(bundle_id)
    service.expire_old()
    return render_page_or_fragment("documents/bundle.html", "documents/_bundle.html",
                                   **_context(bundle))


@bp.route("/bundles/<int:bundle_id>/download")
@login_required
def bundle_download(bundle_id: int):
    """Send the zip from disk (streamed, never read into memory)."""
    bundle = _get(bundle_id)
    path = service.path_of(bundle)
    if bundle.status != "done" or path is None or not path.exists():
        abort(404, description=_("Berkas ini belum selesai atau sudah dihapus; minta berkas "
                                 "baru."))
    response = send_file(path, mimetype="application/zip", as_attachment=True,
                         download_name=service.zip_name(bundle), max_age=0)
    response.headers["Cache-Control"] = "private, no-store"  # personal data
    return response
