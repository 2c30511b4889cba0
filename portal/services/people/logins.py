"""Signing in: who a login names, login throttling per account and per client address, and the
log of every attempt (time, account typed, address, outcome; never a password).

The counts are read from the login_attempts table, so every app server of the province sees the
same ones; nothing is counted in process memory. A lock-out ends when enough failures have aged
out of the window: after LOGIN_LIMIT_PER_ACCOUNT failures (default 5 per 15 minutes) for one
account, or LOGIN_LIMIT_PER_ADDRESS failures (default 30 per 15 minutes) from one address, every
attempt, even with the right password, is refused unchecked until then. A successful sign-in
clears the account's count (not the address's: signing in to one's own account must not buy
more guesses at others). The account is counted as typed, whether it exists or not, so neither
the message nor the lock-out tells an attacker which accounts exist.
"""
from __future__ import annotations

import datetime as dt
import math

import sqlalchemy as sa
from flask import current_app
from limits import parse
from werkzeug.security import check_password_hash

from portal.extensions import db
from portal.models import Employee, LoginAttempt, User, people
from portal.models.base import utcnow
from portal.services.clock import as_utc
from portal.services.errors import Refused


class LoginFailed(Refused):
    """Wrong or unknown login, wrong password, or a disabled account (told apart to nobody)."""

    status = 200  # the login form again, with the message


class LoginThrottled(Refused):
    """Too many failed attempts for this account or from this address; details['wait'] is the
    number of seconds until the next attempt will be checked."""

    status = 429

    def __init__(self, wait: float):
        super().__init__("login_throttled", wait=max(1, math.ceil(wait)))


def login_key(login: str) -> str:
    """The account a login names, as counted and logged: without spaces (a NIP may be typed as
    printed) and in lower case (e-mail addresses)."""
    return "".join(login.split()).lower()[:200]


def find_user(login: str) -> User | None:
    """The user whose e-mail (any case) or NIP (spaces allowed, as printed) is login.

    An e-mail address has an "@" and a NIP never does, so each login is one indexed lookup
    (ix_users_email_lower, or the employees' NIP): asked as one OR across the join of users and
    employees, the database read both tables whole (59 ms a sign-in on PostgreSQL with 100,000
    employees)."""
    login = login.strip()
    if "@" in login:
        return db.session.scalar(sa.select(User).where(sa.func.lower(User.email) == login.lower()))
    return db.session.scalar(sa.select(User).join(Employee, User.employee_id == Employee.id)
                             .where(Employee.nip == login.replace(" ", "")))


def sign_in(login: str, password: str, address: str | None) -> User:
    """The user login and password name, if they may sign in now; logs the attempt.

    Raises LoginThrottled while the account or the address is locked out (then the password is
    not even checked), and LoginFailed when the login or the password is wrong or the account is
    disabled. The failure that reaches a limit raises LoginThrottled, so the user learns at once
    how long to wait.
    """
    key, address = login_key(login), (address or "unknown")[:64]
    now = utcnow()
    wait = wait_seconds(key, address, now)
    if wait > 0:
        _log(key, address, "throttled", now)
        raise LoginThrottled(wait)
    user = find_user(login)
    if user is None:
        check_password_hash(_dummy_hash(), password)  # as slow as a wrong password
        valid = False
    else:
        valid = user.check_password(password) and user.enabled
    _log(key, address, "succeeded" if valid else "failed", now)
    if valid:
        return user
    wait = wait_seconds(key, address, now)
    if wait > 0:
        raise LoginThrottled(wait)
    raise LoginFailed("login_failed")


def wait_seconds(key: str, address: str, now: dt.datetime) -> float:
    """Seconds until an attempt on account key from address will be checked (0: now)."""
    last_success = db.session.scalar(sa.select(sa.func.max(LoginAttempt.at)).where(
        LoginAttempt.login == key, LoginAttempt.outcome == "succeeded"))
    by_account = _wait(LoginAttempt.login == key, _limit("LOGIN_LIMIT_PER_ACCOUNT"), now,
                       since=last_success)
    by_address = _wait(LoginAttempt.address == address, _limit("LOGIN_LIMIT_PER_ADDRESS"), now)
    return max(by_account, by_address)


def _limit(setting: str) -> tuple[int, dt.timedelta]:
    """A limit setting ("5 per 15 minutes") as (failures, window)."""
    item = parse(current_app.config[setting])
    return item.amount, dt.timedelta(seconds=item.get_expiry())


def _wait(condition, limit: tuple[int, dt.timedelta], now: dt.datetime,
          since: dt.datetime | None = None) -> float:
    """Seconds until fewer than the limit's failures matching condition lie within its window.

    The lock-out ends when the oldest of the last `amount` failures leaves the window.
    """
    amount, window = limit
    start = now - window
    if since is not None:
        start = max(start, as_utc(since))
    failures = db.session.scalars(
        sa.select(LoginAttempt.at).where(condition, LoginAttempt.outcome == "failed",
                                         LoginAttempt.at > start)
        .order_by(LoginAttempt.at.desc()).limit(amount)).all()
    if len(failures) < amount:
        return 0
    return max(0.0, (as_utc(failures[-1]) + window - now).total_seconds())


def _log(key: str, address: str, outcome: str, now: dt.datetime) -> None:
    db.session.add(LoginAttempt(at=now, login=key, address=address, outcome=outcome))
    db.session.commit()


_dummy: list[str] = []


def _dummy_hash() -> str:
    """A password hash of the portal's cost to check unknown logins against."""
    if not _dummy:
        _dummy.append(people.generate_password_hash("kinerja-tidak-ada"))
    return _dummy[0]
