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
    def seed_demo():
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
        base = app.config["PORTAL_BASE_URL"].rstrip("/")
        click.echo(f"Citizen survey, no login: {base}{DEMO_SURVEY_PATH}")
