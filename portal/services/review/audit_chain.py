"""The audit log's hash chain: every audit event carries the SHA-256 of its content and of the
previous event's hash, so that an edited, deleted or forged event breaks the chain (verify).

Every insert goes through link(): the before_flush hook below does it for events added to a
session (assessments.audit and any AuditEvent(...)), and append() for bulk inserts. On
PostgreSQL a transaction-level advisory lock is taken before the last hash is read, so two app
servers writing at once queue up instead of forking the chain, and ids follow the chain; on
SQLite the database's write lock is taken first for the same end.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass

import sqlalchemy as sa
import sqlalchemy.orm as so

from portal.extensions import db
from portal.models import AuditEvent
from portal.models.base import utcnow

GENESIS = "0" * 64  # the prev_hash of the first event
LOCK_KEY = 0x4B4E4A41  # "KNJA": the advisory lock serialising appends to the chain
CONTENT = ("assessment_id", "actor_id", "at", "trigger", "from_state", "to_state", "reason",
           "changes")


def _utc_iso(at: dt.datetime) -> str:
    """A timestamp in UTC ISO form; a naive one (as SQLite returns them) is UTC already."""
    at = at.replace(tzinfo=dt.UTC) if at.tzinfo is None else at.astimezone(dt.UTC)
    return at.isoformat(timespec="microseconds")


def event_hash(content: dict, prev_hash: str) -> str:
    """The hex SHA-256 of an event's content (CONTENT) and the previous event's hash, over
    sorted-key compact JSON with the timestamp in UTC ISO form."""
    canonical = {name: content[name] for name in CONTENT}
    canonical["at"] = _utc_iso(canonical["at"])
    canonical["prev_hash"] = prev_hash
    text = json.dumps(canonical, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def _last_hash(session: so.Session) -> str:
    """Lock the chain until this transaction ends, then return its last hash."""
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        session.execute(_PG_LOCK)
    elif dialect == "sqlite":
        # The driver opens a transaction only at the first write, so the read below could race
        # another process's append: a write that changes nothing takes the write lock first.
        session.execute(_SQLITE_LOCK)
    return session.execute(_LAST_HASH).scalar() or GENESIS


# _last_hash's statements, built once per process (they hold no data).
# The lock is a textual statement, not a select(): on PostgreSQL a select() may run outside the
# transaction (portal.pg_transactions) and its lock would end with it; any other statement
# begins the transaction first, and the lock lasts until its COMMIT.
_PG_LOCK = sa.text("SELECT pg_advisory_xact_lock(:key)").bindparams(key=LOCK_KEY)
_SQLITE_LOCK = sa.text("UPDATE audit_events SET id = id WHERE 0")
_LAST_HASH = sa.select(AuditEvent.hash).order_by(AuditEvent.id.desc()).limit(1)


def _chain(rows: Iterable, prev: str, get, put) -> None:
    """Fill prev_hash and hash of rows (in insert order), continuing from prev."""
    for row in rows:
        if get(row, "at") is None:
            put(row, "at", utcnow())
        if get(row, "reason") is None:
            put(row, "reason", "")
        content = {name: get(row, name) for name in CONTENT}
        put(row, "prev_hash", prev)
        prev = event_hash(content, prev)
        put(row, "hash", prev)


@sa.event.listens_for(so.Session, "before_flush")
def _link_new_events(session: so.Session, _context, _instances) -> None:
    """Chain the audit events about to be inserted, in the order they were added."""
    new = [obj for obj in session.new if isinstance(obj, AuditEvent)]
    if not new:
        return
    new.sort(key=lambda event: sa.inspect(event).insert_order)
    _chain(new, _last_hash(session), getattr, setattr)


def append(rows: list[dict]) -> None:
    """Insert audit events given as dicts of their columns (a bulk insert), chained (no commit)."""
    if not rows:
        return
    db.session.flush()  # events added before these come first in the chain
    _chain(rows, _last_hash(db.session), dict.get, dict.__setitem__)
    db.session.execute(sa.insert(AuditEvent), rows)


@dataclass(frozen=True)
class Break:
    """The first broken link: the event where verification failed, and what is wrong."""

    event_id: int
    assessment_id: int
    kind: str  # altered, deleted, inserted, unchained
    detail: str


@dataclass(frozen=True)
class Verdict:
    """The result of verify: how many events were checked, and the first break if any."""

    events: int
    broken: Break | None = None


def verify(chunk: int = 1000) -> Verdict:
    """Walk the chain in id order (streamed in chunks, constant memory) and return the first
    broken link: an event whose content no longer matches its hash (altered), or whose
    prev_hash is not the previous event's hash (an event deleted before it, or a forged event
    inserted before it), or that has no hash (unchained)."""
    columns = [getattr(AuditEvent, name) for name in ("id", *CONTENT, "prev_hash", "hash")]
    result = db.session.execute(
        sa.select(*columns).order_by(AuditEvent.id).execution_options(yield_per=chunk))
    count, prev, before_prev, prev_id = 0, GENESIS, None, None
    for row in result:
        count += 1
        content = row._asdict()
        if row.hash is None or row.prev_hash is None:
            return Verdict(count, Break(row.id, row.assessment_id, "unchained",
                                        "the event has no hash: it was written around the chain"))
        if event_hash(content, row.prev_hash) != row.hash:
            return Verdict(count, Break(row.id, row.assessment_id, "altered",
                                        "its content no longer matches its hash: it was edited or forged"))
        if row.prev_hash != prev:
            if before_prev is not None and row.prev_hash == before_prev:
                detail = (f"it links to the event before event {prev_id}: event {prev_id} "
                          "was inserted (forged) into the chain")
            elif prev_id is None:
                detail = "it is the first event but links to an earlier one: events were deleted"
            else:
                detail = (f"it does not link to event {prev_id}: an event between them was "
                          f"deleted, or event {prev_id} was rewritten")
            kind = "inserted" if before_prev is not None and row.prev_hash == before_prev \
                else "deleted"
            return Verdict(count, Break(row.id, row.assessment_id, kind, detail))
        before_prev, prev, prev_id = prev, row.hash, row.id
    return Verdict(count)
