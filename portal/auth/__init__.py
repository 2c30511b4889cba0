"""Logging in and out with NIP or e-mail, and choosing the interface language."""
from flask import Blueprint

bp = Blueprint("auth", __name__, url_prefix="/auth")

from portal.auth import routes, sessions  # noqa: E402,F401  (registers the views and hooks)
