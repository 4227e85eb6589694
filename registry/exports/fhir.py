"""A FHIR R4 Bundle of the filtered cohort, every resource built and validated by fhir.resources.

Patient, Condition (the current diagnosis), Observation (muscle enzymes, LOINC-coded),
MedicationStatement (therapy courses) and Procedure (muscle biopsies). The Bundle is
written entry by entry, so memory holds one chunk of patients, never the whole Bundle.
Ids are UUIDs derived from the registry's own keys, stable across exports.
"""

import datetime as dt
import json
import uuid
from collections.abc import Iterator
from decimal import Decimal
from typing import IO, Any

from django.db.models import Field, Q, QuerySet
from django.utils import timezone
from django_stubs_ext import StrOrPromise
from fhir.resources.R4B.condition import Condition
from fhir.resources.R4B.medicationstatement import MedicationStatement
from fhir.resources.R4B.observation import Observation
from fhir.resources.R4B.patient import Patient as FhirPatient
from fhir.resources.R4B.procedure import Procedure
from fhir.resources.R4B.resource import Resource

from assessments.models import Visit
from patients.models import BiopsyConclusion, ExportContent, MuscleBiopsy, Patient, Subtype
from patients.models.biopsy import FINDING_FIELDS
from registry.cohort.filters import date_range_q
from registry.exports.deidentify import age_on, shift_date
from registry.exports.rows import CHUNK_PATIENTS, Progress, batched
from treatments.models import Route, StopReason, TherapyCourse

NAMESPACE = uuid.UUID("5d0f7f8e-3b7a-4a51-9a43-6f0d8e2c9b11")
SYSTEM = "urn:myositis-registry"
LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"
LABS = {
    "ck": ("2157-6", "Creatine kinase [Enzymatic activity/volume] in Serum or Plasma"),
    "ldh": ("2532-0", "Lactate dehydrogenase [Enzymatic activity/volume] in Serum or Plasma"),
    "aldolase": ("1761-6", "Aldolase [Enzymatic activity/volume] in Serum or Plasma"),
    "alt": ("1742-6", "Alanine aminotransferase [Enzymatic activity/volume] in Serum or Plasma"),
    "ast": ("1920-8", "Aspartate aminotransferase [Enzymatic activity/volume] in Serum or Plasma"),
}
LAB_CATEGORY = {
    "coding": [
        {
            "system": "http://terminology.hl7.org/CodeSystem/observation-category",
            "code": "laboratory",
        }
    ]
}
CLINICAL_STATUS = "http://terminology.hl7.org/CodeSystem/condition-clinical"
VERIFICATION_STATUS = "http://terminology.hl7.org/CodeSystem/condition-ver-status"
STOP_STATUS = {StopReason.REMISSION: "completed"}
ROUTES = dict(Route.choices)
SUBTYPES = dict(Subtype.choices)
CONCLUSIONS = dict(BiopsyConclusion.choices)
STOP_REASONS = dict(StopReason.choices)


def _biopsy_label(name: str) -> StrOrPromise:
    field = MuscleBiopsy._meta.get_field(name)
    assert isinstance(field, Field), name  # the findings are the biopsy's own columns
    return field.verbose_name


FINDING_LABELS = {name: _biopsy_label(name) for name in FINDING_FIELDS}


def _urn(kind: str, key: object) -> str:
    return f"urn:uuid:{uuid.uuid5(NAMESPACE, f'{kind}/{key}')}"


def _quantity(value: Decimal, unit: str) -> dict[str, Any]:
    return {"value": value, "unit": unit, "system": UCUM, "code": unit}


class FhirExport:
    """The resources of one cohort's Bundle, for identified or de-identified content."""

    def __init__(
        self,
        patients: QuerySet[Patient],
        *,
        content: str,
        visit_range: slice | None = None,
        chunk_size: int = CHUNK_PATIENTS,
    ) -> None:
        self.patients = patients
        self.deidentified = content == ExportContent.DEIDENTIFIED
        self.visit_range = visit_range
        self.chunk_size = chunk_size

    def entries(self, progress: Progress | None = None) -> Iterator[tuple[str, Resource]]:
        """Yield (fullUrl, validated resource) pairs, chunk by chunk of patients."""
        fields = (
            "pk", "registry_id", "date_shift_days", "date_of_birth", "given_name", "family_name",
            "hospital_number", "department__code", "sex", "symptom_onset_date", "diagnosis_date",
            "diagnosis", "follow_up_status",
        )  # fmt: skip
        rows = self.patients.order_by("pk").values(*fields)
        done = 0
        for chunk in batched(rows.iterator(chunk_size=self.chunk_size), self.chunk_size):
            by_pk = {row["pk"]: row for row in chunk}
            for row in chunk:
                yield from self._patient_entries(row)
            yield from self._lab_entries(by_pk)
            yield from self._medication_entries(by_pk)
            yield from self._biopsy_entries(by_pk)
            done += len(chunk)
            if progress is not None:
                progress(done)

    def _date(self, day: dt.date | None, patient: dict[str, Any]) -> str | None:
        if day is None:
            return None
        shifted = shift_date(day, patient["date_shift_days"]) if self.deidentified else day
        return shifted.isoformat() if shifted else None

    def _subject(self, patient: dict[str, Any]) -> dict[str, str]:
        return {"reference": _urn("Patient", patient["registry_id"])}

    def _patient_entries(self, patient: dict[str, Any]) -> Iterator[tuple[str, Resource]]:
        registry_id = patient["registry_id"]
        data: dict[str, Any] = {
            "id": registry_id,
            "identifier": [{"system": f"{SYSTEM}:registry-id", "value": registry_id}],
            "gender": patient["sex"],
        }
        if patient["follow_up_status"] == "deceased":
            data["deceasedBoolean"] = True
        if not self.deidentified:
            data["identifier"].append(
                {
                    "system": f"{SYSTEM}:hospital-number:{patient['department__code']}",
                    "value": patient["hospital_number"],
                }
            )
            data["name"] = [{"family": patient["family_name"], "given": [patient["given_name"]]}]
            data["birthDate"] = patient["date_of_birth"].isoformat()
        yield _urn("Patient", registry_id), FhirPatient.model_validate(data)
        yield self._condition(patient)

    def _condition(self, patient: dict[str, Any]) -> tuple[str, Resource]:
        code = patient["diagnosis"]
        verification = "provisional" if code == Subtype.UNCERTAIN else "confirmed"
        data: dict[str, Any] = {
            "id": str(uuid.uuid5(NAMESPACE, f"Condition/{patient['registry_id']}")),
            "clinicalStatus": {"coding": [{"system": CLINICAL_STATUS, "code": "active"}]},
            "verificationStatus": {
                "coding": [{"system": VERIFICATION_STATUS, "code": verification}]
            },
            "code": {
                "coding": [
                    {"system": f"{SYSTEM}:subtype", "code": code, "display": SUBTYPES[code]}
                ],
                "text": SUBTYPES[code],
            },
            "subject": self._subject(patient),
            "onsetDateTime": self._date(patient["symptom_onset_date"], patient),
            "recordedDate": self._date(patient["diagnosis_date"], patient),
        }
        age = age_on(patient["date_of_birth"], patient["symptom_onset_date"])
        if age is not None:
            data["extension"] = [
                {
                    "url": f"{SYSTEM}:age-at-onset",
                    "valueAge": {"value": age, "unit": "a", "system": UCUM, "code": "a"},
                }
            ]
        data = {key: value for key, value in data.items() if value is not None}
        return _urn("Condition", patient["registry_id"]), Condition.model_validate(data)

    def _lab_entries(self, patients: dict[int, dict[str, Any]]) -> Iterator[tuple[str, Resource]]:
        fields = ["patient_id", "pk", "date"]
        any_lab = Q()
        for code in LABS:
            fields += [f"{code}_value", f"{code}_unit", f"{code}_uln"]
            any_lab |= Q(**{f"{code}_value__isnull": False})
        visits = Visit.objects.filter(any_lab, patient_id__in=list(patients))
        if self.visit_range is not None:
            visits = visits.filter(date_range_q("date", self.visit_range))
        for visit in visits.order_by("patient_id", "date").values(*fields):
            patient = patients[visit["patient_id"]]
            for code, (loinc, display) in LABS.items():
                value = visit[f"{code}_value"]
                if value is None:
                    continue
                unit = visit[f"{code}_unit"]
                key = f"{visit['pk']}/{code}"
                data = {
                    "id": str(uuid.uuid5(NAMESPACE, f"Observation/{key}")),
                    "status": "final",
                    "category": [LAB_CATEGORY],
                    "code": {"coding": [{"system": LOINC, "code": loinc, "display": display}]},
                    "subject": self._subject(patient),
                    "effectiveDateTime": self._date(visit["date"], patient),
                    "valueQuantity": _quantity(value, unit),
                    "referenceRange": [{"high": _quantity(visit[f"{code}_uln"], unit)}],
                }
                yield _urn("Observation", key), Observation.model_validate(data)

    def _medication_entries(
        self, patients: dict[int, dict[str, Any]]
    ) -> Iterator[tuple[str, Resource]]:
        fields = (
            "patient_id", "pk", "drug__name", "dose", "unit", "frequency", "route", "start",
            "stop", "stop_reason", "line_of_therapy",
        )  # fmt: skip
        courses = TherapyCourse.objects.filter(patient_id__in=list(patients))
        for course in courses.order_by("patient_id", "start", "pk").values(*fields):
            patient = patients[course["patient_id"]]
            status = "active"
            if course["stop"] is not None:
                status = STOP_STATUS.get(course["stop_reason"], "stopped")
            dosage = f"{course['dose']} {course['unit']} {course['frequency']}".strip()
            data: dict[str, Any] = {
                "id": str(uuid.uuid5(NAMESPACE, f"MedicationStatement/{course['pk']}")),
                "status": status,
                "medicationCodeableConcept": {"text": course["drug__name"]},
                "subject": self._subject(patient),
                "effectivePeriod": {
                    key: value
                    for key, value in (
                        ("start", self._date(course["start"], patient)),
                        ("end", self._date(course["stop"], patient)),
                    )
                    if value
                },
                "dosage": [
                    {
                        "text": f"{dosage} {ROUTES[course['route']].lower()}",
                        "route": {"text": ROUTES[course["route"]]},
                        "doseAndRate": [
                            {"doseQuantity": {"value": course["dose"], "unit": course["unit"]}}
                        ],
                    }
                ],
            }
            if course["stop_reason"]:
                data["statusReason"] = [{"text": STOP_REASONS[course["stop_reason"]]}]
            if course["line_of_therapy"] is not None:
                data["extension"] = [
                    {"url": f"{SYSTEM}:line-of-therapy", "valueInteger": course["line_of_therapy"]}
                ]
            yield (
                _urn("MedicationStatement", course["pk"]),
                MedicationStatement.model_validate(data),
            )

    def _biopsy_entries(
        self, patients: dict[int, dict[str, Any]]
    ) -> Iterator[tuple[str, Resource]]:
        fields = ("patient_id", "pk", "date", "muscle", "conclusion", *FINDING_FIELDS)
        biopsies = MuscleBiopsy.objects.filter(patient_id__in=list(patients))
        for biopsy in biopsies.order_by("patient_id", "date", "pk").values(*fields):
            patient = patients[biopsy["patient_id"]]
            findings = [str(FINDING_LABELS[name]) for name in FINDING_FIELDS if biopsy[name]]
            data: dict[str, Any] = {
                "id": str(uuid.uuid5(NAMESPACE, f"Procedure/{biopsy['pk']}")),
                "status": "completed",
                "code": {"text": "Muscle biopsy"},
                "subject": self._subject(patient),
                "performedDateTime": self._date(biopsy["date"], patient),
                "bodySite": [{"text": biopsy["muscle"]}],
                "outcome": {
                    "coding": [
                        {
                            "system": f"{SYSTEM}:biopsy-conclusion",
                            "code": biopsy["conclusion"],
                            "display": CONCLUSIONS[biopsy["conclusion"]],
                        }
                    ],
                    "text": CONCLUSIONS[biopsy["conclusion"]],
                },
            }
            if findings:
                data["note"] = [{"text": "Findings: " + "; ".join(findings)}]
            yield _urn("Procedure", biopsy["pk"]), Procedure.model_validate(data)


def write_fhir_bundle(
    target: IO[bytes], export: FhirExport, progress: Progress | None = None
) -> int:
    """Write a ``collection`` Bundle entry by entry; return the number of resources."""
    header = {
        "resourceType": "Bundle",
        "id": str(uuid.uuid4()),
        "type": "collection",
        "timestamp": timezone.now().isoformat(timespec="seconds"),
    }
    target.write(json.dumps(header)[:-1].encode())
    count = 0
    for full_url, resource in export.entries(progress):
        prefix = b"," if count else b', "entry": ['
        body = resource.model_dump_json(exclude_none=True)
        target.write(prefix + b'{"fullUrl": "' + full_url.encode() + b'", "resource": ')
        target.write(body.encode() + b"}")
        count += 1
    target.write(b"]}" if count else b"}")
    return count
