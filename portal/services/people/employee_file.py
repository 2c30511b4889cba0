"""An agency's employees from a file in the columns agencies have from SIASN: each row checked
(the NIP by the rules of domain.md 10, the golongan by the reference list), then the whole file
planned and written as an upsert by NIP (see services.people.imports).

Each employee holds one post. A row keeps the employee's post when its unit and jabatan are
unchanged; else it takes a vacant post of that title in that unit (one the organisation file
declared), else a new post is made. The supervisor's NIP sets the post's reporting line; it must
be in the file or the database (an empty cell leaves the line as it is). An employee without an
account gets one with no usable password, marked to be changed at the first login (an admin
gives the first password).
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

import sqlalchemy as sa

from portal.extensions import db
from portal.models import Employee, PeopleImport, Position, Unit, User
from portal.models.base import utcnow
from portal.models.moves import Posting
from portal.models.people import UNUSABLE_PASSWORD
from portal.rules.nip import nip_problem
from portal.rules.reference import normalise_golongan
from portal.services import clock
from portal.services.imports.sheets import Layout, Problem, RowProblems, cell_text, normalise_nip
from portal.services.messaging import mail
from portal.services.people import moves
from portal.services.people.imports import CHUNK_ROWS, Line, Plan, read_jabatan
from portal.services.people.units import UnitTree, key

# NIPs per lookup: an IN list well within every database's limit on parameters.
LOOKUP = 500
NAME_MAX = 200

LAYOUT = Layout(
    required=("nip", "nama", "golongan", "jenis_jabatan", "jabatan", "unit"),
    optional=("jenjang", "nip_atasan", "email", "status"),
    aliases={
        **dict.fromkeys(("nip", "nip_baru", "nip_pegawai", "nip_asn"), "nip"),
        **dict.fromkeys(("nama", "nama_lengkap", "nama_pegawai", "nama_dengan_gelar",
                         "nama_gelar", "name"), "nama"),
        **dict.fromkeys(("golongan", "gol", "gol_ruang", "golongan_ruang", "pangkat_golongan",
                         "golongan_akhir", "gol_akhir"), "golongan"),
        **dict.fromkeys(("jenis_jabatan", "jenis_jab", "jenis_jabatan_nama"), "jenis_jabatan"),
        **dict.fromkeys(("jabatan", "nama_jabatan", "jabatan_nama"), "jabatan"),
        **dict.fromkeys(("jenjang", "jenjang_jabatan", "jenjang_fungsional"), "jenjang"),
        **dict.fromkeys(("unit", "unit_kerja", "unor", "unor_nama", "nama_unor",
                         "unit_organisasi"), "unit"),
        **dict.fromkeys(("nip_atasan", "nip_atasan_langsung", "atasan_nip",
                         "nip_pejabat_penilai", "nip_penilai"), "nip_atasan"),
        **dict.fromkeys(("email", "e_mail", "surel", "alamat_email"), "email"),
        **dict.fromkeys(("status", "status_asn", "status_pegawai", "jenis_pegawai",
                         "jenis_asn"), "status"),
    },
)
_STATUS = {"": "PNS", "pns": "PNS", "cpns": "PNS", "pppk": "PPPK", "p3k": "PPPK"}
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


@dataclass
class Row:
    """One employee row as read; the fields are None where the cell was refused."""

    row_no: int
    problems: list[Problem] = field(default_factory=list)
    nip: str | None = None
    name: str | None = None
    golongan: str | None = None
    jenis: str | None = None
    jenjang: str | None = None
    title: str | None = None
    unit: str = ""
    supervisor: str | None = None
    email: str | None = None
    status: str = "PNS"


def parse(row_no: int, cells: dict) -> Row:
    """Read one row's cells, noting every problem found (a row may have several)."""
    found = RowProblems(row_no, cells)
    row = Row(row_no, found.problems)
    status = _STATUS.get(cell_text(cells, "status").lower())
    if status is None:
        found.add("status", "unknown_status")
    row.status = status or "PNS"
    if not cell_text(cells, "nip"):
        found.add("nip", "required")
    elif (nip := normalise_nip(cells["nip"])) is None:
        found.add("nip", "nip_length")
    elif reason := nip_problem(nip, pppk=row.status == "PPPK"):
        found.add("nip", f"nip_{reason}")
    else:
        row.nip = nip
    for column, attribute in (("nama", "name"), ("jabatan", "title")):
        text = cell_text(cells, column)
        if not text:
            found.add(column, "required")
        elif len(text) > NAME_MAX:
            found.add(column, "too_long")
        else:
            setattr(row, attribute, text)
    if not cell_text(cells, "golongan"):
        found.add("golongan", "required")
    elif (golongan := normalise_golongan(cell_text(cells, "golongan"), row.status)) is None:
        found.add("golongan", "unknown_golongan_pppk" if row.status == "PPPK"
                  else "unknown_golongan")
    else:
        row.golongan = golongan
    row.jenis, row.jenjang = read_jabatan(found) or (None, None)
    row.unit = cell_text(cells, "unit")
    if not row.unit:
        found.add("unit", "required")
    if cell_text(cells, "nip_atasan"):
        supervisor = normalise_nip(cells["nip_atasan"])
        if supervisor is None:
            found.add("nip_atasan", "nip_length")
        elif supervisor == row.nip:
            found.add("nip_atasan", "supervisor_self")
        else:
            row.supervisor = supervisor
    email = cell_text(cells, "email").lower()
    if email and (not _EMAIL.fullmatch(email) or len(email) > NAME_MAX):
        found.add("email", "email_format")
    elif email:
        row.email = email
    return row


@dataclass
class Known:
    """An employee already stored, with their account and post."""

    id: int
    nip: str
    name: str
    golongan: str
    jenis: str
    status: str
    active: bool
    position_id: int | None
    user_id: int | None
    email: str | None


@dataclass
class Post:
    """A stored post with its holder (active or not: the post stays theirs)."""

    id: int
    unit_id: int
    title: str
    parent_id: int | None
    jenis: str
    jenjang: str | None
    holder_nip: str | None


@dataclass
class Target:
    """What the import writes for one accepted row."""

    row: Row
    unit_id: int
    known: Known | None
    position_id: int | None  # the post it takes; None: a new one
    outcome: str = "unchanged"


def _known(nips: set[str]) -> dict[str, Known]:
    found: dict[str, Known] = {}
    ordered = sorted(nips)
    for start in range(0, len(ordered), LOOKUP):
        for row in db.session.execute(
                sa.select(Employee.id, Employee.nip, Employee.name, Employee.golongan,
                          Employee.jenis_jabatan, Employee.asn_status, Employee.active,
                          Employee.position_id, User.id, User.email)
                .outerjoin(User, User.employee_id == Employee.id)
                .where(Employee.nip.in_(ordered[start:start + LOOKUP]))):
            found[row[1]] = Known(*row)
    return found


def _posts(unit_ids: list[int], extra_ids: set[int]) -> dict[int, Post]:
    """The posts of the agency's units, and the posts extra_ids (held elsewhere), each with
    its holder's NIP."""
    columns = (Position.id, Position.unit_id, Position.title, Position.parent_id,
               Position.jenis_jabatan, Position.jenjang, Employee.nip)
    base = sa.select(*columns).outerjoin(Employee, Employee.position_id == Position.id)
    posts = {row[0]: Post(*row) for row in db.session.execute(
        base.join(Unit, Unit.id == Position.unit_id).where(Unit.id.in_(unit_ids)))}
    missing = sorted(extra_ids - posts.keys())
    for start in range(0, len(missing), LOOKUP):
        posts.update({row[0]: Post(*row) for row in db.session.execute(
            base.where(Position.id.in_(missing[start:start + LOOKUP])))})
    # The parents' holders, for the report's "supervisor before" (parents may lie elsewhere).
    parents = sorted({p.parent_id for p in posts.values() if p.parent_id} - posts.keys())
    for start in range(0, len(parents), LOOKUP):
        posts.update({row[0]: Post(*row) for row in db.session.execute(
            base.where(Position.id.in_(parents[start:start + LOOKUP])))})
    return posts


def _email_owners(emails: set[str]) -> dict[str, int | None]:
    """Lower-cased e-mail -> the employee id of the account that has it (None: no employee)."""
    owners: dict[str, int | None] = {}
    ordered = sorted(emails)
    for start in range(0, len(ordered), LOOKUP):
        owners.update({email.lower(): employee_id for email, employee_id in db.session.execute(
            sa.select(User.email, User.employee_id)
            .where(sa.func.lower(User.email).in_(ordered[start:start + LOOKUP])))})
    return owners


def plan(rows: list[Row], job: PeopleImport) -> Plan:
    """Check the rows against each other and the database; say what importing them does."""
    result = Plan()

    def refuse(row: Row, column: str, problem: str, value: str) -> None:
        result.problems.append(Problem(row.row_no, column, problem, value))
        refused.add(row.row_no)

    refused: set[int] = set()
    accepted = [row for row in rows if not row.problems]
    first_of_nip: dict[str, Row] = {}
    first_of_email: dict[str, int] = {}
    for row in accepted:
        if row.nip in first_of_nip:
            refuse(row, "nip", "duplicate_nip", str(first_of_nip[row.nip].row_no))
            continue
        first_of_nip[row.nip] = row
        if row.email and row.email in first_of_email:
            refuse(row, "email", "duplicate_email", str(first_of_email[row.email]))
        elif row.email:
            first_of_email[row.email] = row.row_no
    tree = UnitTree.load()
    units: dict[int, int] = {}
    for row in accepted:
        found = tree.find(job.agency_id, row.unit)
        if isinstance(found, str):
            refuse(row, "unit", found, row.unit)
        else:
            units[row.row_no] = found
    in_file: dict[str, Row] = {}  # the first row of each NIP, refused or not
    for row in rows:
        if row.nip:
            in_file.setdefault(row.nip, row)
    known = _known({row.nip for row in accepted} | {row.supervisor for row in accepted
                                                     if row.supervisor})
    owners = _email_owners({row.email for row in accepted if row.email})
    for row in accepted:
        if row.email and row.email in owners:
            mine = known[row.nip].id if row.nip in known else None
            if owners[row.email] is None or owners[row.email] != mine:
                refuse(row, "email", "email_taken", row.email)
        if row.supervisor and row.supervisor not in in_file:
            boss = known.get(row.supervisor)
            if boss is None:
                refuse(row, "nip_atasan", "unknown_supervisor", row.supervisor)
            elif not boss.active:
                refuse(row, "nip_atasan", "supervisor_inactive", row.supervisor)
            elif boss.position_id is None:
                refuse(row, "nip_atasan", "supervisor_without_position", row.supervisor)
    for row in accepted:
        if row.row_no not in refused and _in_a_cycle(row, first_of_nip):
            refuse(row, "nip_atasan", "supervisor_cycle", row.supervisor)
    # A row whose supervisor's row is refused cannot be placed under them: refused in turn.
    changed = True
    while changed:
        changed = False
        for row in accepted:
            boss = in_file.get(row.supervisor) if row.supervisor else None
            if (row.row_no not in refused and boss is not None
                    and (boss.problems or boss.row_no in refused)):
                refuse(row, "nip_atasan", "supervisor_refused", str(boss.row_no))
                changed = True
    accepted = [row for row in accepted if row.row_no not in refused]
    posts = _posts(tree.agency_units(job.agency_id),
                   {k.position_id for k in known.values() if k.position_id})
    targets = _place(accepted, units, known, posts)
    _compare(targets, posts, tree, result)
    result.outcomes = {t.row.row_no: t.outcome for t in targets}
    result.write = lambda: _write(targets, known, job.uploaded_by_id)
    return result


def _in_a_cycle(row: Row, by_nip: dict[str, Row]) -> bool:
    """Whether following the supervisors' NIPs within the file comes back to row."""
    seen: set[str] = set()
    current = row.supervisor
    while current and current in by_nip and current not in seen:
        if current == row.nip:
            return True
        seen.add(current)
        current = by_nip[current].supervisor
    return False


def _place(rows: list[Row], units: dict[int, int], known: dict[str, Known],
           posts: dict[int, Post]) -> list[Target]:
    """The post each row takes: its own, a vacant one of that title in that unit, or new."""
    vacant: dict[tuple[int, str], list[int]] = {}
    for post in sorted(posts.values(), key=lambda p: p.id):
        if post.holder_nip is None:
            vacant.setdefault((post.unit_id, key(post.title)), []).append(post.id)
    targets = []
    for row in rows:
        unit_id = units[row.row_no]
        person = known.get(row.nip)
        own = posts.get(person.position_id) if person and person.position_id else None
        if own and own.unit_id == unit_id and key(own.title) == key(row.title):
            position_id = own.id
        else:
            free = vacant.get((unit_id, key(row.title)))
            position_id = free.pop(0) if free else None
        targets.append(Target(row, unit_id, person, position_id))
    return targets


def _compare(targets: list[Target], posts: dict[int, Post], tree: UnitTree,
             result: Plan) -> None:
    """Each target's outcome, and a report line per new employee and per changed cell."""
    for target in targets:
        row, person = target.row, target.known
        if person is None:
            target.outcome = "new"
            result.lines.append(Line(row.row_no, "nip", "new", f"{row.nip} {row.name}"))
            continue
        own = posts.get(person.position_id) if person.position_id else None
        boss_before = posts[own.parent_id].holder_nip if own and own.parent_id in posts else None
        cells = (
            ("nama", person.name, row.name),
            ("golongan", person.golongan, row.golongan),
            ("status", person.status, row.status),
            ("jenis_jabatan", person.jenis, row.jenis),
            ("jenjang", own.jenjang if own else None, row.jenjang),
            ("jabatan", own.title if own else None, row.title),
            ("unit", tree.path(own.unit_id) if own else None, tree.path(target.unit_id)),
            ("nip_atasan", boss_before, row.supervisor or boss_before),
            ("email", person.email, row.email or person.email),
        )
        for column, before, after in cells:
            if (before or "") != (after or ""):
                result.lines.append(Line(row.row_no, column, "changed", after or "",
                                         before or ""))
                target.outcome = "changed"
        if not person.active:
            result.lines.append(Line(row.row_no, "nip", "reactivated", row.nip))
            target.outcome = "changed"
        if person.user_id is None:
            result.lines.append(Line(row.row_no, "email", "account_created", row.email or ""))
            target.outcome = "changed"


def _write(targets: list[Target], known: dict[str, Known],
           user_id: int) -> Iterator[Counter]:
    """Write the targets a chunk at a time (each yields its outcomes, then is committed), then
    the reporting lines of all of them, which may point at posts made in a later chunk; then
    the assessors of the assessments under way follow the new tree (moves.reassign_assessors)."""
    post_of: dict[str, int] = {}
    for start in range(0, len(targets), CHUNK_ROWS):
        chunk = targets[start:start + CHUNK_ROWS]
        _write_posts(chunk, post_of)
        _record_moves(chunk, post_of, user_id)
        _write_people(chunk, post_of)
        yield Counter(t.outcome for t in chunk)
    parents = {}
    boss_posts = {nip: k.position_id for nip, k in known.items() if k.position_id}
    for target in targets:
        boss = target.row.supervisor
        if boss:
            parents[post_of[target.row.nip]] = post_of.get(boss) or boss_posts[boss]
    stored = {}
    ids = sorted(parents)
    for start in range(0, len(ids), LOOKUP):
        stored.update(db.session.execute(sa.select(Position.id, Position.parent_id)
                                         .where(Position.id.in_(ids[start:start + LOOKUP])))
                      .all())
    changes = [{"id": post, "parent_id": parent} for post, parent in parents.items()
               if stored.get(post) != parent]
    if changes:
        db.session.execute(sa.update(Position), changes)
    reassigned = moves.reassign_assessors(db.session.get(User, user_id))
    mail.queue_mail(db.session, reassigned.notifications)
    yield Counter()  # the caller commits the notifications with their e-mail


def _record_moves(chunk: list[Target], post_of: dict[str, int], user_id: int) -> None:
    """A known employee whose post changes has moved (mutasi) today: the open posting of the
    own post ends and a new one starts, as an admin's move records it (a fixed number of
    statements per chunk)."""
    moved = [t for t in chunk if t.known is not None and t.known.position_id is not None
             and t.known.position_id != post_of[t.row.nip]]
    if not moved:
        return
    today = clock.today()
    ids = [t.known.id for t in moved]
    own = (Posting.employee_id.in_(ids), Posting.ends_on.is_(None),
           Posting.kind.not_in(Posting.ACTING))
    with_history = set(db.session.scalars(sa.select(Posting.employee_id).where(*own)))
    db.session.execute(sa.update(Posting).where(*own).values(ends_on=today)
                       .execution_options(synchronize_session=False))
    rows = [{"employee_id": t.known.id, "position_id": t.known.position_id, "kind": "awal",
             "starts_on": None, "ends_on": today, "recorded_by_id": user_id, "at": utcnow()}
            for t in moved if t.known.id not in with_history]
    rows += [{"employee_id": t.known.id, "position_id": post_of[t.row.nip], "kind": "mutasi",
              "starts_on": today, "ends_on": None, "recorded_by_id": user_id, "at": utcnow()}
             for t in moved]
    db.session.execute(sa.insert(Posting), rows)


def _write_posts(chunk: list[Target], post_of: dict[str, int]) -> None:
    """Make the new posts and bring the kept ones up to date (title, jenis, jenjang)."""
    new = [t for t in chunk if t.position_id is None]
    kept = [t for t in chunk if t.position_id is not None and t.outcome != "unchanged"]
    if new:
        ids = db.session.scalars(
            sa.insert(Position).returning(Position.id, sort_by_parameter_order=True),
            [{"unit_id": t.unit_id, "title": t.row.title, "jenis_jabatan": t.row.jenis,
              "jenjang": t.row.jenjang} for t in new]).all()
        for target, position_id in zip(new, ids):
            target.position_id = position_id
    if kept:
        db.session.execute(sa.update(Position), [
            {"id": t.position_id, "title": t.row.title, "jenis_jabatan": t.row.jenis,
             "jenjang": t.row.jenjang} for t in kept])
    post_of.update({t.row.nip: t.position_id for t in chunk})


def _write_people(chunk: list[Target], post_of: dict[str, int]) -> None:
    """Insert the new employees and update the known ones; give accounts to those without."""
    def values(target: Target) -> dict:
        row = target.row
        return {"name": row.name, "golongan": row.golongan, "jenis_jabatan": row.jenis,
                "asn_status": row.status, "active": True, "position_id": post_of[row.nip]}

    new = [t for t in chunk if t.known is None]
    employee_ids = {}
    if new:
        ids = db.session.scalars(
            sa.insert(Employee).returning(Employee.id, sort_by_parameter_order=True),
            [{"nip": t.row.nip, **values(t)} for t in new]).all()
        employee_ids = {t.row.nip: employee_id for t, employee_id in zip(new, ids)}
    known = [t for t in chunk if t.known is not None and t.outcome != "unchanged"]
    if known:
        db.session.execute(sa.update(Employee), [{"id": t.known.id, **values(t)} for t in known])
    accounts = [t for t in chunk if t.known is None or t.known.user_id is None]
    if accounts:
        db.session.execute(sa.insert(User), [
            {"employee_id": employee_ids.get(t.row.nip) or t.known.id, "email": t.row.email,
             "display_name": t.row.name, "password_hash": UNUSABLE_PASSWORD,
             "must_change_password": True, "enabled": True} for t in accounts])
    users = [t for t in chunk if t.known is not None and t.known.user_id is not None
             and t.outcome == "changed"]
    if users:
        db.session.execute(sa.update(User), [
            {"id": t.known.user_id, "display_name": t.row.name,
             "email": t.row.email or t.known.email} for t in users])
