"""Helpers shared by the blueprints: page-or-fragment rendering and the current actor."""
from __future__ import annotations

from flask import make_response, render_template, request
from flask_login import current_user

from portal.services.access import actor_for
from workflows.assessment import Actor


def wants_fragment() -> bool:
    """An htmx swap wants the partial; a boosted navigation, a history restore (which replaces
    the whole body) or a plain request wants the page."""
    return (bool(request.htmx) and not request.htmx.boosted
            and not request.htmx.history_restore_request)


def render_page_or_fragment(page: str, fragment: str, status: int = 200, **context):
    """Render the full page or, for an htmx swap, only its partial; both from one template.

    The page includes the partial, so both always agree; Vary tells caches they differ.
    """
    template = fragment if wants_fragment() else page
    response = make_response(render_template(template, **context), status)
    response.vary.add("HX-Request")
    return response


def current_actor() -> Actor:
    return actor_for(current_user)
