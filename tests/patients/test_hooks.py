"""The hooks through which a write in patients or treatments starts work in assessments."""

import pytest

from assessments.services.refractory import patient_schedule_reevaluation
from assessments.services.scores import patient_scores_recompute
from patients import hooks


def test_assessments_rescores_and_reevaluates_after_a_clinical_write() -> None:
    assert hooks._scores_stale == [patient_scores_recompute]
    assert hooks._evaluation_stale == [patient_schedule_reevaluation]


def test_a_callback_registered_twice_runs_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(hooks, "_evaluation_stale", [])
    seen: list[int] = []

    def note(*, patient_id: int) -> None:
        seen.append(patient_id)

    hooks.on_evaluation_stale(note)
    hooks.on_evaluation_stale(note)
    hooks.patient_evaluation_stale(patient_id=7)
    assert seen == [7]
