"""Employees (ASN), the users who log in, and the agency-scoped roles granted to them.

"Supervisor" is not a role: it follows from the position tree (see portal.services.people.org).
"""
from __future__ import annotations

import datetime as dt
import secrets

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask_login import UserMixin
from werkzeug.security import check_password_hash, generate_password_hash

from portal.extensions import db
from portal.models.base import utcnow
from portal.models.org import Position
from portal.rules.nip import format_nip


def new_session_token() -> str:
    """A fresh, unguessable session generation."""
    return secrets.token_urlsafe(32)


class Employee(db.Model):
    """A civil servant (PNS or PPPK) identified by NIP."""

    __tablename__ = "employees"
    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    nip: so.Mapped[str] = so.mapped_column(sa.String(18), unique=True)
    name: so.Mapped[str] = so.mapped_column(sa.String(200))
    golongan: so.Mapped[str] = so.mapped_column(sa.String(8))
    jenis_jabatan: so.Mapped[str] = so.mapped_column(sa.String(40))
    # One holder per post; a vacant post has none.
    position_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("positions.id"), unique=True
    )
    active: so.Mapped[bool] = so.mapped_column(default=True)
    # PNS or PPPK (rules.reference.ASN_STATUSES): their NIP and golongan follow other rules.
    asn_status: so.Mapped[str] = so.mapped_column(sa.String(4), default="PNS",
                                                  server_default="PNS")

    position: so.Mapped[Position | None] = so.relationship()

    @property
    def nip_display(self) -> str:
        """The NIP grouped as printed on official documents: 19860926 201505 1 001."""
        return format_nip(self.nip)


# A stored hash no password matches: werkzeug refuses a hash without its "method$salt$" parts.
UNUSABLE_PASSWORD = "!"


class User(UserMixin, db.Model):
    """A login. Employees log in with their NIP or e-mail; an admin may have no employee."""

    __tablename__ = "users"
    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    email: so.Mapped[str | None] = so.mapped_column(sa.String(200), unique=True)
    employee_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("employees.id"), unique=True
    )
    password_hash: so.Mapped[str] = so.mapped_column(sa.String(256))
    display_name: so.Mapped[str] = so.mapped_column(sa.String(200))
    enabled: so.Mapped[bool] = so.mapped_column(default=True)
    # The period the user last chose on a period-scoped page (periods overlap), kept across
    # logins; a deleted period forgets the choice.
    chosen_period_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("periods.id", ondelete="SET NULL"))
    # The generation of this user's sessions: every session and remember cookie carries it (see
    # get_id), and a new value ends them all at once (portal.services.people.sessions).
    session_token: so.Mapped[str] = so.mapped_column(sa.String(64), default=new_session_token)
    # Set for accounts made by an import (with no usable password) and after a reset by an
    # admin: the user chooses a password at the next login.
    must_change_password: so.Mapped[bool] = so.mapped_column(default=False,
                                                             server_default=sa.false())

    employee: so.Mapped[Employee | None] = so.relationship()
    grants: so.Mapped[list[RoleGrant]] = so.relationship(
        back_populates="user", lazy="selectin", cascade="all, delete-orphan"
    )

    def set_password(self, password: str) -> None:
        """Store the new password's hash; a changed password ends every session of the user."""
        self.session_token = new_session_token()
        self.password_hash = generate_password_hash(password)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    def set_unusable_password(self) -> None:
        """No password logs in (an account made by an import waits for a reset by an admin)."""
        self.password_hash = UNUSABLE_PASSWORD
        self.must_change_password = True

    @property
    def is_active(self) -> bool:  # Flask-Login refuses disabled users
        return self.enabled

    def get_id(self) -> str:
        """What Flask-Login keeps in the session and the remember cookie: the id and the
        session generation, so that a new generation makes every earlier cookie worthless."""
        return f"{self.id}:{self.session_token}"

    def agencies_with(self, role: str) -> frozenset[int]:
        """The agencies in which this user holds role ('committee' or 'approver')."""
        return frozenset(g.agency_id for g in self.grants if g.role == role and g.agency_id)

    @property
    def is_admin(self) -> bool:
        return any(g.role == "admin" for g in self.grants)


# A login by e-mail matches the address in any case (portal.services.people.logins.find_user):
# without an index of lower(email) every sign-in read the whole users table.
sa.Index("ix_users_email_lower", sa.func.lower(User.email))


class RoleGrant(db.Model):
    """A role held in one agency (committee, approver) or province-wide (admin, no agency)."""

    __tablename__ = "role_grants"
    __table_args__ = (sa.UniqueConstraint("user_id", "role", "agency_id"),)
    ROLES = ("committee", "approver", "admin")

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    user_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("users.id"), index=True)
    role: so.Mapped[str] = so.mapped_column(sa.String(20))
    agency_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("agencies.id"))

    user: so.Mapped[User] = so.relationship(back_populates="grants")


class AccountEvent(db.Model):
    """One change an admin made to an account, or a user's own change of password: who, when,
    what (action and its detail: the role and agency granted or withdrawn) and why."""

    __tablename__ = "account_events"
    ACTIONS = ("created", "password_reset", "password_changed", "role_granted",
               "role_withdrawn", "disabled", "enabled")

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    user_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("users.id"), index=True)
    # None: done on the server's command line (`flask create-admin`, `set-password`...), by
    # whoever runs the server; the reason names the command.
    actor_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("users.id"))
    at: so.Mapped[dt.datetime] = so.mapped_column(sa.DateTime(timezone=True), default=utcnow)
    action: so.Mapped[str] = so.mapped_column(sa.String(20))
    role: so.Mapped[str | None] = so.mapped_column(sa.String(20))
    agency_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("agencies.id"))
    reason: so.Mapped[str] = so.mapped_column(sa.Text, default="")

    actor: so.Mapped[User | None] = so.relationship(foreign_keys=[actor_id])
