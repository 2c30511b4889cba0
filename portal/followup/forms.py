"""Forms of the follow-up: the decision on a proposal, a shortlist's outcome, and the steps of
a development plan (its items and dates, agreement, check-ins, closing)."""
from flask_babel import lazy_gettext as _l
from wtforms import DateField, RadioField, SelectField, TextAreaField
from wtforms.validators import DataRequired, Optional

from portal.fields import choices
from portal.followup.labels import (
    DECISION_LABELS,
    JUDGEMENT_LABELS,
    KIND_LABELS,
    OUTCOME_LABELS,
    SUPPORT_LABELS,
    TRACK_LABELS,
)
from portal.forms import Length, PortalForm


class DecisionForm(PortalForm):
    """BKD's or the agency head's decision on the proposal, with its reason."""

    decision = RadioField(_l("Keputusan"), choices=choices(DECISION_LABELS),
                          validators=[DataRequired(_l("Pilih terima, ubah atau tolak."))])
    kind = SelectField(_l("Tindak lanjut (bila diubah)"), choices=choices(KIND_LABELS),
                       validators=[Optional()])
    track = SelectField(_l("Diusulkan untuk (penghargaan)"),
                        choices=choices({"": "—", **TRACK_LABELS}), validators=[Optional()])
    reason = TextAreaField(_l("Alasan (wajib bila diubah atau ditolak)"),
                           validators=[Optional(), Length(max=2000)])


class OutcomeForm(PortalForm):
    """How a shortlist ended."""

    outcome = RadioField(_l("Hasil"), choices=choices(OUTCOME_LABELS),
                         validators=[DataRequired(_l("Pilih hasilnya."))])
    note = TextAreaField(_l("Catatan (opsional)"), validators=[Optional(), Length(max=2000)])


class ItemForm(PortalForm):
    """A line of a development plan."""

    goal = TextAreaField(_l("Sasaran"), validators=[
        DataRequired(_l("Sasaran wajib diisi.")), Length(max=2000)])
    action = TextAreaField(_l("Langkah/kegiatan"), validators=[
        DataRequired(_l("Langkah wajib diisi.")), Length(max=2000)])
    support = SelectField(_l("Dukungan"), choices=choices(SUPPORT_LABELS))
    due_on = DateField(_l("Target tanggal"), validators=[
        DataRequired(_l("Isi tanggal yang valid."))])


class DatesForm(PortalForm):
    """A development plan's start and end."""

    start_on = DateField(_l("Mulai"), validators=[DataRequired(_l("Isi tanggal yang valid."))])
    end_on = DateField(_l("Selesai"), validators=[DataRequired(_l("Isi tanggal yang valid."))])


class CheckinForm(PortalForm):
    """A check-in the assessor records."""

    held_on = DateField(_l("Tanggal pertemuan"), validators=[Optional()])
    note = TextAreaField(_l("Catatan kemajuan"), validators=[
        DataRequired(_l("Catatan kemajuan wajib diisi.")), Length(max=2000)])


class CloseForm(PortalForm):
    """The closing judgement of a plan."""

    judgement = RadioField(_l("Penilaian akhir"), choices=choices(JUDGEMENT_LABELS),
                           validators=[DataRequired(_l("Pilih penilaian akhir rencana."))])
    closing_note = TextAreaField(_l("Alasan penilaian"), validators=[
        DataRequired(_l("Alasan penilaian wajib diisi.")), Length(max=2000)])


class ActionForm(PortalForm):
    """A single-button action (agree, remove an item): its CSRF token only."""
