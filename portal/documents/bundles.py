"""Zips of the PDFs of a unit (and every unit below it) for a period, built in the background.

A BKD admin asks for any unit, a committee member or head of an agency for that agency's units
(services.review.monitoring's scope). The zip is written on disk one PDF at a time as each is
rendered (zipfile streams every entry to the file), so no more than one document is in memory,
and the row counts the progress the page polls. The build is a job on the queue
(services.queue): tried again after an error or its worker's death, then given up as failed.

Old zips: when a zip is finished, the older finished zips of the same unit, period and kind are
removed at once (status 'replaced'); any zip is removed BUNDLE_MAX_AGE_HOURS after it was built
(status 'expired'), checked whenever the bundles page is opened or a zip is asked for or finished.
"""
from __future__ import annotations

import datetime as dt
import logging
import os
import re
import secrets
import unicodedata
import zipfile
from pathlib import Path

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask import current_app

from portal.documents import service as documents
from portal.extensions import db
from portal.models import Assessment, DocumentBundle, Employee, Period, Position, Unit
from portal.models.base import utcnow
from portal.services import queue
from portal.services.errors import Invalid, NotAllowed
from portal.services.review import assessments
from portal.services.review.monitoring import may_monitor, visible_agencies
from workflows.assessment import STATES, Actor

log = logging.getLogger(__name__)

# Which assessments each kind of zip holds: a fixed SKP, or an approved (final) evaluation.
KIND_STATES = {
    "evaluasi": ("approved",),
    "skp": tuple(STATES[STATES.index(documents.SKP_FINAL_FROM):]),
}
RECENT = 20  # bundles listed on the page


def bundle_dir() -> Path:
    return Path(current_app.config.get("BUNDLE_DIR")
                or os.path.join(current_app.instance_path, "bundles"))


def path_of(bundle: DocumentBundle) -> Path | None:
    return bundle_dir() / bundle.stored_name if bundle.stored_name else None


def in_scope(actor: Actor) -> set[int] | None:
    """The agencies whose zips actor may ask for and download; None: every agency (admin)."""
    if actor.is_admin:
        return None
    return set(actor.committee_agencies | actor.approver_agencies)


def check_agency(actor: Actor, agency_id: int) -> None:
    """Raises NotAllowed('bundle_out_of_scope') unless actor may bundle agency_id's units."""
    scope = in_scope(actor)
    if not may_monitor(actor) or (scope is not None and agency_id not in scope):
        raise NotAllowed("bundle_out_of_scope")


def units_for(actor: Actor) -> list[tuple[str, list[Unit]]]:
    """The units actor may bundle, per agency (two queries)."""
    agencies = visible_agencies(actor)
    units = db.session.scalars(sa.select(Unit).where(
        Unit.agency_id.in_([a.id for a in agencies])).order_by(Unit.parent_id.is_not(None),
                                                               Unit.name))
    by_agency: dict[int, list[Unit]] = {a.id: [] for a in agencies}
    for unit in units:
        by_agency[unit.agency_id].append(unit)
    return [(a.name, by_agency[a.id]) for a in agencies if by_agency[a.id]]


def unit_ids_below(unit: Unit) -> list[int]:
    """unit and every unit under it, at any depth (the agency's units in one query)."""
    children: dict[int | None, list[int]] = {}
    for unit_id, parent_id in db.session.execute(
            sa.select(Unit.id, Unit.parent_id).where(Unit.agency_id == unit.agency_id)):
        children.setdefault(parent_id, []).append(unit_id)
    found, todo = [], [unit.id]
    while todo:
        current = todo.pop()
        found.append(current)
        todo.extend(children.get(current, []))
    return found


def _qualifying(unit: Unit, period_id: int, kind: str):
    """The assessments of the employees posted in unit or below it whose document is final."""
    return (sa.select(Assessment.id)
            .join(Employee, Employee.id == Assessment.employee_id)
            .join(Position, Position.id == Employee.position_id)
            .where(Assessment.period_id == period_id, Assessment.state.in_(KIND_STATES[kind]),
                   Position.unit_id.in_(unit_ids_below(unit)))
            .order_by(Employee.name, Employee.nip))


def ask(actor: Actor, *, unit_id, period_id, kind: str) -> DocumentBundle:
    """Record a request for the zip of unit_id (with its sub-units) for period_id (committed).

    Raises:
        Invalid: bundle_unit_required, bundle_period_required, bundle_kind_required,
            bundle_empty (no assessment has the document yet).
        NotAllowed: bundle_out_of_scope.
    """
    unit = db.session.get(Unit, _int(unit_id)) if _int(unit_id) else None
    if unit is None:
        raise Invalid("bundle_unit_required", field="unit")
    check_agency(actor, unit.agency_id)
    period = db.session.get(Period, _int(period_id)) if _int(period_id) else None
    if period is None or period.status == "draft":
        raise Invalid("bundle_period_required", field="period")
    if kind not in DocumentBundle.KINDS:
        raise Invalid("bundle_kind_required", field="kind")
    if db.session.scalar(_qualifying(unit, period.id, kind).limit(1)) is None:
        raise Invalid("bundle_empty")
    expire_old()
    bundle = DocumentBundle(requested_by_id=actor.user_id, agency_id=unit.agency_id,
                            unit_id=unit.id, period_id=period.id, kind=kind, message="")
    db.session.add(bundle)
    db.session.commit()
    return bundle


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def start(bundle: DocumentBundle):
    """Send the zip's build to the job queue (its BackgroundJob returned)."""
    return queue.enqueue("document_bundle", bundle.id)


def build(bundle_id: int) -> None:
    """Render each qualifying assessment's PDF into the bundle's zip, counting progress; on
    success the zip replaces the older ones of the same unit, period and kind."""
    bundle = db.session.get(DocumentBundle, bundle_id)
    ids = list(db.session.scalars(_qualifying(bundle.unit, bundle.period_id, bundle.kind)))
    bundle.status, bundle.total, bundle.done = "building", len(ids), 0
    db.session.commit()
    folder = bundle_dir()
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    name = secrets.token_hex(16)
    part = folder / f"{name}.part"
    try:
        with zipfile.ZipFile(part, "x", compression=zipfile.ZIP_DEFLATED) as archive:
            for assessment_id in ids:
                entry, pdf = render(assessments.load(assessment_id, whole=True), bundle.kind)
                archive.writestr(entry, pdf)  # written to the file now; pdf is then dropped
                del pdf
                bundle.done += 1
                queue.heartbeat()
                db.session.commit()
        part.rename(folder / name)
    except Exception:
        db.session.rollback()
        part.unlink(missing_ok=True)
        raise  # the queue tries again, then gives up (_give_up)
    bundle.stored_name, bundle.size = name, (folder / name).stat().st_size
    bundle.status, bundle.finished_at = "done", utcnow()
    _replace_older(bundle)
    db.session.commit()
    expire_old()


def _give_up(bundle_id: int) -> None:
    """The queue gave up the build after its last attempt: the zip is failed."""
    bundle = db.session.get(DocumentBundle, bundle_id)
    if bundle is not None and bundle.status in DocumentBundle.RUNNING:
        bundle.status, bundle.message, bundle.finished_at = "failed", "bundle_failed", utcnow()
        db.session.commit()


queue.register("document_bundle", build, _give_up)


def render(assessment: Assessment, kind: str) -> tuple[str, bytes]:
    """(the zip entry's name, the PDF) of an assessment's document of kind."""
    if kind == "skp":
        pdf = documents.render_pdf("documents/skp.html", documents.skp_document(assessment))
        label = f"SKP-{assessment.period.year}"
    else:
        pdf = documents.render_pdf("documents/evaluasi.html",
                                   documents.evaluation_document(assessment, 0))
        label = f"Evaluasi-Kinerja-{assessment.period.year}"
    employee = assessment.employee
    return entry_name(employee.nip, employee.name, label), pdf


def slug(text: str) -> str:
    """text as a portable part of a file name: 'Andi Pratama, S.Kom.' -> 'Andi_Pratama_S.Kom'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Za-z0-9.]+", "_", ascii_text).strip("_.")


def entry_name(nip: str, name: str, label: str) -> str:
    """A readable file name in the zip: 199001102015031003_Andi_Pratama_S.Kom_SKP-2026.pdf."""
    return f"{nip}_{slug(name)}_{label}.pdf"


def zip_name(bundle: DocumentBundle) -> str:
    """The download's name: Dokumen-evaluasi-2026-Bidang_Pelayanan.zip."""
    return f"Dokumen-{bundle.kind}-{bundle.period.year}-{slug(bundle.unit.name)}.zip"


def _replace_older(bundle: DocumentBundle) -> None:
    older = db.session.scalars(sa.select(DocumentBundle).where(
        DocumentBundle.unit_id == bundle.unit_id, DocumentBundle.period_id == bundle.period_id,
        DocumentBundle.kind == bundle.kind, DocumentBundle.status == "done",
        DocumentBundle.id != bundle.id))
    for row in older:
        _remove(row, "replaced")


def _remove(bundle: DocumentBundle, status: str) -> None:
    path = path_of(bundle)
    if path is not None:
        path.unlink(missing_ok=True)
    bundle.status, bundle.stored_name = status, None


def expire_old(now: dt.datetime | None = None) -> None:
    """Remove the zips finished more than BUNDLE_MAX_AGE_HOURS ago (committed)."""
    now = now or utcnow()
    limit = now - dt.timedelta(hours=int(current_app.config.get("BUNDLE_MAX_AGE_HOURS", 24)))
    changed = False
    for row in db.session.scalars(sa.select(DocumentBundle).where(
            DocumentBundle.status == "done", DocumentBundle.finished_at < limit)):
        if _utc(row.finished_at) < limit:
            _remove(row, "expired")
            changed = True
    if changed:
        db.session.commit()


def _utc(moment: dt.datetime) -> dt.datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.timezone.utc)


def recent(actor: Actor) -> list[DocumentBundle]:
    """The latest bundles actor may see, newest first (one query)."""
    query = (sa.select(DocumentBundle)
             .options(so.joinedload(DocumentBundle.requested_by),
                      so.joinedload(DocumentBundle.unit), so.joinedload(DocumentBundle.period))
             .order_by(DocumentBundle.id.desc()).limit(RECENT))
    scope = in_scope(actor)
    if scope is not None:
        query = query.where(DocumentBundle.agency_id.in_(sorted(scope)))
    return list(db.session.scalars(query))


def get(actor: Actor, bundle_id: int) -> DocumentBundle | None:
    """The bundle if it exists; NotAllowed unless within actor's scope (the one who asked it
    is, as long as they keep the role)."""
    bundle = db.session.get(DocumentBundle, bundle_id)
    if bundle is not None:
        check_agency(actor, bundle.agency_id)
    return bundle


def percent(bundle: DocumentBundle) -> int | None:
    """How far the build has gone, 0-100; None before the number of documents is known."""
    if bundle.status not in DocumentBundle.RUNNING:
        return 100
    if not bundle.total:
        return None
    return min(100, bundle.done * 100 // bundle.total)
