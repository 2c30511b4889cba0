"""The base of every form: Flask-WTF with CSRF, speaking the user's language, refusing NUL.

WTForms ships no Indonesian catalogue, so every message its fields and validators produce
themselves is mapped here to our own translatable texts (a test checks the map covers all of
WTForms' messages). Length and NumberRange are replaced by versions that name the limit in the
user's number format and, for text, how long the input is; every form imports them from here.
Text containing a NUL character (which PostgreSQL refuses to store) is refused on every field.
"""
from babel.numbers import format_decimal
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_wtf import FlaskForm
from wtforms import Label, validators
from wtforms.validators import ValidationError
from wtforms.widgets.core import clean_key

from portal.fields import FastLabel, render_widget
from portal.i18n import lazy_gettext as _l
from portal.signing import FormCSRF

WTFORMS_MESSAGES = {
    "Not a valid integer value.": _l("Isi bilangan bulat."),
    "Not a valid decimal value.": _l("Isi angka."),
    "Not a valid float value.": _l("Isi angka."),
    "Not a valid date value.": _l("Isi tanggal yang valid."),
    "Not a valid datetime value.": _l("Isi tanggal dan jam yang valid."),
    "Not a valid time value.": _l("Isi jam yang valid."),
    "Not a valid week value.": _l("Isi minggu yang valid."),
    "Not a valid choice.": _l("Pilih salah satu pilihan yang tersedia."),
    "Invalid Choice: could not coerce.": _l("Pilih salah satu pilihan yang tersedia."),
    "Invalid choice(s): one or more data inputs could not be coerced.":
        _l("Pilih salah satu pilihan yang tersedia."),
    "'%(value)s' is not a valid choice for this field.":
        _l("'%(value)s' bukan pilihan yang tersedia."),
    "'%(value)s' are not valid choices for this field.":
        _l("'%(value)s' bukan pilihan yang tersedia."),
    "Choices cannot be None.": _l("Tidak ada pilihan."),
    "This field is required.": _l("Wajib diisi."),
    "Invalid input.": _l("Isian tidak valid."),
    "Invalid field name '%s'.": _l("Nama isian '%s' tidak valid."),
    "Field must be equal to %(other_name)s.": _l("Isian harus sama dengan %(other_name)s."),
    "Field must be at least %(min)d character long.": _l("Paling sedikit %(min)d karakter."),
    "Field must be at least %(min)d characters long.": _l("Paling sedikit %(min)d karakter."),
    "Field cannot be longer than %(max)d character.": _l("Paling banyak %(max)d karakter."),
    "Field cannot be longer than %(max)d characters.": _l("Paling banyak %(max)d karakter."),
    "Field must be exactly %(max)d character long.": _l("Harus tepat %(max)d karakter."),
    "Field must be exactly %(max)d characters long.": _l("Harus tepat %(max)d karakter."),
    "Field must be between %(min)d and %(max)d characters long.":
        _l("Harus %(min)d sampai %(max)d karakter."),
    "Number must be at least %(min)s.": _l("Angka paling kecil %(min)s."),
    "Number must be at most %(max)s.": _l("Angka paling besar %(max)s."),
    "Number must be between %(min)s and %(max)s.": _l("Angka harus antara %(min)s dan %(max)s."),
    "Date must be at least %(min)s.": _l("Tanggal paling awal %(min)s."),
    "Date must be at most %(max)s.": _l("Tanggal paling akhir %(max)s."),
    "Date must be between %(min)s and %(max)s.": _l("Tanggal harus antara %(min)s dan %(max)s."),
    "Invalid email address.": _l("Alamat e-mail tidak valid."),
    "Invalid IP address.": _l("Alamat IP tidak valid."),
    "Invalid Mac address.": _l("Alamat MAC tidak valid."),
    "Invalid URL.": _l("Alamat web (URL) tidak valid."),
    "Invalid UUID.": _l("UUID tidak valid."),
    "Invalid value, must be one of: %(values)s.":
        _l("Isian tidak valid; harus salah satu dari: %(values)s."),
    "Invalid value, can't be any of: %(values)s.":
        _l("Isian tidak valid; tidak boleh salah satu dari: %(values)s."),
    "This field cannot be edited.": _l("Isian ini tidak dapat diubah."),
    "This field is disabled and cannot have a value.": _l("Isian ini nonaktif dan harus kosong."),
    "Invalid CSRF Token.": _l("Formulir kedaluwarsa; muat ulang halaman lalu kirim lagi."),
    "CSRF token missing.": _l("Formulir kedaluwarsa; muat ulang halaman lalu kirim lagi."),
    "CSRF failed.": _l("Formulir kedaluwarsa; muat ulang halaman lalu kirim lagi."),
    "CSRF token expired.": _l("Formulir kedaluwarsa; muat ulang halaman lalu kirim lagi."),
    "File does not have an approved extension.": _l("Jenis berkas tidak didukung."),
}

NUL_MESSAGE = _l("Isian memuat karakter NUL (kode 0) yang tidak dapat disimpan; hapus karakter "
                 "itu (biasanya terbawa saat menyalin dari berkas lain), lalu kirim lagi.")


def has_nul(value) -> bool:
    """Whether a posted value is text holding a NUL character."""
    return isinstance(value, str) and "\x00" in value


def _number(value) -> str:
    return format_decimal(value, locale=str(get_locale()))


class Length(validators.Length):
    """WTForms' Length, its message naming the limit and the length typed, in the user's
    language and number format ("Paling banyak 2.000 karakter; isian ini 2.345 karakter.")."""

    def __call__(self, form, field):
        try:
            super().__call__(form, field)
        except ValidationError:
            if self.message is not None:
                raise
            numbers = {"min": _number(self.min), "max": _number(self.max),
                       "length": _number(len(field.data or ""))}
            if self.min == -1:
                message = _l("Paling banyak %(max)s karakter; isian ini %(length)s karakter.")
            elif self.max == -1:
                message = _l("Paling sedikit %(min)s karakter; isian ini %(length)s karakter.")
            else:
                message = _l("Harus %(min)s sampai %(max)s karakter; isian ini %(length)s "
                             "karakter.")
            raise ValidationError(str(message) % numbers) from None


class NumberRange(validators.NumberRange):
    """WTForms' NumberRange with its default message in the user's language and number format."""

    def __call__(self, form, field):
        try:
            super().__call__(form, field)
        except ValidationError:
            if self.message is not None:
                raise
            low, high = self._resolve(self.min), self._resolve(self.max)
            if high is None:
                message = _l("Isi angka paling kecil %(min)s.")
            elif low is None:
                message = _l("Isi angka paling besar %(max)s.")
            else:
                message = _l("Isi angka antara %(min)s dan %(max)s.")
            numbers = {"min": _number(low) if low is not None else "",
                       "max": _number(high) if high is not None else ""}
            raise ValidationError(str(message) % numbers) from None


class _Translations:
    """The gettext interface WTForms asks its Meta for, answering from WTFORMS_MESSAGES."""

    def gettext(self, message: str) -> str:
        return str(WTFORMS_MESSAGES.get(message, message))

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.gettext(singular if n == 1 else plural)


class PortalForm(FlaskForm):
    """A CSRF-protected form whose built-in messages follow the interface language, and which
    refuses a NUL character in any field."""

    class Meta(FlaskForm.Meta):
        csrf_class = FormCSRF  # Flask-WTF's, its token signed through portal.signing

        def get_translations(self, form):
            return _Translations()

        def bind_field(self, form, unbound_field, options):
            """WTForms' bind_field, the field's label drawn through portal.fields."""
            field = super().bind_field(form, unbound_field, options)
            if type(field.label) is Label:
                field.label = FastLabel(field.label.field_id, field.label.text)
            return field

        def render_field(self, field, render_kw):
            """WTForms' render_field, drawing the common widgets through portal.fields."""
            render_kw = {clean_key(key): value for key, value in render_kw.items()}
            other = getattr(field, "render_kw", None)
            if other is not None:
                render_kw = {**{clean_key(key): value for key, value in other.items()},
                             **render_kw}
            return render_widget(field, render_kw)

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        for field in self:
            if any(has_nul(value) for value in (field.raw_data or ())):
                field.errors = [*field.errors, str(NUL_MESSAGE)]
                valid = False
        self._errors = None  # recomputed from the fields, with the errors added above
        return valid

    def error_summary(self, exclude=()) -> str:
        """A heading naming each field with an error: "Periksa isian yang ditandai: Komentar."
        (a fixed heading could name a problem the user does not have); empty when no field
        outside exclude (fields a heading of the caller's speaks of already) has one."""
        skipped = {field.name for field in exclude}
        labels = [str(field.label.text) or field.name for field in self
                  if field.errors and field.type != "CSRFTokenField"
                  and field.name not in skipped]
        if not labels:
            return ""
        return _("Periksa isian yang ditandai: %(fields)s.", fields=", ".join(labels))
