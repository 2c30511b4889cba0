"""A warm process freezes what it holds out of the garbage collector's walks (portal.heap)."""
from __future__ import annotations

import gc

import pytest

from portal import create_app


@pytest.mark.one_database
def test_the_process_freezes_its_heap_once_after_its_first_requests():
    app = create_app({"TESTING": True, "SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": "sqlite://",
                      "GC_FREEZE_AFTER": 3})
    client = app.test_client()
    gc.unfreeze()  # whatever an earlier test's app froze in this process
    try:
        for _ in range(2):
            assert client.get("/static/css/portal.css").status_code == 200
        assert gc.get_freeze_count() == 0

        client.get("/static/css/portal.css")

        frozen = gc.get_freeze_count()
        assert frozen > 10_000  # the app's modules, templates and mappers, not a handful
        client.get("/static/css/portal.css")
        assert gc.get_freeze_count() == frozen  # once: later requests add nothing
    finally:
        gc.unfreeze()


@pytest.mark.one_database
def test_a_process_told_zero_never_freezes():
    app = create_app({"TESTING": True, "SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": "sqlite://",
                      "GC_FREEZE_AFTER": 0})
    client = app.test_client()
    gc.unfreeze()
    for _ in range(3):
        client.get("/static/css/portal.css")
    assert gc.get_freeze_count() == 0
