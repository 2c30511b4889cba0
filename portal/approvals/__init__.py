"""Persetujuan: the agency head's queue of calibrated assessments."""
from flask import Blueprint

bp = Blueprint("approvals", __name__, url_prefix="/approvals")

from portal.approvals import routes  # noqa: E402,F401  (registers the views)
