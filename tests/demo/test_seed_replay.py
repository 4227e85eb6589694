"""The seed case replayed: her first fourteen months end today, and the registry catches it."""

import datetime as dt
from io import StringIO

from django.core.management import call_command

from assessments.models import RefractoryEvaluation, Reminder
from assessments.services.sweeps import sweep_run_inline
from demo.cohort import generate_cohort
from demo.reference import DEPARTMENTS
from demo.services import demo_data_create
from patients.models import Patient
from tests.factories import TEST_PASSWORD

AS_OF = dt.date(2025, 6, 30)


def seed_and_evaluate(count: int = 4) -> None:
    """What scripts/demo does: load the cohort, score every visit, sweep as of today."""
    demo_data_create(patients=count, seed=1, as_of=AS_OF, password=TEST_PASSWORD)
    call_command("recompute_scores", stdout=StringIO())
    sweep_run_inline(as_of=AS_OF)


def the_replay() -> Patient:
    return Patient.objects.get(hospital_number="SEED-REPLAY")


def months_before_as_of(day: dt.date) -> float:
    return (AS_OF - day).days / 30.44


def test_the_replay_comes_second_and_only_its_registry_id_follows_the_seed():
    first = list(generate_cohort(count=2, seed=1, as_of=AS_OF))[1]
    other = list(generate_cohort(count=2, seed=99, as_of=AS_OF))[1]
    alone = list(generate_cohort(count=1, seed=1, as_of=AS_OF))

    assert first.patient["hospital_number"] == "SEED-REPLAY"
    assert first.patient["registry_id"] != other.patient["registry_id"]
    assert first.visits == other.visits
    assert first.biopsies == other.biopsies
    assert [plan.patient["hospital_number"] for plan in alone] == ["SEED-2006"]


def test_the_replay_tells_the_first_fourteen_months_of_her_story(db):
    demo_data_create(patients=2, seed=1, as_of=AS_OF, password=TEST_PASSWORD)
    patient = the_replay()

    assert (patient.given_name, patient.family_name) == ("Helena", "Marsh (replay)")
    assert patient.department.code == DEPARTMENTS[0].code
    assert patient.age_on(patient.symptom_onset_date) == 37
    assert 13.5 < months_before_as_of(patient.symptom_onset_date) < 14.5
    assert patient.diagnosis == "pm"
    assert not patient.statin_exposure
    assert "seed case" in patient.diagnosis_changes.get().basis
    first_biopsy, repeat_biopsy = patient.biopsies.order_by("date")
    assert first_biopsy.conclusion == "inflammatory"
    assert repeat_biopsy.conclusion == "non_inflammatory"
    assert not repeat_biopsy.endomysial_infiltrate
    assert 1.5 < months_before_as_of(repeat_biopsy.date) < 2.5
    panel = patient.antibody_panels.get()
    results = dict(panel.results.values_list("antibody", "result"))
    assert panel.method == "line_blot"
    assert results["hmgcr"] == results["srp"] == "not_tested"
    assert set(results.values()) == {"negative", "not_tested"}
    tests = dict(patient.diagnostic_tests.values_list("kind", "outcome"))
    assert tests["lgmd_panel"] == tests["pompe_gaa"] == "pending"
    courses = patient.therapy_courses.select_related("drug")
    assert {(c.drug.name, c.stop) for c in courses} == {
        ("Prednisolone", None),
        ("Methotrexate", None),
    }
    for row in (patient, *patient.biopsies.all(), *patient.diagnostic_tests.all(), *courses):
        row.full_clean()


def test_her_core_set_stays_flat_on_prednisolone_and_methotrexate(db):
    demo_data_create(patients=2, seed=1, as_of=AS_OF, password=TEST_PASSWORD)
    patient = the_replay()

    visits = list(patient.visits.order_by("date"))
    baseline, three_months, six_months, latest = visits
    assert baseline.date == patient.diagnosis_date
    assert (six_months.date - baseline.date).days in range(170, 200)
    assert 0.5 < months_before_as_of(latest.date) < 1.5
    for later in (three_months, six_months, latest):
        assert later.physician_global >= baseline.physician_global
        assert later.mmt8_total <= baseline.mmt8_total
        assert later.haq >= baseline.haq
    assert all(visit.ck_value > 10 * visit.ck_uln for visit in visits)
    for visit in visits:
        visit.full_clean()


def test_evaluated_today_the_replay_is_refractory_with_the_reason(db):
    seed_and_evaluate()

    evaluation = RefractoryEvaluation.objects.filter(patient=the_replay()).latest("evaluated_at")
    assert evaluation.status == "refractory"
    assert "No improvement after" in evaluation.reason
    assert "Prednisolone + Methotrexate" in evaluation.reason


def test_evaluated_today_the_replay_prompts_what_the_seed_case_needed(db):
    seed_and_evaluate()

    reminders = Reminder.objects.filter(patient=the_replay(), status="open")
    open_ = set(reminders.values_list("kind", "due_period"))
    assert ("repeat_biopsy", f"after-biopsy:{the_replay().biopsies.latest('date').date}") in open_
    assert ("antibody_testing", "test_hmgcr_srp") in open_
    assert ("cancer_screening", "exclude_malignancy") in open_
    hmgcr = reminders.get(due_period="test_hmgcr_srp")
    assert "anti-HMGCR and anti-SRP" in hmgcr.reason
    assert "seronegative" in reminders.get(due_period="exclude_malignancy").reason
    assert reminders.filter(kind="cancer_screening", due_period__startswith="screen-year-")


def test_evaluated_today_the_seed_case_itself_is_responding_to_ivig(db):
    seed_and_evaluate()

    seed_case = Patient.objects.get(hospital_number="SEED-2006")
    evaluation = RefractoryEvaluation.objects.filter(patient=seed_case).latest("evaluated_at")
    assert evaluation.status == "responding"
    assert not Reminder.objects.filter(patient=seed_case, kind="repeat_biopsy").exists()


def test_the_command_names_both_seed_case_patients(db):
    out = StringIO()

    call_command("seed_demo", patients=3, password=TEST_PASSWORD, as_of=AS_OF, stdout=out)

    text = out.getvalue()
    assert "SEED-2006" in text
    assert "SEED-REPLAY" in text
    assert "replayed" in text
