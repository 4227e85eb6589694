"""Reads behind the cohort page: the filter bound to a user's scope, and table rows."""

from typing import Any

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from assessments.models import Visit
from assessments.selectors.jobs import patient_refractory_status_subquery
from patients.access import cohort_departments, cohort_patients
from patients.models import Department, Patient
from registry.cohort.filters import CohortFilter, overdue_reminders


def cohort_filter(
    *, data: Any, queryset: QuerySet[Patient], departments: QuerySet[Department]
) -> CohortFilter:
    """Return the cohort filter over ``queryset``, departments limited to ``departments``."""
    return CohortFilter(
        data if data is not None else {}, queryset=queryset, departments=departments
    )


def cohort_filter_for_page(*, user: Any, data: Any) -> CohortFilter:
    """Return the cohort filter of the cohort page and dashboard: the user's own cohort."""
    return cohort_filter(
        data=data, queryset=cohort_patients(user), departments=cohort_departments(user)
    )


def cohort_table_rows(patients: QuerySet[Patient]) -> QuerySet[Patient]:
    """Annotate filtered patients with what the cohort table shows, in one query."""
    visits = Visit.objects.filter(patient=OuterRef("pk"))
    overdue = overdue_reminders().filter(patient=OuterRef("pk")).order_by()
    return patients.select_related("department").annotate(
        refractory_status=patient_refractory_status_subquery(),
        overdue_count=Coalesce(
            Subquery(
                overdue.values("patient").annotate(n=Count("pk")).values("n"),
                output_field=IntegerField(),
            ),
            0,
        ),
        last_visit=Subquery(visits.order_by("-date").values("date")[:1]),
        visit_count=Coalesce(
            Subquery(
                visits.order_by().values("patient").annotate(n=Count("pk")).values("n"),
                output_field=IntegerField(),
            ),
            0,
        ),
    )
