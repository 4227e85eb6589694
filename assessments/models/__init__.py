"""Visits with the IMACS core set measures, and what is computed from them."""

from assessments.models.contact import ContactAttempt, ContactMethod, ContactOutcome
from assessments.models.jobs import WorkerHeartbeat
from assessments.models.refractory import (
    EvaluationTrigger,
    RefractoryEvaluation,
    RefractoryStatus,
)
from assessments.models.reminders import (
    Reminder,
    ReminderDigest,
    ReminderKind,
    ReminderStatus,
)
from assessments.models.score import (
    ClassificationCategory,
    ClassificationSubgroup,
    TisCategory,
    VisitScore,
)
from assessments.models.sweeps import SweepChunk, SweepRun, SweepState
from assessments.models.visit import (
    BILATERAL_GROUPS,
    ENZYMES,
    MMT_GROUPS,
    MYOACT_FIELDS,
    EnzymeUnit,
    MmtVariant,
    Visit,
)

__all__ = [
    "BILATERAL_GROUPS",
    "ENZYMES",
    "MMT_GROUPS",
    "MYOACT_FIELDS",
    "ClassificationCategory",
    "ClassificationSubgroup",
    "ContactAttempt",
    "ContactMethod",
    "ContactOutcome",
    "EnzymeUnit",
    "EvaluationTrigger",
    "MmtVariant",
    "RefractoryEvaluation",
    "RefractoryStatus",
    "Reminder",
    "ReminderDigest",
    "ReminderKind",
    "ReminderStatus",
    "SweepChunk",
    "SweepRun",
    "SweepState",
    "TisCategory",
    "Visit",
    "VisitScore",
    "WorkerHeartbeat",
]
