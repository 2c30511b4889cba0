"""The survey form: nine SKM elements answered 1-4, an optional comment, a honeypot and the
form's one-time token."""
from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, RadioField, StringField, TextAreaField
from wtforms.validators import InputRequired, Optional

from portal.fields import choices
from portal.forms import Length, PortalForm
from portal.labels import SKM_ELEMENT_LABELS, SKM_SCALE_LABELS
from portal.services.feedback.surveys import COMMENT_MAX


class SurveyForm(PortalForm):
    """A citizen's answers; u1..u9 are added below, one per SKM element."""

    comment = TextAreaField(_l("Saran atau komentar (tidak wajib)"), validators=[
        Optional(), Length(max=COMMENT_MAX)])
    # Left empty by people (it is hidden from them); bots that fill every field give themselves
    # away.
    website = StringField(_l("Situs web"))
    form_token = HiddenField(validators=[InputRequired()])

    @property
    def answers(self) -> list[int | None]:
        return [self[f"u{n}"].data for n in range(1, len(SKM_ELEMENT_LABELS) + 1)]

    @property
    def elements(self) -> list:
        return [self[f"u{n}"] for n in range(1, len(SKM_ELEMENT_LABELS) + 1)]


for _number, _label in enumerate(SKM_ELEMENT_LABELS, start=1):
    setattr(SurveyForm, f"u{_number}", RadioField(
        _label, choices=choices(SKM_SCALE_LABELS), coerce=int,
        validators=[InputRequired(_l("Pilih salah satu jawaban."))]))
del _number, _label
