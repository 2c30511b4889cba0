"""PostgreSQL keeps the portal's prepared statements across requests (portal.prepared): a
transaction that only read ends with COMMIT, while one that wrote is still rolled back."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from portal.extensions import db
from portal.models import Agency


@pytest.fixture
def pg(app):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("psycopg's prepared statements; the PostgreSQL run of make test checks them")
    db.session.add(Agency(code="DUKCAPIL", name="Dinas Kependudukan"))
    db.session.commit()
    db.session.remove()
    return app


def _prepared(statement_text: str) -> list[tuple[int, int]]:
    """(generic plans, custom plans) of the session's prepared statements holding the text."""
    return [tuple(row) for row in db.session.execute(sa.text(
        "SELECT generic_plans, custom_plans FROM pg_prepared_statements "
        "WHERE statement LIKE :text"), {"text": f"%{statement_text}%"})]


def test_a_statement_read_in_request_after_request_is_prepared_and_planned_once(pg):
    name_of = sa.select(Agency.name.label("kept_across_requests")).where(
        Agency.code == sa.bindparam("code"))
    for _ in range(12):  # each a request's session: a read, then the session is closed
        assert db.session.scalar(name_of, {"code": "DUKCAPIL"}) == "Dinas Kependudukan"
        db.session.remove()
    # Prepared at the fifth run; PostgreSQL plans its five first uses, then keeps one plan.
    generic, custom = _prepared("kept_across_requests")[0]
    assert custom == 5 and generic >= 1


def test_rows_written_and_not_committed_are_still_rolled_back(pg):
    db.session.add(Agency(code="BAPPEDA", name="Bappeda"))
    db.session.flush()  # an INSERT of the ORM
    db.session.execute(sa.update(Agency).where(Agency.code == "DUKCAPIL").values(name="Changed"))
    db.session.remove()  # closed without commit: rolled back
    db.session.execute(sa.text("INSERT INTO agencies (code, name) VALUES ('BPKAD', 'BPKAD')"))
    db.session.execute(sa.select(Agency.id))  # a read after the write changes nothing
    db.session.rollback()
    assert db.session.scalars(sa.select(Agency.code).order_by(Agency.code)).all() == ["DUKCAPIL"]
    assert db.session.scalar(sa.select(Agency.name)) == "Dinas Kependudukan"


def test_a_transaction_in_error_is_rolled_back_and_the_session_goes_on(pg):
    with pytest.raises(sa.exc.DataError):
        db.session.execute(sa.select(sa.literal(1) / sa.literal(0)))
    db.session.rollback()
    assert db.session.scalar(sa.select(Agency.code)) == "DUKCAPIL"
