"""Saving a visit stores its scores, computed by the rules engine against the baseline."""

import datetime as dt
from decimal import Decimal

from assessments.adapters import core_set_measures
from assessments.models import Visit, VisitScore
from assessments.services.visits import visit_record, visit_update
from patients.services import antibody_panel_record, biopsy_record
from patients.services.antibodies import ResultInput
from tests.factories import PatientFactory

BASELINE = dt.date(2023, 1, 10)


def measures(**overrides):
    """Return visit data with the worked example's baseline values (clinical-rules §2)."""
    data = {
        "date": BASELINE,
        "mmt8_variant": "bilateral",
        "physician_global": Decimal("6.0"),
        "patient_global": Decimal("7"),
        "haq": Decimal("1.5"),
        "extramuscular_global": Decimal("4"),
        "ck_value": Decimal("3000"),
        "ck_uln": Decimal("190"),
        "mmt_neck_flexors": 6,
    }
    # 110 bilateral: neck 6 + 14 grades summing to 104.
    grades = [8, 8, 8, 7, 7, 7, 7, 7, 7, 7, 7, 8, 8, 8]
    sides = [
        f"mmt_{g}_{s}"
        for g in (
            "deltoid",
            "biceps",
            "wrist_extensors",
            "gluteus_maximus",
            "gluteus_medius",
            "quadriceps",
            "ankle_dorsiflexors",
        )
        for s in ("right", "left")
    ]
    data.update(dict(zip(sides, grades, strict=True)))
    data.update(overrides)
    return data


def improved(day):
    """The worked example's follow-up: PGA 3.5, PtGA 5, MMT 125, HAQ 1.0, CK 1200, EM 2."""
    data = measures(
        date=day,
        physician_global=Decimal("3.5"),
        patient_global=Decimal("5"),
        haq=Decimal("1.0"),
        ck_value=Decimal("1200"),
        extramuscular_global=Decimal("2"),
    )
    data.update(
        {
            "mmt_neck_flexors": 7,
            "mmt_deltoid_right": 10,
            "mmt_deltoid_left": 10,
            "mmt_biceps_right": 10,
            "mmt_biceps_left": 10,
            "mmt_wrist_extensors_right": 9,
            "mmt_wrist_extensors_left": 9,
            "mmt_gluteus_maximus_right": 8,
        }
    )
    return data


def test_the_worked_example_scores_fifty_seven_and_a_half(personas):
    patient = personas.patient
    visit_record(patient=patient, data=measures(), entered_by=personas.nurse)

    followup = visit_record(
        patient=patient, data=improved(dt.date(2023, 7, 1)), entered_by=personas.nurse
    )

    score = VisitScore.objects.get(visit=followup)
    assert followup.mmt8_total == 125
    assert score.tis_total == Decimal("57.5")
    assert score.tis_category == "moderate"
    assert score.tis_complete is True
    assert score.baseline_visit.date == BASELINE
    assert score.tis_version == "tis-2016.1"
    points = {m["name"]: m["points"] for m in score.details["tis"]["measures"]}
    assert points == {
        "physician_global": 15,
        "patient_global": 5,
        "mmt8": 10,
        "haq": 7.5,
        "enzyme": 7.5,
        "extramuscular_global": 12.5,
    }


def test_the_baseline_visit_says_so_and_has_no_tis(personas):
    first = visit_record(patient=personas.patient, data=measures(), entered_by=personas.nurse)

    score = VisitScore.objects.get(visit=first)
    assert score.is_baseline
    assert score.tis_total is None
    assert score.tis_category == ""


def test_editing_the_baseline_recomputes_every_later_visit(personas):
    patient = personas.patient
    baseline = visit_record(patient=patient, data=measures(), entered_by=personas.nurse)
    later = visit_record(
        patient=patient, data=improved(dt.date(2023, 7, 1)), entered_by=personas.nurse
    )

    visit_update(
        visit=baseline,
        data=measures(physician_global=Decimal("3.5")),
        expected_version=1,
        edited_by=personas.clinician,
        reason="PGA transcribed wrongly",
    )

    score = VisitScore.objects.get(visit=later)
    assert score.tis_total == Decimal("42.5")
    assert score.details["tis"]["measures"][0]["points"] == 0


def test_a_visit_entered_before_the_first_becomes_the_baseline(personas):
    patient = personas.patient
    visit_record(patient=patient, data=improved(dt.date(2023, 7, 1)), entered_by=personas.nurse)

    earlier = visit_record(patient=patient, data=measures(), entered_by=personas.nurse)

    later = Visit.objects.get(date=dt.date(2023, 7, 1))
    assert later.score.baseline_visit == earlier
    assert later.score.tis_total == Decimal("57.5")


def test_missing_measures_are_listed_and_the_tis_marked_incomplete(personas):
    patient = personas.patient
    visit_record(patient=patient, data=measures(), entered_by=personas.nurse)

    followup = visit_record(
        patient=patient,
        data=improved(dt.date(2023, 7, 1)) | {"haq": None},
        entered_by=personas.nurse,
    )

    score = VisitScore.objects.get(visit=followup)
    assert score.tis_complete is False
    assert score.details["tis"]["missing"] == ["HAQ/CHAQ"]


def test_mmt_totals_of_different_variants_are_never_compared(personas):
    patient = personas.patient
    visit_record(patient=patient, data=measures(), entered_by=personas.nurse)
    unilateral = {"mmt8_variant": "unilateral"} | {
        key: None for key in measures() if key.endswith("_left")
    }

    followup = visit_record(
        patient=patient,
        data=improved(dt.date(2023, 7, 1)) | unilateral,
        entered_by=personas.nurse,
    )

    score = VisitScore.objects.get(visit=followup)
    assert "MMT-8" in score.details["tis"]["missing"]
    assert any("MMT-8 not compared" in note for note in score.details["notes"])


def test_classification_uses_onset_age_jo1_enzymes_and_the_latest_biopsy(personas):
    patient = PatientFactory(
        department=personas.department,
        date_of_birth=dt.date(1970, 1, 1),
        symptom_onset_date=dt.date(2022, 6, 1),
        diagnosis_date=dt.date(2022, 9, 1),
    )
    antibody_panel_record(
        patient=patient,
        data={"date": dt.date(2022, 12, 1), "lab": "Lab", "method": "line_blot", "notes": ""},
        results={"jo1": ResultInput(result="positive")},
        entered_by=personas.nurse,
    )
    visit = visit_record(
        patient=patient,
        data=measures(proximal_upper_weakness=True, proximal_lower_weakness=True),
        entered_by=personas.nurse,
    )

    score = VisitScore.objects.get(visit=visit)
    # age >= 40 (2.1) + upper (0.7) + lower (0.8) + anti-Jo-1 (3.9) + CK > ULN (1.3) = 8.8
    assert score.classification_score == Decimal("8.8")
    assert score.classification_category == "definite"
    assert score.classification_subgroup == "pm"
    assert score.classification_with_biopsy is False

    biopsy_record(
        patient=patient,
        data={
            "date": dt.date(2022, 12, 20),
            "muscle": "deltoid",
            "rimmed_vacuoles": True,
            "conclusion": "ibm_pattern",
            "report": "",
        },
        entered_by=personas.nurse,
    )

    score = VisitScore.objects.get(visit=visit)
    assert score.classification_with_biopsy is True
    assert score.classification_subgroup == "ibm"
    assert score.details["classification"]["inputs"]["biopsy_date"] == "2022-12-20"


def test_without_an_onset_date_the_classification_says_what_is_missing(personas):
    patient = PatientFactory(department=personas.department, symptom_onset_date=None)

    visit = visit_record(patient=patient, data=measures(), entered_by=personas.nurse)

    score = VisitScore.objects.get(visit=visit)
    assert score.classification_category == ""
    assert "symptom onset" in score.details["classification"]["not_computed"]


def test_enzymes_in_microkatal_are_read_in_units_per_litre_value_and_uln_alike():
    visit = Visit(
        ck_value=Decimal("20"), ck_unit="ukat/L", ck_uln=Decimal("3.5"), mmt8_variant="bilateral"
    )

    assert core_set_measures(visit).enzymes["ck"] == (1200.0, 210.0)


def test_a_follow_up_in_microkatal_compares_with_a_baseline_in_units_per_litre(personas):
    patient = personas.patient
    visit_record(patient=patient, data=measures(), entered_by=personas.nurse)
    in_ukat = {"ck_value": Decimal("20"), "ck_unit": "ukat/L", "ck_uln": Decimal("3.17")}

    followup = visit_record(
        patient=patient, data=improved(dt.date(2023, 7, 1)) | in_ukat, entered_by=personas.nurse
    )

    score = VisitScore.objects.get(visit=followup)
    assert score.tis_total == Decimal("57.5")
    assert score.details["tis"]["missing"] == []
    assert not any("units" in note for note in score.details["notes"])
