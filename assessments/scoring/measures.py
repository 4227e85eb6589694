"""Hold the IMACS core set measures of one visit and total the MMT-8.

Source: clinical-rules.md §1; IMACS Disease Activity Core Set Measures (Rider LG et al.,
Arthritis Care Res 2011;63 Suppl 11:S118).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from functools import lru_cache
from types import MappingProxyType

from assessments.scoring.codes import ENZYME_CODES, MMT8_GROUPS, MMT8_MAX, MmtVariant

_EMPTY_ENZYMES: Mapping[str, tuple[float, float]] = MappingProxyType({})
_BILLION = 10**9


@lru_cache(maxsize=8192, typed=True)
def exact(value: float) -> Fraction:
    """Return the decimal value the user entered as an exact fraction.

    ``Fraction(repr(x))`` reads the shortest decimal that round-trips the float, so 4.5,
    0.1 or 1e-05 become exactly 9/2, 1/10 and 1/100000 and band edges compare exactly.
    Source: clinical-rules.md §2 (a value exactly on a band edge must land on the edge).
    Cached (typed, so 1 and 1.0 stay apart): parsing the decimal is the slow part.
    """
    if isinstance(value, int):
        return Fraction(value)
    return Fraction(repr(float(value)))


def to_float(value: Fraction) -> float:
    """Return an exact percentage as a float, rounded to 9 places (±inf if too large).

    Source: clinical-rules.md §2 (display only; bands are decided on the exact value).
    The same as ``float(round(value, 9))`` (half to even), in integers: this runs for
    every measure of every patient in a sweep.
    """
    numerator, denominator = value.as_integer_ratio()
    shifted, remainder = divmod(numerator * _BILLION, denominator)
    if remainder * 2 > denominator or (remainder * 2 == denominator and shifted % 2):
        shifted += 1
    try:
        return shifted / _BILLION
    except OverflowError:
        return float("inf") if value > 0 else float("-inf")


def percent_of(change: Fraction, whole: Fraction | int) -> Fraction:
    """Return ``change`` as an exact percentage of ``whole`` (not 0).

    Built as one fraction rather than through ``change / whole * 100``'s intermediates.
    """
    return Fraction(
        100 * change.numerator * whole.denominator, change.denominator * whole.numerator
    )


def _check_grade(group: str, grade: object) -> int:
    if isinstance(grade, bool) or not isinstance(grade, int):
        raise TypeError(f"MMT-8 grade for {group} must be an integer 0-10, got {grade!r}")
    if not 0 <= grade <= 10:
        raise ValueError(f"MMT-8 grade for {group} must be 0-10, got {grade}")
    return grade


def mmt8_total(scores: Mapping[str, int | tuple[int, int]], variant: MmtVariant) -> int:
    """Total the eight Kendall 0-10 MMT-8 grades of one examination.

    Source: clinical-rules.md §1 (IMACS MMT-8). ``scores`` maps each group of
    ``MMT8_GROUPS`` to a grade. For ``"unilateral"`` every value is one int (max 80).
    For ``"bilateral"`` ``neck_flexors`` is one int (axial, tested once) and every other
    group is a ``(left, right)`` tuple of ints (max 150). A trace ("T") grade is entered
    as 0. Grades 0 and 10 are both valid (the range is closed at both ends).

    Raises ValueError naming the muscle group for a missing group, an unknown group, a
    grade outside 0-10, or a value of the wrong shape for the variant.
    """
    if variant not in MMT8_MAX:
        raise ValueError(f"MMT-8 variant must be 'unilateral' or 'bilateral', got {variant!r}")
    unknown = sorted(set(scores) - set(MMT8_GROUPS))
    if unknown:
        raise ValueError(f"unknown MMT-8 muscle group(s): {', '.join(unknown)}")
    total = 0
    for group in MMT8_GROUPS:
        if group not in scores:
            raise ValueError(f"MMT-8 grade missing for muscle group {group}")
        value = scores[group]
        if variant == "unilateral" or group == "neck_flexors":
            if isinstance(value, tuple):
                raise ValueError(f"MMT-8 grade for {group} must be a single grade for {variant}")
            total += _check_grade(group, value)
        else:
            if not isinstance(value, tuple) or len(value) != 2:
                raise ValueError(f"MMT-8 grade for {group} must be a (left, right) pair")
            total += _check_grade(f"{group} (left)", value[0])
            total += _check_grade(f"{group} (right)", value[1])
    return total


def _check_range(name: str, value: float | None, high: float) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"{name} must be a number, got {value!r}")
    if not 0 <= value <= high:
        raise ValueError(f"{name} must be between 0 and {high:g}, got {value!r}")


@dataclass(frozen=True)
class CoreSetMeasures:
    """The six IMACS core set measures recorded at one visit (any may be missing).

    Globals are 10 cm VAS values 0-10, ``haq`` is HAQ-DI/CHAQ 0-3, ``mmt8`` is the total
    and ``mmt8_max`` says which variant it is (80 unilateral, 150 bilateral; required
    whenever ``mmt8`` is given). ``enzymes`` maps an enzyme code to ``(value, uln)`` in
    the lab's own unit. Source: clinical-rules.md §1.
    """

    physician_global: float | None = None
    patient_global: float | None = None
    extramuscular_global: float | None = None
    haq: float | None = None
    mmt8: int | None = None
    mmt8_max: int | None = None
    enzymes: Mapping[str, tuple[float, float]] = field(default_factory=lambda: _EMPTY_ENZYMES)

    def __post_init__(self) -> None:
        """Reject out-of-range values with a ValueError naming the field."""
        _check_range("physician_global", self.physician_global, 10)
        _check_range("patient_global", self.patient_global, 10)
        _check_range("extramuscular_global", self.extramuscular_global, 10)
        _check_range("haq", self.haq, 3)
        if self.mmt8_max is not None and self.mmt8_max not in (80, 150):
            raise ValueError(f"mmt8_max must be 80 or 150, got {self.mmt8_max!r}")
        if self.mmt8 is not None:
            if isinstance(self.mmt8, bool) or not isinstance(self.mmt8, int):
                raise TypeError(f"mmt8 must be an integer total, got {self.mmt8!r}")
            if self.mmt8_max is None:
                raise ValueError("mmt8_max (80 or 150) is required when mmt8 is given")
            if not 0 <= self.mmt8 <= self.mmt8_max:
                raise ValueError(f"mmt8 must be between 0 and {self.mmt8_max}, got {self.mmt8}")
        enzymes: dict[str, tuple[float, float]] = {}
        for code, pair in self.enzymes.items():
            if code not in ENZYME_CODES:
                raise ValueError(f"enzymes: unknown enzyme code {code!r}")
            value, uln = pair
            _check_range(f"enzymes[{code}] value", value, float("inf"))
            if isinstance(uln, bool) or not isinstance(uln, (int, float)) or not uln > 0:
                raise ValueError(f"enzymes[{code}] upper limit of normal must be > 0")
            if value == float("inf") or uln == float("inf"):
                raise ValueError(f"enzymes[{code}] must be finite")
            enzymes[code] = (value, uln)
        object.__setattr__(self, "enzymes", MappingProxyType(enzymes))

    @property
    def mmt8_variant(self) -> MmtVariant | None:
        """Return "unilateral" or "bilateral" for the recorded MMT-8 total, else None."""
        if self.mmt8 is None or self.mmt8_max is None:
            return None
        return "unilateral" if self.mmt8_max == 80 else "bilateral"


def check_same_mmt_variant(baseline: CoreSetMeasures, followup: CoreSetMeasures) -> None:
    """Raise ValueError when both visits have an MMT-8 total of different variants.

    Source: clinical-rules.md §1 ("a score never silently mixes variants"). A visit with
    no MMT-8 total never conflicts.
    """
    first, second = baseline.mmt8_variant, followup.mmt8_variant
    if first is not None and second is not None and first != second:
        raise ValueError(
            f"MMT-8 variants differ (baseline {first}, follow-up {second}); "
            "scores never mix unilateral and bilateral totals"
        )


def select_enzyme(baseline: CoreSetMeasures, followup: CoreSetMeasures) -> str | None:
    """Choose the enzyme most abnormal at baseline among those present at both visits.

    Source: clinical-rules.md §2 (project reading). "Most abnormal" is the highest
    value / ULN at baseline; a tie goes to the earlier code in ``ENZYME_CODES``
    (CK, LDH, aldolase, ALT, AST). Returns None when no enzyme is present at both visits.
    """
    best: str | None = None
    best_ratio = Fraction(-1)
    for code in ENZYME_CODES:
        if code in baseline.enzymes and code in followup.enzymes:
            value, uln = baseline.enzymes[code]
            ratio = exact(value) / exact(uln)
            if ratio > best_ratio:
                best, best_ratio = code, ratio
    return best


def measure_value(measures: CoreSetMeasures, name: str, enzyme: str | None) -> float | None:
    """Return one core set measure by its name in ``MEASURE_NAMES`` (enzyme by code).

    Source: clinical-rules.md §1. Returns None when the measure was not recorded.
    """
    if name == "enzyme":
        if enzyme is None or enzyme not in measures.enzymes:
            return None
        return measures.enzymes[enzyme][0]
    value: float | None = getattr(measures, name)
    return value
