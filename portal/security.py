"""Security headers on every response the portal sends: pages, partials, PDFs, errors, static.

The Content-Security-Policy allows scripts, styles and images from the portal itself only, with
no inline script, no inline style attribute and no eval: everything the pages need is a static
file (htmx is vendored, its indicator style lives in portal.css; see layout.html's htmx-config).
Templates must therefore hold no <script> block, no style="" and no on*/hx-on attribute
(tests/http/test_security_headers.py checks every template). The PDFs are built by WeasyPrint on
the server, whose <style> never reaches a browser as HTML.
"""
from __future__ import annotations

from flask import Flask, Response

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "object-src 'none'; frame-ancestors 'none'; form-action 'self'; base-uri 'self'"
)

HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Frame-Options": "DENY",  # frame-ancestors for browsers that predate it
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
}


_NAMES = frozenset(name.lower() for name in HEADERS)
_ITEMS = tuple(HEADERS.items())


def init_app(app: Flask) -> None:
    @app.after_request
    def add_security_headers(response: Response) -> Response:
        """Set the headers unless a view chose its own value (one pass over the response's
        headers: a setdefault per header scanned them four times). Each is added by itself:
        Headers.extend adds them one by one too, through a generator of items (~15 calls)."""
        headers = response.headers
        chosen = _NAMES.intersection(headers.keys(lower=True))
        for name, value in _ITEMS:
            if not chosen or name.lower() not in chosen:
                headers.add(name, value)
        return response
