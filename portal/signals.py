"""Domain events, sent by the services once their change is made.

Listeners (notifications, e-mail, the follow-up) subscribe here, so the services that change
assessments need not know who cares. Every signal's sender is the changed object; keyword
arguments carry the actor (a workflows Actor) and what happened.

An assessment's transitions and calibrated ratings (the two below marked "in the transaction")
are sent inside the action's transaction, flushed and before its one COMMIT: a listener that
writes does so in a savepoint of it (db.session.begin_nested()), so that a failure of its own
rolls back only what it wrote and the action still commits. The others are sent after their
transaction commits.
"""
from blinker import Namespace

_events = Namespace()

# sender: Assessment; actor, trigger, from_state, reason (in the transaction)
assessment_transitioned = _events.signal("assessment-transitioned")
# sender: Assessment; actor, reason, before=(rating hasil kerja, rating perilaku) (in the
# transaction)
ratings_calibrated = _events.signal("ratings-calibrated")
# sender: Assessment; actor, feedback (a Feedback row)
feedback_given = _events.signal("feedback-given")
# sender: Objection; actor, event ('filed', 'explanations_requested', 'statement', 'decided')
objection_changed = _events.signal("objection-changed")
# sender: ServiceImport; officer_ids (set of employee ids), start and end (the received_at span)
service_records_imported = _events.signal("service-records-imported")
# sender: SurveyResponse (its service_id and officer_id say whose figures changed)
survey_submitted = _events.signal("survey-submitted")
# sender: PeerReview; actor, event ('requested', 'proposed', 'approved', 'declined', 'answered')
peer_review_changed = _events.signal("peer-review-changed")
# sender: FollowUp; actor, event ('plan_opened', 'plan_agreed_by_employee',
# 'plan_agreed_by_assessor', 'plan_agreed', 'plan_checkin', 'plan_closed', 'outcome')
followup_changed = _events.signal("followup-changed")
