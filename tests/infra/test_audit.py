"""Every write to a clinical record leaves a history row with its user and its reason."""

import datetime as dt
from decimal import Decimal

import pytest

from assessments.models import Visit
from infra.audit import (
    MissingReasonError,
    audited,
    audited_bulk_create,
    audited_bulk_update,
    current_reason,
)
from tests.factories import VisitFactory


def test_a_create_is_recorded_with_user_and_reason(personas):
    with audited(reason="Visit entered", user=personas.nurse):
        visit = VisitFactory(patient=personas.patient)

    row = visit.history.get()
    assert row.history_type == "+"
    assert row.history_user == personas.nurse
    assert row.history_change_reason == "Visit entered"


def test_an_update_is_recorded_with_user_and_reason(personas):
    visit = VisitFactory(patient=personas.patient)

    with audited(reason="Corrected the HAQ", user=personas.clinician):
        visit.haq = Decimal("0.875")
        visit.save()

    row = visit.history.latest()
    assert row.history_type == "~"
    assert row.history_user == personas.clinician
    assert row.history_change_reason == "Corrected the HAQ"
    assert row.diff_against(row.prev_record).changed_fields == ["haq"]


def test_a_delete_is_recorded_with_user_and_reason(personas):
    visit = VisitFactory(patient=personas.patient)
    pk = visit.pk

    with audited(reason="Entered on the wrong patient", user=personas.clinician):
        visit.delete()

    row = Visit.history.filter(id=pk).latest()
    assert row.history_type == "-"
    assert row.history_user == personas.clinician
    assert row.history_change_reason == "Entered on the wrong patient"


def test_a_reason_set_on_the_instance_wins_over_the_block(personas):
    visit = VisitFactory(patient=personas.patient)

    with audited(reason="Block reason"):
        visit._change_reason = "Instance reason"
        visit.save()

    assert visit.history.latest().history_change_reason == "Instance reason"


def test_a_blank_reason_is_refused():
    with pytest.raises(MissingReasonError), audited(reason="   "):
        pass


def test_blocks_nest_and_restore_the_outer_reason():
    with audited(reason="outer"):
        with audited(reason="inner"):
            assert current_reason() == "inner"
        assert current_reason() == "outer"
    assert current_reason() is None


def test_bulk_create_writes_one_history_row_per_record(personas):
    visits = [
        Visit(patient=personas.patient, date=dt.date(2021, 1, day), haq=Decimal("1"))
        for day in (1, 2, 3)
    ]

    with audited(reason="Imported from the old registry", user=personas.department_admin):
        audited_bulk_create(Visit, visits)

    rows = Visit.history.all()
    assert rows.count() == 3
    assert {row.history_change_reason for row in rows} == {"Imported from the old registry"}
    assert {row.history_user for row in rows} == {personas.department_admin}


def test_bulk_update_writes_one_history_row_per_record(personas):
    visits = [VisitFactory(patient=personas.patient) for _ in range(2)]
    for visit in visits:
        visit.haq = Decimal("0.5")

    with audited(reason="HAQ re-scored", user=personas.clinician):
        audited_bulk_update(Visit, visits, ["haq"])

    updates = Visit.history.filter(history_type="~")
    assert updates.count() == 2
    assert {row.history_change_reason for row in updates} == {"HAQ re-scored"}


def test_bulk_writes_outside_an_audited_block_are_refused(personas):
    with pytest.raises(MissingReasonError):
        audited_bulk_create(Visit, [Visit(patient=personas.patient, date=dt.date(2021, 1, 1))])
    assert not Visit.objects.exists()
