"""The official documents of an assessment as PDF: Dokumen SKP and Dokumen Evaluasi Kinerja."""
from flask import Blueprint

bp = Blueprint("documents", __name__, url_prefix="/documents")

from portal.documents import routes  # noqa: E402,F401  (registers views)
from portal.documents import bundle_views  # noqa: E402,F401  (zips of a unit's PDFs)
