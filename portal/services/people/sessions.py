"""Sessions the server can end: the session generation of each user, checked on every request.

Flask keeps the session in a signed cookie, so a copy of that cookie stays valid after logout
unless the server can tell it apart. Each user row holds a random session generation
(User.session_token); Flask-Login stores ``"<user id>:<generation>"`` in the session and in the
remember cookie (User.get_id), and the user loader accepts a cookie only while its generation is
the user's current one and the account is enabled. Ending the sessions is writing a new
generation: every cookie issued before, on every device and every app server, is refused at its
next request. Logging out, changing the password and disabling the account do so.

Why a generation and not a table of sessions: the check costs nothing (the loader reads the user
row by primary key anyway), it needs no write per request and no clean-up job, and it lives in
the database that every app server shares, never in process memory. What it gives up is ending
one device alone: logging out ends the user's sessions everywhere, which on the shared office
computers of an agency is the safer reading of "keluar" anyway.

The idle limit (SESSION_IDLE_MINUTES) is enforced by portal.auth.sessions from the time of the
last request kept in the signed session, which the client can replay but not move forward.
"""
from __future__ import annotations

import hmac
from functools import cache
from typing import NamedTuple

import sqlalchemy as sa
import sqlalchemy.orm as so

from portal.extensions import db
from portal.models import Assessment, Notification, User
from portal.models.people import new_session_token


class SignedIn(NamedTuple):
    """The user of a request and what every page's header shows of them."""

    user: User | None
    has_team: bool = False  # they assess someone (services.people.search.has_team)
    unread: int = 0         # their unread notifications (services.messaging.notifications)


def user_for(session_id: str) -> User | None:
    """The enabled user whose current session generation session_id carries, else None."""
    return signed_in(session_id).user


def signed_in(session_id: str) -> SignedIn:
    """user_for's user with what the header shows of them, in one statement: every request of
    a signed-in user pays it, so the role grants are joined and the team question and the
    unread count are columns of the same SELECT (both answered by an index)."""
    user_id, _, token = session_id.partition(":")
    if not user_id.isdigit() or not token:
        return SignedIn(None)  # also a cookie from before generations existed: it held the id
    row = db.session.execute(_signed_in_statement(), {"user_id": int(user_id)}).unique().first()
    if row is None or not row.User.enabled:
        return SignedIn(None)
    if not hmac.compare_digest(row.User.session_token.encode(), token.encode()):
        return SignedIn(None)
    return SignedIn(row.User, bool(row.has_team), row.unread or 0)


@cache
def _signed_in_statement() -> sa.Select:
    """signed_in's statement, built once per process (it holds no data, only SQL)."""
    has_team = sa.exists().where(Assessment.assessor_id == User.employee_id)
    unread = (sa.select(sa.func.count()).select_from(Notification)
              .where(Notification.user_id == User.id, Notification.read_at.is_(None))
              .scalar_subquery())
    return (sa.select(User, has_team.label("has_team"), unread.label("unread"))
            .where(User.id == sa.bindparam("user_id"))
            .options(so.joinedload(User.grants)))


def end_sessions(user: User) -> None:
    """End every session and remember cookie of user, on every device."""
    user.session_token = new_session_token()
    db.session.commit()


def set_enabled(user: User, enabled: bool) -> None:
    """Enable or disable user's account; disabling ends every session at once."""
    user.enabled = enabled
    if not enabled:
        user.session_token = new_session_token()
    db.session.commit()
