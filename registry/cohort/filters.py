"""The cohort filter: narrows a patient queryset from GET parameters (a shareable URL).

Every filter on a related record is an ``Exists`` subquery, so a patient never appears
twice and the queryset stays free of joins that would multiply rows.
"""

import datetime as dt
from typing import Any

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django_filters.fields import RangeField
from django_filters.widgets import DateRangeWidget

from assessments.models import RefractoryStatus, Reminder, ReminderKind, ReminderStatus, Visit
from assessments.selectors.jobs import patient_refractory_status_subquery
from patients.models import (
    MSA,
    Antibody,
    AntibodyOutcome,
    AntibodyResult,
    Department,
    Patient,
    Subtype,
)
from registry.cohort.scores import NOT_SCORED, TIS_CHOICES, last_visit_tis_category
from treatments.models import Drug, TherapyCourse


class Serostatus:
    MSA_POSITIVE = "msa_positive"
    MSA_NEGATIVE = "msa_negative"
    MSA_UNTESTED = "msa_untested"
    CHOICES = (
        (MSA_POSITIVE, "Any myositis-specific antibody positive"),
        (MSA_NEGATIVE, "MSA-negative: every MSA tested is negative"),
        (MSA_UNTESTED, "No MSA tested"),
    )


THERAPY_LINE_CHOICES = ((1, "Line 1"), (2, "Line 2"), (3, "Line 3"))
NOT_EVALUATED = "not_evaluated"
REFRACTORY_CHOICES = (*RefractoryStatus.choices, (NOT_EVALUATED, "Never evaluated"))
ANY_KIND = "any"
OVERDUE_CHOICES = ((ANY_KIND, "Any kind"), *ReminderKind.choices)


def overdue_reminders(today: dt.date | None = None) -> QuerySet[Reminder]:
    """Return the reminders that are overdue: still open and due before today."""
    today = today or timezone.localdate()
    return Reminder.objects.filter(status=ReminderStatus.OPEN, due_date__lt=today)


class DateInput(forms.DateInput):
    input_type = "date"


class DateInputRangeWidget(DateRangeWidget):
    """Two ``<input type=date>`` named ``<name>_after`` and ``<name>_before``."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        forms.MultiWidget.__init__(self, (DateInput(attrs={"class": "form-control"}),) * 2, attrs)


class DateRangeField(RangeField):
    """A from/to pair of dates, either end optional, returned as a ``slice`` of dates."""

    widget = DateInputRangeWidget

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__((forms.DateField(), forms.DateField()), *args, **kwargs)

    def compress(self, data_list: list[dt.date | None]) -> slice | None:
        if not data_list or (data_list[0] is None and data_list[1] is None):
            return None
        start, stop = data_list
        if start and stop and start > stop:
            raise forms.ValidationError("The start date must not be after the end date.")
        return slice(start, stop)


class DateRangeFilter(django_filters.RangeFilter):
    field_class = DateRangeField


def date_range_q(field: str, value: slice) -> Q:
    """Return the condition ``field`` lies within the (open-ended) date range."""
    condition = Q()
    if value.start is not None:
        condition &= Q(**{f"{field}__gte": value.start})
    if value.stop is not None:
        condition &= Q(**{f"{field}__lte": value.stop})
    return condition


def _select_multiple(size: int = 5) -> forms.SelectMultiple:
    return forms.SelectMultiple(attrs={"class": "form-select", "size": size})


class CohortFilter(django_filters.FilterSet):
    """Filters of the cohort page, dashboard and exports.

    Pass ``departments``: the departments the user may pick (the queryset given must
    already be limited to the patients the user may see).
    """

    department = django_filters.ModelMultipleChoiceFilter(
        queryset=Department.objects.none(), widget=_select_multiple(3), label="Department"
    )
    subtype = django_filters.MultipleChoiceFilter(
        field_name="diagnosis",
        choices=Subtype.choices,
        widget=_select_multiple(),
        label="Subtype (current diagnosis)",
    )
    antibody = django_filters.MultipleChoiceFilter(
        choices=Antibody.choices,
        method="filter_antibody",
        widget=_select_multiple(),
        label="Positive for any of",
    )
    serostatus = django_filters.ChoiceFilter(
        choices=Serostatus.CHOICES,
        method="filter_serostatus",
        empty_label="Any",
        widget=forms.Select(attrs={"class": "form-select"}),
        label="Myositis-specific antibodies",
    )
    therapy_line = django_filters.MultipleChoiceFilter(
        choices=THERAPY_LINE_CHOICES,
        method="filter_therapy_line",
        widget=_select_multiple(3),
        label="Therapy line received",
    )
    drug = django_filters.ModelMultipleChoiceFilter(
        queryset=Drug.objects.all(),
        method="filter_drug",
        widget=_select_multiple(),
        label="Drug received",
    )
    refractory = django_filters.MultipleChoiceFilter(
        choices=REFRACTORY_CHOICES,
        method="filter_refractory",
        widget=_select_multiple(3),
        label="Refractory status (latest evaluation)",
    )
    overdue = django_filters.ChoiceFilter(
        choices=OVERDUE_CHOICES,
        method="filter_overdue",
        empty_label="No filter",
        widget=forms.Select(attrs={"class": "form-select"}),
        label="Has overdue reminders",
    )
    tis_category = django_filters.MultipleChoiceFilter(
        choices=TIS_CHOICES,
        method="filter_tis_category",
        widget=_select_multiple(3),
        label="TIS category at the last visit",
    )
    onset = DateRangeFilter(method="filter_onset", label="Symptom onset between")
    visit_date = DateRangeFilter(method="filter_visit_date", label="Visit between")

    class Meta:
        model = Patient
        fields: list[str] = []

    def __init__(
        self,
        data: Any = None,
        queryset: QuerySet[Patient] | None = None,
        *,
        departments: QuerySet[Department],
        **kwargs: Any,
    ) -> None:
        super().__init__(data, queryset, **kwargs)
        if last_visit_tis_category() is None:
            del self.filters["tis_category"]
        self.filters["department"].queryset = departments
        self.form.fields["department"].queryset = departments

    def filter_antibody(
        self, queryset: QuerySet[Patient], name: str, value: list[str]
    ) -> QuerySet[Patient]:
        if not value:
            return queryset
        positive = AntibodyResult.objects.filter(
            panel__patient=OuterRef("pk"), antibody__in=value, result=AntibodyOutcome.POSITIVE
        )
        return queryset.filter(Exists(positive))

    def filter_serostatus(
        self, queryset: QuerySet[Patient], name: str, value: str
    ) -> QuerySet[Patient]:
        msa = AntibodyResult.objects.filter(panel__patient=OuterRef("pk"), antibody__in=MSA)
        positive = Exists(msa.filter(result=AntibodyOutcome.POSITIVE))
        not_negative = Exists(
            msa.filter(result__in=[AntibodyOutcome.POSITIVE, AntibodyOutcome.BORDERLINE])
        )
        tested = Exists(msa.exclude(result=AntibodyOutcome.NOT_TESTED))
        if value == Serostatus.MSA_POSITIVE:
            return queryset.filter(positive)
        if value == Serostatus.MSA_NEGATIVE:
            return queryset.filter(tested).exclude(not_negative)
        if value == Serostatus.MSA_UNTESTED:
            return queryset.exclude(tested)
        return queryset

    def filter_therapy_line(
        self, queryset: QuerySet[Patient], name: str, value: list[str]
    ) -> QuerySet[Patient]:
        if not value:
            return queryset
        courses = TherapyCourse.objects.filter(patient=OuterRef("pk"), line_of_therapy__in=value)
        return queryset.filter(Exists(courses))

    def filter_drug(
        self, queryset: QuerySet[Patient], name: str, value: QuerySet[Drug]
    ) -> QuerySet[Patient]:
        if not value:
            return queryset
        courses = TherapyCourse.objects.filter(patient=OuterRef("pk"), drug__in=value)
        return queryset.filter(Exists(courses))

    def filter_refractory(
        self, queryset: QuerySet[Patient], name: str, value: list[str]
    ) -> QuerySet[Patient]:
        if not value:
            return queryset
        condition = Q(latest_refractory_status__in=value)
        if NOT_EVALUATED in value:
            condition |= Q(latest_refractory_status__isnull=True)
        return queryset.alias(latest_refractory_status=patient_refractory_status_subquery()).filter(
            condition
        )

    def filter_overdue(
        self, queryset: QuerySet[Patient], name: str, value: str
    ) -> QuerySet[Patient]:
        reminders = overdue_reminders().filter(patient=OuterRef("pk"))
        if value != ANY_KIND:
            reminders = reminders.filter(kind=value)
        return queryset.filter(Exists(reminders))

    def filter_tis_category(
        self, queryset: QuerySet[Patient], name: str, value: list[str]
    ) -> QuerySet[Patient]:
        category = last_visit_tis_category()
        if not value or category is None:
            return queryset
        condition = Q(last_tis_category__in=value)
        if NOT_SCORED in value:
            condition |= Q(last_tis_category__isnull=True) | Q(last_tis_category="")
        return queryset.alias(last_tis_category=category).filter(condition)

    def filter_onset(
        self, queryset: QuerySet[Patient], name: str, value: slice
    ) -> QuerySet[Patient]:
        return queryset.filter(date_range_q("symptom_onset_date", value))

    def filter_visit_date(
        self, queryset: QuerySet[Patient], name: str, value: slice
    ) -> QuerySet[Patient]:
        visits = Visit.objects.filter(date_range_q("date", value), patient=OuterRef("pk"))
        return queryset.filter(Exists(visits))

    def visit_range(self) -> slice | None:
        """Return the visit date range chosen (exports keep only visits within it)."""
        if not self.is_valid():
            return None
        visit_range: slice | None = self.form.cleaned_data.get("visit_date")
        return visit_range
