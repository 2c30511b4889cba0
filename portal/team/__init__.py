"""Tim saya: a supervisor's direct reports and the state of each one's assessment."""
from flask import Blueprint

bp = Blueprint("team", __name__, url_prefix="/team")

from portal.team import routes  # noqa: E402,F401  (registers the views)
