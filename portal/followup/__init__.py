"""Tindak lanjut: the follow-up of approved assessments, its lists and development plans."""
from flask import Blueprint

bp = Blueprint("followup", __name__, url_prefix="/followup")

from portal.followup import routes  # noqa: F401  (registers the views)
