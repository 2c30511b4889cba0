"""Kalibrasi: the committee's queue of rated assessments and the spread of predikat."""
from flask import Blueprint

bp = Blueprint("calibration", __name__, url_prefix="/calibration")

from portal.calibration import routes  # noqa: E402,F401  (registers the views)
