"""Objective indicators on the assessment page: the labels and facts the step's partials need,
the review panel "Bukti objektif", the listeners that refresh computed realisations, and the
`refresh-indicators` command.
"""
from __future__ import annotations

import click
import sqlalchemy as sa
from flask.cli import with_appcontext

from portal.assessments import bp
from portal.assessments.execution import period_label, selected_period
from portal.assessments.step import context_provider
from portal.extensions import db
from portal.labels import DATA_SOURCE_FORMULAS, IKM_GRADE_LABELS
from portal.models import Assessment, Period
from portal.services import queue
from portal.services.execution import indicators
from portal.services.execution.execution import is_computed
from workflows.assessment import STATES, Actor

# The panel is evidence for the rating: shown to everyone from the self-assessment on, and to
# the supervisor already while realisations are recorded (for continuous feedback).
EVIDENCE_FROM = STATES.index("self_assessed")
EVIDENCE_FOR_ASSESSOR_FROM = STATES.index("targets_approved")


def shows_evidence(assessment: Assessment, actor: Actor) -> bool:
    """Whether the step shows actor the objective evidence panel now."""
    step = STATES.index(assessment.state)
    if step >= EVIDENCE_FROM:
        return True
    return (step >= EVIDENCE_FOR_ASSESSOR_FROM and actor.employee_id is not None
            and actor.employee_id == assessment.assessor_id)


@context_provider(sections=("targets", "realisations"))
def objective_context(assessment: Assessment, actor: Actor, _editable) -> dict:
    """Sources and formulas of bound indicators, their services' names, and the review panel
    of the evaluation period the step shows (the figures its Dokumen Evaluasi prints)."""
    bound = [i for rhk in assessment.rhks for i in rhk.indicators if is_computed(assessment, i)]
    shown = shows_evidence(assessment, actor)
    number = selected_period(assessment) if shown else 0
    evidence = indicators.objective_evidence(assessment, number) if shown else None
    return {
        "DATA_SOURCE_FORMULAS": DATA_SOURCE_FORMULAS,
        "IKM_GRADE_LABELS": IKM_GRADE_LABELS,
        "is_computed": lambda indicator: is_computed(assessment, indicator),
        # The panel's lines name their services already: no second query for the same names.
        "source_services": ({line.indicator.source_service_id: line.service
                             for line in evidence.lines if line.service}
                            if evidence is not None else indicators.service_names(bound)),
        "objective_evidence": evidence,
        "objective_label": period_label(assessment.period, number),
    }


@click.command("refresh-indicators")
@click.option("--year", type=int, default=None,
              help="Only the period of this year (any status); default: every open period.")
@with_appcontext
def refresh_indicators(year: int | None) -> None:
    """Recompute the realisations of every objective indicator, e.g. from cron or after bulk
    changes of service records or services. Safe to repeat."""
    query = sa.select(Period).order_by(Period.year)
    query = query.where(Period.year == year) if year else query.where(Period.status == "open")
    periods = list(db.session.scalars(query))
    if not periods:
        click.echo("No such period: nothing refreshed." if year else
                   "No open period: nothing refreshed.")
        return
    def refresh() -> list[tuple[str, int]]:
        return [(period.name, indicators.refresh_period(period)) for period in periods]

    # Recorded as an "indicator_refresh" job (/admin/jobs), as the worker's nightly run is.
    for name, changed in queue.run_here("indicator_refresh", None, refresh):
        click.echo(f"{name}: {changed} realisation(s) changed.")


@bp.record_once
def _subscribe(state) -> None:
    """Refresh computed realisations when records or survey answers arrive; add the command."""
    indicators.connect()
    state.app.cli.add_command(refresh_indicators)
