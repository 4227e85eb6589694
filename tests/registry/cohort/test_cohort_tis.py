"""The TIS category at the last visit: filtered and charted once visit scores are stored.

Visit scores (``assessments.VisitScore``) arrive with the data-entry branch. Before that
merge the filter and chart are left out, which the first branch checks; after it, the
second branch checks that the filter narrows to the last visit's category.
"""

import datetime as dt
from decimal import Decimal

from django.apps import apps

from patients.models import Department, Patient
from registry.cohort.charts import dashboard_charts
from registry.cohort.filters import CohortFilter
from registry.cohort.scores import visit_scores_available
from tests.factories import PatientFactory, VisitFactory


def cohort(data: dict[str, object]) -> CohortFilter:
    return CohortFilter(data, queryset=Patient.objects.all(), departments=Department.objects.all())


def score(patient: Patient, day: dt.date, category: str) -> None:
    visit = VisitFactory(patient=patient, date=day)
    if category:
        model = apps.get_model("assessments", "VisitScore")
        model.objects.create(visit=visit, tis_total=Decimal("45"), tis_category=category)


def test_tis_category_at_the_last_visit_is_filtered_once_scores_exist(db):
    if not visit_scores_available():
        assert "tis_category" not in cohort({}).form.fields
        titles = [
            chart["title"] for chart in dashboard_charts(Patient.objects.all(), visit_range=None)
        ]
        assert "TIS category at the last visit" not in titles
        return
    improved_then_not = PatientFactory(family_name="Relapsed")
    score(improved_then_not, dt.date(2023, 1, 1), "major")
    score(improved_then_not, dt.date(2023, 6, 1), "none")
    moderate = PatientFactory(family_name="Moderate")
    score(moderate, dt.date(2023, 6, 1), "moderate")
    baseline_only = PatientFactory(family_name="Baseline")
    score(baseline_only, dt.date(2023, 6, 1), "")

    def names(data: dict[str, object]) -> set[str]:
        return set(cohort(data).qs.values_list("family_name", flat=True))

    assert names({"tis_category": ["major"]}) == set()
    assert names({"tis_category": ["none", "moderate"]}) == {"Relapsed", "Moderate"}
    assert names({"tis_category": ["not_scored"]}) == {"Baseline"}
