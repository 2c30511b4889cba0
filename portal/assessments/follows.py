"""What follows a workflow action, by name: the confirmation asked before it, the message after.

Both name the people the notifications reach (portal.services.messaging.notifications decides
who; the texts only say it), so what the page promises is what happens.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import format_date
from flask_babel import gettext as _

from portal.labels import CONFIRM_TEXTS, DONE_TEXTS, NOBODY_FOR, STATE_LABELS
from portal.models import Assessment
from portal.services.messaging.notifications import STEP_OWNER, Preview, transition_preview
from portal.services.review.objections import clock as objection_clock
from workflows.assessment import DESTINATIONS, Actor


def join_names(names: list[str]) -> str:
    """Names for a sentence: "A", "A dan B", "A; B dan C" (names often hold commas: titles)."""
    if len(names) <= 1:
        return "".join(names)
    return _("%(names)s dan %(last)s", names="; ".join(names[:-1]), last=names[-1])


def _key(trigger: str) -> str:
    return "reopen" if trigger.startswith("reopen_to_") else trigger


def _params(assessment: Assessment, trigger: str, preview: Preview) -> dict:
    dest = DESTINATIONS[trigger]
    owner = STEP_OWNER.get(dest)
    nobody = str(NOBODY_FOR[owner]) if owner in NOBODY_FOR else ""
    params = {"next": join_names(preview.next_names) or nobody,
              "employee": assessment.employee.name, "stage": STATE_LABELS[dest]}
    window = objection_clock(assessment)
    if window is not None:
        params["date"] = format_date(window.closes, "long")
    return params


@dataclass(frozen=True)
class Confirmation:
    """The second step of an action: what it does and who is told, with what was typed."""

    trigger: str
    text: str
    told: str
    reason: str


def preview(assessment: Assessment, trigger: str, actor: Actor) -> Preview:
    """Who acts after trigger and who is told of it (read before the action is taken)."""
    return transition_preview(assessment, trigger, DESTINATIONS[trigger], actor)


def confirmation(assessment: Assessment, trigger: str, actor: Actor,
                 reason: str = "") -> Confirmation:
    """The confirmation of trigger on assessment for actor, naming who follows and who is told."""
    seen = preview(assessment, trigger, actor)
    text = str(CONFIRM_TEXTS[_key(trigger)]) % _params(assessment, trigger, seen)
    # No full stop straight after a name: names often end in a title such as "M.M.".
    told = (_("%(names)s akan diberi tahu lewat portal.", names=join_names(seen.told_names))
            if seen.told_names else _("Tidak ada yang diberi tahu lewat portal."))
    return Confirmation(trigger, text, told, (reason or "").strip())


def done_message(assessment: Assessment, trigger: str, seen: Preview) -> str:
    """What the actor reads once trigger is taken: what happens next, and who was told."""
    text = str(DONE_TEXTS[_key(trigger)]) % _params(assessment, trigger, seen)
    if seen.told_names:
        text += " " + _("%(names)s telah diberi tahu.", names=join_names(seen.told_names))
    return text
