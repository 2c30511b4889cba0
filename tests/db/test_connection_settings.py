"""The settings the portal's database connections run with (portal.config.engine_options)."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from portal.config import engine_options
from portal.extensions import db


def test_only_postgresql_connections_are_given_start_up_options():
    assert engine_options("postgresql+psycopg://u@h/kinerja") == {
        "connect_args": {"options": "-c jit=off -c random_page_cost=1.1"}}
    assert engine_options("sqlite:////tmp/kinerja.sqlite") == {}


def test_the_portals_postgresql_sessions_run_without_the_jit_compiler(app):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("a PostgreSQL setting; the PostgreSQL run of make test checks it")
    assert db.session.scalar(sa.text("SHOW jit")) == "off"


def test_the_portals_postgresql_sessions_plan_for_memory_or_ssd(app):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("a PostgreSQL setting; the PostgreSQL run of make test checks it")
    assert db.session.scalar(sa.text("SHOW random_page_cost")) == "1.1"
