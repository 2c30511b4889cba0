"""Pemantauan: how far a period is per agency and unit, who is late, the exceptions, reminders."""
from flask import Blueprint

bp = Blueprint("monitoring", __name__, url_prefix="/monitoring")

from portal.monitoring import routes  # noqa: E402,F401  (registers the views)
