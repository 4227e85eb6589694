"""Re-evaluate patients: refractory status and reminders, written only where they changed.

``patients_reevaluate`` is the one write path the on-change task and the nightly sweep
share; ``patient_schedule_reevaluation`` is what other services call after saving a
visit or a therapy course.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping, Sequence
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
from assessments.models import EvaluationTrigger, RefractoryEvaluation, SweepChunk, SweepState
from assessments.scoring import (
    CANCER_SCREENING_VERSION,
    PROMPTS_VERSION,
    REFRACTORY_VERSION,
    RefractoryResult,
    cancer_screening_plan,
    diagnostic_prompts,
    refractory_status,
)
from assessments.selectors.sweep import (
    LatestEvaluation,
    PatientInputs,
    digests_after_run,
    fingerprint,
    job_inputs,
    patients_to_recheck,
)
from assessments.services.reminder_rules import (
    ACTIVE_PHYSICIAN_GLOBAL,
    FOLLOW_UP_SOURCE,
    SCREENING_LOOKAHEAD_DAYS,
    ReminderPlan,
    ReminderSpec,
    follow_up_spec,
    prompt_specs,
    reconcile,
    screening_recheck_days,
    screening_specs,
)
from assessments.services.reminders import reminders_apply
from infra.bulk_insert import insert_rows, upsert_rows
from infra.dispatch import task_send
from patients.models import FollowUpStatus

logger = logging.getLogger(__name__)

# A patient's results are recomputed at least this often, whatever the recheck days say.
MAX_RECHECK_DAYS = 28
# Raise to make every patient's rules run again at the next sweep.
STATE_VERSION = "state-2"  # 2: IVIG suggestions became reminders


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
) -> dict[str, Any] | None:
    """Return a new evaluation row (by attribute name), or None when nothing differs from
    the latest one."""
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
    return {
        "patient_id": inputs.patient.id,
        "evaluated_at": now,
        "as_of": as_of,
        "trigger": trigger,
        "status": result.status,
        "reason": result.reason,
        "rule_version": result.version,
        "parameters": parameters,
        "inputs": used,
        "adequate_since": result.adequate_since,
        "window_end": result.window_end,
        "baseline_visit_id": None if baseline is None else baseline.id,
        "followup_visit_id": None if followup is None else followup.id,
        "tis_total": Decimal(str(tis.total)) if compared and tis is not None else None,
        "tis_category": tis.category if compared and tis is not None else "",
        "doi_met": doi.met if compared and doi is not None else None,
    }


def _reminder_specs(
    inputs: PatientInputs, result: RefractoryResult, *, as_of: dt.date
) -> tuple[list[ReminderSpec], list[dt.date]]:
    """Return the reminders the rules want and the days the screening plan may change."""
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
    screening = cancer_screening_plan(facts, today=as_of)
    specs += screening_specs(screening, as_of=as_of)
    return specs, screening_recheck_days(screening, as_of=as_of)


def safety_recheck_on(patient_id: int, as_of: dt.date) -> dt.date:
    """Return the patient's next safety-net recheck day after ``as_of``.

    Each patient has its own day in a cycle of ``MAX_RECHECK_DAYS`` days (its id modulo
    the cycle), so the safety net falls on about one patient in 28 each night instead of
    on everyone four weeks after the first sweep. The day is 1 to 28 days ahead.
    """
    phase = (as_of.toordinal() - patient_id) % MAX_RECHECK_DAYS
    return as_of + dt.timedelta(days=MAX_RECHECK_DAYS - phase)


def recheck_on(
    inputs: PatientInputs, result: RefractoryResult, screening_days: list[dt.date], as_of: dt.date
) -> dt.date:
    """Return the first day after ``as_of`` on which time alone could change the results.

    Dates in the record that lie ahead (a visit or a course start dated in the future,
    the day after a course stops), the end of the treatment window, the days a screen
    comes within the lookahead or the screening window closes; at the latest the
    patient's safety-net day (``safety_recheck_on``), for anything else that depends on
    the date.
    """
    days = [safety_recheck_on(inputs.patient.id, as_of), *screening_days]
    days += [visit.date for visit in inputs.visits]
    for course in inputs.courses:
        days.append(course.start)
        if course.stop is not None:
            days.append(course.stop + dt.timedelta(days=1))
    if result.window_end is not None:
        days.append(result.window_end)
    return min(day for day in days if day > as_of)


def rules_key() -> str:
    """Return what, besides the data, the results depend on: rule versions and parameters."""
    return "|".join(
        [
            REFRACTORY_VERSION,
            PROMPTS_VERSION,
            CANCER_SCREENING_VERSION,
            FOLLOW_UP_SOURCE,
            f"window={window_months()}",
            f"lookahead={SCREENING_LOOKAHEAD_DAYS}",
            f"active={ACTIVE_PHYSICIAN_GLOBAL}",
            STATE_VERSION,
        ]
    )


def _store_states(
    rechecks: dict[int, dt.date], as_of: dt.date, before: Mapping[int, list[object]]
) -> None:
    """Remember what the rules saw (``digests_after_run``) and when to look again."""
    key = rules_key()
    digests = digests_after_run(patient_ids=list(rechecks), before=before)
    upsert_rows(
        SweepState,
        [
            {
                "patient_id": pk,
                "fingerprint": fingerprint(parts, key),
                "checked_on": as_of,
                "recheck_on": rechecks[pk],
            }
            for pk, parts in digests.items()
        ],
        unique="patient",
        update=["fingerprint", "checked_on", "recheck_on"],
    )


def patients_reevaluate(
    *,
    patient_ids: Sequence[int],
    as_of: dt.date | None = None,
    trigger: str = EvaluationTrigger.CHANGE,
    chunk_id: int | None = None,
    only_due: bool = False,
) -> Outcome:
    """Re-evaluate these patients: a new evaluation row where the result changed, and
    their reminders brought in line with the rules (created, updated, closed, reopened).

    One transaction, a constant number of queries however many patients. Idempotent: a
    second run with the same data writes nothing. With ``chunk_id`` the sweep chunk is
    locked, its stored patients are evaluated and it is marked finished in the same
    transaction; a chunk finished, gone or being processed is skipped, so a chunk delivered
    twice (worker killed, message restored, chunk re-sent) runs once. With ``only_due``
    (the sweep) the rules run only for patients whose inputs changed or whose recheck
    day came (``patients_to_recheck``); the others are left as they are.
    """
    as_of = as_of or timezone.localdate()
    now = timezone.now()
    with transaction.atomic():
        chunk = None
        if chunk_id is not None:
            # A chunk another worker is processing right now is locked: skip it too.
            chunk = (
                SweepChunk.objects.select_for_update(skip_locked=True, of=("self",))
                .filter(pk=chunk_id)
                .order_by("pk")
                .first()
            )
            if chunk is None or chunk.finished_at is not None:
                return Outcome(0, 0, 0, skipped=True)
            patient_ids = chunk.patient_ids
        before: dict[int, list[object]] = {}
        if only_due:
            recheck = patients_to_recheck(patient_ids=patient_ids, as_of=as_of, key=rules_key())
            patient_ids, before = recheck.ids, recheck.digests
        found = job_inputs(patient_ids=patient_ids, lock=True) if patient_ids else []
        evaluations: list[dict[str, Any]] = []
        plan = ReminderPlan()
        rechecks: dict[int, dt.date] = {}
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
            specs, screening_days = (
                _reminder_specs(inputs, result, as_of=as_of) if following else ([], [])
            )
            rechecks[inputs.patient.id] = recheck_on(inputs, result, screening_days, as_of)
            reconcile(
                inputs.reminders,
                specs,
                patient_id=inputs.patient.id,
                as_of=as_of,
                following=following,
                plan=plan,
            )
        insert_rows(RefractoryEvaluation, evaluations)
        reminders_apply(plan=plan, now=now)
        if found:
            _store_states(rechecks, as_of, before)
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
        try:
            task_send(
                "assessments.evaluate_patient",
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
