"""The public citizen survey (SKM): finding the service a link names, and storing an answer once.

Abuse is contained in layers: the route is rate-limited per client and drops honeypot bots; here
a form submitted twice (its one-time token) or the same answers sent again by the same client
within DUPLICATE_WINDOW are stored once. The client is kept only as a keyed hash.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from collections.abc import Sequence

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.exc import IntegrityError

from portal import signals
from portal.extensions import db
from portal.models import Service, ServiceOfficer, SurveyResponse
from portal.models.base import utcnow
from portal.rules.ikm import ELEMENTS, SCALE
from portal.services.errors import Invalid

COMMENT_MAX = 1000
DUPLICATE_WINDOW = dt.timedelta(minutes=10)


def find(code: str, officer_code: str | None = None
         ) -> tuple[Service, ServiceOfficer | None] | None:
    """The active service of a short link and the officer it names; None if either is unknown,
    the service inactive, or the officer code belongs to another service."""
    service = db.session.scalar(sa.select(Service).where(Service.code == code,
                                                         Service.active.is_(True)))
    if service is None:
        return None
    if officer_code is None:
        return service, None
    officer = db.session.scalar(sa.select(ServiceOfficer).where(
        ServiceOfficer.code == officer_code, ServiceOfficer.service_id == service.id))
    return (service, officer) if officer is not None else None


def client_key(address: str | None, user_agent: str | None) -> str:
    """A keyed hash of the client (address and browser): enough to recognise a repeat, useless
    to anyone who reads the table without the secret key."""
    message = f"{address or ''}|{user_agent or ''}".encode()
    return hmac.new(current_app.config["SECRET_KEY"].encode(), message, hashlib.sha256).hexdigest()


def new_form_token() -> str:
    """The one-time token a survey form carries, so submitting it twice stores one response."""
    return secrets.token_urlsafe(24)


def _check(answers: Sequence[int | None], comment: str | None, form_token: str | None
           ) -> str | None:
    if len(answers) != len(ELEMENTS) or any(a is None for a in answers):
        raise Invalid("survey_incomplete")
    if any(a not in SCALE for a in answers):
        raise Invalid("survey_answer_invalid")
    comment = (comment or "").strip() or None
    if comment is not None and len(comment) > COMMENT_MAX:
        raise Invalid("survey_comment_too_long")
    if not form_token or len(form_token) > 64:
        raise Invalid("survey_form_expired")
    return comment


def submit_response(service: Service, officer: ServiceOfficer | None,
                    answers: Sequence[int | None], comment: str | None, *,
                    client: str, form_token: str) -> SurveyResponse | None:
    """Store a citizen's answers, once; sends signals.survey_submitted after the commit.

    Args:
        service, officer: what the link named (see find).
        answers: the nine answers, 1-4, in SurveyResponse.u1..u9 order.
        comment: optional text, stored as typed (shown escaped).
        client: the client's keyed hash (client_key).
        form_token: the form's one-time token.

    Returns the stored response, or None when it repeats one already stored (the same form
    token, or the same client's identical answers about the same service and officer in the
    last DUPLICATE_WINDOW): the citizen sees the same thanks either way.
    """
    comment = _check(answers, comment, form_token)
    officer_id = officer.employee_id if officer else None
    if db.session.scalar(sa.select(SurveyResponse.id)
                         .where(SurveyResponse.form_token == form_token)) is not None:
        return None
    values = dict(zip(SurveyResponse.ELEMENTS, answers, strict=True))
    repeat = db.session.scalar(
        sa.select(SurveyResponse.id).where(
            SurveyResponse.client_key == client,
            SurveyResponse.submitted_at >= utcnow() - DUPLICATE_WINDOW,
            SurveyResponse.service_id == service.id,
            SurveyResponse.officer_id == officer_id,
            SurveyResponse.comment == comment,
            *(getattr(SurveyResponse, name) == value for name, value in values.items()))
        .limit(1))
    if repeat is not None:
        return None
    response = SurveyResponse(service_id=service.id, officer_id=officer_id, comment=comment,
                              client_key=client, form_token=form_token, **values)
    db.session.add(response)
    try:
        db.session.commit()
    except IntegrityError:  # the same form sent twice at once: the other request stored it
        db.session.rollback()
        return None
    signals.survey_submitted.send(response)
    return response
