"""The demo data generator builds a realistic, reproducible cohort with the seed case."""

import datetime as dt
from io import StringIO

import pytest
from django.contrib.auth import get_user_model, password_validation
from django.core.management import CommandError, call_command
from django.db import models

from assessments.models import Visit
from demo.reference import DEPARTMENTS, demo_usernames
from demo.serology import ALL_ANTIBODIES
from demo.services import DemoData, demo_data_create
from demo.writer import CLINICAL_MODELS
from patients.models import (
    AntibodyPanel,
    AntibodyResult,
    Department,
    Membership,
    MuscleBiopsy,
    Patient,
    Subtype,
)
from tests.factories import TEST_PASSWORD, DepartmentFactory, PatientFactory, VisitFactory
from treatments.models import TherapyCourse

AS_OF = dt.date(2025, 6, 30)
SMALL = 12


def seed(count: int = SMALL, *, seed: int = 1, reset: bool = False) -> DemoData:
    return demo_data_create(
        patients=count, seed=seed, as_of=AS_OF, password=TEST_PASSWORD, reset=reset
    )


def canonical_dump() -> dict[str, list[tuple[object, ...]]]:
    """Every demo row without auto ids and timestamps, foreign keys as natural keys."""
    names: dict[type[models.Model], dict[int, object]] = {
        Patient: dict(Patient.objects.values_list("pk", "registry_id")),
        get_user_model(): dict(get_user_model().objects.values_list("pk", "username")),
        Department: dict(Department.objects.values_list("pk", "code")),
    }
    names[AntibodyPanel] = {
        panel.pk: (names[Patient][panel.patient_id], panel.date, panel.method)
        for panel in AntibodyPanel.objects.all()
    }
    dump: dict[str, list[tuple[object, ...]]] = {}
    for model in (*CLINICAL_MODELS, Membership):
        rows = []
        for obj in model.objects.all():
            row = []
            for field in model._meta.concrete_fields:
                if field.primary_key or field.name in ("created_at", "updated_at"):
                    continue
                value = getattr(obj, field.attname)
                if field.is_relation and value is not None:
                    related = field.related_model
                    value = (
                        names[related][value] if related in names else str(getattr(obj, field.name))
                    )
                row.append((field.name, value))
            rows.append(tuple(row))
        dump[model._meta.label] = sorted(rows, key=repr)
    return dump


def the_seed_case() -> Patient:
    return Patient.objects.get(hospital_number="SEED-2006")


def test_the_same_seed_gives_the_same_data_and_another_seed_does_not(db):
    seed()
    first = canonical_dump()

    seed(reset=True)
    second = canonical_dump()
    seed(seed=2, reset=True)
    other = canonical_dump()

    assert first == second
    assert first["patients.Patient"] != other["patients.Patient"]
    assert len(first["patients.Patient"]) == SMALL


def test_it_refuses_to_run_twice_unless_told_to_reset(db):
    seed()

    with pytest.raises(CommandError, match=r"already exists.*--reset"):
        call_command("seed_demo", patients=3, password=TEST_PASSWORD, stdout=StringIO())

    seed(3, reset=True)
    assert Patient.objects.count() == 3
    assert Patient.history.count() == 3
    assert Visit.history.count() == Visit.objects.count()


def test_the_seed_case_tells_her_story(db):
    seed()
    patient = the_seed_case()

    assert patient.department.code == DEPARTMENTS[0].code
    assert patient.sex == "female"
    assert patient.age_on(patient.symptom_onset_date) == 37
    assert patient.diagnosis == Subtype.IMNM_HMGCR
    changes = list(
        patient.diagnosis_changes.values_list("date__year", "from_diagnosis", "to_diagnosis")
    )
    assert changes == [
        (2006, "", "pm"),
        (2007, "pm", "uncertain"),
        (2008, "uncertain", "pm"),
        (2018, "pm", "imnm_hmgcr"),
    ]
    assert all(change.basis and change.recorded_by for change in patient.diagnosis_changes.all())
    repeat_biopsy = patient.biopsies.get(date__year=2007)
    assert repeat_biopsy.conclusion == "non_inflammatory"
    assert not repeat_biopsy.endomysial_infiltrate
    first_panel, later_panel = patient.antibody_panels.all()
    first = dict(first_panel.results.values_list("antibody", "result"))
    assert first["hmgcr"] == first["srp"] == "not_tested"
    assert set(first.values()) == {"negative", "not_tested"}
    assert later_panel.date.year == 2018
    assert later_panel.results.get(antibody="hmgcr").result == "positive"
    tests = dict(patient.diagnostic_tests.values_list("kind", "outcome"))
    assert tests["lgmd_panel"] == tests["pompe_gaa"] == "normal"


def test_the_seed_case_fails_conventional_therapy_and_improves_on_ivig(db):
    seed()
    patient = the_seed_case()

    ivig = patient.therapy_courses.get(drug__name="Intravenous immunoglobulin")
    assert ivig.start.year == 2018
    assert ivig.stop is None
    failed = patient.therapy_courses.filter(stop_reason="ineffective")
    assert {c.drug.name for c in failed} >= {
        "Methotrexate",
        "Azathioprine",
        "Mycophenolate mofetil",
    }
    visits = list(patient.visits.all())
    baseline, six_months = visits[0], visits[2]
    assert (six_months.date - baseline.date).days in range(170, 200)
    assert six_months.physician_global >= baseline.physician_global
    assert six_months.mmt8_total <= baseline.mmt8_total
    assert six_months.haq >= baseline.haq
    assert all(v.ck_value > 10 * v.ck_uln for v in visits if v.date < ivig.start)
    before, after = [v for v in visits if v.date < ivig.start][-1], visits[-1]
    assert after.physician_global <= before.physician_global - 2
    assert after.mmt8_total > before.mmt8_total
    assert after.ck_value < before.ck_value / 2


def test_a_cohort_of_twelve_shows_every_subtype(db):
    seed(12)  # the seed case, its replay and one generated patient of each other subtype

    assert set(Patient.objects.values_list("diagnosis", flat=True)) == set(Subtype.values)


def test_sampled_rows_of_every_model_pass_full_clean(db):
    seed()

    for model in CLINICAL_MODELS:
        sample = list(model.objects.order_by("?")[:40])
        assert sample, model
        for obj in sample:
            obj.full_clean()


def test_every_clinical_row_has_a_history_row(db):
    seed()

    for model in CLINICAL_MODELS:
        ids = set(model.objects.values_list("pk", flat=True))
        history = model.history.filter(history_type="+", history_change_reason="demo data")
        assert set(history.values_list("id", flat=True)) == ids, model


def test_each_role_logs_in_with_the_chosen_password(db, client):
    seed(3)

    for username in demo_usernames():
        assert client.login(username=username, password=TEST_PASSWORD), username
    registry = Membership.objects.filter(user__username="registry")
    assert set(registry.values_list("role", flat=True)) == {"registry_admin"}
    assert registry.count() == len(DEPARTMENTS)
    assert Membership.objects.get(user__username="deptadmin.east").role == "department_admin"
    assert get_user_model().objects.get(username="admin").is_superuser


def test_generated_passwords_are_strong_and_follow_the_seed(db):
    result = demo_data_create(patients=2, seed=7, as_of=AS_OF)
    again = demo_data_create(patients=2, seed=7, as_of=AS_OF, reset=True)

    passwords = [c.password for c in result.credentials]
    assert passwords == [c.password for c in again.credentials]
    assert len(set(passwords)) == len(passwords)
    for credential in result.credentials:
        user = get_user_model().objects.get(username=credential.username)
        password_validation.validate_password(credential.password, user)
        assert user.check_password(credential.password)


def test_a_weak_password_is_refused_with_a_clear_message(db):
    with pytest.raises(CommandError, match="too short"):
        call_command("seed_demo", patients=2, password="short", stdout=StringIO())

    assert not Patient.objects.exists()


def test_the_command_prints_the_login_url_and_every_credential_once(db):
    out = StringIO()

    call_command("seed_demo", patients=3, password=TEST_PASSWORD, as_of=AS_OF, stdout=out)

    text = out.getvalue()
    assert "http://127.0.0.1:8000/accounts/login/" in text
    assert "Created 3 demo patients" in text
    for username in demo_usernames():
        assert text.count(f"  {username} ") == 1
    assert text.count(TEST_PASSWORD) == len(demo_usernames())


def test_mmt_totals_match_their_grades_and_variant(db):
    seed()

    for visit in Visit.objects.all():
        grades = [
            getattr(visit, f.attname) for f in Visit._meta.fields if f.name.startswith("mmt_")
        ]
        assert visit.mmt8_total == sum(g for g in grades if g is not None)
        assert (visit.mmt_deltoid_left is None) == (visit.mmt8_variant == "unilateral")
        assert visit.ck_uln == visit.patient.department.ck_uln


def test_antibodies_fit_the_subtype_and_every_panel_lists_every_antibody(db):
    seed(40)

    expected = {
        Subtype.ASYS: {"jo1", "pl7", "pl12", "ej", "oj"},
        Subtype.IMNM_HMGCR: {"hmgcr"},
        Subtype.IMNM_SRP: {"srp"},
    }
    for patient in Patient.objects.filter(diagnosis__in=expected):
        positive = set(
            AntibodyResult.objects.filter(panel__patient=patient, result="positive").values_list(
                "antibody", flat=True
            )
        )
        assert positive & expected[patient.diagnosis], patient
    seronegative = Patient.objects.filter(diagnosis=Subtype.IMNM_SERONEG)
    results = AntibodyResult.objects.filter(panel__patient__in=seronegative)
    assert not results.filter(antibody__in=["hmgcr", "srp"], result="positive").exists()
    assert results.filter(antibody="hmgcr", result="negative").exists()
    for panel in AntibodyPanel.objects.all():
        assert sorted(panel.results.values_list("antibody", flat=True)) == sorted(ALL_ANTIBODIES)
    assert MuscleBiopsy.objects.filter(
        patient__diagnosis=Subtype.IBM, rimmed_vacuoles=True
    ).exists()


def test_therapy_lines_follow_the_catalogue(db):
    seed(40)

    for course in TherapyCourse.objects.select_related("drug"):
        if course.drug.drug_class in ("statin", "ivig"):
            assert course.line_of_therapy is None
        elif course.drug.drug_class != "glucocorticoid":
            assert course.line_of_therapy == course.drug.usual_line, course.drug
        assert (course.stop is None) == (course.stop_reason == "")


def test_a_reset_leaves_patients_outside_the_demo_alone(db):
    outside = VisitFactory(patient=PatientFactory(family_name="Elsewhere")).patient
    seed(3)

    seed(3, reset=True)

    outside.refresh_from_db()
    assert outside.visits.count() == 1
    assert outside.history.count() == 1
    assert Patient.objects.count() == 4


def test_a_clashing_department_name_is_reported_not_crashed_on(db):
    DepartmentFactory(name=DEPARTMENTS[0].name, code="north")

    with pytest.raises(CommandError, match="with this Name already exists"):
        call_command("seed_demo", patients=2, password=TEST_PASSWORD, stdout=StringIO())

    assert not Patient.objects.exists()
