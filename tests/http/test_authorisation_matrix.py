"""Every route × every persona × the Dukcapil and the Dinas Kesehatan object: who gets in.

The routes come from the app's URL map, so a new route without a line in tests/authz_rules.py
fails here. Each persona's requests run in one test (one organisation built per persona, not per
cell), and every wrong cell is listed in one failure message. Redirects are never followed; a
POST carries a valid CSRF token and an empty form, so an allowed POST answers 200/30x/400/409/422
and a refused one 403/404 (or the sign-in page for the anonymous visitor).

The matrix checks who may reach an object at all. Whether a person who may see an assessment may
take a given action at its current step is the workflow's question, asked by
tests/http/test_authorisation.py and the workflow's own tests.
"""
from __future__ import annotations

import re
import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import url_for

from portal.extensions import db
from portal.models import (
    Assessment,
    Employee,
    Evidence,
    Realisation,
    RoleGrant,
    SkpAttachment,
)
from portal.services.messaging.notifications import notify
from tests.authz_rules import PERSONAS, RULES, who_may
from tests.conftest import Org, PortalClient, fill_targets
from tests.http.helpers import make_service

NO_ROW = 999_999
# URL arguments that name an object of one side (Dukcapil or Dinas Kesehatan).
SIDED = {"assessment_id", "rhk_id", "indicator_id", "agency_id", "employee_id", "user_id",
         "unit_id", "position_id", "service_id", "officer_id", "code", "officer_code",
         "notification_id", "grant_id", "evidence_id", "line_id"}
# Fixed values of arguments that name no object.
PLAIN = {"trigger": "submit_targets", "number": 1, "year": 2026, "kind": "svg"}
# Requests that change who may sign in or what exists go last, so they spoil no other cell.
LAST = ("delete", "remove", "withdraw", "leave", "end_acting", "set_enabled", "move", "logout")


class _UnprintedHtml:
    """Stands in for weasyprint.HTML: the page is built, the printing skipped."""

    def __init__(self, string: str, **_kwargs):
        self.string = string

    def write_pdf(self) -> bytes:
        return b"%PDF-1.7 " + self.string.encode()


def _world(org: Org, evidence_dir: Path) -> dict[str, dict]:
    """The objects of each side: the ASN's (ours) and the outsider's (theirs), with an RHK,
    an indicator with a realisation and an uploaded piece of evidence, a line of the Lampiran SKP,
    a public service the person serves, and a notification for them."""
    sides = {}
    grants = {"ours": org.head.user_id, "theirs": org.other_committee.user_id}
    for side, persona, agency_id in (("ours", org.asn, org.agency_id),
                                     ("theirs", org.outsider, org.other_agency_id)):
        assessment_id = org.assessment_id(persona)
        fill_targets(assessment_id)
        assessment = db.session.get(Assessment, assessment_id)
        employee = db.session.get(Employee, persona.employee_id)
        service = make_service(org, officers=(persona,),
                               agency="dukcapil" if side == "ours" else "dinkes")
        [notification_id] = notify([persona.user_id], "targets_approved", assessment)
        realisation = Realisation(indicator=assessment.rhks[0].indicators[0], value=10)
        stored_name = uuid.uuid4().hex
        (evidence_dir / stored_name).write_bytes(b"%PDF-1.7 laporan")
        evidence = Evidence(realisation=realisation, kind="file", title="laporan.pdf",
                            stored_name=stored_name, content_type="application/pdf", size=16,
                            uploaded_by_id=persona.user_id)
        line = SkpAttachment(assessment_id=assessment_id, kind="konsekuensi", text="Teguran")
        db.session.add_all([realisation, evidence, line])
        db.session.commit()
        sides[side] = {
            "assessment_id": assessment_id, "rhk_id": assessment.rhks[0].id,
            "indicator_id": assessment.rhks[0].indicators[0].id, "agency_id": agency_id,
            "employee_id": employee.id, "user_id": persona.user_id,
            "unit_id": employee.position.unit_id, "position_id": employee.position_id,
            "service_id": service.id, "officer_id": service.officers[0].id,
            "code": service.code, "officer_code": service.officers[0].code,
            "notification_id": notification_id, "evidence_id": evidence.id, "line_id": line.id,
            "grant_id": db.session.scalar(sa.select(RoleGrant.id).where(
                RoleGrant.user_id == grants[side])),
            "period_id": org.period_id,
        }
    return sides


def _client(app, org: Org, persona: str, login_as) -> PortalClient:
    if persona != "anonymous":
        return login_as(getattr(org, persona))
    client = PortalClient(app.test_client())
    page = client.client.get("/auth/login").get_data(as_text=True)
    client.csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    return client


def _cells(app, world):
    """(endpoint, method, side, url, form, rule) for every rule of the URL map, in a safe order."""
    cells = []
    for url_rule in app.url_map.iter_rules():
        if url_rule.endpoint == "static":
            continue
        rule = RULES[url_rule.endpoint]
        sided = (url_rule.arguments - rule.get("args", {}).keys()) & SIDED or rule.get("form")
        for side in ("ours", "theirs") if sided else ("ours",):
            values = {name: PLAIN.get(name, world[side].get(name, NO_ROW))
                      for name in url_rule.arguments}
            values.update({name: NO_ROW for name in rule.get("absent", ())})
            values.update({k: v for k, v in rule.get("args", {}).items()
                           if k in url_rule.arguments})
            with app.test_request_context():
                url = url_for(url_rule.endpoint, **values)
            form = {field: world[side][key] for field, key in rule.get("form", {}).items()}
            for method in sorted(url_rule.methods - {"HEAD", "OPTIONS"}):
                cells.append((url_rule.endpoint, method, side, url, form, rule))
    return sorted(cells, key=lambda c: (c[1] == "POST", any(w in c[0] for w in LAST),
                                        c[0] == "auth.logout"))


def _routes_without_rules(app) -> list[str]:
    return sorted(f"{rule.endpoint} {method} ({rule.rule})"
                  for rule in app.url_map.iter_rules() if rule.endpoint != "static"
                  for method in rule.methods - {"HEAD", "OPTIONS"}
                  if method not in RULES.get(rule.endpoint, {}))


def test_every_route_has_a_rule_for_each_of_its_methods(app):
    missing = _routes_without_rules(app)
    stale = sorted(set(RULES) - {rule.endpoint for rule in app.url_map.iter_rules()})
    assert not missing, "routes without a rule in tests/authz_rules.py:\n" + "\n".join(missing)
    assert not stale, f"rules for routes that no longer exist: {stale}"


def test_a_new_route_without_a_rule_is_named():
    from portal import create_app

    app = create_app({"TESTING": True, "SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    app.add_url_rule("/probe/<int:assessment_id>", "probe.show", lambda assessment_id: "",
                     methods=["GET", "POST"])

    assert _routes_without_rules(app) == ["probe.show GET (/probe/<int:assessment_id>)",
                                          "probe.show POST (/probe/<int:assessment_id>)"]


def _verdict(persona: str, allowed: bool, rule: dict, response) -> str | None:
    """What is wrong with the answer, or None."""
    status = response.status_code
    to_login = status in (301, 302, 303) and "/auth/login" in response.headers.get("Location", "")
    absent = bool(rule.get("absent"))
    if allowed and to_login and rule.get("ends_at_login"):
        return None
    if status >= 500:
        return f"server error {status}"
    if allowed:
        if status in (401, 403, 429) or to_login or (status == 404 and not absent):
            return f"refused ({status}) but should be allowed"
        return None
    refused = status in (403, 404) or (persona == "anonymous" and (to_login or status in (401,
                                                                                          286)))
    return None if refused else f"allowed ({status}) but should be refused"


# Who reaches what is decided in Python, the same on both databases: run once, on SQLite.
@pytest.mark.one_database
@pytest.mark.parametrize("persona", PERSONAS)
def test_each_persona_reaches_exactly_the_routes_and_objects_its_role_allows(app, org, login_as,
                                                                               persona,
                                                                               monkeypatch, tmp_path):
    app.config["SURVEY_RATE_LIMIT"] = "10000 per minute"  # the survey is asked 16 times a persona
    # The PDFs' templates are rendered, but not printed: WeasyPrint would take most of the time.
    monkeypatch.setattr("portal.documents.service.HTML", _UnprintedHtml)
    app.config["EVIDENCE_DIR"] = str(tmp_path)
    world = _world(org, tmp_path)
    client = _client(app, org, persona, login_as)
    wrong = []
    for endpoint, method, side, url, form, rule in _cells(app, world):
        if method not in rule:
            continue  # the rule test names it
        allowed = persona in who_may(rule, method, side)
        response = client.get(url) if method == "GET" else client.post(url, data=form)
        problem = _verdict(persona, allowed, rule, response)
        if problem:
            wrong.append(f"{endpoint} {method} {url} ({side} object): {problem}")
    assert not wrong, f"{persona}:\n" + "\n".join(wrong)

