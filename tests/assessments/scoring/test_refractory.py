"""Tests for the refractory evaluation (clinical-rules.md §8)."""

from __future__ import annotations

import datetime as dt

import pytest

from assessments.scoring import (
    CoreSetMeasures,
    TherapyCourse,
    Visit,
    add_months,
    adequate_therapy_start,
    refractory_status,
)
from assessments.scoring.refractory import whole_months_between

D = dt.date
ACTIVE = CoreSetMeasures(
    physician_global=6.0,
    patient_global=7.0,
    mmt8=110,
    mmt8_max=150,
    haq=1.5,
    enzymes={"ck": (3000.0, 200.0)},
    extramuscular_global=4.0,
)
BETTER = CoreSetMeasures(
    physician_global=3.5,
    patient_global=5.0,
    mmt8=125,
    mmt8_max=150,
    haq=1.0,
    enzymes={"ck": (1200.0, 200.0)},
    extramuscular_global=2.0,
)
PREDNISOLONE = TherapyCourse("prednisolone", "glucocorticoid", D(2024, 1, 1))
METHOTREXATE = TherapyCourse("methotrexate", "conventional_immunosuppressant", D(2024, 1, 15))
COURSES = (PREDNISOLONE, METHOTREXATE)
BASELINE = Visit(D(2024, 1, 10), ACTIVE)


def test_improvement_at_the_window_end_is_responding() -> None:
    visits = [BASELINE, Visit(D(2024, 4, 15), BETTER)]
    result = refractory_status(visits, COURSES, as_of=D(2024, 4, 15))
    assert result.status == "responding"
    assert result.adequate_since == D(2024, 1, 15)
    assert result.window_end == D(2024, 4, 15)
    assert result.baseline_date == D(2024, 1, 10)
    assert result.followup_date == D(2024, 4, 15)
    assert result.tis is not None and result.tis.total == 57.5
    assert result.reason == (
        "Improving after 3 months of prednisolone + methotrexate: "
        "TIS 57.5 (moderate), IMACS DOI met"
    )
    assert result.courses_used == COURSES
    assert result.version == "refractory-2024.1"
    assert result.parameters["window_months"] == 3


def test_no_improvement_after_3_months_is_refractory() -> None:
    visits = [BASELINE, Visit(D(2024, 4, 20), ACTIVE)]
    result = refractory_status(visits, COURSES, as_of=D(2024, 5, 1))
    assert result.status == "refractory"
    assert result.reason == (
        "No improvement after 3 months of prednisolone + methotrexate: "
        "TIS 0 (none), IMACS DOI not met"
    )
    assert result.doi is not None and not result.doi.met


def test_no_improvement_after_a_6_month_window_is_refractory() -> None:
    slightly_better = CoreSetMeasures(**{**ACTIVE.__dict__, "physician_global": 5.0})
    visits = [BASELINE, Visit(D(2024, 4, 15), BETTER), Visit(D(2024, 7, 20), slightly_better)]
    result = refractory_status(visits, COURSES, as_of=D(2024, 8, 1), window_months=6)
    assert result.status == "refractory"
    assert result.window_end == D(2024, 7, 15)
    assert result.followup_date == D(2024, 7, 20)
    assert result.tis is not None and result.tis.total == 7.5
    assert result.reason.startswith("No improvement after 6 months of")
    assert result.parameters["window_months"] == 6


def test_a_6_month_window_is_not_yet_evaluable_at_4_months() -> None:
    visits = [BASELINE, Visit(D(2024, 5, 15), ACTIVE)]
    result = refractory_status(visits, COURSES, as_of=D(2024, 5, 20), window_months=6)
    assert result.status == "not_yet_evaluable"
    assert result.reason == (
        "Window not reached: 6 months of prednisolone + methotrexate since 2024-01-15 "
        "end on 2024-07-15"
    )
    assert result.tis is None


def test_the_day_before_the_window_end_is_not_yet_evaluable() -> None:
    visits = [BASELINE, Visit(D(2024, 4, 14), ACTIVE)]
    result = refractory_status(visits, COURSES, as_of=D(2024, 4, 14))
    assert result.status == "not_yet_evaluable"


def test_the_window_end_day_itself_is_evaluable() -> None:
    visits = [BASELINE, Visit(D(2024, 4, 15), ACTIVE)]
    result = refractory_status(visits, COURSES, as_of=D(2024, 4, 15))
    assert result.status == "refractory"


def test_a_partner_stopped_for_intolerance_counts_as_tried() -> None:
    stopped = TherapyCourse(
        "azathioprine",
        "conventional_immunosuppressant",
        D(2024, 1, 15),
        stop=D(2024, 2, 1),
        stop_reason="adverse_event",
    )
    visits = [BASELINE, Visit(D(2024, 5, 1), ACTIVE)]
    result = refractory_status(visits, (PREDNISOLONE, stopped), as_of=D(2024, 5, 1))
    assert result.adequate_since == D(2024, 1, 15)
    assert result.status == "refractory"
    assert result.courses_used == (PREDNISOLONE, stopped)


def test_ivig_with_a_glucocorticoid_is_adequate_therapy() -> None:
    ivig = TherapyCourse("IVIG", "ivig", D(2024, 2, 1))
    assert adequate_therapy_start((PREDNISOLONE, ivig), as_of=D(2024, 6, 1)) == D(2024, 2, 1)


@pytest.mark.parametrize(
    "courses",
    [
        pytest.param((PREDNISOLONE,), id="glucocorticoid_alone"),
        pytest.param((METHOTREXATE,), id="immunosuppressant_alone"),
        pytest.param(
            (PREDNISOLONE, TherapyCourse("atorvastatin", "statin", D(2024, 1, 1))),
            id="glucocorticoid_with_statin",
        ),
        pytest.param(
            (
                TherapyCourse("prednisolone", "glucocorticoid", D(2024, 3, 1)),
                TherapyCourse(
                    "methotrexate",
                    "conventional_immunosuppressant",
                    D(2024, 1, 1),
                    stop=D(2024, 2, 28),
                    stop_reason="ineffective",
                ),
            ),
            id="courses_that_never_overlapped",
        ),
        pytest.param(
            (PREDNISOLONE, TherapyCourse("rituximab", "biologic", D(2025, 1, 1))),
            id="partner_starting_after_as_of",
        ),
    ],
)
def test_without_adequate_therapy_data_is_insufficient(courses: tuple[TherapyCourse, ...]) -> None:
    visits = [BASELINE, Visit(D(2024, 6, 1), ACTIVE)]
    result = refractory_status(visits, courses, as_of=D(2024, 6, 1))
    assert result.status == "insufficient_data"
    assert result.reason.startswith("No adequate therapy recorded")
    assert result.adequate_since is None


def test_courses_meeting_on_one_day_overlap() -> None:
    steroid = TherapyCourse("prednisolone", "glucocorticoid", D(2024, 1, 1), stop=D(2024, 3, 1))
    partner = TherapyCourse("tacrolimus", "calcineurin_inhibitor", D(2024, 3, 1))
    assert adequate_therapy_start((steroid, partner), as_of=D(2024, 6, 1)) == D(2024, 3, 1)


def test_the_earliest_overlap_starts_adequate_therapy() -> None:
    later = TherapyCourse("mycophenolate", "conventional_immunosuppressant", D(2024, 3, 1))
    courses = (later, PREDNISOLONE, METHOTREXATE)
    assert adequate_therapy_start(courses, as_of=D(2024, 6, 1)) == D(2024, 1, 15)


def test_no_visit_before_adequate_therapy_means_no_baseline() -> None:
    visits = [Visit(D(2024, 2, 1), ACTIVE), Visit(D(2024, 5, 1), ACTIVE)]
    result = refractory_status(visits, COURSES, as_of=D(2024, 5, 1))
    assert result.status == "insufficient_data"
    assert result.reason == (
        "No baseline visit on or before the start of adequate therapy (2024-01-15)"
    )


def test_no_visit_after_the_window_end_means_no_follow_up() -> None:
    visits = [BASELINE, Visit(D(2024, 3, 1), ACTIVE)]
    result = refractory_status(visits, COURSES, as_of=D(2024, 6, 1))
    assert result.status == "insufficient_data"
    assert result.reason == "No follow-up visit between 2024-04-15 and 2024-06-01"
    assert result.baseline_date == D(2024, 1, 10)


def test_visits_after_as_of_are_ignored() -> None:
    visits = [BASELINE, Visit(D(2024, 5, 1), ACTIVE), Visit(D(2024, 9, 1), BETTER)]
    result = refractory_status(visits, COURSES, as_of=D(2024, 6, 1))
    assert result.followup_date == D(2024, 5, 1)
    assert result.status == "refractory"


def test_the_latest_follow_up_and_nearest_baseline_are_used() -> None:
    visits = [
        Visit(D(2023, 6, 1), BETTER),
        BASELINE,
        Visit(D(2024, 4, 20), BETTER),
        Visit(D(2024, 6, 1), ACTIVE),
    ]
    result = refractory_status(visits, COURSES, as_of=D(2024, 7, 1))
    assert result.baseline_date == D(2024, 1, 10)
    assert result.followup_date == D(2024, 6, 1)
    assert result.status == "refractory"


@pytest.mark.parametrize("window_months", [2, 7, 0, -3])
def test_window_outside_3_to_6_months_raises(window_months: int) -> None:
    with pytest.raises(ValueError, match="window_months"):
        refractory_status([BASELINE], COURSES, as_of=D(2024, 6, 1), window_months=window_months)


def test_tis_exactly_minimal_is_responding_for_adults_but_not_juveniles() -> None:
    baseline = CoreSetMeasures(physician_global=7.0, patient_global=5.0)
    followup = CoreSetMeasures(physician_global=2.0, patient_global=5.0)
    visits = [Visit(D(2024, 1, 10), baseline), Visit(D(2024, 4, 15), followup)]
    adult = refractory_status(visits, COURSES, as_of=D(2024, 4, 15))
    juvenile = refractory_status(visits, COURSES, as_of=D(2024, 4, 15), population="juvenile")
    assert adult.tis is not None and adult.tis.total == 20
    assert adult.status == "responding"
    assert juvenile.status == "refractory"
    assert juvenile.parameters["tis_minimal"] == 30


def test_doi_met_with_tis_below_minimal_is_responding() -> None:
    baseline = CoreSetMeasures(physician_global=1.0, patient_global=1.0, extramuscular_global=1.0)
    followup = CoreSetMeasures(physician_global=0.6, patient_global=0.6, extramuscular_global=0.6)
    visits = [Visit(D(2024, 1, 10), baseline), Visit(D(2024, 4, 15), followup)]
    result = refractory_status(visits, COURSES, as_of=D(2024, 4, 15))
    assert result.tis is not None and result.tis.category == "none"
    assert result.doi is not None and result.doi.met
    assert result.status == "responding"


def test_missing_follow_up_measures_are_named_in_the_reason() -> None:
    followup = CoreSetMeasures(physician_global=6.0, patient_global=7.0)
    visits = [BASELINE, Visit(D(2024, 4, 20), followup)]
    result = refractory_status(visits, COURSES, as_of=D(2024, 5, 1))
    assert result.status == "refractory"
    assert result.tis is not None and not result.tis.complete
    assert result.reason.endswith(
        "(incomplete: missing MMT-8, HAQ/CHAQ, Muscle enzyme, Extramuscular activity)"
    )


def test_no_shared_measure_is_insufficient_data() -> None:
    visits = [BASELINE, Visit(D(2024, 4, 20), CoreSetMeasures())]
    result = refractory_status(visits, COURSES, as_of=D(2024, 5, 1))
    assert result.status == "insufficient_data"
    assert result.reason == "No core set measure recorded at both baseline and follow-up"


def test_mixed_mmt_variants_are_insufficient_data() -> None:
    followup = CoreSetMeasures(mmt8=70, mmt8_max=80)
    visits = [BASELINE, Visit(D(2024, 4, 20), followup)]
    result = refractory_status(visits, COURSES, as_of=D(2024, 5, 1))
    assert result.status == "insufficient_data"
    assert "variants differ" in result.reason


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (D(2024, 1, 31), 1, D(2024, 2, 29)),
        (D(2023, 11, 30), 3, D(2024, 2, 29)),
        (D(2023, 8, 31), 6, D(2024, 2, 29)),
        (D(2024, 10, 15), 3, D(2025, 1, 15)),
    ],
)
def test_window_end_adds_calendar_months_and_clamps_the_day(
    start: dt.date, months: int, expected: dt.date
) -> None:
    assert add_months(start, months) == expected


@pytest.mark.parametrize(
    ("end", "months"),
    [(D(2024, 7, 14), 5), (D(2024, 7, 15), 6), (D(2025, 1, 14), 11), (D(2024, 1, 15), 0)],
)
def test_whole_months_count_a_day_exactly_n_months_later_as_n(end: dt.date, months: int) -> None:
    assert whole_months_between(D(2024, 1, 15), end) == months
