"""Service records: admins import them from CSV or Excel and read the row-by-row report."""
import os

from flask import Blueprint

# cli_group=None: the import command is `flask import-service-records`, not nested.
bp = Blueprint("records", __name__, url_prefix="/records", cli_group=None)


@bp.record_once
def _defaults(state) -> None:
    """Uploaded files are kept under instance/imports, outside the web root, unless configured."""
    state.app.config.setdefault("IMPORT_DIR", os.path.join(state.app.instance_path, "imports"))


from portal.records import cli, routes  # noqa: E402,F401  (registers the views and the command)
