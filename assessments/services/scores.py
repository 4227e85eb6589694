"""Compute and store every visit's scores through the rules engine (assessments.scoring).

Baseline: the patient's first visit (earliest date). The TIS and the IMACS DOI of every
later visit compare it with that baseline; the baseline's own score says it is the
baseline. The EULAR/ACR 2017 classification of a visit uses the findings known on the
visit date: age at symptom onset, the visit's clinical features, the latest tested anti-
Jo-1 result on a panel dated on or before the visit, any enzyme above its ULN at any visit
up to this one, and the latest biopsy on or before the visit date.

Scores are recomputed for the whole patient whenever a visit, biopsy, panel or the
patient's dates change, so an edit of the baseline or a late biopsy is always reflected.
"""

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import F

from assessments import scoring
from assessments.adapters import core_set_measures
from assessments.models import Visit, VisitScore
from assessments.models.visit import MMT_MAX, MmtVariant
from assessments.sources import RULE_SOURCES
from patients.models import AntibodyOutcome, AntibodyResult, MuscleBiopsy, Patient, Subtype

BASELINE_RULE = (
    "Baseline: the patient's first recorded visit. TIS and DOI compare each later visit with it."
)


def _comparable(baseline: Visit, visit: Visit) -> tuple[Any, Any, list[str]]:
    """Return both visits' measures with what cannot be compared left out, and why.

    Enzymes always compare: ``core_set_measures`` gives them in U/L whatever unit each
    visit was recorded in. MMT-8 totals of different variants never mix.
    """
    notes: list[str] = []
    first = core_set_measures(baseline)
    second = core_set_measures(visit)
    if first.mmt8_variant and second.mmt8_variant and first.mmt8_variant != second.mmt8_variant:
        notes.append(
            f"MMT-8 not compared: baseline {first.mmt8_variant}, this visit "
            f"{second.mmt8_variant}; totals of different variants never mix."
        )
        first = _without_mmt(first)
        second = _without_mmt(second)
    return first, second, notes


def _without_mmt(measures: Any) -> Any:
    return scoring.CoreSetMeasures(
        physician_global=measures.physician_global,
        patient_global=measures.patient_global,
        extramuscular_global=measures.extramuscular_global,
        haq=measures.haq,
        enzymes=measures.enzymes,
    )


def population_for(patient: Patient) -> scoring.Population:
    """Return "juvenile" for JDM or onset before 18 (juvenile TIS thresholds), else "adult"."""
    if patient.diagnosis == Subtype.JDM:
        return "juvenile"
    onset = patient.symptom_onset_date
    if onset is not None and patient.age_on(onset) < 18:
        return "juvenile"
    return "adult"


def _label(name: str) -> str:
    return str(scoring.MEASURE_LABELS.get(name, name))


def _tis_details(result: Any) -> dict[str, Any]:
    return {
        "total": result.total,
        "category": result.category,
        "complete": result.complete,
        "population": result.population,
        "enzyme": result.enzyme,
        "missing": [_label(name) for name in result.missing],
        "measures": [
            {
                "name": change.name,
                "label": _label(change.name),
                "baseline": change.baseline,
                "followup": change.followup,
                "percent_change": change.percent_change,
                "points": change.points,
            }
            for change in result.measures
        ],
        "reasoning": list(result.reasoning()),
        "version": result.version,
        "source": RULE_SOURCES["tis"],
    }


def _doi_details(result: Any) -> dict[str, Any]:
    return {
        "met": result.met,
        "complete": result.complete,
        "improved": [_label(name) for name in result.improved],
        "worsened": [_label(name) for name in result.worsened],
        "missing": [_label(name) for name in result.missing],
        "reasoning": list(result.reasoning()),
        "version": result.version,
        "source": RULE_SOURCES["doi"],
    }


def _latest_before(rows: Sequence[Any], day: dt.date, attr: str = "date") -> Any | None:
    earlier = [row for row in rows if getattr(row, attr) <= day]
    return earlier[-1] if earlier else None


def _enzymes_elevated(visits: Sequence[Visit], day: dt.date) -> bool:
    for visit in visits:
        if visit.date > day:
            break
        for code in ("ck", "ldh", "ast", "alt"):
            pair = visit.enzyme(code)
            if pair is not None and pair[0] > pair[1]:
                return True
    return False


def _classification(
    *,
    patient: Patient,
    visit: Visit,
    visits: Sequence[Visit],
    jo1_results: Sequence[AntibodyResult],
    biopsies: Sequence[MuscleBiopsy],
) -> tuple[Any | None, dict[str, Any]]:
    if patient.symptom_onset_date is None:
        return None, {"not_computed": "Enter the date of symptom onset to classify."}
    jo1 = _latest_before(jo1_results, visit.date, "panel_date")
    biopsy = _latest_before(biopsies, visit.date)
    findings = scoring.ClassificationFindings(
        age_at_onset=patient.age_on(patient.symptom_onset_date),
        proximal_upper_weakness=visit.proximal_upper_weakness,
        proximal_lower_weakness=visit.proximal_lower_weakness,
        neck_flexor_weaker=visit.neck_flexor_weaker,
        legs_proximal_weaker_than_distal=visit.legs_proximal_weaker_than_distal,
        heliotrope=visit.heliotrope,
        gottron_papules=visit.gottron_papules,
        gottron_sign=visit.gottron_sign,
        dysphagia=visit.dysphagia,
        anti_jo1=jo1 is not None and jo1.result == AntibodyOutcome.POSITIVE,
        enzymes_elevated=_enzymes_elevated(visits, visit.date),
        finger_flexor_weakness_unresponsive=visit.finger_flexor_weakness,
        biopsy=None
        if biopsy is None
        else scoring.BiopsyItems(
            endomysial_infiltrate=biopsy.endomysial_infiltrate,
            perimysial_perivascular_infiltrate=biopsy.perimysial_perivascular_infiltrate,
            perifascicular_atrophy=biopsy.perifascicular_atrophy,
            rimmed_vacuoles=biopsy.rimmed_vacuoles,
        ),
    )
    result = scoring.classify_iim(findings)
    details = {
        "score": result.score,
        "probability": round(result.probability, 3),
        "category": result.category,
        "with_biopsy": result.with_biopsy,
        "subgroup": result.subgroup,
        "items": [{"label": item.label, "points": item.points} for item in result.items],
        "notes": list(result.notes),
        "inputs": {
            "age_at_onset": findings.age_at_onset,
            "anti_jo1": "positive"
            if findings.anti_jo1
            else ("not tested" if jo1 is None else jo1.get_result_display().lower()),
            "anti_jo1_date": None if jo1 is None else jo1.panel_date.isoformat(),
            "enzymes_elevated": findings.enzymes_elevated,
            "biopsy_date": None if biopsy is None else biopsy.date.isoformat(),
        },
        "version": result.version,
        "source": RULE_SOURCES["classification"],
    }
    return result, details


def _score_visit(
    *,
    patient: Patient,
    visit: Visit,
    baseline: Visit,
    visits: Sequence[Visit],
    jo1_results: Sequence[AntibodyResult],
    biopsies: Sequence[MuscleBiopsy],
) -> VisitScore:
    score = VisitScore(visit=visit, baseline_visit=baseline)
    details: dict[str, Any] = {
        "baseline": {"visit_id": baseline.pk, "date": baseline.date.isoformat()},
        "baseline_rule": BASELINE_RULE,
        "mmt8": {"total": visit.mmt8_total, "max": MMT_MAX[MmtVariant(visit.mmt8_variant)]},
        "notes": [],
        "tis": None,
        "doi": None,
    }
    if visit.pk != baseline.pk:
        first, second, notes = _comparable(baseline, visit)
        details["notes"] = notes
        population = population_for(patient)
        tis = scoring.total_improvement_score(first, second, population)
        doi = scoring.imacs_improvement(first, second)
        score.tis_total = Decimal(str(tis.total))
        score.tis_category = tis.category
        score.tis_complete = tis.complete
        score.tis_version = tis.version
        score.doi_met = doi.met
        score.doi_version = doi.version
        details["tis"] = _tis_details(tis)
        details["doi"] = _doi_details(doi)
    result, details["classification"] = _classification(
        patient=patient, visit=visit, visits=visits, jo1_results=jo1_results, biopsies=biopsies
    )
    if result is not None:
        score.classification_score = Decimal(str(result.score))
        score.classification_category = result.category
        score.classification_subgroup = result.subgroup or ""
        score.classification_with_biopsy = result.with_biopsy
        score.classification_version = result.version
    score.details = details
    return score


def patient_scores_recompute(*, patient: Patient) -> list[VisitScore]:
    """Recompute and store the scores of every visit of a patient; return them by date."""
    visits = list(Visit.objects.filter(patient=patient).order_by("date", "id"))
    jo1_results = list(
        AntibodyResult.objects.filter(panel__patient=patient, antibody="jo1")
        .exclude(result=AntibodyOutcome.NOT_TESTED)
        .annotate(panel_date=F("panel__date"))
        .order_by("panel__date", "panel_id")
    )
    biopsies = list(MuscleBiopsy.objects.filter(patient=patient).order_by("date", "id"))
    scores = [
        _score_visit(
            patient=patient,
            visit=visit,
            baseline=visits[0],
            visits=visits,
            jo1_results=jo1_results,
            biopsies=biopsies,
        )
        for visit in visits
    ]
    with transaction.atomic():
        VisitScore.objects.filter(visit__patient=patient).delete()
        VisitScore.objects.bulk_create(scores)
    return scores
