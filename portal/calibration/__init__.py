"""Kalibrasi: a unit's spread of predikat against the rules of the organisation's predikat,
its rated assessments, rating changes and finishing a unit (committee), the org predikat (head)."""
from flask import Blueprint

bp = Blueprint("calibration", __name__, url_prefix="/calibration")

from portal.calibration import fairness, routes  # noqa: E402,F401  (registers the views)
