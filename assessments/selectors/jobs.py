"""Reads of refractory evaluations for pages and exports, in a constant number of queries."""

from django.db.models import OuterRef, QuerySet, Subquery

from assessments.models import RefractoryEvaluation
from patients.models import Patient

LATEST_FIELDS = ("status", "reason", "evaluated_at")


def _latest_for_patient() -> QuerySet[RefractoryEvaluation]:
    return RefractoryEvaluation.objects.filter(patient_id=OuterRef("pk")).order_by(
        "-evaluated_at", "-id"
    )


def patient_refractory_status_subquery() -> Subquery:
    """Return a subquery giving a patient's current refractory status (None if never run).

    Use it in an annotation on a Patient queryset:
    ``Patient.objects.annotate(refractory_status=patient_refractory_status_subquery())``.
    """
    return Subquery(_latest_for_patient().values("status")[:1])


def patients_with_latest_evaluation(queryset: QuerySet[Patient]) -> QuerySet[Patient]:
    """Annotate each patient with ``refractory_status``, ``_reason`` and ``_evaluated_at``.

    One query however many patients: each value is a correlated subquery on the latest
    evaluation (index ``evaluation_latest_idx``). Patients never evaluated get None.
    """
    return queryset.annotate(
        **{
            f"refractory_{name}": Subquery(_latest_for_patient().values(name)[:1])
            for name in LATEST_FIELDS
        }
    )


def latest_evaluation(*, patient: Patient) -> RefractoryEvaluation | None:
    """Return the patient's current refractory evaluation, or None if never evaluated."""
    return (
        RefractoryEvaluation.objects.filter(patient=patient)
        .select_related("baseline_visit", "followup_visit")
        .order_by("-evaluated_at", "-id")
        .first()
    )


def evaluation_history(*, patient: Patient) -> QuerySet[RefractoryEvaluation]:
    """Return the patient's evaluations, newest first: each row is one change of status."""
    return RefractoryEvaluation.objects.filter(patient=patient).order_by("-evaluated_at", "-id")


def refractory_panel(*, patient: Patient, history: int = 10) -> dict[str, object]:
    """Return the context of ``assessments/partials/patient_refractory.html`` (one query)."""
    rows = list(
        evaluation_history(patient=patient).select_related("baseline_visit", "followup_visit")[
            :history
        ]
    )
    return {"refractory_evaluation": rows[0] if rows else None, "refractory_history": rows}
