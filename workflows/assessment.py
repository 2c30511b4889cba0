"""The assessment workflow: from drafting targets (SKP) to the approved, final evaluation.

The happy path reads top to bottom in TRANSITIONS; each return path names who may send the
assessment back and always needs a written reason (REASON_REQUIRED). Guards come in two kinds:
*who* guards (``actor_is_*``) decide whether an action is offered to a user at all, *readiness*
guards (``has_*``) decide whether it can be taken yet, so the page can show a blocked action with
the reason it is blocked instead of hiding it.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from transitions.extensions import GraphMachine

from workflows.machines import SharedMachineModel, shared

STATES = [
    "draft_targets",        # Penyusunan SKP: the employee drafts RHK, indicators and targets
    "targets_submitted",    # SKP diajukan: waiting for the supervisor to fix (menetapkan) it
    "targets_approved",     # SKP ditetapkan: the year runs; the employee records realisations
    "self_assessed",        # Penilaian mandiri diajukan: waiting for the supervisor's ratings
    "reviewed",             # Dinilai: rated by the supervisor, waiting for calibration
    "calibrated",           # Dikalibrasi: checked by the committee, waiting for the head
    "approved",             # Disetujui: final
]

TRANSITIONS = [
    dict(trigger="submit_targets", source="draft_targets", dest="targets_submitted",
         conditions=["actor_is_employee", "has_complete_targets"]),
    dict(trigger="approve_targets", source="targets_submitted", dest="targets_approved",
         conditions=["actor_is_supervisor"]),
    dict(trigger="return_targets", source="targets_submitted", dest="draft_targets",
         conditions=["actor_is_supervisor"]),
    dict(trigger="submit_self_assessment", source="targets_approved", dest="self_assessed",
         conditions=["actor_is_employee", "has_all_realisations"]),
    dict(trigger="submit_review", source="self_assessed", dest="reviewed",
         conditions=["actor_is_supervisor", "has_both_ratings"]),
    dict(trigger="return_self_assessment", source="self_assessed", dest="targets_approved",
         conditions=["actor_is_supervisor"]),
    dict(trigger="calibrate", source="reviewed", dest="calibrated",
         conditions=["actor_is_committee_member"]),
    dict(trigger="return_review", source="reviewed", dest="self_assessed",
         conditions=["actor_is_committee_member"]),
    dict(trigger="approve", source="calibrated", dest="approved",
         conditions=["actor_is_approver"]),
    dict(trigger="return_calibration", source="calibrated", dest="reviewed",
         conditions=["actor_is_approver"]),
]

# Approved assessments are read-only; only a BKD admin can reopen one, back to a named stage.
REOPEN_TO = ("draft_targets", "targets_approved", "self_assessed", "reviewed", "calibrated")
TRANSITIONS += [
    dict(trigger=f"reopen_to_{stage}", source="approved", dest=stage,
         conditions=["actor_is_admin"])
    for stage in REOPEN_TO
]

# Sending work back always needs a written reason; the audit event keeps it.
REASON_REQUIRED = frozenset(
    {"return_targets", "return_self_assessment", "return_review", "return_calibration"}
    | {f"reopen_to_{stage}" for stage in REOPEN_TO}
)

# What can be edited in which state, and by whom (a who guard of Case).
EDITS = {
    # Perencanaan: the employee drafts RHK, indicators and the Lampiran; the supervisor writes
    # the ekspektasi khusus per BerAKHLAK value and comments on RHK before fixing the SKP.
    "targets": (("draft_targets",), "actor_is_employee"),
    "expectations": (("draft_targets", "targets_submitted"), "actor_is_supervisor"),
    "rhk_comments": (("targets_submitted",), "actor_is_supervisor"),
    # Pelaksanaan: realisations with evidence per evaluation period; continuous feedback and the
    # periodic evaluations run alongside until the annual rating.
    "realisations": (("targets_approved",), "actor_is_employee"),
    "feedback": (("targets_approved", "self_assessed"), "actor_is_supervisor"),
    "periodic_ratings": (("targets_approved", "self_assessed"), "actor_is_supervisor"),
    # Penilaian: the annual rating, then its calibration.
    "ratings": (("self_assessed",), "actor_is_supervisor"),
    "calibration": (("reviewed",), "actor_is_committee_member"),
}

TRIGGERS = tuple(t["trigger"] for t in TRANSITIONS)
# Each trigger leaves one state for one other (no trigger is declared twice).
DESTINATIONS = {t["trigger"]: t["dest"] for t in TRANSITIONS}


@dataclass(frozen=True)
class Actor:
    """Who is acting: the user, the employee they are (if any) and the agencies of their roles."""

    user_id: int
    employee_id: int | None = None
    committee_agencies: frozenset[int] = field(default_factory=frozenset)
    approver_agencies: frozenset[int] = field(default_factory=frozenset)
    is_admin: bool = False
    # A BKD admin recording, from the signed paper, the decision of an official outside the
    # portal (services.review.outside sets it; the ordinary pages never do).
    for_outside_official: bool = False


@dataclass(frozen=True)
class Blocker:
    """One item that keeps a readiness guard from passing, named so that the page can say which
    item it is and link to where it is fixed.

    code: what is missing ('rhk_without_parent', 'realisation_missing', ...).
    anchor: the id of the element of the assessment page where it is fixed.
    rhk: the RHK's kind and number as the page numbers them (('tambahan', 1)), if any.
    subject: the text of the RHK or indicator concerned, if any.
    period_no: the evaluation period page the anchor is on (0: the annual one), if not the default.
    """

    code: str
    anchor: str
    rhk: tuple[str, int] | None = None
    subject: str = ""
    period_no: int | None = None


@dataclass(frozen=True)
class Facts:
    """What the guards need to know about one assessment, gathered by the caller.

    blockers maps a readiness guard's name to the items that keep it from passing; the caller
    derives the has_* flags from the same lists, so what the page names as blocking and what the
    guard decides cannot disagree.

    Or, in place of the flags and blockers, readiness: a function giving the blockers of one
    readiness guard by its name, asked only when that guard is evaluated (the caller keeps what
    it found). A step evaluates one readiness guard at most, and finding another's blockers can
    read every RHK, indicator and realisation of the assessment for nothing.
    """

    employee_id: int
    assessor_id: int | None
    agency_id: int
    # Nobody in the portal assesses this employee: their post is the top of the tree and the
    # official above it (the Governor, for the Sekretaris Daerah) is outside the portal.
    assessor_outside: bool = False
    has_complete_targets: bool = False
    has_all_realisations: bool = False
    has_both_ratings: bool = False
    blockers: Mapping[str, tuple[Blocker, ...]] = field(default_factory=dict)
    readiness: Callable[[str], tuple[Blocker, ...]] | None = field(
        default=None, compare=False, repr=False)

    def ready(self, guard: str) -> bool:
        """Whether the readiness guard named guard ('has_complete_targets', ...) passes."""
        if self.readiness is None:
            return getattr(self, guard)
        return not self.readiness(guard)

    def blockers_of(self, guard: str) -> tuple[Blocker, ...]:
        """The items that keep the readiness guard named guard from passing."""
        if self.readiness is None:
            return self.blockers.get(guard, ())
        return self.readiness(guard)


@dataclass(frozen=True)
class Offer:
    """An action the actor may take in this state; blocked_by lists the unmet readiness guards,
    blockers the items that keep them unmet."""

    trigger: str
    blocked_by: tuple[str, ...]
    needs_reason: bool
    blockers: tuple[Blocker, ...] = ()

    @property
    def enabled(self) -> bool:
        return not self.blocked_by

    @property
    def dest(self) -> str:
        """The state the action leads to."""
        return DESTINATIONS[self.trigger]


class Case(SharedMachineModel):
    """The machine's model for one assessment; its state starts at the stored one.

    Its triggers (case.submit_targets(actor=...), case.trigger(name, ...)) and their checks
    (case.may_submit_targets(...), case.may_trigger(name, ...)) are those transitions binds to a
    model it is given, here class attributes that hand the case to the shared MACHINE.
    """

    def __init__(self, state: str, facts: Facts):
        if state not in STATES:  # transitions would silently add an unknown state
            raise ValueError(f"unknown assessment state {state!r}")
        self.facts = facts
        self.state = state  # the stored state: a loaded row is never reset to the first one

    # --- who guards -------------------------------------------------------------------------
    def actor_is_employee(self, actor: Actor, **_) -> bool:
        """The assessed employee themself."""
        return actor.employee_id is not None and actor.employee_id == self.facts.employee_id

    def actor_is_supervisor(self, actor: Actor, **_) -> bool:
        """The employee's Pejabat Penilai Kinerja (direct superior from the position tree), or
        for an assessor outside the portal the BKD admin recording that official's decision."""
        return ((actor.employee_id is not None and actor.employee_id == self.facts.assessor_id)
                or self._actor_records_outside_official(actor))

    def actor_is_committee_member(self, actor: Actor, **_) -> bool:
        """A member of the calibration committee (Tim Penilai Kinerja) of the employee's agency,
        who is neither the employee nor their assessor: nobody calibrates their own work."""
        return (self.facts.agency_id in actor.committee_agencies
                and not self._actor_is_party(actor))

    def actor_is_approver(self, actor: Actor, **_) -> bool:
        """The head (Pejabat yang Berwenang) of the employee's agency, unless it is their own SKP;
        for an assessor outside the portal, also the BKD admin recording that official's
        approval (the Governor approves the Sekretaris Daerah's result)."""
        return ((self.facts.agency_id in actor.approver_agencies
                 and not self.actor_is_employee(actor))
                or self._actor_records_outside_official(actor))

    def actor_is_admin(self, actor: Actor, **_) -> bool:
        """A BKD admin (province-wide)."""
        return actor.is_admin

    def _actor_records_outside_official(self, actor: Actor) -> bool:
        """A BKD admin recording, on the strength of the signed paper, what the official outside
        the portal decided: only where nobody in the portal assesses the employee, and only on
        the path that records the official (Actor.for_outside_official)."""
        return actor.is_admin and actor.for_outside_official and self.facts.assessor_outside

    def _actor_is_party(self, actor: Actor) -> bool:
        return actor.employee_id is not None and actor.employee_id in (
            self.facts.employee_id, self.facts.assessor_id)

    # --- readiness guards -------------------------------------------------------------------
    def has_complete_targets(self, **_) -> bool:
        """At least one RHK; every RHK intervenes an RHK of the supervisor's SKP (where cascading
        is required) and has an indicator, and every indicator a target."""
        return self.facts.ready("has_complete_targets")

    def has_all_realisations(self, **_) -> bool:
        """Every indicator of the fixed SKP has a realisation."""
        return self.facts.ready("has_all_realisations")

    def has_both_ratings(self, **_) -> bool:
        """Rating hasil kerja and rating perilaku kerja are both given."""
        return self.facts.ready("has_both_ratings")


def _conditions_by_state() -> dict[str, tuple[tuple[str, tuple[str, ...]], ...]]:
    """Per state, its triggers in declaration order, each with its guards' names."""
    by_state = {}
    for state in STATES:
        triggers = []
        for trigger in MACHINE.get_triggers(state):
            names = tuple(c.func for transition in MACHINE.get_transitions(trigger, source=state)
                          for c in transition.conditions)
            triggers.append((trigger, names))
        by_state[state] = tuple(triggers)
    return by_state


# One machine per process, built from the data above (workflows.machines): building it, about
# 550 calls of transitions, is paid once rather than on every request.
MACHINE = shared(Case, STATES, TRANSITIONS)
# Declarative data, derived once: only the guards are evaluated per request.
CONDITIONS = _conditions_by_state()


def offers(case: Case, actor: Actor) -> list[Offer]:
    """The actions of the current state offered to actor, in declaration order.

    An action is offered when every who guard passes; it is enabled when the readiness guards
    pass too. may_trigger() confirms the enabled ones, so this can never offer more than the
    machine would accept.
    """
    result = []
    for trigger, names in CONDITIONS[case.state]:
        who = [n for n in names if n.startswith("actor_")]
        if not all(getattr(case, n)(actor=actor) for n in who):
            continue
        blocked = tuple(n for n in names if not n.startswith("actor_")
                        and not getattr(case, n)(actor=actor))
        if not blocked and not case.may_trigger(trigger, actor=actor):
            blocked = ("refused",)
        blockers = tuple(b for name in blocked for b in case.facts.blockers_of(name))
        result.append(Offer(trigger, blocked, trigger in REASON_REQUIRED, blockers))
    return result


def may_edit(case: Case, actor: Actor, section: str) -> bool:
    """Whether actor may change section ('targets', 'realisations', ...) in the current state."""
    states, who = EDITS[section]
    return case.state in states and getattr(case, who)(actor=actor)


def may_edit_in(state: str, facts: Facts, actor: Actor, section: str) -> bool:
    """may_edit for a row of a list, from its stored state and facts."""
    states, who = EDITS[section]
    if state not in states:
        return False
    return getattr(Case(state, facts), who)(actor=actor)


def may_view(facts: Facts, actor: Actor) -> bool:
    """Whether actor may read the assessment: its employee, assessor, committee, head, admin."""
    is_party = actor.employee_id is not None and actor.employee_id in (
        facts.employee_id, facts.assessor_id)
    return (
        actor.is_admin
        or is_party
        or facts.agency_id in actor.committee_agencies
        or facts.agency_id in actor.approver_agencies
    )


def mermaid_diagram() -> str:
    """The workflow as a Mermaid stateDiagram drawn by transitions' GraphMachine from the data above.

    The styling lines GraphMachine adds mark a *current* state, which a diagram of the whole
    workflow has not got (and its capitalised ``Class`` keyword does not parse on GitHub), so they
    are left out.
    """
    machine = GraphMachine(
        states=STATES, transitions=TRANSITIONS, initial=STATES[0], auto_transitions=False,
        graph_engine="mermaid", show_conditions=True, title="Assessment workflow",
    )
    source = machine.get_graph().draw(None)
    kept = [line.rstrip() for line in source.splitlines()
            if not line.strip().startswith(("Class ", "classDef "))]
    return "\n".join(line for line in kept if line) + "\n"
