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

from portal.extensions import db
from portal.models import User
from portal.models.people import new_session_token


def user_for(session_id: str) -> User | None:
    """The enabled user whose current session generation session_id carries, else None."""
    user_id, _, token = session_id.partition(":")
    if not user_id.isdigit() or not token:
        return None  # also a cookie from before generations existed: it only held the id
    user = db.session.get(User, int(user_id))
    if user is None or not user.enabled:
        return None
    if not hmac.compare_digest(user.session_token.encode(), token.encode()):
        return None
    return user


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
