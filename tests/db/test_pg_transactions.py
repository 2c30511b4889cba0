"""PostgreSQL runs a request's reads outside any transaction and begins one at its first other
statement (portal.pg_transactions); prepared statements survive from request to request."""
from __future__ import annotations

import pytest
import sqlalchemy as sa
from psycopg.pq import TransactionStatus

from portal.extensions import db
from portal.models import Agency, AuditEvent
from portal.services.review.audit_chain import LOCK_KEY


@pytest.fixture
def pg(app):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("psycopg's transactions; the PostgreSQL run of make test checks them")
    db.session.add(Agency(code="DUKCAPIL", name="Dinas Kependudukan"))
    db.session.commit()
    db.session.remove()
    return app


def _status(connection=None) -> TransactionStatus:
    """The transaction status of the session's (or connection's) psycopg connection."""
    connection = connection or db.session.connection()
    return connection.connection.driver_connection.info.transaction_status


def _prepared(statement_text: str) -> list[tuple[int, int]]:
    """(generic plans, custom plans) of the session's prepared statements holding the text."""
    return [tuple(row) for row in db.session.execute(sa.text(
        "SELECT generic_plans, custom_plans FROM pg_prepared_statements "
        "WHERE statement LIKE :text"), {"text": f"%{statement_text}%"})]


def test_reads_run_outside_a_transaction(pg):
    assert db.session.scalar(sa.select(Agency.name)) == "Dinas Kependudukan"
    assert db.session.scalars(sa.select(Agency.code).union(sa.select(Agency.name))).all()
    assert _status() == TransactionStatus.IDLE


def test_a_write_begins_a_transaction_that_later_reads_share(pg):
    db.session.scalar(sa.select(Agency.name))
    db.session.add(Agency(code="BAPPEDA", name="Bappeda"))
    db.session.flush()
    assert _status() == TransactionStatus.INTRANS
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Agency)) == 2
    db.session.rollback()
    assert db.session.scalars(sa.select(Agency.code)).all() == ["DUKCAPIL"]


def test_rows_written_and_not_committed_are_rolled_back(pg):
    db.session.add(Agency(code="BAPPEDA", name="Bappeda"))
    db.session.flush()  # an INSERT of the ORM
    db.session.execute(sa.update(Agency).where(Agency.code == "DUKCAPIL").values(name="Changed"))
    db.session.remove()  # closed without commit: rolled back
    db.session.execute(sa.text("INSERT INTO agencies (code, name) VALUES ('BPKAD', 'BPKAD')"))
    db.session.execute(sa.select(Agency.id))  # a read after the write changes nothing
    db.session.rollback()
    assert db.session.scalars(sa.select(Agency.code).order_by(Agency.code)).all() == ["DUKCAPIL"]
    assert db.session.scalar(sa.select(Agency.name)) == "Dinas Kependudukan"


def test_committed_writes_stay(pg):
    db.session.add(Agency(code="BAPPEDA", name="Bappeda"))
    db.session.commit()
    db.session.remove()
    assert db.session.scalars(sa.select(Agency.code).order_by(Agency.code)).all() == [
        "BAPPEDA", "DUKCAPIL"]


def test_a_select_for_update_holds_its_row_lock_in_a_transaction(pg):
    db.session.scalar(sa.select(Agency).where(Agency.code == "DUKCAPIL").with_for_update())
    assert _status() == TransactionStatus.INTRANS
    assert db.session.scalar(sa.text(
        "SELECT count(*) FROM pg_locks WHERE pid = pg_backend_pid() AND locktype = 'transactionid'"
    )) == 1  # the row lock made the transaction take an id


def test_the_audit_chains_lock_lasts_until_the_commit(org):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL's advisory lock; the PostgreSQL run of make test checks it")
    db.session.remove()
    assessment_id = org.assessment_id(org.asn)  # a read: no transaction yet, no lock
    db.session.add(AuditEvent(assessment_id=assessment_id, actor_id=org.asn.user_id,
                              trigger="test", from_state="a", to_state="b"))
    db.session.flush()  # before_flush takes the advisory lock, then inserts
    held = sa.text("SELECT count(*) FROM pg_locks WHERE pid = pg_backend_pid() "
                   "AND locktype = 'advisory' AND objid = :key")
    assert db.session.scalar(held, {"key": LOCK_KEY}) == 1
    db.session.commit()
    assert db.session.scalar(held, {"key": LOCK_KEY}) == 0


def test_an_isolation_level_the_code_chose_is_kept(pg):
    with db.engine.connect() as connection:
        connection = connection.execution_options(isolation_level="REPEATABLE READ")
        connection.execute(sa.select(Agency.name))
        assert _status(connection) == TransactionStatus.INTRANS
        connection.rollback()
    with db.engine.connect() as connection:
        connection = connection.execution_options(isolation_level="AUTOCOMMIT")
        connection.execute(sa.text("SELECT 1"))
        assert _status(connection) == TransactionStatus.IDLE


def test_a_server_side_cursor_reads_in_a_transaction(pg):
    names = db.session.scalars(sa.select(Agency.name).execution_options(yield_per=1)).all()
    assert names == ["Dinas Kependudukan"]


def test_a_statement_read_in_request_after_request_is_prepared_and_planned_once(pg):
    name_of = sa.select(Agency.name.label("kept_across_requests")).where(
        Agency.code == sa.bindparam("code"))
    for _ in range(12):  # each a request's session: a read, then the session is closed
        assert db.session.scalar(name_of, {"code": "DUKCAPIL"}) == "Dinas Kependudukan"
        db.session.remove()
    # Prepared at the fifth run; PostgreSQL plans its five first uses, then keeps one plan.
    generic, custom = _prepared("kept_across_requests")[0]
    assert custom == 5 and generic >= 1


def test_a_failed_read_leaves_the_session_usable(pg):
    with pytest.raises(sa.exc.DataError):
        db.session.execute(sa.select(sa.literal(1) / sa.literal(0)))
    db.session.rollback()
    assert db.session.scalar(sa.select(Agency.code)) == "DUKCAPIL"
