"""Each reminder kind appears when the rules call for it, and not otherwise."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from assessments.models import RefractoryEvaluation, Reminder
from assessments.services.refractory import patients_reevaluate
from tests.assessments.jobs.conftest import SEED_AS_OF, make_responding_patient, make_seed_case
from tests.factories import (
    AntibodyPanelFactory,
    AntibodyResultFactory,
    MembershipFactory,
    MuscleBiopsyFactory,
    PatientFactory,
    TherapyCourseFactory,
    UserFactory,
    VisitFactory,
    drug,
)

pytestmark = pytest.mark.django_db


def reevaluate(patient, as_of=SEED_AS_OF):
    return patients_reevaluate(patient_ids=[patient.pk], as_of=as_of)


def pending(patient):
    return {
        (row.kind, row.due_period): row
        for row in Reminder.objects.filter(patient=patient, status__in=["open", "snoozed"])
    }


def test_the_seed_case_is_refractory_with_its_reason_and_the_inputs_used(seed_case):
    reevaluate(seed_case)

    evaluation = RefractoryEvaluation.objects.get(patient=seed_case)
    assert evaluation.status == "refractory"
    assert evaluation.reason.startswith(
        "No improvement after 6 months of Prednisolone + Methotrexate: TIS 2.5 (none)"
    )
    assert evaluation.baseline_visit.date == dt.date(2006, 3, 1)
    assert evaluation.followup_visit.date == dt.date(2006, 9, 5)
    assert len(evaluation.inputs["courses"]) == 2
    assert evaluation.parameters["window_months"] == 3
    assert (evaluation.tis_total, evaluation.doi_met) == (Decimal("2.5"), False)


def test_the_seed_case_gets_biopsy_anti_hmgcr_and_malignancy_reminders(seed_case):
    reevaluate(seed_case)

    reminders = pending(seed_case)
    assert ("repeat_biopsy", "after-biopsy:2006-02-20") in reminders
    assert "Test anti-HMGCR" in reminders[("antibody_testing", "test_hmgcr_srp")].reason
    assert "Exclude malignancy" in reminders[("cancer_screening", "exclude_malignancy")].reason
    follow_up = reminders[("follow_up", "after:2006-09-05")]
    assert follow_up.due_date == dt.date(2006, 12, 5)
    assert "refractory" in follow_up.reason
    assert not any(kind == "safety" for kind, _ in reminders)


def test_each_raised_reminder_has_one_history_row_from_the_rules_at_the_jobs_time(seed_case):
    reevaluate(seed_case)

    evaluated_at = RefractoryEvaluation.objects.get(patient=seed_case).evaluated_at
    reminders = Reminder.objects.filter(patient=seed_case)
    history = Reminder.history.filter(patient=seed_case)
    assert len(reminders) > 1
    assert sorted(row.id for row in history) == sorted(row.pk for row in reminders)
    assert {
        (row.history_type, row.history_change_reason, row.history_user_id, row.history_date)
        for row in history
    } == {("+", "Raised by the rules", None, evaluated_at)}
    for row in history:
        assert row.instance.created_at == Reminder.objects.get(pk=row.id).created_at


def test_a_responding_patient_is_seen_after_six_months_and_gets_no_prompts():
    patient = make_responding_patient()

    reevaluate(patient, as_of=dt.date(2024, 1, 10))

    assert RefractoryEvaluation.objects.get(patient=patient).status == "responding"
    assert list(pending(patient)) == [("follow_up", "after:2020-10-01")]
    assert pending(patient)[("follow_up", "after:2020-10-01")].due_date == dt.date(2021, 4, 1)


def test_the_follow_up_intervals_come_from_the_department(seed_case):
    department = seed_case.department
    department.follow_up_months_active, department.follow_up_months_stable = 2, 12
    department.save()

    reevaluate(seed_case)

    assert pending(seed_case)[("follow_up", "after:2006-09-05")].due_date == dt.date(2006, 11, 5)


def test_a_patient_without_visits_is_due_a_first_visit():
    patient = PatientFactory()

    reevaluate(patient, as_of=timezone.localdate())

    reminder = pending(patient)[("follow_up", "first-visit")]
    assert reminder.due_date == timezone.localdate(patient.created_at)


def test_a_statin_in_an_anti_hmgcr_positive_patient_raises_a_safety_reminder():
    patient = make_responding_patient()
    AntibodyResultFactory(
        panel=AntibodyPanelFactory(patient=patient, date=dt.date(2021, 1, 1)),
        antibody="hmgcr",
        result="positive",
    )
    statin = TherapyCourseFactory(
        patient=patient, drug=drug("Atorvastatin"), start=dt.date(2019, 1, 1), line_of_therapy=None
    )

    reevaluate(patient, as_of=dt.date(2021, 2, 1))
    assert "Review the statin" in pending(patient)[("safety", "statin_with_hmgcr")].reason

    statin.stop, statin.stop_reason = dt.date(2021, 2, 2), "adverse_event"
    statin.save()
    reevaluate(patient, as_of=dt.date(2021, 2, 3))

    closed = Reminder.objects.get(patient=patient, kind="safety")
    assert (closed.status, closed.resolved_by) == ("done", None)
    assert closed.resolution_reason.startswith("Closed automatically")


def test_a_refractory_imnm_patient_without_ivig_gets_a_treatment_review():
    patient = make_seed_case(diagnosis="imnm_hmgcr")

    reevaluate(patient)

    review = pending(patient)[("treatment", "consider_ivig")]
    assert review.reason.startswith("Consider IVIG: immune-mediated necrotising myopathy")
    assert "subtype imnm_hmgcr" in review.reason
    assert review.rule_source.startswith("clinical-rules.md §7 and §10")


def test_no_treatment_review_once_ivig_was_given_or_outside_imnm(seed_case):
    imnm = make_seed_case(diagnosis="imnm_hmgcr")
    TherapyCourseFactory(
        patient=imnm,
        drug=drug("Intravenous immunoglobulin"),
        start=dt.date(2006, 9, 10),
        line_of_therapy=None,
    )

    reevaluate(imnm)
    reevaluate(seed_case)

    assert not Reminder.objects.filter(kind="treatment").exists()
    assert RefractoryEvaluation.objects.get(patient=imnm).status == "refractory"


def test_no_safety_reminder_without_a_statin():
    patient = make_responding_patient()

    reevaluate(patient, as_of=dt.date(2021, 2, 1))

    assert not Reminder.objects.filter(kind="safety").exists()


def test_testing_anti_hmgcr_closes_the_testing_prompt_and_a_retraction_reopens_it(seed_case):
    reevaluate(seed_case)
    panel = AntibodyPanelFactory(patient=seed_case, date=dt.date(2006, 10, 1))
    AntibodyResultFactory(panel=panel, antibody="hmgcr", result="negative")

    reevaluate(seed_case, as_of=dt.date(2006, 10, 2))

    prompt = Reminder.objects.get(patient=seed_case, due_period="test_hmgcr_srp")
    assert prompt.status == "done"
    assert prompt.history.count() == 2

    panel.delete()
    reevaluate(seed_case, as_of=dt.date(2006, 10, 3))

    prompt.refresh_from_db()
    assert (prompt.status, prompt.resolved_at) == ("open", None)


def test_closing_and_reopening_a_prompt_is_audited_as_the_jobs_change(seed_case):
    reevaluate(seed_case)
    panel = AntibodyPanelFactory(patient=seed_case, date=dt.date(2006, 10, 1))
    AntibodyResultFactory(panel=panel, antibody="hmgcr", result="negative")
    started = timezone.now()
    reevaluate(seed_case, as_of=dt.date(2006, 10, 2))
    closed = Reminder.objects.get(patient=seed_case, due_period="test_hmgcr_srp")
    panel.delete()
    reevaluate(seed_case, as_of=dt.date(2006, 10, 3))

    reopened = Reminder.objects.get(pk=closed.pk)
    changes = list(closed.history.filter(history_type="~").order_by("history_date"))
    assert [
        (row.history_change_reason, row.history_user_id, row.history_date) for row in changes
    ] == [
        (closed.resolution_reason, None, closed.updated_at),
        ("Reopened: applies again", None, reopened.updated_at),
    ]
    assert started < closed.updated_at < reopened.updated_at < timezone.now()
    assert (closed.version, reopened.version) == (2, 3)
    tracked = [field.attname for field in Reminder._meta.concrete_fields]
    for row, reminder in zip(changes, (closed, reopened), strict=True):
        assert [getattr(row, name) for name in tracked] == [
            getattr(reminder, name) for name in tracked
        ]


def test_a_reminder_a_clinician_dismissed_is_not_raised_again(seed_case):
    from assessments.services.reminders import reminder_dismiss

    reevaluate(seed_case)
    clinician = UserFactory()
    MembershipFactory(user=clinician, department=seed_case.department, role="clinician")
    biopsy = Reminder.objects.get(patient=seed_case, kind="repeat_biopsy")
    reminder_dismiss(reminder=biopsy, user=clinician, reason="Biopsy declined by the patient")

    reevaluate(seed_case, as_of=dt.date(2006, 10, 15))

    assert Reminder.objects.filter(patient=seed_case, kind="repeat_biopsy").count() == 1
    assert Reminder.objects.get(patient=seed_case, kind="repeat_biopsy").status == "dismissed"


def test_a_repeat_biopsy_closes_the_biopsy_reminder_and_the_next_follows_it(seed_case):
    reevaluate(seed_case)
    MuscleBiopsyFactory(
        patient=seed_case,
        date=dt.date(2007, 3, 1),
        conclusion="non_inflammatory",
        endomysial_infiltrate=False,
    )

    reevaluate(seed_case, as_of=dt.date(2007, 3, 2))

    rows = Reminder.objects.filter(patient=seed_case, kind="repeat_biopsy").order_by("pk")
    assert [(row.due_period, row.status) for row in rows] == [
        ("after-biopsy:2006-02-20", "done"),
        ("after-biopsy:2007-03-01", "open"),
    ]


def test_a_new_visit_closes_the_follow_up_and_raises_the_next(seed_case):
    reevaluate(seed_case)
    VisitFactory(patient=seed_case, date=dt.date(2006, 12, 1))

    reevaluate(seed_case, as_of=dt.date(2006, 12, 2))

    rows = Reminder.objects.filter(patient=seed_case, kind="follow_up").order_by("pk")
    assert [(row.due_period, row.status) for row in rows] == [
        ("after:2006-09-05", "done"),
        ("after:2006-12-01", "open"),
    ]
    assert rows[0].resolution_reason == "Closed automatically: a later visit was recorded"


def test_marking_a_cancer_screen_done_closes_the_seronegative_prompt(seed_case):
    from assessments.services.reminders import reminder_done

    reevaluate(seed_case)
    clinician = UserFactory()
    screen = Reminder.objects.get(patient=seed_case, due_period="screen-year-0")
    reminder_done(reminder=screen, user=clinician, note="CT normal")

    reevaluate(seed_case, as_of=dt.date(2006, 10, 1))

    prompt = Reminder.objects.get(patient=seed_case, due_period="exclude_malignancy")
    assert prompt.status == "done"
    assert prompt.resolved_by is None


def test_cancer_screening_follows_the_risk_schedule_inside_the_three_years(seed_case):
    reevaluate(seed_case, as_of=dt.date(2007, 1, 1))

    screens = Reminder.objects.filter(patient=seed_case, due_period__startswith="screen-year")
    assert {(row.due_period, row.due_date) for row in screens} == {
        ("screen-year-0", dt.date(2006, 3, 1)),
        ("screen-year-1", dt.date(2007, 1, 15)),  # within the 30-day lookahead
    }


def test_no_scheduled_screens_once_the_three_years_have_passed(seed_case):
    reevaluate(seed_case, as_of=dt.date(2010, 1, 1))

    assert not Reminder.objects.filter(due_period__startswith="screen-year").exists()


def test_a_juvenile_patient_gets_no_cancer_screening():
    patient = make_seed_case(date_of_birth=dt.date(1995, 1, 1))

    reevaluate(patient)

    assert RefractoryEvaluation.objects.get(patient=patient).parameters["population"] == "juvenile"
    assert not Reminder.objects.filter(patient=patient, kind="cancer_screening").exists()


def test_a_discharged_patients_reminders_are_closed(seed_case):
    reevaluate(seed_case)
    seed_case.follow_up_status = "discharged"
    seed_case.save()

    reevaluate(seed_case)

    assert not pending(seed_case)
    assert set(Reminder.objects.values_list("resolution_reason", flat=True)) == {
        "Closed automatically: the patient is no longer in follow-up"
    }


def test_re_evaluating_unchanged_data_writes_nothing(seed_case):
    reevaluate(seed_case)

    outcome = reevaluate(seed_case, as_of=dt.date(2006, 10, 1))

    assert (outcome.evaluations_written, outcome.reminders_changed) == (0, 0)
    assert RefractoryEvaluation.objects.count() == 1


def test_a_change_of_status_adds_a_row_and_keeps_the_history(seed_case):
    reevaluate(seed_case, as_of=dt.date(2006, 5, 1))
    reevaluate(seed_case)

    statuses = list(
        RefractoryEvaluation.objects.filter(patient=seed_case).values_list("status", flat=True)
    )
    assert statuses == ["refractory", "not_yet_evaluable"]


def test_a_screen_still_pending_when_the_window_closes_stays_open(seed_case):
    reevaluate(seed_case, as_of=dt.date(2009, 1, 10))
    year_three = Reminder.objects.get(patient=seed_case, due_period="screen-year-3")

    reevaluate(seed_case, as_of=dt.date(2009, 6, 1))

    year_three.refresh_from_db()
    assert year_three.status == "open"


def test_marking_a_cancer_screen_done_queues_a_reevaluation(
    seed_case, django_capture_on_commit_callbacks
):
    from assessments.services.reminders import reminder_done

    reevaluate(seed_case)
    screen = Reminder.objects.get(patient=seed_case, due_period="screen-year-0")

    with django_capture_on_commit_callbacks() as callbacks:
        reminder_done(reminder=screen, user=UserFactory())

    assert len(callbacks) == 1
