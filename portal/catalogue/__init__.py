"""The service catalogue (services, officers, QR codes) and the IKM reports over it."""
from flask import Blueprint

bp = Blueprint("catalogue", __name__, url_prefix="/catalogue")

from portal.catalogue import routes  # noqa: E402,F401  (registers the views)
