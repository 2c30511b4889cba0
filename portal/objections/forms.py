"""Forms of the objection section. Filing carries the assessment's version (like every step
form); the other actions carry the objection's own version, which the template writes from the
objection as shown, so a refused form can be sent again against the fresh state."""
from flask_babel import lazy_gettext as _l
from wtforms import IntegerField, RadioField, TextAreaField
from wtforms.validators import DataRequired, Optional

from portal.assessments.forms import VersionedForm
from portal.fields import choices
from portal.forms import Length, PortalForm
from portal.labels import OBJECTION_DECISION_LABELS, RATING_LABELS


class FileObjectionForm(VersionedForm):
    """The employee's written objection: reasons and evidence."""

    objection_reasons = TextAreaField(_l("Alasan keberatan"), validators=[
        DataRequired(_l("Alasan keberatan wajib diisi.")), Length(max=8000)])
    objection_evidence = TextAreaField(_l("Bukti dukung (tautan atau uraian)"), validators=[
        Optional(), Length(max=8000)])


class ObjectionVersionForm(PortalForm):
    """A form bound to one version of an objection."""

    objection_version = IntegerField(validators=[Optional()])


class ExplanationRequestForm(ObjectionVersionForm):
    """The decider asks the assessor and the employee to explain."""

    request_text = TextAreaField(_l("Pertanyaan atau hal yang perlu dijelaskan (opsional)"),
                                 validators=[Optional(), Length(max=4000)])


class StatementForm(PortalForm):
    """An explanation by a party to the objection."""

    statement_text = TextAreaField(_l("Keterangan Anda"), validators=[
        DataRequired(_l("Tulis keterangan terlebih dahulu.")), Length(max=8000)])


class DecisionForm(ObjectionVersionForm):
    """The decider's final decision: uphold, or change the ratings, in writing."""

    decision = RadioField(_l("Keputusan"), choices=choices(OBJECTION_DECISION_LABELS),
                          validators=[DataRequired(_l("Pilih keputusan."))])
    decision_hasil_kerja = RadioField(_l("Rating hasil kerja (bila diubah)"),
                                      choices=choices(RATING_LABELS), validate_choice=False)
    decision_perilaku = RadioField(_l("Rating perilaku kerja (bila diubah)"),
                                   choices=choices(RATING_LABELS), validate_choice=False)
    decision_text = TextAreaField(_l("Keputusan tertulis"), validators=[
        DataRequired(_l("Keputusan tertulis wajib diisi.")), Length(max=8000)])
