"""PostgreSQL's prepared statements kept from one request to the next: a transaction that only
read ends with COMMIT, not ROLLBACK.

psycopg prepares a statement on the server once a connection has run it five times
(prepare_threshold), and PostgreSQL then plans it once (a generic plan) rather than on every
execution. But psycopg forgets every prepared statement of a connection at each ROLLBACK
(and sends DEALLOCATE ALL): it cannot tell whether a PREPARE sent in the transaction failed with
it. SQLAlchemy ends a session's transaction with a ROLLBACK when it is closed without a commit,
which is every request that only read, so no statement ever reached the fifth run: in the
deadline-day mix on the 100,000-employee province (bench/http_load.py) PostgreSQL planned all
93,000 statements of a minute, and planning took as long as executing them (13.4 against
13.2 s); the assessment page's statement (ten tables joined) cost 1.2 ms to plan each time.

For a transaction that ran nothing but SELECTs, COMMIT and ROLLBACK have the same effect:
nothing was written, and either ends it and releases its locks (FOR UPDATE, advisory transaction
locks). So when SQLAlchemy rolls such a transaction back, the connection commits it first and
psycopg's rollback then finds nothing to do. Any other statement (an INSERT, UPDATE or DELETE
of a flush or of Core, DDL, a textual or driver-level statement, whose effect is not known)
marks the transaction as written, and it is rolled back as before; so is a transaction in
error. The portal writes no data-modifying CTE inside a SELECT (which would pass for a read).

A prepared statement lives as long as its connection. A migration that changes a column's type
can make one fail ("cached plan must not change result type"): restart the app servers after
such a migration, as a deploy does anyway.
"""
from __future__ import annotations

import sqlalchemy as sa
from flask import Flask
from psycopg.pq import TransactionStatus

from portal.extensions import db

# Connection.info key: the transaction under way has run only SELECTs.
READ_ONLY = "kinerja_read_only"
_READS = (sa.Select, sa.CompoundSelect)


def init_app(app: Flask) -> None:
    """Install the listeners on the app's engine if it is PostgreSQL's (psycopg)."""
    with app.app_context():
        engine = db.engine
    if engine.dialect.driver == "psycopg":
        keep_prepared_statements(engine)


def keep_prepared_statements(engine: sa.Engine) -> None:
    if sa.event.contains(engine, "begin", _began):
        return  # an engine shared by several apps (the tests') has them already
    sa.event.listen(engine, "begin", _began)
    sa.event.listen(engine, "before_execute", _executing)
    sa.event.listen(engine, "rollback", _rolling_back)


def _began(connection: sa.Connection) -> None:
    connection.info[READ_ONLY] = True


def _executing(connection: sa.Connection, statement, *_args) -> None:
    if not isinstance(statement, _READS):
        connection.info[READ_ONLY] = False


def _rolling_back(connection: sa.Connection) -> None:
    """Commit a transaction that only read, before SQLAlchemy's rollback (then a no-op)."""
    if not connection.info.pop(READ_ONLY, False):
        return
    dbapi_connection = connection.connection.driver_connection
    if dbapi_connection.info.transaction_status == TransactionStatus.INTRANS:
        dbapi_connection.commit()
