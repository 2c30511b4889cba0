"""All models, importable from one place (and all registered before Alembic reads the metadata)."""
from portal.models.assessments import Assessment, AuditEvent, Indicator, Realisation, Rhk
from portal.models.org import Agency, Position, Unit
from portal.models.people import Employee, RoleGrant, User
from portal.models.periods import Period

__all__ = [
    "Agency", "Assessment", "AuditEvent", "Employee", "Indicator", "Period", "Position",
    "Realisation", "Rhk", "RoleGrant", "Unit", "User",
]
