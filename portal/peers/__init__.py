"""Umpan balik rekan (360): colleagues asked for feedback, and the panel on the assessment page."""
from flask import Blueprint

bp = Blueprint("peers", __name__, url_prefix="/peers")

from portal.peers import routes  # noqa: E402,F401  (registers the views)
