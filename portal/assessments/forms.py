"""Forms of the assessment page. Each carries the version the user saw (optimistic locking)."""
from flask_babel import lazy_gettext as _l
from portal.forms import PortalForm
from wtforms import IntegerField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length
from wtforms.widgets import HiddenInput

from portal.fields import LocalDecimalField, choices
from portal.labels import ASPECT_LABELS, KIND_LABELS, RATING_LABELS


class VersionedForm(PortalForm):
    """A form bound to one version of the assessment."""

    version = IntegerField(widget=HiddenInput(), validators=[InputRequired()])


class ActionForm(VersionedForm):
    """A workflow action button, with the reason that return paths require."""

    reason = TextAreaField(_l("Alasan"), validators=[Length(max=4000)])


class IndicatorForm(VersionedForm):
    """An Indikator Kinerja Individu with its aspect and target."""

    aspect = SelectField(_l("Aspek"), choices=choices(ASPECT_LABELS))
    text = StringField(_l("Indikator Kinerja Individu (IKI)"), validators=[
        DataRequired(_l("Isi indikator kinerja.")), Length(max=1000)])
    target_value = LocalDecimalField(_l("Target"), validators=[
        InputRequired(_l("Isi target berupa angka."))])
    target_unit = StringField(_l("Satuan"), validators=[
        DataRequired(_l("Isi satuan target, misalnya dokumen atau %.")), Length(max=40)])


class RhkForm(IndicatorForm):
    """A new Rencana Hasil Kerja together with its first indicator (an RHK needs one)."""

    kind = SelectField(_l("Jenis"), choices=choices(KIND_LABELS))
    rhk_text = TextAreaField(_l("Rencana Hasil Kerja"), validators=[
        DataRequired(_l("Isi rencana hasil kerja.")), Length(max=2000)])


class CalibrationForm(VersionedForm):
    """The committee's change to the two ratings, with its written reason."""

    rating_hasil_kerja = RadioField(_l("Rating hasil kerja"), choices=choices(RATING_LABELS),
                                    validators=[InputRequired(_l("Pilih rating hasil kerja."))])
    rating_perilaku = RadioField(_l("Rating perilaku kerja"), choices=choices(RATING_LABELS),
                                 validators=[InputRequired(_l("Pilih rating perilaku kerja."))])
    reason = TextAreaField(_l("Alasan perubahan"), validators=[
        DataRequired(_l("Alasan wajib diisi.")), Length(max=4000)])


class RatingForm(VersionedForm):
    """The supervisor's two ratings, each with its written justification."""

    rating_hasil_kerja = CalibrationForm.rating_hasil_kerja
    hasil_kerja_note = TextAreaField(_l("Justifikasi rating hasil kerja"), validators=[
        DataRequired(_l("Justifikasi rating hasil kerja wajib diisi.")), Length(max=4000)])
    rating_perilaku = CalibrationForm.rating_perilaku
    perilaku_note = TextAreaField(_l("Justifikasi rating perilaku kerja"), validators=[
        DataRequired(_l("Justifikasi rating perilaku kerja wajib diisi.")), Length(max=4000)])
