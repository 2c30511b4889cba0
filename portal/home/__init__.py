"""The start page after login (links to each role's work) and the health check."""
from flask import Blueprint

bp = Blueprint("home", __name__)

from portal.home import routes  # noqa: E402,F401  (registers the views)
