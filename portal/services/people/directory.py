"""Reading the organisation for the admin pages: agencies with their sizes, an agency's unit
tree, and its posts with holder and reporting line, a page at a time in a fixed number of
queries whatever the agency's size."""
from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa
import sqlalchemy.orm as so

from portal.extensions import db
from portal.models import Agency, Employee, Position, Unit


@dataclass
class AgencyRow:
    agency: Agency
    units: int
    positions: int
    employees: int


def agencies_page(page: int, size: int) -> tuple[list[AgencyRow], bool]:
    """One page of the agencies by name, with their numbers of units, posts and active
    employees (one query)."""
    units = (sa.select(sa.func.count()).where(Unit.agency_id == Agency.id)
             .correlate(Agency).scalar_subquery())
    positions = (sa.select(sa.func.count()).select_from(Position).join(Unit)
                 .where(Unit.agency_id == Agency.id).correlate(Agency).scalar_subquery())
    employees = (sa.select(sa.func.count()).select_from(Employee)
                 .join(Position, Position.id == Employee.position_id).join(Unit)
                 .where(Unit.agency_id == Agency.id, Employee.active)
                 .correlate(Agency).scalar_subquery())
    rows = db.session.execute(sa.select(Agency, units, positions, employees)
                              .order_by(Agency.name, Agency.id)
                              .limit(size + 1).offset((page - 1) * size)).all()
    return [AgencyRow(*row) for row in rows[:size]], len(rows) > size


@dataclass
class UnitNode:
    id: int
    name: str
    children: list[UnitNode] = field(default_factory=list)


def unit_tree(agency_id: int) -> tuple[list[UnitNode], dict[int, str]]:
    """The agency's units as a tree (roots first, children by name) and each unit's path
    (one query)."""
    rows = db.session.execute(sa.select(Unit.id, Unit.parent_id, Unit.name)
                              .where(Unit.agency_id == agency_id).order_by(Unit.name, Unit.id))
    nodes, parents = {}, {}
    for unit_id, parent_id, name in rows:
        nodes[unit_id] = UnitNode(unit_id, name)
        parents[unit_id] = parent_id
    roots = []
    for unit_id, node in nodes.items():
        parent = parents[unit_id]
        (nodes[parent].children if parent in nodes else roots).append(node)
    paths: dict[int, str] = {}

    def walk(node: UnitNode, above: list[str]) -> None:
        names = [*above, node.name]
        paths[node.id] = " > ".join(names[1:] or names)
        for child in node.children:
            walk(child, names)

    for root in roots:
        walk(root, [])
    return roots, paths


@dataclass
class PostRow:
    position: Position
    holder: Employee | None
    parent: Position | None
    parent_holder: Employee | None


def positions_page(agency_id: int, page: int, size: int) -> tuple[list[PostRow], bool]:
    """One page of the agency's posts by unit, each with its holder, the post it reports to
    and that post's holder (one query)."""
    rows = db.session.execute(positions_statement(agency_id)
                              .limit(size + 1).offset((page - 1) * size)).all()
    return [PostRow(*row) for row in rows[:size]], len(rows) > size


def positions_statement(agency_id: int) -> sa.Select:
    """The agency's posts by unit as (post, holder, superior post, its holder): paged by
    positions_page, streamed by the export."""
    holder = so.aliased(Employee)
    parent = so.aliased(Position)
    parent_holder = so.aliased(Employee)
    return (sa.select(Position, holder, parent, parent_holder)
            .join(Unit, Unit.id == Position.unit_id)
            .outerjoin(holder, holder.position_id == Position.id)
            .outerjoin(parent, parent.id == Position.parent_id)
            .outerjoin(parent_holder, parent_holder.position_id == parent.id)
            .where(Unit.agency_id == agency_id)
            .order_by(Unit.id, Position.parent_id.is_not(None), Position.id))


def agency_choices() -> list[tuple[int, str]]:
    """(id, 'CODE Name') of every agency by name, for the employee import's agency choice."""
    return [(agency_id, f"{code} — {name}") for agency_id, code, name in db.session.execute(
        sa.select(Agency.id, Agency.code, Agency.name).order_by(Agency.name))]
