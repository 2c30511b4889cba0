"""`flask --app app import-service-records FILE`: the same import as the upload page, for files
too large or too many to upload by hand."""
from __future__ import annotations

from pathlib import Path

import click
import sqlalchemy as sa
from flask_babel import force_locale

from portal.extensions import db
from portal.models import ServiceImport, User
from portal.records import bp
from portal.records.labels import IMPORT_STATUS_LABELS, import_message, problem_text
from portal.services import queue
from portal.services.errors import Refused
from portal.services.execution import records_import
from portal.web import refusal_text


def _print_progress(service_import: ServiceImport) -> None:
    total = service_import.total_rows or "?"
    click.echo(f"{IMPORT_STATUS_LABELS[service_import.status]}: "
               f"{service_import.processed_rows}/{total}")


@bp.cli.command("import-service-records")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--mode", type=click.Choice(ServiceImport.MODES), default="all", show_default=True,
              help="all: import only if every row is valid; valid_only: import the valid rows.")
@click.option("--admin-email", required=True, help="The admin recorded as the uploader.")
def import_service_records(file: Path, mode: str, admin_email: str) -> None:
    """Import service records from a CSV or Excel (.xlsx) FILE, printing progress."""
    with force_locale("id"):  # no request, so no session to choose the language from
        _import(file, mode, admin_email)


def _import(file: Path, mode: str, admin_email: str) -> None:
    user = db.session.scalar(sa.select(User).where(User.email == admin_email))
    if user is None or not user.is_admin:
        raise click.ClickException(f"{admin_email} is not an admin of the portal.")
    with open(file, "rb") as stream:
        try:
            service_import = records_import.submit(user, file.name, stream, mode, begin=False)
        except Refused as refusal:
            raise click.ClickException(refusal_text(refusal)) from None

    def progress(service_import: ServiceImport) -> None:
        queue.heartbeat()
        _print_progress(service_import)

    # Recorded as a "service_import" job of the import (/admin/jobs), as an upload's is.
    service_import = queue.run_here("service_import", service_import.id, lambda: records_import.run(
        service_import.id, progress=progress))
    click.echo(f"Import {service_import.id}: {IMPORT_STATUS_LABELS[service_import.status]}. "
               f"read {service_import.total_rows}, valid {service_import.valid_rows}, "
               f"refused {service_import.error_rows}, inserted {service_import.inserted_rows}, "
               f"updated {service_import.updated_rows}, "
               f"unchanged {service_import.unchanged_rows}.")
    if message := import_message(service_import):
        click.echo(message)
    problems, more = records_import.problems_page(service_import.id, 1, 20)
    for problem in problems:
        click.echo(f"  row {problem.row_no} {problem.column}: {problem.value!r} "
                   f"{problem_text(problem.problem, problem.value)}")
    if more:
        click.echo("  ...")
    if service_import.status != "done":
        raise SystemExit(1)
