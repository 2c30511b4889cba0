"""Keberatan: objections to a final predikat, decided by the atasan pejabat penilai kinerja."""
from flask import Blueprint

bp = Blueprint("objections", __name__, url_prefix="/objections")

from portal.objections import routes  # noqa: E402,F401  (registers the views)
