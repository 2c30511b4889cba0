"""The organisation kept by hand by a BKD admin, without a file: agencies, their units and posts
with jenis jabatan, jenjang and reporting line; and who holds the agency-scoped roles.

Every change is written to org_events (who, when, what, each field from -> to) in the same
transaction. Nothing with history is deleted: a unit is deleted only while it holds no unit, post,
service or calibration record; posts are never deleted (their holders' postings point at them).

A new reporting line changes who assesses the holders below it: the assessors of the assessments
under way are resolved again the way moves do (portal.services.people.moves.reassign_assessors).
"""
from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
import sqlalchemy.orm as so

from portal.extensions import db
from portal.models import (
    Agency, CalibrationRecord, Employee, OrgEvent, Position, RoleGrant, Service, Unit, User,
)
from portal.rules.nip import format_nip
from portal.rules.reference import JENIS_JABATAN, JENJANG, jenjang_of
from portal.services.errors import Invalid, NotAllowed, NotNow
from portal.services.messaging import mail
from portal.services.people import moves
from portal.services.people.org import position_parents
from portal.services.people.units import key

CODE_MAX, NAME_MAX = 20, 200
FUNCTIONAL = "Fungsional"
# The jenis jabatan a post form offers: the non-functional ones of JENIS_JABATAN as stored, and
# "Fungsional", which takes its level from the jenjang ("Fungsional Ahli Muda" is stored).
POST_KINDS = (*(kind for kind in JENIS_JABATAN if not kind.startswith(FUNCTIONAL)), FUNCTIONAL)
AGENCY_ROLES = ("approver", "committee")


def _admin(actor: User) -> None:
    if not actor.is_admin:
        raise NotAllowed("admin_only")


def _record(actor: User, agency_id: int, action: str, subject: str,
            changes: list[dict]) -> None:
    db.session.add(OrgEvent(agency_id=agency_id, actor_id=actor.id, action=action,
                            subject=subject[:NAME_MAX], changes=changes))


def _changes(*fields: tuple) -> list[dict]:
    """The fields whose value differs, as the audit keeps them: (field, old, new) compared as
    shown, or (field, old, new, old_id, new_id) for a unit or post, compared by id (two units
    of an agency may share a name) and shown by name."""
    return [{"field": name, "from": old, "to": new} for name, old, new, *ids in fields
            if (ids[0] != ids[1] if ids else old != new)]


def _named(row) -> tuple[str | None, int | None]:
    """A unit's or post's name and id, or (None, None)."""
    if row is None:
        return None, None
    return getattr(row, "title", None) or row.name, row.id


def _text(value: str | None, required: str, limit: int = NAME_MAX) -> str:
    value = " ".join((value or "").split())
    if not value:
        raise Invalid(required)
    if len(value) > limit:
        raise Invalid("org_too_long", limit=limit)
    return value


# --- agencies ----------------------------------------------------------------------------------

def _code(code: str | None, agency_id: int | None) -> str:
    code = _text(code, "agency_code_required", CODE_MAX).upper()
    taken = db.session.scalar(sa.select(Agency.id).where(
        sa.func.upper(Agency.code) == code, Agency.id != (agency_id or 0)))
    if taken is not None:
        raise Invalid("agency_code_taken", code=code)
    return code


def create_agency(actor: User, code: str, name: str) -> Agency:
    """A new agency with its root unit bearing its name (as an organisation file makes it)."""
    _admin(actor)
    code, name = _code(code, None), _text(name, "agency_name_required")
    agency = Agency(code=code, name=name)
    db.session.add_all([agency, Unit(agency=agency, name=name)])
    db.session.flush()
    _record(actor, agency.id, "agency_created", name,
            _changes(("code", None, code), ("name", None, name)))
    db.session.commit()
    return agency


def change_agency(actor: User, agency: Agency, code: str, name: str) -> None:
    """Change an agency's code or name; its root unit, when it bore the old name, takes the new
    one (files name the root by the agency's name)."""
    _admin(actor)
    code, name = _code(code, agency.id), _text(name, "agency_name_required")
    changes = _changes(("code", agency.code, code), ("name", agency.name, name))
    if not changes:
        return
    root = db.session.scalar(sa.select(Unit).where(Unit.agency_id == agency.id,
                                                   Unit.parent_id.is_(None)).order_by(Unit.id))
    if root is not None and root.name == agency.name:
        root.name = name
    _record(actor, agency.id, "agency_changed", agency.name, changes)
    agency.code, agency.name = code, name
    db.session.commit()


# --- units -------------------------------------------------------------------------------------

def _unit_parent(agency_id: int, parent_id: int | None) -> Unit | None:
    parent = db.session.get(Unit, parent_id) if parent_id else None
    if parent_id and (parent is None or parent.agency_id != agency_id):
        raise Invalid("unit_parent_unknown")
    return parent


def _unit_name_free(agency_id: int, parent_id: int | None, name: str,
                    unit_id: int | None) -> None:
    """Two units of one parent never share a name: files find a unit by its path."""
    siblings = db.session.scalars(sa.select(Unit.name).where(
        Unit.agency_id == agency_id, Unit.parent_id.is_(None) if parent_id is None
        else Unit.parent_id == parent_id, Unit.id != (unit_id or 0)))
    if any(key(sibling) == key(name) for sibling in siblings):
        raise Invalid("unit_name_taken", name=name)


def add_unit(actor: User, agency: Agency, parent_id: int | None, name: str) -> Unit:
    """A unit under parent_id in agency; at the top only while the agency has no unit."""
    _admin(actor)
    name = _text(name, "unit_name_required")
    parent = _unit_parent(agency.id, parent_id)
    if parent is None and db.session.scalar(
            sa.select(Unit.id).where(Unit.agency_id == agency.id).limit(1)) is not None:
        raise Invalid("unit_parent_required")
    _unit_name_free(agency.id, parent_id, name, None)
    unit = Unit(agency_id=agency.id, parent_id=parent.id if parent else None, name=name)
    db.session.add(unit)
    _record(actor, agency.id, "unit_added", name,
            _changes(("parent", None, parent.name if parent else None)))
    db.session.commit()
    return unit


def change_unit(actor: User, unit: Unit, name: str, parent_id: int | None) -> None:
    """Rename a unit or move it under another unit of its agency (never under itself or a unit
    below it); the agency's root unit stays the root."""
    _admin(actor)
    name = _text(name, "unit_name_required")
    if unit.parent_id is None:
        if parent_id:
            raise Invalid("unit_root_stays")
        parent = None
    else:
        parent = _unit_parent(unit.agency_id, parent_id)
        if parent is None:
            raise Invalid("unit_parent_required")
        above = dict(db.session.execute(sa.select(Unit.id, Unit.parent_id)
                                        .where(Unit.agency_id == unit.agency_id)).all())
        current: int | None = parent.id
        while current is not None:
            if current == unit.id:
                raise Invalid("unit_cycle")
            current = above.get(current)
    _unit_name_free(unit.agency_id, parent.id if parent else None, name, unit.id)
    (old_parent, old_id), (new_parent, new_id) = _named(unit.parent), _named(parent)
    changes = _changes(("name", unit.name, name),
                       ("parent", old_parent, new_parent, old_id, new_id))
    if not changes:
        return
    _record(actor, unit.agency_id, "unit_changed", unit.name, changes)
    unit.name, unit.parent_id = name, parent.id if parent else None
    db.session.commit()


def delete_unit(actor: User, unit: Unit) -> None:
    """Delete a unit that holds nothing: no unit below it, no post, no public service and no
    calibration record (they keep history, so a unit with any of them stays)."""
    _admin(actor)
    used = db.session.scalar(sa.select(sa.or_(
        sa.exists().where(Unit.parent_id == unit.id),
        sa.exists().where(Position.unit_id == unit.id),
        sa.exists().where(Service.unit_id == unit.id),
        sa.exists().where(CalibrationRecord.unit_id == unit.id))))
    if used:
        raise NotNow("unit_not_empty")
    if unit.parent_id is None:
        raise NotNow("unit_root_stays")
    _record(actor, unit.agency_id, "unit_deleted", unit.name,
            _changes(("parent", unit.parent.name if unit.parent else None, None)))
    db.session.delete(unit)
    db.session.commit()


# --- posts -------------------------------------------------------------------------------------

def jabatan(kind: str | None, jenjang: str | None) -> tuple[str, str | None]:
    """(jenis jabatan as stored, jenjang) from the form's choice: a functional post needs a
    jenjang of JENJANG and is stored as 'Fungsional <jenjang>'; any other post has none."""
    jenjang = (jenjang or "").strip() or None
    if kind not in POST_KINDS:
        raise Invalid("position_kind_required")
    if kind != FUNCTIONAL:
        if jenjang:
            raise Invalid("jenjang_not_functional")
        return kind, None
    if jenjang is None:
        raise Invalid("jenjang_required")
    if jenjang not in JENJANG:
        raise Invalid("jenjang_unknown")
    return f"{FUNCTIONAL} {jenjang}", jenjang


def form_kind(position: Position) -> tuple[str, str | None]:
    """The form's (jenis jabatan, jenjang) of a stored post: 'Fungsional Ahli Muda' is
    ('Fungsional', 'Ahli Muda'), whether or not its jenjang column was filled."""
    level = position.jenjang or jenjang_of(position.jenis_jabatan)
    if position.jenis_jabatan.startswith(FUNCTIONAL):
        return FUNCTIONAL, level
    return position.jenis_jabatan, None


def _post_parent(position_id: int | None, parent_id: int | None) -> Position | None:
    """The post to report to: any post of the province, never the post itself or one that
    reports to it, directly or not."""
    if not parent_id:
        return None
    parent = db.session.get(Position, parent_id)
    if parent is None:
        raise Invalid("position_parent_unknown")
    if position_id is not None:
        if parent.id == position_id:
            raise Invalid("position_parent_self")
        parents, seen = position_parents(), set()
        current: int | None = parent.id
        while current is not None and current not in seen:
            if current == position_id:
                raise Invalid("position_cycle")
            seen.add(current)
            current = parents.get(current)
    return parent


def _post_title_free(unit_id: int, title: str, position_id: int | None) -> None:
    """Two posts of one unit never share a title: files find a post by its unit and title."""
    titles = db.session.scalars(sa.select(Position.title).where(
        Position.unit_id == unit_id, Position.id != (position_id or 0)))
    if any(key(other) == key(title) for other in titles):
        raise Invalid("position_title_taken", title=title)


def _post_unit(agency_id: int, unit_id: int | None) -> Unit:
    unit = db.session.get(Unit, unit_id) if unit_id else None
    if unit is None or unit.agency_id != agency_id:
        raise Invalid("position_unit_required")
    return unit


def add_position(actor: User, agency: Agency, unit_id: int | None, title: str, kind: str | None,
                 jenjang: str | None, parent_id: int | None) -> Position:
    """A new, vacant post in a unit of agency, reporting to parent_id."""
    _admin(actor)
    unit = _post_unit(agency.id, unit_id)
    title = _text(title, "position_title_required")
    jenis, jenjang = jabatan(kind, jenjang)
    parent = _post_parent(None, parent_id)
    _post_title_free(unit.id, title, None)
    position = Position(unit_id=unit.id, title=title, jenis_jabatan=jenis, jenjang=jenjang,
                        parent_id=parent.id if parent else None)
    db.session.add(position)
    _record(actor, agency.id, "position_added", title, _changes(
        ("unit", None, unit.name), ("jenis_jabatan", None, jenis), ("jenjang", None, jenjang),
        ("parent", None, parent.title if parent else None)))
    db.session.commit()
    return position


def change_position(actor: User, position: Position, unit_id: int | None, title: str,
                    kind: str | None, jenjang: str | None, parent_id: int | None) -> list[int]:
    """Change a post: its unit (within its agency), title, jenis jabatan and jenjang, and the
    post it reports to. A new reporting line routes the remaining steps of the assessments
    under way to their new assessor. Returns the ids of the assessments whose assessor changed."""
    _admin(actor)
    agency_id = position.unit.agency_id
    unit = _post_unit(agency_id, unit_id)
    title = _text(title, "position_title_required")
    jenis, jenjang = jabatan(kind, jenjang)
    parent = _post_parent(position.id, parent_id)
    _post_title_free(unit.id, title, position.id)
    (old_parent, old_id), (new_parent, new_id) = _named(position.parent), _named(parent)
    changes = _changes(
        ("unit", position.unit.name, unit.name, position.unit_id, unit.id),
        ("title", position.title, title), ("jenis_jabatan", position.jenis_jabatan, jenis),
        ("jenjang", position.jenjang, jenjang),
        ("parent", old_parent, new_parent, old_id, new_id))
    if not changes:
        return []
    _record(actor, agency_id, "position_changed", position.title, changes)
    new_line = old_id != new_id
    position.unit_id, position.title = unit.id, title
    position.jenis_jabatan, position.jenjang = jenis, jenjang
    position.parent_id = parent.id if parent else None
    if not new_line:
        db.session.commit()
        return []
    db.session.flush()
    rerouted = moves.reassign_assessors(actor)
    mail.queue_mail(db.session, rerouted.notifications)
    db.session.commit()
    return rerouted.assessments


# --- reading -----------------------------------------------------------------------------------

@dataclass
class RoleHolder:
    grant_id: int
    role: str
    user_id: int
    name: str
    nip: str | None
    enabled: bool

    @property
    def nip_display(self) -> str:
        return format_nip(self.nip) if self.nip else ""


def _holders(condition) -> list[RoleHolder]:
    rows = db.session.execute(
        sa.select(RoleGrant.id, RoleGrant.role, User.id, User.display_name, Employee.nip,
                  User.enabled)
        .join(User, User.id == RoleGrant.user_id)
        .outerjoin(Employee, Employee.id == User.employee_id)
        .where(condition).order_by(RoleGrant.role, User.display_name, User.id))
    return [RoleHolder(*row) for row in rows]


def role_holders(agency_id: int) -> list[RoleHolder]:
    """The agency's head (approver) and committee members, by role and name (one query)."""
    return _holders(sa.and_(RoleGrant.agency_id == agency_id, RoleGrant.role.in_(AGENCY_ROLES)))


def admins() -> list[RoleHolder]:
    """The BKD admins by name (one query)."""
    return _holders(RoleGrant.role == "admin")


def events_page(agency_id: int, page: int, size: int) -> tuple[list[OrgEvent], bool]:
    """The agency's organisation history, newest first, with each actor (one query)."""
    rows = list(db.session.scalars(
        sa.select(OrgEvent).where(OrgEvent.agency_id == agency_id)
        .options(so.joinedload(OrgEvent.actor).lazyload(User.grants))
        .order_by(OrgEvent.at.desc(), OrgEvent.id.desc())
        .limit(size + 1).offset((page - 1) * size)))
    return rows[:size], len(rows) > size


def post_choices(agency_id: int, paths: dict[int, str]) -> list[tuple[int, str]]:
    """The agency's posts as (id, 'title — unit path (holder)'), by unit path and title (one
    query): the choices of a reporting line."""
    rows = db.session.execute(
        sa.select(Position.id, Position.title, Position.unit_id, Employee.name)
        .join(Unit, Unit.id == Position.unit_id)
        .outerjoin(Employee, sa.and_(Employee.position_id == Position.id, Employee.active))
        .where(Unit.agency_id == agency_id))
    found = [(paths.get(unit_id, ""), title, pid, holder) for pid, title, unit_id, holder in rows]
    found.sort(key=lambda row: (row[0], row[1], row[2]))
    return [(pid, f"{title} — {path}" + (f" ({holder})" if holder else ""))
            for path, title, pid, holder in found]
