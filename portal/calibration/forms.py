"""Forms of the calibration page: the organisation predikat, a rating change, finishing a unit."""
from wtforms import HiddenField, IntegerField, SelectField, TextAreaField
from wtforms.validators import DataRequired, InputRequired
from wtforms.widgets import HiddenInput

from portal.fields import choices
from portal.forms import Length, PortalForm
from portal.i18n import lazy_gettext as _l
from portal.labels import ORG_PREDIKAT_LABELS, RATING_LABELS


class OrgPredikatForm(PortalForm):
    """The head's predikat kinerja organisasi and the basis it rests on (prefix org).

    The agency is the one of the view the form was posted from (its hidden `view` field).
    """

    predikat = SelectField(_l("Predikat organisasi"), choices=choices(ORG_PREDIKAT_LABELS),
                           validators=[InputRequired(_l("Pilih predikat kinerja organisasi."))])
    basis = TextAreaField(_l("Dasar penetapan"), validators=[
        DataRequired(_l("Isi dasar penetapan predikat kinerja organisasi.")), Length(max=4000)])


class RowCalibrationForm(PortalForm):
    """The committee's change of one listed assessment's ratings, with its written reason.

    Each row's form has the prefix a<id>, so the ids of its fields are unique on the page.
    """

    version = IntegerField(widget=HiddenInput(), validators=[InputRequired()])
    rating_hasil_kerja = SelectField(_l("Rating hasil kerja"), choices=choices(RATING_LABELS),
                                     validators=[InputRequired(_l("Pilih rating hasil kerja."))])
    rating_perilaku = SelectField(_l("Rating perilaku kerja"), choices=choices(RATING_LABELS),
                                  validators=[InputRequired(_l("Pilih rating perilaku kerja."))])
    reason = TextAreaField(_l("Alasan perubahan"), validators=[
        DataRequired(_l("Alasan wajib diisi.")), Length(max=4000)])


class FinishUnitForm(PortalForm):
    """Finishing the calibration of the viewed unit (or the whole agency), with its justification
    and the fingerprint of the reviewed assessments the user saw (prefix finish)."""

    seen = HiddenField()
    justification = TextAreaField(_l("Justifikasi sebaran"), validators=[Length(max=8000)])
