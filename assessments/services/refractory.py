"""Re-evaluate patients: refractory status and reminders, written only where they changed.

``patients_reevaluate`` is the one write path the on-change task and the nightly sweep
share; ``patient_schedule_reevaluation`` is what other services call after saving a
visit or a therapy course.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, cast

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from assessments.adapters import (
    CourseInput,
    VisitInput,
    latest_antibodies,
    patient_facts,
    population,
)
from assessments.models import EvaluationTrigger, RefractoryEvaluation, SweepChunk
from assessments.scoring import (
    RefractoryResult,
    cancer_screening_plan,
    diagnostic_prompts,
    refractory_status,
)
from assessments.selectors_jobs import LatestEvaluation, PatientInputs, job_inputs
from assessments.services.reminder_rules import (
    ReminderPlan,
    ReminderSpec,
    follow_up_spec,
    prompt_specs,
    reconcile,
    screening_specs,
)
from assessments.services.reminders import reminders_apply
from patients.models import FollowUpStatus

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Outcome:
    """What one re-evaluation wrote."""

    patients: int
    evaluations_written: int
    reminders_changed: int
    skipped: bool = False


def window_months() -> int:
    """Return the refractory evaluation window (setting ``REFRACTORY_WINDOW_MONTHS``, 3)."""
    return int(getattr(settings, "REFRACTORY_WINDOW_MONTHS", 3))


def _stable_reason(reason: str, as_of: dt.date) -> str:
    # The engine's "no follow-up visit between X and <as_of>" names the evaluation day;
    # a day passing is not a change worth a new row.
    return reason.replace(as_of.isoformat(), "<as of>")


def _evaluation_row(
    inputs: PatientInputs,
    result: RefractoryResult,
    *,
    as_of: dt.date,
    now: dt.datetime,
    trigger: str,
) -> RefractoryEvaluation | None:
    """Return a new evaluation row, or None when nothing differs from the latest one."""
    baseline = cast(VisitInput | None, result.baseline_visit)
    followup = cast(VisitInput | None, result.followup_visit)
    courses = cast(tuple[CourseInput, ...], result.courses_used)
    used = {
        "visits": [visit.id for visit in (baseline, followup) if visit is not None],
        "courses": [course.id for course in courses],
    }
    parameters: dict[str, Any] = dict(result.parameters)
    latest: LatestEvaluation | None = inputs.latest
    if latest is not None and (
        latest.status == result.status
        and _stable_reason(latest.reason, latest.as_of) == _stable_reason(result.reason, as_of)
        and latest.rule_version == result.version
        and latest.parameters == parameters
        and latest.inputs == used
    ):
        return None
    tis, doi = result.tis, result.doi
    compared = result.status in ("responding", "refractory")
    return RefractoryEvaluation(
        patient_id=inputs.patient.id,
        evaluated_at=now,
        as_of=as_of,
        trigger=trigger,
        status=result.status,
        reason=result.reason,
        rule_version=result.version,
        parameters=parameters,
        inputs=used,
        adequate_since=result.adequate_since,
        window_end=result.window_end,
        baseline_visit_id=None if baseline is None else baseline.id,
        followup_visit_id=None if followup is None else followup.id,
        tis_total=Decimal(str(tis.total)) if compared and tis is not None else None,
        tis_category=tis.category if compared and tis is not None else "",
        doi_met=doi.met if compared and doi is not None else None,
    )


def _reminder_specs(
    inputs: PatientInputs, result: RefractoryResult, *, as_of: dt.date
) -> list[ReminderSpec]:
    patient = inputs.patient
    refractory = result.status == "refractory"
    facts = patient_facts(
        patient=patient,
        visits=inputs.visits,
        courses=inputs.courses,
        antibodies=latest_antibodies(inputs.antibody_results),
        biopsies=inputs.biopsies,
        refractory=refractory,
        malignancy_excluded=any(
            row.kind == "cancer_screening" and row.status == "done" and row.resolved_by_id
            for row in inputs.reminders
        ),
        as_of=as_of,
    )
    known = [visit for visit in inputs.visits if visit.date <= as_of]
    last = known[-1] if known else None
    specs = [
        follow_up_spec(
            status=result.status,
            last_visit=None if last is None else (last.date, last.measures.physician_global),
            months_active=inputs.months_active,
            months_stable=inputs.months_stable,
            registered_on=patient.created_on,
        )
    ]
    latest_biopsy_on = inputs.biopsies[-1][0] if inputs.biopsies else None
    specs += prompt_specs(diagnostic_prompts(facts), latest_biopsy_on=latest_biopsy_on)
    specs += screening_specs(cancer_screening_plan(facts, today=as_of), as_of=as_of)
    return specs


def patients_reevaluate(
    *,
    patient_ids: Sequence[int],
    as_of: dt.date | None = None,
    trigger: str = EvaluationTrigger.CHANGE,
    chunk_id: int | None = None,
) -> Outcome:
    """Re-evaluate these patients: a new evaluation row where the result changed, and
    their reminders brought in line with the rules (created, updated, closed, reopened).

    One transaction, a constant number of queries however many patients. Idempotent: a
    second run with the same data writes nothing. With ``chunk_id`` the sweep chunk is
    locked and marked finished in the same transaction, and a chunk already finished is
    skipped, so a chunk delivered twice (worker killed, message restored) runs once.
    """
    as_of = as_of or timezone.localdate()
    now = timezone.now()
    with transaction.atomic():
        chunk = None
        if chunk_id is not None:
            chunk = SweepChunk.objects.select_for_update().get(pk=chunk_id)
            if chunk.finished_at is not None:
                return Outcome(0, 0, 0, skipped=True)
        found = job_inputs(patient_ids=patient_ids, lock=True)
        evaluations: list[RefractoryEvaluation] = []
        plan = ReminderPlan()
        window = window_months()
        for inputs in found:
            result = refractory_status(
                inputs.visits,
                inputs.courses,
                as_of,
                window,
                population="juvenile" if population(inputs.patient) == "juvenile" else "adult",
            )
            row = _evaluation_row(inputs, result, as_of=as_of, now=now, trigger=trigger)
            if row is not None:
                evaluations.append(row)
            following = inputs.patient.follow_up_status == FollowUpStatus.ACTIVE
            specs = _reminder_specs(inputs, result, as_of=as_of) if following else []
            reconcile(
                inputs.reminders,
                specs,
                patient_id=inputs.patient.id,
                as_of=as_of,
                following=following,
                plan=plan,
            )
        RefractoryEvaluation.objects.bulk_create(evaluations)
        reminders_apply(plan=plan, now=now)
        if chunk is not None:
            chunk.finished_at = now
            chunk.evaluations_written = len(evaluations)
            chunk.reminders_changed = len(plan)
            chunk.save(update_fields=["finished_at", "evaluations_written", "reminders_changed"])
    return Outcome(len(found), len(evaluations), len(plan))


def patient_schedule_reevaluation(*, patient_id: int) -> None:
    """Queue a re-evaluation of the patient once the current transaction commits.

    Call it from every service that saves a visit or a therapy course. If the broker is
    unreachable the error is logged and swallowed: the caller's save stands and the user
    sees success; the nightly sweep re-evaluates the patient.
    """

    def send() -> None:
        from assessments.tasks import evaluate_patient

        try:
            evaluate_patient.apply_async(
                args=[patient_id],
                retry=True,
                retry_policy={"max_retries": 1, "interval_start": 0, "interval_step": 0.5},
            )
        except Exception:
            logger.exception(
                "Could not queue the re-evaluation of patient %s; the nightly sweep will",
                patient_id,
            )

    transaction.on_commit(send)
