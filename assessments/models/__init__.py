"""Visits with the IMACS core set measures, and what is computed from them."""

from assessments.models.jobs import WorkerHeartbeat
from assessments.models.score import (
    ClassificationCategory,
    ClassificationSubgroup,
    TisCategory,
    VisitScore,
)
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
    "EnzymeUnit",
    "MmtVariant",
    "TisCategory",
    "Visit",
    "VisitScore",
    "WorkerHeartbeat",
]
