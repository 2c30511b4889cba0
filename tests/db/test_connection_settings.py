"""The settings the portal's database connections run with (portal.config.engine_options)."""
from __future__ import annotations

import psycopg
import pytest
import sqlalchemy as sa

from portal.config import engine_options
from portal.extensions import db
from portal.pg_cursor import Cursor


def test_only_postgresql_connections_are_given_start_up_options_and_the_cursor():
    assert engine_options("postgresql+psycopg://u@h/kinerja") == {
        "connect_args": {"options": "-c jit=off -c random_page_cost=1.1",
                         "cursor_factory": Cursor}}
    assert engine_options("sqlite:////tmp/kinerja.sqlite") == {}


def test_a_result_is_described_as_psycopg_describes_it_when_read(app):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("psycopg's cursor; the PostgreSQL run of make test checks it")
    connection = db.session.connection().connection.driver_connection
    cursor = connection.cursor()
    assert isinstance(cursor, Cursor)
    query = "SELECT 1 AS one, 'a'::varchar(5) AS two, now() AS three"
    cursor.execute(query)
    described = cursor.description
    cursor.execute("SELECT 1 AS other")  # the description stays that of its own result
    expected = psycopg.Cursor(connection)
    expected.execute(query)
    assert len(described) == 3
    assert [column.name for column in described[-2:]] == ["two", "three"]
    assert [tuple(column) for column in described] == [tuple(c) for c in expected.description]
    assert [c.type_display for c in described] == ["int4", "varchar(5)", "timestamptz"]
    cursor.execute("SET jit = off")  # no rows: no description, as psycopg's
    assert cursor.description is None


def test_the_portals_postgresql_sessions_run_without_the_jit_compiler(app):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("a PostgreSQL setting; the PostgreSQL run of make test checks it")
    assert db.session.scalar(sa.text("SHOW jit")) == "off"


def test_the_portals_postgresql_sessions_plan_for_memory_or_ssd(app):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("a PostgreSQL setting; the PostgreSQL run of make test checks it")
    assert db.session.scalar(sa.text("SHOW random_page_cost")) == "1.1"


def _selecting(count: int, padding: int = 0) -> sa.TextClause:
    """A statement of count parameters (p0, p1, …) selected back, and a comment of padding
    characters to make it long."""
    columns = ", ".join(f"CAST(:p{n} AS integer) AS c{n}" for n in range(count))
    return sa.text(f"SELECT {columns} /* {'-' * padding} */")


def _conversions(statement: sa.TextClause, params: dict) -> tuple[int, int]:
    """(conversions psycopg found kept, conversions it made and kept) while the statement ran
    a second time, which returns its parameters."""
    from psycopg._queries import _query2pg
    db.session.execute(statement, params)
    before = _query2pg.cache_info()
    assert list(db.session.execute(statement, params).one()) == list(params.values())
    after = _query2pg.cache_info()
    return after.hits - before.hits, after.misses - before.misses


def test_psycopg_keeps_its_conversion_of_the_pages_long_statements(app):
    # portal.pg_cursor.keep_long_statements_converted: a statement as long as the calibration
    # page's is converted once, not on every view; one of many parameters (a bulk INSERT's)
    # is still converted each time and not kept.
    if db.engine.dialect.name != "postgresql":
        pytest.skip("psycopg's conversion; the PostgreSQL run of make test checks it")
    long = _selecting(20, padding=12_000)
    assert 4096 < len(str(long)) < 32_768
    assert _conversions(long, {f"p{n}": n for n in range(20)}) == (1, 0)
    assert _conversions(_selecting(60), {f"p{n}": n for n in range(60)}) == (0, 0)
