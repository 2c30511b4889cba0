"""The public citizen survey (SKM): finding the service a link names, and storing an answer once.

Abuse is contained in layers: the route is rate-limited per client address and drops honeypot
bots; here only a form the portal issued for this service, recently, is taken (its token is
signed by the server), a form submitted twice (its one-time token) or the same answers sent again
from the same address within DUPLICATE_WINDOW are stored once. Nothing the client chooses (its
User-Agent, a token it made up) tells clients apart. The client is kept only as a keyed hash.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from collections.abc import Mapping, Sequence

import sqlalchemy as sa
from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy.exc import IntegrityError

from portal import signals
from portal.extensions import db
from portal.models import Service, ServiceOfficer, SurveyResponse
from portal.models.base import utcnow
from portal.rules.ikm import ELEMENTS, PROFILE, SCALE
from portal.services.errors import Invalid, Refused

COMMENT_MAX = 1000
DUPLICATE_WINDOW = dt.timedelta(minutes=10)
TOKEN_MAX_LENGTH = 200  # a signed token is about 80 characters; anything longer is not ours


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


def client_key(address: str | None) -> str:
    """A keyed hash of the client's address (as the trusted proxies forward it): enough to
    recognise a repeat, useless to anyone who reads the table without the secret key.

    Only the address: a header such as the User-Agent is the client's to choose, and a bot that
    changes it on every post must still count as one client.
    """
    message = (address or "").encode()
    return hmac.new(current_app.config["SECRET_KEY"].encode(), message, hashlib.sha256).hexdigest()


def repeat_key(client: str, service_id: int, officer_id: int | None, comment: str | None,
               values: dict, at: dt.datetime) -> str:
    """What makes a response a repeat, as one unique value: the client, the service and
    officer, the comment and every answer, and the DUPLICATE_WINDOW-long slice of time `at`
    falls in, hashed with the secret key. The look-up before the insert catches a repeat within
    the last DUPLICATE_WINDOW; this catches the one sent at the same moment (a double click in
    two tabs, a bot), which that look-up cannot see."""
    window = int(at.timestamp() // DUPLICATE_WINDOW.total_seconds())
    parts = [client, service_id, officer_id, comment, window,
             *(values.get(name) for name in sorted(values))]
    message = "\x1f".join("" if part is None else str(part) for part in parts).encode()
    return hmac.new(current_app.config["SECRET_KEY"].encode(), message, hashlib.sha256).hexdigest()


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="survey-form")


def new_form_token(service: Service) -> str:
    """The token a survey form of service carries: signed by the portal, naming the service and
    (through the signature's timestamp) when it was issued, with a random nonce that is stored
    with the response so that the form is taken once."""
    return _serializer().dumps([service.code, secrets.token_urlsafe(16)])


def _nonce(service: Service, form_token: str | None) -> str:
    """The nonce of a form token the portal issued for service less than SURVEY_FORM_MAX_AGE
    seconds ago; refuses a token it did not issue (or issued for another service) and an old
    one.

    The nonce, not the token, is what makes a form single-use: the same signed value can be
    spelled in several ways (base64 has spare bits), its nonce only in one.
    """
    if not form_token or len(form_token) > TOKEN_MAX_LENGTH:
        raise Refused("survey_form_missing")
    try:
        payload = _serializer().loads(form_token,
                                      max_age=current_app.config["SURVEY_FORM_MAX_AGE"])
    except SignatureExpired:
        raise Refused("survey_form_expired") from None
    except BadSignature:
        raise Refused("survey_form_forged") from None
    if (not isinstance(payload, list) or len(payload) != 2
            or not all(isinstance(part, str) for part in payload)):
        raise Refused("survey_form_forged")
    code, nonce = payload
    if code != service.code or not 0 < len(nonce) <= 64:
        raise Refused("survey_form_forged")
    return nonce


def _check_profile(profile: Mapping[str, str | None] | None) -> dict[str, str | None]:
    """The profile with every question present (None where not answered); refuses an unknown
    question or a choice not on its list."""
    profile = dict(profile or {})
    if set(profile) - set(PROFILE):
        raise Invalid("survey_profile_invalid")
    checked = {name: profile.get(name) or None for name in PROFILE}
    if any(value is not None and value not in PROFILE[name] for name, value in checked.items()):
        raise Invalid("survey_profile_invalid")
    return checked


def _check(answers: Sequence[int | None], comment: str | None) -> str | None:
    if len(answers) != len(ELEMENTS) or any(a is None for a in answers):
        raise Invalid("survey_incomplete")
    if any(a not in SCALE for a in answers):
        raise Invalid("survey_answer_invalid")
    comment = (comment or "").strip() or None
    if comment is not None and len(comment) > COMMENT_MAX:
        raise Invalid("survey_comment_too_long")
    return comment


def submit_response(service: Service, officer: ServiceOfficer | None,
                    answers: Sequence[int | None], comment: str | None, *,
                    client: str, form_token: str,
                    profile: Mapping[str, str | None] | None = None) -> SurveyResponse | None:
    """Store a citizen's answers, once; sends signals.survey_submitted after the commit.

    Args:
        service, officer: what the link named (see find).
        answers: the nine answers, 1-4, in SurveyResponse.u1..u9 order.
        comment: optional text, stored as typed (shown escaped).
        client: the client's keyed hash (client_key).
        form_token: the token the form carried (new_form_token).
        profile: the optional respondent profile, question -> code of PROFILE (None or absent
            where not answered).

    Raises Refused for a token the portal did not issue for this service, or issued longer
    than SURVEY_FORM_MAX_AGE ago, and Invalid for incomplete or unknown answers.
    Returns the stored response, or None when it repeats one already stored (the same form,
    or identical answers from the same address about the same service and officer in the
    last DUPLICATE_WINDOW): the citizen sees the same thanks either way.
    """
    nonce = _nonce(service, form_token)
    comment = _check(answers, comment)
    profile = _check_profile(profile)
    officer_id = officer.employee_id if officer else None
    if db.session.scalar(sa.select(SurveyResponse.id)
                         .where(SurveyResponse.form_token == nonce)) is not None:
        return None
    values = {**dict(zip(SurveyResponse.ELEMENTS, answers, strict=True)), **profile}
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
                              client_key=client, form_token=nonce,
                              repeat_key=repeat_key(client, service.id, officer_id, comment,
                                                    values, utcnow()), **values)
    db.session.add(response)
    try:
        db.session.commit()
    except IntegrityError:
        # The same form, or the same answers from the same address, sent twice at once: both
        # requests passed the checks above, the unique form_token or repeat_key let one in.
        db.session.rollback()
        return None
    signals.survey_submitted.send(response)
    return response
