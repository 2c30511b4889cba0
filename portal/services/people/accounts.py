"""Accounts as a BKD admin keeps them, and a user's own change of password.

An admin resets a password (a temporary one, shown once, or one the admin types), grants and
withdraws roles, and disables or enables an account. Every change ends the user's sessions where
it takes something away and is written to account_events with the admin, the time, what changed
and the reason given. An admin can neither withdraw their own admin role nor disable their own
account: a province must never lock its last admin out by a slip of the hand.

A reset sets User.must_change_password: at the next sign-in the user is held on the
change-password page (portal.auth.sessions) until they choose a password of their own.
"""
from __future__ import annotations

import secrets

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask import current_app

from portal.extensions import db
from portal.models import AccountEvent, Agency, Employee, RoleGrant, User
from portal.models.people import new_session_token
from portal.services.errors import Invalid, NotAllowed, NotNow

# Roles held in one agency; "admin" is province-wide (no agency).
AGENCY_ROLES = ("committee", "approver")
# Letters and digits that cannot be mistaken for one another when read off a screen.
_TEMPORARY_ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def min_length() -> int:
    return current_app.config["PASSWORD_MIN_LENGTH"]


def temporary_password() -> str:
    """A random password to read out or hand over once: 12 unambiguous letters and digits."""
    return "".join(secrets.choice(_TEMPORARY_ALPHABET) for _ in range(max(12, min_length())))


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise Invalid("account_reason_required")
    return reason


def _admin(actor: User) -> None:
    if not actor.is_admin:
        raise NotAllowed("admin_only")


def _record(actor: User | None, user: User, action: str, reason: str, role: str | None = None,
            agency_id: int | None = None) -> None:
    """Audit a change of user's account; actor None: the server's command line."""
    db.session.add(AccountEvent(user_id=user.id, actor_id=actor.id if actor else None,
                                action=action, role=role, agency_id=agency_id, reason=reason))


def record_command(user: User, action: str, command: str) -> None:
    """Audit a change made with a `flask` command on the server (no signed-in actor): the
    reason names the command. Does not commit."""
    _record(None, user, action, f"flask {command} (baris perintah server)")


def reset_password(actor: User, user: User, reason: str, password: str | None = None) -> str:
    """Give user a new password (password as typed by the admin, or a temporary one when
    None) that they must change at the next sign-in; every session of the user ends. Returns
    the password to hand over."""
    _admin(actor)
    reason = _reason(reason)
    password = temporary_password() if password is None else password
    set_new_password(user, password)
    _record(actor, user, "password_reset", reason)
    db.session.commit()
    return password


def set_new_password(user: User, password: str, *, must_change: bool = True) -> None:
    """Give user a password someone else chose (an admin's reset, the shell's set-password):
    refused when too short; a new session generation ends every session; must_change holds
    the user on the change-password page at the next sign-in. Does not commit."""
    if len(password) < min_length():
        raise Invalid("password_too_short", minimum=min_length())
    user.set_password(password)
    user.must_change_password = must_change


def create_admin(email: str, name: str) -> tuple[User, str]:
    """The first BKD admin of an empty database (or another one from the shell): an account with
    no post, the admin role and a temporary password to be changed at the first sign-in.
    Returns the account and the password to hand over (committed).

    Raises:
        Invalid: admin_email_invalid, admin_name_required, admin_email_taken.
    """
    email, name = (email or "").strip().lower(), (name or "").strip()
    if "@" not in email or email.startswith("@") or email.endswith("@"):
        raise Invalid("admin_email_invalid")
    if not name:
        raise Invalid("admin_name_required")
    if db.session.scalar(sa.select(User.id).where(sa.func.lower(User.email) == email)):
        raise Invalid("admin_email_taken")
    password = temporary_password()
    user = User(email=email, display_name=name)
    set_new_password(user, password)
    user.grants.append(RoleGrant(role="admin"))
    db.session.add(user)
    db.session.flush()
    record_command(user, "created", "create-admin")
    db.session.commit()
    return user, password


def change_own_password(user: User, current: str, new: str, repeated: str) -> None:
    """The user's own change: the current password checked, the new one typed twice, long
    enough and not the current one. Clears must_change_password; other sessions end."""
    if not user.check_password(current):
        raise Invalid("password_current_wrong")
    if len(new) < min_length():
        raise Invalid("password_too_short", minimum=min_length())
    if new != repeated:
        raise Invalid("password_mismatch")
    if new == current:
        raise Invalid("password_unchanged")
    user.set_password(new)
    user.must_change_password = False
    _record(user, user, "password_changed", "")
    db.session.commit()


def grant_role(actor: User, user: User, role: str, agency_id: int | None, reason: str) -> RoleGrant:
    """Grant user role (in agency_id for a committee or approver role; province-wide for admin)."""
    _admin(actor)
    reason = _reason(reason)
    if role not in RoleGrant.ROLES:
        raise Invalid("role_unknown")
    if role in AGENCY_ROLES:
        if not agency_id or db.session.get(Agency, agency_id) is None:
            raise Invalid("role_agency_required")
    else:
        agency_id = None
    if any(g.role == role and g.agency_id == agency_id for g in user.grants):
        raise NotNow("role_already_held")
    grant = RoleGrant(role=role, agency_id=agency_id)
    user.grants.append(grant)
    _record(actor, user, "role_granted", reason, role, agency_id)
    db.session.commit()
    return grant


def withdraw_role(actor: User, user: User, grant_id: int, reason: str) -> None:
    """Withdraw one of user's roles; never an admin's own admin role."""
    _admin(actor)
    grant = next((g for g in user.grants if g.id == grant_id), None)
    if grant is None:
        raise NotNow("role_not_held")
    if grant.role == "admin" and user.id == actor.id:
        raise NotAllowed("own_admin_role")
    reason = _reason(reason)
    _record(actor, user, "role_withdrawn", reason, grant.role, grant.agency_id)
    user.grants.remove(grant)
    db.session.commit()


def set_enabled(actor: User, user: User, enabled: bool, reason: str) -> None:
    """Enable or disable user's account; disabling ends every session at once. An admin cannot
    disable their own account."""
    _admin(actor)
    if user.id == actor.id:
        raise NotAllowed("own_account")
    reason = _reason(reason)
    if user.enabled == enabled:
        raise NotNow("account_already_enabled" if enabled else "account_already_disabled")
    user.enabled = enabled
    if not enabled:
        user.session_token = new_session_token()  # as sessions.set_enabled does
    _record(actor, user, "enabled" if enabled else "disabled", reason)
    db.session.commit()


def events(user_id: int) -> list[AccountEvent]:
    """The account's audit, newest first, with each actor loaded (one statement)."""
    return list(db.session.scalars(
        sa.select(AccountEvent).where(AccountEvent.user_id == user_id)
        .options(so.joinedload(AccountEvent.actor).lazyload(User.grants))
        .order_by(AccountEvent.at.desc(), AccountEvent.id.desc())))


def accounts_page(query: str, page: int, size: int) -> tuple[list[User], bool]:
    """Accounts whose name, e-mail or NIP contains query, by name; one page and whether more
    follow (one statement; grants come by selectin, one more)."""
    rows = list(db.session.scalars(accounts_statement(query)
                                   .offset((page - 1) * size).limit(size + 1)).unique())
    return rows[:size], len(rows) > size


def accounts_statement(query: str) -> sa.Select:
    """The accounts whose name, e-mail or NIP contains query, by name (paged by accounts_page,
    streamed by the export)."""
    statement = (sa.select(User).outerjoin(Employee, User.employee_id == Employee.id)
                 .options(so.contains_eager(User.employee)))
    query = (query or "").strip()
    if query:
        like = f"%{query.lower().replace(' ', '')}%"
        text = f"%{query.lower()}%"
        statement = statement.where(sa.or_(sa.func.lower(User.display_name).like(text),
                                           sa.func.lower(User.email).like(text),
                                           Employee.nip.like(like)))
    return statement.order_by(User.display_name, User.id)
