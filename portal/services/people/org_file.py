"""The organisation from a file: agencies (by code), their units (by path below the agency's
root unit) and posts (by unit and title) with the post each reports to, checked row by row,
then planned and written as an upsert (see services.people.imports).

One row per post, or per unit when the jabatan cell is empty; a unit named in a path is made
when missing, with every unit above it. The superior post (jabatan_atasan) is found by its
title in the row's unit, then in each unit above it up to the agency's root.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

import sqlalchemy as sa

from portal.extensions import db
from portal.models import Agency, PeopleImport, Position, Unit
from portal.services.imports.sheets import Layout, Problem, RowProblems, cell_text, shown
from portal.services.people.imports import Line, Plan, read_jabatan
from portal.services.people.units import SEPARATOR, UnitTree, key, split_path

CODE_MAX, NAME_MAX = 20, 200

LAYOUT = Layout(
    required=("kode_instansi", "nama_instansi", "unit", "jabatan", "jenis_jabatan"),
    optional=("jenjang", "jabatan_atasan"),
    aliases={
        **dict.fromkeys(("kode_instansi", "kode_opd", "kode_skpd", "kode_agency",
                         "agency_code"), "kode_instansi"),
        **dict.fromkeys(("nama_instansi", "instansi", "nama_opd", "opd", "skpd", "nama_skpd",
                         "agency"), "nama_instansi"),
        **dict.fromkeys(("unit", "unit_kerja", "path_unit", "jalur_unit", "unor",
                         "unit_organisasi"), "unit"),
        **dict.fromkeys(("jabatan", "nama_jabatan", "jabatan_nama"), "jabatan"),
        **dict.fromkeys(("jenis_jabatan", "jenis_jab"), "jenis_jabatan"),
        **dict.fromkeys(("jenjang", "jenjang_jabatan", "jenjang_fungsional"), "jenjang"),
        **dict.fromkeys(("jabatan_atasan", "atasan", "jabatan_induk", "induk_jabatan",
                         "atasan_langsung"), "jabatan_atasan"),
    },
)

UnitKey = tuple[str, tuple[str, ...]]  # (agency code, unit names below the root, compared)
PostKey = tuple[UnitKey, str]


@dataclass
class Row:
    """One row as read; the fields are None where the cell was refused or empty."""

    row_no: int
    problems: list[Problem] = field(default_factory=list)
    code: str | None = None
    agency_name: str = ""
    path: tuple[str, ...] = ()
    title: str | None = None
    jenis: str | None = None
    jenjang: str | None = None
    parent_title: str | None = None


def parse(row_no: int, cells: dict) -> Row:
    """Read one row's cells, noting every problem found (a row may have several)."""
    found = RowProblems(row_no, cells)
    row = Row(row_no, found.problems)
    code = cell_text(cells, "kode_instansi").upper()
    if not code:
        found.add("kode_instansi", "required")
    elif len(code) > CODE_MAX:
        found.add("kode_instansi", "too_long")
    else:
        row.code = code
    row.agency_name = cell_text(cells, "nama_instansi")
    if len(row.agency_name) > NAME_MAX:
        found.add("nama_instansi", "too_long")
    row.path = split_path(shown(cells.get("unit")))
    if any(len(part) > NAME_MAX for part in row.path):
        found.add("unit", "too_long")
    title = cell_text(cells, "jabatan")
    parent = cell_text(cells, "jabatan_atasan")
    if len(title) > NAME_MAX or len(parent) > NAME_MAX:
        found.add("jabatan" if len(title) > NAME_MAX else "jabatan_atasan", "too_long")
    elif title:
        row.title, row.parent_title = title, parent or None
        row.jenis, row.jenjang = read_jabatan(found) or (None, None)
    elif parent:
        found.add("jabatan_atasan", "parent_without_position")
    return row


@dataclass
class Stored:
    """What the database holds of the agencies the file names."""

    agencies: dict[str, tuple[int, str]]  # code -> (id, name)
    units: dict[UnitKey, int]
    posts: dict[PostKey, Position]
    tree: UnitTree


def _stored(codes: set[str]) -> Stored:
    agencies = {code.upper(): (agency_id, name) for agency_id, code, name in db.session.execute(
        sa.select(Agency.id, Agency.code, Agency.name))}
    tree = UnitTree.load()
    units: dict[UnitKey, int] = {}
    code_of = {agency_id: code for code, (agency_id, _name) in agencies.items() if code in codes}
    for unit in sorted(tree.by_id.values(), key=lambda u: u.id):
        if unit.agency_id in code_of:
            names = tree.path(unit.id).split(f" {SEPARATOR} ") if unit.parent_id else []
            units.setdefault((code_of[unit.agency_id], tuple(key(n) for n in names)), unit.id)
    unit_keys = {unit_id: unit_key for unit_key, unit_id in units.items()}
    posts: dict[PostKey, Position] = {}
    if unit_keys:
        for post in db.session.scalars(sa.select(Position).where(
                Position.unit_id.in_(sorted(unit_keys))).order_by(Position.id)):
            posts.setdefault((unit_keys[post.unit_id], key(post.title)), post)
    return Stored(agencies, units, posts, tree)


def _unit_key(row: Row, stored: Stored, names: dict[str, str]) -> UnitKey:
    """The row's unit as compared: its path below the root, the root's own name dropped."""
    parts = row.path
    root_name = stored.agencies[row.code][1] if row.code in stored.agencies else names.get(
        row.code, "")
    agency = stored.agencies.get(row.code)
    if agency and agency[0] in stored.tree.roots:
        root_name = stored.tree.by_id[stored.tree.roots[agency[0]]].name
    if parts and key(parts[0]) == key(root_name):
        parts = parts[1:]
    return row.code, tuple(key(p) for p in parts)


def plan(rows: list[Row], job: PeopleImport) -> Plan:
    """Check the rows against each other and the database; say what importing them does."""
    result = Plan()
    refused: set[int] = set()

    def refuse(row: Row, column: str, problem: str, value: str) -> None:
        result.problems.append(Problem(row.row_no, column, problem, value))
        refused.add(row.row_no)

    accepted = [row for row in rows if not row.problems]
    stored = _stored({row.code for row in accepted})
    names: dict[str, str] = {}
    first_named: dict[str, int] = {}
    for row in accepted:
        if not row.agency_name:
            continue
        if row.code not in names:
            names[row.code], first_named[row.code] = row.agency_name, row.row_no
        elif key(names[row.code]) != key(row.agency_name):
            refuse(row, "nama_instansi", "agency_name_conflict", row.agency_name)
    post_rows: dict[PostKey, Row] = {}
    unit_of: dict[int, UnitKey] = {}
    for row in accepted:
        if row.code not in stored.agencies and row.code not in names:
            refuse(row, "nama_instansi", "required", "")
            continue
        unit_of[row.row_no] = _unit_key(row, stored, names)
        if row.title:
            post = (unit_of[row.row_no], key(row.title))
            if post in post_rows:
                refuse(row, "jabatan", "duplicate_position", str(post_rows[post].row_no))
            else:
                post_rows[post] = row
    parent_of = _parents([r for r in accepted if r.row_no not in refused], unit_of, post_rows,
                         stored, refuse, refused)
    accepted = [row for row in accepted if row.row_no not in refused]
    _compare(accepted, unit_of, parent_of, stored, names, result)
    result.write = lambda: _write(accepted, unit_of, parent_of, stored, names, result.outcomes)
    return result


def _parents(rows: list[Row], unit_of: dict[int, UnitKey], post_rows: dict[PostKey, Row],
             stored: Stored, refuse, refused: set[int]) -> dict[int, PostKey]:
    """Row -> the key of the post it reports to, found in its unit or a unit above; a row
    whose superior is missing, or is a row refused, is refused."""
    parent_of: dict[int, PostKey] = {}
    for row in rows:
        if not row.parent_title:
            continue
        code, parts = unit_of[row.row_no]
        wanted = key(row.parent_title)
        own = (unit_of[row.row_no], key(row.title))
        for depth in range(len(parts), -1, -1):
            candidate = ((code, parts[:depth]), wanted)
            if candidate != own and (candidate in post_rows or candidate in stored.posts):
                parent_of[row.row_no] = candidate
                break
        else:
            refuse(row, "jabatan_atasan", "unknown_parent_position", row.parent_title)
    changed = True
    while changed:  # a superior refused takes its subordinates with it
        changed = False
        for row in rows:
            parent = post_rows.get(parent_of.get(row.row_no))
            if row.row_no not in refused and parent is not None and parent.row_no in refused:
                refuse(row, "jabatan_atasan", "parent_refused", str(parent.row_no))
                changed = True
    return parent_of


def _compare(rows: list[Row], unit_of: dict[int, UnitKey], parent_of: dict[int, PostKey],
             stored: Stored, names: dict[str, str], result: Plan) -> None:
    """Each row's outcome, and a report line per agency, unit or post it adds or changes."""
    by_id = {post.id: post for post in stored.posts.values()}
    agencies_seen: set[str] = set()
    units_seen: set[UnitKey] = set(stored.units)
    for row in rows:
        lines: list[Line] = []
        if row.code not in agencies_seen:
            agencies_seen.add(row.code)
            if row.code not in stored.agencies:
                lines.append(Line(row.row_no, "kode_instansi", "new",
                                  f"{row.code} {names[row.code]}"))
            elif row.code in names and names[row.code] != stored.agencies[row.code][1]:
                lines.append(Line(row.row_no, "nama_instansi", "changed", names[row.code],
                                  stored.agencies[row.code][1]))
        code, parts = unit_of[row.row_no]
        for depth in range(0 if row.code not in stored.agencies else 1, len(parts) + 1):
            unit = (code, parts[:depth])
            if unit not in units_seen:
                units_seen.add(unit)
                shown_path = f" {SEPARATOR} ".join(row.path[-len(parts):][:depth]) if depth \
                    else names.get(code, code)
                lines.append(Line(row.row_no, "unit", "new", shown_path))
        if row.title:
            post = stored.posts.get((unit_of[row.row_no], key(row.title)))
            parent = parent_of.get(row.row_no)
            if post is None:
                lines.append(Line(row.row_no, "jabatan", "new", row.title))
            else:
                cells = (("jabatan", post.title, row.title),
                         ("jenis_jabatan", post.jenis_jabatan, row.jenis),
                         ("jenjang", post.jenjang, row.jenjang))
                lines += [Line(row.row_no, column, "changed", after or "", before or "")
                          for column, before, after in cells if (before or "") != (after or "")]
                target = stored.posts.get(parent) if parent else None
                if parent and (target is None or target.id != post.parent_id):
                    before = by_id[post.parent_id].title if post.parent_id in by_id else ""
                    lines.append(Line(row.row_no, "jabatan_atasan", "changed", row.parent_title,
                                      before))
        result.lines += lines
        result.outcomes[row.row_no] = ("new" if any(line.key == "new" for line in lines)
                                       else "changed" if lines else "unchanged")


def _write(rows: list[Row], unit_of: dict[int, UnitKey], parent_of: dict[int, PostKey],
           stored: Stored, names: dict[str, str], outcomes: dict[int, str]) -> Iterator[Counter]:
    """Write agencies, units, posts, then the reporting lines, in one transaction (an
    organisation file is small); yields the outcomes once."""
    agencies: dict[str, Agency] = {}
    units: dict[UnitKey, Unit] = {}
    posts: dict[PostKey, Position] = dict(stored.posts)

    def agency(code: str) -> Agency:
        if code not in agencies:
            if code in stored.agencies:
                agencies[code] = db.session.get(Agency, stored.agencies[code][0])
                if code in names:
                    agencies[code].name = names[code]
            else:
                agencies[code] = Agency(code=code, name=names[code])
                db.session.add(agencies[code])
        return agencies[code]

    def unit(unit_key: UnitKey, shown_names: tuple[str, ...]) -> Unit:
        if unit_key not in units:
            if unit_key in stored.units:
                units[unit_key] = db.session.get(Unit, stored.units[unit_key])
            else:
                code, parts = unit_key
                parent = unit((code, parts[:-1]), shown_names[:-1]) if parts else None
                units[unit_key] = Unit(agency=agency(code), parent=parent,
                                       name=shown_names[-1] if parts else agency(code).name)
                db.session.add(units[unit_key])
        return units[unit_key]

    for row in rows:
        agency(row.code)
        code, parts = unit_of[row.row_no]
        place = unit(unit_of[row.row_no], row.path[len(row.path) - len(parts):])
        if row.title:
            post_key = (unit_of[row.row_no], key(row.title))
            post = posts.get(post_key)
            if post is None:
                post = posts[post_key] = Position(unit=place, title=row.title)
                db.session.add(post)
            post.title, post.jenis_jabatan, post.jenjang = row.title, row.jenis, row.jenjang
    for row in rows:
        if row.row_no in parent_of:
            posts[(unit_of[row.row_no], key(row.title))].parent = posts[parent_of[row.row_no]]
    db.session.flush()
    yield Counter(outcomes[row.row_no] for row in rows)
