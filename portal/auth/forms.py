"""Forms of the auth blueprint."""
from portal.forms import PortalForm
from portal.i18n import lazy_gettext as _l  # flask_babel's, faster (see portal.i18n)
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired


class LoginForm(PortalForm):
    """Log in with NIP or e-mail and password."""

    login = StringField(_l("NIP atau e-mail"), validators=[DataRequired(_l("Isi NIP atau e-mail."))])
    password = PasswordField(_l("Kata sandi"), validators=[DataRequired(_l("Isi kata sandi."))])


class ChangePasswordForm(PortalForm):
    """The user's own new password: the current one, then the new one twice."""

    current = PasswordField(_l("Kata sandi sekarang"),
                            validators=[DataRequired(_l("Isi kata sandi sekarang."))])
    new = PasswordField(_l("Kata sandi baru"),
                        validators=[DataRequired(_l("Isi kata sandi baru."))])
    repeated = PasswordField(_l("Ulangi kata sandi baru"),
                             validators=[DataRequired(_l("Ulangi kata sandi baru."))])
