"""Cari pegawai: find an employee and their assessments by NIP or name."""
from flask import Blueprint

bp = Blueprint("search", __name__, url_prefix="/search")

from portal.search import routes  # noqa: E402,F401  (registers the views)
