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
