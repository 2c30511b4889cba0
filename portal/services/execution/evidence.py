"""Bukti dukung: files and links attached to a realisation.

Files are checked by their content (magic bytes, via the `filetype` library) against an
allow-list, and the name's extension must agree with what the content is: a renamed executable
called "laporan.pdf" is refused. They are stored under EVIDENCE_DIR (outside the web root) under a
random name, never the user's, and only ever served through the download view, which checks that
the user may see the assessment.
"""
from __future__ import annotations

import os
import re
import secrets
import unicodedata
from functools import cache
from pathlib import Path
from typing import BinaryIO
from urllib.parse import urlsplit

import filetype
import sqlalchemy as sa
import sqlalchemy.orm as so
from flask import current_app

from portal.extensions import db
from portal.models import Assessment, Evidence
from portal.services.review.assessment_rows import RealisationRow
from portal.services.review.assessments import commit, require_edit
from portal.services.errors import Invalid, NotAllowed
from portal.services.inputs import clean_text
from portal.services.execution.execution import realisation_for_evidence
from workflows.assessment import Actor

# Detected content type -> the extensions a file of that type may carry.
ALLOWED_TYPES = {
    "application/pdf": ("pdf",),
    "image/png": ("png",),
    "image/jpeg": ("jpg", "jpeg"),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ("docx",),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ("xlsx",),
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": ("pptx",),
    "application/msword": ("doc",),
    "application/vnd.ms-excel": ("xls",),
}
ACCEPT = ",".join(sorted({f".{ext}" for exts in ALLOWED_TYPES.values() for ext in exts}))

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
# Room for the other fields of a multipart upload above the file itself.
REQUEST_OVERHEAD = 256 * 1024
STORED_NAME = re.compile(r"[0-9a-f]{32}")
TITLE_MAX = 255  # Evidence.title


def init_app(app) -> None:
    """Default the evidence settings; a request far above the file limit is cut off early (413)."""
    app.config.setdefault("MAX_EVIDENCE_BYTES", DEFAULT_MAX_BYTES)
    app.config.setdefault("EVIDENCE_DIR", os.path.join(app.instance_path, "evidence"))
    if app.config.get("MAX_CONTENT_LENGTH") is None:
        app.config["MAX_CONTENT_LENGTH"] = app.config["MAX_EVIDENCE_BYTES"] + REQUEST_OVERHEAD


def max_bytes() -> int:
    return int(current_app.config.get("MAX_EVIDENCE_BYTES", DEFAULT_MAX_BYTES))


def evidence_dir() -> Path:
    return Path(current_app.config.get("EVIDENCE_DIR")
                or os.path.join(current_app.instance_path, "evidence"))


def display_name(filename: str | None) -> str:
    """The uploaded file's own name, for showing and for the download (never a path on disk)."""
    name = re.split(r"[/\\]", filename or "")[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip()
    return name[-255:] or "berkas"


def check_file(filename: str, data: bytes) -> str:
    """The content type of an upload, refused unless allowed and agreeing with its extension.

    Raises:
        Invalid: evidence_empty, evidence_too_large, evidence_type or evidence_extension.
    """
    if not data:
        raise Invalid("evidence_empty")
    if len(data) > max_bytes():
        raise Invalid("evidence_too_large")
    kind = filetype.guess(data)
    if kind is None or kind.mime not in ALLOWED_TYPES:
        raise Invalid("evidence_type")
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if extension not in ALLOWED_TYPES[kind.mime]:
        raise Invalid("evidence_extension")
    return kind.mime


def add_file(assessment: Assessment, actor: Actor, *, version: int | None, indicator_id: int,
             period_no: int, filename: str | None, stream: BinaryIO | None) -> Evidence:
    """Attach an uploaded file to the realisation of indicator_id in period_no."""
    require_edit(assessment, actor, "realisations", version)
    realisation = realisation_for_evidence(assessment, indicator_id, period_no)
    title = display_name(filename)
    data = stream.read(max_bytes() + 1) if stream is not None else b""
    content_type = check_file(title, data)
    path = store_upload(evidence_dir(), data)
    stored_name = path.name
    evidence = Evidence(kind="file", title=title, stored_name=stored_name,
                        content_type=content_type, size=len(data), uploaded_by_id=actor.user_id)
    realisation.evidence.append(evidence)
    try:
        commit(assessment)
    except BaseException:
        path.unlink(missing_ok=True)  # nothing stored on disk for a refused or failed change
        raise
    return evidence


def store_upload(folder: Path, data: bytes) -> Path:
    """Write an upload under a fresh random name in folder (created private if missing),
    outside the web root: the name the user gave is never a path on the server."""
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    path = folder / secrets.token_hex(16)
    with open(path, "xb") as out:  # "x": a fresh random name, never overwrite
        out.write(data)
    return path


def check_url(url: str) -> str:
    """A web address the browser may open: http or https with a host, nothing else."""
    url = (url or "").strip()
    parts = urlsplit(url)
    if (parts.scheme.lower() not in ("http", "https") or not parts.hostname
            or len(url) > 2000 or any(ch.isspace() or ord(ch) < 32 for ch in url)):
        raise Invalid("evidence_link_invalid")
    return url


def add_link(assessment: Assessment, actor: Actor, *, version: int | None, indicator_id: int,
             period_no: int, url: str, title: str = "") -> Evidence:
    """Attach a link (to a document kept elsewhere) to the realisation of indicator_id."""
    require_edit(assessment, actor, "realisations", version)
    realisation = realisation_for_evidence(assessment, indicator_id, period_no)
    url = check_url(url)
    title = clean_text(" ".join((title or "").split()), max_length=TITLE_MAX, field="title")
    title = title or urlsplit(url).hostname
    evidence = Evidence(kind="link", title=title, url=url, uploaded_by_id=actor.user_id)
    realisation.evidence.append(evidence)
    commit(assessment)
    return evidence


def load_all(assessment: Assessment) -> None:
    """Load the evidence of every realisation of an assessment from load(), in one query."""
    realisations = [r for rhk in assessment.rhks for i in rhk.indicators for r in i.realisations
                    if "evidence" in so.attributes.instance_state(r).unloaded and r.id]
    if not realisations:
        return
    found: dict[int, list[Evidence]] = {r.id: [] for r in realisations}
    for evidence in db.session.scalars(_evidence_statement(), {"ids": list(found)}):
        found[evidence.realisation_id].append(evidence)
    for realisation in realisations:
        so.attributes.set_committed_value(realisation, "evidence", found[realisation.id])


@cache
def _evidence_statement() -> sa.Select:
    """load_all()'s statement, built once per process (the realisations as a list parameter)."""
    return (sa.select(Evidence)
            .where(Evidence.realisation_id.in_(sa.bindparam("ids", expanding=True)))
            .order_by(Evidence.id))


def loaded_evidence(assessment: Assessment) -> dict[int, list] | None:
    """The evidence of every realisation of an assessment, by realisation id, oldest first, as
    loaded when every realisation's evidence is loaded already (the answer to a POST that read
    it), else None: the assessment page then reads it as rows with the rest of what it shows
    (services.execution.execution.page_rows). A graph read as rows (view_graph) has none."""
    realisations = (r for rhk in assessment.rhks for i in rhk.indicators for r in i.realisations)
    if any(isinstance(r, RealisationRow) or "evidence" in so.attributes.instance_state(r).unloaded
           for r in realisations):
        return None
    return {r.id: list(r.evidence) for rhk in assessment.rhks for i in rhk.indicators
            for r in i.realisations if r.evidence}


def find(assessment: Assessment, evidence_id: int) -> Evidence:
    """The evidence evidence_id of this assessment (one query for all its evidence)."""
    load_all(assessment)
    for rhk in assessment.rhks:
        for indicator in rhk.indicators:
            for realisation in indicator.realisations:
                for evidence in realisation.evidence:
                    if evidence.id == evidence_id:
                        return evidence
    raise Invalid("unknown_evidence")


def delete(assessment: Assessment, actor: Actor, *, version: int | None,
           evidence_id: int) -> None:
    """Remove the actor's own evidence while the realisations can be edited."""
    require_edit(assessment, actor, "realisations", version)
    evidence = find(assessment, evidence_id)
    if evidence.uploaded_by_id != actor.user_id:
        raise NotAllowed("evidence_not_yours")
    stored_name = evidence.stored_name
    evidence.realisation.evidence.remove(evidence)
    commit(assessment)
    if stored_name:
        (evidence_dir() / stored_name).unlink(missing_ok=True)


def file_path(evidence: Evidence) -> Path | None:
    """Where an uploaded file is kept, or None for a link or a file gone missing."""
    if evidence.kind != "file" or not STORED_NAME.fullmatch(evidence.stored_name or ""):
        return None
    path = evidence_dir() / evidence.stored_name
    return path if path.is_file() else None
