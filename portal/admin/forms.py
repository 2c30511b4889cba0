"""Forms of the admin blueprint."""
import datetime as dt

from flask_babel import format_date
from flask_babel import lazy_gettext as _l
from portal.forms import NumberRange, PortalForm
from wtforms import DateField, IntegerField, RadioField, SelectField, SelectMultipleField
from wtforms.validators import InputRequired, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from portal.fields import choices
from portal.labels import FREQUENCY_LABELS

DEADLINE_FIELDS = ("targets_due", "self_assessment_due", "review_due", "calibration_due",
                   "approval_due")


class DeadlineFields(PortalForm):
    """The deadline of each phase of an SKP year, which must follow one another and fall
    within the year and the one after it (the annual rating ends in January)."""

    targets_due = DateField(_l("Batas penyusunan SKP"), validators=[InputRequired(_l("Isi tanggal."))])
    self_assessment_due = DateField(_l("Batas penilaian mandiri"), validators=[InputRequired(_l("Isi tanggal."))])
    review_due = DateField(_l("Batas penilaian atasan"), validators=[InputRequired(_l("Isi tanggal."))])
    calibration_due = DateField(_l("Batas kalibrasi"), validators=[InputRequired(_l("Isi tanggal."))])
    approval_due = DateField(_l("Batas persetujuan"), validators=[InputRequired(_l("Isi tanggal."))])
    periodic_due_days = IntegerField(
        _l("Batas evaluasi periodik (hari)"), default=10,
        validators=[NumberRange(0, 60, _l("Isi bilangan 0 sampai 60."))])

    def period_year(self) -> int | None:
        """The SKP year the deadlines belong to; None while unknown (no range is checked)."""
        return None

    def validate_approval_due(self, field):
        dates = [getattr(self, name).data for name in DEADLINE_FIELDS]
        if all(dates) and dates != sorted(dates):
            raise ValidationError(_l("Batas waktu setiap tahap harus berurutan."))

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        year = self.period_year()
        if year is None:
            return valid
        # Planning may start in December before the year; the annual rating ends in the next.
        first, last = dt.date(year - 1, 12, 1), dt.date(year + 1, 12, 31)
        for name in DEADLINE_FIELDS:
            field = getattr(self, name)
            if field.data and not first <= field.data <= last:
                field.errors = [*field.errors, _l(
                    "Tanggal harus antara %(first)s dan %(last)s.",
                    first=format_date(first, "long"), last=format_date(last, "long"))]
                valid = False
        return valid


class PeriodForm(DeadlineFields):
    """A new SKP year with the deadline of each phase."""

    year = IntegerField(_l("Tahun"), validators=[
        InputRequired(_l("Isi tahun.")), NumberRange(2020, 2100, _l("Tahun tidak wajar."))])
    evaluation_frequency = SelectField(_l("Evaluasi periodik"), choices=choices(FREQUENCY_LABELS),
                                       default="quarterly")
    peer_anonymity_threshold = IntegerField(
        _l("Ambang anonimitas umpan balik rekan"), default=3,
        validators=[NumberRange(1, 20, _l("Isi bilangan 1 sampai 20."))])

    def period_year(self) -> int | None:
        return self.year.data if not self.year.errors else None


class DeadlinesForm(DeadlineFields):
    """The deadlines of an existing period (a draft or an open one)."""

    def __init__(self, *args, year: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.period_year_value = year

    def period_year(self) -> int | None:
        return self.period_year_value


class FrequencyForm(PortalForm):
    """How often the periodic evaluation of a period runs: monthly or quarterly."""

    evaluation_frequency = PeriodForm.evaluation_frequency


class PeerThresholdForm(PortalForm):
    """How many peers must answer before the employee sees the aggregate of their feedback."""

    peer_anonymity_threshold = PeriodForm.peer_anonymity_threshold


class OpenPeriodForm(PortalForm):
    """The agencies to open a period for: all of them, or the ones ticked."""

    scope = RadioField(_l("Buka untuk"), default="all", choices=choices(
        {"all": _l("Semua instansi"), "chosen": _l("Instansi yang dipilih")}))
    agencies = SelectMultipleField(_l("Instansi"), coerce=int, choices=[],
                                   widget=ListWidget(prefix_label=False),
                                   option_widget=CheckboxInput())

    def validate_agencies(self, field):
        if self.scope.data == "chosen" and not field.data:
            raise ValidationError(_l("Pilih sekurangnya satu instansi."))

    def agency_ids(self) -> list[int] | None:
        """The agencies chosen (None: every agency)."""
        return None if self.scope.data == "all" else list(self.agencies.data)
