"""psycopg's cursor with a description whose columns are made when first read, and psycopg's
conversion of the portal's long statements kept (PostgreSQL only).

psycopg builds `cursor.description` anew on every access: one `Column` object per column of the
result (its name decoded, its type looked up), about 2 µs a column. SQLAlchemy reads the
description after every statement, but for a statement it has run before (every statement of a
page, once the process is warm) it only asks whether there is one: the result's columns come
from the compiled statement's cached metadata. The recording step's four statements return 134
columns, so psycopg made 134 objects per view that nobody looked at: 0.1-0.3 ms of a page's
CPU on PostgreSQL, 6-7 % of the team page's (bench/README.md).

`Description` is the same sequence of `Column`s, made from the result it was taken from (not
the cursor's current one) the first time an item, its length or an iteration is asked for.
"""
from __future__ import annotations

from collections.abc import Sequence
from types import SimpleNamespace

import psycopg
import psycopg._queries
from psycopg import Column
from psycopg.pq import ExecStatus

# The statuses for which psycopg describes columns even when there are none ("SELECT ;").
_TUPLES = (ExecStatus.TUPLES_OK, ExecStatus.SINGLE_TUPLE, ExecStatus.TUPLES_CHUNK)


class Description(Sequence):
    """A result's column descriptions, made on first use."""

    __slots__ = ("_source", "_columns")

    def __init__(self, cursor: psycopg.Cursor, result) -> None:
        # What Column reads of a cursor, pinned to this result: the cursor may have run
        # another statement by the time the columns are asked for.
        self._source = SimpleNamespace(pgresult=result, _encoding=cursor._encoding,
                                       adapters=cursor.adapters)
        self._columns: list[Column] | None = None

    def _made(self) -> list[Column]:
        if self._columns is None:
            source = self._source
            self._columns = [Column(source, i) for i in range(source.pgresult.nfields)]
        return self._columns

    def __getitem__(self, index):
        return self._made()[index]

    def __len__(self) -> int:
        return self._source.pgresult.nfields

    def __iter__(self):
        return iter(self._made())

    def __repr__(self) -> str:
        return repr(self._made())


class Cursor(psycopg.Cursor):
    """The portal's client cursor (the engine's cursor_factory, portal.config.engine_options)."""

    @property
    def description(self) -> Description | None:
        result = self.pgresult
        if result and (result.nfields or result.status in _TUPLES):
            return Description(self, result)
        return None


# The longest statement whose conversion psycopg keeps (psycopg's own limit: 4,096 bytes).
LONGEST_KEPT = 32_768


def keep_long_statements_converted() -> None:
    """Have psycopg keep its conversion of statements up to LONGEST_KEPT bytes long.

    psycopg turns a statement's `%(name)s` placeholders into `$1, $2…` with a regular
    expression over its whole text, and keeps the result (an LRU of 128) only for statements
    of at most 4,096 bytes and 50 parameters: it guards against ORM bulk INSERTs, a new text
    for every number of rows. The portal's pages send a few longer statements, built once per
    process, on every view: the calibration page's UNION is 10.5 KB, converted anew each time,
    about 7 % of the page's instructions on the app server (bench/README.md). The limit on
    parameters stays, so bulk INSERTs still pass by; the demo's pages, walked as each of its
    personas, leave 35 conversions kept, well within the 128. psycopg reads the limit, a
    module constant, on every execution (psycopg._queries.PostgresQuery.convert): its presence
    is checked here, as it is private.
    """
    if not hasattr(psycopg._queries, "MAX_CACHED_STATEMENT_LENGTH"):
        raise RuntimeError("psycopg no longer has MAX_CACHED_STATEMENT_LENGTH: see "
                           "portal.pg_cursor.keep_long_statements_converted")
    psycopg._queries.MAX_CACHED_STATEMENT_LENGTH = LONGEST_KEPT
