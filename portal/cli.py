"""Commands for `flask --app app ...`: the workflow diagram and the demo organisation."""
import click
from flask import Flask

from workflows.assessment import mermaid_diagram


def init_app(app: Flask) -> None:
    @app.cli.command("workflow-diagram")
    def workflow_diagram():
        """Print the assessment workflow as a Mermaid stateDiagram."""
        click.echo(mermaid_diagram(), nl=False)

    @app.cli.command("seed-demo")
    @click.option("--base-url", default=None, metavar="URL",
                  help="The address the portal is served on, for the printed survey link "
                       "(default: PORTAL_BASE_URL).")
    def seed_demo(base_url: str | None):
        """Load the demo organisation (Jambi agencies, people, a period); idempotent."""
        from portal.demo import seed

        created = seed()
        if created:
            click.echo("Demo organisation loaded.")
        else:
            click.echo("Demo organisation already present; nothing changed.")
        from portal.demo import DEMO_LOGINS, DEMO_PASSWORD, DEMO_SURVEY_PATH

        click.echo(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for role, login, name in DEMO_LOGINS:
            click.echo(f"  {role:<28} {login:<24} {name}")
        from portal.links import public_base

        base = (base_url or "").rstrip("/") or public_base()
        if base:
            click.echo(f"Citizen survey, no login: {base}{DEMO_SURVEY_PATH}")
        else:
            click.echo(f"Citizen survey, no login: {DEMO_SURVEY_PATH} on the portal's address "
                       "(set PORTAL_BASE_URL to print the whole link)")
