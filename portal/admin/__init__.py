"""Admin BKD: appraisal periods (opening them creates every employee's assessment)."""
from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin")

from portal.admin import routes  # noqa: E402,F401  (registers the views)
from portal.admin import distribution  # noqa: E402,F401  (the spread rules editor)
from portal.admin import outside  # noqa: E402,F401  (assessors outside the portal)
from portal.admin import angka_kredit  # noqa: E402,F401  (the angka kredit data)
