"""Help: a guide per role, help on each step of the assessment, a glossary of the regulation's
terms and a practice assessment with a simulated supervisor."""
from flask import Blueprint

bp = Blueprint("help", __name__, url_prefix="/help")

from portal.help import routes  # noqa: E402,F401  (registers the views)
