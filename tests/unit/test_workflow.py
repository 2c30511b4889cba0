"""The assessment workflow as data: who may take which action, when, and what it may edit or see."""
import re

import pytest
from transitions import MachineError

from workflows.assessment import (
    REASON_REQUIRED,
    STATES,
    TRANSITIONS,
    Actor,
    Blocker,
    Case,
    Facts,
    mermaid_diagram,
    may_edit,
    may_view,
    offers,
)

AGENCY = 1        # the employee's agency (e.g. Dinas Kependudukan dan Pencatatan Sipil)
OTHER_AGENCY = 2  # some other agency of the province (e.g. Dinas Kesehatan)

EMPLOYEE_ID = 10
ASSESSOR_ID = 20

# The personas, one per role an assessment can meet. Each has its own user id.
PERSONAS = {
    # the ASN being assessed
    "employee": Actor(user_id=1, employee_id=EMPLOYEE_ID),
    # their Pejabat Penilai Kinerja (direct superior)
    "supervisor": Actor(user_id=2, employee_id=ASSESSOR_ID),
    # a member of the calibration committee (Tim Penilai Kinerja) of the employee's agency
    "committee": Actor(user_id=3, employee_id=30, committee_agencies=frozenset({AGENCY})),
    # a committee member, but of another agency only
    "other_committee": Actor(
        user_id=4, employee_id=31, committee_agencies=frozenset({OTHER_AGENCY})
    ),
    # the head (Pejabat yang Berwenang) of the employee's agency
    "approver": Actor(user_id=5, employee_id=40, approver_agencies=frozenset({AGENCY})),
    # the head of another agency
    "other_approver": Actor(
        user_id=6, employee_id=41, approver_agencies=frozenset({OTHER_AGENCY})
    ),
    # an Admin BKD: manages the portal, takes no part in the assessment itself
    "admin": Actor(user_id=7, is_admin=True),
    # a peer or anybody else: an employee with no role towards this assessment
    "outsider": Actor(user_id=8, employee_id=70),
}

# Who takes each action, written out rather than read from the guards.
RIGHT_PERSONA = {
    "submit_targets": "employee",
    "approve_targets": "supervisor",
    "return_targets": "supervisor",
    "submit_self_assessment": "employee",
    "submit_review": "supervisor",
    "return_self_assessment": "supervisor",
    "calibrate": "committee",
    "return_review": "committee",
    "approve": "approver",
    "return_calibration": "approver",
    "reopen_to_draft_targets": "admin",
    "reopen_to_targets_approved": "admin",
    "reopen_to_self_assessed": "admin",
    "reopen_to_reviewed": "admin",
    "reopen_to_calibrated": "admin",
}
REOPENS = [t for t in RIGHT_PERSONA if t.startswith("reopen_to_")]

# Which readiness fact each action waits for, if any.
READINESS = {
    "submit_targets": "has_complete_targets",
    "submit_self_assessment": "has_all_realisations",
    "submit_review": "has_both_ratings",
}

READY = Facts(
    employee_id=EMPLOYEE_ID, assessor_id=ASSESSOR_ID, agency_id=AGENCY,
    has_complete_targets=True, has_all_realisations=True, has_both_ratings=True,
)
NOTHING_READY = Facts(employee_id=EMPLOYEE_ID, assessor_id=ASSESSOR_ID, agency_id=AGENCY)


def offered(case, actor):
    return [offer.trigger for offer in offers(case, actor)]


WRONG_PERSONA_CASES = [
    pytest.param(t, persona, id=f"{t['trigger']}-by-{persona}")
    for t in TRANSITIONS
    for persona in PERSONAS
    if persona != RIGHT_PERSONA[t["trigger"]]
]

WRONG_STATE_CASES = [
    pytest.param(t, state, id=f"{t['trigger']}-from-{state}")
    for t in TRANSITIONS
    for state in STATES
    if state != t["source"]
]


def test_every_transition_has_a_persona_in_this_test():
    assert set(RIGHT_PERSONA) == {t["trigger"] for t in TRANSITIONS}


@pytest.mark.parametrize("transition", TRANSITIONS, ids=lambda t: t["trigger"])
def test_it_allows_each_transition_to_the_right_actor_when_ready(transition):
    case = Case(transition["source"], READY)
    actor = PERSONAS[RIGHT_PERSONA[transition["trigger"]]]

    assert case.may_trigger(transition["trigger"], actor=actor)
    offer = next(o for o in offers(case, actor) if o.trigger == transition["trigger"])
    assert offer.enabled
    assert offer.blocked_by == ()

    assert case.trigger(transition["trigger"], actor=actor) is True
    assert case.state == transition["dest"]


@pytest.mark.parametrize(("transition", "persona"), WRONG_PERSONA_CASES)
def test_it_refuses_each_transition_to_every_wrong_persona(transition, persona):
    case = Case(transition["source"], READY)
    actor = PERSONAS[persona]

    assert not case.may_trigger(transition["trigger"], actor=actor)
    assert transition["trigger"] not in offered(case, actor)
    assert case.trigger(transition["trigger"], actor=actor) is False
    assert case.state == transition["source"]


@pytest.mark.parametrize("state", STATES)
def test_it_offers_nothing_to_outsiders_or_other_agencies_and_admins_only_reopening(state):
    case = Case(state, READY)
    for persona in ("outsider", "other_committee", "other_approver"):
        assert offers(case, PERSONAS[persona]) == [], persona
    assert offered(case, PERSONAS["admin"]) == (REOPENS if state == "approved" else [])


@pytest.mark.parametrize(("trigger", "fact"), READINESS.items())
def test_it_offers_but_blocks_an_action_until_its_readiness_fact_holds(trigger, fact):
    transition = next(t for t in TRANSITIONS if t["trigger"] == trigger)
    case = Case(transition["source"], NOTHING_READY)
    actor = PERSONAS[RIGHT_PERSONA[trigger]]

    offer = next(o for o in offers(case, actor) if o.trigger == trigger)
    assert offer.enabled is False
    assert offer.blocked_by == (fact,)
    assert not case.may_trigger(trigger, actor=actor)
    assert case.trigger(trigger, actor=actor) is False
    assert case.state == transition["source"]


@pytest.mark.parametrize("trigger", READINESS)
def test_a_readiness_fact_of_one_action_does_not_unblock_another(trigger):
    transition = next(t for t in TRANSITIONS if t["trigger"] == trigger)
    others = {f: True for t, f in READINESS.items() if t != trigger}
    facts = Facts(employee_id=EMPLOYEE_ID, assessor_id=ASSESSOR_ID, agency_id=AGENCY, **others)
    case = Case(transition["source"], facts)

    assert not case.may_trigger(trigger, actor=PERSONAS[RIGHT_PERSONA[trigger]])


def test_it_refuses_submit_targets_without_complete_targets():
    case = Case("draft_targets", NOTHING_READY)

    (offer,) = offers(case, PERSONAS["employee"])
    assert offer.trigger == "submit_targets"
    assert offer.enabled is False
    assert offer.blocked_by == ("has_complete_targets",)
    assert not case.may_trigger("submit_targets", actor=PERSONAS["employee"])


@pytest.mark.parametrize(
    "trigger", [t for t in RIGHT_PERSONA if t not in READINESS]
)
def test_actions_without_a_readiness_guard_are_enabled_whatever_the_facts(trigger):
    transition = next(t for t in TRANSITIONS if t["trigger"] == trigger)
    case = Case(transition["source"], NOTHING_READY)

    offer = next(o for o in offers(case, PERSONAS[RIGHT_PERSONA[trigger]]) if o.trigger == trigger)
    assert offer.enabled


@pytest.mark.parametrize(("transition", "state"), WRONG_STATE_CASES)
def test_it_refuses_a_trigger_from_the_wrong_state(transition, state):
    case = Case(state, READY)
    actor = PERSONAS[RIGHT_PERSONA[transition["trigger"]]]

    assert not case.may_trigger(transition["trigger"], actor=actor)
    assert transition["trigger"] not in offered(case, actor)
    with pytest.raises(MachineError):
        case.trigger(transition["trigger"], actor=actor)
    assert case.state == state


@pytest.mark.parametrize(
    ("state", "persona", "expected"),
    [
        ("draft_targets", "employee", ["submit_targets"]),
        ("draft_targets", "supervisor", []),
        ("targets_submitted", "supervisor", ["approve_targets", "return_targets"]),
        ("targets_submitted", "employee", []),
        ("targets_approved", "employee", ["submit_self_assessment"]),
        ("targets_approved", "supervisor", []),
        ("self_assessed", "supervisor", ["submit_review", "return_self_assessment"]),
        ("self_assessed", "employee", []),
        ("reviewed", "committee", ["calibrate", "return_review"]),
        ("reviewed", "supervisor", []),
        ("calibrated", "approver", ["approve", "return_calibration"]),
        ("calibrated", "committee", []),
        ("approved", "employee", []),
        ("approved", "supervisor", []),
        ("approved", "committee", []),
        ("approved", "approver", []),
        ("approved", "admin", REOPENS),
    ],
)
def test_it_offers_the_actions_of_the_state_in_declaration_order(state, persona, expected):
    assert offered(Case(state, READY), PERSONAS[persona]) == expected


def test_the_happy_path_walks_through_all_seven_states_in_order():
    case = Case("draft_targets", READY)
    visited = [case.state]
    for trigger, persona in [
        ("submit_targets", "employee"),
        ("approve_targets", "supervisor"),
        ("submit_self_assessment", "employee"),
        ("submit_review", "supervisor"),
        ("calibrate", "committee"),
        ("approve", "approver"),
    ]:
        assert case.trigger(trigger, actor=PERSONAS[persona]) is True, trigger
        visited.append(case.state)

    assert visited == [
        "draft_targets", "targets_submitted", "targets_approved", "self_assessed",
        "reviewed", "calibrated", "approved",
    ]
    assert visited == STATES


def test_the_approved_state_is_final_but_for_an_admin_reopen():
    case = Case("approved", READY)
    for name, persona in PERSONAS.items():
        assert offered(case, persona) == (REOPENS if name == "admin" else []), name
    assert case.machine.get_triggers("approved") == REOPENS


def test_every_return_path_needs_a_reason_and_every_reasoned_trigger_is_a_return_path():
    return_paths = {
        t["trigger"] for t in TRANSITIONS if STATES.index(t["dest"]) < STATES.index(t["source"])
    }
    assert return_paths == {
        "return_targets", "return_self_assessment", "return_review", "return_calibration",
        *REOPENS,
    }
    assert return_paths == set(REASON_REQUIRED)


@pytest.mark.parametrize("transition", TRANSITIONS, ids=lambda t: t["trigger"])
def test_offers_say_whether_a_reason_is_needed(transition):
    case = Case(transition["source"], READY)
    actor = PERSONAS[RIGHT_PERSONA[transition["trigger"]]]

    offer = next(o for o in offers(case, actor) if o.trigger == transition["trigger"])
    assert offer.needs_reason is transition["trigger"].startswith(("return_", "reopen_to_"))


@pytest.mark.parametrize("state", STATES)
def test_loading_a_case_keeps_its_stored_state(state):
    case = Case(state, READY)

    assert case.state == state
    assert case.machine.get_model_state(case).name == state


def test_the_shared_machine_keeps_no_case():
    """One machine serves every case of the process: it must not collect them."""
    first, second = Case("draft_targets", READY), Case("self_assessed", READY)
    first.submit_targets(actor=PERSONAS["employee"])

    assert first.machine is second.machine
    assert first.machine.models == []


def test_two_cases_do_not_share_their_state():
    first = Case("draft_targets", READY)
    second = Case("draft_targets", READY)

    first.submit_targets(actor=PERSONAS["employee"])

    assert first.state == "targets_submitted"
    assert second.state == "draft_targets"


def test_it_offers_nothing_to_a_user_without_employee_record_when_there_is_no_assessor():
    # assessor_id None and employee_id None must not match as "the supervisor".
    facts = Facts(employee_id=EMPLOYEE_ID, assessor_id=None, agency_id=AGENCY,
                  has_both_ratings=True)
    nobody = Actor(user_id=99)

    for state in STATES:
        assert offers(Case(state, facts), nobody) == [], state
    assert not may_view(facts, nobody)
    assert not may_edit(Case("self_assessed", facts), nobody, "ratings")


def test_without_an_assessor_the_supervisor_actions_are_offered_to_nobody():
    facts = Facts(employee_id=EMPLOYEE_ID, assessor_id=None, agency_id=AGENCY)
    case = Case("targets_submitted", facts)

    for persona in PERSONAS.values():
        assert offers(case, persona) == []


# --- may_edit ---------------------------------------------------------------------------------

# Which section is editable in which state, and by whom, written out.
EDITABLE = {
    "targets": (("draft_targets",), "employee"),
    "expectations": (("draft_targets", "targets_submitted"), "supervisor"),
    "rhk_comments": (("targets_submitted",), "supervisor"),
    "realisations": (("targets_approved",), "employee"),
    "feedback": (("targets_approved", "self_assessed"), "supervisor"),
    "periodic_ratings": (("targets_approved", "self_assessed"), "supervisor"),
    "ratings": (("self_assessed",), "supervisor"),
    "calibration": (("reviewed",), "committee"),
}


@pytest.mark.parametrize(
    ("section", "state", "persona"),
    [
        pytest.param(section, state, persona, id=f"{section}-{state}-{persona}")
        for section in EDITABLE
        for state in STATES
        for persona in PERSONAS
    ],
)
def test_may_edit_allows_each_section_only_in_its_state_to_its_persona(section, state, persona):
    states, who = EDITABLE[section]
    expected = state in states and persona == who

    assert may_edit(Case(state, READY), PERSONAS[persona], section) is expected


# --- may_view ---------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("employee", True),
        ("supervisor", True),
        ("committee", True),
        ("approver", True),
        ("admin", True),
        ("other_committee", False),
        ("other_approver", False),
        ("outsider", False),
    ],
)
def test_may_view_lets_only_the_people_involved_read_the_assessment(persona, expected):
    assert may_view(READY, PERSONAS[persona]) is expected


def test_may_view_refuses_a_user_with_no_employee_record_and_no_roles():
    assert not may_view(READY, Actor(user_id=99))


# --- diagram ----------------------------------------------------------------------------------

def test_the_diagram_starts_with_front_matter_then_declares_a_state_diagram():
    lines = mermaid_diagram().splitlines()

    assert lines[:3] == ["---", "Assessment workflow", "---"]
    assert lines[3] == "stateDiagram-v2"


@pytest.mark.parametrize("transition", TRANSITIONS, ids=lambda t: t["trigger"])
def test_the_diagram_draws_one_edge_per_transition(transition):
    edge = re.compile(
        rf"^{transition['source']} --> {transition['dest']}: {transition['trigger']}(?: \[.*\])?$"
    )
    lines = [line.strip() for line in mermaid_diagram().splitlines()]

    assert sum(1 for line in lines if edge.match(line)) == 1


def test_the_diagram_has_no_edges_beyond_the_transitions_and_the_start():
    edges = [line.strip() for line in mermaid_diagram().splitlines() if " --> " in line]

    assert len(edges) == len(TRANSITIONS) + 1
    assert "[*] --> draft_targets" in edges


# --- an assessor outside the portal (the Governor, for the Sekretaris Daerah) ----------------

RECORDER = Actor(user_id=7, is_admin=True, for_outside_official=True)


@pytest.mark.parametrize("state, trigger", [
    ("targets_submitted", "approve_targets"), ("targets_submitted", "return_targets"),
    ("self_assessed", "return_self_assessment"), ("calibrated", "approve"),
    ("calibrated", "return_calibration"),
])
def test_an_admin_recording_an_outside_official_takes_that_officials_steps(state, trigger):
    case = Case(state, Facts(employee_id=EMPLOYEE_ID, assessor_id=None, agency_id=AGENCY,
                             assessor_outside=True))
    assert trigger in [o.trigger for o in offers(case, RECORDER)]
    assert trigger not in [o.trigger for o in offers(case, PERSONAS["admin"])]


def test_the_recording_path_does_not_open_an_assessment_someone_in_the_portal_assesses():
    case = Case("targets_submitted", Facts(employee_id=EMPLOYEE_ID, assessor_id=ASSESSOR_ID,
                                           agency_id=AGENCY))
    assert "approve_targets" not in [o.trigger for o in offers(case, RECORDER)]
    assert not may_edit(Case("self_assessed", case.facts), RECORDER, "ratings")


def test_the_recording_path_is_the_admins_only():
    outsider = Actor(user_id=8, employee_id=70, for_outside_official=True)
    case = Case("targets_submitted", Facts(employee_id=EMPLOYEE_ID, assessor_id=None,
                                           agency_id=AGENCY, assessor_outside=True))
    assert "approve_targets" not in [o.trigger for o in offers(case, outsider)]


@pytest.mark.parametrize("persona", sorted(PERSONAS))
@pytest.mark.parametrize("state", STATES)
def test_readiness_given_as_a_function_is_asked_only_for_the_guards_of_the_actions_offered(
        state, persona):
    # Facts.readiness: the blockers of a readiness guard are found only when that guard is
    # evaluated, so a step never reads what another step's guard needs.
    blocker = Blocker("no_rhk", "new-rhk")
    asked = []

    def readiness(guard):
        asked.append(guard)
        return () if guard == "has_both_ratings" else (blocker,)

    lazy = Facts(employee_id=EMPLOYEE_ID, assessor_id=ASSESSOR_ID, agency_id=AGENCY,
                 readiness=readiness)
    eager = Facts(employee_id=EMPLOYEE_ID, assessor_id=ASSESSOR_ID, agency_id=AGENCY,
                  has_both_ratings=True,
                  blockers={"has_complete_targets": (blocker,),
                            "has_all_realisations": (blocker,)})
    actor = PERSONAS[persona]

    found = offers(Case(state, lazy), actor)

    assert found == offers(Case(state, eager), actor)
    wanted = {READINESS[offer.trigger] for offer in found if offer.trigger in READINESS}
    assert set(asked) == wanted
