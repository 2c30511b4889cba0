"""The public citizen-satisfaction survey (SKM): short links /s/<code>, no login."""
from flask import Blueprint

bp = Blueprint("survey", __name__)

from portal.survey import routes  # noqa: E402,F401  (registers the views)
