"""Notifikasi: the notification centre, the header's unread badge and the reminder command."""
from flask import Blueprint

# cli_group=None puts the blueprint's commands at the top: `flask --app app send-reminders`.
bp = Blueprint("notifications", __name__, url_prefix="/notifications", cli_group=None)


@bp.record_once
def _connect_listeners(_state) -> None:
    """Subscribe the notification listeners to the domain signals when the app is built."""
    from portal.services.messaging.notifications import connect

    connect()


from portal.notifications import cli, routes  # noqa: E402,F401  (registers views and commands)
