"""Forms of the admin blueprint."""
from flask_babel import lazy_gettext as _l
from portal.forms import NumberRange, PortalForm
from wtforms import DateField, IntegerField, SelectField
from wtforms.validators import InputRequired, ValidationError

from portal.fields import choices
from portal.labels import FREQUENCY_LABELS


class PeriodForm(PortalForm):
    """A new SKP year with the deadline of each phase, which must follow one another."""

    year = IntegerField(_l("Tahun"), validators=[
        InputRequired(_l("Isi tahun.")), NumberRange(2020, 2100, _l("Tahun tidak wajar."))])
    targets_due = DateField(_l("Batas penyusunan SKP"), validators=[InputRequired(_l("Isi tanggal."))])
    self_assessment_due = DateField(_l("Batas penilaian mandiri"), validators=[InputRequired(_l("Isi tanggal."))])
    review_due = DateField(_l("Batas penilaian atasan"), validators=[InputRequired(_l("Isi tanggal."))])
    calibration_due = DateField(_l("Batas kalibrasi"), validators=[InputRequired(_l("Isi tanggal."))])
    approval_due = DateField(_l("Batas persetujuan"), validators=[InputRequired(_l("Isi tanggal."))])
    evaluation_frequency = SelectField(_l("Evaluasi periodik"), choices=choices(FREQUENCY_LABELS),
                                       default="quarterly")
    peer_anonymity_threshold = IntegerField(
        _l("Ambang anonimitas umpan balik rekan"), default=3,
        validators=[NumberRange(1, 20, _l("Isi bilangan 1 sampai 20."))])

    def validate_approval_due(self, field):
        dates = [self.targets_due.data, self.self_assessment_due.data, self.review_due.data,
                 self.calibration_due.data, field.data]
        if all(dates) and dates != sorted(dates):
            raise ValidationError(_l("Batas waktu setiap tahap harus berurutan."))


class FrequencyForm(PortalForm):
    """How often the periodic evaluation of a period runs: monthly or quarterly."""

    evaluation_frequency = PeriodForm.evaluation_frequency


class PeerThresholdForm(PortalForm):
    """How many peers must answer before the employee sees the aggregate of their feedback."""

    peer_anonymity_threshold = PeriodForm.peer_anonymity_threshold
