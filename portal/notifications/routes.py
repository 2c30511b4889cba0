"""Views of the notifications blueprint: the list, marking read, and the header's badge."""
from flask import abort, current_app, make_response, redirect, render_template, url_for
from flask_login import current_user, login_required

from portal.notifications import bp
from portal.services.messaging import notifications as service
from portal.services.messaging import texts
from portal.templating import unread_notifications
from portal.web import page_no, render_page_or_fragment, wants_fragment

# Sent with every change, so the header's badge refreshes itself.
CHANGED_EVENT = "notifications-changed"


def _list_context(page: int) -> dict:
    size = current_app.config.get("PAGE_SIZE", 50)
    items, has_older = service.page_of(current_user.id, page, size)
    return dict(items=items, page_no=page, has_older=has_older,
                unread=service.unread_count(current_user.id))


@bp.app_context_processor
def _texts():
    """The notification texts, rendered in the reader's language."""
    return {"notification_title": texts.title, "notification_text": texts.render,
            "notification_target": texts.target}


@bp.route("/")
@login_required
def index():
    """List the user's notifications, newest first, the unread ones marked."""
    return render_page_or_fragment("notifications/index.html", "notifications/_list.html",
                                   **_list_context(page_no()))


@bp.route("/<int:notification_id>/read", methods=["POST"])
@login_required
def read(notification_id: int):
    """Mark one of the user's notifications read; another user's is not found (404)."""
    notification = service.mark_read(current_user.id, notification_id)
    if notification is None:
        abort(404)
    if not wants_fragment():
        return redirect(url_for(".index", page=page_no()), 303)
    response = make_response(render_template(
        "notifications/_read.html", n=notification, page_no=page_no(), just_read=True,
        unread=service.unread_count(current_user.id)))
    response.headers["HX-Trigger"] = CHANGED_EVENT
    return response


@bp.route("/read-all", methods=["POST"])
@login_required
def read_all():
    """Mark every notification of the user read."""
    service.mark_all_read(current_user.id)
    if not wants_fragment():
        return redirect(url_for(".index", page=page_no()), 303)
    response = make_response(render_template("notifications/_list.html",
                                             **_list_context(page_no())))
    response.headers["HX-Trigger"] = CHANGED_EVENT
    return response


@bp.route("/badge")
def badge():
    """The header's link with the unread count, polled by htmx."""
    if not current_user.is_authenticated:
        return "", 286  # htmx stops polling on 286; the signed-out header has no badge
    response = make_response(render_template(
        "notifications/_badge.html", unread=unread_notifications()))
    response.headers["Cache-Control"] = "no-store"
    return response
