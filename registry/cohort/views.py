"""Cohort pages: the filtered list of patients and its dashboard."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET
from django_tables2 import RequestConfig

from patients.access import can_export, can_view_a_cohort, registry_view
from patients.models import Patient
from registry.cohort.charts import dashboard_charts
from registry.cohort.selectors import cohort_filter_for_page, cohort_table_rows
from registry.cohort.tables import CohortTable

PER_PAGE = 25
FILTER_PARAMS_IGNORED = ("sort", "page", "per_page")


def filter_params(request: HttpRequest) -> dict[str, list[str]]:
    """Return the filter part of the query string (without table sorting and paging)."""
    return {
        name: values
        for name, values in request.GET.lists()
        if name not in FILTER_PARAMS_IGNORED and any(values)
    }


@login_required
@require_GET
@registry_view(can_view_a_cohort)
def cohort_list(request: HttpRequest) -> HttpResponse:
    """Show the filtered cohort: filters, the count, and a sortable, paginated table."""
    filterset = cohort_filter_for_page(user=request.user, data=request.GET)
    patients = filterset.qs if filterset.is_valid() else Patient.objects.none()
    table = CohortTable(cohort_table_rows(patients))
    RequestConfig(request, paginate={"per_page": PER_PAGE}).configure(table)
    return render(
        request,
        "cohort/cohort_list.html",
        {
            "filter": filterset,
            "table": table,
            "count": table.paginator.count,
            "query": request.GET.urlencode(),
            "can_export": can_export(request.user),
        },
    )


@login_required
@require_GET
@registry_view(can_view_a_cohort)
def cohort_dashboard(request: HttpRequest) -> HttpResponse:
    """Show charts of the filtered cohort."""
    filterset = cohort_filter_for_page(user=request.user, data=request.GET)
    valid = filterset.is_valid()
    patients = filterset.qs if valid else Patient.objects.none()
    charts = dashboard_charts(patients, visit_range=filterset.visit_range())
    return render(
        request,
        "cohort/cohort_dashboard.html",
        {
            "filter": filterset,
            "count": patients.count(),
            "charts": charts,
            "query": request.GET.urlencode(),
            "can_export": can_export(request.user),
        },
    )
