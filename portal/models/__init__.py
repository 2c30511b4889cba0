"""All models, importable from one place (and all registered before Alembic reads the metadata)."""
from portal.models.assessments import (
    Assessment, AuditEvent, BehaviourExpectation, Evidence, Feedback, Indicator, PeriodicRating,
    Realisation, Rhk, SkpAttachment,
)
from portal.models.org import Agency, Position, Unit
from portal.models.people import Employee, RoleGrant, User
from portal.models.periods import Period

__all__ = [
    "Agency", "Assessment", "AuditEvent", "BehaviourExpectation", "Employee", "Evidence",
    "Feedback", "Indicator", "Period", "PeriodicRating", "Position", "Realisation", "Rhk",
    "RoleGrant", "SkpAttachment", "Unit", "User",
]
