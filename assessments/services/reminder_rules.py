"""Decide which reminders a patient should have, and how the stored ones must change.

Pure functions over the rules engine's outputs: no database. The jobs call
``reminder_specs`` for each patient, then ``reconcile`` against the stored reminders and
write the difference (``assessments.services.reminders.reminders_apply``).

"Reminders reflect later edits" (issue 6): a pending reminder whose condition no longer
holds (anti-HMGCR now tested, a later visit recorded, the patient discharged) is closed
automatically as done, with no user and a reason saying why; a reminder a job closed
that way is reopened if its condition comes back (a visit deleted, a result corrected).
A reminder a person marked done or dismissed is never reopened or re-created: the unique
key (patient, kind, due period) remembers it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Final

from assessments.scoring import (
    Prompt,
    ScreeningPlan,
    add_months,
)

FOLLOW_UP_SOURCE: Final = "follow-up-2024.1"
# Project reading of "active disease" (clinical-rules.md §1 "abnormal" cut-off): the
# physician global activity at the latest visit is 2 cm or more.
ACTIVE_PHYSICIAN_GLOBAL: Final = 2.0
# Screening visits are raised this many days before they fall due.
SCREENING_LOOKAHEAD_DAYS: Final = 30
# Prompts that become reminders, by kind. Every prompt does: "consider_ivig" (the seed
# case's missed treatment, clinical-rules.md §10) is a treatment review a clinician
# marks done or dismisses with a reason, like the others.
PROMPT_KINDS: Final = {
    "test_hmgcr_srp": "antibody_testing",
    "full_msa_panel": "antibody_testing",
    "repeat_biopsy": "repeat_biopsy",
    "exclude_malignancy": "cancer_screening",
    "statin_with_hmgcr": "safety",
    "consider_ivig": "treatment",
}
PENDING: Final = frozenset({"open", "snoozed"})
CLOSED_NO_LONGER_APPLIES: Final = "Closed automatically: no longer applies after later changes"
CLOSED_LATER_VISIT: Final = "Closed automatically: a later visit was recorded"
CLOSED_NOT_FOLLOWED: Final = "Closed automatically: the patient is no longer in follow-up"


@dataclass(frozen=True)
class ReminderSpec:
    """A reminder the rules want: ``due_date`` None means due the day it is first raised.

    ``raise_new`` False keeps (and updates) a reminder already raised but does not raise
    it if missing: a screen overdue when the screening window closed stays open.
    """

    kind: str
    due_period: str
    due_date: dt.date | None
    reason: str
    source: str
    raise_new: bool = True

    @property
    def key(self) -> tuple[str, str]:
        return (self.kind, self.due_period)


@dataclass(frozen=True)
class StoredReminder:
    """The columns of a stored reminder that reconciliation compares."""

    id: int
    kind: str
    due_period: str
    status: str
    due_date: dt.date
    reason: str
    source: str
    resolved_by_id: int | None
    notify_on: dt.date

    @property
    def key(self) -> tuple[str, str]:
        return (self.kind, self.due_period)


@dataclass(frozen=True)
class Change:
    """New values for one stored reminder; ``reopen`` or ``close_reason`` change its status."""

    id: int
    due_date: dt.date
    reason: str
    source: str
    notify_on: dt.date
    reopen: bool = False
    close_reason: str | None = None


@dataclass(frozen=True)
class NewReminder:
    """A reminder to create for a patient, with its due date and first digest day."""

    patient_id: int
    spec: ReminderSpec
    due_date: dt.date
    notify_on: dt.date


@dataclass
class ReminderPlan:
    """What to write for a set of patients: rows to create and rows to change."""

    create: list[NewReminder] = field(default_factory=list)
    change: list[Change] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.create) + len(self.change)


def follow_up_spec(
    *,
    status: str,
    last_visit: tuple[dt.date, float | None] | None,
    months_active: int,
    months_stable: int,
    registered_on: dt.date,
) -> ReminderSpec:
    """Return the next follow-up visit: the department's interval after the last visit.

    The short interval applies to refractory patients, to patients inside their
    treatment window (not yet evaluable) and to active disease (physician global 2 cm or
    more at the last visit); the long one otherwise. Keyed by the last visit, so a new
    visit closes this reminder and raises the next. No visit yet: due on registration.
    """
    if last_visit is None:
        return ReminderSpec(
            "follow_up",
            "first-visit",
            registered_on,
            "No visit recorded yet: record a first visit with the core set measures",
            FOLLOW_UP_SOURCE,
        )
    visit_date, physician_global = last_visit
    active = status in ("refractory", "not_yet_evaluable") or (
        physician_global is not None and physician_global >= ACTIVE_PHYSICIAN_GLOBAL
    )
    months = months_active if active else months_stable
    if status == "refractory":
        why = "refractory disease"
    elif status == "not_yet_evaluable":
        why = "within the treatment evaluation window"
    elif active:
        why = "active disease (physician global 2 cm or more)"
    else:
        why = "stable disease"
    return ReminderSpec(
        "follow_up",
        f"after:{visit_date.isoformat()}",
        add_months(visit_date, months),
        f"Follow-up visit due {months} months after the visit of {visit_date.isoformat()} ({why})",
        FOLLOW_UP_SOURCE,
    )


def prompt_specs(
    prompts: Iterable[Prompt], *, latest_biopsy_on: dt.date | None
) -> list[ReminderSpec]:
    """Turn the diagnostic prompts into reminders due the day they are first raised.

    A repeat-biopsy reminder is keyed by the latest biopsy it follows, so recording a
    biopsy closes it (and the rules may raise the next one); the other prompts are keyed
    by what they ask for.
    """
    specs = []
    for prompt in prompts:
        kind = PROMPT_KINDS.get(prompt.code)
        if kind is None:
            continue
        period: str = prompt.code
        if prompt.code == "repeat_biopsy":
            after = "none" if latest_biopsy_on is None else latest_biopsy_on.isoformat()
            period = f"after-biopsy:{after}"
        reason = f"{prompt.message} ({'; '.join(prompt.facts)})"
        specs.append(ReminderSpec(kind, period, None, reason, f"{prompt.version}/{prompt.code}"))
    return specs


def screening_specs(plan: ScreeningPlan, *, as_of: dt.date) -> list[ReminderSpec]:
    """Return the scheduled cancer screens due by ``as_of`` + the lookahead.

    Raised only while the patient is in the 3-year screening window (IMACS 2023): past
    screens inside the window are raised overdue, so a patient registered late still
    shows the screens not yet done. Once the window has closed nothing new is raised,
    but a screen already raised and still pending stays open (``raise_new`` False).
    """
    if not plan.applicable or plan.window_end is None:
        return []
    in_window = as_of <= plan.window_end
    horizon = as_of + dt.timedelta(days=SCREENING_LOOKAHEAD_DAYS)
    specs = []
    for entry in plan.entries:
        if entry.due is None or entry.due > horizon:
            continue
        panels = " and ".join(entry.panels)
        when = "at diagnosis" if entry.year == 0 else f"year {entry.year} after onset"
        reason = f"{plan.reason}. Screen {when}, {panels} panel: {entry.description}"
        if plan.notes:
            reason += f". {'. '.join(plan.notes)}"
        specs.append(
            ReminderSpec(
                "cancer_screening",
                f"screen-year-{entry.year}",
                entry.due,
                reason,
                plan.version,
                raise_new=in_window,
            )
        )
    return specs


def reconcile(
    stored: Sequence[StoredReminder],
    specs: Sequence[ReminderSpec],
    *,
    patient_id: int,
    as_of: dt.date,
    following: bool,
    plan: ReminderPlan,
) -> None:
    """Add to ``plan`` what turns one patient's stored reminders into ``specs``.

    Creates what is missing; updates the due date, reason or source of a pending
    reminder that changed; reopens a reminder a job closed if it applies again; closes
    a pending reminder that no longer applies. Reminders a person resolved stay as they
    are. ``notify_on`` moves only while the reminder has not yet been news.
    """
    by_key = {row.key: row for row in stored}
    wanted = {spec.key for spec in specs}
    for spec in specs:
        row = by_key.get(spec.key)
        if row is None:
            if not spec.raise_new:
                continue
            due = spec.due_date or as_of
            plan.create.append(NewReminder(patient_id, spec, due, max(due, as_of)))
            continue
        due = spec.due_date or row.due_date
        notify_on = row.notify_on if row.notify_on <= as_of else max(due, as_of)
        if row.status in PENDING:
            if (due, spec.reason, spec.source) != (row.due_date, row.reason, row.source):
                plan.change.append(Change(row.id, due, spec.reason, spec.source, notify_on))
        elif row.status == "done" and row.resolved_by_id is None:
            plan.change.append(
                Change(row.id, due, spec.reason, spec.source, max(due, as_of), reopen=True)
            )
    for row in stored:
        if row.status not in PENDING or row.key in wanted:
            continue
        if not following:
            reason = CLOSED_NOT_FOLLOWED
        elif row.kind == "follow_up":
            reason = CLOSED_LATER_VISIT
        else:
            reason = CLOSED_NO_LONGER_APPLIES
        plan.change.append(
            Change(row.id, row.due_date, row.reason, row.source, row.notify_on, close_reason=reason)
        )


def screening_recheck_days(plan: ScreeningPlan, *, as_of: dt.date) -> list[dt.date]:
    """Return the days after ``as_of`` on which ``screening_specs`` could change by itself."""
    days = [
        entry.due - dt.timedelta(days=SCREENING_LOOKAHEAD_DAYS)
        for entry in plan.entries
        if entry.due is not None
    ]
    if plan.window_end is not None:
        days.append(plan.window_end + dt.timedelta(days=1))
    return [day for day in days if day > as_of]
