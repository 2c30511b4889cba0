"""All models, importable from one place (and all registered before Alembic reads the metadata)."""
from portal.models.assessments import (
    Assessment, AuditEvent, BehaviourExpectation, Evidence, Feedback, Indicator, PeriodicRating,
    Realisation, Rhk, SkpAttachment,
)
from portal.models.bundles import DocumentBundle
from portal.models.jobs import BackgroundJob, OutboxMessage
from portal.models.learning import PracticeRun
from portal.models.imports import ImportJob, PeopleImport, PeopleImportRow
from portal.models.careers import AngkaKreditEvent, AngkaKreditJenjang, AngkaKreditPercent
from portal.models.followup import (
    DevelopmentPlan, FollowUp, FollowUpEvent, PlanCheckin, PlanItem,
)
from portal.models.library import AgencySector, SkpTemplate, SkpTemplateIndicator
from portal.models.calibration import CalibrationRecord, DistributionRule, OrgPredikat
from portal.models.logins import LoginAttempt
from portal.models.monitoring import MonitoringFigure
from portal.models.moves import PeriodAssessor, Posting
from portal.models.notifications import Notification, ReminderLog
from portal.models.objections import Objection, ObjectionStatement
from portal.models.org import Agency, OrgEvent, Position, Unit
from portal.models.outside import OutsideDecision
from portal.models.peers import PeerReview, PeerScore
from portal.models.people import AccountEvent, Employee, RoleGrant, User
from portal.models.public_services import (
    ImportProblem, Service, ServiceImport, ServiceOfficer, ServiceRecord, SurveyResponse,
)
from portal.models.periods import Period, PeriodAgency, PeriodOpening
from portal.models.ratelimits import RateLimitCount

__all__ = [
    "AngkaKreditEvent", "AngkaKreditJenjang", "AngkaKreditPercent",
    "AccountEvent", "Agency", "Assessment", "AuditEvent", "BackgroundJob", "BehaviourExpectation", "CalibrationRecord",
    "DistributionRule", "DocumentBundle", "Employee", "Evidence", "Feedback", "ImportProblem",
    "Indicator", "ImportJob", "LoginAttempt", "MonitoringFigure", "Notification", "Objection", "ObjectionStatement", "OutboxMessage",
    "OrgEvent", "OrgPredikat", "OutsideDecision", "PeopleImport", "PeopleImportRow", "PeerReview",
    "PeerScore", "PeriodAssessor", "Posting", "Period", "PeriodAgency", "PeriodOpening",
    "PeriodicRating", "Position", "PracticeRun", "RateLimitCount", "Realisation", "ReminderLog", "Rhk", "RoleGrant",
    "Service", "ServiceImport", "ServiceOfficer", "ServiceRecord", "SkpAttachment",
    "SurveyResponse", "Unit", "User",
    "AgencySector", "SkpTemplate", "SkpTemplateIndicator",
]
# Tindak lanjut (portal.models.followup)
__all__ += ["DevelopmentPlan", "FollowUp", "FollowUpEvent", "PlanCheckin", "PlanItem"]
