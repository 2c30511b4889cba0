"""The database storage of the rate limits (portal.ratelimits.DatabaseStorage): fixed windows
that end, are cleaned up, and count atomically when several servers hit one key at once."""
from __future__ import annotations

import threading

import sqlalchemy as sa

from portal.extensions import db
from portal.models import RateLimitCount
from portal.ratelimits import DatabaseStorage


def rows() -> dict[str, int]:
    return dict(db.session.execute(sa.select(RateLimitCount.key, RateLimitCount.count)).all())


def test_a_window_counts_until_it_ends_then_starts_again_and_ended_windows_are_deleted(
        app, monkeypatch):
    storage = DatabaseStorage()
    now = [1_000_000.0]
    monkeypatch.setattr("portal.ratelimits.time.time", lambda: now[0])

    assert [storage.incr("a", 60) for _ in range(3)] == [1, 2, 3]
    assert storage.incr("b", 10) == 1
    assert storage.get("a") == 3 and storage.get_expiry("a") == 1_000_060.0
    now[0] += 30
    assert storage.get("b") == 0  # its window has ended: it counts as nothing
    assert storage.incr("a", 60, amount=2) == 5
    assert rows() == {"a": 5}  # b's ended window went with that count
    now[0] += 31

    assert storage.incr("a", 60) == 1
    assert storage.get_expiry("a") == 1_000_121.0
    storage.clear("a")
    assert rows() == {} and storage.check()


def test_hits_from_several_servers_at_once_are_each_counted_once(app):
    storage, seen, errors = DatabaseStorage(), [], []

    def server():
        try:
            with app.app_context():
                for _ in range(5):
                    seen.append(storage.incr("burst", 600))
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=server) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sorted(seen) == list(range(1, 31))
    assert rows() == {"burst": 30}
