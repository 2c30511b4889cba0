"""The assessment page reads an assessment's RHK, indicators and realisations only when the step
shows them or a workflow guard asks for them, and then in one statement: the review step, which
shows the rating form and leaves the rest on demand, needs neither."""
from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from portal.extensions import db
from portal.models import Assessment, Employee, Rhk
from portal.services.review import assessment_rows
from portal.services.review import assessments as service
from tests.conftest import fill_targets
from tests.e2e.conftest import demo_org, demo_snapshot  # noqa: F401  one seeded demo per run
from tests.http.helpers import advance, counting_queries, indicator_ids

# The review page's statements: the signed-in user, and the assessment with its people and
# period (whether an objection was ever filed, and the documents' evaluated periods, as columns).
REVIEW_STATEMENTS = 2


def graph_loads(statements: list[str]) -> list[str]:
    """The statements that load RHK rows (the graph's own, or the selectin loads of a whole
    load: FROM rhks, not the documents' JOIN rhks nor the assessment's EXISTS over them)."""
    return [s for s in statements
            if re.search(r"\bFROM rhks\b", re.sub(r"EXISTS \(SELECT \*\s+FROM rhks\b", "", s))]


def part_loads(statements: list[str]) -> list[str]:
    """The statements that load indicators or realisations on their own (selectin or lazy
    loads), not joined to their RHK."""
    return [s for s in statements if re.search(r"\bFROM (indicators|realisations)\s+WHERE\b", s)]


def counted_get(client, url: str) -> tuple[int, str, list[str]]:
    """GET url: its status, its HTML and the statements it ran."""
    with counting_queries() as statements:
        response = client.get(url)
    return response.status_code, response.get_data(as_text=True), statements


def test_the_review_page_loads_no_rhk_indicator_or_realisation(org, login_as):
    aid = advance(org, "self_assessed")
    client = login_as(org.supervisor)
    client.get(f"/assessments/{aid}")  # warm the caches

    with counting_queries() as statements:
        response = client.get(f"/assessments/{aid}")

    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert len(statements) == REVIEW_STATEMENTS, "\n".join(statements)
    assert graph_loads(statements) == []
    # The guard the supervisor's action needs still blocks it, naming what is missing.
    assert 'data-action="submit_review"' in html and 'data-blocker="rating_hasil_kerja_missing"' in html
    assert f'action="/assessments/{aid}/ratings"' in html


def test_a_section_that_shows_the_realisations_loads_them_in_one_statement(org, login_as):
    aid = advance(org, "self_assessed")
    client = login_as(org.supervisor)

    with counting_queries() as statements:
        response = client.get(f"/assessments/{aid}/sections/realisations", htmx=True)

    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert len(graph_loads(statements)) == 1, "\n".join(statements)
    assert part_loads(statements) == []
    assert all(f'id="ind-{i}-title"' in html for i in indicator_ids(aid))


def test_the_employees_blocked_self_assessment_names_the_missing_realisation(org, login_as):
    # Recording: the step shows the running quarter's cards and the guard of the employee's
    # action asks for the year's realisations; both read the graph loaded once.
    aid = advance(org, "targets_approved")
    [indicator] = indicator_ids(aid)
    client = login_as(org.asn)

    status, html, statements = counted_get(client, f"/assessments/{aid}")

    assert status == 200
    assert len(graph_loads(statements)) == 1, "\n".join(statements)
    assert part_loads(statements) == []
    assert 'data-action="submit_self_assessment"' in html
    assert 'data-blocker="realisation_missing"' in html
    assert f'href="/assessments/{aid}?p=0#ind-{indicator}-title"' in html


def test_a_draft_without_rhk_reads_no_graph_and_shows_the_new_rhk_form(org, login_as):
    # The assessment's statement says whether it has RHK: none yet, and the graph is known
    # empty without load_graph's statement.
    aid = org.assessment_id(org.asn)
    client = login_as(org.asn)
    client.get(f"/assessments/{aid}")  # warm the caches

    status, html, statements = counted_get(client, f"/assessments/{aid}")

    assert status == 200
    assert graph_loads(statements) == [], "\n".join(statements)
    assert 'id="new-rhk"' in html and 'data-blocker="no_rhk"' in html


def test_a_draft_with_an_rhk_loads_its_graph_in_one_statement(org, login_as):
    aid = org.assessment_id(org.asn)
    fill_targets(aid)
    client = login_as(org.asn)

    status, html, statements = counted_get(client, f"/assessments/{aid}")

    assert status == 200
    assert len(graph_loads(statements)) == 1, "\n".join(statements)
    assert part_loads(statements) == []
    assert "Terlaksananya penerbitan KTP-el tepat waktu" in html
    assert "Jumlah KTP-el diterbitkan" in html and 'data-blocker="no_rhk"' not in html


@pytest.mark.one_database
def test_the_steps_graph_read_as_rows_holds_what_the_entities_hold(app, demo_org):
    # The step reads the graph as rows (assessment_rows.view_graph); a POST that changes it loads the
    # entities (service.load_graph). Every assessment of the demo, RHK by RHK, in both.
    assessment_ids = db.session.scalars(sa.select(Rhk.assessment_id).distinct()).all()
    assert len(assessment_ids) > 20

    for aid in assessment_ids:
        entities = service.load(aid).rhks
        db.session.expunge_all()
        viewed = service.load(aid, graph=False)
        assessment_rows.view_graph(viewed)
        rows = viewed.rhks
        db.session.expunge_all()

        assert [rhk.id for rhk in rows] == [rhk.id for rhk in entities]
        for row, rhk in zip(rows, entities):
            assert row[:6] == tuple(getattr(rhk, name) for name in assessment_rows.RhkRow._fields[:6])
            assert (row.parent and (row.parent.id, row.parent.text)) == (
                rhk.parent and (rhk.parent.id, rhk.parent.text))
            assert [i.id for i in row.indicators] == [i.id for i in rhk.indicators]
            for indicator, entity in zip(row.indicators, rhk.indicators):
                assert indicator[:-1] == tuple(
                    getattr(entity, name) for name in assessment_rows.IndicatorRow._fields[:-1])
                assert indicator.realisations == [
                    tuple(getattr(r, name) for name in assessment_rows.RealisationRow._fields)
                    for r in entity.realisations]
                assert indicator.realisation_for(0) == (
                    entity.realisation_for(0) and tuple(
                        getattr(entity.realisation_for(0), name)
                        for name in assessment_rows.RealisationRow._fields))


def person_facts(person) -> tuple | None:
    """What the page and the guards read of an assessment's employee or assessor."""
    if person is None:
        return None
    post = person.position
    return (person.id, person.nip, person.nip_display, person.name, person.golongan,
            person.position_id, post and (post.id, post.title, post.parent_id, post.unit.name,
                                          post.unit.agency_id, post.unit.agency.name))


@pytest.mark.one_database
def test_a_views_people_read_as_rows_hold_what_the_entities_hold(app, demo_org):
    # The step's GET reads the employee and the assessor as columns (load(view=True)); the
    # POSTs load the entities. One employee without a post: a dash where the post would be.
    without_post = db.session.scalar(sa.select(Assessment).where(
        Assessment.assessor_id.is_not(None)).order_by(Assessment.id))
    db.session.get(Employee, without_post.employee_id).position_id = None
    db.session.commit()
    assessment_ids = db.session.scalars(sa.select(Assessment.id)).all()

    for aid in assessment_ids:
        entity = service.load(aid, graph=False)
        people = [person_facts(entity.employee), person_facts(entity.assessor)]
        db.session.expunge_all()
        viewed = service.load(aid, graph=False, view=True)

        assert isinstance(viewed.employee, assessment_rows.PersonRow)
        assert [person_facts(viewed.employee), person_facts(viewed.assessor)] == people
        db.session.expunge_all()
    assert any(service.load(aid, graph=False).assessor is None for aid in assessment_ids)
