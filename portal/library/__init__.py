"""The indicator library: BKD admins maintain SKP templates per sector; an employee starts a
draft SKP from them."""
from flask import Blueprint

bp = Blueprint("library", __name__, url_prefix="/library")

from portal.library import routes  # noqa: E402,F401  (registers the views)
