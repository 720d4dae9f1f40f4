"""SQLModel tables, one module per aggregate. Importing this package registers every table on `SQLModel.metadata`."""

from qa_tui.store.models.accounts import User, UserTeam
from qa_tui.store.models.audit import AuditEntry, AuditHead
from qa_tui.store.models.calibration import (
    CalibrationConsensus,
    CalibrationItem,
    CalibrationNote,
    CalibrationParticipant,
    CalibrationScoring,
    CalibrationSession,
)
from qa_tui.store.models.evaluations import Dispute, Evaluation, EvaluationAnswer, EvaluationRevision, Feedback
from qa_tui.store.models.interactions import Channel, Interaction
from qa_tui.store.models.meta import DatabaseInfo, StoreSecret
from qa_tui.store.models.mystery import MysteryScenario, MysteryShopper, MysteryVisit
from qa_tui.store.models.org import Agent, Site, Team
from qa_tui.store.models.sampling import ReviewAssignment, SamplingPlan
from qa_tui.store.models.scorecards import ScorecardRecord, ScorecardVersion
from qa_tui.store.models.privacy import RedactionMark, RedactionReview, RedactionScan, RetentionSetting
from qa_tui.store.models.subjects import Customer, DataSubject, SubjectKind

__all__ = [
    "CalibrationConsensus",
    "CalibrationItem",
    "CalibrationNote",
    "CalibrationParticipant",
    "CalibrationScoring",
    "CalibrationSession",
    "Agent",
    "Dispute",
    "Evaluation",
    "EvaluationAnswer",
    "EvaluationRevision",
    "Feedback",
    "MysteryScenario",
    "MysteryShopper",
    "MysteryVisit",
    "ReviewAssignment",
    "SamplingPlan",
    "ScorecardRecord",
    "ScorecardVersion",
    "AuditEntry",
    "AuditHead",
    "Channel",
    "Customer",
    "DataSubject",
    "DatabaseInfo",
    "Interaction",
    "RedactionMark",
    "RedactionReview",
    "RedactionScan",
    "RetentionSetting",
    "Site",
    "StoreSecret",
    "SubjectKind",
    "Team",
    "User",
    "UserTeam",
]
