"""The survey form: nine SKM elements answered 1-4 in each element's own words, the optional
respondent profile, an optional comment, a honeypot and the form's signed one-time token."""
from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, RadioField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, Optional

from portal.fields import choices
from portal.forms import Length, PortalForm
from portal.labels import (
    SKM_ANSWER_LABELS,
    SKM_ELEMENT_LABELS,
    SKM_PROFILE_CHOICES,
    SKM_PROFILE_LABELS,
)
from portal.services.feedback.surveys import COMMENT_MAX


class SurveyForm(PortalForm):
    """A citizen's answers; u1..u9 and the profile fields are added below."""

    comment = TextAreaField(_l("Saran atau komentar (tidak wajib)"), validators=[
        Optional(), Length(max=COMMENT_MAX)])
    # Left empty by people (it is hidden from them); bots that fill every field give themselves
    # away.
    website = StringField(_l("Situs web"))
    # Checked by the service (signed by the portal, for this service, recent, once), which
    # names what is wrong with it.
    form_token = HiddenField()

    @property
    def answers(self) -> list[int | None]:
        return [field.data for field in self.elements]

    @property
    def elements(self) -> list:
        return [self[f"u{n}"] for n in range(1, len(SKM_ELEMENT_LABELS) + 1)]

    @property
    def profile_fields(self) -> list:
        return [self[name] for name in SKM_PROFILE_LABELS]

    @property
    def profile(self) -> dict[str, str | None]:
        """The profile as chosen, None where left empty."""
        return {name: self[name].data or None for name in SKM_PROFILE_LABELS}


for _number, (_label, _answers) in enumerate(zip(SKM_ELEMENT_LABELS, SKM_ANSWER_LABELS,
                                                  strict=True), start=1):
    setattr(SurveyForm, f"u{_number}", RadioField(
        _label, choices=choices(_answers), coerce=int,
        validators=[InputRequired(_l("Pilih salah satu jawaban."))]))
for _name, _label in SKM_PROFILE_LABELS.items():
    setattr(SurveyForm, _name, SelectField(
        _label, choices=[SelectChoice("", _l("Tidak diisi")), *choices(SKM_PROFILE_CHOICES[_name])],
        validate_choice=True, default=""))
del _number, _label, _answers, _name
