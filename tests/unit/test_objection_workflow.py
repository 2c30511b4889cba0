"""The objection workflow as data: who may ask for explanations and decide, who may explain, and
the 14-day window counted from the day the result was communicated (day 0)."""
import datetime as dt

import pytest

from workflows.assessment import Actor
from workflows.objection import STATES, ObjectionCase, ObjectionFacts, may_file, window_closes

EMPLOYEE_ID, ASSESSOR_ID, DECIDER_ID = 10, 20, 30

PERSONAS = {
    # the ASN who objects to their result
    "employee": Actor(user_id=1, employee_id=EMPLOYEE_ID),
    # their Pejabat Penilai Kinerja, whose ratings are contested
    "assessor": Actor(user_id=2, employee_id=ASSESSOR_ID),
    # the atasan pejabat penilai kinerja (the assessor's own assessor), who decides
    "decider": Actor(user_id=3, employee_id=DECIDER_ID),
    # a committee member of the agency: sees the assessment, has no part in the objection
    "committee": Actor(user_id=4, employee_id=40, committee_agencies=frozenset({1})),
    # the agency head who approved the result, when not the decider
    "approver": Actor(user_id=5, employee_id=50, approver_agencies=frozenset({1})),
    # a BKD admin (no employee)
    "admin": Actor(user_id=6, is_admin=True),
}

FACTS = ObjectionFacts(employee_id=EMPLOYEE_ID, assessor_id=ASSESSOR_ID, decider_id=DECIDER_ID)


def case(state: str = "filed") -> ObjectionCase:
    return ObjectionCase(state, FACTS)


@pytest.mark.parametrize("state", ["filed", "explaining"])
@pytest.mark.parametrize("who", sorted(PERSONAS))
def test_only_the_decider_may_decide(state, who):
    assert case(state).may_trigger("decide", actor=PERSONAS[who]) is (who == "decider")


@pytest.mark.parametrize("who", sorted(PERSONAS))
def test_only_the_decider_may_ask_for_explanations(who):
    assert case("filed").may_trigger("request_explanations",
                                     actor=PERSONAS[who]) is (who == "decider")


def test_explanations_are_asked_for_once_then_the_case_is_explaining():
    objection = case("filed")
    objection.request_explanations(actor=PERSONAS["decider"])
    assert objection.state == "explaining"
    assert not objection.may_trigger("request_explanations", actor=PERSONAS["decider"])


@pytest.mark.parametrize("trigger", ["request_explanations", "decide"])
def test_a_decided_objection_accepts_nothing(trigger):
    assert not case("decided").may_trigger(trigger, actor=PERSONAS["decider"])


@pytest.mark.parametrize("start", ["filed", "explaining"])
def test_the_decider_decides_with_or_without_explanations(start):
    objection = case(start)
    objection.decide(actor=PERSONAS["decider"])
    assert objection.state == "decided"


@pytest.mark.parametrize("state", ["filed", "explaining"])
@pytest.mark.parametrize("who, role", [
    ("employee", "employee"), ("assessor", "assessor"), ("decider", "decider"),
    ("committee", None), ("approver", None), ("admin", None),
])
def test_the_parties_may_explain_while_the_objection_is_open(state, who, role):
    assert case(state).statement_role(PERSONAS[who]) == role


@pytest.mark.parametrize("who", ["employee", "assessor", "decider"])
def test_nobody_explains_after_the_decision(who):
    assert case("decided").statement_role(PERSONAS[who]) is None


def test_it_refuses_an_unknown_state():
    with pytest.raises(ValueError):
        ObjectionCase("withdrawn", FACTS)
    assert STATES == ["filed", "explaining", "decided"]


# Communicated on 29 December 2026 (day 0): day 14 is 12 January 2027.
COMMUNICATED = dt.datetime(2026, 12, 29, 15, 30)


def test_the_window_closes_fourteen_days_after_the_day_of_communication():
    assert window_closes(COMMUNICATED, 14) == dt.date(2027, 1, 12)


@pytest.mark.parametrize("day, accepted", [
    (0, True), (1, True), (13, True), (14, True), (15, False), (40, False),
])
def test_an_objection_is_accepted_up_to_day_fourteen_inclusive(day, accepted):
    today = COMMUNICATED.date() + dt.timedelta(days=day)
    assert may_file(COMMUNICATED, 14, today) is accepted


def test_the_window_length_is_configurable():
    assert may_file(COMMUNICATED, 30, dt.date(2027, 1, 28))
    assert not may_file(COMMUNICATED, 7, dt.date(2027, 1, 6))


def test_nothing_can_be_filed_before_the_result_is_communicated():
    assert not may_file(None, 14, dt.date(2027, 1, 1))


def test_loading_a_case_keeps_its_stored_state():
    explaining = case("explaining")

    assert explaining.state == "explaining"
    assert explaining.machine.get_model_state(explaining).name == "explaining"


def test_the_shared_machine_keeps_no_objection():
    """One machine serves every objection of the process: it must not collect them."""
    first, second = case("filed"), case("filed")
    first.decide(actor=PERSONAS["decider"])

    assert first.machine is second.machine
    assert first.machine.models == []
    assert (first.state, second.state) == ("decided", "filed")
