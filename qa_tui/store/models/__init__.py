"""SQLModel tables, one module per aggregate. Importing this package registers every table on `SQLModel.metadata`."""

from qa_tui.store.models.accounts import User, UserTeam
from qa_tui.store.models.actions import ImprovementAction
from qa_tui.store.models.audit import AuditEntry, AuditHead
from qa_tui.store.models.complaints import Complaint, ComplaintEscalation, ComplaintPolicy
from qa_tui.store.models.calibration import (
    CalibrationConsensus,
    CalibrationItem,
    CalibrationNote,
    CalibrationParticipant,
    CalibrationScoring,
    CalibrationSession,
)
from qa_tui.store.models.evaluations import Dispute, Evaluation, EvaluationAnswer, EvaluationRevision, Feedback
from qa_tui.store.models.frame_cache import FrameCache
from qa_tui.store.models.interactions import Channel, Interaction
from qa_tui.store.models.meta import DatabaseInfo, StoreSecret
from qa_tui.store.models.mystery import MysteryScenario, MysteryShopper, MysteryVisit
from qa_tui.store.models.org import Agent, Site, Team
from qa_tui.store.models.sampling import ReviewAssignment, SamplingPlan
from qa_tui.store.models.scorecards import ScorecardRecord, ScorecardVersion
from qa_tui.store.models.privacy import (
    RedactionMark, RedactionReview, RedactionScan, RetentionSetting, WithdrawnImportKey,
)
from qa_tui.store.models.standards import ServiceStandard
from qa_tui.store.models.subjects import Customer, DataSubject, SubjectKind
from qa_tui.store.models.surveys import FeedbackItem, SurveyResponse

__all__ = [
    "Complaint",
    "ComplaintEscalation",
    "ComplaintPolicy",
    "ImprovementAction",
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
    "FeedbackItem",
    "FrameCache",
    "MysteryScenario",
    "MysteryShopper",
    "MysteryVisit",
    "ReviewAssignment",
    "SamplingPlan",
    "ScorecardRecord",
    "ScorecardVersion",
    "ServiceStandard",
    "SurveyResponse",
    "WithdrawnImportKey",
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
