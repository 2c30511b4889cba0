"""Absolute links to the portal: QR codes, counter cards, survey links and e-mail.

One place decides the portal's public address. PORTAL_BASE_URL, when set, wins everywhere (set it
in production: behind a proxy, and for e-mail sent from cron, the portal cannot know the address
citizens and staff reach it by). Without it a request's own host is used (what the browser asked
for, as the trusted proxies forward it). Outside a request with neither PORTAL_BASE_URL nor
Flask's SERVER_NAME there is no address to give: the link is a path and a warning is logged,
rather than a made-up host that would send readers to the wrong machine.
"""
from __future__ import annotations

from flask import current_app, has_request_context, url_for

_WARNED = "portal.links.warned"  # app.extensions key: warn once per process, not per e-mail


def public_base() -> str | None:
    """PORTAL_BASE_URL without its trailing slash, or None when it is not set."""
    base = (current_app.config.get("PORTAL_BASE_URL") or "").strip().rstrip("/")
    return base or None


def public_url(endpoint: str, **values) -> str:
    """The absolute URL of endpoint (with values) as the public reaches the portal.

    Args:
        endpoint: a Flask endpoint, e.g. 'survey.form'.
        values: its URL values; None values are left out, as url_for does.

    Works in a request, in a CLI command and in a signal listener alike.
    """
    base = public_base()
    if base is not None:
        # The path alone (no script root), so a base with a path prefix is not doubled.
        return base + current_app.url_map.bind("localhost").build(endpoint, values)
    if has_request_context() or current_app.config.get("SERVER_NAME"):
        return url_for(endpoint, _external=True, **values)
    if not current_app.extensions.get(_WARNED):
        current_app.extensions[_WARNED] = True
        current_app.logger.warning(
            "PORTAL_BASE_URL is not set and there is no request to take the host from: links "
            "built outside a request (e-mail from cron, the CLI) carry only their path. Set "
            "PORTAL_BASE_URL to the portal's public address, e.g. https://kinerja.jambiprov.go.id")
    return current_app.url_map.bind("localhost").build(endpoint, values)
