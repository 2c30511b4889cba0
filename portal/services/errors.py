"""Refusals a service raises; the web layer turns each into its HTTP status and message."""


class Refused(Exception):
    """Base of every refusal: status is the HTTP status, message the user-facing key."""

    status = 400

    def __init__(self, message: str, **details):
        super().__init__(message)
        self.message = message
        self.details = details


class NotAllowed(Refused):
    """The actor may not do this to this object (not their assessment, not their role)."""

    status = 403


class NotNow(Refused):
    """The action exists for this actor but not in the assessment's current state or readiness."""

    status = 409


class StaleVersion(Refused):
    """Someone else changed the assessment since the actor loaded it."""

    status = 409


class Invalid(Refused):
    """The input is incomplete or malformed; the form keeps what the user typed."""

    status = 422


class BulkRefused(Refused):
    """An all-or-nothing action on many assessments refused because some cannot take it;
    details['refusals'] lists (assessment, Refused) for each."""

    status = 409
