"""The base of every form: Flask-WTF with CSRF, speaking the user's language.

WTForms ships no Indonesian catalogue, so the few messages its fields produce themselves (a
number or date that does not parse, a choice not on the list) are mapped here to our own
translatable texts.
"""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm

WTFORMS_MESSAGES = {
    "Not a valid integer value.": _l("Isi bilangan bulat."),
    "Not a valid decimal value.": _l("Isi angka."),
    "Not a valid float value.": _l("Isi angka."),
    "Not a valid date value.": _l("Isi tanggal yang valid."),
    "Not a valid datetime value.": _l("Isi tanggal dan jam yang valid."),
    "Not a valid time value.": _l("Isi jam yang valid."),
    "Not a valid choice.": _l("Pilih salah satu pilihan yang tersedia."),
    "Invalid Choice: could not coerce.": _l("Pilih salah satu pilihan yang tersedia."),
    "This field is required.": _l("Wajib diisi."),
}


class _Translations:
    """The gettext interface WTForms asks its Meta for, answering from WTFORMS_MESSAGES."""

    def gettext(self, message: str) -> str:
        return str(WTFORMS_MESSAGES.get(message, message))

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.gettext(singular if n == 1 else plural)


class PortalForm(FlaskForm):
    """A CSRF-protected form whose built-in messages follow the interface language."""

    class Meta(FlaskForm.Meta):
        def get_translations(self, form):
            return _Translations()
