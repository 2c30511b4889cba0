"""The `send-reminders` command, for cron: `flask --app app send-reminders [--days N]`."""
import click

from portal.notifications import bp
from portal.services import queue
from portal.services.messaging import reminders


@bp.cli.command("send-reminders")
@click.option("--days", default=3, show_default=True, type=click.IntRange(min=0),
              help="Remind of steps due within this many days (overdue ones always).")
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Run as if today were this date (YYYY-MM-DD), e.g. to test.")
def send_reminders(days, today):
    """Remind everyone whose SKP step is due soon or overdue, and supervisors of overdue steps.

    Safe to run twice: a reminder goes to each user at most once a day per assessment.
    Recorded as a "reminders" job (/admin/jobs), as the worker's daily run is.
    """
    summary = queue.run_here("reminders", None, lambda: reminders.send_reminders(
        today.date() if today else None, days))
    if summary.period is None:
        click.echo("No open period: no reminders sent.")
        return
    sent = summary.sent
    click.echo(f"{summary.period}, {summary.today.isoformat()}: {summary.waiting} assessment(s) "
               f"at a step due within {days} day(s) or overdue.")
    click.echo(f"Reminders sent: {summary.total} (due soon {sent['due']}, overdue "
               f"{sent['overdue']}, to supervisors {sent['escalation']}, peer feedback due "
               f"{sent['peer']}, peer feedback unanswered {sent['peer_expired']}); already sent "
               f"today: {summary.skipped}; e-mails queued: {summary.emails}.")
