"""The reporting line: who is whose Pejabat Penilai Kinerja, read from the position tree; and
finding an agency's staff by name or NIP."""
from __future__ import annotations

import sqlalchemy as sa

from portal.extensions import db
from portal.models import Employee, Position, Unit
from portal.models.moves import Posting


def holders_by_position(among: list[int] | None = None) -> dict[int, int]:
    """Map every occupied position (or those of among) to the id of its active holder, and a
    post with no holder to its acting official (Plt/Plh, an open acting Posting) if it has one
    (two queries)."""
    held = sa.select(Employee.position_id, Employee.id).where(
        Employee.active, Employee.position_id.is_not(None))
    acting = (sa.select(Posting.position_id, Posting.employee_id)
              .join(Employee, Employee.id == Posting.employee_id)
              .where(Employee.active, Posting.kind.in_(Posting.ACTING), Posting.ends_on.is_(None))
              .order_by(Posting.id))
    if among is not None:
        held = held.where(Employee.position_id.in_(among))
        acting = acting.where(Posting.position_id.in_(among))
    holders = {position_id: employee_id for position_id, employee_id in db.session.execute(held)}
    acting = db.session.execute(acting)
    for position_id, employee_id in acting:
        holders.setdefault(position_id, employee_id)
    return holders


def position_parents() -> dict[int, int | None]:
    """Map every position to the position it reports to (one query)."""
    return dict(db.session.execute(sa.select(Position.id, Position.parent_id)).all())


def resolve_assessor(position_id: int | None, parents: dict[int, int | None],
                     holders: dict[int, int]) -> int | None:
    """The employee who assesses the holder of position_id.

    The direct superior's post is the parent position; when that post is vacant the next
    occupied post above it assesses (the acting official, Plt), as agencies do in practice.
    """
    seen: set[int] = set()
    current = parents.get(position_id) if position_id else None
    while current is not None and current not in seen:
        seen.add(current)
        if current in holders:
            return holders[current]
        current = parents.get(current)
    return None


def assessor_of(position_id: int | None, max_depth: int = 64) -> int | None:
    """resolve_assessor for one post, reading only the posts above it (two queries): for a page
    that needs one answer, where the whole tree's maps would grow with the province."""
    if position_id is None:
        return None
    chain = (sa.select(Position.id, Position.parent_id, sa.literal(0).label("depth"))
             .where(Position.id == position_id).cte("chain", recursive=True))
    chain = chain.union_all(
        sa.select(Position.id, Position.parent_id, chain.c.depth + 1)
        .join(chain, Position.id == chain.c.parent_id).where(chain.c.depth < max_depth))
    parents = dict(db.session.execute(sa.select(chain.c.id, chain.c.parent_id)).all())
    above = [parent for parent in parents.values() if parent is not None]
    return resolve_assessor(position_id, parents, holders_by_position(among=above))


def unit_and_descendants(unit_id: int) -> list[int]:
    """unit_id and every unit below it in its agency's tree (one query for the agency's units)."""
    agency_id = db.session.scalar(sa.select(Unit.agency_id).where(Unit.id == unit_id))
    children: dict[int | None, list[int]] = {}
    for uid, parent in db.session.execute(
            sa.select(Unit.id, Unit.parent_id).where(Unit.agency_id == agency_id)):
        children.setdefault(parent, []).append(uid)
    found, todo = [], [unit_id]
    while todo:
        current = todo.pop()
        found.append(current)
        todo.extend(children.get(current, []))
    return found


# An agency has thousands of staff: pickers search, never list, and need two characters first.
SEARCH_LIMIT = 20
MIN_SEARCH = 2


def name_or_nip_match(text: str | None):
    """The condition of an employee search as typed: the start of the NIP when only digits
    (spaces allowed, as printed), else a part of the name; None when too short to search."""
    text = " ".join((text or "").split())
    if len(text) < MIN_SEARCH:
        return None
    digits = text.replace(" ", "")
    if digits.isdigit():
        return Employee.nip.startswith(digits, autoescape=True)
    return Employee.name.icontains(text, autoescape=True)
