"""How statements built once per process take their values: one parameter per value of a list,
a value read so that PostgreSQL plans once for any, and a name of the code or a separator
written in the SQL.

A statement built once (functools.cache) costs no building on later requests; psycopg prepares
it once a connection has run it five times, and PostgreSQL then plans it once for any values (a
generic plan) only when it estimates that plan no dearer than the plans it made for the values
seen. A parameter it estimates by its value (a state, an agency sampled a little under the
average, a LIMIT taken as 10 % of the rows) can make the generic plan look dearer with the same
shape, and the statement is planned again on every execution: the calibration, monitoring and
approvals lists were, 30-45 % of their PostgreSQL CPU on the 100,000-employee province
(bench/README.md)."""
from __future__ import annotations

import sqlalchemy as sa


def one_of(column: sa.ColumnElement, name: str, count: int) -> sa.ColumnElement[bool]:
    """column IN count values, each a parameter of its own (name0, name1, …: each() gives their
    values), for a statement built once per number of values: an expanding list sends the same
    SQL, but SQLAlchemy rewrites it on every execution (about 55 calls)."""
    return column.in_([sa.bindparam(f"{name}{n}", type_=column.type) for n in range(count)])


def each(name: str, values) -> dict:
    """The parameters name0, name1, … of one_of(…, name, len(values)) or
    opaque_one_of(…, name, len(values)) for values."""
    return {f"{name}{n}": value for n, value in enumerate(values)}


def opaque_parameter(name: str) -> sa.ScalarSelect:
    """The integer parameter name read through a subquery, `(SELECT :name)`, so that PostgreSQL
    estimates what it selects the same whatever its value, in the plan it makes for the values
    (a custom plan) as in the plan for any values (the generic plan). Compared to the agency's
    own frequency in the statistics (a sample), the generic plan was dearer for an agency
    sampled a little under the average (2 of the province's 50 equal agencies), and the
    calibration list was planned on every execution. Both databases still search the index
    with the value (SQLite too: a constant subquery, run once)."""
    return sa.select(sa.bindparam(name, type_=sa.Integer)).scalar_subquery()


def joined(expression: sa.ColumnElement[str], separator: str = ",") -> sa.ColumnElement[str]:
    """The values of expression joined by separator (aggregate_strings: group_concat on SQLite,
    string_agg on PostgreSQL), the separator written in the SQL. Given as a string, SQLAlchemy
    sends it as a literal_execute parameter and writes it into the statement's SQL again on
    every execution: about 25 µs for the assessment page's and the calibration page's
    statements (a copy of their whole text)."""
    assert "'" not in separator, separator
    return sa.func.aggregate_strings(expression, sa.literal_column(f"'{separator}'"))


def opaque_one_of(column: sa.ColumnElement, name: str, count: int) -> sa.ColumnElement[bool]:
    """column equal to one of count opaque_parameter()s, name0, name1, … (each() gives their
    values); one of them compared with `=`: PostgreSQL reads `IN ((SELECT :name0))` as a join
    to the subquery, and estimates with the value again."""
    values = [opaque_parameter(f"{name}{n}") for n in range(count)]
    return column == values[0] if count == 1 else column.in_(values)


def written(value: str) -> sa.ColumnElement:
    """value (a name of the code: a workflow state, never input) written in the SQL as a string
    literal, which PostgreSQL estimates for itself rather than as an average value."""
    assert value.isidentifier(), value
    return sa.literal_column(f"'{value}'", sa.String)
