"""The nightly sweep: every patient in follow-up, re-evaluated in chunks by the workers.

A sweep is a ``SweepRun`` and its ``SweepChunk`` rows, written before any task is sent.
Chunks finish in the transaction that writes their results, so the database always
knows which chunks are left: ``sweep_resume`` sends them again when a worker died with
one (SIGKILL, out of memory, a broker that lost the message). Sending a chunk twice is
harmless: the second delivery finds it finished and does nothing.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from functools import partial

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from assessments.models import EvaluationTrigger, SweepChunk, SweepRun
from assessments.selectors.sweep import active_patient_ids
from assessments.services.refractory import Outcome, patients_reevaluate
from assessments.services.reminders import reminders_close_unfollowed
from infra.dispatch import task_send

logger = logging.getLogger(__name__)

DEFAULT_CHUNK_SIZE = 500
RESUME_LOOKBACK = dt.timedelta(days=2)


def _send(chunks: Sequence[SweepChunk], as_of: dt.date) -> None:
    for chunk in chunks:
        task_send("assessments.sweep_chunk", args=[chunk.patient_ids, as_of.isoformat(), chunk.pk])


def sweep_start(
    *, as_of: dt.date | None = None, chunk_size: int = DEFAULT_CHUNK_SIZE, send: bool = True
) -> SweepRun:
    """Record a sweep of every patient in follow-up and send its chunks to the workers.

    Also closes the pending reminders of patients who left follow-up, since the chunks
    only cover patients in follow-up. With ``send`` False the chunks are only recorded
    (run them with ``sweep_chunk_run``, or let ``sweep_resume`` send them).
    """
    if chunk_size < 1:
        raise ValueError("chunk_size must be at least 1")
    as_of = as_of or timezone.localdate()
    now = timezone.now()
    reminders_close_unfollowed()
    ids = active_patient_ids()
    slices = [ids[start : start + chunk_size] for start in range(0, len(ids), chunk_size)]
    with transaction.atomic():
        run = SweepRun.objects.create(
            as_of=as_of,
            started_at=now,
            finished_at=now if not slices else None,
            patient_count=len(ids),
            chunk_count=len(slices),
        )
        chunks = SweepChunk.objects.bulk_create(
            SweepChunk(run=run, index=index, patient_ids=part, dispatched_at=now)
            for index, part in enumerate(slices)
        )
        if send:
            transaction.on_commit(lambda: _send(chunks, as_of))
    return run


def sweep_chunk_run(
    *, patient_ids: Sequence[int], as_of: dt.date, chunk_id: int | None = None
) -> Outcome:
    """Re-evaluate one chunk of a sweep, then finish the run if it was the last chunk."""
    outcome = patients_reevaluate(
        patient_ids=patient_ids,
        as_of=as_of,
        trigger=EvaluationTrigger.SWEEP,
        chunk_id=chunk_id,
        only_due=True,
    )
    if chunk_id is not None and not outcome.skipped:
        run_id = SweepChunk.objects.filter(pk=chunk_id).values_list("run_id", flat=True).get()
        sweep_finish_if_done(run_id=run_id)
    return outcome


def sweep_run_inline(
    *, as_of: dt.date | None = None, chunk_size: int = DEFAULT_CHUNK_SIZE
) -> SweepRun:
    """Run a whole sweep in this process, chunk after chunk (no broker, no worker)."""
    as_of = as_of or timezone.localdate()
    run = sweep_start(as_of=as_of, chunk_size=chunk_size, send=False)
    for chunk in run.chunks.order_by("index"):
        sweep_chunk_run(patient_ids=chunk.patient_ids, as_of=as_of, chunk_id=chunk.pk)
    run.refresh_from_db()
    return run


def sweep_finish_if_done(*, run_id: int) -> bool:
    """Mark the run finished once no chunk is left; True if this call finished it.

    Run after each chunk's commit: whichever chunk commits last sees none left.
    """
    unfinished = SweepChunk.objects.filter(run=OuterRef("pk"), finished_at__isnull=True)
    return bool(
        SweepRun.objects.filter(pk=run_id, finished_at__isnull=True)
        .filter(~Exists(unfinished))
        .update(finished_at=timezone.now())
    )


def sweep_resume(*, older_than: dt.timedelta = dt.timedelta(minutes=15)) -> int:
    """Send again the unfinished chunks of recent sweeps sent more than ``older_than`` ago.

    Returns how many chunks were sent. Called when a worker starts (``older_than`` 0: a
    chunk that was running when the previous worker died is picked up at once) and
    periodically by beat. A chunk locked by a worker processing it right now is left
    alone (``skip_locked``).
    """
    now = timezone.now()
    with transaction.atomic():
        chunks = list(
            SweepChunk.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("run")
            .filter(
                finished_at__isnull=True,
                run__finished_at__isnull=True,
                run__started_at__gte=now - RESUME_LOOKBACK,
                dispatched_at__lte=now - older_than,
            )
            .order_by("run_id", "index")
        )
        SweepChunk.objects.filter(pk__in=[chunk.pk for chunk in chunks]).update(dispatched_at=now)
        by_day: dict[dt.date, list[SweepChunk]] = {}
        for chunk in chunks:
            by_day.setdefault(chunk.run.as_of, []).append(chunk)
        for as_of, part in by_day.items():
            transaction.on_commit(partial(_send, part, as_of))
    if chunks:
        logger.warning("Re-sent %d unfinished sweep chunks", len(chunks))
    return len(chunks)
