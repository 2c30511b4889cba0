"""The objection (keberatan) workflow of PP 30/2019 Pasal 59, declared as data.

The employee files a written objection within the window after the result is communicated; the
atasan pejabat penilai kinerja (the assessor's own superior) may ask the assessor and the
employee to explain, then upholds or changes the ratings. The decision is final.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from workflows.assessment import Actor
from workflows.machines import SharedMachineModel, shared

STATES = [
    "filed",        # Diajukan: waiting for the atasan
    "explaining",   # Klarifikasi: the assessor and the employee are asked to explain
    "decided",      # Diputus: final
]

TRANSITIONS = [
    dict(trigger="request_explanations", source="filed", dest="explaining",
         conditions=["actor_is_decider"]),
    dict(trigger="decide", source=["filed", "explaining"], dest="decided",
         conditions=["actor_is_decider"]),
]

# Who may add a statement (explanation) in which states.
STATEMENT_STATES = ("filed", "explaining")


@dataclass(frozen=True)
class ObjectionFacts:
    """The parties of one objection."""

    employee_id: int
    assessor_id: int | None
    decider_id: int


class ObjectionCase(SharedMachineModel):
    """The machine's model for one objection; its state starts at the stored one. Its triggers
    (case.decide(actor=...)) and checks (case.may_trigger(name, ...)) go to the process's one
    MACHINE (workflows.machines)."""

    def __init__(self, state: str, facts: ObjectionFacts):
        if state not in STATES:  # transitions would silently add an unknown state
            raise ValueError(f"unknown objection state {state!r}")
        self.facts = facts
        self.state = state  # the stored state: a loaded row is never reset to the first one

    def actor_is_decider(self, actor: Actor, **_) -> bool:
        """The atasan pejabat penilai kinerja named when the objection was filed."""
        return actor.employee_id is not None and actor.employee_id == self.facts.decider_id

    def statement_role(self, actor: Actor) -> str | None:
        """'employee', 'assessor' or 'decider' if actor may explain now, else None."""
        if self.state not in STATEMENT_STATES or actor.employee_id is None:
            return None
        if actor.employee_id == self.facts.employee_id:
            return "employee"
        if actor.employee_id == self.facts.assessor_id:
            return "assessor"
        if actor.employee_id == self.facts.decider_id:
            return "decider"
        return None


MACHINE = shared(ObjectionCase, STATES, TRANSITIONS)


def window_closes(communicated_at: dt.datetime, days: int) -> dt.date:
    """The last day an objection may be filed: communicated on day 0, filed by day `days`."""
    return communicated_at.date() + dt.timedelta(days=days)


def may_file(communicated_at: dt.datetime | None, days: int, today: dt.date) -> bool:
    """Whether an objection filed today is within the window (inclusive of its last day)."""
    return communicated_at is not None and today <= window_closes(communicated_at, days)
