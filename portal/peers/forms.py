"""Forms of peer feedback: asking or proposing colleagues, deciding a proposal, answering."""
from flask_babel import lazy_gettext as _l
from wtforms import DateField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import AnyOf, InputRequired, Optional

from portal.fields import choices
from portal.forms import Length, PortalForm
from portal.labels import PEER_SCORE_LABELS
from portal.rules.berakhlak import VALUES
from portal.services.feedback.peers import COMMENT_MAX


class PeerRequestForm(PortalForm):
    """The evaluation period and the deadline of a request; the colleagues come as the
    reviewer_ids checkboxes of the search (read by the view: their choices are the agency)."""

    period_no = SelectField(_l("Periode evaluasi"), coerce=int, default=0, id="peer-period")
    deadline = DateField(_l("Batas waktu menjawab"), id="peer-deadline", validators=[
        InputRequired(_l("Isi batas waktu umpan balik."))])


class ProposalDecisionForm(PortalForm):
    """The assessor's approve or decline of one proposal (the button pressed)."""

    decision = StringField(validators=[AnyOf(("approve", "decline"),
                                             _l("Pilih setujui atau tolak."))])


class PeerAnswerForm(PortalForm):
    """A colleague's answer: a score per BerAKHLAK value (fields score_<code>) and a comment."""

    comment = TextAreaField(_l("Komentar (opsional)"), validators=[
        Optional(), Length(max=COMMENT_MAX)])

    def score_fields(self):
        """The score fields in the order of the BerAKHLAK table, each with its value."""
        return [(value, self[f"score_{value.code}"]) for value in VALUES]

    def scores(self) -> dict[str, int]:
        return {value.code: f.data for value, f in self.score_fields()}


for _value in VALUES:
    setattr(PeerAnswerForm, f"score_{_value.code}", RadioField(
        _value.name, choices=choices(PEER_SCORE_LABELS), coerce=int,
        validators=[InputRequired(_l("Pilih penilaian untuk nilai ini."))]))
del _value
