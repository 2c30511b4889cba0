"""Laporan: the spread of predikat against the allowed spread, indicator achievement and
completion of a period, per agency or per unit of one agency, as charts beside their tables."""
from flask import Blueprint

bp = Blueprint("reports", __name__, url_prefix="/reports")

from portal.reports import routes  # noqa: E402,F401  (registers the views)
