"""Error pages and refusals rendered in the layout, with the right status (never a bare 500)."""
from __future__ import annotations

from flask import Flask, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, MethodNotAllowed

from portal.extensions import db
from portal.forms import has_nul
from portal.web import render_page_or_fragment


def init_app(app: Flask) -> None:
    @app.before_request
    def refuse_nul_in_the_address():
        """A NUL character in the query string (a search, a filter) is refused before any view
        reads it: PostgreSQL would fail the query, SQLite would compare it. Text posted in
        forms is refused on its field instead (PortalForm, portal.services.inputs). A NUL
        reaches the arguments only as "%00" or a raw NUL byte: an address with neither (most
        have no query string) is passed without parsing its arguments (~20 Python calls)."""
        query = request.query_string
        if b"%00" not in query and b"\x00" not in query:
            return None
        if any(has_nul(key) or has_nul(value) for key, value in request.args.items(multi=True)):
            return _page(400, _("Permintaan tidak dapat diproses"),
                         _("Alamat memuat karakter NUL (kode 0) yang tidak diizinkan. Hapus "
                           "karakter itu dari pencarian atau tautan, lalu coba lagi."))
        return None

    @app.errorhandler(403)
    def forbidden(error):
        return _page(403, _("Akses ditolak"), getattr(error, "description", None))

    @app.errorhandler(404)
    def not_found(_error):
        return _page(404, _("Halaman tidak ditemukan"),
                     _("Alamat yang Anda buka tidak ada atau sudah dipindahkan."))

    @app.errorhandler(CSRFError)
    def csrf_failed(_error):
        return _page(400, _("Formulir kedaluwarsa"),
                     _("Token keamanan formulir tidak ada atau sudah kedaluwarsa. "
                       "Muat ulang halaman lalu coba lagi."))

    @app.errorhandler(HTTPException)
    def other_http_error(error):
        """Every other refusal (405, 400, ...) in the layout too, never Werkzeug's bare page."""
        response = _page(error.code or 500, _("Permintaan tidak dapat diproses"),
                         _("Alamat ini tidak menerima permintaan seperti itu."))
        if isinstance(error, MethodNotAllowed) and error.valid_methods:
            response.headers["Allow"] = ", ".join(sorted(error.valid_methods))
        return response

    @app.errorhandler(500)
    def server_error(_error):
        db.session.rollback()
        return _page(500, _("Terjadi kesalahan"),
                     _("Maaf, terjadi kesalahan di server. Perubahan Anda tidak disimpan; "
                       "silakan coba lagi."))


def _page(status: int, title: str, message: str | None):
    return render_page_or_fragment("errors/page.html", "errors/_error.html", status,
                                   status_code=status, title=title, message=message)
