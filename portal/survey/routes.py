"""Views of the public survey: the form of a service (naming its officer, perhaps), submitting
it without JavaScript (POST, then a redirect to the thanks page), and the rate limit's answer."""
from __future__ import annotations

from flask import abort, current_app, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import NotFound

from portal.extensions import limiter
from portal.labels import REFUSALS
from portal.services.feedback import surveys
from portal.services.errors import Refused
from portal.survey import bp
from portal.survey.forms import SurveyForm
from portal.web import refusal_text


def _target(code: str, officer_code: str | None = None):
    """The service and officer the link names; 404 if the link names nothing (or a mismatch)."""
    found = surveys.find(code, officer_code)
    if found is None:
        abort(404)
    return found


def _page(service, officer, form: SurveyForm, status: int = 200, message: str | None = None):
    return render_template("survey/form.html", service=service, officer=officer, form=form,
                           message=message), status


@bp.route("/s/<code>", methods=["GET", "POST"])
@bp.route("/s/<code>/<officer_code>", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["SURVEY_RATE_LIMIT"], methods=["POST"])
# A looser limit per address alone: a bot that changes its User-Agent on every request is still
# one client, while the phones of many citizens behind an office's network are not held back.
@limiter.limit(lambda: current_app.config["SURVEY_RATE_LIMIT_PER_ADDRESS"], methods=["POST"],
               key_func=lambda: request.remote_addr)
def form(code: str, officer_code: str | None = None):
    """Show the survey of a service; store the answers once and say thanks."""
    service, officer = _target(code, officer_code)
    form = SurveyForm()
    if request.method == "GET":
        form.form_token.data = surveys.new_form_token()
        return _page(service, officer, form)
    thanks = redirect(url_for(".thanks", code=service.code), 303)
    if form.website.data:
        return thanks  # a bot: it learns nothing, nothing is stored
    if not form.validate():
        unanswered = any(element.errors for element in form.elements)
        heading = " ".join(filter(None, (
            _("Mohon jawab kesembilan pertanyaan. Pertanyaan yang belum dijawab ditandai.")
            if unanswered else "", form.error_summary(exclude=form.elements))))
        return _page(service, officer, form, 422, heading)
    try:
        surveys.submit_response(
            service, officer, form.answers, form.comment.data,
            client=surveys.client_key(request.remote_addr, request.user_agent.string),
            form_token=form.form_token.data)
    except Refused as refusal:
        return _page(service, officer, form, refusal.status,
                     refusal_text(refusal))
    return thanks


def _refused_page(status: int, message: str, form: SurveyForm | None = None):
    """The survey page again from an error handler (the rate limit and the CSRF check answer
    before the view), its answers kept; a plain 404 for a link that names nothing (abort()
    inside an error handler would become a 500)."""
    found = surveys.find(**request.view_args)
    if found is None:
        return current_app.handle_http_exception(NotFound())
    service, officer = found
    return _page(service, officer, form or SurveyForm(), status, message)


@bp.errorhandler(429)
def too_many(_error):
    """Over the rate limit (only the submit is limited): the same page with its answers kept
    and a message saying why."""
    return _refused_page(429, _(
        "Terlalu banyak penilaian dikirim dari perangkat ini dalam waktu singkat. "
        "Jawaban Anda masih ada di formulir; silakan kirim lagi beberapa menit lagi."))


@bp.errorhandler(CSRFError)
def session_expired(_error):
    """A citizen who left the form open until the session expired (or whose browser dropped the
    cookie) gets the form back with the answers kept and a fresh token, not an error page."""
    form = SurveyForm()
    if not form.form_token.data:
        form.form_token.data = surveys.new_form_token()
    return _refused_page(400, str(REFUSALS["survey_form_expired"]), form)


@bp.route("/s/<code>/terima-kasih")
def thanks(code: str):
    """Thank the citizen (also shown to a bot or a repeat, which stored nothing)."""
    service, _officer = _target(code)
    return render_template("survey/thanks.html", service=service)
