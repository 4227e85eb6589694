"""Realistic submissions of every data-entry form, for the access matrix's POST requests.

Each builder takes the department's objects (``side``) and the URL's arguments and
returns what a user's browser would send. Builders are called once per request, so a
submission that creates a row picks a date or number of its own (a second visit on the
same date would be refused), and an edit carries the record's current version (the
previous persona's edit moved it on).
"""

import datetime as dt
from itertools import count
from types import SimpleNamespace
from typing import Any

from assessments.models import Reminder, Visit
from patients.models import AntibodyPanel, DiagnosticTest, MuscleBiopsy, Patient, Subtype
from tests.factories import drug
from tests.helpers import panel_payload, uk, visit_payload
from treatments.models import TherapyCourse

FIRST_FREE_DAY = dt.date(2022, 1, 3)  # after every date the matrix's factories use
_serial = count(1)


def _fresh_day() -> dt.date:
    return FIRST_FREE_DAY + dt.timedelta(days=next(_serial))


def _edit(record: Any, reason: str) -> dict[str, str]:
    record.refresh_from_db()
    return {"version": str(record.version), "change_reason": reason}


def register(side: SimpleNamespace, kwargs: dict[str, Any]) -> dict[str, Any]:
    return {
        "hospital_number": f"M-{next(_serial):05d}",
        "family_name": "Newman",
        "given_name": "Ada",
        "sex": "female",
        "date_of_birth": "12/05/1970",
        "symptom_onset_date": "01/02/2020",
        "diagnosis_date": "01/06/2020",
        "diagnosis": "dm",
    }


def patient_edit(side: SimpleNamespace, kwargs: dict[str, Any]) -> dict[str, Any]:
    patient = Patient.objects.get(registry_id=kwargs["registry_id"])
    return {
        "hospital_number": patient.hospital_number,
        "family_name": patient.family_name,
        "given_name": "Marie",
        "sex": patient.sex,
        "date_of_birth": uk(patient.date_of_birth),
        "symptom_onset_date": uk(patient.symptom_onset_date),
        "diagnosis_date": uk(patient.diagnosis_date),
        **_edit(patient, "Spelling of the given name"),
    }


def diagnosis_change(side: SimpleNamespace, kwargs: dict[str, Any]) -> dict[str, Any]:
    current = Patient.objects.get(registry_id=kwargs["registry_id"]).diagnosis
    new = Subtype.DM if current != Subtype.DM else Subtype.IMNM_HMGCR
    return {"date": uk(_fresh_day()), "to_diagnosis": new, "basis": "Biopsy and antibodies"}


def visit_create(side: SimpleNamespace, kwargs: dict[str, Any]) -> dict[str, Any]:
    return visit_payload(_fresh_day())


def visit_edit(side: SimpleNamespace, kwargs: dict[str, Any]) -> dict[str, Any]:
    visit = Visit.objects.get(pk=kwargs["pk"])
    return visit_payload(visit.date, haq="1.375", **_edit(visit, "HAQ re-scored"))


def _biopsy(day: dt.date) -> dict[str, Any]:
    return {
        "date": uk(day),
        "muscle": "deltoid",
        "perifascicular_atrophy": "on",
        "conclusion": "dm_pattern",
        "report": "Perifascicular atrophy.",
    }


def biopsy_create(side: SimpleNamespace, kwargs: dict[str, Any]) -> dict[str, Any]:
    return _biopsy(_fresh_day())


def biopsy_edit(side: SimpleNamespace, kwargs: dict[str, Any]) -> dict[str, Any]:
    biopsy = MuscleBiopsy.objects.get(pk=kwargs["pk"])
    return _biopsy(biopsy.date) | _edit(biopsy, "Report revised")


def panel_create(side: SimpleNamespace, kwargs: dict[str, Any]) -> dict[str, Any]:
    return panel_payload(_fresh_day(), {"jo1": "positive"})


def panel_edit(side: SimpleNamespace, kwargs: dict[str, Any]) -> dict[str, Any]:
    panel = AntibodyPanel.objects.get(pk=kwargs["pk"])
    return panel_payload(panel.date, {"jo1": "positive"}, **_edit(panel, "Lab revised"))


def _test(day: dt.date) -> dict[str, Any]:
    return {
        "date": uk(day),
        "kind": "pompe_gaa",
        "name": "",
        "outcome": "normal",
        "summary": "GAA activity normal",
    }


def test_create(side: SimpleNamespace, kwargs: dict[str, Any]) -> dict[str, Any]:
    return _test(_fresh_day())


def test_edit(side: SimpleNamespace, kwargs: dict[str, Any]) -> dict[str, Any]:
    test = DiagnosticTest.objects.get(pk=kwargs["pk"])
    return _test(test.date) | _edit(test, "Result revised")


def course_start(side: SimpleNamespace, kwargs: dict[str, Any]) -> dict[str, Any]:
    return {
        "drug": drug("Methotrexate").pk,
        "dose": "15",
        "unit": "",
        "route": "sc",
        "frequency": "weekly",
        "start": uk(_fresh_day()),
        "line_of_therapy": "",
    }


def course_edit(side: SimpleNamespace, kwargs: dict[str, Any]) -> dict[str, Any]:
    course = TherapyCourse.objects.get(pk=kwargs["pk"])
    return {
        "drug": course.drug_id,
        "dose": "30",
        "unit": "mg",
        "route": "oral",
        "frequency": "daily",
        "start": uk(course.start),
        "line_of_therapy": "1",
        "stop": "",
        "stop_reason": "",
        **_edit(course, "Dose typo"),
    }


def course_stop(side: SimpleNamespace, kwargs: dict[str, Any]) -> dict[str, Any]:
    course = TherapyCourse.objects.get(pk=kwargs["pk"])
    return {"stop": uk(_fresh_day()), "stop_reason": "ineffective", "version": course.version}


def _reminder_version(kwargs: dict[str, Any]) -> int:
    return Reminder.objects.get(pk=kwargs["pk"]).version


def reminder_snooze(side: SimpleNamespace, kwargs: dict[str, Any]) -> dict[str, Any]:
    until = dt.date.today() + dt.timedelta(days=30)
    return {"version": _reminder_version(kwargs), "until": uk(until)}


def reminder_done(side: SimpleNamespace, kwargs: dict[str, Any]) -> dict[str, Any]:
    return {"version": _reminder_version(kwargs), "note": "Seen in clinic"}


def reminder_dismiss(side: SimpleNamespace, kwargs: dict[str, Any]) -> dict[str, Any]:
    return {"version": _reminder_version(kwargs), "reason": "Done elsewhere"}


reminder_contact = {"attempted_on": uk(dt.date.today()), "method": "phone", "outcome": "no_answer"}


cohort_export = {"format": "csv", "content": "identified", "shape": "per_visit"}


# A dict, not a function: the department settings are no clinical record (no history row).
department_settings = {
    "follow_up_months_active": "2",
    "follow_up_months_stable": "4",
    "ck_uln": "200",
    "ldh_uln": "250",
    "aldolase_uln": "7.6",
    "alt_uln": "45",
    "ast_uln": "40",
}
