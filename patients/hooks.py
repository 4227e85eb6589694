"""Work that a clinical write on a lower floor starts on a higher one, without imports that climb.

``patients`` and ``treatments`` record what the scores and the refractory evaluation read,
but those rules live in ``assessments``, a floor above. So the writing services announce
what went stale, and the higher app registers what to do about it in its
``AppConfig.ready()``:

    hooks.on_scores_stale(patient_scores_recompute)
    hooks.on_evaluation_stale(patient_schedule_reevaluation)

The callbacks run in the writer's transaction, in the order they were registered.
"""

from typing import Protocol

from patients.models import Patient


class ScoresStale(Protocol):
    def __call__(self, *, patient: Patient) -> object: ...


class EvaluationStale(Protocol):
    def __call__(self, *, patient_id: int) -> object: ...


_scores_stale: list[ScoresStale] = []
_evaluation_stale: list[EvaluationStale] = []


def on_scores_stale(callback: ScoresStale) -> None:
    """Call ``callback(patient=...)`` whenever a write changes what a patient's scores read."""
    if callback not in _scores_stale:
        _scores_stale.append(callback)


def on_evaluation_stale(callback: EvaluationStale) -> None:
    """Call ``callback(patient_id=...)`` whenever a write changes what the evaluation reads."""
    if callback not in _evaluation_stale:
        _evaluation_stale.append(callback)


def patient_scores_stale(*, patient: Patient) -> None:
    """Announce that the inputs of the patient's visit scores changed."""
    for callback in _scores_stale:
        callback(patient=patient)


def patient_evaluation_stale(*, patient_id: int) -> None:
    """Announce that the inputs of the patient's refractory evaluation changed."""
    for callback in _evaluation_stale:
        callback(patient_id=patient_id)
