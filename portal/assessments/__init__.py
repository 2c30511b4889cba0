"""The assessment page: its stepper, the current step's partial and the workflow actions."""
from flask import Blueprint

bp = Blueprint("assessments", __name__, url_prefix="/assessments")

from portal.assessments import (  # noqa: E402,F401  (registers views)
    execution, indicators, planning, routes,
)
