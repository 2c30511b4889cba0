"""The assessment page's current step: loading it for a user, its context, answering a POST.

Shared by the route modules of the assessments blueprint (routes, planning, execution); each
section of the step adds what its partial needs through a context provider.
"""
from __future__ import annotations

from collections.abc import Callable

from flask import abort, flash, redirect, url_for

from portal.assessments.forms import ActionForm, CalibrationForm, RatingForm, VersionedForm
from portal.extensions import db
from portal.labels import REFUSALS
from portal.models import Assessment
from portal.services.review import assessments as service
from portal.services.errors import NotAllowed, Refused
from portal.web import current_actor, refusal_text, render_page_or_fragment, wants_fragment
from workflows.assessment import EDITS, Actor, may_edit

CHANGED_EVENT = "assessment-changed"

# Functions (assessment, actor, editable) -> dict adding a section's forms to the step context.
CONTEXT_PROVIDERS: list[Callable[[Assessment, Actor, dict[str, bool]], dict]] = []


def context_provider(function):
    """Register function as a provider of step context (see CONTEXT_PROVIDERS)."""
    CONTEXT_PROVIDERS.append(function)
    return function


def get_assessment(assessment_id: int) -> Assessment:
    """The assessment, or 404 when it does not exist and 403 when the user may not see it."""
    assessment = service.load(assessment_id)
    if assessment is None:
        abort(404)
    try:
        service.check_view(assessment, current_actor())
    except NotAllowed as refusal:
        abort(403, description=REFUSALS[refusal.message])
    return assessment


def step_context(assessment: Assessment, failed_action: str | None = None, **overrides) -> dict:
    """Everything the step partial needs; overrides (forms, typed values) keep what the user typed.

    failed_action names the action button whose form (with its reason) is being shown again.
    """
    actor = current_actor()
    case = service.case_for(assessment)
    editable = {section: may_edit(case, actor, section) for section in EDITS}
    context = {
        "a": assessment,
        "offers": service.allowed_offers(assessment, actor),
        "editable": editable,
        "action_form": ActionForm(formdata=None, version=assessment.version),
        "rating_form": RatingForm(
            formdata=None, version=assessment.version,
            rating_hasil_kerja=assessment.rating_hasil_kerja,
            hasil_kerja_note=assessment.rating_hasil_kerja_note,
            rating_perilaku=assessment.rating_perilaku,
            perilaku_note=assessment.rating_perilaku_note,
        ),
        "calibration_form": CalibrationForm(
            formdata=None, version=assessment.version,
            rating_hasil_kerja=assessment.rating_hasil_kerja,
            rating_perilaku=assessment.rating_perilaku,
        ),
        "failed_action": failed_action,
        "confirming": None,  # a follows.Confirmation while an action waits for its second click
    }
    for provider in CONTEXT_PROVIDERS:
        context.update(provider(assessment, actor, editable))
    for name, value in overrides.items():
        if isinstance(value, VersionedForm):
            # Keep what the user typed, but bind it to the version now shown: after a conflict
            # the user sees the fresh state and may resubmit deliberately.
            value.version.data = assessment.version
            value.version.raw_data = [str(assessment.version)]
        if name == "indicator_form":
            context["indicator_forms"][value.rhk_id] = value
        else:
            context[name] = value
    return context


def confirm(assessment: Assessment, confirmation):
    """Show the step with the confirmation of one action in place of its button (nothing changes).

    Without JavaScript this is the whole page; with htmx, the step alone.
    """
    context = step_context(assessment, confirming=confirmation)
    return render_page_or_fragment("assessments/page.html", "assessments/_step.html", **context)


def respond(assessment_id: int, *, refusal: Refused | None = None, status: int = 200,
            message: str | Callable[[Assessment], str] | None = None,
            failed_action: str | None = None, **overrides):
    """Answer a POST: the fresh step for htmx, or redirect-after-post for a plain form.

    message may be a function of the fresh assessment, for a message about its new state.

    On a refusal the step is rendered with the refusal's status and message and with the forms
    as the user filled them, so nothing typed is lost.
    """
    db.session.rollback()  # drop anything a refused operation left pending; reload fresh
    assessment = get_assessment(assessment_id)
    if callable(message):  # a message that reads the fresh assessment
        message = message(assessment)
    if refusal is not None:
        status = refusal.status
        message = refusal_text(refusal)
    if status == 200 and not wants_fragment():
        if message:
            flash(message, "success")
        return redirect(url_for("assessments.show", assessment_id=assessment_id))
    context = step_context(assessment, failed_action, **overrides)
    context["message"] = message
    context["message_category"] = "success" if status == 200 else "error"
    response = render_page_or_fragment("assessments/page.html", "assessments/_step.html",
                                       status, **context)
    if status == 200:
        response.headers["HX-Trigger"] = CHANGED_EVENT
    return response
