"""PostgreSQL: a request's reads run outside any transaction; its first other statement begins one.

Why: every round trip to PostgreSQL costs the app server far more than its instructions. On the
2 cores the benchmarks run on, the team page ran the same instructions on PostgreSQL as on
SQLite (5.7 against 5.5 million, cachegrind) yet took 2.7 against 1.3 ms of user CPU: each round
trip switches to the server's process and back, and the interpreter then runs on cold caches and
branch predictors. psycopg opens a transaction with its own round trip (BEGIN) and SQLAlchemy
ends it with another (COMMIT or ROLLBACK), so a page of three SELECTs made five. A request that
only reads (every page, a form sent back with an error) now makes one per statement: 3 context
switches instead of 5 on the team page, whose app-server CPU under gunicorn went from 2.97 to
2.47 ms with portal.pg_cursor's change (bench/README.md, "PostgreSQL's round trips").

How: when the pool hands a connection out, psycopg is put in autocommit mode. A statement that
only reads runs as it is. Any other statement (an INSERT, UPDATE or DELETE of a flush or of
Core, a SAVEPOINT, DDL, a SELECT ... FOR UPDATE, a SELECT with a data-modifying WITH, a
server-side cursor, a textual or driver-level statement, whose effect is not known, such as
the audit chain's advisory lock) first turns autocommit off, so psycopg sends BEGIN before it:
that statement and everything after it on the connection, reads included, run in one transaction
that SQLAlchemy commits or rolls back as before, until the connection goes back to the pool.
A connection on which the code chose an isolation level itself (the backup's REPEATABLE READ
snapshot, an AUTOCOMMIT maintenance connection) is left exactly as it was set.

Why this is safe: PostgreSQL's default isolation, READ COMMITTED, gives each statement its own
snapshot, inside a transaction or not, so a plain SELECT sees the same rows either way; what a
transaction adds to reads is locks (FOR UPDATE/SHARE, transaction-level advisory locks) and one
snapshot for stricter isolation levels, all of which keep their transaction above. Writes stay
atomic: they all run inside the transaction the first of them began, and reads after a write
see it.

Prepared statements: psycopg prepares a statement at its fifth run on a connection (PostgreSQL
then plans it once) and forgets them all at a ROLLBACK, which used to end every request that only
read. Such a request now has no transaction to end, so its statements stay prepared across
requests (in the deadline-day mix, planning had cost PostgreSQL as much as running them).
A prepared statement lives as long as its connection: restart the app servers after a migration
that changes a column's type ("cached plan must not change result type"), as a deploy does.
"""
from __future__ import annotations

import psycopg
import sqlalchemy as sa
from flask import Flask
from psycopg.pq import TransactionStatus
from sqlalchemy.sql.dml import UpdateBase

from portal.extensions import db

# Connection-record info key: autocommit was turned on by _checked_out and no statement has
# needed a transaction since.
READS_OUTSIDE = "kinerja_reads_outside"
_SELECTS = (sa.Select, sa.CompoundSelect)


def init_app(app: Flask) -> None:
    """Install the listeners on the app's engine if it is PostgreSQL's (psycopg)."""
    with app.app_context():
        engine = db.engine
    if engine.dialect.driver == "psycopg":
        install(engine)


def install(engine: sa.Engine) -> None:
    if sa.event.contains(engine, "checkout", _checked_out):
        return  # an engine shared by several apps (the tests') has them already
    sa.event.listen(engine, "checkout", _checked_out)
    sa.event.listen(engine, "before_cursor_execute", _before_statement)


def _checked_out(dbapi_connection: psycopg.Connection, record, _proxy) -> None:
    """Reads first: no BEGIN until a statement needs a transaction."""
    if dbapi_connection.info.transaction_status == TransactionStatus.IDLE:
        if not dbapi_connection.autocommit:
            dbapi_connection.autocommit = True
        record.info[READS_OUTSIDE] = True


def _before_statement(connection: sa.Connection, cursor, _statement, _parameters, context,
                      _executemany) -> None:
    """Begin the transaction before the first statement that is not a plain read."""
    if not connection.info.get(READS_OUTSIDE):
        return
    if "isolation_level" in connection.get_execution_options():
        connection.info[READS_OUTSIDE] = False  # the code chose; its setting stands
        return
    if is_plain_read(context, cursor):
        return
    connection.info[READS_OUTSIDE] = False
    cursor.connection.autocommit = False  # psycopg sends BEGIN before this statement


def is_plain_read(context, cursor) -> bool:
    """Whether the statement about to run only reads and takes no lock: a compiled SELECT
    (or UNION...) without FOR UPDATE/SHARE, without a data-modifying WITH, fetched by a client
    cursor (a server-side cursor lives in a transaction)."""
    compiled = context.compiled
    if compiled is None or isinstance(cursor, psycopg.ServerCursor):
        return False
    statement = compiled.statement
    if not isinstance(statement, _SELECTS) or statement._for_update_arg is not None:
        return False
    return not compiled.ctes or not any(isinstance(cte.element, UpdateBase)
                                        for cte in compiled.ctes)
