"""Service records: admins import them from CSV or Excel and read the row-by-row report."""
from flask import Blueprint

# cli_group=None: the import command is `flask import-service-records`, not nested.
bp = Blueprint("records", __name__, url_prefix="/records", cli_group=None)


from portal.records import cli, routes  # noqa: E402,F401  (registers the views and the command)
