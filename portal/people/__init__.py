"""Admin BKD: the organisation and its people — agencies, units, posts and reporting lines —
and their import from organisation and employee files."""
from flask import Blueprint

bp = Blueprint("people", __name__, url_prefix="/people")

from portal.people import accounts, org, routes  # noqa: E402,F401  (registers the views)
