"""The assessment page stays light at every stage: for the demo's fullest assessment of each
stage, as the user who acts there, at most 15 SQL statements and 20 KB of HTML; what the step
needs comes first and the rest loads on demand, by htmx or as a plain link."""
from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from portal.demo import (
    DEMO_APPROVER_NIP, DEMO_COMMITTEE_LOGIN, DEMO_PASSWORD, DEMO_SUPERVISOR_NIP,
)
from portal.extensions import db
from portal.models import Assessment, Employee, Indicator, Realisation, Rhk
from tests.conftest import PortalClient
from tests.e2e.conftest import demo_org, demo_snapshot  # noqa: F401  one seeded demo per run
from tests.http.helpers import counting_queries

# The demo is seeded once per test process on SQLite and copied per test; elsewhere it would be
# seeded afresh for each test (seconds each). The page issues the same statements on both
# databases, so the budget is checked on SQLite only, for CI's budget.
pytestmark = pytest.mark.one_database

MAX_STATEMENTS = 15
MAX_BYTES = 20 * 1024

# Who acts at each stage: the employee, their assessor, the committee, the approver.
ACTOR = {"draft_targets": "employee", "targets_submitted": "assessor",
         "targets_approved": "employee", "self_assessed": "assessor",
         "reviewed": DEMO_COMMITTEE_LOGIN, "calibrated": DEMO_APPROVER_NIP,
         "approved": "employee"}


def fullest(state: str) -> Assessment:
    """The demo agency's assessment in state with the most realisations, then indicators."""
    agency_id = db.session.scalar(
        sa.select(Assessment.agency_id).join(Employee, Employee.id == Assessment.employee_id)
        .where(Employee.nip == DEMO_SUPERVISOR_NIP))
    size = (sa.select(sa.func.count(Realisation.id) * 100 + sa.func.count(sa.distinct(Indicator.id)))
            .select_from(Rhk).join(Indicator, Indicator.rhk_id == Rhk.id)
            .outerjoin(Realisation, Realisation.indicator_id == Indicator.id)
            .where(Rhk.assessment_id == Assessment.id).scalar_subquery())
    return db.session.scalars(
        sa.select(Assessment).where(Assessment.state == state, Assessment.agency_id == agency_id)
        .order_by(size.desc(), Assessment.id)).first()


def login_for(assessment: Assessment, state: str) -> str:
    who = ACTOR[state]
    if who in ("employee", "assessor"):
        return db.session.get(Employee, getattr(assessment, f"{who}_id")).nip
    return who


def client_for(app, login: str) -> PortalClient:
    return PortalClient(app.test_client()).login(login, DEMO_PASSWORD)


@pytest.mark.parametrize("state", list(ACTOR))
def test_the_fullest_assessment_of_each_stage_is_within_the_page_budget(app, demo_org, state):
    assessment = fullest(state)
    assert assessment is not None, f"the demo has no assessment in {state}"
    aid = assessment.id
    client = client_for(app, login_for(assessment, state))
    client.get(f"/assessments/{aid}")  # warm the caches (templates, translations)

    with counting_queries() as statements:
        response = client.get(f"/assessments/{aid}")

    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert len(statements) <= MAX_STATEMENTS, "\n".join(statements)
    assert len(response.get_data()) <= MAX_BYTES, len(response.get_data())
    # The page shows the state stored, and no section is lost: each is shown or linked.
    assert db.session.get(Assessment, aid).state == state
    assert f'data-state="{state}"' in html
    for section in ("targets", "behaviours", "lampiran"):
        assert (f'id="section-{section}" class="step-section"' in html
                or f'href="/assessments/{aid}/sections/{section}"' in html)


def test_at_review_the_rating_form_comes_before_the_realisations_which_load_on_demand(
        app, demo_org):
    assessment = fullest("self_assessed")
    aid = assessment.id
    client = client_for(app, login_for(assessment, "self_assessed"))

    page = client.get(f"/assessments/{aid}").get_data(as_text=True)
    fragment = client.get(f"/assessments/{aid}/sections/realisations", htmx=True)
    direct = client.get(f"/assessments/{aid}/sections/realisations")

    form = page.index(f'action="/assessments/{aid}/ratings"')
    link = page.index(f'href="/assessments/{aid}/sections/realisations"')
    assert form < link < page.index('id="section-targets"')
    assert 'class="indicator-card"' not in page
    assert fragment.status_code == direct.status_code == 200
    cards = fragment.get_data(as_text=True)
    indicators = [i.id for rhk in assessment.rhks for i in rhk.indicators]
    assert cards.lstrip().startswith('<div id="section-realisations" class="step-section">')
    assert all(f'id="ind-{i}-title"' in cards for i in indicators)
    assert "<html" not in cards
    whole = direct.get_data(as_text=True)  # opened directly: the page, the section in full
    assert "<html" in whole and 'id="section-realisations" class="step-section"' in whole
    assert whole.index(f'action="/assessments/{aid}/ratings"') < whole.index('class="indicator-card"')


def test_while_the_year_runs_the_current_period_is_shown_and_evidence_forms_load_on_demand(
        app, demo_org):
    assessment = fullest("targets_approved")
    aid = assessment.id
    indicator = assessment.rhks[0].indicators[0].id
    client = client_for(app, login_for(assessment, "targets_approved"))

    page = client.get(f"/assessments/{aid}").get_data(as_text=True)
    forms = client.get(f"/assessments/{aid}/evidence/new?indicator_id={indicator}&p=1",
                       htmx=True).get_data(as_text=True)
    direct = client.get(f"/assessments/{aid}/evidence/new?indicator_id={indicator}&p=1")

    assert 'aria-current="page">Triwulan' in page and "(berjalan)" in page
    assert f'id="value-{indicator}"' in page  # the realisation inputs are on the page
    assert f'name="indicator_id" value="{indicator}"' not in page  # the evidence forms are not
    assert f'<div class="add-evidence" id="add-evidence-{indicator}">' in forms
    assert re.search(rf'name="period_no" value="1">\s*<input type="hidden" name="indicator_id" '
                     rf'value="{indicator}"', forms)
    assert "<html" not in forms
    assert direct.status_code == 200
    assert f'id="file-{indicator}"' in direct.get_data(as_text=True)


def test_a_section_of_someone_elses_assessment_or_an_unknown_one_is_refused(app, demo_org):
    assessment = fullest("self_assessed")
    outsider = db.session.scalar(sa.select(Employee.nip).where(
        Employee.id.not_in([assessment.employee_id, assessment.assessor_id]),
        Employee.position_id.is_not(None)).order_by(Employee.id.desc()))
    owner = client_for(app, login_for(assessment, "self_assessed"))

    assert client_for(app, outsider).get(
        f"/assessments/{assessment.id}/sections/targets").status_code in (403, 404)
    assert owner.get(f"/assessments/{assessment.id}/sections/nothing").status_code == 404
    assert db.session.get(Assessment, assessment.id).state == "self_assessed"
