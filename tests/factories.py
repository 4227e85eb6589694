"""factory_boy factories for every model, shared by all tests."""

import datetime as dt
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model

from assessments.models import Visit
from patients.models import (
    AntibodyPanel,
    AntibodyResult,
    Department,
    DiagnosisChange,
    DiagnosticTest,
    Membership,
    MuscleBiopsy,
    Patient,
)
from treatments.models import Drug, TherapyCourse

TEST_PASSWORD = "correct-horse-battery-staple"


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department
        django_get_or_create = ("code",)

    name = factory.Sequence(lambda n: f"Rheumatology {n}")
    code = factory.Sequence(lambda n: f"rheum{n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Alex"
    last_name = factory.Sequence(lambda n: f"Tester{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    department = factory.SubFactory(DepartmentFactory)
    role = "nurse"


class PatientFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Patient

    department = factory.SubFactory(DepartmentFactory)
    hospital_number = factory.Sequence(lambda n: f"H{n:07d}")
    given_name = "Maria"
    family_name = factory.Sequence(lambda n: f"Patient{n}")
    sex = "female"
    date_of_birth = dt.date(1969, 5, 12)
    symptom_onset_date = dt.date(2020, 1, 15)
    diagnosis_date = dt.date(2020, 6, 1)
    diagnosis = "pm"


class DiagnosisChangeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DiagnosisChange

    patient = factory.SubFactory(PatientFactory)
    date = dt.date(2021, 3, 1)
    from_diagnosis = "pm"
    to_diagnosis = "imnm_hmgcr"
    basis = "anti-HMGCR positive"


class MuscleBiopsyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MuscleBiopsy

    patient = factory.SubFactory(PatientFactory)
    date = dt.date(2020, 5, 20)
    conclusion = "inflammatory"
    endomysial_infiltrate = True


class AntibodyPanelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AntibodyPanel

    patient = factory.SubFactory(PatientFactory)
    date = dt.date(2020, 5, 1)
    lab = "Immunology lab"
    method = "line_blot"


class AntibodyResultFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AntibodyResult

    panel = factory.SubFactory(AntibodyPanelFactory)
    antibody = "jo1"
    result = "negative"


class DiagnosticTestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DiagnosticTest

    patient = factory.SubFactory(PatientFactory)
    date = dt.date(2020, 8, 1)
    kind = "pompe_gaa"
    outcome = "normal"


def drug(name: str) -> Drug:
    """Return a catalogue drug seeded by the data migration."""
    return Drug.objects.get(name=name)


class TherapyCourseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TherapyCourse

    patient = factory.SubFactory(PatientFactory)
    drug = factory.LazyFunction(lambda: drug("Prednisolone"))
    dose = Decimal("40")
    unit = "mg"
    route = "oral"
    start = dt.date(2020, 6, 1)
    line_of_therapy = 1


class VisitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Visit

    patient = factory.SubFactory(PatientFactory)
    date = factory.Sequence(lambda n: dt.date(2020, 6, 1) + dt.timedelta(days=90 * n))
    physician_global = Decimal("5.0")
    patient_global = Decimal("6.0")
    mmt8_variant = "bilateral"
    mmt8_total = 110
    haq = Decimal("1.250")
    extramuscular_global = Decimal("3.0")
    ck_value = Decimal("2400")
    ck_uln = Decimal("190")
