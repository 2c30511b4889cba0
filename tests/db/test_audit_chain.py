"""The audit log's hash chain: events verify; an edited, deleted, forged or unchained event is
named by id; `flask --app app verify-audit` exits 1 on a break; the migration chains old events."""
import datetime as dt
import threading
import time

import pytest
import sqlalchemy as sa
from flask_migrate import upgrade

from portal.extensions import db
from portal.models import AuditEvent
from portal.services.review import audit_chain


@pytest.fixture
def events(app, org):
    """Four events of the ASN's assessment (ids in order), written as the workflow writes them:
    three through the session in one flush and two commits, the last as a bulk insert."""
    aid = org.assessment_id(org.asn)
    def event(trigger, from_state, to_state, **more):
        return AuditEvent(assessment_id=aid, actor_id=org.asn.user_id, trigger=trigger,
                          from_state=from_state, to_state=to_state, **more)
    db.session.add_all([event("submit_targets", "draft_targets", "targets_submitted"),
                        event("return_targets", "targets_submitted", "draft_targets",
                              reason="Indikator belum terukur")])
    db.session.commit()
    db.session.add(event("submit_targets", "draft_targets", "targets_submitted",
                         changes=[{"field": "predikat", "from": None, "to": "Baik"}]))
    audit_chain.append([{"assessment_id": aid, "actor_id": org.admin.user_id,
                         "trigger": "assessor_changed", "from_state": "targets_submitted",
                         "to_state": "targets_submitted", "reason": "",
                         "changes": [{"field": "assessor", "from": "A", "to": "B"}]}])
    db.session.commit()
    return list(db.session.scalars(sa.select(AuditEvent.id).order_by(AuditEvent.id)))


def _forged_approval(assessment_id, actor_id):
    """The content of an approval nobody gave, as a forger would write it."""
    return {"assessment_id": assessment_id, "actor_id": actor_id,
            "at": dt.datetime(2026, 12, 1, tzinfo=dt.UTC), "trigger": "approve",
            "from_state": "reviewed", "to_state": "approved", "reason": "", "changes": None}


def _verify_afresh():
    db.session.expire_all()
    return audit_chain.verify(chunk=2)  # a small chunk: the walk crosses chunk boundaries


def test_a_chain_of_events_verifies(events):
    verdict = _verify_afresh()
    assert verdict.events == 4 and verdict.broken is None
    rows = db.session.execute(sa.select(AuditEvent.prev_hash, AuditEvent.hash)
                              .order_by(AuditEvent.id)).all()
    assert rows[0].prev_hash == audit_chain.GENESIS
    assert [row.prev_hash for row in rows[1:]] == [row.hash for row in rows[:-1]]


def test_an_edited_reason_is_named_by_its_id(events, org):
    db.session.execute(sa.text("UPDATE audit_events SET reason = 'Sudah sesuai' WHERE id = :id"),
                       {"id": events[1]})
    db.session.commit()
    broken = _verify_afresh().broken
    assert (broken.event_id, broken.kind) == (events[1], "altered")
    assert broken.assessment_id == org.assessment_id(org.asn)


def test_an_edited_change_is_named_even_with_its_hash_recomputed(events):
    row = db.session.get(AuditEvent, events[2])
    forged = [{"field": "predikat", "from": None, "to": "Sangat Baik"}]
    content = {name: getattr(row, name) for name in audit_chain.CONTENT} | {"changes": forged}
    db.session.execute(sa.update(AuditEvent).where(AuditEvent.id == events[2]).values(
        changes=forged, hash=audit_chain.event_hash(content, row.prev_hash)))
    db.session.commit()
    broken = _verify_afresh().broken
    assert (broken.event_id, broken.kind) == (events[3], "deleted")  # the next link no longer fits
    assert f"event {events[2]}" in broken.detail


def test_a_deleted_middle_event_is_named_by_the_event_after_it(events):
    db.session.execute(sa.delete(AuditEvent).where(AuditEvent.id == events[1]))
    db.session.commit()
    broken = _verify_afresh().broken
    assert (broken.event_id, broken.kind) == (events[2], "deleted")
    assert f"event {events[0]}" in broken.detail


def test_a_forged_event_with_a_made_up_hash_is_named(events, org):
    db.session.execute(sa.insert(AuditEvent).values(
        **_forged_approval(org.assessment_id(org.asn), org.supervisor.user_id),
        prev_hash="f" * 64, hash="e" * 64))
    db.session.commit()
    broken = _verify_afresh().broken
    assert (broken.event_id, broken.kind) == (events[-1] + 1, "altered")


def test_a_forged_event_slipped_between_two_is_named(events, org):
    """A forger who knows the scheme links a well-hashed event to its predecessor: the event
    after it then points past it."""
    db.session.execute(sa.delete(AuditEvent).where(AuditEvent.id == events[2]))
    before = db.session.get(AuditEvent, events[1])
    content = _forged_approval(before.assessment_id, org.supervisor.user_id)
    db.session.execute(sa.insert(AuditEvent).values(
        id=events[2], **content, prev_hash=before.hash,
        hash=audit_chain.event_hash(content, before.hash)))
    db.session.commit()
    broken = _verify_afresh().broken
    assert broken.event_id == events[3]
    assert broken.kind == "deleted"  # its link fits neither the forged event nor the one before


def test_an_event_written_around_the_chain_is_named(events, org):
    db.session.execute(sa.insert(AuditEvent).values(
        assessment_id=org.assessment_id(org.asn), actor_id=org.asn.user_id,
        at=dt.datetime(2026, 12, 1, tzinfo=dt.UTC), trigger="submit_targets",
        from_state="draft_targets", to_state="targets_submitted", reason=""))
    db.session.commit()
    broken = _verify_afresh().broken
    assert (broken.event_id, broken.kind) == (events[-1] + 1, "unchained")


def test_verify_audit_prints_ok_and_exits_0_on_an_intact_log(app, events):
    result = app.test_cli_runner().invoke(args=["verify-audit"])
    assert result.exit_code == 0
    assert result.output == "OK: 4 events\n"


def test_verify_audit_names_the_first_broken_link_and_exits_1(app, events):
    db.session.execute(sa.text("UPDATE audit_events SET to_state = 'approved' WHERE id IN "
                               "(:a, :b)"), {"a": events[1], "b": events[3]})
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["verify-audit"])
    assert result.exit_code == 1
    assert f"BROKEN at event {events[1]} " in result.output
    assert "altered" in result.output


def test_the_migration_chains_the_events_written_before_it(app, events):
    db.session.remove()
    with db.engine.begin() as connection:
        connection.execute(sa.text("UPDATE audit_events SET prev_hash = NULL, hash = NULL"))
        connection.execute(sa.text("CREATE TABLE IF NOT EXISTS alembic_version "
                                   "(version_num VARCHAR(32) NOT NULL PRIMARY KEY)"))
        connection.execute(sa.text("DELETE FROM alembic_version"))
        connection.execute(sa.text("INSERT INTO alembic_version VALUES ('8e3a61c0f4d7')"))
    with db.engine.begin() as connection:  # the schema as it was before the chain
        if db.engine.dialect.name == "sqlite":
            connection.execute(sa.text("ALTER TABLE audit_events DROP COLUMN hash"))
            connection.execute(sa.text("ALTER TABLE audit_events DROP COLUMN prev_hash"))
        else:
            connection.execute(sa.text("ALTER TABLE audit_events DROP COLUMN hash, "
                                       "DROP COLUMN prev_hash"))
    upgrade(revision="c41d9e7a2b58")
    verdict = _verify_afresh()
    assert verdict.events == 4 and verdict.broken is None
    with db.engine.begin() as connection:
        connection.execute(sa.text("DROP TABLE alembic_version"))


def test_a_forged_event_in_a_gap_of_ids_is_named_as_inserted(events, org):
    """Ids may have gaps (a rolled-back insert on PostgreSQL): a well-hashed forgery placed in
    one, linked to the event before it, leaves the next event pointing past it."""
    db.session.execute(sa.update(AuditEvent).where(AuditEvent.id == events[3])
                       .values(id=events[3] + 10))
    before = db.session.get(AuditEvent, events[2])
    content = _forged_approval(before.assessment_id, org.supervisor.user_id)
    db.session.execute(sa.insert(AuditEvent).values(
        id=events[3] + 5, **content, prev_hash=before.hash,
        hash=audit_chain.event_hash(content, before.hash)))
    db.session.commit()
    broken = _verify_afresh().broken
    assert (broken.event_id, broken.kind) == (events[3] + 10, "inserted")
    assert f"event {events[3] + 5} was inserted" in broken.detail


def test_two_servers_appending_at_once_do_not_fork_the_chain(app, org, monkeypatch):
    """Each append reads the last hash and then waits, as a slow server would: without the lock
    both would link to the same event."""
    aid = org.assessment_id(org.asn)
    read_last_hash = audit_chain._last_hash

    def slow_last_hash(session):
        last = read_last_hash(session)
        time.sleep(0.2)
        return last
    monkeypatch.setattr(audit_chain, "_last_hash", slow_last_hash)

    def server(actor_id):
        with app.app_context():
            db.session.add(AuditEvent(assessment_id=aid, actor_id=actor_id,
                                      trigger="submit_targets", from_state="draft_targets",
                                      to_state="targets_submitted"))
            db.session.commit()
            db.session.remove()
    threads = [threading.Thread(target=server, args=(persona.user_id,))
               for persona in (org.asn, org.supervisor)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    verdict = _verify_afresh()
    assert verdict.events == 2 and verdict.broken is None
