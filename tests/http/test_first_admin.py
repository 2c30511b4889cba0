"""An empty database gets its first BKD admin from the shell (`flask create-admin`); everything
after that (the organisation, the people, the periods) is done in the browser."""
import re

import sqlalchemy as sa

from portal.extensions import db
from portal.models import AccountEvent, RoleGrant, User
from tests.conftest import PortalClient


def _create(app, *args):
    return app.test_cli_runner().invoke(args=["create-admin", *args])


def test_the_first_admin_of_an_empty_database_signs_in_with_a_temporary_password_once(app):
    result = _create(app, "Admin.BKD@jambiprov.go.id", "Siti Rahma, S.Kom.")

    assert result.exit_code == 0, result.output
    password = re.search(r"Temporary password .*: (\S+)", result.output).group(1)
    user = db.session.scalar(sa.select(User))
    assert user.email == "admin.bkd@jambiprov.go.id" and user.employee_id is None
    assert user.is_admin and user.must_change_password and user.check_password(password)

    client = PortalClient(app.test_client()).login("admin.bkd@jambiprov.go.id", password)
    assert client.get("/people/").headers["Location"] == "/auth/password"  # held until changed
    changed = client.post("/auth/password", htmx=False, data={
        "current": password, "new": "pilihan-admin-2026", "repeated": "pilihan-admin-2026"})
    assert changed.status_code == 302
    assert client.get("/people/").status_code == 200  # the organisation pages, in the browser


def test_create_admin_refuses_a_taken_address_a_bad_one_and_an_empty_name(app):
    assert _create(app, "admin@jambiprov.go.id", "Siti Rahma").exit_code == 0

    taken = _create(app, "ADMIN@jambiprov.go.id", "Orang Lain")
    bad = _create(app, "bukan-alamat", "Orang Lain")
    unnamed = _create(app, "lain@jambiprov.go.id", "  ")

    assert taken.exit_code == 1 and "exists already" in taken.output
    assert bad.exit_code == 1 and "Not an e-mail address" in bad.output
    assert unnamed.exit_code == 1 and "name must not be empty" in unnamed.output
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 1
    assert db.session.scalar(sa.select(sa.func.count()).select_from(RoleGrant)) == 1


def test_the_admin_made_on_the_shell_is_recorded_in_the_accounts_audit(app):
    _create(app, "admin@jambiprov.go.id", "Siti Rahma")

    user = db.session.scalar(sa.select(User))
    events = db.session.execute(sa.select(AccountEvent.user_id, AccountEvent.actor_id,
                                          AccountEvent.action, AccountEvent.reason)).all()
    assert events == [(user.id, None, "created",
                       "flask create-admin (baris perintah server)")]
