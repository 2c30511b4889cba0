"""Units found by their path: "Bidang Pelayanan > Seksi Identitas" below the agency's root unit
(the unit that bears the agency's name), as the organisation and employee files write them; and
the unit picker of the calibration and monitoring pages, which finds a unit by a typed part of
its path ("Dinas X › Bidang Pelayanan › Seksi Identitas") among an agency's hundreds."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import cache

import sqlalchemy as sa

from portal.extensions import db
from portal.models import Unit

SEPARATOR = ">"


def split_path(text: str) -> tuple[str, ...]:
    """The unit names of a path, spaces tidied: 'Bidang A >  Seksi B' -> ('Bidang A', 'Seksi B')."""
    return tuple(" ".join(part.split()) for part in str(text or "").split(SEPARATOR)
                 if part.strip())


def key(name: str) -> str:
    """A unit or post name as compared: case and spacing do not count."""
    return " ".join(str(name).split()).casefold()


@dataclass(frozen=True)
class UnitRow:
    id: int
    agency_id: int
    parent_id: int | None
    name: str


class UnitTree:
    """Every unit of the province by parent and name, loaded in one query (a few thousand)."""

    def __init__(self, rows: list[UnitRow]):
        self.by_id = {row.id: row for row in rows}
        self.roots: dict[int, int] = {}
        self.children: dict[tuple[int, str], int] = {}
        self.by_name: dict[tuple[int, str], list[int]] = {}
        for row in sorted(rows, key=lambda r: r.id):  # of two alike, the older one counts
            if row.parent_id is None:
                self.roots.setdefault(row.agency_id, row.id)
            else:
                self.children.setdefault((row.parent_id, key(row.name)), row.id)
            self.by_name.setdefault((row.agency_id, key(row.name)), []).append(row.id)

    @classmethod
    def load(cls) -> UnitTree:
        return cls([UnitRow(*row) for row in db.session.execute(
            sa.select(Unit.id, Unit.agency_id, Unit.parent_id, Unit.name))])

    def below_root(self, agency_id: int, parts: tuple[str, ...]) -> tuple[str, ...]:
        """parts without a leading name of the agency's root unit (files may start with it)."""
        root = self.roots.get(agency_id)
        if parts and root is not None and key(parts[0]) == key(self.by_id[root].name):
            return parts[1:]
        return parts

    def walk(self, agency_id: int, parts: tuple[str, ...]) -> int | None:
        """The unit at the path below the agency's root, or None where a step is missing."""
        current = self.roots.get(agency_id)
        for part in self.below_root(agency_id, parts):
            if current is None:
                return None
            current = self.children.get((current, key(part)))
        return current

    def find(self, agency_id: int, text: str) -> int | str:
        """The unit a file names, by its path or, for one name, by that name alone if no other
        unit of the agency bears it; else 'unknown_unit' or 'ambiguous_unit'."""
        parts = split_path(text)
        found = self.walk(agency_id, parts)
        if found is not None:
            return found
        if len(parts) == 1:
            named = self.by_name.get((agency_id, key(parts[0])), [])
            if len(named) == 1:
                return named[0]
            if named:
                return "ambiguous_unit"
        return "unknown_unit"

    def path(self, unit_id: int | None) -> str:
        """The unit's path from its agency's root (the root itself by its name)."""
        names, seen = [], set()
        while unit_id is not None and unit_id in self.by_id and unit_id not in seen:
            seen.add(unit_id)
            row = self.by_id[unit_id]
            names.append(row.name)
            unit_id = row.parent_id
        names.reverse()
        return f" {SEPARATOR} ".join(names[1:] or names)

    def agency_units(self, agency_id: int) -> list[int]:
        return [row.id for row in self.by_id.values() if row.agency_id == agency_id]


# --- the unit picker -----------------------------------------------------------------------------

@dataclass(frozen=True)
class UnitOption:
    """A unit of the agency's tree, with its depth for an indented selector."""

    id: int
    name: str
    depth: int
    # The names from the agency's root down to this unit: what the unit picker shows and finds.
    path: str = ""


UNIT_PATH_SEPARATOR = " › "

# Units the picker offers at a time (as suggestions, or when a typed text names several).
PICKER_MATCHES = 12


@cache
def _tree_statement() -> sa.Select:
    """unit_tree()'s statement on the table, built once per process, the agency its parameter:
    a Core statement, its rows not loaded through the ORM (about two calls a unit fewer; units
    added but not flushed are not in it, as no page adds units before reading the tree)."""
    units = Unit.__table__
    return (sa.select(units.c.id, units.c.parent_id, units.c.name)
            .where(units.c.agency_id == sa.bindparam("agency_id"))
            .order_by(units.c.name, units.c.id))


def unit_tree(agency_id: int) -> list[UnitOption]:
    """The agency's units depth first, roots first (one query)."""
    units = db.session.execute(_tree_statement(), {"agency_id": agency_id}).all()
    known = {u.id for u in units}
    children: dict[int | None, list] = defaultdict(list)
    for unit in units:
        children[unit.parent_id if unit.parent_id in known else None].append(unit)
    tree: list[UnitOption] = []

    def walk(parent: int | None, depth: int, above: str) -> None:
        for unit in children.get(parent, ()):
            path = f"{above}{UNIT_PATH_SEPARATOR}{unit.name}" if above else unit.name
            tree.append(UnitOption(unit.id, unit.name, depth, path))
            walk(unit.id, depth + 1, path)

    walk(None, 0, "")
    return tree


def find_units(query: str, tree: list[UnitOption],
               limit: int | None = PICKER_MATCHES) -> list[UnitOption]:
    """The units of tree a typed query names: those whose path or name it is (ignoring case and
    spaces around), else those whose path contains it, in tree order; at most limit."""
    wanted = " ".join(query.split()).casefold()
    if not wanted:
        return []
    found = [u for u in tree if wanted in (u.path.casefold(), u.name.casefold())]
    if not found:
        found = [u for u in tree if wanted in u.path.casefold()]
    return found[:limit] if limit else found


@dataclass(frozen=True)
class UnitPick:
    """What a page shows after its unit picker: the unit (None: the whole agency), the text
    typed (None when the request typed none), and, when the text settles nothing, the units it
    may mean (none when it names no unit; more: it names more than those offered)."""

    unit: UnitOption | None
    typed: str | None = None
    unresolved: bool = False
    matches: tuple[UnitOption, ...] = ()
    more: bool = False

    @property
    def refused(self) -> bool:
        """The text names no unit: a filter in error (422); naming several is a question."""
        return self.unresolved and not self.matches

    @property
    def settled(self) -> bool:
        """A text was typed and it chose the unit shown (its address is the unit's, not the
        text's)."""
        return self.typed is not None and not self.unresolved

    @property
    def text(self) -> str:
        """What the picker's field shows: the text typed when it settled nothing (to correct
        it), else the path of the unit shown (what a reload of its address shows too)."""
        if self.unresolved:
            return self.typed
        return self.unit.path if self.unit else ""


def pick_unit(typed: str | None, tree: list[UnitOption], shown: UnitOption | None) -> UnitPick:
    """The unit a page shows when its picker holds typed (None: not asked) and it showed shown:
    none when blank (the whole agency); shown when the text is its path unchanged; the only unit
    the text names; else shown still, with the units the text may mean."""
    if typed is None:
        return UnitPick(shown)
    if not typed.strip():
        return UnitPick(None, typed)
    if shown is not None and typed.strip() == shown.path:
        return UnitPick(shown, typed)
    found = find_units(typed, tree, limit=PICKER_MATCHES + 1)
    if len(found) == 1:
        return UnitPick(found[0], typed)
    return UnitPick(shown, typed, unresolved=True, matches=tuple(found[:PICKER_MATCHES]),
                    more=len(found) > PICKER_MATCHES)
