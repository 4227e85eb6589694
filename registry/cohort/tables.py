"""The cohort table: sortable, paginated, one row per patient."""

import django_tables2 as tables
from django.db.models import F, QuerySet

from assessments.models import RefractoryStatus
from patients.models import Patient

REFRACTORY_LABELS = dict(RefractoryStatus.choices)


class CohortTable(tables.Table):
    registry_id = tables.Column(verbose_name="Registry id")
    name = tables.Column(
        empty_values=(), order_by=("family_name", "given_name"), verbose_name="Name"
    )
    department = tables.Column(accessor="department__code", verbose_name="Department")
    diagnosis = tables.Column(verbose_name="Subtype")
    sex = tables.Column()
    symptom_onset_date = tables.DateColumn(format="Y-m-d", verbose_name="Onset")
    last_visit = tables.DateColumn(format="Y-m-d", verbose_name="Last visit")
    visit_count = tables.Column(verbose_name="Visits")
    refractory_status = tables.Column(verbose_name="Refractory status", default="Not evaluated")
    overdue_count = tables.Column(verbose_name="Overdue reminders")

    class Meta:
        model = Patient
        fields = (
            "registry_id",
            "name",
            "department",
            "diagnosis",
            "sex",
            "symptom_onset_date",
            "last_visit",
            "visit_count",
            "refractory_status",
            "overdue_count",
        )
        order_by = ("name",)
        attrs = {"class": "table table-sm table-striped table-hover align-middle"}
        empty_text = "No patient matches these filters."

    def render_name(self, record: Patient) -> str:
        return f"{record.family_name}, {record.given_name}"

    def render_refractory_status(self, value: str) -> str:
        return REFRACTORY_LABELS.get(value, value)

    def order_last_visit(
        self, queryset: QuerySet[Patient], is_descending: bool
    ) -> tuple[QuerySet[Patient], bool]:
        """Sort by last visit with never-seen patients last, on SQLite and PostgreSQL alike."""
        last = F("last_visit")
        order = last.desc(nulls_last=True) if is_descending else last.asc(nulls_last=True)
        return queryset.order_by(order, "pk"), True
