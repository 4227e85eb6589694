"""recompute_scores stores a score for every visit, so a bulk-loaded cohort shows its TIS."""

import datetime as dt
from decimal import Decimal
from io import StringIO

from django.core.management import call_command

from assessments.models import VisitScore
from tests.factories import PatientFactory, VisitFactory


def test_it_scores_every_visit_against_the_first(db):
    patient = PatientFactory()
    VisitFactory(patient=patient, date=dt.date(2021, 1, 10))
    later = VisitFactory(
        patient=patient, date=dt.date(2021, 4, 10), physician_global=Decimal("2.0")
    )
    out = StringIO()

    call_command("recompute_scores", stdout=out)

    assert "2 visits" in out.getvalue()
    assert VisitScore.objects.count() == 2
    assert VisitScore.objects.get(visit=later).tis_total is not None


def test_it_can_be_limited_to_some_patients(db):
    chosen, other = PatientFactory(), PatientFactory()
    VisitFactory(patient=chosen)
    VisitFactory(patient=other)

    call_command("recompute_scores", chosen.registry_id, stdout=StringIO())

    assert list(VisitScore.objects.values_list("visit__patient", flat=True)) == [chosen.pk]
