"""The domain core: record shapes and their rules. No Qt, no SQL, no network."""

from veldwerk_core.models.actor import Actor, Profile, Role
from veldwerk_core.models.audit import AuditAction, AuditEvent
from veldwerk_core.models.base import Record, new_id, utc_now
from veldwerk_core.models.errors import FieldError, RecordInvalid, RecordNotFound, VeldwerkError
from veldwerk_core.models.group import Group, GroupLocation, GroupMember, GroupStep, LegacyTag
from veldwerk_core.models.handover import Handover, HandoverStatus
from veldwerk_core.models.meeting import Meeting, MeetingItem
from veldwerk_core.models.merge import YouthMerge
from veldwerk_core.models.notice import Notice
from veldwerk_core.models.plan import PlanVersion
from veldwerk_core.models.referral import Referral, ReferralStatus
from veldwerk_core.models.screening import ExternalResult, Instrument, Screening
from veldwerk_core.models.sharing import Consent, Share
from veldwerk_core.models.signal import (
    FollowUp,
    LegalBasis,
    Place,
    PlaceKind,
    Severity,
    Signal,
    SourceKind,
)
from veldwerk_core.models.task import Task, TaskStatus
from veldwerk_core.models.trajectory import Agreement, Evaluation, Goal, Signature, Trajectory
from veldwerk_core.models.youth import Gender, Involvement, Relation, RelationKind, Youth

RECORD_TYPES: dict[str, type[Record]] = {
    model.kind: model
    for model in (
        Youth,
        Relation,
        Involvement,
        Group,
        Signal,
        Instrument,
        Screening,
        Trajectory,
        Goal,
        Agreement,
        Evaluation,
        Signature,
        PlanVersion,
        Consent,
        Share,
        Handover,
        Notice,
        Meeting,
        MeetingItem,
        Task,
        YouthMerge,
        Referral,
    )
}
"""Every record kind that is stored in the vault and synced, by its ``kind``."""

__all__ = [
    "RECORD_TYPES",
    "Consent",
    "Handover",
    "HandoverStatus",
    "Meeting",
    "MeetingItem",
    "Notice",
    "Share",
    "Task",
    "TaskStatus",
    "YouthMerge",
    "Referral",
    "ReferralStatus",
    "Actor",
    "Agreement",
    "AuditAction",
    "AuditEvent",
    "Evaluation",
    "ExternalResult",
    "FieldError",
    "FollowUp",
    "Gender",
    "Goal",
    "Group",
    "GroupLocation",
    "GroupMember",
    "GroupStep",
    "Instrument",
    "Involvement",
    "LegacyTag",
    "LegalBasis",
    "Place",
    "PlaceKind",
    "PlanVersion",
    "Profile",
    "Record",
    "RecordInvalid",
    "RecordNotFound",
    "Relation",
    "RelationKind",
    "Role",
    "Screening",
    "Severity",
    "Signal",
    "Signature",
    "SourceKind",
    "Trajectory",
    "VeldwerkError",
    "Youth",
    "new_id",
    "utc_now",
]
