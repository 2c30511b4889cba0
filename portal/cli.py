"""Commands for `flask --app app ...`: the workflow diagram, the demo organisation, the audit
log's check, backup and restore, the job queue's worker, and accounts (the first admin, password,
disable/enable, end sessions)."""
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

    @app.cli.command("seed-library")
    def seed_library():
        """Load the indicator library's first templates into an empty library; idempotent."""
        from portal.demo.library import seed

        if seed():
            click.echo("Indicator library loaded.")
        else:
            click.echo("Indicator library already present; nothing changed.")

    @app.cli.command("worker")
    @click.option("--threads", default=2, show_default=True, type=click.IntRange(min=1),
                  help="Jobs run at once.")
    def worker(threads: int):
        """Run the job queue's worker (imports, openings, zips, e-mail, reminders) until
        Ctrl+C or SIGTERM; start one beside the app servers (portal.services.queue)."""
        import logging

        from flask import current_app

        logging.basicConfig(level=logging.INFO, format="%(asctime)s worker %(message)s")
        huey = current_app.extensions["huey"]
        if huey.immediate:
            raise click.ClickException("JOBS_IMMEDIATE=1 runs jobs inline: no worker needed.")
        huey.create_consumer(workers=threads, worker_type="thread", periodic=True,
                             check_worker_health=True).run()

    @app.cli.command("verify-audit")
    def verify_audit():
        """Check the audit log's hash chain: each event carries the SHA-256 of its content and of
        the previous event's hash. Prints "OK: N events", or names the first broken link (the
        event, its assessment, and whether it was edited, deleted before it, forged into the
        chain or written around it) and exits with status 1. Streams the log in chunks, so it
        runs in constant memory on any size of log. Deleting the newest events leaves no trace
        in the chain itself: compare the count with an earlier run or a backup."""
        from portal.services.review import audit_chain

        verdict = audit_chain.verify()
        if verdict.broken is None:
            click.echo(f"OK: {verdict.events} events")
            return
        broken = verdict.broken
        click.echo(f"BROKEN at event {broken.event_id} (assessment {broken.assessment_id}), "
                   f"{broken.kind}: {broken.detail}", err=True)
        raise SystemExit(1)

    @app.cli.command("create-admin")
    @click.argument("email")
    @click.argument("name")
    def create_admin(email, name):
        """Make a BKD admin account (EMAIL, NAME) with a temporary password, printed once and to
        be changed at the first sign-in: how an empty database gets its first admin, who then
        loads the organisation and runs the year in the browser."""
        from portal.services.errors import Invalid
        from portal.services.people import accounts

        try:
            user, password = accounts.create_admin(email, name)
        except Invalid as refused:
            raise click.ClickException({
                "admin_email_invalid": f"Not an e-mail address: {email}",
                "admin_name_required": "The name must not be empty.",
                "admin_email_taken": f"An account with {email} exists already.",
            }[refused.message]) from None
        click.echo(f"BKD admin {user.display_name} <{user.email}> created.")
        click.echo(f"Temporary password (shown once, to be changed at the first sign-in): "
                   f"{password}")

    @app.cli.command("set-password")
    @click.argument("login")
    @click.password_option(prompt="Kata sandi baru")
    @click.option("--no-force-change", is_flag=True,
                  help="Let the user keep this password (by default they must change it at "
                       "the next sign-in, as after an admin's reset).")
    def set_password(login, password, no_force_change):
        """Give LOGIN (NIP or e-mail) a new password; every session of the user ends and, unless
        --no-force-change, the user must change it at the next sign-in."""
        from portal.extensions import db
        from portal.services.errors import Invalid
        from portal.services.people import accounts, logins

        user = _account(logins, login)
        try:
            accounts.set_new_password(user, password, must_change=not no_force_change)
        except Invalid as refused:
            raise click.ClickException(
                f"Password too short: at least {refused.details['minimum']} characters.")
        accounts.record_command(user, "password_reset", "set-password")
        db.session.commit()
        then = "" if no_force_change else " The user must change it at the next sign-in."
        click.echo(f"Password of {login} changed; every session of the user ended.{then}")

    @app.cli.command("disable-user")
    @click.argument("login")
    def disable_user(login):
        """Disable LOGIN (NIP or e-mail): sign-in refused, every session ended at once."""
        from portal.services.people import accounts, logins, sessions

        user = _account(logins, login)
        accounts.record_command(user, "disabled", "disable-user")
        sessions.set_enabled(user, False)  # commits the event with it
        click.echo(f"{login} disabled; every session of the user ended.")

    @app.cli.command("enable-user")
    @click.argument("login")
    def enable_user(login):
        """Enable LOGIN (NIP or e-mail) again."""
        from portal.services.people import accounts, logins, sessions

        user = _account(logins, login)
        accounts.record_command(user, "enabled", "enable-user")
        sessions.set_enabled(user, True)  # commits the event with it
        click.echo(f"{login} enabled.")

    @app.cli.command("end-sessions")
    @click.argument("login")
    def end_sessions(login):
        """End every session of LOGIN (NIP or e-mail) on every device, e.g. after a lost phone."""
        from portal.services.people import logins, sessions

        sessions.end_sessions(_account(logins, login))
        click.echo(f"Every session of {login} ended.")

    @app.cli.command("backup")
    @click.argument("path", type=click.Path(path_type=str))
    def backup(path):
        """Write a backup of the database and the evidence files to PATH (a .tar.gz file, or a
        folder to put kinerja-<UTC time>.tar.gz in), consistent while the portal runs."""
        from portal import backups

        try:
            written, manifest = backups.backup(path)
        except backups.BackupError as error:
            raise click.ClickException(str(error)) from None
        click.echo(f"Backup written to {written}: {sum(manifest['tables'].values())} rows in "
                   f"{len(manifest['tables'])} tables, {len(manifest['files'])} evidence files, "
                   f"schema revision {manifest['database']['alembic_revision']}.")

    @app.cli.command("restore")
    @click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=str))
    @click.option("--force", is_flag=True,
                  help="Replace a database and evidence folder that are not empty.")
    def restore(path, force):
        """Restore the backup at PATH into the configured database and evidence folder (stop the
        portal first). Refuses a damaged archive, another schema revision, and a target that is
        not empty unless --force."""
        from portal import backups

        try:
            restored = backups.restore(path, force=force)
        except backups.BackupError as error:
            raise click.ClickException(str(error)) from None
        for what in restored.overwritten:
            click.echo(f"Replaced {what}.")
        click.echo(f"Restored {sum(restored.tables.values())} rows in {len(restored.tables)} "
                   f"tables and {restored.files} evidence files; row counts match the backup.")


def _account(logins, login: str):
    """The user LOGIN names, or a clean error for the operator."""
    user = logins.find_user(login)
    if user is None:
        raise click.ClickException(f"No user with NIP or e-mail {login}.")
    return user
