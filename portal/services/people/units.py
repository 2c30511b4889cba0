"""Units found by their path: "Bidang Pelayanan > Seksi Identitas" below the agency's root unit
(the unit that bears the agency's name), as the organisation and employee files write them."""
from __future__ import annotations

from dataclasses import dataclass

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
