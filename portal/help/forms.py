"""Forms of the practice assessment. Each carries the practice run's version, so a step sent
twice (a double click, a second tab) acts once."""
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired

from portal.assessments.forms import VersionedForm
from portal.fields import LocalDecimalField, choices
from portal.forms import Length, NumberRange
from portal.labels import ASPECT_LABELS


class PracticeStepForm(VersionedForm):
    """A step with nothing to fill in: let the simulated person act."""


class PracticeTargetsForm(VersionedForm):
    """The practice SKP: one RHK with its indicator and target."""

    rhk = TextAreaField(_l("Rencana Hasil Kerja (RHK)"), validators=[
        DataRequired(_l("Isi rencana hasil kerja.")), Length(max=2000)])
    indicator = StringField(_l("Indikator Kinerja Individu (IKI)"), validators=[
        DataRequired(_l("Isi indikator kinerja.")), Length(max=1000)])
    aspect = SelectField(_l("Aspek"), choices=choices(ASPECT_LABELS))
    target = LocalDecimalField(_l("Target"), validators=[
        InputRequired(_l("Isi target berupa angka.")), NumberRange(min=Decimal("0.01"), max=10**9)])
    unit = StringField(_l("Satuan"), validators=[
        DataRequired(_l("Isi satuan target, misalnya dokumen atau %.")), Length(max=40)])


class PracticeRealisationForm(VersionedForm):
    """The realisation of the practice indicator, with its evidence as text or a link."""

    value = LocalDecimalField(_l("Realisasi"), validators=[
        InputRequired(_l("Isi realisasi berupa angka.")), NumberRange(min=0, max=10**11)])
    evidence = TextAreaField(_l("Bukti dukung (uraian atau tautan)"), validators=[
        DataRequired(_l("Tuliskan bukti dukung: uraian singkat atau tautan dokumen.")),
        Length(max=2000)])


class PracticeSelfAssessmentForm(VersionedForm):
    """The learner's note on the year, sent with the self-assessment."""

    note = TextAreaField(_l("Catatan penilaian mandiri"), validators=[
        DataRequired(_l("Tuliskan catatan singkat tentang capaian Anda.")), Length(max=2000)])


class PracticeObjectionForm(VersionedForm):
    """A practice objection to the approved result."""

    reasons = TextAreaField(_l("Alasan keberatan"), validators=[
        DataRequired(_l("Alasan keberatan wajib diisi.")), Length(max=4000)])
